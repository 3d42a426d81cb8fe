"""Rebuild tables that arrive in text as one row per line: cells separated by ``|`` (text copied
from web pages, markdown-like tables with or without ``|---|`` rules) or by runs of two or more
spaces or a tab (space-aligned columns).

A region is two or more consecutive such lines (a short single-cell line between two of them —
a section label such as ``年度总体目标`` — stays in the table as a one-cell row). Each line is a
row, each cell keeps its span. Columns are *not* known: a blank cell may be missing from a
space-aligned row, and merged cells show as repeated text or as nothing, so the blocks carry
``columns_known=False`` and readers of the table align cells by order and type
(``pipelines.parsing.forms``).

The shape decides, never the words; to keep narrative text out, a space-aligned region needs a
line of three or more cells and short cells on average.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.document import Block, Cell

_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL = re.compile(r"\S+(?: \S+)*")  # a cell: runs joined by single spaces (2+ spaces, a tab or \u3000 separate)
MAX_MEAN_CELL = 24  # a space-aligned table has short cells; narrative lines have long ones
MAX_BRIDGE = 30  # a single-cell line inside a table (a section label) is short


@dataclass
class _Row:
    cells: list[tuple[str, int, int]]
    line_no: int
    start: int
    end: int
    rule: bool = False


def _pipe_cells(line: str, start: int) -> list[tuple[str, int, int]] | None:
    if line.count("|") < 2 and not (line.strip().startswith("|") and line.strip().endswith("|") and "|" in line.strip()[1:]):
        return None
    parts: list[tuple[str, int, int]] = []
    pos = 0
    for piece in line.split("|"):
        content = piece.strip(" \t\u3000")
        offset = piece.find(content) if content else 0
        parts.append((content, start + pos + offset, start + pos + offset + len(content)))
        pos += len(piece) + 1
    stripped = line.strip()
    if stripped.startswith("|"):
        parts = parts[1:]
    if stripped.endswith("|"):
        parts = parts[:-1]
    return parts if len(parts) >= 2 else None


def _spaced_cells(line: str, start: int) -> list[tuple[str, int, int]] | None:
    if not re.search(r"\S(?: {2,}|\t|\u3000{1,})\S", line.strip()):
        return None
    return [(m.group(0), start + m.start(), start + m.end()) for m in _CELL.finditer(line)] or None


def _rows(text: str, cells_of) -> list[_Row | None]:
    out: list[_Row | None] = []
    pos = 0
    for number, line in enumerate(text.split("\n"), start=1):
        start = pos
        pos += len(line) + 1
        if line.startswith("\t") or not line.strip():
            out.append(None)
            continue
        if cells_of is _pipe_cells and _RULE.match(line) and "|" in line:
            out.append(_Row([], number, start, start + len(line), rule=True))
            continue
        cells = cells_of(line, start)
        if cells:
            out.append(_Row(cells, number, start, start + len(line)))
        elif len(line.strip()) <= MAX_BRIDGE:
            s = line.strip()
            offset = line.find(s)
            out.append(_Row([(s, start + offset, start + offset + len(s))], number, start, start + len(line)))
        else:
            out.append(None)
    return out


def _regions(rows: list[_Row | None]) -> list[list[_Row]]:
    """Runs of multi-cell rows; a single-cell row only between two multi-cell rows."""
    regions: list[list[_Row]] = []
    current: list[_Row] = []
    for i, row in enumerate(rows):
        multi = row is not None and (row.rule or len(row.cells) >= 2)
        bridge = (row is not None and len(row.cells) == 1 and current and i + 1 < len(rows)
                  and rows[i + 1] is not None and len(rows[i + 1].cells) >= 2)  # type: ignore[union-attr]
        if multi or bridge:
            current.append(row)  # type: ignore[arg-type]
            continue
        if current:
            regions.append(current)
        current = []
    if current:
        regions.append(current)
    return [r for r in regions if sum(1 for x in r if len(x.cells) >= 2) >= 2]


def _block(region: list[_Row], table_no: int, spaced: bool) -> Block | None:
    rows = [r for r in region if not r.rule]
    texts = [c[0] for r in rows for c in r.cells]
    if spaced and (max(len(r.cells) for r in rows) < 3 or sum(map(len, texts)) / max(1, len(texts)) > MAX_MEAN_CELL):
        return None
    cells = [Cell(r_i, c_i, text, s, e) for r_i, row in enumerate(rows) for c_i, (text, s, e) in enumerate(row.cells)]
    return Block("table", rows[0].start, rows[-1].end, f"lines {region[0].line_no}-{region[-1].line_no}, table {table_no}",
                 tuple(cells), columns_known=False)


def find_delimited_tables(text: str, taken: list[tuple[int, int]] | None = None) -> list[Block]:
    """Every ``|``-separated and space-aligned table in ``text`` outside the ``taken`` spans."""
    taken = list(taken or [])
    out: list[Block] = []
    for cells_of, spaced in ((_pipe_cells, False), (_spaced_cells, True)):
        for region in _regions(_rows(text, cells_of)):
            block = _block(region, len(out) + 1, spaced)
            if block is None or any(s < block.end and block.start < e for s, e in taken):
                continue
            out.append(block)
            taken.append((block.start, block.end))
    return sorted(out, key=lambda b: b.start)
