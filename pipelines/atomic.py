"""Atomic file writes: write beside the target, fsync, then ``os.replace``.

A reader either sees the old file or the complete new one, never a partial write.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path


def fsync_dir(directory: Path) -> None:
    """Persist a rename in ``directory`` (POSIX: the directory entry itself must be synced)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(target: Path, write: Callable[[Path], None], tmp_dir: Path | None = None) -> None:
    """Call ``write(tmp_path)`` and move the finished file onto ``target`` in one step.

    ``tmp_dir`` must be on the same filesystem as ``target`` (default: target's folder,
    with a hidden ``.tmp-`` name that no glob of the landing tables matches).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp_parent = tmp_dir or target.parent
    tmp_parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_parent / f".tmp-{uuid.uuid4().hex}-{target.name}"
    try:
        write(tmp)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        if tmp.exists():
            tmp.unlink()
