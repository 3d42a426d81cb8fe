"""Run ``dbt build`` (seeds, models and tests) in-process into one DuckDB file.

dbt reads the landed Parquet through ``JIXIAO_LANDING_DIR`` and writes the file named by
``JIXIAO_DUCKDB_PATH`` (see ``dbt_project/profiles.yml``); both are set only for the call.
Everything dbt generates (target/, logs/) goes to ``warehouse/state/dbt``. Test failures are
reported, not raised (the caller decides); compile and runtime errors raise ``DbtBuildError``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines import landing
from pipelines.settings import DBT_PROJECT_DIR, Settings

# dbt's in-process state (flags, adapter registry) is global: one build at a time.
_LOCK = threading.Lock()

# Node statuses that mean dbt could not do its job (as opposed to a test that found bad rows).
_ERROR_STATUSES = {"error", "runtime error"}


class DbtBuildError(RuntimeError):
    """dbt could not parse, compile or run the project (not: a data test found bad rows)."""


@dataclass(frozen=True)
class NodeResult:
    """What happened to one dbt node (seed, model or test)."""

    name: str
    unique_id: str
    resource_type: str
    status: str  # success / error / skipped (models, seeds); pass / fail / warn / error (tests)
    message: str | None
    failures: int | None  # failing rows of a test
    time: float  # seconds


@dataclass(frozen=True)
class DbtResult:
    """The outcome of one ``dbt build``."""

    success: bool
    db_path: Path
    elapsed: float
    nodes: list[NodeResult] = field(default_factory=list)

    @property
    def failed_tests(self) -> list[NodeResult]:
        """Tests that found rows violating an error-severity test."""
        return [n for n in self.nodes if n.resource_type in ("test", "unit_test") and n.status == "fail"]

    @property
    def warned_tests(self) -> list[NodeResult]:
        """Tests of severity warn that found rows."""
        return [n for n in self.nodes if n.status == "warn"]

    def summary(self) -> dict[str, int]:
        """Number of nodes per status."""
        counts: dict[str, int] = {}
        for node in self.nodes:
            counts[node.status] = counts.get(node.status, 0) + 1
        return counts


def dbt_state_dir(settings: Settings) -> Path:
    """Where dbt's target/ and logs/ go."""
    return settings.state_dir / "dbt"


def build(
    settings: Settings,
    db_path: Path,
    *,
    select: Sequence[str] = (),
    log_level: str = "none",
) -> DbtResult:
    """Build staging and marts (``dbt build``, seeds included) into ``db_path``, created afresh.

    ``select`` narrows the build (dbt selection syntax). Raises ``DbtBuildError`` when dbt
    fails to parse, compile or run a node; failing data tests only set ``success=False``.
    """
    db_path = Path(db_path).resolve()
    _prepare_landing(settings)
    _remove_database(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    state = dbt_state_dir(settings)
    args = [
        "build",
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(state / "target"),
        "--log-path", str(state / "logs"),
        "--log-level", log_level,
        "--log-level-file", "info",
        "--no-send-anonymous-usage-stats",
        "--no-use-colors",
    ]
    if select:
        args += ["--select", *select]
    env = {"JIXIAO_DUCKDB_PATH": str(db_path), "JIXIAO_LANDING_DIR": str(settings.landing_dir)}
    started = time.perf_counter()
    with _LOCK, _environment(env):
        try:
            outcome = _invoke(args)
        finally:
            _close_duckdb()
    return _to_result(outcome, db_path, time.perf_counter() - started)


def _invoke(args: list[str]) -> Any:
    """Run dbt in this process (imported lazily: dbt's import is slow)."""
    from dbt.cli.main import dbtRunner

    return dbtRunner().invoke(args)


def _to_result(outcome: Any, db_path: Path, elapsed: float) -> DbtResult:
    """Turn a ``dbtRunnerResult`` into a ``DbtResult``, raising on dbt errors."""
    if outcome.exception is not None:
        raise DbtBuildError(f"dbt build failed: {outcome.exception}") from outcome.exception
    if outcome.result is None or not hasattr(outcome.result, "results"):
        raise DbtBuildError("dbt build returned no node results")
    nodes = [_node_result(r) for r in outcome.result.results]
    errors = [n for n in nodes if n.status in _ERROR_STATUSES]
    if errors:
        lines = "\n".join(f"  {n.resource_type} {n.name}: {(n.message or '').strip()}" for n in errors)
        raise DbtBuildError(f"dbt build failed on {len(errors)} node(s):\n{lines}")
    return DbtResult(success=bool(outcome.success), db_path=db_path, elapsed=elapsed, nodes=nodes)


def _node_result(result: Any) -> NodeResult:
    node = result.node
    status = getattr(result.status, "value", result.status)
    return NodeResult(
        name=node.name,
        unique_id=node.unique_id,
        resource_type=str(getattr(node.resource_type, "value", node.resource_type)),
        status=str(status),
        message=result.message,
        failures=result.failures,
        time=float(result.execution_time or 0.0),
    )


def _prepare_landing(settings: Settings) -> None:
    """Make sure every source dbt reads exists (schema files; an empty manifest before the first run)."""
    landing.migrate_flat_layout(settings)
    if not landing.has_schema_files(settings):
        landing.ensure_schema_files(settings)
    if not settings.manifest_path.exists():
        landing.write_manifest(settings, [])


def _remove_database(db_path: Path) -> None:
    """Start from an empty file, so the build holds exactly what this build made."""
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        path.unlink(missing_ok=True)


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block, then restore them."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def _close_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps per process, so the file is complete and free."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # pragma: no cover - dbt-duckdb is a dependency
        return
    env = DuckDBConnectionManager._ENV
    if env is not None:
        env.close()
    DuckDBConnectionManager.close_all_connections()
