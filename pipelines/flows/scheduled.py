"""Scheduled ingestion: the ingestion flow as a Prefect deployment served on a cron or interval schedule.

``jixiao schedule`` calls :func:`serve`, which registers the deployment ``jixiao-scheduled-
ingest/<name>`` with the running Prefect server and polls it for due runs (one at a time).
Each run:

- waits for the warehouse's run lock (one writer at a time; a manual ``jixiao run`` in
  progress delays a scheduled one, up to ``lock_wait_seconds``, then the run fails and the
  next tick tries again);
- answers "nothing new" at once when no inbox file changed, else runs the ``jixiao-ingest``
  flow as a subflow, whose tasks (parse chunks, land, dbt build, validate, publish) show in
  the Prefect UI with their timings; an exception there (a transient failure: disk, a killed
  worker, a crash) retries the subflow ``retries`` times, ``retry_delay_seconds`` apart —
  a crashed run leaves the published warehouse intact and the retry completes it;
- ends Failed when validation blocked the publish (not retried: the data has to change),
  Completed otherwise, with a markdown artifact of the summary and stage timings.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from prefect import flow
from prefect.artifacts import create_markdown_artifact
from prefect.states import Completed, Failed

from pipelines import run_history
from pipelines.lock import RunLocked, run_lock
from pipelines.settings import Settings

FLOW_NAME = "jixiao-scheduled-ingest"
DEFAULT_DEPLOYMENT = "warehouse"


@contextmanager
def wait_for_lock(settings: Settings, wait_seconds: float, poll: float = 2.0) -> Iterator[None]:
    """Hold the run lock, waiting up to ``wait_seconds`` for another run to release it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            with run_lock(settings.lock_path):
                yield
                return
        except RunLocked:
            if time.monotonic() >= deadline:
                raise
            time.sleep(poll)


@flow(name=FLOW_NAME, log_prints=True, validate_parameters=True)
def scheduled_ingest(raw_dir: str, warehouse_dir: str, chunk_size: int = 50, prune: bool = False,
                     retries: int = 2, retry_delay_seconds: int = 60, lock_wait_seconds: int = 600) -> Any:
    """One scheduled run over the inbox (see the module docstring)."""
    from prefect.runtime import flow_run

    from pipelines.flows.ingest import ingest
    from pipelines.run_state import new_run_id, nothing_new, nothing_new_summary, plan_run

    run_history.trigger = "schedule"
    run_history.parent_flow_run_id = str(flow_run.id)
    settings = Settings(raw_dir=raw_dir, warehouse_dir=warehouse_dir, chunk_size=chunk_size, prune=prune)
    started = time.perf_counter()
    started_at = dt.datetime.now(dt.UTC).isoformat()
    try:
        with wait_for_lock(settings, lock_wait_seconds):
            plan = plan_run(settings)
            if nothing_new(settings, plan):
                summary = nothing_new_summary(settings, plan)
            else:
                summary = ingest.with_options(retries=retries, retry_delay_seconds=retry_delay_seconds)(settings)
    except Exception as exc:  # recorded in the run history, then the flow run fails
        run_history.append(settings, run_history.record_from_summary(
            {"run_id": new_run_id(), "started_at": started_at, "error": f"{type(exc).__name__}: {exc}",
             "elapsed_seconds": round(time.perf_counter() - started, 2)},
            published_version=run_history.published_version(settings)))
        raise
    summary["elapsed_seconds"] = round(time.perf_counter() - started, 2)
    create_markdown_artifact(key="jixiao-run-summary", markdown=summary_markdown(summary),
                             description=f"jixiao run {summary['run_id']}")
    outcome = run_history.outcome_of(summary)
    message = f"{outcome}: {summary['files']['seen']} files seen, {summary['files']['loaded']} loaded, " \
              f"{summary['files']['quarantined']} quarantined"
    print(message)
    if outcome == "blocked":
        return Failed(message=f"publish blocked: {summary.get('blocked_reason', 'validation failed')}", data=summary)
    return Completed(message=message, data=summary)


def summary_markdown(summary: dict[str, Any]) -> str:
    """The run summary as a markdown artifact: outcome, files and the time per stage."""
    f = summary["files"]
    lines = [
        f"# jixiao run {summary['run_id']}",
        f"**Outcome**: {run_history.outcome_of(summary)}",
        "",
        "| files seen | parsed | loaded | quarantined | duplicate |",
        "|---:|---:|---:|---:|---:|",
        f"| {f['seen']} | {f['parsed']} | {f['loaded']} | {f['quarantined']} | {f['duplicate']} |",
        "",
        "| stage | seconds |",
        "|---|---:|",
        *[f"| {name} | {seconds:.2f} |" for name, seconds in (summary.get("stages") or {}).items()],
        f"| **total** | {summary.get('elapsed_seconds', 0):.2f} |",
    ]
    if summary.get("blocked_reason"):
        lines += ["", f"Blocked: {summary['blocked_reason']}"]
    for q in summary.get("quarantined", [])[:50]:
        lines.append(f"- quarantined `{q['file']}`: {q['reason']}")
    return "\n".join(lines)


def serve(settings: Settings, *, cron: str | None = None, interval: float | None = None, name: str = DEFAULT_DEPLOYMENT,
          retries: int = 2, retry_delay_seconds: int = 60, lock_wait_seconds: int = 600) -> None:
    """Register the scheduled deployment and run its due runs until interrupted (blocks)."""
    from prefect.deployments.runner import EntrypointType

    parameters = {"raw_dir": str(settings.raw_dir), "warehouse_dir": str(settings.warehouse_dir),
                  "chunk_size": settings.chunk_size, "prune": settings.prune, "retries": retries,
                  "retry_delay_seconds": retry_delay_seconds, "lock_wait_seconds": lock_wait_seconds}
    scheduled_ingest.serve(
        name=name, cron=cron, interval=interval, parameters=parameters, limit=1,
        description=f"Ingest {settings.raw_dir} into {settings.warehouse_dir}",
        tags=["jixiao"], entrypoint_type=EntrypointType.MODULE_PATH, pause_on_shutdown=True,
    )
