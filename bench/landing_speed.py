"""Landing alone: the landed rows of a warehouse written again as one batch, at 1x and 2x their number.

Shows that landing time follows rows, not files, and gives CPU seconds beside wall seconds
(on a shared machine the fsyncs wait on other people's I/O).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines import landing, schema
from pipelines.settings import Settings


def landed_tables(landing_dir: Path) -> dict[str, pa.Table]:
    """Every landed row of a landing zone, per table, in the shape the parse stage hands to landing."""
    tables = {}
    for name in schema.TABLES:
        rel = duckdb.sql(f"""select * exclude (batch_id, fiscal_year), cast(fiscal_year as integer) as fiscal_year
            from read_parquet('{landing_dir}/{name}/fiscal_year=*/*.parquet', hive_partitioning=true, union_by_name=true)""")
        table = rel.arrow()
        table = table.read_all() if hasattr(table, "read_all") else table
        tables[name] = table.append_column("batch_id", pa.array(["bench"] * table.num_rows, pa.string()))
    return tables


def measure(landing_dir: Path, reports: int) -> list[dict[str, Any]]:
    """Land the rows of ``reports`` reports, then of at least 2,000: seconds (wall, CPU) and rows."""
    base = landed_tables(landing_dir)
    out = []
    for factor in (1, max(2, -(-2000 // max(reports, 1)))):
        tables = {n: pa.concat_tables([t] * factor) for n, t in base.items()}
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(warehouse_dir=Path(tmp))
            cpu0, t0 = time.process_time(), time.perf_counter()
            landing.land_tables(settings, "bench", tables)
            out.append({"reports": reports * factor, "rows": sum(t.num_rows for t in tables.values()),
                        "wall_s": round(time.perf_counter() - t0, 3), "cpu_s": round(time.process_time() - cpu0, 3),
                        "files": len(landing.data_files(settings))})
    return out
