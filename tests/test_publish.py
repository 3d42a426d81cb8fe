"""Atomic publish, kept versions and rollback, on small DuckDB files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import publish
from pipelines.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(raw_dir=tmp_path / "raw", warehouse_dir=tmp_path / "warehouse", keep_versions=2)


def make_build(settings: Settings, version: int) -> Path:
    """A build file holding ``version``, left with an open write-ahead log as dbt may leave it."""
    path = settings.build_dir / f"build-{version}.duckdb"
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute("pragma disable_checkpoint_on_shutdown")  # the rows stay in the WAL until publish checkpoints
    con.execute("set checkpoint_threshold = '1GB'")
    con.execute(f"create table marker as select {version} as version")
    con.close()
    assert Path(str(path) + ".wal").exists()
    return path


def version_of(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select version from marker").fetchone()[0]


def version_in_new_process(path: Path) -> int:
    code = f"import duckdb; print(duckdb.connect({str(path)!r}, read_only=True).sql('select version from marker').fetchone()[0])"
    return int(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def test_publish_moves_a_checkpointed_build(settings: Settings):
    build = make_build(settings, 1)
    published = publish.publish(settings, build, run_id="run-1")
    assert published == settings.published_path
    assert not build.exists()
    assert not Path(str(published) + ".wal").exists()
    assert version_of(published) == 1
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select run_id from publish_info").fetchone() == ("run-1",)
    assert publish.list_versions(settings) == []


def test_publish_keeps_the_newest_versions(settings: Settings):
    for v in range(1, 5):
        publish.publish(settings, make_build(settings, v), run_id=f"run-{v}")
    versions = publish.list_versions(settings)
    assert [v.run_id for v in versions] == ["run-3", "run-2"]  # keep_versions=2, newest first
    assert [version_of(v.path) for v in versions] == [3, 2]
    assert version_of(settings.published_path) == 4
    assert versions[0].published_at > versions[1].published_at


def test_open_reader_keeps_the_old_file(settings: Settings):
    publish.publish(settings, make_build(settings, 1), run_id="run-1")
    reader = duckdb.connect(str(settings.published_path), read_only=True)
    try:
        publish.publish(settings, make_build(settings, 2), run_id="run-2")
        assert reader.execute("select version from marker").fetchone() == (1,)
        assert version_in_new_process(settings.published_path) == 2
    finally:
        reader.close()
    assert version_of(settings.published_path) == 2


def test_rollback_restores_the_previous_version(settings: Settings):
    for v in range(1, 4):
        publish.publish(settings, make_build(settings, v), run_id=f"run-{v}")
    restored = publish.rollback(settings)
    assert restored == settings.published_path
    assert version_of(restored) == 2
    assert [v.run_id for v in publish.list_versions(settings)] == ["run-1"]
    rolled_back = list((settings.versions_dir / publish.ROLLED_BACK).glob("*.duckdb"))
    assert [p.name.split("_", 1)[1] for p in rolled_back] == ["run-3.duckdb"]


def test_rollback_several_steps(settings: Settings):
    settings.keep_versions = 3
    for v in range(1, 5):
        publish.publish(settings, make_build(settings, v), run_id=f"run-{v}")
    publish.rollback(settings, steps=2)
    assert version_of(settings.published_path) == 2
    assert [v.run_id for v in publish.list_versions(settings)] == ["run-1"]


def test_rollback_without_versions_fails(settings: Settings):
    with pytest.raises(publish.PublishError, match="0 version"):
        publish.rollback(settings)
    publish.publish(settings, make_build(settings, 1))
    with pytest.raises(publish.PublishError):
        publish.rollback(settings, steps=1)


def test_publish_missing_build_fails(settings: Settings):
    with pytest.raises(publish.PublishError, match="no build file"):
        publish.publish(settings, settings.build_dir / "missing.duckdb")


def test_version_is_named_after_the_validating_run(settings: Settings):
    first = make_build(settings, 1)
    with duckdb.connect(str(first)) as con:
        con.execute("create table dq_results as select 'run-from-dq' as run_id")
    publish.publish(settings, first)  # no run_id: the validation's run names it
    publish.publish(settings, make_build(settings, 2))  # no dq_results: the file's stem
    assert [v.run_id for v in publish.list_versions(settings)] == ["run-from-dq"]
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        assert con.execute("select run_id from publish_info").fetchone() == ("build-2",)
