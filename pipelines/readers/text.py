"""Plain-text reports: encoding detected from the bytes, tables rebuilt from their layout."""

from __future__ import annotations

from pathlib import Path

from pipelines.document import Block, Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.text_tables import find_tables

# Tried in order after the BOM checks. GB18030 is a superset of GBK/GB2312.
_CANDIDATES = ("utf-8", "gb18030", "big5")


def _looks_like_text(text: str) -> bool:
    """False for decoded binary: many control characters or replacement characters."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(sample) < 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: (text, encoding). Raises ``UnreadableFile`` when no encoding fits.

    >>> decode("科技局".encode("gb18030"))
    ('科技局', 'gb18030')
    >>> decode(b"\\xef\\xbb\\xbf2021")
    ('2021', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        attempts: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = ("utf-16",)
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        attempts = ("utf-16-le",)
    elif len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        attempts = ("utf-16-be",)
    else:
        attempts = _CANDIDATES
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, encoding
    raise UnreadableFile("not a text file: the bytes decode as none of UTF-8, UTF-16, GB18030 or Big5")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_from_text(text: str, *, source_path: str, file_sha256: str, fmt: str, encoding: str | None) -> Document:
    """A Document from report text: tables rebuilt from their cell-per-line layout, other lines as paragraphs."""
    text = normalize_newlines(text)
    tables = find_tables(text)
    blocks: list[Block] = []
    covered = [(t.start, t.end) for t in tables]
    pos = 0
    line_no = 0
    for line in text.split("\n"):
        line_no += 1
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or any(s <= start < e for s, e in covered):
            continue
        blocks.append(Block("paragraph", start, end, f"line {line_no}"))
    blocks.extend(tables)
    blocks.sort(key=lambda b: b.start)
    return Document(source_path=source_path, file_sha256=file_sha256, format=fmt, text=text, blocks=blocks, encoding=encoding)


@register(".txt", ".text")
def read_text(path: Path, data: bytes, display_name: str) -> Document:
    text, encoding = decode(data)
    return document_from_text(text, source_path=display_name, file_sha256=sha256_of(data), fmt="txt", encoding=encoding)
