"""Rebuild tables that arrive in text as one cell per line.

Reports exported to text lay a table out as rows separated by blank lines, each cell on
its own tab-indented line. A cell may wrap onto a following line that has no tab, and a
cell that spans several columns shows up as a row with fewer cells (a total row has extra
leading tabs for its empty spanned cells). Example (→ = tab)::

    →项目名称          header row 1: 5 cells over 7 columns
    →预算金额
    ...
    (blank)
    →                  header row 2: empty cells under vertically spanned headers
    →指标
    总额               continuation of the cell above (no tab)
    ...
    (blank)
    →→合计             total row: first cell spans the leading columns
    →563

The rebuild is driven by the shape only (tabs, blank lines, counts), never by labels.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipelines.document import Block, Cell

MAX_CONTINUATION_CHARS = 30  # a wrapped cell's continuation line is short


@dataclass
class _RawCell:
    text: str
    start: int
    end: int
    leading_tabs: int


@dataclass
class _Line:
    text: str
    start: int
    end: int
    number: int

    @property
    def is_blank(self) -> bool:
        return not self.text.strip("\t \u3000")

    @property
    def is_cell(self) -> bool:
        return self.text.startswith("\t")


def _lines(text: str) -> list[_Line]:
    lines, pos = [], 0
    for number, raw in enumerate(text.split("\n"), start=1):
        lines.append(_Line(raw, pos, pos + len(raw), number))
        pos += len(raw) + 1
    return lines


def _regions(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines made of cell lines, blank lines and short continuation lines."""
    regions: list[list[_Line]] = []
    current: list[_Line] = []
    for i, line in enumerate(lines):
        prev_is_cell = i > 0 and lines[i - 1].is_cell and not lines[i - 1].is_blank
        next_ok = i + 1 < len(lines) and (lines[i + 1].is_cell or lines[i + 1].is_blank)
        continuation = (
            bool(current) and prev_is_cell and not line.is_cell and not line.is_blank
            and len(line.text.strip()) <= MAX_CONTINUATION_CHARS and next_ok
        )
        if line.is_cell or continuation or (line.is_blank and current):
            current.append(line)
        else:
            if current:
                regions.append(current)
            current = []
    if current:
        regions.append(current)
    return regions


def _row_groups(region: list[_Line]) -> list[list[_RawCell]]:
    """Cells per row: blank lines separate rows, untabbed lines continue the previous cell."""
    rows: list[list[_RawCell]] = []
    row: list[_RawCell] = []
    for line in region:
        if line.is_blank and not line.is_cell:
            if row:
                rows.append(row)
            row = []
            continue
        if line.is_cell:
            stripped = line.text.lstrip("\t")
            tabs = len(line.text) - len(stripped)
            content = stripped.strip()
            offset = line.text.find(content) if content else len(line.text)
            row.append(_RawCell(content, line.start + offset, line.start + offset + len(content), tabs))
        elif row:
            last = row[-1]
            content = line.text.strip()
            row[-1] = _RawCell(last.text + content, last.start if last.text else line.start, line.start + len(line.text.rstrip()), last.leading_tabs)
    if row:
        rows.append(row)
    return rows


def _place_row(row: list[_RawCell], n_cols: int, next_row: list[_RawCell] | None) -> list[tuple[_RawCell, int, int]]:
    """(cell, first column, colspan) for each cell of a row with <= n_cols cells."""
    k = len(row)
    if k >= n_cols:
        return [(cell, i, 1) for i, cell in enumerate(row[:n_cols])]
    extra = n_cols - k
    if row[0].leading_tabs > 1:  # total row: the first cell absorbs the missing columns
        placed = [(row[0], 0, extra + 1)]
        return placed + [(cell, extra + 1 + i, 1) for i, cell in enumerate(row[1:])]
    # Header row: cells above leading empty cells of the next row map one to one;
    # the rest share the remaining columns.
    lead = 0
    if next_row is not None and len(next_row) == n_cols:
        while lead < min(k, n_cols) and not next_row[lead].text:
            lead += 1
    placed = [(row[i], i, 1) for i in range(lead)]
    rest = row[lead:]
    if not rest:
        return placed
    cols_left = n_cols - lead
    base, remainder = divmod(cols_left, len(rest))
    col = lead
    for i, cell in enumerate(rest):
        span = base + (1 if i >= len(rest) - remainder else 0)
        placed.append((cell, col, span))
        col += span
    return placed


def _build_table(region: list[_Line], rows: list[list[_RawCell]], table_no: int) -> Block | None:
    widths = Counter(len(r) for r in rows)
    n_cols = max(widths, key=lambda w: (widths[w], w))
    if n_cols < 2 or len(rows) < 2:
        return None  # a single column or a single row: tabbed lines, not a table
    cells: list[Cell] = []
    for r, row in enumerate(rows):
        next_row = rows[r + 1] if r + 1 < len(rows) else None
        for raw, col, span in _place_row(row, n_cols, next_row):
            cells.append(Cell(r, col, raw.text, raw.start, raw.end, colspan=span))
    _merge_vertical_spans(cells, rows)
    start = region[0].start
    end = max(line.end for line in region if not line.is_blank)
    return Block("table", start, end, f"lines {region[0].number}-{region[-1].number}, table {table_no}", tuple(cells),
                 columns_known=False)


def _merge_vertical_spans(cells: list[Cell], rows: list[list[_RawCell]]) -> None:
    """A header cell above empty cells in the next row spans both rows (the empties are dropped)."""
    by_pos = {(c.row, c.col): c for c in cells}
    for cell in list(cells):
        below = by_pos.get((cell.row + 1, cell.col))
        if cell.row == 0 and cell.text and below is not None and not below.text and below.colspan == cell.colspan:
            idx = cells.index(cell)
            cells[idx] = Cell(cell.row, cell.col, cell.text, cell.start, cell.end, rowspan=2, colspan=cell.colspan)
            cells.remove(below)


def find_tables(text: str) -> list[Block]:
    """Every cell-per-line table in ``text``, as table blocks with cell spans."""
    tables: list[Block] = []
    for region in _regions(_lines(text)):
        rows = _row_groups(region)
        if len(rows) < 2:
            continue
        table = _build_table(region, rows, len(tables) + 1)
        if table is not None:
            tables.append(table)
    return tables
