"""The generated inbox the cookbook tests run on (tests/test_cookbook.py), with its truth.

Invented reports only (pipelines.samples): departments reporting over several years, one that
stops reporting, a report whose parts don't add up, a grade that contradicts its score, project
reports, a look-alike, the same file twice, and a corrected version of a report (a later date and
a changed score) that must replace the original.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pipelines.samples import generate_report, to_json

# (file stem, region code, department kind, report kind, fiscal year, rule broken on purpose). A stem and
# region pair is one department; its reports of different years have different figures.
REPORTS: tuple[tuple[str, str | None, str, str, int, str | None], ...] = (
    ("a", "520602", "科学技术局", "department_overall", 2021, None),
    ("a", "520602", "科学技术局", "department_overall", 2022, None),
    ("a", "520602", "科学技术局", "department_overall", 2023, None),
    ("b", "510500", "教育局", "department_overall", 2021, None),
    ("b", "510500", "教育局", "department_overall", 2022, "basic_equals_personnel_plus_public"),
    ("c", "361021", "农业农村局", "department_overall", 2022, "sangong_components_sum"),
    ("d", "130927", "文化广电旅游局", "department_overall", 2023, "grade_matches_score"),
    ("a-project", "520602", "科学技术局", "project", 2022, None),
    ("e-project", "140225", "科学技术局", "project", 2023, None),
    ("look-alike", None, "科学技术局", "other", 2022, None),
)
CORRECTED = ("b", 2022)  # gets a second, corrected version
DUPLICATED = ("a", 2021)  # copied under a second name


@dataclass
class Corpus:
    raw: Path
    truths: dict[str, dict[str, Any]]  # file name -> truth, for the files that should be current
    replaced: str  # file name of the version the correction replaces
    corrected: str  # file name of the correction
    duplicate: str  # file name of the byte-identical copy


def write_corpus(raw: Path) -> Corpus:
    """Write the inbox; truths name the reports the warehouse should hold (current versions)."""
    raw.mkdir(parents=True, exist_ok=True)
    truths: dict[str, dict[str, Any]] = {}
    replaced = corrected = duplicate = ""
    for stem, region_code, dept, kind, year, rule in REPORTS:
        options: dict[str, Any] = {"kind": kind, "year": year, "dept": dept, "region_code": region_code, "rule": rule}
        text, truth = generate_report(f"cookbook-{stem}-{year}", **options)
        name = f"{stem}-{year}.txt"
        (raw / name).write_text(text, encoding="utf-8")
        truths[name] = truth
        if (stem, year) == DUPLICATED:
            duplicate = f"zz-copy of {name}"
            (raw / duplicate).write_text(text, encoding="utf-8")
        if (stem, year) == CORRECTED:
            replaced, corrected = name, f"{stem}-{year}-corrected.txt"
            fixed_text, fixed_truth = correct(text, truth)
            (raw / corrected).write_text(fixed_text, encoding="utf-8")
            truths[corrected] = fixed_truth
            del truths[replaced]
    (raw / ".truth.json").write_text(to_json(truths), encoding="utf-8")  # hidden: not in the inbox
    return Corpus(raw, truths, replaced, corrected, duplicate)


def correct(text: str, truth: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A corrected re-issue: dated at the end of the following year, self-score raised by one point."""
    report = dict(truth["report"])
    later = dt.date(report["fiscal_year"] + 1, 12, 30)
    later_text = f"{later.year}年{later.month}月{later.day}日"
    text = text.replace(report["report_date_text"], later_text)
    score = next(a for a in truth["amounts"] if a["measure"] == "self_score")
    old, new = str(score["value"]), str(score["value"] + 1)
    text = text.replace(score["source_text"], score["source_text"].replace(old, new))
    report.update(report_date=later.isoformat(), report_date_text=later_text, self_score=Decimal(new))
    return text, {**truth, "report": report}
