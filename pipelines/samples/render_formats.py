"""Write a generated report (txt layout) as .docx, .pdf, .html or .xlsx, for format tests.

``write_report(text, path, fmt)`` takes report text in the txt layout (paragraph lines and
cell-per-line tables, see ``pipelines.readers.text_tables``), finds its tables the way the
txt reader does, and writes the same paragraphs and tables as the target format shows them:

* docx: one Word paragraph per line (blank lines as empty paragraphs), real tables with
  merged cells (python-docx);
* html: a government-site-like page (nav, breadcrumb, footer, script boilerplate around an
  article div) with ``<p>`` paragraphs and a real ``<table>`` with rowspan/colspan;
  ``encoding="gbk"`` writes a GBK page declaring ``charset=gb2312`` as many sites do;
* pdf: reportlab with the built-in CID font STSong-Light (no font files needed). Paragraphs
  wrap within the margins, justified, first line indented two characters (as official
  documents are set); ASCII runs such as numbers are never split across lines; tables are
  drawn ruled with their spans so that pdfplumber finds them;
* xlsx: one sheet per table (title row from the line above the table, merged cells,
  numbers stored as numbers with the displayed decimals as their format);
* doc: Word 97-2003, one paragraph per line (tables as their cell-per-line text, which is
  what the text converters give back), written by ``pipelines.samples.word97``;
* txt: the text itself, in ``encoding``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from pipelines.readers.layout import Item, Para, Table, TCell
from pipelines.readers.text_tables import find_tables

FORMATS = ("txt", "docx", "pdf", "html", "xlsx", "doc")


def layout_items(text: str) -> list[Item]:
    """The report's lines and tables, in order (the blank line that ends a table's last row is its own)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    tables = find_tables(text)
    items: list[Item] = []
    pos = 0
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    i = 0
    table_no = 0
    while i < len(lines):
        line = lines[i]
        start = pos
        table = next((t for t in tables if t.start == start), None)
        if table is not None:
            cells = [TCell(c.row, c.col, c.text, c.rowspan, c.colspan) for c in table.cells]
            table_no += 1
            items.append(Table(cells, f"table {table_no}"))
            while i < len(lines) and pos <= table.end:  # the table's lines
                pos += len(lines[i]) + 1
                i += 1
            if i < len(lines) and not lines[i].strip():  # the blank line after its last row
                pos += len(lines[i]) + 1
                i += 1
            continue
        items.append(Para(line, f"line {i + 1}"))
        pos += len(line) + 1
        i += 1
    return items


def _grid_size(cells: list[TCell]) -> tuple[int, int]:
    return max(c.row + c.rowspan for c in cells), max(c.col + c.colspan for c in cells)


# --- docx ------------------------------------------------------------------------------

