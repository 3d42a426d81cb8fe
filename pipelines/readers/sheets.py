""".xlsx and .xls workbooks (score sheets, funding tables): every sheet becomes a table block.

Per sheet, the used range is trimmed of empty rows and columns and merged ranges become
cell spans. Rows above the table that hold a single text (a title, ``单位：万元``) and rows
below it likewise (``注：…``, ``填报人：…``) become paragraphs before and after the table, so
the parser finds a table's title and unit where it finds them in a report. Values are
written as Excel displays them: numbers with the decimals (and thousands separators) of
their number format, percentages as ``95%``, dates as ``2021-06-30``.

.xlsx is read with openpyxl in read-only mode (streaming) after the zip-bomb check; merged
ranges, which read-only mode does not expose, are streamed from the sheet XML. .xls is read
with xlrd (BIFF, with formatting info for merged cells and number formats).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from pipelines.document import Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.docx import open_zip
from pipelines.readers.layout import Item, Para, Table, TCell, cell_text, render

MAX_ROWS = 20_000  # per sheet
MAX_COLS = 200
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass
class Sheet:
    """One sheet's non-empty values and merged ranges (0-based, inclusive)."""

    name: str
    values: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    truncated: bool = False


def format_number(value: float, number_format: str | None) -> str:
    """A number as Excel shows it in ``number_format`` (decimals, thousands, percent).

    >>> format_number(254.0, "0.00"), format_number(0.955, "0.0%"), format_number(1234.5, "#,##0.00")
    ('254.00', '95.5%', '1,234.50')
    >>> format_number(10.27, "General"), format_number(254.0, None)
    ('10.27', '254')
    """
    fmt = (number_format or "General").split(";")[0]
    fmt = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", fmt)
    if math.isnan(value) or math.isinf(value):
        return ""
    percent = "%" in fmt
    if percent:
        value *= 100
    m = re.search(r"0(?:\.(0+))?", fmt) if fmt.lower() != "general" else None
    if m is None:
        text = f"{value:.10f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else f"{value:.0f}"
        text = "0" if text in ("-0", "") else text
    else:
        decimals = len(m.group(1) or "")
        text = f"{value:,.{decimals}f}" if "," in fmt else f"{value:.{decimals}f}"
    return text + ("%" if percent else "")


