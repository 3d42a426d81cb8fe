"""Helpers shared by the end-to-end tests: one real ingestion flow run, and a query of what it published."""

from __future__ import annotations

import duckdb

from pipelines import prefect_env
from pipelines.settings import Settings


def run(settings: Settings) -> dict:
    """One real ingestion flow run (Prefect, dbt, Great Expectations) with these settings; its summary."""
    prefect_env.configure(settings)
    from pipelines.flows.ingest import ingest

    return ingest(settings)


def published(settings: Settings, sql: str) -> list[tuple]:
    """Rows of ``sql`` on the published warehouse, opened read-only."""
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()