def write_docx(items: list[Item], path: Path) -> None:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    d = docx.Document()
    style = d.styles["Normal"]
    style.font.size = Pt(10.5)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    for item in items:
        if isinstance(item, Para):
            d.add_paragraph(item.text)
            continue
        n_rows, n_cols = _grid_size(item.cells)
        table = d.add_table(rows=n_rows, cols=n_cols)
        table.style = "Table Grid"
        for c in item.cells:
            cell = table.cell(c.row, c.col)
            if c.rowspan > 1 or c.colspan > 1:
                cell = cell.merge(table.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
            cell.text = c.text
    d.save(str(path))


# --- html ------------------------------------------------------------------------------

_HTML_HEAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title}_财政预决算_政务公开</title>
<style>body{{font-family:"SimSun";}} .nav li{{display:inline;margin:0 8px;}} table{{border-collapse:collapse;}} td{{border:1px solid #999;}}</style>
<script type="text/javascript">var _hmt = _hmt || []; function setFont(s){{document.getElementById("zoom").style.fontSize=s+"px";}}</script>
</head>
<body>
<div class="header"><div class="logo">人民政府门户网站</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zmhd/">政民互动</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 财政预决算</div>
<div class="article">
<div class="article-info">发布时间：{published}　来源：本站　浏览次数：<span id="hits">128</span>　【字体：<a href="javascript:setFont(18)">大</a> <a href="javascript:setFont(14)">中</a> <a href="javascript:setFont(12)">小</a>】</div>
<div class="article-content" id="zoom">
"""
_HTML_FOOT = """</div>
<div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="footer"><p>主办单位：人民政府办公室　版权所有</p><p>网站标识码：3600000001　备案号：ICP备05001234号</p>
<script>document.write("<span>访问统计</span>");</script></div>
</body>
</html>
"""


def html_table(cells: list[TCell]) -> str:
    rows: dict[int, list[TCell]] = {}
    for c in cells:
        rows.setdefault(c.row, []).append(c)
    n_rows, _ = _grid_size(cells)
    out = ['<table border="1" cellspacing="0" cellpadding="4" width="100%">']
    for r in range(n_rows):
        out.append("<tr>")
        for c in sorted(rows.get(r, []), key=lambda c: c.col):
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            out.append(f'<td{attrs}><p align="center">{html.escape(c.text)}</p></td>')
        out.append("</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_page(items: list[Item], encoding: str = "utf-8") -> str:
    charset = "gb2312" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    title = next((i.text for i in items if isinstance(i, Para) and i.text.strip()), "")
    published = next((m.group(0) for i in items if isinstance(i, Para)
                      for m in [re.search(r"20\d\d", i.text)] if m), "2021")
    body = []
    for item in items:
        if isinstance(item, Table):
            body.append(html_table(item.cells))
        elif not item.text.strip():
            body.append("<p></p>")
        else:
            body.append(f'<p style="text-indent:2em;">{html.escape(item.text)}</p>')
    head = _HTML_HEAD.format(charset=charset, title=html.escape(title), published=f"{published}-06-30 09:30")
    return head + "\n".join(body) + "\n" + _HTML_FOOT


def write_html(items: list[Item], path: Path, encoding: str = "utf-8") -> None:
    codec = "gb18030" if encoding.lower() in ("gbk", "gb2312", "gb18030") else encoding
    path.write_bytes(html_page(items, encoding).encode(codec, errors="xmlcharrefreplace"))


# --- pdf -------------------------------------------------------------------------------

FONT = "STSong-Light"
SIZE = 10.5
PITCH = 16.0  # baseline to baseline
CELL_SIZE = 9.0
CELL_PITCH = 12.0
MARGIN_X = 56.0
MARGIN_Y = 60.0
TABLE_GAP = PITCH / 4
_TOKEN = re.compile(r"[!-~]+| |.", re.S)  # ASCII runs stay whole; anything else breaks anywhere


@lru_cache(maxsize=1)
def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


@lru_cache(maxsize=65536)
def _width(s: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(s, _font(), size)


def wrap(text: str, width: float, size: float, first_width: float | None = None) -> list[str]:
    """Greedy line breaking by measured width; ASCII runs (numbers, words) are never split."""
    lines: list[str] = []
    current, used = "", 0.0
    limit = first_width if first_width is not None else width
    for token in _TOKEN.findall(text):
        w = _width(token, size)
        if current and used + w > limit + 0.01:
            lines.append(current.rstrip(" "))
            current, used, limit = "", 0.0, width
            if token == " ":
                continue
        if not current and w > limit:  # a run longer than the line: split it after all
            for ch in token:
                cw = _width(ch, size)
                if current and used + cw > limit + 0.01:
                    lines.append(current)
                    current, used, limit = "", 0.0, width
                current, used = current + ch, used + cw
            continue
        current, used = current + token, used + w
    if current or not lines:
        lines.append(current)
    return lines


class _PdfWriter:
    def __init__(self, path: Path, encrypt: str | None = None) -> None:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen.canvas import Canvas

        self.page_w, self.page_h = A4
        self.canvas = Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
        self.width = self.page_w - 2 * MARGIN_X
        self.cursor = MARGIN_Y  # from the top of the page
        self.on_page = False
        self.blanks = 0  # blank lines not yet placed: they go before the next line or table

    def _place_blanks(self, height: float) -> None:
        """Skip the pending blank lines, on a new page if what follows does not fit after them."""
        if self._room(self.blanks * PITCH + height) < 0:
            self._new_page()
        self.cursor += self.blanks * PITCH
        self.blanks = 0

    def _new_page(self) -> None:
        self.canvas.showPage()
        self.cursor = MARGIN_Y
        self.on_page = False

    def _room(self, height: float) -> float:
        return self.page_h - MARGIN_Y - self.cursor - height

    def _text_line(self, text: str, x: float, justify_to: float | None) -> None:
        if self._room(PITCH) < 0:
            self._new_page()
        baseline = self.cursor + PITCH - (PITCH - SIZE) / 2 - 0.12 * SIZE
        t = self.canvas.beginText(x, self.page_h - baseline)
        t.setFont(_font(), SIZE)
        spacing = 0.0  # character spacing stays in the graphics state: always set it
        if justify_to is not None and len(text) > 1:
            spacing = max(0.0, (justify_to - _width(text, SIZE)) / (len(text) - 1))
        t.setCharSpace(spacing)
        t.textOut(text)
        self.canvas.drawText(t)
        self.cursor += PITCH
        self.on_page = True

    def paragraph(self, text: str) -> None:
        text = text.strip()
        if not text:
            self.blanks += 1
            return
        self._place_blanks(PITCH)
        indent = 2 * SIZE
        lines = wrap(text, self.width, SIZE, self.width - indent)
        for i, line in enumerate(lines):
            x = MARGIN_X + (indent if i == 0 else 0)
            last = i == len(lines) - 1
            self._text_line(line, x, None if last else MARGIN_X + self.width - x)

    def table(self, cells: list[TCell]) -> None:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.platypus import Paragraph
        from reportlab.platypus import Table as RLTable

        n_rows, n_cols = _grid_size(cells)
        col_w = self.width / n_cols
        style = ParagraphStyle("cell", fontName=_font(), fontSize=CELL_SIZE, leading=CELL_PITCH)
        data: list[list[object]] = [[""] * n_cols for _ in range(n_rows)]
        commands: list[tuple] = [("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        for c in cells:
            lines = wrap(c.text, col_w - 12, CELL_SIZE)
            data[c.row][c.col] = Paragraph("<br/>".join(escape(x) for x in lines), style)
            if c.rowspan > 1 or c.colspan > 1:
                commands.append(("SPAN", (c.col, c.row), (c.col + c.colspan - 1, c.row + c.rowspan - 1)))
        table = RLTable(data, colWidths=[col_w] * n_cols, style=commands)
        self._place_blanks(min(table.wrap(self.width, self.page_h)[1], 3 * CELL_PITCH) + 2 * TABLE_GAP)
        while True:
            _, height = table.wrap(self.width, self.page_h)
            room = self._room(2 * TABLE_GAP)
            if height <= room:
                table.drawOn(self.canvas, MARGIN_X, self.page_h - (self.cursor + TABLE_GAP + height))
                self.cursor += height + 2 * TABLE_GAP
                self.on_page = True
                return
            parts = table.split(self.width, room) if room > 0 else []
            if len(parts) < 2:
                if not self.on_page:  # taller than a page and cannot split: draw it as it is
                    table.drawOn(self.canvas, MARGIN_X, self.page_h - (self.cursor + TABLE_GAP + height))
                    self.cursor += height + 2 * TABLE_GAP
                    return
                self._new_page()
                continue
            first, table = parts[0], parts[1]
            _, h1 = first.wrap(self.width, room)
            first.drawOn(self.canvas, MARGIN_X, self.page_h - (self.cursor + TABLE_GAP + h1))
            self._new_page()

    def save(self) -> None:
        self.canvas.save()


def write_pdf(items: list[Item], path: Path, encrypt: str | None = None) -> None:
    w = _PdfWriter(path, encrypt)
    for item in items:
        if isinstance(item, Table):
            w.table(item.cells)
        else:
            w.paragraph(item.text)
    w.save()


# --- xlsx ------------------------------------------------------------------------------

_NUMBER = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.(\d+))?")


def _excel_value(text: str) -> tuple[object, str | None]:
    """A numeric cell as a number with the format that shows it as written; other text as it is."""
    m = _NUMBER.fullmatch(text)
    if not m:
        return text, None
    decimals = len(m.group(4) or "")
    fmt = ("#,##0" if "," in text else "0") + ("." + "0" * decimals if decimals else "")
    value = float(text.replace(",", ""))
    return (int(value) if not decimals and abs(value) < 2**53 else value), fmt


def write_xlsx(items: list[Item], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    before = ""
    n = 0
    for item in items:
        if isinstance(item, Para):
            if item.text.strip():
                before = item.text.strip()
            continue
        n += 1
        ws = wb.create_sheet(f"表{n}")
        _, n_cols = _grid_size(item.cells)
        top = 1
        if before:
            ws.cell(1, 1, before)
            if n_cols > 1:
                ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
            top = 2
        for c in item.cells:
            value, fmt = _excel_value(c.text)
            cell = ws.cell(top + c.row, 1 + c.col, value if c.text else None)
            if fmt:
                cell.number_format = fmt
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(start_row=top + c.row, start_column=1 + c.col,
                               end_row=top + c.row + c.rowspan - 1, end_column=c.col + c.colspan)
        before = ""
    if not wb.worksheets:
        wb.create_sheet("表1")
    wb.save(str(path))


def write_report(text: str, path: Path, fmt: str, *, encoding: str = "utf-8") -> Path:
    """Write report ``text`` (txt layout) to ``path`` as ``fmt`` (txt, docx, pdf, html, xlsx, doc)."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    if fmt == "txt":
        path.write_bytes(text.encode(encoding))
        return path
    if fmt == "doc":
        from pipelines.samples.word97 import write_doc

        lines = text.replace("\r\n", "\n").split("\n")
        return write_doc(lines[:-1] if lines and lines[-1] == "" else lines, path)
    items = layout_items(text)
    if fmt == "docx":
        write_docx(items, path)
    elif fmt == "html":
        write_html(items, path, encoding)
    elif fmt == "pdf":
        write_pdf(items, path)
    else:
        write_xlsx(items, path)
    return path
