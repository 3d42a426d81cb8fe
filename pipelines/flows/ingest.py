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

from pipelines import faults, inbox, landing, parse_stage, quarantine, run_history
from pipelines.model import FileRecord
from pipelines.progress import reporter
from pipelines.run_state import (
    base_summary,
    is_published,
    manifest_digest,
    new_run_id,
    plan_run,
    published_row_counts,
    published_state,
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


def validation_summary(outcome: Any, records: list[FileRecord]) -> dict[str, Any]:
    """The part of a ValidationOutcome the run summary shows, with each warning traced to its file."""
    from pipelines.quality.verdicts import check_name, describe

    def overall(r: Any) -> str:
        text = f"{check_name(r)}: {r.observed_value or r.error or 'failed'}"
        return f"{text} ({r.reason})" if r.reason else text

    loaded_last = sorted((r for r in records if r.report_id), key=lambda r: r.status == "loaded")
    files = {r.report_id: r.source_file for r in loaded_last}
    by_report: dict[str, list[str]] = {}
    for r in outcome.failures("warning"):
        for report_id in r.report_ids:
            by_report.setdefault(report_id, []).append(describe(r, report_id))
    return {
        "critical_passed": outcome.critical_passed,
        "expectations": len(outcome.results),
        "critical_failures": len(outcome.failures("critical")),
        "warnings": len(outcome.failures("warning")),
        "suites_digest": outcome.suites_digest,
        "failures": [describe(r) if r.failing_rows else overall(r) for r in outcome.failures("critical")],
        "warning_details": [overall(r) for r in outcome.failures("warning")],
        "warnings_by_report": [
            {"file": files.get(report_id, report_id), "report_id": report_id, "warnings": warnings}
            for report_id, warnings in sorted(by_report.items(), key=lambda kv: files.get(kv[0], kv[0]))
        ],
    }


def recheck_summary(rechecked: list[FileRecord], records: list[FileRecord], suites_digest: str | None) -> dict[str, Any]:
    """What became of reports held under earlier rules and checked again under the current ones."""
    now = {r.source_file: r for r in records}
    released = [r.source_file for r in rechecked if now.get(r.source_file) and now[r.source_file].status == "loaded"]
    still = [{"file": r.source_file, "reason": now[r.source_file].reason} for r in rechecked
             if now.get(r.source_file) and now[r.source_file].status == "quarantined"]
    return {"suites_digest": suites_digest, "rechecked": len(rechecked), "released": released, "still_held": still}


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
        summary["validation"] = validation_summary(outcome, records)
        dbt_tests_passed = dbt_result["success"]
        if outcome.critical_passed and dbt_tests_passed:
            write_build_info(build_path, run_id, digest, outcome.suites_digest)
            run_history.write_table(build_path, settings, _publishing_record(summary, records))
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
        records, held = quarantine.hold_back(records, reasons, outcome.suites_digest)
        held_all.extend(held)
        landing.write_manifest(settings, records)  # held reports leave the next build
        digest = manifest_digest(records)
    summary["held_by_quality"] = [{"file": r.source_file, "reason": r.reason} for r in held_all]
    if build_path.exists() and not summary["published"]:
        summary["unpublished_build"] = str(build_path)
    return records


def _publishing_record(summary: dict[str, Any], records: list[FileRecord]) -> dict[str, Any]:
    """The run-history row of this run as the file it publishes records it."""
    files = dict(summary["files"])
    for status in ("loaded", "quarantined", "duplicate"):
        files[status] = sum(1 for r in records if r.status == status)
    return run_history.record_from_summary(summary | {"files": files, "outcome": "published"}, published_version=None)


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
    started_at = dt.datetime.now(dt.UTC).isoformat()
    stages: dict[str, float] = {}
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    plan = _timed(stages, "discover", lambda: plan_run(settings))
    records, tables = _timed(stages, "parse", lambda: parse_and_resolve(settings, plan, run_id), total=len(plan.to_parse))
    published_rules = published_state(settings)[1]  # the rules the published warehouse was validated under
    counts = _timed(stages, "land", lambda: land(settings, run_id, records, tables))
    digest = manifest_digest(records)
    nothing_new = is_published(settings, digest, plan.suites_digest)
    summary = base_summary(run_id, settings, plan, records)
    summary.update(landed_rows=counts, nothing_new=nothing_new, stages=stages, started_at=started_at)
    if nothing_new:
        summary["validation"] = {"critical_passed": True, "skipped": "nothing new since the last publish"}
    else:
        records = _build_validate_publish(settings, run_id, records, digest, summary, stages)
    final = base_summary(run_id, settings, plan, records)  # quality may have held reports back
    summary["files"], summary["quarantined"] = final["files"], final["quarantined"]
    if plan.rechecked or published_rules not in (None, plan.suites_digest):  # the rules changed
        summary["rules_changed"] = recheck_summary(plan.rechecked, records, plan.suites_digest)
    summary["rows"] = published_row_counts(settings.published_path)
    summary["finished_at"] = dt.datetime.now(dt.UTC).isoformat()
    write_summary(settings, summary)
    return summary
