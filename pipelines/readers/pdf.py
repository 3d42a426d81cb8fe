""".pdf reports with a text layer, read with pdfplumber: ruled tables and the lines around them.

Per page, ruled tables are found by their lines (pdfplumber's default strategy); each cell's
row/column span comes from its bounding box against the table's column and row edges. A
table that runs on at the top of the next page with the same columns is joined to the one
that ended the previous page. The characters outside tables are grouped into lines and
the lines into paragraphs:

* a line continues the paragraph above when it starts at the left margin, follows with
  no blank-line gap, and the line above reached the right margin (a wrapped line); an
  indented line, or one after a short line, starts a new paragraph;
* vertical gaps of a whole line pitch or more between lines or tables become blank lines;
* a page number standing alone at the foot of a page is dropped.

Spaces: a space the PDF draws is kept; a visible gap between two ASCII characters becomes
a space; other gaps (justified Chinese text, symbols such as ≥) are not spaces.

Refused with a reason: encrypted PDFs that need a password, corrupt/truncated files, and
PDFs with no text layer (scans, which need OCR). Reading stops after ``MAX_PAGES`` pages
or ``TIME_BUDGET_S`` seconds (kept as a warning; the pages read so far are used).
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.document import Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.layout import Item, Para, Table, TCell, join_fragments, render

# pdfminer logs every oddity of a damaged file as a warning; the reason we give is enough.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

MAX_PAGES = 500
MAX_BLANK_LINES = 3  # a half-empty page is a gap, not twenty blank lines
_SENTENCE_END = ("。", "：", ":", "！", "？", "；")
TIME_BUDGET_S = 120.0
_PAGE_NUMBER = re.compile(r"[-—–\s]*(第\s*)?\d{1,4}\s*(页|/\s*\d{1,4}|(共\s*\d+\s*页))?[-—–\s]*")


@dataclass
class _Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str


@dataclass
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str


@dataclass
class _Table:
    """A ruled table; ``parts`` are its pieces on consecutive pages (cell boxes per page)."""

    page: int  # the page it starts on
    x0: float
    x1: float
    top: float  # on its first page
    bottom: float  # on its last page
    parts: list[list[_Box]] = field(default_factory=list)
    last_page: int = 0

    @property
    def col_edges(self) -> list[float]:
        return _edges([v for part in self.parts for b in part for v in (b.x0, b.x1)])

    def cells(self) -> list[TCell]:
        xs = self.col_edges
        out: list[TCell] = []
        offset = 0
        for part in self.parts:
            ys = _edges([v for b in part for v in (b.top, b.bottom)])
            for b in part:
                c0, c1 = _index(xs, b.x0), _index(xs, b.x1)
                r0, r1 = _index(ys, b.top), _index(ys, b.bottom)
                out.append(TCell(offset + r0, c0, b.text, max(1, r1 - r0), max(1, c1 - c0)))
            offset += len(ys) - 1
        return out


def _edges(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _tables(page: Any, page_no: int, chars: list[dict[str, Any]]) -> list[_Table]:
    out = []
    for t in page.find_tables():
        boxes = [box for row in t.rows for box in row.cells if box is not None]
        if len(_edges([v for b in boxes for v in (b[0], b[2])])) < 3:
            continue  # a single column: a frame around text, not a table
        inside: list[list[dict[str, Any]]] = [[] for _ in boxes]
        for ch in chars:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            for i, b in enumerate(boxes):
                if b[0] <= cx <= b[2] and b[1] <= cy <= b[3]:
                    inside[i].append(ch)
                    break
        cells = [
            _Box(b[0], b[1], b[2], b[3], join_fragments(ln.text for ln in _lines(cs, page_no)))
            for b, cs in zip(boxes, inside, strict=True)
        ]
        out.append(_Table(page_no, t.bbox[0], t.bbox[2], t.bbox[1], t.bbox[3], [cells], page_no))
    return out


def _inside(obj: dict[str, Any], tables: list[_Table]) -> bool:
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return any(t.x0 <= cx <= t.x1 and t.top <= cy <= t.bottom for t in tables)


def _line_text(chars: list[dict[str, Any]]) -> str:
    out: list[str] = []
    prev = None
    for ch in sorted(chars, key=lambda c: c["x0"]):
        text = ch["text"]
        if prev is not None and text != " " and out and out[-1] != " ":
            gap = ch["x0"] - prev["x1"]
            if gap > 0.3 * ch["size"] and out[-1][-1:].isascii() and text[:1].isascii():
                out.append(" ")
        out.append(text)
        prev = ch
    return "".join(out)


def _lines(chars: list[dict[str, Any]], page_no: int) -> list[_Line]:
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if lines:
            last = lines[-1]
            ref = statistics.median(c["top"] for c in last[-8:])
            if abs(ch["top"] - ref) <= 0.5 * max(ch["size"], 1):
                last.append(ch)
                continue
        lines.append([ch])
    out = []
    for group in lines:
        text = _line_text(group).strip()
        if not text:
            continue
        out.append(_Line(page_no, min(c["x0"] for c in group), max(c["x1"] for c in group),
                         min(c["top"] for c in group), max(c["bottom"] for c in group),
                         statistics.median(c["size"] for c in group), text))
    return out


def _open(data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise UnreadableFile("encrypted PDF: it needs a password to open (remove the protection and export again)") from None
        raise UnreadableFile(f"corrupt or truncated PDF ({type(cause).__name__}: {cause})") from None
    except Exception as exc:  # pdfminer raises many types on damaged files
        raise UnreadableFile(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})") from None


def _extract(data: bytes) -> tuple[list[_Line | _Table], list[str], int]:
    """Lines and tables of every page in reading order, warnings, and the character count."""
    pdf = _open(data)
    elements: list[_Line | _Table] = []
    warnings: list[str] = []
    n_chars = 0
    started = time.monotonic()
    try:
        pages = pdf.pages
        for page_no, page in enumerate(pages, start=1):
            if page_no > MAX_PAGES:
                warnings.append(f"read the first {MAX_PAGES} of {len(pages)} pages")
                break
            if time.monotonic() - started > TIME_BUDGET_S:
                warnings.append(f"stopped after {TIME_BUDGET_S:.0f} s at page {page_no} of {len(pages)}")
                break
            try:
                deduped = page.dedupe_chars()
                chars = deduped.chars
                n_chars += sum(1 for c in chars if c["text"].strip())
                tables = _tables(deduped, page_no, chars) if chars else []
                lines = _lines([c for c in chars if not _inside(c, tables)], page_no)
            except Exception as exc:
                logging.getLogger(__name__).debug("page %d failed", page_no, exc_info=True)
                warnings.append(f"page {page_no} unreadable ({type(exc).__name__})")
                continue
            finally:
                with contextlib.suppress(Exception):
                    page.close()  # drop the page's cached objects: memory stays flat over long files
            if lines and _PAGE_NUMBER.fullmatch(lines[-1].text) and lines[-1].top > 0.85 * float(page.height):
                lines.pop()
            page_elems: list[_Line | _Table] = [*lines, *tables]
            page_elems.sort(key=lambda e: e.top)
            elements.extend(page_elems)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"corrupt or truncated PDF ({type(exc).__name__}: {exc})") from None
    finally:
        with contextlib.suppress(Exception):  # closing walks the pages again: a damaged page tree fails here too
            pdf.close()
    return elements, warnings, n_chars


def _join_tables(elements: list[_Line | _Table]) -> list[_Line | _Table]:
    """A table that ends one page and goes on at the top of the next, within the same columns, is one table."""
    out: list[_Line | _Table] = []
    for e in elements:
        prev = out[-1] if out else None
        if isinstance(e, _Table) and isinstance(prev, _Table) and e.page == prev.last_page + 1:
            edges = prev.col_edges
            same_frame = abs(e.x0 - prev.x0) <= 2 and abs(e.x1 - prev.x1) <= 2
            if same_frame and all(min(abs(x - y) for y in edges) <= 2 for x in e.col_edges):
                prev.parts.extend(e.parts)
                prev.last_page, prev.bottom = e.last_page, e.bottom
                continue
        out.append(e)
    return out


def _items(elements: list[_Line | _Table]) -> list[Item]:
    lines = [e for e in elements if isinstance(e, _Line)]
    if not lines:
        return [Table(e.cells(), f"page {e.page}, table") for e in elements if isinstance(e, _Table)]
    size = statistics.median(ln.size for ln in lines)
    left = min(ln.x0 for ln in lines)
    # Paragraphs set with a first-line indent show lines at two positions; when every line
    # starts at the same place the indent tells nothing, and a full line ending a sentence
    # is taken as the end of its paragraph.
    indented = sum(1 for ln in lines if 1.5 * ln.size <= ln.x0 - left <= 2.5 * ln.size)
    flush_left = sum(1 for ln in lines if ln.x0 - left <= 0.5 * ln.size)
    indent_known = indented > 0 and flush_left > 0
    right = max(ln.x1 for ln in lines)
    pitches = Counter(
        round(b.top - a.top, 1) for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0.8 * size < b.top - a.top < 2 * size
    )
    pitch = max(pitches, key=lambda p: (pitches[p], -p)) if pitches else 1.4 * size
    first_tops = {}
    for e in elements:
        first_tops.setdefault(e.page, e.top)  # a joined table counts on the page it starts
    top_margin = min(first_tops.values())

    items: list[Item] = []
    current: list[str] = []
    where = ""
    tables = 0
    prev: _Line | _Table | None = None

    def flush() -> None:
        nonlocal current
        if current:
            items.append(Para(join_fragments(current), where))
        current = []

    for e in elements:
        prev_page = prev.last_page if isinstance(prev, _Table) else prev.page if prev is not None else 0
        if prev is not None and e.page == prev_page:
            gap = e.top - prev.bottom
        elif prev is not None:
            gap = e.top - top_margin
        else:
            gap = 0.0
        blanks = min(MAX_BLANK_LINES, max(0, int(gap // pitch))) if prev is not None else 0
        if isinstance(e, _Table):
            flush()
            items.extend(Para("", f"page {e.page}") for _ in range(blanks))
            tables += 1
            items.append(Table(e.cells(), f"page {e.page}, table {tables}"))
        else:
            continues = (
                isinstance(prev, _Line) and current and blanks == 0
                and e.x0 <= left + 0.5 * e.size
                and prev.x1 >= right - 1.5 * prev.size
                and (indent_known or not prev.text.endswith(_SENTENCE_END))
            )
            if not continues:
                flush()
                items.extend(Para("", f"page {e.page}") for _ in range(blanks))
                where = f"page {e.page}"
            current.append(e.text)
        prev = e
    flush()
    return items


@register(".pdf")
def read_pdf(path: Path, data: bytes, display_name: str) -> Document:
    elements, warnings, n_chars = _extract(data)
    if n_chars == 0:
        if any("unreadable" in w for w in warnings):
            raise UnreadableFile(f"corrupt PDF ({'; '.join(warnings[:3])})")
        raise UnreadableFile("scanned PDF: no text layer, needs OCR")
    items = _items(_join_tables(elements))
    return render(items, source_path=display_name, file_sha256=sha256_of(data), fmt="pdf", warnings=warnings)
