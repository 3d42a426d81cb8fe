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
from pipelines.quality.suites import Suite, load_suites
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
    suites = list(suites) if suites is not None else load_suites()
    validated_at = dt.datetime.now(dt.UTC)
    validator = Validator()
    results: list[ExpectationOutcome] = []
    con = duckdb.connect(str(db_path))
    try:
        for suite in suites:
            try:
                with quiet():  # pandas deprecation notes from DuckDB's conversion
                    frame = con.sql(f"select * from {suite.table}").df()
            except duckdb.Error as exc:
                results.append(missing_table_outcome(suite, f"cannot read {suite.table}: {exc}"))
                continue
            results.extend(validator.run(suite, frame))
        outcome = ValidationOutcome(
            run_id=run_id,
            validated_at=validated_at,
            db_path=Path(db_path),
            results=results,
            elapsed=time.perf_counter() - started,
        )
        store.write_dq_table(con, outcome)
        con.execute("checkpoint")
    finally:
        con.close()
    store.write_latest_json(settings.dq_dir, outcome)
    if write_docs:
        docs.write_docs(settings.dq_dir / "docs", outcome)
    return outcome
