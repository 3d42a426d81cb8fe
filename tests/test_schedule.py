"""Scheduled ingestion on a real Prefect server: `jixiao server` starts it, `jixiao schedule --interval`
serves the deployment, runs fire on time and publish, their stages show in Prefect with timings,
and `jixiao run` uses the running server instead of starting a temporary one."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import duckdb
import pytest

from pipelines import prefect_server, run_history
from pipelines.settings import Settings

from .conftest import PROJECT_ROOT
from .pg_server import free_port

pytestmark = [pytest.mark.e2e]

INTERVAL = 10  # seconds between scheduled runs
TIMEOUT = 600  # generous: a loaded 2-core CI machine


def env_without_api() -> dict[str, str]:
    """The environment of a user's shell: no PREFECT_API_URL (commands must find the server themselves)."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.pop("JIXIAO_PREFECT_HOME", None)
    env["PREFECT_RUNNER_POLL_FREQUENCY"] = "2"
    return env


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    from pipelines.samples import generate_corpus

    return generate_corpus(tmp_path_factory.mktemp("generated"), 4, seed=41)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    base = tmp_path_factory.mktemp("scheduled")
    (base / "raw").mkdir()
    return Settings(raw_dir=base / "raw", warehouse_dir=base / "warehouse")


@pytest.fixture(scope="module")
def server(site: Settings) -> str:
    """`jixiao server` for the warehouse, as an operator starts it; yields its API url."""
    port = free_port()
    out = open(site.warehouse_dir.parent / "server.out", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "server", "--warehouse", str(site.warehouse_dir),
                             "--port", str(port)], cwd=PROJECT_ROOT, env=env_without_api(), stdout=out,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + TIMEOUT
    while prefect_server.running_server(site) is None:
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"jixiao server did not start: {(site.warehouse_dir.parent / 'server.out').read_text()}")
        time.sleep(1)
    url = prefect_server.running_server(site)
    assert url == f"http://127.0.0.1:{port}/api"
    yield url
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    out.close()
    assert not prefect_server.server_file(site).exists()  # removed on the way out


def api(url: str, path: str, body: dict | None = None) -> object:
    req = urllib.request.Request(f"{url}{path}", data=json.dumps(body or {}).encode(), method="POST" if body is not None else "GET",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read())


def scheduled_publishes(site: Settings) -> list[dict]:
    return [r for r in run_history.read(site) if r["trigger"] == "schedule" and r["outcome"] == "published"]


def wait_for(predicate, what: str, timeout: float = TIMEOUT) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(1)


def test_scheduled_runs_fire_retry_safely_and_publish(site: Settings, server: str, reports: list[Path]) -> None:
    for path in reports[:2]:
        shutil.copy(path, site.raw_dir / path.name)
    log = open(site.warehouse_dir.parent / "schedule.out", "wb")  # noqa: SIM115
    fault = site.warehouse_dir.parent / "fault-marker"
    env = env_without_api() | {"JIXIAO_FAULT_RAISE_ONCE": "land", "JIXIAO_FAULT_MARKER": str(fault)}
    proc = subprocess.Popen([sys.executable, "-m", "pipelines", "schedule", "--interval", str(INTERVAL), "--raw",
                             str(site.raw_dir), "--warehouse", str(site.warehouse_dir), "--name", "test",
                             "--retry-delay", "1"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: len(scheduled_publishes(site)) >= 1, "the first scheduled run to publish")
        shutil.copy(reports[2], site.raw_dir / reports[2].name)  # new data for the next tick
        wait_for(lambda: len(scheduled_publishes(site)) >= 2, "a second scheduled run to publish")
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    first, second = scheduled_publishes(site)[:2]
    assert fault.read_text() == "land"  # the first attempt failed (after landing its files) ...
    assert (first["files_seen"], first["files_loaded"]) == (2, 2)  # ... and its retry published
    assert (second["files_seen"], second["files_loaded"]) == (3, 3)
    assert first["finished_at"] < second["started_at"]  # one writer at a time

    # the published file holds the run history, the current version being the second scheduled run
    with duckdb.connect(str(site.published_path), read_only=True) as con:
        history = con.execute("select run_id, trigger, outcome, published_version, prefect_flow_run_id "
                              "from run_history where trigger = 'schedule' and outcome = 'published' "
                              "order by started_at").fetchall()
        assert con.execute("select count(*) from dim_report").fetchone()[0] == 3
    assert [h[0] for h in history][-2:] == [first["run_id"], second["run_id"]]
    assert history[-1][3] == second["run_id"]

    # Prefect knows the deployment, its schedule, and the runs with their stages and timings
    (deployment,) = api(server, "/deployments/filter", {"deployments": {"name": {"any_": ["test"]}}})
    assert deployment["schedules"][0]["schedule"]["interval"] == INTERVAL
    runs = api(server, "/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [deployment["id"]]},
                                                           "state": {"type": {"any_": ["COMPLETED"]}}}})
    assert len(runs) >= 2
    flow_run_id = history[-1][4]
    assert flow_run_id in {r["id"] for r in runs}
    subflows = api(server, "/flow_runs/filter", {"flow_runs": {"parent_flow_run_id": {"any_": [flow_run_id]}}})
    assert [s["name"] for s in subflows] and all(s["state_type"] == "COMPLETED" for s in subflows)
    retried = api(server, "/flow_runs/filter", {"flow_runs": {"parent_flow_run_id": {"any_": [first["prefect_flow_run_id"]]}}})
    assert max(s["run_count"] for s in retried) == 2  # the ingest subflow of the first run was retried once
    tasks = api(server, "/task_runs/filter", {"flow_runs": {"id": {"any_": [s["id"] for s in subflows]}}})
    timed = {t["name"].rsplit("-", 1)[0]: t["total_run_time"] for t in tasks}  # task run names end in "-<key>"
    assert {"land", "dbt-build", "validate", "publish"} <= set(timed)
    assert timed["dbt-build"] > 0
    artifacts = api(server, "/artifacts/filter", {"artifacts": {"key": {"any_": ["jixiao-run-summary"]}}})
    assert any("| stage | seconds |" in (a.get("data") or "") for a in artifacts)


def test_run_uses_the_running_server(site: Settings, server: str, reports: list[Path]) -> None:
    shutil.copy(reports[3], site.raw_dir / reports[3].name)
    before = len(api(server, "/flow_runs/filter", {"flows": {"name": {"any_": ["jixiao-ingest"]}}}))
    r = subprocess.run([sys.executable, "-m", "pipelines", "run", "--raw", str(site.raw_dir), "--warehouse",
                        str(site.warehouse_dir), "--json"], cwd=PROJECT_ROOT, env=env_without_api(),
                       capture_output=True, timeout=TIMEOUT)
    assert r.returncode == 0, r.stderr.decode()[-3000:]
    summary = json.loads(r.stdout)
    assert summary["published"] and summary["files"]["loaded"] == 4
    assert summary["prefect_api_url"] == server  # no temporary server was started
    assert "Starting temporary server" not in r.stderr.decode()
    after = api(server, "/flow_runs/filter", {"flows": {"name": {"any_": ["jixiao-ingest"]}}})
    assert len(after) == before + 1
    # the schedule of the earlier tests may still fire and append a run after this one: find this one by id
    mine = [h for h in run_history.read(site) if h["run_id"] == summary["run_id"]]
    assert [h["trigger"] for h in mine] == ["cli"]
