"""The inbox: which files are there, which are new or changed, which are duplicates.

Files are keyed by content hash. A file whose path, hash and parser version match the
manifest is unchanged and is not parsed again; a changed file replaces its previous
version; a file whose content is already loaded under another name is a duplicate. A file
the caller wants re-checked (a report held under quality rules that have since changed) is
parsed again although unchanged.
Files and folders whose names start with "." are ignored (editor and sync droppings).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.model import FileRecord


@dataclass(frozen=True)
class InboxFile:
    path: Path
    source_file: str  # path relative to the inbox, with forward slashes
    sha256: str
    size_bytes: int


@dataclass
class Plan:
    to_parse: list[InboxFile] = field(default_factory=list)
    unchanged: list[FileRecord] = field(default_factory=list)  # carried over as they are
    removed: list[FileRecord] = field(default_factory=list)  # in the manifest, gone from the inbox
    rechecked: list[FileRecord] = field(default_factory=list)  # unchanged but parsed again (``recheck``)
    seen: int = 0
    suites_digest: str | None = None  # the quality rules the plan was made under (set by the caller)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def discover(raw_dir: Path) -> list[InboxFile]:
    """Every regular file under ``raw_dir`` (recursively), hidden names excluded, in path order."""
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"inbox folder not found: {raw_dir}")
    files = []
    for path in sorted(raw_dir.rglob("*")):
        rel = path.relative_to(raw_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        files.append(InboxFile(path, rel.as_posix(), _sha256(path), path.stat().st_size))
    return files


def plan(files: list[InboxFile], manifest: list[FileRecord], parser_version: str, prune: bool,
         recheck: Callable[[FileRecord], bool] | None = None) -> Plan:
    """Split the inbox into files to parse and manifest rows to keep.

    ``recheck(record)`` true sends an unchanged file to be parsed again (and lists its old
    record in ``Plan.rechecked``).
    """
    by_path = {r.source_file: r for r in manifest}
    result = Plan(seen=len(files))
    present = set()
    for f in files:
        present.add(f.source_file)
        old = by_path.get(f.source_file)
        if old is not None and old.file_sha256 == f.sha256 and old.parser_version == parser_version:
            if recheck is not None and recheck(old):
                result.rechecked.append(old)
                result.to_parse.append(f)
            else:
                result.unchanged.append(old)
        else:
            result.to_parse.append(f)
    for r in manifest:
        if r.source_file not in present:
            (result.removed if prune else result.unchanged).append(r)
    return result
