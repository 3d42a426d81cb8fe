"""Incremental ingestion: what a run parses, keeps, replaces and forgets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipelines import inbox
from pipelines.model import FileRecord


def record(f: inbox.InboxFile, version: str = "1", status: str = "loaded") -> FileRecord:
    return FileRecord(f.sha256, f.source_file, f.size_bytes, status, version, "batch-1",
                      dt.datetime(2026, 1, 1, tzinfo=dt.UTC), report_id=f.sha256[:16])


@pytest.fixture
def files(tmp_path: Path) -> list[inbox.InboxFile]:
    (tmp_path / "a.txt").write_text("报告甲", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("报告乙", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / ".truth").mkdir()
    (tmp_path / ".truth" / "a.json").write_text("{}", encoding="utf-8")
    return inbox.discover(tmp_path)


def test_discover_finds_files_recursively_and_ignores_hidden_names(files: list[inbox.InboxFile]) -> None:
    assert [f.source_file for f in files] == ["a.txt", "sub/b.txt"]
    assert all(len(f.sha256) == 64 for f in files)


def test_unchanged_files_are_not_parsed_again(files: list[inbox.InboxFile]) -> None:
    plan = inbox.plan(files, [record(f) for f in files], "1", prune=False)
    assert plan.to_parse == [] and len(plan.unchanged) == 2


def test_a_changed_file_is_parsed_again(files: list[inbox.InboxFile], tmp_path: Path) -> None:
    manifest = [record(f) for f in files]
    (tmp_path / "a.txt").write_text("报告甲（修订）", encoding="utf-8")
    plan = inbox.plan(inbox.discover(tmp_path), manifest, "1", prune=False)
    assert [f.source_file for f in plan.to_parse] == ["a.txt"]
    assert [r.source_file for r in plan.unchanged] == ["sub/b.txt"]


def test_a_new_parser_version_reparses_everything_it_affects(files: list[inbox.InboxFile]) -> None:
    manifest = [record(files[0], version="1"), record(files[1], version="2")]
    plan = inbox.plan(files, manifest, "2", prune=False)
    assert [f.source_file for f in plan.to_parse] == ["a.txt"]


def test_removed_files_are_kept_unless_pruned(files: list[inbox.InboxFile], tmp_path: Path) -> None:
    manifest = [record(f) for f in files]
    (tmp_path / "sub" / "b.txt").unlink()
    current = inbox.discover(tmp_path)
    kept = inbox.plan(current, manifest, "1", prune=False)
    assert [r.source_file for r in kept.unchanged] == ["a.txt", "sub/b.txt"] and kept.removed == []
    pruned = inbox.plan(current, manifest, "1", prune=True)
    assert [r.source_file for r in pruned.removed] == ["sub/b.txt"]
    assert [r.source_file for r in pruned.unchanged] == ["a.txt"]


def test_missing_inbox_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="inbox folder not found"):
        inbox.discover(tmp_path / "nope")
