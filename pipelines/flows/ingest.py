"""The ingestion flow: discover -> parse (chunked) -> land -> dbt build -> validate -> publish.

Every stage is a Prefect task; parsing runs one task per chunk of files (per-task overhead
makes one task per file too slow at scale), spread over every core or a Dask cluster
(``pipelines.parse_stage``), and hands landing Arrow tables. The run summary accounts for
every inbox file.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from pipelines import faults, inbox, landing, parse_stage, quarantine
from pipelines.model import FileRecord
from pipelines.progress import reporter
from pipelines.run_state import (
    base_summary,
    is_published,
    manifest_digest,
    new_run_id,
    plan_run,
    published_row_counts,
    write_build_info,
    write_summary,
)
from pipelines.settings import Settings

T = TypeVar("T")


@task(name="land", cache_policy=NO_CACHE)
def land(settings: Settings, batch_id: str, records: list[FileRecord], tables: dict[str, pa.Table]) -> dict[str, int]:
    """Write the batch files (one per table and fiscal year), then commit them by replacing the manifest."""
    landing.migrate_flat_layout(settings)
    if not landing.has_schema_files(settings):
        landing.ensure_schema_files(settings)
    counts = landing.land_tables(settings, batch_id, tables) if tables["reports"].num_rows else {}
    faults.checkpoint("land")
    landing.write_manifest(settings, records)
    landing.remove_unreferenced_batches(settings, records)
    return counts


def parse_and_resolve(settings: Settings, plan: inbox.Plan, batch_id: str) -> tuple[list[FileRecord], dict[str, pa.Table]]:
    """Parse the new and changed files (each content once, on every core); the new manifest and the rows to land."""
    content = parse_stage.plan_content(plan.to_parse, plan.unchanged)
    results = parse_stage.run_chunks(settings, content.to_parse, batch_id,
                                     on_chunk=lambda r: reporter().advance(len(r.records)))
    reporter().advance(len(plan.to_parse) - len(content.to_parse))
    return parse_stage.resolve(content, results, plan.unchanged, batch_id)


@task(name="dbt-build", cache_policy=NO_CACHE)
def dbt_build(settings: Settings, build_path: Path) -> dict[str, Any]:
    from pipelines import dbt_runner

    try:
        result = dbt_runner.build(settings, build_path)
    except dbt_runner.DbtBuildError as exc:  # a model failed to build: reported, not raised
        return {"success": False, "error": str(exc), "nodes": []}
    return asdict(result)


@task(name="validate", cache_policy=NO_CACHE)
def validate(settings: Settings, build_path: Path, run_id: str) -> Any:
    from pipelines import quality

    outcome = quality.validate(settings, build_path, run_id)
    faults.checkpoint("validate")
    return outcome


@task(name="publish", cache_policy=NO_CACHE)
def publish(settings: Settings, build_path: Path) -> Path:
    from pipelines import publish as publisher

    return publisher.publish(settings, build_path)


def validation_summary(outcome: Any) -> dict[str, Any]:
    """The part of a ValidationOutcome the run summary shows."""
    def describe(r: Any) -> str:
        where = f"{r.table}.{r.column}" if r.column else r.table
        return f"{r.expectation} on {where}: {r.observed_value or r.error or 'failed'}"

    return {
        "critical_passed": outcome.critical_passed,
        "expectations": len(outcome.results),
        "critical_failures": len(outcome.failures("critical")),
        "warnings": len(outcome.failures("warning")),
        "failures": [describe(r) for r in outcome.failures("critical")],
        "warning_details": [describe(r) for r in outcome.failures("warning")],
    }


def _build_validate_publish(settings: Settings, run_id: str, records: list[FileRecord], digest: str,
                            summary: dict[str, Any], stages: dict[str, float]) -> list[FileRecord]:
    """Build a new DuckDB file, validate it, hold back failing reports (rebuilding once), publish.

    The published warehouse is replaced only by a file that passed every critical check.
    """
    settings.build_dir.mkdir(parents=True, exist_ok=True)
    build_path = settings.build_dir / f"{run_id}.duckdb"
    held_all: list[FileRecord] = []
    for attempt in (1, 2):
        dbt_result = _timed(stages, "dbt build", lambda: dbt_build(settings, build_path))
        summary["dbt"] = {k: v for k, v in dbt_result.items() if k != "nodes"} | {
            "failed_nodes": [n for n in dbt_result.get("nodes", []) if n.get("status") not in ("success", "pass")]
        }
        if dbt_result.get("error"):  # a model failed to build: a batch-level break, nothing is published
            summary["validation"] = {"critical_passed": False, "failures": [dbt_result["error"]]}
            summary["blocked_reason"] = f"dbt build failed: {dbt_result['error']}"
            break
        outcome = _timed(stages, "validate", lambda: validate(settings, build_path, run_id))
        summary["validation"] = validation_summary(outcome)
        dbt_tests_passed = dbt_result["success"]
        if outcome.critical_passed and dbt_tests_passed:
            write_build_info(build_path, run_id, digest)
            path = _timed(stages, "publish", lambda: publish(settings, build_path))
            summary["published"], summary["published_path"] = True, str(path)
            break
        reasons = quarantine.reasons_by_report(outcome)
        if attempt == 2 or not dbt_tests_passed or quarantine.batch_level_failures(outcome) or not reasons:
            summary["blocked_reason"] = (
                "dbt tests failed" if not dbt_tests_passed
                else "critical failures not traced to single reports" if quarantine.batch_level_failures(outcome)
                else "critical failures remain after holding back failing reports"
            )
            break
        records, held = quarantine.hold_back(records, reasons)
        held_all.extend(held)
        landing.write_manifest(settings, records)  # held reports leave the next build
        digest = manifest_digest(records)
    summary["held_by_quality"] = [{"file": r.source_file, "reason": r.reason} for r in held_all]
    if build_path.exists() and not summary["published"]:
        summary["unpublished_build"] = str(build_path)
    return records


def _timed(stages: dict[str, float], name: str, fn: Callable[[], T], total: int | None = None) -> T:
    reporter().stage(name, total)
    t0 = time.perf_counter()
    try:
        return fn()
    finally:
        stages[name] = round(time.perf_counter() - t0, 3)


@flow(name="jixiao-ingest", log_prints=False, validate_parameters=False)
def ingest(settings: Settings) -> dict[str, Any]:
    """One run over the inbox; returns the run summary (also written to warehouse/runs/)."""
    run_id = new_run_id()
    stages: dict[str, float] = {}
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    plan = _timed(stages, "discover", lambda: plan_run(settings))
    records, tables = _timed(stages, "parse", lambda: parse_and_resolve(settings, plan, run_id), total=len(plan.to_parse))
    counts = _timed(stages, "land", lambda: land(settings, run_id, records, tables))
    digest = manifest_digest(records)
    nothing_new = is_published(settings, digest)
    summary = base_summary(run_id, settings, plan, records)
    summary.update(landed_rows=counts, nothing_new=nothing_new, stages=stages)
    if nothing_new:
        summary["validation"] = {"critical_passed": True, "skipped": "nothing new since the last publish"}
    else:
        records = _build_validate_publish(settings, run_id, records, digest, summary, stages)
    final = base_summary(run_id, settings, plan, records)  # quality may have held reports back
    summary["files"], summary["quarantined"] = final["files"], final["quarantined"]
    summary["rows"] = published_row_counts(settings.published_path)
    summary["finished_at"] = dt.datetime.now(dt.UTC).isoformat()
    write_summary(settings, summary)
    return summary