def _display(value: Any, number_format: str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return format_number(float(value), number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _trim(sheet: Sheet) -> tuple[list[int], list[int]]:
    rows = sorted({r for r, _ in sheet.values})
    cols = sorted({c for _, c in sheet.values})
    return rows, cols


def sheet_items(sheet: Sheet, index: int) -> list[Item]:
    """Title paragraphs, the table, and note paragraphs of one sheet."""
    if not sheet.values:
        return []
    where = f"sheet {index} '{sheet.name}'"
    anchors = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in sheet.merges}
    covered = {
        (r, c) for r0, c0, r1, c1 in sheet.merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    } - set(anchors)
    rows, cols = _trim(sheet)
    c_min, c_max = cols[0], cols[-1]

    def row_texts(r: int) -> list[str]:
        return [sheet.values[(r, c)] for c in range(c_min, c_max + 1) if (r, c) in sheet.values]

    # Single-text rows at the top and bottom are the table's title/unit and notes.
    head: list[int] = []
    for r in rows:
        if len(row_texts(r)) == 1 and not any(r0 < r <= r0 + span[0] - 1 for (r0, _), span in anchors.items()):
            head.append(r)
        else:
            break
    tail: list[int] = []
    for r in reversed(rows[len(head):]):
        if len(row_texts(r)) == 1 and len(rows) - len(head) - len(tail) > 2:
            tail.insert(0, r)
        else:
            break
    body = [r for r in rows if r not in head and r not in tail]
    items: list[Item] = [Para(row_texts(r)[0], where) for r in head]
    if body:
        r_min, r_max = body[0], body[-1]
        cells = []
        for r in range(r_min, r_max + 1):
            for c in range(c_min, c_max + 1):
                if (r, c) in covered:
                    continue
                rs, cs = anchors.get((r, c), (1, 1))
                rs = min(rs, r_max - r + 1)
                cs = min(cs, c_max - c + 1)
                cells.append(TCell(r - r_min, c - c_min, cell_text(sheet.values.get((r, c), "")), rs, cs))
        items.append(Table(cells, where))
        items.append(Para("", where))
    items.extend(Para(row_texts(r)[0], where) for r in tail)
    return items


def _document(sheets: Iterable[Sheet], data: bytes, display_name: str, fmt: str) -> Document:
    items: list[Item] = []
    warnings: list[str] = []
    for i, sheet in enumerate(sheets, start=1):
        if sheet.truncated:
            warnings.append(f"sheet '{sheet.name}' cut at {MAX_ROWS} rows x {MAX_COLS} columns")
        items.extend(sheet_items(sheet, i))
    doc = render(items, source_path=display_name, file_sha256=sha256_of(data), fmt=fmt, warnings=warnings)
    if not doc.text.strip():
        raise UnreadableFile(f"empty workbook: no sheet holds any value (.{fmt})")
    return doc


# --- xlsx --------------------------------------------------------------------------------

def _ref(ref: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(ref)
    return row - 1, column_index_from_string(letters) - 1


def _xlsx_merges(zf: Any, sheet_path: str | None) -> list[tuple[int, int, int, int]]:
    if not sheet_path:
        return []
    out = []
    try:
        with zf.open(sheet_path.lstrip("/")) as f:
            for _, el in etree.iterparse(f, tag=f"{{{SHEET_NS}}}mergeCell", resolve_entities=False, no_network=True):
                ref = el.get("ref", "")
                if ":" in ref:
                    a, b = ref.split(":", 1)
                    (r0, c0), (r1, c1) = _ref(a), _ref(b)
                    out.append((min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)))
                el.clear()
    except (KeyError, etree.XMLSyntaxError, ValueError):
        return out
    return out


def xlsx_sheets(data: bytes) -> list[Sheet]:
    import openpyxl

    zf = open_zip(data, ".xlsx")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnreadableFile:
        raise
    except Exception as exc:  # openpyxl raises KeyError, InvalidFileException, zip errors ...
        raise UnreadableFile(f"corrupt .xlsx ({type(exc).__name__}: {exc})") from None
    sheets = []
    try:
        for ws in wb.worksheets:
            sheet = Sheet(ws.title)
            ws.reset_dimensions()  # trust the cells, not a declared A1:XFD1048576
            for r, row in enumerate(ws.iter_rows(max_col=MAX_COLS)):
                if r >= MAX_ROWS:
                    sheet.truncated = True
                    break
                for cell in row:
                    value = getattr(cell, "value", None)
                    if value is None:
                        continue
                    c = cell.column - 1
                    text = _display(value, getattr(cell, "number_format", None)).strip()
                    if text:
                        sheet.values[(cell.row - 1, c)] = text
            sheet.merges = _xlsx_merges(zf, getattr(ws, "_worksheet_path", None))
            sheets.append(sheet)
    except UnreadableFile:
        raise
    except Exception as exc:
        raise UnreadableFile(f"corrupt .xlsx ({type(exc).__name__}: {exc})") from None
    finally:
        wb.close()
    return sheets


@register(".xlsx", ".xlsm")
def read_xlsx(path: Path, data: bytes, display_name: str) -> Document:
    return _document(xlsx_sheets(data), data, display_name, "xlsx")


# --- xls ---------------------------------------------------------------------------------

def xls_sheets(data: bytes) -> list[Sheet]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True,
                                  logfile=io.StringIO(), verbosity=0)  # xlrd warns on stdout otherwise
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise UnreadableFile("password-protected .xls: remove the password and save again") from None
        raise UnreadableFile(f"corrupt or unsupported .xls ({exc})") from None
    except Exception as exc:  # xlrd.compdoc.CompDocError, struct errors on damaged files
        raise UnreadableFile(f"corrupt or truncated .xls ({type(exc).__name__}: {exc})") from None
    sheets = []
    try:
        for i in range(book.nsheets):
            sh = book.sheet_by_index(i)
            sheet = Sheet(sh.name, truncated=sh.nrows > MAX_ROWS or sh.ncols > MAX_COLS)
            for r in range(min(sh.nrows, MAX_ROWS)):
                for c in range(min(sh.ncols, MAX_COLS)):
                    cell = sh.cell(r, c)
                    text = _xls_display(book, cell).strip()
                    if text:
                        sheet.values[(r, c)] = text
            sheet.merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
            sheets.append(sheet)
            book.unload_sheet(i)
    except Exception as exc:
        raise UnreadableFile(f"corrupt or truncated .xls ({type(exc).__name__}: {exc})") from None
    finally:
        book.release_resources()
    return sheets


def _xls_display(book: Any, cell: Any) -> str:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "是" if cell.value else "否"
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _display(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), None)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(cell.value)
    fmt = None
    try:
        xf = book.xf_list[cell.xf_index]
        fmt = book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError, TypeError):
        pass
    return format_number(float(cell.value), fmt)


@register(".xls")
def read_xls(path: Path, data: bytes, display_name: str) -> Document:
    return _document(xls_sheets(data), data, display_name, "xls")
