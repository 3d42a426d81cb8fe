"""Land parsed reports as Parquet, atomically, committed by the manifest.

The landing zone is a Hive-partitioned Parquet dataset that any engine can read (DuckDB,
Spark, Trino, Polars)::

    landing/<table>/fiscal_year=<year>/<batch_id>.parquet
    landing/<table>/fiscal_year=__HIVE_DEFAULT_PARTITION__/<batch_id>.parquet   (year unknown)
    landing/<table>/fiscal_year=__HIVE_DEFAULT_PARTITION__/_schema.parquet      (zero rows)
    landing/manifest.parquet

Every row carries its ``batch_id``; ``fiscal_year`` (the year the report evaluates) lives
only in the folder name, as Hive partitioning expects, so engines prune by year. The
zero-row ``_schema.parquet`` per table lets the dbt sources find every column before any
batch exists.

A batch writes its files first and then replaces ``landing/manifest.parquet``. The manifest
is the commit point: readers take only rows whose ``(report_id, batch_id)`` the manifest
lists as loaded, so a batch file left by a crash before the manifest swap is never visible,
and is removed by the next run. Landing costs time in proportion to rows, not files: a
batch is one file per table and fiscal year, whatever the number of reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipelines import schema
from pipelines.atomic import write_atomic
from pipelines.model import FileRecord, ParsedReport
from pipelines.settings import Settings

PARTITION = "fiscal_year"
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"  # Hive's name for a null partition value
SCHEMA_FILE = "_schema.parquet"
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _write_parquet(table: pa.Table, target: Path, tmp_dir: Path) -> None:
    write_atomic(target, lambda tmp: pq.write_table(table, tmp, compression="zstd"), tmp_dir=tmp_dir)


def partition_dir(year: int | None) -> str:
    """The folder name of one fiscal year's partition (Hive style)."""
    return f"{PARTITION}={NULL_PARTITION if year is None else int(year)}"


def batch_tables(batch_id: str, parsed: Sequence[ParsedReport]) -> dict[str, pa.Table]:
    """One Arrow table per landed table: the row class's columns, then ``batch_id`` and ``fiscal_year``.

    ``fiscal_year`` is the year of the row's report; it becomes the partition folder when landed.
    """
    year_of = {p.report.report_id: p.report.fiscal_year for p in parsed}
    tables: dict[str, pa.Table] = {}
    for name, row_class in schema.TABLES.items():
        if name == "reports":
            rows: Iterable = (p.report for p in parsed)
        else:
            rows = (row for p in parsed for row in getattr(p, name))
        table = schema.to_arrow(row_class, rows)
        if PARTITION in table.column_names:
            table = table.drop_columns([PARTITION])
        table = table.append_column("batch_id", pa.array([batch_id] * table.num_rows, pa.string()))
        years = [year_of.get(r) for r in table.column("report_id").to_pylist()]
        tables[name] = table.append_column(PARTITION, pa.array(years, pa.int32()))
    return tables


def concat_tables(parts: Iterable[Mapping[str, pa.Table]]) -> dict[str, pa.Table]:
    """Tables of several chunks (each from ``batch_tables``), concatenated per table."""
    collected: dict[str, list[pa.Table]] = {name: [] for name in schema.TABLES}
    for part in parts:
        for name, table in part.items():
            collected[name].append(table)
    empty = batch_tables("", [])
    return {name: pa.concat_tables(tables) if tables else empty[name] for name, tables in collected.items()}


def keep_reports(tables: Mapping[str, pa.Table], report_ids: Iterable[str]) -> dict[str, pa.Table]:
    """Only the rows of the given reports (the ones that load; duplicates and failures are dropped)."""
    wanted = pa.array(sorted(set(report_ids)), pa.string())
    return {name: t.filter(pc.is_in(t.column("report_id"), value_set=wanted)) for name, t in tables.items()}


def read_manifest(settings: Settings) -> list[FileRecord]:
    """The committed manifest (empty before the first run)."""
    if not settings.manifest_path.exists():
        return []
    table = pq.ParquetFile(settings.manifest_path).read()
    # Timestamps are converted here, not by pyarrow: its tz-aware conversion imports pandas
    # (seconds of start-up the "nothing new" answer must not pay).
    micros = table.column("processed_at").cast(pa.int64()).to_pylist()
    rows = table.drop_columns(["processed_at"]).to_pylist()
    return [FileRecord(**row, processed_at=_EPOCH + dt.timedelta(microseconds=us)) for row, us in zip(rows, micros, strict=True)]


def write_manifest(settings: Settings, records: Sequence[FileRecord]) -> None:
    """Replace the manifest in one step (the landing commit point)."""
    ordered = sorted(records, key=lambda r: r.source_file)
    table = schema.to_arrow(FileRecord, ordered)
    _write_parquet(table, settings.manifest_path, settings.landing_dir / ".tmp")


