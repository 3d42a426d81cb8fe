"""Run history: one record per run, kept in ``warehouse/runs/history.jsonl`` and published as a table.

Every run — from ``jixiao run``, a schedule, or one that failed — appends one line to the
ledger (an ``O_APPEND`` write of one JSON line; a torn last line is skipped when read).
Each published file carries the ledger up to and including the run that built it as
``main.run_history``; runs after the last publish (nothing new, blocked, failed) are in the
ledger and in ``jixiao runs``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from pipelines.settings import Settings

TABLE = "main.run_history"
trigger = "cli"  # what starts runs in this process; the scheduled flow sets "schedule"
parent_flow_run_id: str | None = None  # the scheduled flow run (the one the UI lists), set by that flow
LEDGER_NAME = "history.jsonl"

# column -> DuckDB type, in table order
COLUMNS: dict[str, str] = {
    "run_id": "varchar",
    "started_at": "timestamptz",
    "finished_at": "timestamptz",
    "trigger": "varchar",
    "outcome": "varchar",
    "files_seen": "integer",
    "files_parsed": "integer",
    "files_loaded": "integer",
    "files_quarantined": "integer",
    "files_duplicate": "integer",
    "published_version": "varchar",
    "elapsed_seconds": "double",
    "stage_seconds": "varchar",
    "detail": "varchar",
    "prefect_flow_run_id": "varchar",
}
COMMENTS = {
    "": "One row per pipeline run up to the run that built this file (运行记录); later runs: `jixiao runs`",
    "run_id": "Run identifier (UTC start time + random suffix)",
    "trigger": "What started the run: cli or schedule (a Prefect deployment)",
    "outcome": "published, nothing new, blocked (validation held the publish back) or failed",
    "published_version": "run_id of the warehouse version published after this run",
    "stage_seconds": "Seconds per stage (JSON: discover, parse, land, dbt build, validate, publish)",
    "detail": "Why a run was blocked or failed",
    "prefect_flow_run_id": "The Prefect flow run (see it in the Prefect UI) when the run had one",
}


def ledger_path(settings: Settings) -> Path:
    return settings.runs_dir / LEDGER_NAME


def outcome_of(summary: dict[str, Any]) -> str:
    if summary.get("error"):
        return "failed"
    if summary.get("nothing_new"):
        return "nothing new"
    return "published" if summary.get("published") else "blocked"


def record_from_summary(summary: dict[str, Any], *, published_version: str | None) -> dict[str, Any]:
    """The history row of one run summary."""
    files = summary.get("files") or {}
    outcome = summary.get("outcome") or outcome_of(summary)
    return {
        "run_id": summary["run_id"],
        "started_at": summary.get("started_at"),
        "finished_at": summary.get("finished_at") or dt.datetime.now(dt.UTC).isoformat(),
        "trigger": summary.get("trigger") or _trigger(),
        "outcome": outcome,
        "files_seen": files.get("seen"),
        "files_parsed": files.get("parsed"),
        "files_loaded": files.get("loaded"),
        "files_quarantined": files.get("quarantined"),
        "files_duplicate": files.get("duplicate"),
        "published_version": summary["run_id"] if outcome == "published" else published_version,
        "elapsed_seconds": summary.get("elapsed_seconds"),
        "stage_seconds": json.dumps(summary.get("stages") or {}, ensure_ascii=False),
        "detail": summary.get("error") or summary.get("blocked_reason"),
        "prefect_flow_run_id": summary.get("prefect_flow_run_id") or _flow_run_id(),
    }


def append(settings: Settings, record: dict[str, Any]) -> None:
    """Append one run to the ledger (one write of one line)."""
    path = ledger_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(settings: Settings) -> list[dict[str, Any]]:
    """Every recorded run, oldest first (lines that do not parse are skipped)."""
    path = ledger_path(settings)
    if not path.exists():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict) and row.get("run_id"):
            rows.append(row)
    return rows


def write_table(db_path: Path, settings: Settings, current: dict[str, Any]) -> None:
    """Create ``main.run_history`` in the build file: the ledger plus ``current`` (the run publishing it)."""
    import duckdb

    rows = [r for r in read(settings) if r["run_id"] != current["run_id"]] + [current]
    cols = list(COLUMNS)
    with duckdb.connect(str(db_path)) as con:
        con.execute(f"create or replace table {TABLE} ({', '.join(f'{c} {t}' for c, t in COLUMNS.items())})")
        con.executemany(f"insert into {TABLE} values ({', '.join('?' for _ in cols)})",
                        [[row.get(c) for c in cols] for row in rows])
        con.execute(f"comment on table {TABLE} is {_quote(COMMENTS[''])}")
        for col, text in COMMENTS.items():
            if col:
                con.execute(f"comment on column {TABLE}.{col} is {_quote(text)}")
        con.execute("checkpoint")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _flow_run_id() -> str | None:
    """The Prefect flow run this code runs in (the scheduled parent run, if any), without importing Prefect."""
    if parent_flow_run_id:
        return parent_flow_run_id
    if "prefect" not in __import__("sys").modules:
        return None
    try:
        from prefect.runtime import flow_run

        return str(flow_run.id) if flow_run.id else None
    except Exception:  # noqa: BLE001 - history must never fail a run
        return None


def _trigger() -> str:
    return trigger


def published_version(settings: Settings) -> str | None:
    """The run id of the warehouse version currently published (None if none is)."""
    if not settings.published_path.exists():
        return None
    import duckdb

    try:
        with duckdb.connect(str(settings.published_path), read_only=True) as con:
            row = con.execute("select run_id from main.publish_info").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None
