"""Render a format's paragraphs and tables into ``Document`` text, exactly as the txt layout does.

Every reader other than txt extracts *items* in document order: paragraphs (``Para``) and
tables (``Table``, cells with row/col/rowspan/colspan). ``render`` lays them out the way a
report exported to text looks (see ``text_tables``), so the parser sees the same text
whichever format a report came in:

* a paragraph is one line (a paragraph with line breaks gives one line per break);
  an empty paragraph is a blank line; ends are stripped of spaces and indentation;
* a table is one cell per line, each line prefixed with a tab, and a blank line after
  every row. A cell anchored in the row is written once; a position covered by a cell
  from a row above (vertical merge) is written as an empty cell (``\\t``), as exported
  text shows it; a position covered from the left (horizontal merge) is not written.
  A first cell spanning several columns gets an extra tab (``\\t\\t合计``).

The table blocks are built here directly from the cells the format gives (not re-guessed
from the text), with each cell's span pointing at its line in ``Document.text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pipelines.document import Block, Cell, Document


@dataclass
class Para:
    text: str
    location: str


@dataclass
class TCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Table:
    cells: list[TCell]
    location: str


Item = Para | Table

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")
_SPACE = " \t\r\n\f\v\xa0\u3000"
_WORD_END = re.compile(r"[A-Za-z0-9,.;:!?)\]]")  # wrapped Latin text: a space between words
_WORD_START = re.compile(r"[A-Za-z0-9(\[]")
_NUMBER_END = re.compile(r"(?<![A-Za-z])[\d.,]+$")  # a number wrapped inside a narrow cell: 1570.2 / 8


def join_fragments(parts: Iterable[str]) -> str:
    """Join the wrapped lines of one paragraph or cell: a space between Latin words, else nothing.

    >>> join_fragments(["其中：县级资", "金"])
    '其中：县级资金'
    >>> join_fragments(["Annual budget", "report 2021"])
    'Annual budget report 2021'
    >>> join_fragments(["1570.2", "8"])  # a number wrapped in a narrow cell
    '1570.28'
    """
    out = ""
    for part in parts:
        part = part.strip(_SPACE)
        if not part:
            continue
        if out and _WORD_END.match(out[-1]) and _WORD_START.match(part[0]) and not (
                _NUMBER_END.search(out) and part[0].isdigit()):
            out += " "
        out += part
    return out


def clean_line(s: str) -> str:
    """One line of paragraph or cell text: no control characters, no indentation, tabs as spaces."""
    s = _CONTROL.sub("", s).replace("\xa0", " ").replace("\t", " ")
    return s.strip(_SPACE)


def cell_text(s: str) -> str:
    """A cell's text on one line (its own line breaks joined as wrapped text)."""
    return join_fragments(clean_line(x) for x in s.split("\n"))


def normalize_cells(cells: list[TCell]) -> list[TCell]:
    """Cells on a clean grid: overlaps clipped, empty rows dropped, rows renumbered."""
    taken: set[tuple[int, int]] = set()
    kept: list[TCell] = []
    for c in sorted(cells, key=lambda c: (c.row, c.col)):
        if (c.row, c.col) in taken:
            continue
        colspan = 1
        while colspan < max(1, c.colspan) and (c.row, c.col + colspan) not in taken:
            colspan += 1
        rowspan = 1
        while rowspan < max(1, c.rowspan) and all(
            (c.row + rowspan, c.col + k) not in taken for k in range(colspan)
        ):
            rowspan += 1
        for r in range(c.row, c.row + rowspan):
            for k in range(c.col, c.col + colspan):
                taken.add((r, k))
        kept.append(TCell(c.row, c.col, cell_text(c.text), rowspan, colspan))
    # Drop rows where nothing is written and nothing from above reaches in.
    rows = sorted({c.row for c in kept})
    empty = {
        r for r in rows
        if all(not c.text for c in kept if c.row == r)
        and not any(c.row < r < c.row + c.rowspan for c in kept)
    }
    kept = [c for c in kept if c.row not in empty]
    new_row = {r: i for i, r in enumerate(sorted({c.row for c in kept}))}
    out = []
    for c in kept:
        span = max(1, sum(1 for r in range(c.row, c.row + c.rowspan) if r not in empty))
        out.append(TCell(new_row[c.row], c.col, c.text, span, c.colspan))
    return sorted(out, key=lambda c: (c.row, c.col))


def _table_lines(cells: list[TCell]) -> list[tuple[str, TCell | None, int]]:
    """(line, anchored cell or None, leading tabs) for every line the table is written as."""
    n_rows = max((c.row + c.rowspan for c in cells), default=0)
    n_cols = max((c.col + c.colspan for c in cells), default=0)
    grid: list[list[TCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for c in cells:
        for r in range(c.row, c.row + c.rowspan):
            for k in range(c.col, c.col + c.colspan):
                grid[r][k] = c
    lines: list[tuple[str, TCell | None, int]] = []
    for r in range(n_rows):
        for k in range(n_cols):
            c = grid[r][k]
            if c is None:
                lines.append(("\t", None, 1))
            elif c.row == r and c.col == k:
                tabs = 2 if k == 0 and c.colspan > 1 and r > 0 else 1
                lines.append(("\t" * tabs + c.text, c, tabs))
            elif c.row < r and c.col == k:
                lines.append(("\t", None, 1))  # under a vertical merge: an empty cell
        lines.append(("", None, 0))
    return lines


@dataclass
class _Builder:
    lines: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)

    def add(self, line: str) -> int:
        start = self.length
        self.lines.append(line)
        self.length += len(line) + 1
        return start


def paragraph_lines(text: str) -> list[str]:
    return [clean_line(x) for x in text.split("\n")]


def render(
    items: Iterable[Item], *, source_path: str, file_sha256: str, fmt: str,
    encoding: str | None = None, warnings: list[str] | None = None,
) -> Document:
    """A Document whose text is the items in the txt layout and whose blocks point into it."""
    b = _Builder()
    for item in items:
        if isinstance(item, Para):
            for line in paragraph_lines(item.text):
                if not line and not b.lines:
                    continue  # no blank lines before the first text
                start = b.add(line)
                if line:
                    b.blocks.append(Block("paragraph", start, start + len(line), item.location))
            continue
        cells = normalize_cells(item.cells)
        n_cols = max((c.col + c.colspan for c in cells), default=0)
        if n_cols < 2 or not any(c.text for c in cells):
            # A one-column table is a box around text, not a table.
            for c in cells:
                if c.text:
                    start = b.add(c.text)
                    b.blocks.append(Block("paragraph", start, start + len(c.text), item.location))
            continue
        out: list[Cell] = []
        first = last = None
        for line, cell, tabs in _table_lines(cells):
            start = b.add(line)
            if line:
                first = start if first is None else first
                last = start + len(line)
            if cell is not None:
                out.append(Cell(cell.row, cell.col, cell.text, start + tabs, start + len(line),
                                cell.rowspan, cell.colspan))
        if first is not None and last is not None:
            b.blocks.append(Block("table", first, last, item.location, tuple(out)))
    while b.lines and not b.lines[-1]:
        b.lines.pop()
    text = "\n".join(b.lines) + "\n" if b.lines else ""
    return Document(source_path=source_path, file_sha256=file_sha256, format=fmt, text=text,
                    blocks=b.blocks, encoding=encoding, warnings=list(warnings or []))