def land_tables(settings: Settings, batch_id: str, tables: Mapping[str, pa.Table]) -> dict[str, int]:
    """Write a batch's tables, one file per table and fiscal year (not yet visible: the manifest
    does not list the batch). Rows per table."""
    counts = {}
    tmp = settings.landing_dir / ".tmp"
    for name, table in tables.items():
        counts[name] = table.num_rows
        if not table.num_rows:
            continue
        years = table.column(PARTITION)
        rest = table.drop_columns([PARTITION])
        for year in pc.unique(years).to_pylist():
            mask = pc.is_null(years) if year is None else pc.equal(years, pa.scalar(year, pa.int32()))
            part = rest.filter(pc.fill_null(mask, False))
            _write_parquet(part, settings.landing_dir / name / partition_dir(year) / f"{batch_id}.parquet", tmp)
    return counts


def land_batch(settings: Settings, batch_id: str, parsed: Sequence[ParsedReport]) -> dict[str, int]:
    """Write the batch files of parsed reports (see ``land_tables``). Rows per table."""
    return land_tables(settings, batch_id, batch_tables(batch_id, parsed))


def batch_files(settings: Settings, table: str, batch_id: str) -> list[Path]:
    """The files one batch wrote for one table (one per fiscal year)."""
    return sorted((settings.landing_dir / table).glob(f"{PARTITION}=*/{batch_id}.parquet"))


def data_files(settings: Settings) -> list[Path]:
    """Every landed table file (schema files included; the manifest excluded)."""
    return sorted(settings.landing_dir.glob(f"*/{PARTITION}=*/*.parquet"))


def ensure_schema_files(settings: Settings) -> None:
    """Keep a zero-row schema file per table so dbt sources find every column before any batch exists."""
    for name, table in batch_tables("_schema", []).items():
        target = settings.landing_dir / name / partition_dir(None) / SCHEMA_FILE
        _write_parquet(table.drop_columns([PARTITION]), target, settings.landing_dir / ".tmp")


def has_schema_files(settings: Settings) -> bool:
    return all((settings.landing_dir / n / partition_dir(None) / SCHEMA_FILE).exists() for n in schema.TABLES)


def remove_unreferenced_batches(settings: Settings, manifest: Sequence[FileRecord]) -> int:
    """Delete batch files no manifest row points to (left by crashes or superseded). Files removed."""
    live = {r.batch_id for r in manifest if r.status == "loaded"}
    removed = 0
    for path in data_files(settings):
        if path.stem not in live and path.name != SCHEMA_FILE:
            path.unlink(missing_ok=True)
            removed += 1
    for name in schema.TABLES:  # partitions left empty
        for part in (settings.landing_dir / name).glob(f"{PARTITION}=*"):
            if part.is_dir() and not any(part.iterdir()):
                part.rmdir()
    tmp = settings.landing_dir / ".tmp"
    if tmp.exists():
        for path in tmp.iterdir():
            path.unlink(missing_ok=True)
    return removed


def migrate_flat_layout(settings: Settings) -> int:
    """Move batch files of the earlier unpartitioned layout (``landing/<table>/<batch>.parquet``)
    into fiscal-year partitions. Idempotent and crash-safe: partition files are written
    atomically before a flat file is removed. Batches migrated."""
    flat_reports = sorted((settings.landing_dir / "reports").glob("*.parquet"))
    batches = [p.stem for p in flat_reports if p.name != SCHEMA_FILE]
    for batch_id in batches:
        reports = pq.read_table(settings.landing_dir / "reports" / f"{batch_id}.parquet")
        year_of = dict(zip(reports.column("report_id").to_pylist(), reports.column(PARTITION).to_pylist(), strict=True))
        tables = {}
        for name in schema.TABLES:
            path = settings.landing_dir / name / f"{batch_id}.parquet"
            if path.exists():
                t = pq.read_table(path)
                t = t.drop_columns([PARTITION]) if PARTITION in t.column_names else t
                years = [year_of.get(r) for r in t.column("report_id").to_pylist()]
                tables[name] = t.append_column(PARTITION, pa.array(years, pa.int32()))
        land_tables(settings, batch_id, tables)
        for name in schema.TABLES:
            if name != "reports":
                (settings.landing_dir / name / f"{batch_id}.parquet").unlink(missing_ok=True)
        (settings.landing_dir / "reports" / f"{batch_id}.parquet").unlink()  # last: it drives the migration
    for name in schema.TABLES:
        (settings.landing_dir / name / SCHEMA_FILE).unlink(missing_ok=True)
    return len(batches)
