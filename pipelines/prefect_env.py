"""Prefect in local mode, with its state inside the warehouse folder.

Must run before ``prefect`` is imported: Prefect reads its settings at import. Without a
server URL, Prefect starts a temporary local server per process; its SQLite lives in
``<warehouse>/state/prefect`` so two checkouts never share state, and the startup timeout
is raised because a fresh home migrates its database first (~20 s).
"""

from __future__ import annotations

import os
import sys

from pipelines.settings import Settings


def configure(settings: Settings) -> None:
    """Point Prefect at the warehouse's state folder (``JIXIAO_PREFECT_HOME`` overrides it)."""
    home = os.environ.get("JIXIAO_PREFECT_HOME") or str(settings.prefect_home)
    if "prefect" in sys.modules and os.environ.get("PREFECT_HOME") not in (None, home):
        return  # already configured in this process; Prefect cannot switch homes after import
    os.makedirs(home, exist_ok=True)
    os.environ["PREFECT_HOME"] = home
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "240")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_TASKS_REFRESH_CACHE", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
