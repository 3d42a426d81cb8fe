"""The real dbt build over a small landed warehouse (one build shared by the module): layers, versions,
comments, Chinese views, and the columns expected from the parser."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
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

A, B, C, D, E = ("a" * 16, "b" * 16, "c" * 16, "d" * 16, "e" * 16)

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


# What a self-evaluation form's indicator grid adds to a target (一级/二级/三级指标, 实际完成值, 分值, 得分, 偏差).
FORM_TARGET_COLUMNS = {"level3": "科技特派员选派人数", "actual_text": "4次", "actual_value": Decimal("4"),
                       "actual_unit": "次", "weight": Decimal("10"), "score": Decimal("10"), "deviation": "无偏差"}


def form_projects(report_id: str) -> list[ProjectFunding]:
    """A project read from a self-evaluation form's header and funds block."""
    return [ProjectFunding(report_id, 2, "科普经费", 3, 4, "form 1", budget_total=Decimal(200000),
                           budget_adjusted=Decimal(220000), actual_total=Decimal(210000),
                           received_total=Decimal(215000), supervising_department="某县科学技术局",
                           supervising_code="031", implementing_unit="某县科普中心", implementing_code="031001",
                           objective_text="开展科普活动", achievement_text="开展科普活动12场", origin="form")]


def parsed_report(report_id: str, fiscal_year: int = 2022, score: str = "92.5",
                  report_date: dt.date | None = None, form: bool = False) -> ParsedReport:
    """A department-overall report with one row in every landed table; with ``form``, its target carries
    the columns of a self-evaluation form's indicator grid and a project comes from a form."""
    report = Report(
        report_id=report_id, source_file=f"inbox/{report_id}.html", file_sha256=report_id * 4, format="html",
        parser_version="1", char_count=5000, title=f"{fiscal_year}年度部门整体支出绩效自评报告",
        department="信丰县科学技术局", department_raw="县科技局", region_code="360722", province="江西省",
        city="赣州市", county="信丰县", admin_level="county", fiscal_year=fiscal_year,
        report_kind="department_overall", report_date=report_date or dt.date(fiscal_year + 1, 4, 1),
        self_score=Decimal(score), grade="优",
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
                                 actual_total=Decimal(450000))] + (form_projects(report_id) if form else []),
        targets=[Target(report_id, 1, "科技特派员", None, "quantity", "产出指标", "数量指标", "≥3次", 1, 2,
                        "table 2", operator=">=", target_value=Decimal(3), target_unit="次",
                        **(FORM_TARGET_COLUMNS if form else {}))]
                + ([Target(report_id, 2, "科普经费", None, "execution", "预算执行", "预算执行率", "95.45%", 6, 12,
                           "form 1, funds", actual_value=Decimal("95.45"), weight=Decimal(10), score=Decimal("9.5"))]
                   if form else []),
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
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, Path, dbt_runner.DbtResult]]:
    """Reports A, B loaded; E a newer version of B; C landed but never committed; D quarantined.
    A carries a self-evaluation form's columns (targets and a project). dbt's shared parse cache
    starts empty (a folder of the module's own)."""
    root = tmp_path_factory.mktemp("warehouse")
    saved_cache = os.environ.get("JIXIAO_CACHE_DIR")
    os.environ["JIXIAO_CACHE_DIR"] = str(root / "cache")
    settings = Settings(raw_dir=root / "raw", warehouse_dir=root / "warehouse")
    landing.ensure_schema_files(settings)
    a, b, c, d = parsed_report(A, form=True), parsed_report(B, 2023, "85"), parsed_report(C), parsed_report(D)
    e = parsed_report(E, 2023, "88", report_date=dt.date(2024, 6, 30))  # corrected version of B
    landing.land_batch(settings, "batch1", [a, b])
    landing.land_batch(settings, "batch2", [c])  # crashed before the manifest swap
    landing.land_batch(settings, "batch3", [d])
    landing.land_batch(settings, "batch4", [e])
    landing.write_manifest(settings, [file_record(a, "batch1"), file_record(b, "batch1"),
                                      file_record(d, "batch3", "quarantined"), file_record(e, "batch4")])
    db_path = settings.build_dir / "build.duckdb"
    result = dbt_runner.build(settings, db_path, unit_tests=True)
    try:
        yield settings, db_path, result
    finally:
        if saved_cache is None:
            os.environ.pop("JIXIAO_CACHE_DIR", None)
        else:
            os.environ["JIXIAO_CACHE_DIR"] = saved_cache


