"""Measuring a command: wall time, CPU time and peak memory of its whole process tree, and the machine.

Peak memory is the largest sum of RSS over the process and all its descendants (sampled with
psutil every 0.1 s), so pool workers, Prefect's server and dbt count. CPU seconds are the larger of
``getrusage(RUSAGE_CHILDREN)`` and the sum of every process's own CPU time as last sampled
(pool workers forked by a forkserver are never reaped by the command itself): what the tree
used, whoever else loads the machine.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import platform
import resource
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil


@dataclass
class Measured:
    returncode: int
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]
    stdout: str = field(repr=False, default="")
    stderr: str = field(repr=False, default="")


def _tree_rss(proc: psutil.Process, cpu_seen: dict[int, float]) -> int:
    """RSS of the tree now; records each process's own CPU seconds in ``cpu_seen``."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
            t = p.cpu_times()
            cpu_seen[p.pid] = t.user + t.system
    return total


def run(cmd: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float | None = None) -> Measured:
    """Run ``cmd`` to the end, sampling its process tree's memory."""
    load_before = os.getloadavg()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    cpu_seen: dict[int, float] = {}  # pid -> its own CPU seconds when last sampled
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        ps = psutil.Process(proc.pid)
        while not stop.is_set():
            peak = max(peak, _tree_rss(ps, cpu_seen))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        stop.set()
        sampler.join()
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    # Grandchildren nobody waits for (a forkserver and its pool workers) are missing from
    # RUSAGE_CHILDREN; the sampled per-process figures include them.
    cpu = max(reaped, sum(cpu_seen.values()))
    return Measured(proc.returncode, round(wall, 2), round(cpu, 2), round(peak / 2**20, 1),
                    load_before, os.getloadavg(), out, err)


def machine() -> dict[str, Any]:
    """What the benchmark ran on."""
    freq = psutil.cpu_freq()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next((ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                      if ln.startswith("model name")), "")
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": model or platform.processor(),
        "cores": os.cpu_count(),
        "cpu_mhz": round(freq.current) if freq else None,
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
    }
