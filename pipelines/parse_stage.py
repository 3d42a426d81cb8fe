"""The parse stage: chunks of inbox files as Prefect tasks, the work spread over every core or a cluster.

One Prefect task per chunk of files (``settings.chunk_size``), never one per file (per-task
overhead). Where a chunk's work runs is chosen by the settings:

* **process pool** (default): each task hands its chunk to a pool of ``settings.workers``
  processes (default: every core), started once per run (forkserver, parser pre-imported),
  so Prefect tracks each chunk while parsing uses all cores;
* **inline** (``workers=1``): in the flow's process, on one core;
* **Dask** (``settings.dask_address``): the tasks run on a Dask cluster through prefect-dask's
  ``DaskTaskRunner``; ``"local"`` starts a ``LocalCluster`` on this machine, anything else is a
  scheduler address (``tcp://host:8786``) whose workers have jixiao installed and read the
  inbox at the same path (a shared or mounted folder).

Every chunk returns its manifest records and its rows as Arrow tables
(``parse_batch.ChunkResult``); landing then writes them in time proportional to rows.

Files with the same content are parsed once: the first (by path) loads, the others become
``duplicate`` records (or share its quarantine reason); a file whose content is already
loaded from an earlier run is a duplicate without being parsed.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyarrow as pa
from prefect import task
from prefect.cache_policies import NONE as NO_CACHE

from pipelines import PARSER_VERSION, faults, landing
from pipelines.inbox import InboxFile
from pipelines.model import FileRecord
from pipelines.parse_batch import ChunkResult, parse_chunk_tables
from pipelines.readers.base import unsupported_reason
from pipelines.settings import Settings

_pool: Executor | None = None  # the run's process pool, used by parse_chunk tasks in this process


@task(name="parse-chunk", cache_policy=NO_CACHE)
def parse_chunk(files: list[InboxFile], batch_id: str) -> ChunkResult:
    """Parse one chunk: in the run's process pool when there is one, else where the task runs."""
    result = _pool.submit(parse_chunk_tables, files, batch_id).result() if _pool else parse_chunk_tables(files, batch_id)
    faults.checkpoint("parse")
    return result


def worker_count(settings: Settings) -> int:
    """Processes that parse: ``settings.workers``, or every core this process may use."""
    if settings.workers:
        return settings.workers
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@contextmanager
def process_pool(workers: int) -> Iterator[Executor]:
    """A pool whose workers fork from a server that has already imported the parser."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["pipelines.parse_batch"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def chunks(files: Sequence[InboxFile], size: int) -> list[list[InboxFile]]:
    return [list(files[i: i + size]) for i in range(0, len(files), size)]


def run_chunks(settings: Settings, files: Sequence[InboxFile], batch_id: str,
               on_chunk: Callable[[ChunkResult], None] = lambda r: None) -> list[ChunkResult]:
    """Parse ``files`` chunk by chunk (inside a flow run); ``on_chunk`` is called as each finishes."""
    global _pool
    if not files:
        return []
    if settings.dask_address:
        return _run_on_dask(settings.dask_address, chunks(files, settings.chunk_size), batch_id, on_chunk)
    workers = worker_count(settings)
    # Small runs get smaller chunks (about four per worker), so that every core has work.
    size = min(settings.chunk_size, max(1, -(-len(files) // (4 * workers))))
    parts = chunks(files, size)
    workers = min(workers, len(parts))
    if workers <= 1:
        return _collect([parse_chunk.submit(p, batch_id) for p in parts], on_chunk)
    with process_pool(workers) as pool:
        _pool = pool
        try:
            return _collect([parse_chunk.submit(p, batch_id) for p in parts], on_chunk)
        finally:
            _pool = None


def _run_on_dask(address: str, parts: list[list[InboxFile]], batch_id: str,
                 on_chunk: Callable[[ChunkResult], None]) -> list[ChunkResult]:
    from prefect_dask import DaskTaskRunner

    runner = DaskTaskRunner() if address == "local" else DaskTaskRunner(address=address)
    with runner:
        futures = [runner.submit(parse_chunk, parameters={"files": p, "batch_id": batch_id}) for p in parts]
        return _collect(futures, on_chunk)


def _collect(futures: list, on_chunk: Callable[[ChunkResult], None]) -> list[ChunkResult]:
    results = []
    for fut in futures:  # in submission order: the outcome does not depend on timing
        result = fut.result()
        on_chunk(result)
        results.append(result)
    return results


@dataclass
class ContentPlan:
    """Which inbox files to parse, and which repeat content parsed here or loaded before."""

    to_parse: list[InboxFile] = field(default_factory=list)
    repeats: dict[str, list[InboxFile]] = field(default_factory=dict)  # sha -> later files with that content
    already_loaded: list[tuple[InboxFile, FileRecord]] = field(default_factory=list)


def plan_content(files: Sequence[InboxFile], keep: Sequence[FileRecord]) -> ContentPlan:
    """Parse each content once: the first file by path; content loaded by a kept file is not parsed."""
    loaded = {r.file_sha256: r for r in keep if r.status == "loaded"}
    plan = ContentPlan()
    first: set[str] = set()
    for f in sorted(files, key=lambda f: f.source_file):
        if f.sha256 in loaded:
            plan.already_loaded.append((f, loaded[f.sha256]))
        elif f.sha256 in first:
            plan.repeats.setdefault(f.sha256, []).append(f)
        else:
            first.add(f.sha256)
            plan.to_parse.append(f)
    return plan


def _repeat_record(f: InboxFile, of: FileRecord, batch_id: str) -> FileRecord:
    unsupported = unsupported_reason(f.path, f.path.read_bytes()) if f.path.suffix != Path(of.source_file).suffix else None
    if unsupported:  # the same bytes under a name no reader takes
        status, reason = "quarantined", unsupported
    elif of.status == "loaded":
        status, reason = "duplicate", f"same content as {of.source_file}"
    else:  # the same bytes fail the same way
        status, reason = of.status, of.reason
    return FileRecord(f.sha256, f.source_file, f.size_bytes, status, PARSER_VERSION, batch_id,
                      dt.datetime.now(dt.UTC), report_id=f.sha256[:16], format=of.format, reason=reason)


def resolve(plan: ContentPlan, results: Sequence[ChunkResult], keep: Sequence[FileRecord],
            batch_id: str) -> tuple[list[FileRecord], dict[str, pa.Table]]:
    """The new manifest (kept records + this run's) and the rows to land (loaded reports only)."""
    parsed = [r for res in results for r in res.records]
    by_sha = {r.file_sha256: r for r in parsed}
    records = list(keep) + parsed
    records += [_repeat_record(f, by_sha[sha], batch_id) for sha, fs in plan.repeats.items() for f in fs]
    records += [_repeat_record(f, replace(of), batch_id) for f, of in plan.already_loaded]
    tables = landing.concat_tables(res.tables for res in results)
    loaded_ids = [r.report_id for r in parsed if r.status == "loaded" and r.report_id]
    return records, landing.keep_reports(tables, loaded_ids)
