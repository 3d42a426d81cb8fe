"""Shared test set-up: paths, the shared seeds folder, and one Prefect home per test session."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
SEEDS_DIR = SHARED / "seeds"

# Prefect reads its settings at import: give the whole test session one private home
# (not the user's ~/.prefect), created before anything imports prefect.
_PREFECT_HOME = Path(os.environ.get("JIXIAO_TEST_PREFECT_HOME") or Path(tempfile.gettempdir()) / f"jixiao-test-prefect-{os.getuid()}")
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
