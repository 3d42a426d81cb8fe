"""The real GX validation of a real dbt build that holds good and bad reports (one build per module)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines import dbt_runner, landing, quality
from pipelines.model import Amount, FileRecord, ParsedReport, Report, Score
from pipelines.quality import SuiteError, load_suites
from pipelines.quality.suites import load_suite
from pipelines.settings import Settings

GOOD, BAD, ODD = ("1" * 16, "2" * 16, "3" * 16)


def amount(report_id: str, seq: int, measure: str, phase: str, value: str, kind: str = "money") -> Amount:
    unit = {"money": "yuan", "rate": "percent", "score": "points", "count": "person"}[kind]
    return Amount(report_id=report_id, seq=seq, measure=measure, kind=kind, phase=phase, value=Decimal(value),
                  value_unit=unit, source_value=value, source_unit="元", source_text=f"{measure}{value}",
                  sentence="句子", char_start=seq, char_end=seq + 5)


def report(report_id: str, amounts: list[tuple[str, str, str]], score: str = "90") -> ParsedReport:
    r = Report(report_id=report_id, source_file=f"inbox/{report_id}.docx", file_sha256=report_id * 4,
               format="docx", parser_version="1", char_count=100, department=f"县科技局{report_id[0]}",
               region_code="360722", admin_level="county", fiscal_year=2022, report_kind="department_overall",
               self_score=Decimal(score))
    rows = [amount(report_id, i, m, p, v) for i, (m, p, v) in enumerate(amounts, 1)]
    scores = [Score(report_id, 1, "department_overall", Decimal(score), "得分", 1, 2)]
    return ParsedReport(report=r, amounts=rows, scores=scores)


GOOD_AMOUNTS = [
    ("expenditure_total", "executed", "12000000"),
    ("basic_expenditure", "executed", "4000000"),
    ("personnel_expenditure", "executed", "3000000"),
    ("public_expenditure", "executed", "1000000"),
    ("expenditure_total", "yoy_change", "-500000"),  # may be negative
]
BAD_AMOUNTS = [
    ("expenditure_total", "executed", "12000000"),
    ("bogus_measure", "executed", "100"),  # not in the vocabulary
    ("project_expenditure", "executed", "-250000"),  # negative executed amount
]
ODD_AMOUNTS = [
    ("expenditure_total", "executed", "50000"),  # 5万元: too small for a county department
    ("basic_expenditure", "executed", "4000000"),
    ("personnel_expenditure", "executed", "3000000"),
    ("public_expenditure", "executed", "900000"),  # basic != personnel + public
]


@pytest.fixture(scope="module")
def validated(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("warehouse")
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    parsed = [report(GOOD, GOOD_AMOUNTS), report(BAD, BAD_AMOUNTS), report(ODD, ODD_AMOUNTS)]
    landing.ensure_schema_files(settings)
    landing.land_batch(settings, "batch1", parsed)
    landing.write_manifest(settings, [
        FileRecord(file_sha256=p.report.file_sha256, source_file=p.report.source_file, size_bytes=1, status="loaded",
                   parser_version="1", batch_id="batch1", processed_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                   report_id=p.report.report_id, format="docx")
        for p in parsed
    ])
    db_path = settings.build_dir / "build.duckdb"
    build = dbt_runner.build(settings, db_path)
    outcome = quality.validate(settings, db_path, "run-test")
    return settings, db_path, build, outcome


def find(outcome: quality.ValidationOutcome, suite: str, expectation: str, column: str | None, **kwargs):
    """The outcomes of ``suite`` matching the expectation type, column and (some) kwargs."""
    return [
        r for r in outcome.results
        if r.suite == suite and r.expectation == expectation and r.column == column
        and all(r.kwargs.get(k) == v for k, v in kwargs.items())
    ]


def test_dbt_reports_test_failures_without_raising(validated):
    _, _, build, _ = validated
    assert not build.success
    failed = {n.name for n in build.failed_tests}
    assert any("relationships_fct_budget_amounts_measure" in name for name in failed), failed


def test_bad_measure_fails_a_critical_expectation(validated):
    _, _, _, outcome = validated
    assert not outcome.critical_passed
    (measure,) = find(outcome, "fct_budget_amounts", "expect_column_values_to_be_in_set", "measure")
    assert measure.severity == "critical" and not measure.success
    assert measure.unexpected_examples == ["bogus_measure"]
    assert measure.report_ids == [BAD]


def test_negative_executed_amount_is_caught_but_negative_change_is_not(validated):
    _, _, _, outcome = validated
    (non_negative,) = [
        r for r in find(outcome, "fct_budget_amounts", "expect_column_values_to_be_between", "value", min_value=0)
        if "max_value" not in r.kwargs
    ]
    assert non_negative.severity == "critical" and not non_negative.success
    assert non_negative.report_ids == [BAD]  # GOOD's yoy_change of -500000 is allowed
    assert non_negative.unexpected_examples == [-250000.0]


def test_warnings_flag_identity_and_magnitude(validated):
    _, _, _, outcome = validated
    (identity,) = find(outcome, "fct_department_finances", "expect_column_values_to_be_between",
                       "basic_minus_parts_wan_yuan")
    assert identity.severity == "warning" and not identity.success and identity.report_ids == [ODD]
    (magnitude,) = find(outcome, "fct_department_finances", "expect_column_values_to_be_between",
                        "expenditure_total_wan_yuan")
    assert magnitude.severity == "warning" and magnitude.report_ids == [ODD]


def test_failing_reports_are_named_for_quarantine(validated):
    _, _, _, outcome = validated
    assert outcome.failing_report_ids() == {BAD}
    assert outcome.failing_report_ids(None) == {BAD, ODD}
    assert {r.suite for r in outcome.failures("critical")} == {"fct_budget_amounts"}


def test_results_land_in_dq_results(validated):
    _, db_path, _, outcome = validated
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("""
            select distinct table_name, column_name, report_id from dq_results
            where run_id = 'run-test' and severity = 'critical' and not success""").fetchall()
        columns = [r[0] for r in con.execute("describe dq_results").fetchall()]
        total = con.execute("select count(distinct expectation_id) from dq_results").fetchone()[0]
    assert set(rows) == {("main.fct_budget_amounts", "measure", BAD), ("main.fct_budget_amounts", "value", BAD)}
    for name in ("run_id", "validated_at", "suite", "table_name", "expectation", "column_name", "severity",
                 "success", "observed_value", "report_id"):
        assert name in columns
    assert total == len(outcome.results)
    assert not Path(str(db_path) + ".wal").exists()


def test_latest_json_and_offline_docs(validated):
    settings, _, _, outcome = validated
    latest = json.loads((settings.dq_dir / "latest.json").read_text(encoding="utf-8"))
    assert latest["run_id"] == "run-test" and latest["critical_passed"] is False
    assert latest["failing_report_ids"] == [BAD]
    assert len(latest["results"]) == len(outcome.results)
    page = (settings.dq_dir / "docs" / "index.html").read_text(encoding="utf-8")
    assert "fct_budget_amounts" in page and BAD in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_every_suite_is_well_formed():
    suites = load_suites()
    names = {s.name for s in suites}
    assert {"reports", "fct_budget_amounts", "fct_department_finances"} <= names
    for suite in suites:
        assert suite.expectations, suite.name
        assert {e.severity for e in suite.expectations} <= {"critical", "warning"}
    amounts = next(s for s in suites if s.name == "fct_budget_amounts")
    in_vocab = next(e for e in amounts.expectations if e.column == "measure")
    assert "expenditure_total" in in_vocab.kwargs["value_set"]
    negative = next(e for e in amounts.expectations if e.where and e.where[0].op == "not_in")
    assert set(negative.where[0].value) == {"yoy_change", "yoy_change_rate", "budget_variance",
                                            "budget_variance_rate", "adjustment"}


def test_current_year_is_resolved():
    reports = next(s for s in load_suites(today=dt.date(2031, 6, 1)) if s.name == "reports")
    year = next(e for e in reports.expectations if e.column == "fiscal_year" and "max_value" in e.kwargs)
    assert year.kwargs == {"min_value": 2000, "max_value": 2031}


def test_malformed_suite_is_rejected(tmp_path: Path):
    bad = tmp_path / "bad.yml"
    bad.write_text("suite: x\ntable: main.x\nexpectations:\n  - type: expect_column_values_to_not_be_null\n"
                   "    column: a\n    severity: fatal\n", encoding="utf-8")
    with pytest.raises(SuiteError, match="severity"):
        load_suite(bad)
