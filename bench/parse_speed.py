"""Parsing speed: the parse stage's unit of work on one core and on every core, and the
naive variant (one Prefect task per file) against the chunked stage, inside a real flow run.

    .venv/bin/python -m bench.parse_speed --raw DIR --workers 2             # reports/s, no Prefect
    .venv/bin/python -m bench.parse_speed --raw DIR --flow --chunk-size 1 --workers 1   # naive, in a flow

Prints one JSON object (files, seconds, reports per second, CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import Any

import psutil

from pipelines import inbox
from pipelines.parse_batch import parse_chunk_tables
from pipelines.parse_stage import chunks, process_pool


def _cpu() -> float:
    """CPU seconds of this process, its finished children and its live children (pool workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    live = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            t = child.cpu_times()
            live += t.user + t.system
        except psutil.Error:
            pass
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + live


def parse_files(files: list[inbox.InboxFile], workers: int, chunk_size: int = 25) -> dict[str, Any]:
    """Read + parse + Arrow conversion of ``files``: inline (1 worker) or on a process pool."""
    parts = chunks(files, chunk_size)
    if workers > 1:
        with process_pool(workers) as pool:  # pool start-up is not parsing: warm it first
            list(pool.map(parse_chunk_tables, [[]] * workers, ["warm"] * workers))
            cpu0, t0 = _cpu(), time.perf_counter()
            results = list(pool.map(parse_chunk_tables, parts, ["b"] * len(parts)))
            seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    else:
        parse_chunk_tables(files[:1], "warm")
        cpu0, t0 = _cpu(), time.perf_counter()
        results = [parse_chunk_tables(p, "b") for p in parts]
        seconds, cpu = time.perf_counter() - t0, _cpu() - cpu0
    loaded = sum(1 for r in results for rec in r.records if rec.status == "loaded")
    return {"files": len(files), "loaded": loaded, "workers": workers, "seconds": round(seconds, 3),
            "reports_per_s": round(len(files) / seconds, 1) if seconds else None, "cpu_s": round(cpu, 2)}


def parse_in_flow(files: list[inbox.InboxFile], workers: int, chunk_size: int, warehouse: Path) -> dict[str, Any]:
    """The parse stage inside a real Prefect flow run (what ``jixiao run`` does), timed from inside the flow."""
    from pipelines import prefect_env
    from pipelines.settings import Settings

    settings = Settings(raw_dir=files[0].path.parent if files else Path("."), warehouse_dir=warehouse,
                        chunk_size=chunk_size, workers=workers)
    prefect_env.configure(settings)
    from prefect import flow

    from pipelines import parse_stage

    @flow(name="bench-parse-stage", validate_parameters=False)
    def parse_stage_flow() -> dict[str, Any]:
        cpu0, t0 = _cpu(), time.perf_counter()
        results = parse_stage.run_chunks(settings, files, "bench")
        seconds = time.perf_counter() - t0
        return {"files": len(files), "tasks": len(results), "workers": workers, "chunk_size": chunk_size,
                "seconds": round(seconds, 3), "reports_per_s": round(len(files) / seconds, 1) if seconds else None,
                "cpu_s": round(_cpu() - cpu0, 2)}

    return parse_stage_flow()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--suffix", default="", help="only files with this extension, e.g. .docx")
    ap.add_argument("--flow", action="store_true", help="run as the parse stage of a Prefect flow")
    ap.add_argument("--chunk-size", type=int, default=50)
    ap.add_argument("--warehouse", type=Path, default=Path("/tmp/jixiao-bench-parse"))
    args = ap.parse_args()
    files = [f for f in inbox.discover(args.raw) if f.source_file.endswith(args.suffix)]
    files = files[: args.limit] if args.limit else files
    result = (parse_in_flow(files, args.workers, args.chunk_size, args.warehouse) if args.flow
              else parse_files(files, args.workers))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
