"""Publish a validated build onto ``warehouse/jixiao.duckdb`` in one step; keep versions for rollback.

``publish`` checkpoints the build file (no ``.wal`` left), records ``publish_info`` in it,
hard-links the current published file into ``warehouse/published/<published_at>_<run>.duckdb``
and then ``os.replace``-s the build onto the published path. A reader holding an open
connection keeps reading the old file; new connections from other processes see the new
one. (Within one process, DuckDB caches databases by path: a new ``duckdb.connect`` sees the
new file only once every connection to the old one is closed.)

``rollback`` puts an earlier version back the same way; the files it replaces are kept in
``published/rolled_back/``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import faults
from pipelines.atomic import fsync_dir
from pipelines.settings import Settings

INFO_TABLE = "main.publish_info"
ROLLED_BACK = "rolled_back"
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}\.\d{6}Z)_(?P<run>.+)\.duckdb$")


class PublishError(RuntimeError):
    """The build cannot be published, or there is no version to roll back to."""


@dataclass(frozen=True)
class Version:
    """A previously published file kept for rollback."""

    path: Path
    published_at: dt.datetime
    run_id: str
    size_bytes: int


def publish(settings: Settings, build_path: Path, *, run_id: str | None = None) -> Path:
    """Move the validated ``build_path`` onto the published path atomically; returns that path.

    The previous published file is kept as a version (``settings.keep_versions`` newest).
    ``build_path`` no longer exists afterwards.
    """
    build_path = Path(build_path).resolve()
    if not build_path.is_file():
        raise PublishError(f"no build file to publish: {build_path}")
    target = settings.published_path
    target.parent.mkdir(parents=True, exist_ok=True)
    _finalize(build_path, run_id)
    staged = _stage(build_path, target.parent)
    if target.exists() and settings.keep_versions > 0:
        _archive(target, settings.versions_dir)
    faults.checkpoint("publish")
    os.replace(staged, target)
    fsync_dir(target.parent)
    _prune(settings.versions_dir, settings.keep_versions)
    return target


def list_versions(settings: Settings) -> list[Version]:
    """Kept versions, newest first."""
    if not settings.versions_dir.is_dir():
        return []
    versions = []
    for path in settings.versions_dir.glob("*.duckdb"):
        match = _NAME.match(path.name)
        if match:
            stamp = dt.datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=dt.UTC)
            versions.append(Version(path, stamp, match["run"], path.stat().st_size))
    return sorted(versions, key=lambda v: v.path.name, reverse=True)


def rollback(settings: Settings, steps: int = 1) -> Path:
    """Publish the version ``steps`` back again (1 = the one before the current file).

    The current file and any newer versions move to ``published/rolled_back/``; the
    restored version leaves the list. Returns the published path.
    """
    versions = list_versions(settings)
    if steps < 1 or steps > len(versions):
        raise PublishError(f"cannot roll back {steps} step(s): {len(versions)} version(s) kept")
    chosen = versions[steps - 1]
    target = settings.published_path
    rolled = settings.versions_dir / ROLLED_BACK
    if target.exists():
        _archive(target, rolled)
    rolled.mkdir(parents=True, exist_ok=True)
    for newer in versions[: steps - 1]:
        os.replace(newer.path, rolled / newer.path.name)
    os.replace(chosen.path, target)
    fsync_dir(target.parent)
    fsync_dir(settings.versions_dir)
    _prune(rolled, max(settings.keep_versions, 1))
    return target


def _finalize(build_path: Path, run_id: str | None) -> None:
    """Record publish_info and checkpoint, so the file is complete with no write-ahead log.

    Without ``run_id``, the run that validated the file (``dq_results``) names it, else the file's stem.
    """
    try:
        con = duckdb.connect(str(build_path))
    except duckdb.Error as exc:
        raise PublishError(f"cannot open the build file {build_path}: {exc}") from exc
    try:
        run_id = run_id or _validated_run_id(con) or build_path.stem
        con.execute(
            f"create or replace table {INFO_TABLE} as "
            "select ?::varchar as run_id, ?::timestamptz as published_at, ?::varchar as build_file",
            [run_id, dt.datetime.now(dt.UTC), build_path.name],
        )
        con.execute("checkpoint")
    finally:
        con.close()
    wal = _wal(build_path)
    if wal.exists():
        raise PublishError(f"{wal} is still there after a checkpoint: is the build file open elsewhere?")


def _validated_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    try:
        row = con.execute("select max(run_id) from main.dq_results").fetchone()
    except duckdb.Error:
        return None
    return row[0] if row else None


def _stage(build_path: Path, directory: Path) -> Path:
    """The build itself when it is on the target's filesystem, else a copy placed beside the target."""
    if build_path.stat().st_dev == directory.stat().st_dev:
        return build_path
    staged = directory / f".publish-{uuid.uuid4().hex}.duckdb"
    shutil.copyfile(build_path, staged)
    with open(staged, "rb") as f:
        os.fsync(f.fileno())
    build_path.unlink()
    return staged


def _archive(published: Path, directory: Path) -> Path:
    """Keep the current published file under ``directory`` (a hard link: no copy, same bytes)."""
    directory.mkdir(parents=True, exist_ok=True)
    published_at, run_id = _publish_info(published)
    safe_run = re.sub(r"[^A-Za-z0-9._-]+", "-", run_id)[:64] or "unknown"
    archived = directory / f"{published_at.strftime(_STAMP)}_{safe_run}.duckdb"
    while archived.exists():  # same microsecond: keep both
        published_at += dt.timedelta(microseconds=1)
        archived = directory / f"{published_at.strftime(_STAMP)}_{safe_run}.duckdb"
    try:
        os.link(published, archived)
    except OSError:
        shutil.copy2(published, archived)
    fsync_dir(directory)
    return archived


def _publish_info(path: Path) -> tuple[dt.datetime, str]:
    """When and by which run ``path`` was published (file time and 'unknown' when not recorded)."""
    fallback = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC), "unknown"
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:
        return fallback
    try:
        row = con.execute(f"select published_at, run_id from {INFO_TABLE} limit 1").fetchone()
    except duckdb.Error:
        return fallback
    finally:
        con.close()
    if not row or row[0] is None:
        return fallback
    return row[0].astimezone(dt.UTC), str(row[1] or "unknown")


def _prune(directory: Path, keep: int) -> None:
    """Delete all but the ``keep`` newest versions in ``directory``."""
    if not directory.is_dir():
        return
    files = sorted((p for p in directory.glob("*.duckdb") if _NAME.match(p.name)), reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)
        _wal(old).unlink(missing_ok=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")
