"""Land parsed reports as Parquet, atomically, committed by the manifest.

Each batch writes one file per table (``landing/<table>/<batch_id>.parquet``, every table
even when empty, so the dbt sources always find files) and then replaces
``landing/manifest.parquet``. The manifest is the commit point: staging models read only
rows whose ``(report_id, batch_id)`` the manifest lists as loaded, so a batch file left by
a crash before the manifest swap is never visible, and is removed by the next run.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines import schema
from pipelines.atomic import write_atomic
from pipelines.model import FileRecord, ParsedReport
from pipelines.settings import Settings


def _write_parquet(table: pa.Table, target: Path, tmp_dir: Path) -> None:
    write_atomic(target, lambda tmp: pq.write_table(table, tmp, compression="zstd"), tmp_dir=tmp_dir)


def batch_tables(batch_id: str, parsed: Sequence[ParsedReport]) -> dict[str, pa.Table]:
    """One Arrow table per landed table, with a ``batch_id`` column appended."""
    tables: dict[str, pa.Table] = {}
    for name, row_class in schema.TABLES.items():
        if name == "reports":
            rows: Iterable = (p.report for p in parsed)
        else:
            rows = (row for p in parsed for row in getattr(p, name))
        table = schema.to_arrow(row_class, rows)
        tables[name] = table.append_column("batch_id", pa.array([batch_id] * table.num_rows, pa.string()))
    return tables


def read_manifest(settings: Settings) -> list[FileRecord]:
    """The committed manifest (empty before the first run)."""
    if not settings.manifest_path.exists():
        return []
    rows = pq.read_table(settings.manifest_path).to_pylist()
    return [FileRecord(**row) for row in rows]


def write_manifest(settings: Settings, records: Sequence[FileRecord]) -> None:
    """Replace the manifest in one step (the landing commit point)."""
    ordered = sorted(records, key=lambda r: r.source_file)
    table = schema.to_arrow(FileRecord, ordered)
    _write_parquet(table, settings.manifest_path, settings.landing_dir / ".tmp")


def land_batch(settings: Settings, batch_id: str, parsed: Sequence[ParsedReport]) -> dict[str, int]:
    """Write the batch's table files (not yet visible: the manifest does not list them). Rows per table."""
    counts = {}
    for name, table in batch_tables(batch_id, parsed).items():
        _write_parquet(table, settings.landing_dir / name / f"{batch_id}.parquet", settings.landing_dir / ".tmp")
        counts[name] = table.num_rows
    return counts


def ensure_schema_files(settings: Settings) -> None:
    """Keep a zero-row ``_schema.parquet`` per table so dbt sources find files before any batch exists."""
    for name, table in batch_tables("_schema", []).items():
        _write_parquet(table, settings.landing_dir / name / "_schema.parquet", settings.landing_dir / ".tmp")


def remove_unreferenced_batches(settings: Settings, manifest: Sequence[FileRecord]) -> int:
    """Delete batch files no manifest row points to (left by crashes or superseded). Files removed."""
    live = {r.batch_id for r in manifest if r.status == "loaded"}
    removed = 0
    for name in schema.TABLES:
        for path in (settings.landing_dir / name).glob("*.parquet"):
            if path.stem not in live and path.name != "_schema.parquet":
                path.unlink(missing_ok=True)
                removed += 1
    tmp = settings.landing_dir / ".tmp"
    if tmp.exists():
        for path in tmp.iterdir():
            path.unlink(missing_ok=True)
    return removed
