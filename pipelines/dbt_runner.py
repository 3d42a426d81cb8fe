"""Run dbt in-process: ``build`` makes one self-contained DuckDB file, ``docs`` the docs site.

dbt reads the landed Parquet through ``JIXIAO_LANDING_DIR`` and writes the file named by
``JIXIAO_DUCKDB_PATH`` (see ``dbt_project/profiles.yml``); both are set only for the call.
Everything dbt generates (target/, logs/) goes to ``warehouse/state/dbt``. Test failures are
reported, not raised (the caller decides); compile and runtime errors raise ``DbtBuildError``.

dbt parses the project once per machine, not once per warehouse: it runs with the build
folder as working directory and both paths relative to it (the same text for every warehouse
of the standard layout), so its parse cache (``target/partial_parse.msgpack``, valid only for
the same profile and variables) is shared through ``parse_cache_path()``; a new warehouse
starts from it and saves about ten seconds of parsing on its first build.

The staging and intermediate layers are views over the landed Parquet, dropped at the end of
the build (``dbt_project/macros/build_schemas.sql``); ``build`` checks the file it returns holds
no view that reads a file, so a published warehouse never depends on the machine that built it.
"""

from __future__ import annotations

import json
import os
import shutil
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

# Schemas that exist only while dbt builds (views over the landed Parquet).
BUILD_ONLY_SCHEMAS = ("staging", "intermediate")
# What a view of a self-contained file must never read.
_FILE_READERS = ("read_parquet", "parquet_scan", "read_csv", "read_json")


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
    unit_tests: bool = False,
) -> DbtResult:
    """Build staging and marts (``dbt build``, seeds and data tests included) into ``db_path``, created afresh.

    ``select`` narrows the build (dbt selection syntax). dbt's unit tests check the models' SQL on
    fixed rows, not the data, so ingestion leaves them out; ``unit_tests=True`` runs them (the
    test suite does, on every change). Raises ``DbtBuildError`` when dbt
    fails to parse, compile or run a node; failing data tests only set ``success=False``.
    """
    db_path = Path(db_path).resolve()
    _prepare_landing(settings)
    _remove_database(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    work = work_path(settings)
    _remove_database(work)
    work.parent.mkdir(parents=True, exist_ok=True)
    args = _common_args(settings, ["build"], log_level)
    if select:
        args += ["--select", *select]
    if not unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    started = time.perf_counter()
    try:
        outcome = _run(settings, work, args)
    finally:
        _move_database(work, db_path)
    result = _to_result(outcome, db_path, time.perf_counter() - started)
    check_self_contained(db_path)
    return result


def work_path(settings: Settings) -> Path:
    """Where dbt builds: one path per warehouse, so dbt's profile (and so its parse cache in
    target/partial_parse.msgpack) is the same from run to run; the file is then moved to the
    path the caller asked for. No view names its database, so the move changes nothing inside."""
    return settings.build_dir / "dbt-build.duckdb"


def check_self_contained(db_path: Path) -> None:
    """Raise ``DbtBuildError`` when the file keeps a build-only schema or a view that reads files."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas() where not internal").fetchall()}
        views = con.execute("select schema_name || '.' || view_name, sql from duckdb_views() where not internal").fetchall()
    leftovers = sorted(schemas & set(BUILD_ONLY_SCHEMAS))
    reading = sorted(name for name, sql in views if any(r in (sql or "").lower() for r in _FILE_READERS))
    if leftovers or reading:
        raise DbtBuildError(f"the built file is not self-contained: build-only schemas {leftovers}, "
                            f"views reading files {reading}")


def docs(settings: Settings, *, log_level: str = "none") -> Path:
    """Build the dbt docs site (models, columns, lineage) into ``warehouse/docs/index.html``.

    The catalog (column types and comments) is read from a copy of the published warehouse in
    which the build-only views are recreated; the page embeds everything it shows (``dbt docs
    generate --static``), so it opens from disk with no server and no network. Returns its path.
    """
    published = settings.published_path
    if not published.exists():
        raise DbtBuildError(f"no published warehouse at {published}: run `jixiao run` first")
    _prepare_landing(settings)
    work = dbt_state_dir(settings) / "docs"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    catalog_db = work / "catalog.duckdb"
    shutil.copyfile(published, catalog_db)
    keep = ["--vars", json.dumps({"keep_build_schemas": True})]
    try:
        views = [*_common_args(settings, ["run"], log_level), "--select", "tag:staging", "tag:intermediate", *keep]
        _to_result(_run(settings, catalog_db, views, shared_cache=False), catalog_db, 0.0)
        generate = [*_common_args(settings, ["docs", "generate"], log_level, target=work / "target"), "--static", *keep]
        outcome = _run(settings, catalog_db, generate, shared_cache=False)
        if outcome.exception is not None or not outcome.success:
            raise DbtBuildError(f"dbt docs generate failed: {outcome.exception or 'see warehouse/state/dbt/logs'}")
        site = settings.warehouse_dir / "docs" / "index.html"
        site.parent.mkdir(parents=True, exist_ok=True)
        staged = site.with_name(".index.html.tmp")
        shutil.copyfile(work / "target" / "static_index.html", staged)
        os.replace(staged, site)
    finally:
        catalog_db.unlink(missing_ok=True)
    return site


def _common_args(settings: Settings, command: Sequence[str], log_level: str, *, target: Path | None = None) -> list[str]:
    """The dbt command line: our project and profile, target/ and logs/ under warehouse/state/dbt."""
    state = dbt_state_dir(settings)
    return [
        *command,
        "--project-dir", str(DBT_PROJECT_DIR),
        "--profiles-dir", str(DBT_PROJECT_DIR),
        "--target-path", str(target or state / "target"),
        "--log-path", str(state / "logs"),
        "--log-level", log_level,
        "--log-level-file", "info",
        "--no-send-anonymous-usage-stats",
        "--no-use-colors",
    ]


def _run(settings: Settings, db_path: Path, args: list[str], *, shared_cache: bool = True) -> Any:
    """One dbt invocation against ``db_path``, run from its folder with paths relative to it (so the
    profile, and with it dbt's parse cache, is the same for every warehouse); the file is closed afterwards."""
    folder = db_path.parent
    env = {"JIXIAO_DUCKDB_PATH": db_path.name, "JIXIAO_LANDING_DIR": os.path.relpath(settings.landing_dir, folder)}
    target = Path(args[args.index("--target-path") + 1])
    with _LOCK, _environment(env), _working_directory(folder):
        if shared_cache:
            _reuse_parse_cache(target)
        try:
            return _invoke(args)
        finally:
            _close_duckdb()
            if shared_cache:
                _share_parse_cache(target)


def parse_cache_path() -> Path:
    """The parse cache shared by the warehouses of this machine (``JIXIAO_CACHE_DIR``, else ~/.cache/jixiao)."""
    root = os.environ.get("JIXIAO_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jixiao"
    return Path(root) / "dbt" / "partial_parse.msgpack"


def _reuse_parse_cache(target: Path) -> None:
    """Give a target folder without a parse cache the shared one (dbt re-parses what no longer matches)."""
    mine, shared = target / "partial_parse.msgpack", parse_cache_path()
    if not mine.exists() and shared.exists():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shared, mine)


def _share_parse_cache(target: Path) -> None:
    """Offer this build's parse cache to the next new warehouse (atomically; best effort)."""
    mine, shared = target / "partial_parse.msgpack", parse_cache_path()
    if not mine.exists():
        return
    try:
        shared.parent.mkdir(parents=True, exist_ok=True)
        staged = shared.with_name(f".{shared.name}.{os.getpid()}")
        shutil.copyfile(mine, staged)
        os.replace(staged, shared)
    except OSError:  # a read-only home: every warehouse parses once, as before
        pass


@contextmanager
def _working_directory(folder: Path) -> Iterator[None]:
    """Run the block in ``folder`` (process-wide; callers hold ``_LOCK``)."""
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


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


def _move_database(source: Path, target: Path) -> None:
    """Move a closed DuckDB file (and its write-ahead log, if one is left) to ``target``."""
    for suffix in ("", ".wal"):
        origin = source.with_name(source.name + suffix)
        if origin.exists():
            os.replace(origin, target.with_name(target.name + suffix))


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
