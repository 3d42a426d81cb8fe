"""Plain-text reports: encoding detected from the bytes, tables rebuilt from their layout."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pipelines.document import Block, Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.delimited_tables import find_delimited_tables
from pipelines.readers.text_tables import find_tables

# Tried in order after the BOM checks; GB18030 (a superset of GBK/GB2312) and Big5 both
# decode many of each other's byte strings, so when both fit the more plausible text wins.
_CANDIDATES = ("utf-8", "gb18030", "big5")
# Plain text this big is not a report (the longest real ones are well under 1 MB).
MAX_TEXT_BYTES = 16_000_000
_COMMON_PUNCT = set("，。、；：？！“”‘’（）《》【】—…·％〇　")


def _looks_like_text(text: str) -> bool:
    """False for decoded binary: many control characters or replacement characters."""
    if not text:
        return False
    sample = text[:20000]
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f\v") or ch == "\ufffd")
    return bad / len(sample) < 0.01


@lru_cache(maxsize=65536)
def _is_common(ch: str) -> bool:
    """A character a Chinese report is made of: ASCII, common punctuation, or a level-1 hanzi
    of GB2312 (3,755 Simplified) or Big5 (5,401 Traditional). Mis-decoded bytes give kana,
    bopomofo, private-use and rare characters instead."""
    if ch.isascii() or ch in _COMMON_PUNCT or "\uff01" <= ch <= "\uff5e":
        return True
    for codec, lo, hi in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) == 2 and lo <= b[0] <= hi:
            return True
    return False


def _plausibility(text: str) -> float:
    sample = [ch for ch in text[:20000] if not ch.isspace()]
    return sum(map(_is_common, sample)) / len(sample) if sample else 0.0


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL bytes (the high byte of ASCII) on one side only."""
    head = data[:8192]
    if len(data) % 2 or b"\x00" not in head:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    pairs = len(head) // 2
    if odd >= 0.02 * pairs and even * 4 <= odd:
        return "utf-16-le"
    if even >= 0.02 * pairs and odd * 4 <= even:
        return "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: (text, encoding). Raises ``UnreadableFile`` when no encoding fits.

    >>> decode("科技局".encode("gb18030"))
    ('科技局', 'gb18030')
    >>> decode("預算績效自評報告".encode("big5"))
    ('預算績效自評報告', 'big5')
    >>> decode("科技局2021\\n".encode("utf-16-le"))
    ('科技局2021\\n', 'utf-16-le')
    >>> decode(b"\\xef\\xbb\\xbf2021")
    ('2021', 'utf-8-sig')
    """
    if data.startswith(b"\xef\xbb\xbf"):
        attempts: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = ("utf-16",)
    elif utf16 := _utf16_without_bom(data):
        attempts = (utf16,)
    else:
        attempts = _CANDIDATES
    fits: list[tuple[float, str, str]] = []
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            if encoding != "big5":
                continue
            try:  # Windows Big5 (cp950) has a few more characters
                text, encoding = data.decode("cp950"), "cp950"
            except UnicodeDecodeError:
                continue
        if not _looks_like_text(text):
            continue
        if encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"):
            return text, encoding  # these codecs reject almost all bytes that are not theirs
        fits.append((_plausibility(text), encoding, text))
    if fits:
        _, encoding, text = max(fits, key=lambda f: f[0])  # ties: the earlier (GB18030)
        return text, encoding
    raise UnreadableFile("not a text file: the bytes decode as none of UTF-8, UTF-16, GB18030 or Big5")


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def document_from_text(text: str, *, source_path: str, file_sha256: str, fmt: str, encoding: str | None) -> Document:
    """A Document from report text: tables rebuilt from their cell-per-line, ``|``-separated or
    space-aligned layout, other lines as paragraphs."""
    text = normalize_newlines(text)
    tables = find_tables(text)
    tables += find_delimited_tables(text, [(t.start, t.end) for t in tables])
    blocks: list[Block] = []
    covered = [(t.start, t.end) for t in tables]
    lines = text.split("\n")
    width = wrap_width(lines)
    pos = 0
    line_no = 0
    joined: Block | None = None  # a paragraph hard-wrapped over lines, still open
    for line in lines:
        line_no += 1
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip() or any(s <= start < e for s, e in covered):
            joined = None
            continue
        if joined is not None and continues(text[joined.start: joined.end], line, width):
            blocks[-1] = joined = Block("paragraph", joined.start, end, f"{joined.location.split('-')[0]}-{line_no}")
            continue
        joined = Block("paragraph", start, end, f"line {line_no}")
        blocks.append(joined)
    blocks.extend(tables)
    blocks.sort(key=lambda b: b.start)
    return Document(source_path=source_path, file_sha256=file_sha256, format=fmt, text=text, blocks=blocks, encoding=encoding)


_WRAP_END = re.compile(r"[\u4e00-\u9fff\d、，,（(“]$|\d\.$")  # (a number may be cut at its point: 21.|06)
_WRAP_START = re.compile(r"^[\u4e00-\u9fff\d，,、；;：:]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}\s*[、.．](?!\d)"
                      r"|第[一二三四五六七八九十]+[章节部分条])")
_PROSE = re.compile(r"[，,、；;：:]")  # running text has clause punctuation; titles, rows and list items rarely
MIN_WRAP = 20  # characters: shorter lines are headings, cells or list items, not wrapped prose
WRAP_SLACK = 3  # characters a wrapped line may fall short of the width (a wide character at the end)


def wrap_width(lines: list[str]) -> int | None:
    """The width at which a text's prose was hard-wrapped (PDF copies, document-sharing mirrors): the
    length most lines of prose share, when at least three do; None for text with no such width.

    >>> wrap_width(["一，" * 15, "二，" * 15, "三，" * 15 + "四", "短行"])
    30
    >>> wrap_width(["一，" * 15, "二，" * 22, "短行"]) is None
    True
    """
    counts: dict[int, int] = {}
    for line in set(lines):  # a line repeated (a file name per page) sets no width
        n = len(line.strip())
        if n >= MIN_WRAP and _PROSE.search(line) and not re.search(r"\s|[|]", line.strip()):
            counts[n] = counts.get(n, 0) + 1
    if not counts:
        return None
    width = max(counts, key=lambda n: (sum(counts.get(k, 0) for k in range(n - 1, n + 2)), counts[n], n))
    return width if sum(counts.get(k, 0) for k in range(width - 1, width + 2)) >= 3 else None


def continues(before: str, line: str, width: int | None) -> bool:
    """``line`` goes on the sentence that the last line of ``before`` broke off at the wrap width
    (no end punctuation, full width, the next line no heading)."""
    last = before.rsplit("\n", 1)[-1].strip()
    nxt = line.strip()
    return (width is not None and abs(len(last) - width) <= WRAP_SLACK and bool(_WRAP_END.search(last))
            and bool(_PROSE.search(last)) and bool(_WRAP_START.match(nxt)) and not _HEADING.match(nxt)
            and not re.search(r"\s|[|]", last + nxt))


@register(".txt", ".text")
def read_text(path: Path, data: bytes, display_name: str) -> Document:
    if len(data) > MAX_TEXT_BYTES:
        raise UnreadableFile(
            f"text too large to be a report ({len(data) / 1e6:.0f} MB > {MAX_TEXT_BYTES / 1e6:.0f} MB limit)")
    text, encoding = decode(data)
    return document_from_text(text, source_path=display_name, file_sha256=sha256_of(data), fmt="txt", encoding=encoding)
