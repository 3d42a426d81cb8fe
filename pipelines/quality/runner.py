"""Validate a built DuckDB file against the suites in ``expectations/``."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from pathlib import Path

import duckdb

from pipelines.quality import docs, store
from pipelines.quality.engine import Validator, missing_table_outcome, quiet
from pipelines.quality.results import ExpectationOutcome, ValidationOutcome
from pipelines.quality.suites import Suite, load_suites, suites_digest
from pipelines.settings import Settings


def validate(
    settings: Settings,
    db_path: Path,
    run_id: str,
    *,
    suites: Sequence[Suite] | None = None,
    write_docs: bool = True,
) -> ValidationOutcome:
    """Run every suite on its table in ``db_path``; record the results; return the outcome.

    Writes table ``dq_results`` into ``db_path`` (checkpointed), ``dq/latest.json`` and the
    Data Docs page ``dq/docs/index.html``. Never raises for failed expectations: the caller
    gates on ``outcome.critical_passed``.
    """
    started = time.perf_counter()
    suites = list(suites) if suites is not None else load_suites(settings.expectations_dir)
    validated_at = dt.datetime.now(dt.UTC)
    validator = Validator()
    results: list[ExpectationOutcome] = []
    con = duckdb.connect(str(db_path))
    try:
        for suite in suites:
            try:
                with quiet():  # pandas deprecation notes from DuckDB's conversion
                    frame = con.sql(suite.sql).df()
            except duckdb.Error as exc:
                what = suite.table if suite.query is None else f"the rows of suite {suite.name} ({suite.table})"
                results.append(missing_table_outcome(suite, f"cannot read {what}: {exc}"))
                continue
            results.extend(validator.run(suite, frame))
        report_files = _report_files(con)
        outcome = ValidationOutcome(
            run_id=run_id,
            validated_at=validated_at,
            db_path=Path(db_path),
            results=results,
            elapsed=time.perf_counter() - started,
            suites_digest=suites_digest(suites),
            report_files=report_files,
        )
        store.write_dq_table(con, outcome)
        con.execute("checkpoint")
    finally:
        con.close()
    store.write_latest_json(settings.dq_dir, outcome)
    if write_docs:
        docs.write_docs(settings.dq_dir / "docs", outcome)
    return outcome


def _report_files(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """report_id -> source file of every report in the built file (empty when dim_report is unreadable)."""
    try:
        rows = con.execute("select report_id, source_file from main.dim_report").fetchall()
    except duckdb.Error:
        return {}
    return {str(rid): str(name) for rid, name in rows if rid is not None}
