"""The quality gate on real runs: failing reports are held back, the rest publishes;
a batch-level break publishes nothing and leaves the previous warehouse as it was."""

from __future__ import annotations

import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipelines import landing
from pipelines.cli import app
from pipelines.samples import generate_corpus
from pipelines.settings import Settings
from tests.pipeline_runs import published, run

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

FUTURE_YEAR = "某县科学技术局2035年度部门整体支出绩效自评报告\n一、概况\n2035年度本局支出总额120.5万元。\n"
GRADE_TOO_HIGH = "某县科学技术局2022年度部门整体支出绩效自评报告\n一、自评\n本局部门整体支出绩效自评得分为75分，自评等级为“优”。\n"
ABSURD_RATE = "某县科学技术局2022年度部门整体支出绩效自评报告\n一、概况\n2022年度本局支出总额98.5万元，资金到位率1500%。\n"


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("gate")
    raw = base / "raw"
    generate_corpus(raw, 5, seed=11, kinds=["department_overall"], inconsistent_rate=0)
    (raw / "future.txt").write_text(FUTURE_YEAR, encoding="utf-8")
    (raw / "absurd.txt").write_text(ABSURD_RATE, encoding="utf-8")
    (raw / "grade.txt").write_text(GRADE_TOO_HIGH, encoding="utf-8")
    settings = Settings(raw_dir=raw, warehouse_dir=base / "warehouse")
    return {"settings": settings, "summary": run(settings), "raw": raw}


def test_failing_reports_are_held_back_and_the_rest_publishes(gate: dict) -> None:
    s = gate["summary"]
    assert s["published"] is True
    held = {h["file"]: h["reason"] for h in s["held_by_quality"]}
    assert set(held) == {"future.txt", "absurd.txt"}
    assert "fiscal_year" in held["future.txt"]
    assert "fct_budget_amounts.value" in held["absurd.txt"]
    assert s["files"]["loaded"] == 6 and s["files"]["quarantined"] == 2
    assert published(gate["settings"], "select count(*) from dim_report")[0][0] == 6
    statuses = dict(published(gate["settings"], "select source_file, status from ingest_files"))
    assert statuses["future.txt"] == statuses["absurd.txt"] == "quarantined"


def test_warnings_are_recorded_for_analysts(gate: dict) -> None:
    rows = published(gate["settings"], "select severity, success from dq_results")
    assert rows and all(sev in ("critical", "warning") for sev, _ in rows)
    assert all(ok for sev, ok in rows if sev == "critical")
    # The report graded 优 with 75 points publishes, with a warning that names it.
    warned = published(gate["settings"], """
        select r.source_file from dq_results q join dim_report r using (report_id)
        where q.severity = 'warning' and not q.success and q.column_name = 'self_score'""")
    assert warned == [("grade.txt",)]
    finding = published(gate["settings"], """
        select f.rule from fct_findings f join dim_report r using (report_id) where r.source_file = 'grade.txt'""")
    assert finding == [("grade_matches_score",)]


def test_fixing_a_held_file_releases_it(gate: dict) -> None:
    settings = gate["settings"]
    (gate["raw"] / "future.txt").write_text(FUTURE_YEAR.replace("2035", "2023"), encoding="utf-8")
    s = run(settings)
    assert s["published"] is True
    assert [h["file"] for h in s["held_by_quality"]] == []
    assert published(settings, "select count(*) from dim_report")[0][0] == 7
    assert published(settings, "select fiscal_year from dim_report where source_file = 'future.txt'") == [(2023,)]


def test_batch_level_break_publishes_nothing(gate: dict) -> None:
    settings = gate["settings"]
    before = published(settings, "select run_id from build_info")
    live_batch = next(r.batch_id for r in landing.read_manifest(settings) if r.status == "loaded")
    landed = landing.batch_files(settings, "amounts", live_batch)[0]
    original = landed.read_bytes()
    table = pq.read_table(landed)
    broken = table.set_column(table.schema.get_field_index("value"), "value",
                              pa.array(["not a number"] * table.num_rows, pa.string()))
    pq.write_table(broken, landed)  # a schema break in landed data
    shutil.copy(next(gate["raw"].glob("20*.txt")), gate["raw"] / "another copy.txt")  # something new to build
    (gate["raw"] / "new.txt").write_text(ABSURD_RATE.replace("1500%", "95%").replace("98.5", "77.7"), encoding="utf-8")
    s = run(settings)
    assert s["published"] is False
    assert "dbt build failed" in s["blocked_reason"]
    assert published(settings, "select run_id from build_info") == before  # previous warehouse intact
    landed.write_bytes(original)
    s = run(settings)
    assert s["published"] is True
    assert published(settings, "select count(*) from dim_report")[0][0] == 8


# --- the commands an analyst uses on this warehouse ------------------------------------------


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_quarantine_command_lists_held_files_and_why(gate: dict) -> None:
    output = cli("quarantine", "--warehouse", str(gate["settings"].warehouse_dir))
    assert "absurd.txt" in output and "failed quality checks" in output
    assert "future.txt" not in output  # released once fixed


def test_dq_command_prints_the_latest_validation(gate: dict) -> None:
    output = cli("dq", "--warehouse", str(gate["settings"].warehouse_dir))
    assert "passed" in output and "self_score" in output and "Data Docs:" in output
    assert (gate["settings"].dq_dir / "docs" / "index.html").read_text(encoding="utf-8").count("<table") >= 1


def test_rollback_command_restores_the_previous_version(gate: dict) -> None:
    settings = gate["settings"]
    versions = cli("versions", "--warehouse", str(settings.warehouse_dir))
    assert "steps back" in versions
    assert published(settings, "select count(*) from dim_report")[0][0] == 8
    output = cli("rollback", "--warehouse", str(settings.warehouse_dir))
    assert "Restored the version of run" in output
    assert published(settings, "select count(*) from dim_report")[0][0] == 7
