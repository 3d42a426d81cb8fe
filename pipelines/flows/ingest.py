"""The ingestion flow: discover -> parse (chunked) -> land -> dbt build -> validate -> publish.

Every stage is a Prefect task; parsing runs one task per chunk of files (per-task overhead
makes one task per file too slow at scale). The run summary accounts for every inbox file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

from prefect import flow, task
from prefect.cache_policies import NONE as NO_CACHE

from pipelines import PARSER_VERSION, inbox, landing
from pipelines.model import FileRecord
from pipelines.parse_batch import FileOutcome, parse_files
from pipelines.progress import reporter
from pipelines.settings import Settings

T = TypeVar("T")


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


@task(name="parse-chunk", cache_policy=NO_CACHE)
def parse_chunk(files: list[inbox.InboxFile], batch_id: str) -> list[FileOutcome]:
    outcomes = parse_files(files, batch_id)
    reporter().advance(len(files))
    return outcomes


@task(name="land", cache_policy=NO_CACHE)
def land(settings: Settings, batch_id: str, outcomes: list[FileOutcome], keep: list[FileRecord]) -> tuple[list[FileRecord], dict[str, int]]:
    """Write the batch files, then commit them by replacing the manifest."""
    records, parsed = resolve_duplicates(outcomes, keep)
    landing.ensure_schema_files(settings)
    counts = landing.land_batch(settings, batch_id, parsed) if parsed else {}
    landing.write_manifest(settings, records)
    landing.remove_unreferenced_batches(settings, records)
    return records, counts


def resolve_duplicates(outcomes: list[FileOutcome], keep: list[FileRecord]) -> tuple[list[FileRecord], list]:
    """The same content under two names loads once; the other name is recorded as a duplicate."""
    loaded_by_sha = {r.file_sha256: r.source_file for r in keep if r.status == "loaded"}
    records = list(keep)
    parsed = []
    for o in sorted(outcomes, key=lambda o: o.record.source_file):
        r = o.record
        if r.status == "loaded" and r.file_sha256 in loaded_by_sha:
            r.status, r.reason = "duplicate", f"same content as {loaded_by_sha[r.file_sha256]}"
        elif r.status == "loaded" and o.parsed is not None:
            loaded_by_sha[r.file_sha256] = r.source_file
            parsed.append(o.parsed)
        records.append(r)
    return records, parsed


@task(name="dbt-build", cache_policy=NO_CACHE)
def dbt_build(settings: Settings, build_path: Path) -> dict[str, Any]:
    from pipelines import dbt_runner

    result = dbt_runner.build(settings, build_path)
    return result if isinstance(result, dict) else asdict(result)


@task(name="validate", cache_policy=NO_CACHE)
def validate(settings: Settings, build_path: Path, run_id: str) -> Any:
    from pipelines import quality

    return quality.validate(settings, build_path, run_id)


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


def manifest_digest(records: list[FileRecord]) -> str:
    """What the landed state is: changes whenever any file's fate changes."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.source_file):
        h.update(f"{r.source_file}\0{r.file_sha256}\0{r.status}\0{r.batch_id}\0{r.parser_version}\n".encode())
    return h.hexdigest()


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
    started = dt.datetime.now(dt.UTC)
    stages: dict[str, float] = {}
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)

    def discover_and_plan() -> inbox.Plan:
        files = inbox.discover(settings.raw_dir)
        return inbox.plan(files, landing.read_manifest(settings), PARSER_VERSION, settings.prune)

    plan = _timed(stages, "discover", discover_and_plan)
    outcomes: list[FileOutcome] = []

    def parse_all() -> None:
        chunks = [plan.to_parse[i: i + settings.chunk_size] for i in range(0, len(plan.to_parse), settings.chunk_size)]
        futures = [parse_chunk.submit(chunk, run_id) for chunk in chunks]
        for fut in futures:
            outcomes.extend(fut.result())

    _timed(stages, "parse", parse_all, total=len(plan.to_parse))
    records, counts = _timed(stages, "land", lambda: land(settings, run_id, outcomes, plan.unchanged))
    digest = manifest_digest(records)
    published_digest_file = settings.state_dir / "published_manifest.sha256"
    nothing_new = (
        settings.published_path.exists()
        and published_digest_file.exists()
        and published_digest_file.read_text().strip() == digest
    )
    summary: dict[str, Any] = {
        "run_id": run_id,
        "started_at": started.isoformat(),
        "raw_dir": str(settings.raw_dir),
        "warehouse_dir": str(settings.warehouse_dir),
        "parser_version": PARSER_VERSION,
        "files": {
            "seen": plan.seen,
            "parsed": len(plan.to_parse),
            "unchanged": sum(1 for r in plan.unchanged if r.source_file),
            "removed": len(plan.removed),
            "loaded": sum(1 for r in records if r.status == "loaded"),
            "quarantined": sum(1 for r in records if r.status == "quarantined"),
            "duplicate": sum(1 for r in records if r.status == "duplicate"),
        },
        "quarantined": [{"file": r.source_file, "reason": r.reason} for r in records if r.status == "quarantined"],
        "duplicates": [{"file": r.source_file, "reason": r.reason} for r in records if r.status == "duplicate"],
        "landed_rows": counts,
        "nothing_new": nothing_new,
        "published": False,
        "stages": stages,
    }
    if nothing_new:
        summary["validation"] = {"critical_passed": True, "skipped": "nothing new since the last publish"}
    else:
        settings.build_dir.mkdir(parents=True, exist_ok=True)
        build_path = settings.build_dir / f"{run_id}.duckdb"
        try:
            dbt_result = _timed(stages, "dbt build", lambda: dbt_build(settings, build_path))
            summary["dbt"] = {k: v for k, v in dbt_result.items() if k != "nodes"} | {
                "failed_nodes": [n for n in dbt_result.get("nodes", []) if n.get("status") not in ("success", "pass")]
            }
            outcome = _timed(stages, "validate", lambda: validate(settings, build_path, run_id))
            summary["validation"] = validation_summary(outcome)
            passed = outcome.critical_passed and dbt_result.get("success", False)
            if passed:
                path = _timed(stages, "publish", lambda: publish(settings, build_path))
                published_digest_file.write_text(digest)
                summary["published"] = True
                summary["published_path"] = str(path)
        finally:
            if build_path.exists() and not summary["published"]:
                summary["unpublished_build"] = str(build_path)
    summary["rows"] = published_row_counts(settings.published_path)
    summary["finished_at"] = dt.datetime.now(dt.UTC).isoformat()
    write_summary(settings, summary)
    return summary


MART_TABLES = ("dim_report", "fct_budget_amounts", "fct_scores", "fct_findings", "fct_sections", "fct_projects",
               "fct_targets", "fct_other_figures", "ingest_files")


def published_row_counts(path: Path) -> dict[str, int]:
    """Rows per mart in the published warehouse (empty if none is published yet)."""
    if not path.exists():
        return {}
    import duckdb

    counts = {}
    with duckdb.connect(str(path), read_only=True) as con:
        existing = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
        for name in MART_TABLES:
            if name in existing:
                counts[name] = con.execute(f'select count(*) from "{name}"').fetchone()[0]
    return counts


def write_summary(settings: Settings, summary: dict[str, Any]) -> Path:
    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    path = settings.runs_dir / f"{summary['run_id']}.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path
