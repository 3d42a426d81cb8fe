"""Crash safety: a run SIGKILLed at any stage leaves the published warehouse unchanged and
readable, no partial Parquet visible, and the next run gives exactly the uninterrupted result.

Each scenario starts from the same published state (5 reports), adds 3 reports to the
inbox, kills a real `jixiao run` process at one stage, checks the invariants, then runs
again and compares the published contents with a run that was never interrupted.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines import landing
from pipelines.samples import generate_corpus
from pipelines.settings import Settings

from .conftest import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

STAGES = ["parse", "land", "dbt build", "validate", "publish"]


def jixiao_run(raw: Path, warehouse: Path, fault: str | None = None, marker: Path | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env.pop("JIXIAO_FAULT_AT", None)
    if fault and fault != "dbt build":
        env.update(JIXIAO_FAULT_AT=fault, JIXIAO_FAULT_MARKER=str(marker))
    return subprocess.Popen([sys.executable, "-m", "pipelines", "run", "--raw", str(raw), "--warehouse", str(warehouse)],
                            cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, text=True)


def finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=600)
    assert proc.returncode == 0, out
    return out


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    """What an analyst sees, without run-specific ids."""
    with duckdb.connect(str(warehouse / "jixiao.duckdb"), read_only=True) as con:
        return {
            "reports": con.execute("select report_id, department, fiscal_year from dim_report order by 1").fetchall(),
            "amounts": con.execute("select report_id, seq, measure, phase, func_code, econ_code, value "
                                   "from fct_budget_amounts order by 1, 2").fetchall(),
            "files": con.execute("select source_file, status from ingest_files order by 1").fetchall(),
        }


def published_run(warehouse: Path) -> str:
    with duckdb.connect(str(warehouse / "jixiao.duckdb"), read_only=True) as con:
        return con.execute("select run_id from build_info").fetchone()[0]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("crash")
    raw = base / "raw"
    generate_corpus(raw, 5, seed=21, inconsistent_rate=0, kinds=["department_overall"])
    first = base / "first"
    finish(jixiao_run(raw, first))
    extra = generate_corpus(base / "extra", 3, seed=22, inconsistent_rate=0, kinds=["department_overall"])
    for p in extra:
        shutil.copy(p, raw / p.name)
    reference = base / "reference"
    shutil.copytree(first, reference)
    finish(jixiao_run(raw, reference))
    return {"base": base, "raw": raw, "first": first, "expected": contents(reference)}


def wait_for(condition, proc: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            pytest.fail(f"run ended before the fault point: {proc.stdout.read()}")
        assert time.monotonic() < deadline, "fault point not reached"
        time.sleep(0.05)


@pytest.mark.parametrize("stage", STAGES)
def test_kill_at_stage_then_recover(scenario: dict, stage: str) -> None:
    warehouse = scenario["base"] / f"killed-{stage.replace(' ', '-')}"
    shutil.copytree(scenario["first"], warehouse)
    settings = Settings(raw_dir=scenario["raw"], warehouse_dir=warehouse)
    before_run = published_run(warehouse)
    before_manifest = landing.read_manifest(settings)
    marker = scenario["base"] / f"marker-{stage}"
    proc = jixiao_run(scenario["raw"], warehouse, stage, marker)
    if stage == "dbt build":
        wait_for(lambda: any(settings.build_dir.glob("*.duckdb")), proc)
        time.sleep(1.0)  # well inside the ~10 s build
    else:
        wait_for(marker.exists, proc)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    # The published warehouse is unchanged and readable.
    assert published_run(warehouse) == before_run
    assert contents(warehouse) == contents(scenario["first"])
    # No partial Parquet is visible: every landed file reads, and the manifest is either the old one
    # or a complete new one whose batches all exist.
    for path in landing.data_files(settings):
        pq.read_table(path)
    manifest = landing.read_manifest(settings)
    assert manifest == before_manifest or len(manifest) == len(before_manifest) + 3
    for batch in {r.batch_id for r in manifest if r.status == "loaded"}:
        assert landing.batch_files(settings, "amounts", batch)

    finish(jixiao_run(scenario["raw"], warehouse))
    assert contents(warehouse) == scenario["expected"]