def query(db_path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_build_succeeds_with_every_test_passing(built):
    _, db_path, result = built
    assert result.success, [(n.name, n.status, n.message) for n in result.nodes if n.status not in ("pass", "success")]
    assert result.failed_tests == []
    kinds = {n.resource_type for n in result.nodes}
    assert {"seed", "model", "test", "unit_test"} <= kinds
    assert result.db_path == db_path.resolve()


def test_row_counts(built):
    _, db_path, _ = built
    assert query(db_path, "select count(*) from dim_report") == [(2,)]
    assert query(db_path, "select count(*) from dim_report_versions") == [(3,)]
    changes = sum(phase == "yoy_change" for _, phase, *_ in AMOUNTS)
    assert changes == 1
    assert query(db_path, "select count(*) from fct_budget_amounts") == [(2 * (len(AMOUNTS) - changes),)]
    assert query(db_path, "select count(*) from fct_budget_changes") == [(2 * changes,)]
    assert query(db_path, "select count(*), any_value(report_count), any_value(fiscal_year_count) from dim_department") == [
        (1, 2, 2)]
    assert query(db_path, "select count(*) from ingest_files") == [(4,)]
    assert query(db_path, "select count(*) from dim_measure") == query(db_path, "select count(*) from seeds.measures")


def test_specific_amount(built):
    _, db_path, _ = built
    row = query(db_path, f"""
        select a.value, a.value_yuan, a.value_wan_yuan, a.measure, a.phase, a.fiscal_year, d.department,
               d.department_type, a.source_text
        from fct_budget_amounts a join dim_department d using (department_key)
        where a.amount_id = '{A}-1'""")
    assert row == [(Decimal("12345678.9000"), Decimal("12345678.9000"), Decimal("1234.56789000"), "expenditure_total",
                    "executed", 2022, "信丰县科学技术局", "bureau", "expenditure_total12345678.9")]
    rate = query(db_path, f"select value, value_yuan, value_wan_yuan from fct_budget_amounts where amount_id = '{A}-9'")
    assert rate == [(Decimal("98.5000"), None, None)]


def test_a_stated_change_is_a_change_not_an_amount(built):
    """同比减少50万元 is a comparison: it sits in fct_budget_changes, signed, with its provenance."""
    _, db_path, _ = built
    assert query(db_path, f"select count(*) from fct_budget_amounts where amount_id = '{A}-8'") == [(0,)]
    change = query(db_path, f"""
        select measure, phase, value_yuan, value_wan_yuan, source_text from fct_budget_changes
        where amount_id = '{A}-8'""")
    assert change == [("expenditure_total", "yoy_change", Decimal("-500000.0000"), Decimal("-50.00000000"),
                       "expenditure_total-500000")]
    assert query(db_path, "select phase from dim_phase where is_change order by 1") == [
        ("budget_variance",), ("budget_variance_rate",), ("yoy_change",), ("yoy_change_rate",)]


def test_uncommitted_quarantined_and_replaced_reports_are_invisible(built):
    _, db_path, _ = built
    for table in ("dim_report", "fct_budget_amounts", "fct_sections", "fct_scores", "fct_projects", "fct_targets",
                  "fct_staffing", "fct_self_evaluations", "fct_department_finances", "fct_findings"):
        ids = {r[0] for r in query(db_path, f"select distinct report_id from {table}")}
        assert ids == {A, E}, table
    assert query(db_path, f"select status, is_live from ingest_files where report_id = '{D}'") == [
        ("quarantined", False)
    ]


def test_a_newer_version_replaces_the_older_and_both_stay_in_the_history(built):
    _, db_path, _ = built
    rows = query(db_path, """
        select report_id, version_rank, version_count, is_current, current_report_id
        from dim_report_versions order by report_id""")
    assert rows == [(A, 1, 1, True, A), (B, 2, 2, False, E), (E, 1, 2, True, E)]
    assert query(db_path, f"select self_score, version_count from dim_report where report_id = '{E}'") == [
        (Decimal("88.0000"), 2)]
    assert query(db_path, "select fiscal_year, report_count from dim_fiscal_year order by 1") == [(2022, 1), (2023, 1)]


def test_department_finances_pivot(built):
    _, db_path, _ = built
    row = query(db_path, f"""
        select expenditure_total_wan_yuan, basic_expenditure_wan_yuan, basic_minus_parts_wan_yuan,
               expenditure_minus_parts_wan_yuan
        from fct_department_finances where report_phase_id = '{A}-executed'""")
    # the econ-class breakdown (301) is not the department's basic expenditure
    assert row == [(Decimal("1234.56789"), Decimal("400"), Decimal(0), Decimal(0))]


def test_staffing_and_projects(built):
    _, db_path, _ = built
    assert query(db_path, f"""
        select unit_name, staff_category, authorized_count, actual_count
        from fct_staffing where report_id = '{A}'""") == [("信丰县科学技术局", "行政编制", None, 12)]
    assert query(db_path, f"""
        select project_name, approved_wan_yuan, executed_wan_yuan, execution_rate_basis, execution_rate_pct
        from fct_projects where report_id = '{A}' and origin = 'table'""") == [
            ("科技特派员", Decimal("50"), Decimal("45"), "approved", 90.0)]


def test_form_columns_reach_the_marts(built):
    _, db_path, _ = built
    project = query(db_path, f"""
        select origin, approved_wan_yuan, adjusted_wan_yuan, executed_wan_yuan, received_wan_yuan,
               execution_rate_basis, round(execution_rate_pct, 2), supervising_department, supervising_code,
               implementing_unit, implementing_code, objective_text, achievement_text
        from fct_projects where report_id = '{A}' and project_name = '科普经费'""")
    assert project == [("form", Decimal("20"), Decimal("22"), Decimal("21"), Decimal("21.5"), "adjusted", 95.45,
                        "某县科学技术局", "031", "某县科普中心", "031001", "开展科普活动", "开展科普活动12场")]
    execution = query(db_path, f"""
        select target_kind, level1, actual_value, weight, score from fct_targets
        where report_id = '{A}' and target_kind = 'execution'""")
    assert execution == [("execution", "预算执行", Decimal("95.4500"), Decimal("10.0000"), Decimal("9.5000"))]


def test_targets_carry_the_form_columns(built):
    _, db_path, _ = built
    assert query(db_path, f"""
        select level1, level2, level3, target_value, actual_value, is_met, weight, score, deviation_reason,
               c.level2_en
        from fct_targets t join dim_indicator_category c using (indicator_category_key)
        where report_id = '{A}' and target_kind <> 'execution'""") == [("产出指标", "数量指标", "科技特派员选派人数", Decimal("3.0000"), Decimal("4.0000"),
                                         True, Decimal("10.0000"), Decimal("10.0000"), "无偏差", "quantity")]
    # E is no form: its grid columns are null
    assert query(db_path, f"select level3, actual_value, is_met from fct_targets where report_id = '{E}'") == [
        (None, None, None)]


def test_self_evaluation_grade_bands(built):
    _, db_path, _ = built
    rows = query(db_path, """
        select report_id, self_score, grade, grade_band_by_score, grade_agrees_with_score
        from fct_self_evaluations order by report_id""")
    assert rows == [(A, Decimal("92.5000"), "优", "excellent", True), (E, Decimal("88.0000"), "优", "good", False)]


def test_sections_heading_path(built):
    _, db_path, _ = built
    rows = query(db_path, f"select heading_path, parent_section_id from fct_sections where section_id = '{A}-3'")
    assert rows == [("二、存在的问题 > （一）资金管理", f"{A}-2")]
    problems = query(db_path, "select count(*) from fct_sections where topic = 'problems'")
    assert problems == [(2,)]


def test_published_file_is_self_contained(built):
    _, db_path, _ = built
    schemas = {r[0] for r in query(db_path, "select distinct table_schema from information_schema.tables")}
    assert schemas == {"main", "seeds", "marts_zh"}
    views = query(db_path, "select schema_name, sql from duckdb_views() where not internal")
    assert views and {v[0] for v in views} == {"marts_zh"}
    assert not [sql for _, sql in views if "parquet" in sql.lower()]
    dbt_runner.check_self_contained(db_path)  # does not raise


def test_self_containment_check_rejects_a_view_reading_files(tmp_path: Path):
    db = tmp_path / "leaky.duckdb"
    with duckdb.connect(str(db)) as con:
        con.execute(f"copy (select 1 as x) to '{tmp_path / 'x.parquet'}'")
        con.execute("create schema staging")
        con.execute(f"create view main.v as select * from read_parquet('{tmp_path / 'x.parquet'}')")
    with pytest.raises(dbt_runner.DbtBuildError, match=r"build-only schemas \['staging'\], views reading files \['main.v'\]"):
        dbt_runner.check_self_contained(db)


def test_columns_carry_comments_and_chinese_views_work(built):
    _, db_path, _ = built
    total, commented = query(db_path, r"""
        select count(*), count(comment) from duckdb_columns()
        where not internal and schema_name = 'main' and regexp_matches(table_name, '^(dim_|fct_|ingest_files)')""")[0]
    assert total > 250 and commented == total
    assert query(db_path, "select comment from duckdb_columns() where table_name = 'fct_budget_amounts' and "
                          "column_name = 'value_wan_yuan'") == [("Money in 万元 (10,000 yuan); null for rates, counts "
                                                                 "and scores (金额（万元）).",)]
    assert query(db_path, f"""select "预算年度", "金额（万元）" from marts_zh."预算金额" where "金额编号" = '{A}-1'""") == [
        (2022, Decimal("1234.56789000"))]
    comment = query(db_path, """select comment from duckdb_columns() where schema_name = 'marts_zh'
                                and table_name = '预算金额' and column_name = '金额（万元）'""")
    assert comment == [("value_wan_yuan: Money in 万元 (10,000 yuan); null for rates, counts and scores (金额（万元）).",)]


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
    first, db_path, _ = built
    assert query(db_path, "select count(*) from dim_report") == [(2,)]
    # the first build parsed the project in full and shared its parse cache; this new warehouse reused it
    assert "Starting full parse" in (dbt_runner.dbt_state_dir(first) / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert dbt_runner.parse_cache_path().exists()
    log = (dbt_runner.dbt_state_dir(settings) / "logs" / "dbt.log").read_text(encoding="utf-8")
    assert "Unable to do partial parsing" not in log
