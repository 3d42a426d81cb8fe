"""What a run needs to know without starting Prefect: is there anything new, and the summary files.

A run with nothing new (no new, changed or removed inbox file, and the same quality rules,
since the last publish) answers from here in about a second, without starting the
orchestrator. When the rules (``expectations/*.yml``) changed, reports held under the old
rules are planned for re-checking and the warehouse is rebuilt and validated again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from pipelines import PARSER_VERSION, inbox, landing, quarantine
from pipelines.model import FileRecord
from pipelines.settings import Settings

MART_TABLES = ("dim_report", "dim_report_versions", "fct_budget_amounts", "fct_budget_changes",
               "fct_department_finances", "fct_sangong",
               "fct_staffing", "fct_projects", "fct_targets", "fct_self_evaluations", "fct_scores", "fct_findings",
               "fct_sections", "fct_other_figures", "ingest_files")


def new_run_id() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]


def manifest_digest(records: list[FileRecord]) -> str:
    """What the landed state is: changes whenever any file's fate changes."""
    h = hashlib.sha256()
    for r in sorted(records, key=lambda r: r.source_file):
        h.update(f"{r.source_file}\0{r.file_sha256}\0{r.status}\0{r.batch_id}\0{r.parser_version}\n".encode())
    return h.hexdigest()


def current_suites_digest(settings: Settings) -> str:
    """Digest of the quality rules as they are now (``quality.suites.suites_digest``)."""
    from pipelines.quality.suites import load_suites, suites_digest

    return suites_digest(load_suites(settings.expectations_dir))


def write_build_info(db_path: Path, run_id: str, digest: str, suites_digest: str | None = None) -> None:
    """Record in the built file which run, landed state and quality rules it was built and validated with."""
    import duckdb

    from pipelines import __version__

    with duckdb.connect(str(db_path)) as con:
        con.execute("create or replace table build_info (run_id varchar, manifest_digest varchar, built_at timestamptz,"
                    " parser_version varchar, jixiao_version varchar, suites_digest varchar)")
        con.execute("insert into build_info values (?, ?, now(), ?, ?, ?)",
                    [run_id, digest, PARSER_VERSION, __version__, suites_digest])
        con.execute("checkpoint")


def published_state(settings: Settings) -> tuple[str | None, str | None]:
    """(landed-state digest, rules digest) the published warehouse was built with ((None, None) if none)."""
    if not settings.published_path.exists():
        return None, None
    import duckdb

    try:
        with duckdb.connect(str(settings.published_path), read_only=True) as con:
            row = con.execute("select manifest_digest, suites_digest from build_info").fetchone()
    except duckdb.Error:  # none published yet, or built before rules digests were recorded
        return None, None
    return (row[0], row[1]) if row else (None, None)


def is_published(settings: Settings, digest: str, suites_digest: str | None) -> bool:
    """True when the published warehouse was built from exactly this landed state under these rules."""
    return published_state(settings) == (digest, suites_digest)


def plan_run(settings: Settings) -> inbox.Plan:
    """What this run must parse: new and changed files, and reports held under rules that changed since."""
    files = inbox.discover(settings.raw_dir)
    digest = current_suites_digest(settings)
    plan = inbox.plan(files, landing.read_manifest(settings), PARSER_VERSION, settings.prune,
                      recheck=lambda r: quarantine.needs_recheck(r, digest))
    plan.suites_digest = digest
    return plan


def nothing_new(settings: Settings, plan: inbox.Plan) -> bool:
    return (not plan.to_parse and not plan.removed
            and is_published(settings, manifest_digest(plan.unchanged), plan.suites_digest))


def base_summary(run_id: str, settings: Settings, plan: inbox.Plan, records: list[FileRecord]) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "started_at": dt.datetime.now(dt.UTC).isoformat(),
        "raw_dir": str(settings.raw_dir),
        "warehouse_dir": str(settings.warehouse_dir),
        "parser_version": PARSER_VERSION,
        "files": {
            "seen": plan.seen,
            "parsed": len(plan.to_parse),
            "unchanged": plan.seen - len(plan.to_parse),
            "removed": len(plan.removed),
            "loaded": sum(1 for r in records if r.status == "loaded"),
            "quarantined": sum(1 for r in records if r.status == "quarantined"),
            "duplicate": sum(1 for r in records if r.status == "duplicate"),
        },
        "quarantined": [{"file": r.source_file, "reason": r.reason} for r in records if r.status == "quarantined"],
        "duplicates": [{"file": r.source_file, "reason": r.reason} for r in records if r.status == "duplicate"],
        "nothing_new": False,
        "published": False,
        "stages": {},
    }


def nothing_new_summary(settings: Settings, plan: inbox.Plan) -> dict[str, Any]:
    """The summary of a run that found nothing to do (written like any other run's)."""
    summary = base_summary(new_run_id(), settings, plan, plan.unchanged)
    summary["nothing_new"] = True
    summary["validation"] = {"critical_passed": True, "skipped": "nothing new since the last publish"}
    summary["rows"] = published_row_counts(settings.published_path)
    summary["finished_at"] = dt.datetime.now(dt.UTC).isoformat()
    write_summary(settings, summary)
    return summary


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
    """Save the run summary as JSON and add the run to the run history."""
    from pipelines import run_history

    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    path = settings.runs_dir / f"{summary['run_id']}.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    run_history.append(settings, run_history.record_from_summary(
        summary, published_version=run_history.published_version(settings)))
    return path
