"""Reader registry and dispatch."""

from __future__ import annotations

import hashlib
import io
import zipfile
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


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff_format(data: bytes, suffix: str) -> str:
    """The format from the bytes where they tell (pdf, zip, ole2, html), else from the extension.

    >>> sniff_format(b"%PDF-1.7 ...", ".txt")
    '.pdf'
    >>> sniff_format(b"<!DOCTYPE html><html>...", ".doc")
    '.html'
    """
    if data.startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return ".pdf"
    if data.startswith(_OLE2):  # .doc, .xls, or a password-protected .docx/.xlsx
        if suffix in (".doc", ".xls"):
            return suffix
        if _utf16("WordDocument") in data:
            return ".doc"
        return ".xls" if _utf16("Workbook") in data or _utf16("Book") in data else ".doc"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return suffix if suffix in (".docx", ".xlsx") else ".docx"  # damaged: the reader says so
        if any(n.startswith("word/") for n in names):
            return ".docx"
        if any(n.startswith("xl/") for n in names):
            return ".xlsx"
        return suffix if suffix in (".docx", ".xlsx") else (suffix or ".zip")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or (head.startswith(b"<?xml") and b"<html" in head):
        return suffix if suffix in (".html", ".htm", ".xhtml", ".shtml") else ".html"
    if data.startswith(b"{\\rtf"):
        return ".rtf"
    return suffix


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, display_name: str | None = None) -> Document:
    """Read one file into a Document, or raise ``UnreadableFile`` with the reason."""
    from pipelines.readers.glosses import strip_glosses
    from pipelines.readers.traditional import simplify_document

    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty file (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(f"file too large ({size / 1e6:.0f} MB > {MAX_FILE_BYTES / 1e6:.0f} MB limit)")
    data = path.read_bytes()
    reason = unsupported_reason(path, data)
    if reason:
        raise UnreadableFile(reason)
    reader = READERS[sniff_format(data, path.suffix.lower())]
    return simplify_document(strip_glosses(reader(path, data, display_name or path.name)))


def unsupported_reason(path: Path, data: bytes) -> str | None:
    """Why no reader takes these bytes under this name, or None when one does."""
    from pipelines.readers import doc, docx, html, pdf, sheets, text  # noqa: F401  (registration)

    fmt = sniff_format(data, path.suffix.lower())
    if fmt in READERS:
        return None
    known = ", ".join(sorted(READERS))
    named = path.suffix or "(none)"
    what = f"'{named}'" if fmt in (path.suffix.lower(), "") else f"'{fmt}' (named '{named}')"
    return f"unsupported file type {what} (readable: {known})"
