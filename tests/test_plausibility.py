"""Plausibility bounds per administrative level (expectations/plausibility.yml), validated with
real Great Expectations on a real DuckDB file holding the tables the suite reads.

For every level — national, province, city, county, town, and unknown — a figure just under
the ceiling passes the critical check, one just over it is held back, the absurd
480567000000万元 is held back, and a figure ten times a typical department's spending is a
warning that names the 元/万元 mix-up. The ceilings must stay above the largest real budget
of their level (the public figures in expectations/README.md) and far below absurd values.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines import quarantine
from pipelines.quality import ValidationOutcome, load_suites, validate
from pipelines.quality.suites import Suite
from pipelines.settings import Settings

LEVELS = ["national", "province", "city", "county", "town", None]
ABSURD = Decimal("480567000000") * 10_000  # 480567000000万元 in yuan
# The largest whole general public budget of each level (yuan; expectations/README.md): a
# ceiling below it would hold back real reports.
LARGEST_REAL_BUDGET = {"national": 2.85e13, "province": 1.85e12, "city": 9.7e11, "county": 2.0e11, "town": 1.0e10}


def plausibility() -> Suite:
    return next(s for s in load_suites() if s.name == "plausibility")


def bounds(severity: str) -> dict[str | None, float]:
    """Level -> max_value of the suite's expectations of that severity (None: unknown level)."""
    found: dict[str | None, float] = {}
    for spec in plausibility().expectations:
        if spec.severity != severity:
            continue
        (cond,) = [c for c in spec.where if c.column == "admin_level"]
        level = cond.value if cond.op == "==" else None
        assert level in LEVELS and level not in found, cond
        found[level] = float(spec.kwargs["max_value"])
    assert set(found) == set(LEVELS), f"{severity} bounds missing for {set(LEVELS) - set(found)}"
    return found


def rid(case: str, level: str | None) -> str:
    return f"{case}-{level or 'unknown'}"


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> ValidationOutcome:
    base = tmp_path_factory.mktemp("plausibility")
    db = base / "built.duckdb"
    ceilings, warn_at = bounds("critical"), bounds("warning")
    reports, amounts, projects = [], [], []
    for level in LEVELS:
        values = {
            "typical": Decimal(str(warn_at[level])) / 2,
            "warn": Decimal(str(warn_at[level])) * 2,
            "under": Decimal(str(ceilings[level])) * Decimal("0.99"),
            "over": Decimal(str(ceilings[level])) * Decimal("1.01"),
            "absurd": ABSURD,
        }
        for case, value in values.items():
            report_id = rid(case, level)
            reports.append((report_id, f"{report_id}.txt", level))
            amounts.append((report_id, f"{report_id}#1", "money", value, "元", f"支出总额{value}元",
                            f"本局{case}年度支出总额{value}元。"))
            amounts.append((report_id, f"{report_id}#2", "rate", Decimal(99), "%", "执行率99%", "预算执行率99%。"))
        report_id = rid("project", level)  # a project-table cell above the ceiling
        reports.append((report_id, f"{report_id}.txt", level))
        projects.append((report_id, "科普基地建设", "table 2 row 3", None, None, ABSURD / 10_000, None, None, None))
    with duckdb.connect(str(db)) as con:
        con.execute("create table dim_report (report_id varchar, source_file varchar, admin_level varchar)")
        con.execute("create table fct_budget_amounts (report_id varchar, amount_id varchar, kind varchar,"
                    " value decimal(24, 4), source_unit varchar, source_text varchar, sentence varchar)")
        con.execute("create table fct_projects (report_id varchar, project_name varchar, location varchar,"
                    " approved_wan_yuan decimal(24, 8), adjusted_wan_yuan decimal(24, 8),"
                    " executed_wan_yuan decimal(24, 8), received_wan_yuan decimal(24, 8),"
                    " local_budget_wan_yuan decimal(24, 8), local_executed_wan_yuan decimal(24, 8))")
        con.executemany("insert into dim_report values (?, ?, ?)", reports)
        con.executemany("insert into fct_budget_amounts values (?, ?, ?, ?, ?, ?, ?)", amounts)
        con.executemany("insert into fct_projects values (?, ?, ?, ?, ?, ?, ?, ?, ?)", projects)
    settings = Settings(raw_dir=base, warehouse_dir=base / "warehouse")
    return validate(settings, db, "plausibility-test", suites=[plausibility()], write_docs=False)


