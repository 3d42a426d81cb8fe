"""The real dbt build over a small landed warehouse (one build shared by the module)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines import dbt_runner, landing
from pipelines.model import (
    Amount,
    FileRecord,
    Finding,
    OtherFigure,
    ParsedReport,
    ProjectFunding,
    Report,
    Score,
    Section,
    Target,
)
from pipelines.settings import DBT_PROJECT_DIR, Settings

A, B, C, D = ("a" * 16, "b" * 16, "c" * 16, "d" * 16)

# (measure, phase, kind, value, unit, extra fields)
AMOUNTS = [
    ("expenditure_total", "executed", "money", "12345678.9", "yuan", {}),
    ("basic_expenditure", "executed", "money", "4000000", "yuan", {}),
    ("personnel_expenditure", "executed", "money", "3000000", "yuan", {}),
    ("public_expenditure", "executed", "money", "1000000", "yuan", {}),
    ("project_expenditure", "executed", "money", "8345678.9", "yuan", {}),
    ("project_expenditure", "executed", "money", "7000000", "yuan", {"func_code": "206"}),
    ("basic_expenditure", "executed", "money", "1909400", "yuan", {"econ_code": "301"}),
    ("expenditure_total", "yoy_change", "money", "-500000", "yuan", {}),
    ("execution_rate", "stated", "rate", "98.5", "percent", {}),
    ("staff_actual", "stated", "count", "12", "person", {"detail": "行政编制"}),
]


def parsed_report(report_id: str, fiscal_year: int = 2022, score: str = "92.5") -> ParsedReport:
    """A department-overall report with one row in every landed table."""
    report = Report(
        report_id=report_id, source_file=f"inbox/{report_id}.html", file_sha256=report_id * 4, format="html",
        parser_version="1", char_count=5000, title=f"{fiscal_year}年度部门整体支出绩效自评报告",
        department="信丰县科学技术局", department_raw="县科技局", region_code="360722", province="江西省",
        city="赣州市", county="信丰县", admin_level="county", fiscal_year=fiscal_year,
        report_kind="department_overall", report_date=dt.date(fiscal_year + 1, 4, 1), self_score=Decimal(score),
        grade="优",
    )
    amounts = [
        Amount(report_id=report_id, seq=i, measure=m, kind=k, phase=p, value=Decimal(v), value_unit=u,
               source_value=v, source_unit="元", source_text=f"{m}{v}", sentence=f"第{i}句", char_start=10 * i,
               char_end=10 * i + 8, **extra)
        for i, (m, p, k, v, u, extra) in enumerate(AMOUNTS, 1)
    ]
    return ParsedReport(
        report=report,
        amounts=amounts,
        scores=[Score(report_id, 1, "department_overall", Decimal(score), "自评得分", 1, 5, max_score=Decimal(100))],
        sections=[
            Section(report_id, 1, 1, "一、", "基本情况", "概况", 0, 10, topic="overview"),
            Section(report_id, 2, 1, "二、", "存在的问题", "资金拨付不及时", 10, 40, topic="problems"),
            Section(report_id, 3, 2, "（一）", "资金管理", "结余偏大", 12, 40, parent_seq=2),
        ],
        projects=[ProjectFunding(report_id, 1, "科技特派员", 1, 2, "table 1", budget_total=Decimal(500000),
                                 actual_total=Decimal(450000)),
                  ProjectFunding(report_id, 2, "科普经费", 3, 4, "form 1", budget_total=Decimal(200000),
                                 budget_adjusted=Decimal(220000), actual_total=Decimal(210000),
                                 supervising_department="某县科学技术局", supervising_code="031",
                                 implementing_unit="某县科学技术局", implementing_code="031001",
                                 objective_text="开展科普活动", achievement_text="开展科普活动12场", origin="form")],
        targets=[Target(report_id, 1, "科技特派员", None, "quantity", "产出指标", "数量指标", "≥3次", 1, 2,
                        "table 2", operator=">=", target_value=Decimal(3), target_unit="次"),
                 Target(report_id, 2, "科普经费", None, "quantity", "产出指标", "数量指标", "≥10场", 5, 9,
                        "form 1, indicator 1", operator=">=", target_value=Decimal(10), target_unit="场",
                        level3="科普活动场次", actual_text="12场", actual_value=Decimal(12), actual_unit="场",
                        weight=Decimal(10), score=Decimal("9.5"), deviation="无"),
                 Target(report_id, 3, "科普经费", None, "execution", "预算执行", "预算执行率", "95.45%", 6, 12,
                        "form 1, funds", actual_value=Decimal("95.45"), weight=Decimal(10), score=Decimal("9.5"))],
        other_figures=[OtherFigure(report_id, 1, Decimal(1000000), "100", "万元", "enterprise_rd",
                                   "带动企业研发投入100万元", 1, 2, label="企业研发投入")],
        findings=[Finding(report_id, 1, "parts_sum_to_total", "warning", "其中各项之和不等于合计", "total",
                          Decimal(10), "parts", Decimal(9))],
    )


def file_record(parsed: ParsedReport, batch_id: str, status: str = "loaded") -> FileRecord:
    r = parsed.report
    return FileRecord(
        file_sha256=r.file_sha256, source_file=r.source_file, size_bytes=1234, status=status, parser_version="1",
        batch_id=batch_id, processed_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), report_id=r.report_id,
        format="html", reason=None if status == "loaded" else "unreadable",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Path, dbt_runner.DbtResult]:
    """Reports A, B loaded; C landed but never committed; D quarantined."""
    root = tmp_path_factory.mktemp("warehouse")
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    landing.ensure_schema_files(settings)
    a, b, c, d = parsed_report(A), parsed_report(B, 2023, "85"), parsed_report(C), parsed_report(D)
    landing.land_batch(settings, "batch1", [a, b])
    landing.land_batch(settings, "batch2", [c])  # crashed before the manifest swap
    landing.land_batch(settings, "batch3", [d])
    landing.write_manifest(settings, [file_record(a, "batch1"), file_record(b, "batch1"),
                                      file_record(d, "batch3", "quarantined")])
    db_path = settings.build_dir / "build.duckdb"
    result = dbt_runner.build(settings, db_path)
    return settings, db_path, result


def query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_build_succeeds_with_every_test_passing(built):
    _, db_path, result = built
    assert result.success, [(n.name, n.status, n.message) for n in result.nodes if n.status not in ("pass", "success")]
    assert result.failed_tests == []
    kinds = {n.resource_type for n in result.nodes}
    assert {"seed", "model", "test"} <= kinds
    assert result.db_path == db_path.resolve()


def test_row_counts(built):
    _, db_path, _ = built
    assert query(db_path, "select count(*) from dim_report") == [(2,)]
    assert query(db_path, "select count(*) from fct_budget_amounts") == [(2 * len(AMOUNTS),)]
    assert query(db_path, "select count(*) from dim_department") == [(1,)]
    assert query(db_path, "select count(*) from ingest_files") == [(3,)]
    assert query(db_path, "select count(*) from dim_measure") == query(db_path, "select count(*) from seeds.measures")


def test_specific_amount(built):
    _, db_path, _ = built
    row = query(db_path, f"""
        select a.value, a.value_wan_yuan, a.measure, a.phase, a.fiscal_year, d.department, a.source_text
        from fct_budget_amounts a join dim_department d using (department_key)
        where a.amount_id = '{A}-1'""")
    assert row == [(Decimal("12345678.9000"), Decimal("1234.56789000"), "expenditure_total", "executed", 2022,
                    "信丰县科学技术局", "expenditure_total12345678.9")]
    rate = query(db_path, f"select value, value_wan_yuan from fct_budget_amounts where amount_id = '{A}-9'")
    assert rate == [(Decimal("98.5000"), None)]


def test_form_columns_reach_the_marts(built):
    _, db_path, _ = built
    project = query(db_path, f"""
        select origin, budget_adjusted, supervising_department, supervising_code, implementing_code, objective_text,
               achievement_text
        from fct_projects where project_row_id = '{A}-2'""")
    assert project == [("form", Decimal("220000.0000"), "某县科学技术局", "031", "031001", "开展科普活动",
                        "开展科普活动12场")]
    assert query(db_path, f"select origin from fct_projects where project_row_id = '{A}-1'") == [("table",)]
    target = query(db_path, f"""
        select level3, actual_text, actual_value, weight, score, deviation
        from fct_targets where target_id = '{A}-2'""")
    assert target == [("科普活动场次", "12场", Decimal("12.0000"), Decimal("10.0000"), Decimal("9.5000"), "无")]


def test_uncommitted_and_quarantined_batches_are_invisible(built):
    _, db_path, _ = built
    for table in ("dim_report", "fct_budget_amounts", "fct_sections", "staging.stg_amounts", "staging.stg_reports"):
        ids = {r[0] for r in query(db_path, f"select distinct report_id from {table}")}
        assert ids == {A, B}, table
    assert query(db_path, f"select status, is_live from ingest_files where report_id = '{D}'") == [
        ("quarantined", False)
    ]


def test_department_finances_pivot(built):
    _, db_path, _ = built
    row = query(db_path, f"""
        select expenditure_total_wan_yuan, basic_expenditure_wan_yuan, basic_minus_parts_wan_yuan,
               expenditure_minus_parts_wan_yuan
        from fct_department_finances where report_phase_id = '{A}-executed'""")
    # the econ-class breakdown (301) is not the department's basic expenditure
    assert row == [(Decimal("1234.56789"), Decimal("400"), Decimal(0), Decimal(0))]


def test_sections_heading_path(built):
    _, db_path, _ = built
    rows = query(db_path, f"select heading_path, parent_section_id from fct_sections where section_id = '{A}-3'")
    assert rows == [("二、存在的问题 > （一）资金管理", f"{A}-2")]
    problems = query(db_path, "select count(*) from fct_sections where topic = 'problems'")
    assert problems == [(2,)]


def test_published_file_is_self_contained(built):
    _, db_path, _ = built
    views = query(db_path, "select table_name from information_schema.tables where table_type = 'VIEW'")
    assert views == []
    schemas = {r[0] for r in query(db_path, "select distinct table_schema from information_schema.tables")}
    assert schemas == {"main", "staging", "seeds"}


def test_codes_stay_text(built):
    _, db_path, _ = built
    types = dict(query(db_path, """
        select column_name, data_type from information_schema.columns
        where table_name = 'dim_func_class' and column_name in ('func_code', 'parent_code')"""))
    assert types == {"func_code": "VARCHAR", "parent_code": "VARCHAR"}
    assert query(db_path, "select name_zh from dim_func_class where func_code = '206'") == [("科学技术支出",)]
    assert query(db_path, "select may_be_negative from dim_phase where phase = 'yoy_change'") == [(True,)]


def test_nothing_generated_inside_dbt_project(built):
    settings, _, _ = built
    for name in ("target", "logs", "dbt_packages", ".user.yml"):
        assert not (DBT_PROJECT_DIR / name).exists(), name
    assert (dbt_runner.dbt_state_dir(settings) / "target" / "run_results.json").exists()


def test_runtime_error_raises_readable_error(built, tmp_path: Path):
    """A second in-process build (repeated invocation) that cannot read the manifest."""
    settings = Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse")
    landing.ensure_schema_files(settings)
    settings.manifest_path.write_bytes(b"not parquet")
    with pytest.raises(dbt_runner.DbtBuildError, match="stg_files"):
        dbt_runner.build(settings, tmp_path / "broken.duckdb", select=["stg_files"])
    # the earlier build's file is untouched and still readable
    _, db_path, _ = built
    assert query(db_path, "select count(*) from dim_report") == [(2,)]
