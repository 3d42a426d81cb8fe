"""What a run needs to know without starting Prefect: is there anything new, and the summary files.

A run with nothing new (no new, changed or removed inbox file since the last publish)
answers from here in about a second, without starting the orchestrator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from pathlib import Path
from typing import Any

from pipelines import PARSER_VERSION, inbox, landing
from pipelines.model import FileRecord
from pipelines.settings import Settings

MART_TABLES = ("dim_report", "dim_report_versions", "fct_budget_amounts", "fct_department_finances", "fct_sangong",
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


def write_build_info(db_path: Path, run_id: str, digest: str) -> None:
    """Record in the built file which run and which landed state it was built from."""
    import duckdb

    from pipelines import __version__

    with duckdb.connect(str(db_path)) as con:
        con.execute("create or replace table build_info (run_id varchar, manifest_digest varchar, built_at timestamptz,"
                    " parser_version varchar, jixiao_version varchar)")
        con.execute("insert into build_info values (?, ?, now(), ?, ?)", [run_id, digest, PARSER_VERSION, __version__])
        con.execute("checkpoint")


def published_digest(settings: Settings) -> str | None:
    """The landed state the published warehouse was built from (None if none is published)."""
    if not settings.published_path.exists():
        return None
    import duckdb

    try:
        with duckdb.connect(str(settings.published_path), read_only=True) as con:
            row = con.execute("select manifest_digest from build_info").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def is_published(settings: Settings, digest: str) -> bool:
    """True when the published warehouse was built from exactly this landed state."""
    return published_digest(settings) == digest


def plan_run(settings: Settings) -> inbox.Plan:
    files = inbox.discover(settings.raw_dir)
    return inbox.plan(files, landing.read_manifest(settings), PARSER_VERSION, settings.prune)


def nothing_new(settings: Settings, plan: inbox.Plan) -> bool:
    return not plan.to_parse and not plan.removed and is_published(settings, manifest_digest(plan.unchanged))


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
    settings.runs_dir.mkdir(parents=True, exist_ok=True)
    path = settings.runs_dir / f"{summary['run_id']}.json"
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path