def test_ceilings_are_above_every_real_budget_of_their_level_and_far_below_absurd_values() -> None:
    ceilings, warn_at = bounds("critical"), bounds("warning")
    for level, largest in LARGEST_REAL_BUDGET.items():
        assert largest < ceilings[level] < float(ABSURD) / 10, level
        assert warn_at[level] < ceilings[level], level
    ordered = [ceilings[level] for level in ("town", "county", "city", "province", "national")]
    assert ordered == sorted(ordered)
    assert ceilings[None] == max(ceilings.values())  # an unknown level gets the most permissive ceiling


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_holds_back_figures_above_its_ceiling(outcome: ValidationOutcome, level: str | None) -> None:
    held = outcome.failing_report_ids("critical")
    assert rid("over", level) in held
    assert rid("absurd", level) in held
    assert rid("project", level) in held
    assert rid("under", level) not in held
    assert rid("warn", level) not in held
    assert rid("typical", level) not in held


@pytest.mark.parametrize("level", LEVELS)
def test_each_level_warns_ten_times_beyond_a_typical_department(outcome: ValidationOutcome, level: str | None) -> None:
    warned = outcome.failing_report_ids("warning")
    assert rid("warn", level) in warned
    assert rid("typical", level) not in warned
    reasons = [r.reason for r in outcome.failures("warning") if rid("warn", level) in r.report_ids]
    assert reasons and all("元/万元 mix-up" in (reason or "") for reason in reasons)


def test_the_reason_shows_the_figure_its_sentence_and_the_bound(outcome: ValidationOutcome) -> None:
    reason = quarantine.reasons_by_report(outcome)[rid("absurd", "county")]
    assert reason.startswith(quarantine.QUALITY_PREFIX)
    assert f"«支出总额{ABSURD}元» = 4.81×10¹⁵ 元" in reason
    assert f"in “本局absurd年度支出总额{ABSURD}元。”" in reason
    assert "ceiling for a county department, 3×10¹¹ 元" in reason and "value ≤ 3×10¹¹" in reason
    project = quarantine.reasons_by_report(outcome)[rid("project", "city")]
    assert "«科普基地建设 executed_wan_yuan» = 4.81×10¹⁵ 元" in project and "table 2 row 3" in project
    # written in 万元: what it would be in 元, and whether that fits the level
    assert "written in 万元: read as 元 it would be 4.81×10¹¹ 元, within the bound: most likely a 元/万元 mix-up" in project
    county = quarantine.reasons_by_report(outcome)[rid("project", "county")]
    assert "written in 万元: read as 元 it would be 4.81×10¹¹ 元, still above the bound (check the digits)" in county


def test_results_name_each_failing_report_with_its_rows(outcome: ValidationOutcome) -> None:
    with duckdb.connect(str(outcome.db_path), read_only=True) as con:
        rows = con.execute("""
            select report_id, details, reason, suites_digest from dq_results
            where not success and severity = 'critical' and report_id = 'absurd-town'""").fetchall()
    assert rows and all(digest == outcome.suites_digest for *_, digest in rows)
    assert all("480567000000" in details and "town" in reason for _, details, reason, _ in rows)
    assert outcome.report_files["absurd-town"] == "absurd-town.txt"


def test_suites_digest_follows_the_rules(tmp_path: Path) -> None:
    from pipelines.quality.suites import suites_digest

    before = suites_digest(load_suites())
    assert before == suites_digest(load_suites())
    import shutil

    copy = tmp_path / "expectations"
    shutil.copytree(load_suites()[0].path.parent, copy)
    assert suites_digest(load_suites(copy)) == before
    text = (copy / "plausibility.yml").read_text(encoding="utf-8")
    (copy / "plausibility.yml").write_text(text.replace("max_value: 3.0e+11", "max_value: 4.0e+11"), encoding="utf-8")
    assert suites_digest(load_suites(copy)) != before
