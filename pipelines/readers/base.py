"""Reader registry and dispatch."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from pipelines.document import Document

# Files larger than this are refused unread (a 10,000-report corpus has no report this big).
MAX_FILE_BYTES = 64 * 1024 * 1024


class UnreadableFile(Exception):
    """The file cannot become a document; ``str(error)`` is the quarantine reason."""


Reader = Callable[[Path, bytes, str], Document]

# extension -> reader; further formats register here (see readers/__init__ docs).
READERS: dict[str, Reader] = {}


def register(*extensions: str) -> Callable[[Reader], Reader]:
    """Register a reader for file extensions (lower case, with the dot)."""

    def decorate(reader: Reader) -> Reader:
        for ext in extensions:
            READERS[ext] = reader
        return reader

    return decorate


def sniff_format(data: bytes, suffix: str) -> str:
    """The format from the bytes where they tell (zip, pdf, ole2), else from the extension."""
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .doc or .xls
        return suffix if suffix in (".doc", ".xls") else ".doc"
    if data.startswith(b"PK\x03\x04"):
        return suffix if suffix in (".docx", ".xlsx") else ".docx"
    return suffix


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, display_name: str | None = None) -> Document:
    """Read one file into a Document, or raise ``UnreadableFile`` with the reason."""
    # Imported for their registration side effect.
    from pipelines.readers import text  # noqa: F401

    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB limit)")
    data = path.read_bytes()
    fmt = sniff_format(data, path.suffix.lower())
    reader = READERS.get(fmt)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise UnreadableFile(f"unsupported file type '{path.suffix or '(none)'}' (readable: {known})")
    return reader(path, data, display_name or path.name)
