"""The landing zone: Hive partitions by fiscal year, the manifest as commit point, the old layout migrated,
and each content parsed once (``parse_stage.plan_content`` / ``resolve``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines import landing, parse_stage
from pipelines.inbox import InboxFile
from pipelines.model import FileRecord
from pipelines.parse_batch import ChunkResult
from pipelines.settings import Settings

from .test_dbt_build import parsed_report

A, B, C = "a" * 16, "b" * 16, "c" * 16


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "wh")


def loaded(report_id: str, batch: str) -> FileRecord:
    return FileRecord(report_id * 4, f"{report_id}.txt", 1, "loaded", "1", batch, dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                      report_id=report_id)


def test_a_batch_lands_one_file_per_table_and_fiscal_year(settings: Settings) -> None:
    a, b, c = parsed_report(A, 2022), parsed_report(B, 2023), parsed_report(C, 2022)
    c.report.fiscal_year = None
    counts = landing.land_batch(settings, "b1", [a, b, c])
    names = sorted(p.relative_to(settings.landing_dir).as_posix() for p in landing.batch_files(settings, "amounts", "b1"))
    assert names == ["amounts/fiscal_year=2022/b1.parquet", "amounts/fiscal_year=2023/b1.parquet",
                     "amounts/fiscal_year=__HIVE_DEFAULT_PARTITION__/b1.parquet"]
    assert "fiscal_year" not in pq.read_schema(settings.landing_dir / "reports/fiscal_year=2022/b1.parquet").names
    rows = duckdb.sql(f"""select report_id, fiscal_year, batch_id, count(*) from read_parquet(
        '{settings.landing_dir}/amounts/fiscal_year=*/*.parquet', hive_partitioning=true) group by all order by 1""").fetchall()
    per_report = counts["amounts"] // 3
    assert rows == [(A, 2022, "b1", per_report), (B, 2023, "b1", per_report), (C, None, "b1", per_report)]


def test_files_no_manifest_row_points_to_are_removed_with_their_empty_partitions(settings: Settings) -> None:
    landing.ensure_schema_files(settings)
    landing.land_batch(settings, "old", [parsed_report(A, 2021)])
    landing.land_batch(settings, "new", [parsed_report(B, 2022)])
    removed = landing.remove_unreferenced_batches(settings, [loaded(B, "new")])
    written = sum(1 for t in landing.batch_tables("old", [parsed_report(A, 2021)]).values() if t.num_rows)
    assert removed == written == 8  # one file per table with rows (a test report has no generic table rows)
    assert not (settings.landing_dir / "amounts" / "fiscal_year=2021").exists()
    assert landing.batch_files(settings, "amounts", "new")
    assert landing.has_schema_files(settings)


def test_the_unpartitioned_layout_is_migrated_in_place(settings: Settings) -> None:
    tables = landing.batch_tables("b0", [parsed_report(A, 2022), parsed_report(B, 2023)])
    for name, table in tables.items():  # as the earlier layout wrote them: landing/<table>/<batch>.parquet
        flat = table if name == "reports" else table.drop_columns(["fiscal_year"])
        (settings.landing_dir / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(flat, settings.landing_dir / name / "b0.parquet")
    assert landing.migrate_flat_layout(settings) == 1
    assert not list(settings.landing_dir.glob("*/b0.parquet"))
    got = duckdb.sql(f"""select fiscal_year, count(*) from read_parquet(
        '{settings.landing_dir}/amounts/fiscal_year=*/*.parquet', hive_partitioning=true) group by 1 order by 1""").fetchall()
    n = tables["amounts"].num_rows // 2
    assert got == [(2022, n), (2023, n)]
    assert landing.migrate_flat_layout(settings) == 0


def _inbox(name: str, sha: str) -> InboxFile:
    return InboxFile(Path(name), name, sha, 10)


def test_each_content_is_parsed_once_and_repeats_follow_the_first() -> None:
    files = [_inbox("b.txt", "1" * 64), _inbox("a.txt", "1" * 64), _inbox("c.txt", "2" * 64), _inbox("d.txt", "3" * 64)]
    kept = [FileRecord("3" * 64, "old.txt", 10, "loaded", "1", "b0", dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
                       report_id="3" * 16)]
    plan = parse_stage.plan_content(files, kept)
    assert [f.source_file for f in plan.to_parse] == ["a.txt", "c.txt"]
    now = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    parsed = ChunkResult([
        FileRecord("1" * 64, "a.txt", 10, "loaded", "1", "b1", now, report_id="1" * 16),
        FileRecord("2" * 64, "c.txt", 10, "quarantined", "1", "b1", now, report_id="2" * 16, reason="empty file"),
    ], landing.batch_tables("b1", [parsed_report("1" * 16)]))
    records, tables = parse_stage.resolve(plan, [parsed], kept, "b1")
    fate = {r.source_file: (r.status, r.reason) for r in records}
    assert fate == {"old.txt": ("loaded", None), "a.txt": ("loaded", None), "c.txt": ("quarantined", "empty file"),
                    "b.txt": ("duplicate", "same content as a.txt"), "d.txt": ("duplicate", "same content as old.txt")}
    assert set(tables["reports"].column("report_id").to_pylist()) == {"1" * 16}
