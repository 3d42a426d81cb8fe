"""A long-running local Prefect server for one warehouse, and finding it from other commands.

``jixiao server`` runs ``prefect server start`` on loopback with ``PREFECT_HOME`` in the
warehouse's ``state/prefect`` (the same database local-mode runs use, so their history shows
in the UI too) and writes ``state/prefect-server.json`` (url, pid) while it runs.
``jixiao run`` and ``jixiao schedule`` call :func:`connect` before importing Prefect: an
explicit ``PREFECT_API_URL`` wins, else a healthy server named in that file is used, else a
run falls back to Prefect's temporary local server (20-30 s of start-up).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from pipelines.settings import Settings

SERVER_FILE = "prefect-server.json"
DEFAULT_PORT = 4200


def server_file(settings: Settings) -> Path:
    return settings.state_dir / SERVER_FILE


def healthy(api_url: str, timeout: float = 1.0) -> bool:
    """True when a Prefect API answers its health check at ``api_url`` (ends in /api)."""
    try:
        with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=timeout) as r:
            return r.status == 200
    except (OSError, ValueError):
        return False


def running_server(settings: Settings) -> str | None:
    """The API url of this warehouse's running ``jixiao server``, or None."""
    path = server_file(settings)
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    url = info.get("api_url")
    if not url or not _alive(info.get("pid")):
        return None
    return url if healthy(url, timeout=5.0) else None


def connect(settings: Settings) -> str | None:
    """Point this process's Prefect at a running server; returns its API url (None: local mode).

    Must run before ``prefect`` is imported.
    """
    explicit = os.environ.get("PREFECT_API_URL")
    if explicit:
        return explicit
    url = running_server(settings)
    if url:
        os.environ["PREFECT_API_URL"] = url
    return url


def start(settings: Settings, host: str = "127.0.0.1", port: int = DEFAULT_PORT, ui: bool = True,
          log_path: Path | None = None, timeout: float = 180.0) -> subprocess.Popen:
    """Start ``prefect server`` for this warehouse and wait until it is healthy; writes the server file."""
    home = settings.prefect_home
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
               PREFECT_UI_ENABLED="true" if ui else "false")
    env.pop("PREFECT_API_URL", None)
    log_path = log_path or settings.state_dir / "prefect-server.log"
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the child
    proc = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()
    api_url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}/api"
    deadline = time.monotonic() + timeout
    while not healthy(api_url):
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited (code {proc.returncode}); see {log_path}")
        if time.monotonic() > deadline:
            stop(proc)
            raise RuntimeError(f"prefect server did not answer within {timeout:.0f} s; see {log_path}")
        time.sleep(0.5)
    server_file(settings).write_text(json.dumps({
        "api_url": api_url, "ui_url": api_url.removesuffix("/api"), "pid": proc.pid, "prefect_home": str(home),
        "log": str(log_path), "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }, indent=1), encoding="utf-8")
    return proc


def stop(proc: subprocess.Popen, settings: Settings | None = None, timeout: float = 20.0) -> None:
    """Stop a server started by :func:`start` and remove its server file."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if settings is not None:
        path = server_file(settings)
        try:
            if json.loads(path.read_text(encoding="utf-8")).get("pid") == proc.pid:
                path.unlink()
        except (OSError, ValueError):
            pass


def _alive(pid: object) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
