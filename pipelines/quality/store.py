"""Where validation results go: table ``dq_results`` in the built DuckDB and ``dq/latest.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.atomic import write_atomic
from pipelines.quality.results import ValidationOutcome

DQ_TABLE = "main.dq_results"

DQ_SCHEMA = pa.schema(
    [
        pa.field("run_id", pa.string()),
        pa.field("validated_at", pa.timestamp("us", tz="UTC")),
        pa.field("suite", pa.string()),
        pa.field("table_name", pa.string()),
        pa.field("expectation_id", pa.string()),
        pa.field("expectation", pa.string()),
        pa.field("column_name", pa.string()),
        pa.field("severity", pa.string()),
        pa.field("success", pa.bool_()),
        pa.field("observed_value", pa.string()),
        pa.field("report_id", pa.string()),
        pa.field("unexpected_count", pa.int64()),
        pa.field("element_count", pa.int64()),
        pa.field("unexpected_examples", pa.string()),  # JSON array
        pa.field("kwargs", pa.string()),  # JSON object
        pa.field("error", pa.string()),
        pa.field("reason", pa.string()),  # what the failure means (the suite's reason)
        pa.field("details", pa.string()),  # JSON array: this report's failing rows (figure, sentence...)
        pa.field("suites_digest", pa.string()),  # the rules the verdict was reached under
    ]
)


def dq_rows(outcome: ValidationOutcome) -> list[dict[str, Any]]:
    """One row per expectation, or one per failing report when the failing rows name reports."""
    rows = []
    for r in outcome.results:
        base = {
            "run_id": outcome.run_id,
            "validated_at": outcome.validated_at,
            "suite": r.suite,
            "table_name": r.table,
            "expectation_id": r.expectation_id,
            "expectation": r.expectation,
            "column_name": r.column,
            "severity": r.severity,
            "success": r.success,
            "observed_value": r.observed_value,
            "unexpected_count": r.unexpected_count,
            "element_count": r.element_count,
            "unexpected_examples": json.dumps(r.unexpected_examples, ensure_ascii=False),
            "kwargs": json.dumps(r.kwargs, ensure_ascii=False),
            "error": r.error,
            "reason": r.reason,
            "suites_digest": outcome.suites_digest,
        }
        for report_id in r.report_ids or [None]:
            details = r.rows_of(report_id) if report_id else r.failing_rows
            rows.append({**base, "report_id": report_id,
                         "details": json.dumps(details, ensure_ascii=False, default=str) if details else None})
    return rows


def write_dq_table(con: duckdb.DuckDBPyConnection, outcome: ValidationOutcome) -> int:
    """Replace ``dq_results`` with this validation's rows (the file holds the results of its own data)."""
    table = pa.Table.from_pylist(dq_rows(outcome), schema=DQ_SCHEMA)
    con.register("_jixiao_dq_rows", table)
    try:
        con.execute(f"create or replace table {DQ_TABLE} as select * from _jixiao_dq_rows")
        con.execute(
            f"comment on table {DQ_TABLE} is "
            "'Great Expectations results of the run that built this file: one row per expectation, "
            "or per failing report_id with its failing rows in details (数据质量校验结果)'"
        )
    finally:
        con.unregister("_jixiao_dq_rows")
    return table.num_rows


def write_latest_json(dq_dir: Path, outcome: ValidationOutcome) -> Path:
    """``dq/latest.json``: the whole outcome, written atomically."""
    target = dq_dir / "latest.json"
    text = json.dumps(outcome.to_dict(), ensure_ascii=False, indent=2, default=str)
    write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    return target
