"""One warehouse built from generated reports by a real flow run, shared by the operate/BI test modules.

With pytest-xdist, the first worker to ask builds it (under a file lock in the session's
shared temp folder) and every module gets its own copy of the published folder, so the
tests of several modules pay for one pipeline run (``JIXIAO_TEST_SAMPLE_CACHE`` keeps it across
sessions while developing). Also: the cookbook query the BI tests
ask every client (swap for one of issue 10's cookbook queries once they exist).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

import pytest

from pipelines import prefect_env
from pipelines.settings import Settings

N_REPORTS = 6
SEED = 23

# A question an analyst asks, answered the same by every client: spending per department and year.
COOKBOOK_SQL = """
select d.department, a.fiscal_year, sum(a.value_wan_yuan) as expenditure_wan_yuan
from fct_budget_amounts a join dim_department d using (department_key)
where a.measure = 'expenditure_total' and a.phase = 'executed' and a.subject_type = 'department'
group by d.department, a.fiscal_year order by 1, 2
"""


def _build(base: Path) -> None:
    from pipelines.flows.ingest import ingest
    from pipelines.samples import generate_corpus

    raw = base / "raw"
    generate_corpus(raw, N_REPORTS, seed=SEED)
    settings = Settings(raw_dir=raw, warehouse_dir=base / "warehouse")
    prefect_env.configure(settings)
    summary = ingest(settings)
    if not summary["published"]:
        raise RuntimeError(f"the sample warehouse did not publish: {summary.get('blocked_reason')}")
    (base / "summary.json").write_text(json.dumps(summary, default=str), encoding="utf-8")


def sample_warehouse(request: pytest.FixtureRequest, name: str) -> Settings:
    """Settings of a private copy of the shared sample warehouse (raw + warehouse folders).

    Only the worker that builds it starts (or reuses) the session's Prefect server.
    """
    tmp_path_factory: pytest.TempPathFactory = request.getfixturevalue("tmp_path_factory")
    base = tmp_path_factory.getbasetemp()
    session_root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # shared by this session's workers
    root = Path(os.environ.get("JIXIAO_TEST_SAMPLE_CACHE") or session_root / "jixiao-sample-warehouse")
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "summary.json").exists():
            request.getfixturevalue("prefect_api")
            shutil.rmtree(root / "raw", ignore_errors=True)
            shutil.rmtree(root / "warehouse", ignore_errors=True)
            _build(root)
    mine = tmp_path_factory.mktemp(name)
    shutil.copytree(root / "raw", mine / "raw")
    shutil.copytree(root / "warehouse", mine / "warehouse", symlinks=True,
                    ignore=shutil.ignore_patterns("prefect", "build", "dbt"))
    return Settings(raw_dir=mine / "raw", warehouse_dir=mine / "warehouse")
