"""The quality gate on real runs: failing reports are held back, the rest publishes;
a batch-level break publishes nothing and leaves the previous warehouse as it was."""

from __future__ import annotations

import shutil

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines import landing, prefect_env
from pipelines.samples import generate_corpus
from pipelines.settings import Settings

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

FUTURE_YEAR = "某县科学技术局2035年度部门整体支出绩效自评报告\n一、概况\n2035年度本局支出总额120.5万元。\n"
ABSURD_RATE = "某县科学技术局2022年度部门整体支出绩效自评报告\n一、概况\n2022年度本局支出总额98.5万元，资金到位率1500%。\n"


def run(settings: Settings) -> dict:
    prefect_env.configure(settings)
    from pipelines.flows.ingest import ingest

    return ingest(settings)


def published(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def gate(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("gate")
    raw = base / "raw"
    generate_corpus(raw, 5, seed=11, kinds=["department_overall"], inconsistent_rate=0)
    (raw / "future.txt").write_text(FUTURE_YEAR, encoding="utf-8")
    (raw / "absurd.txt").write_text(ABSURD_RATE, encoding="utf-8")
    settings = Settings(raw_dir=raw, warehouse_dir=base / "warehouse")
    return {"settings": settings, "summary": run(settings), "raw": raw}


def test_failing_reports_are_held_back_and_the_rest_publishes(gate: dict) -> None:
    s = gate["summary"]
    assert s["published"] is True
    held = {h["file"]: h["reason"] for h in s["held_by_quality"]}
    assert set(held) == {"future.txt", "absurd.txt"}
    assert "fiscal_year" in held["future.txt"]
    assert "fct_budget_amounts.value" in held["absurd.txt"]
    assert s["files"]["loaded"] == 5 and s["files"]["quarantined"] == 2
    assert published(gate["settings"], "select count(*) from dim_report")[0][0] == 5
    statuses = dict(published(gate["settings"], "select source_file, status from ingest_files"))
    assert statuses["future.txt"] == statuses["absurd.txt"] == "quarantined"


def test_warnings_are_recorded_for_analysts(gate: dict) -> None:
    rows = published(gate["settings"], "select severity, success from dq_results")
    assert rows and all(sev in ("critical", "warning") for sev, _ in rows)
    assert all(ok for sev, ok in rows if sev == "critical")


def test_fixing_a_held_file_releases_it(gate: dict) -> None:
    settings = gate["settings"]
    (gate["raw"] / "future.txt").write_text(FUTURE_YEAR.replace("2035", "2023"), encoding="utf-8")
    s = run(settings)
    assert s["published"] is True
    assert [h["file"] for h in s["held_by_quality"]] == []
    assert published(settings, "select count(*) from dim_report")[0][0] == 6
    assert published(settings, "select fiscal_year from dim_report where source_file = 'future.txt'") == [(2023,)]


def test_batch_level_break_publishes_nothing(gate: dict) -> None:
    settings = gate["settings"]
    before = published(settings, "select run_id from build_info")
    live_batch = next(r.batch_id for r in landing.read_manifest(settings) if r.status == "loaded")
    landed = settings.landing_dir / "amounts" / f"{live_batch}.parquet"
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
    assert published(settings, "select count(*) from dim_report")[0][0] == 7
