"""One form (paragraphs + a table grid with merged cells), written in every shape it arrives in.

Real tables: ``docx``, ``html``, ``pdf``, ``xlsx`` (``render_formats``) and ``xls`` (xlwt).
Flattened text:

- ``cells``: one tab-indented cell per line, a blank line between rows (the txt layout);
- ``lines``: one cell per line without tabs or blank lines (text copied cell by cell);
- ``spaced``: a row per line, cells separated by runs of spaces (merged cells left blank);
- ``pipe``: a row per line, cells between ``|`` (with a ``|---|`` rule under the first row;
  merged cells repeated);
- ``oneline``: the whole form on one line, cells separated by single spaces, empty cells gone.

``write_form(items, path, shape)`` writes the file; ``form_text(items, shape)`` gives the text
of the text shapes. Used by the form fixtures (tests/test_forms.py) and the generator's form
templates (``pipelines.samples.forms``).
"""

from __future__ import annotations

from pathlib import Path

from pipelines.readers.layout import Item, Para, Table, TCell, render
from pipelines.samples import render_formats

TEXT_SHAPES = ("cells", "lines", "spaced", "pipe", "oneline")
FILE_SHAPES = ("docx", "html", "pdf", "xlsx", "xls")
SHAPES = FILE_SHAPES + TEXT_SHAPES


def _rows(cells: list[TCell]) -> list[list[TCell | None]]:
    """Each row's cells by column: a cell where it is anchored, None where a merge covers."""
    n_rows = max(c.row + c.rowspan for c in cells)
    n_cols = max(c.col + c.colspan for c in cells)
    grid: list[list[TCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    for c in cells:
        grid[c.row][c.col] = c
    return grid


def _anchor_of(cells: list[TCell], r: int, k: int) -> TCell | None:
    return next((c for c in cells if c.row <= r < c.row + c.rowspan and c.col <= k < c.col + c.colspan), None)


def _table_text(cells: list[TCell], shape: str) -> list[str]:
    grid = _rows(cells)
    lines: list[str] = []
    if shape == "spaced":
        for row in grid:
            texts = [c.text if c is not None else "" for c in row]
            while texts and not texts[-1]:
                texts.pop()
            line = ""
            for t in texts:
                line += (t or "") + "    "
            lines.append(line.rstrip())
    elif shape == "pipe":
        for r, row in enumerate(grid):
            texts = []
            for k in range(len(row)):
                anchor = _anchor_of(cells, r, k)
                texts.append(anchor.text if anchor is not None and anchor.col == k else "")
            lines.append("| " + " | ".join(texts) + " |")
            if r == 0:
                lines.append("|" + "|".join("---" for _ in row) + "|")
    elif shape == "lines":
        lines.extend(c.text for row in grid for c in row if c is not None and c.text)
    elif shape == "oneline":
        lines.append(" ".join(c.text for row in grid for c in row if c is not None and c.text))
    return lines


def form_text(items: list[Item], shape: str) -> str:
    """The form as text in one of ``TEXT_SHAPES``."""
    if shape == "cells":
        return render(items, source_path="form.txt", file_sha256="0" * 64, fmt="txt").text
    parts: list[str] = []
    for item in items:
        if isinstance(item, Para):
            parts.append(item.text)
        else:
            parts.extend(_table_text(item.cells, shape))
    if shape == "oneline":
        return " ".join(p for p in parts if p.strip()) + "\n"
    return "\n".join(parts) + "\n"


def write_xls(items: list[Item], path: Path) -> None:
    """An .xls workbook (xlwt, a dev dependency): the paragraph before each table as its title row."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    before = ""
    n = 0
    for item in items:
        if isinstance(item, Para):
            before = item.text.strip() or before
            continue
        n += 1
        sheet = book.add_sheet(f"表{n}")
        top = 0
        if before:
            sheet.write(0, 0, before)
            top = 1
        for c in item.cells:
            value, fmt = render_formats._excel_value(c.text)
            style = xlwt.easyxf(num_format_str=fmt) if fmt else xlwt.easyxf()
            if c.rowspan > 1 or c.colspan > 1:
                sheet.write_merge(top + c.row, top + c.row + c.rowspan - 1, c.col, c.col + c.colspan - 1,
                                  value if c.text else "", style)
            elif c.text:
                sheet.write(top + c.row, c.col, value, style)
        before = ""
    if n == 0:
        book.add_sheet("表1")
    book.save(str(path))


def _titles_joined(items: list[Item]) -> list[Item]:
    """The paragraphs before each table as one line (a sheet has one title row above its table)."""
    out: list[Item] = []
    pending: list[str] = []
    for item in items:
        if isinstance(item, Para):
            if item.text.strip():
                pending.append(item.text.strip())
            continue
        if pending:
            out.append(Para("".join(pending), "title"))
            pending = []
        out.append(item)
    out.extend(Para(t, "note") for t in pending)
    return out


def write_form(items: list[Item], path: Path, shape: str) -> Path:
    """Write the form as ``shape`` (one of ``SHAPES``) to ``path``."""
    path = Path(path)
    if shape in TEXT_SHAPES:
        path.write_text(form_text(items, shape), encoding="utf-8")
    elif shape == "xls":
        write_xls(_titles_joined(items), path)
    elif shape == "docx":
        render_formats.write_docx(items, path)
    elif shape == "html":
        render_formats.write_html(items, path)
    elif shape == "pdf":
        render_formats.write_pdf(items, path)
    elif shape == "xlsx":
        render_formats.write_xlsx(_titles_joined(items), path)
    else:
        raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")
    return path


def suffix(shape: str) -> str:
    """The file extension of a shape."""
    return shape if shape in FILE_SHAPES else "txt"


__all__ = ["SHAPES", "TEXT_SHAPES", "FILE_SHAPES", "form_text", "write_form", "suffix", "Para", "Table", "TCell"]
