"""Shared test set-up: paths, the shared seeds folder, and one Prefect home per test session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS_DIR = SHARED / "seeds"

# Prefect reads its settings at import: give the whole test session one private home
# (not the user's ~/.prefect), created before anything imports prefect.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
_PREFECT_HOME = Path(os.environ.get("JIXIAO_TEST_PREFECT_HOME")
                     or Path(tempfile.gettempdir()) / f"jixiao-test-prefect-{os.getuid()}-{_WORKER}")
os.environ["JIXIAO_PREFECT_HOME"] = str(_PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "240")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def seed_files() -> list[Path]:
    return sorted(SEEDS_DIR.glob("*.txt")) if SEEDS_DIR.is_dir() else []


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not seed_files():
        pytest.skip(f"the real reference reports are not available ({SEEDS_DIR} is missing); seed tests skipped")
    return SEEDS_DIR


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Prefect server on loopback for the whole session; flows in this process and in
    child processes report to it (one server start instead of a temporary one per process)."""
    if os.environ.get("PREFECT_API_URL"):
        yield os.environ["PREFECT_API_URL"]
        return
    home = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_UI_ENABLED="false", PREFECT_SERVER_ANALYTICS_ENABLED="false")
    log = open(home / "server.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            log.close()
            pytest.fail(f"prefect server did not start: {(home / 'server.log').read_text()[-2000:]}")
        time.sleep(0.5)
    os.environ["PREFECT_API_URL"] = url
    try:
        yield url
    finally:
        os.environ.pop("PREFECT_API_URL", None)
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
