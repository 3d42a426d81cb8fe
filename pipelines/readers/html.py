""".html/.htm reports (pages saved from government sites): the article body and its tables.

* Charset: a BOM, else UTF-8 when the bytes are valid UTF-8, else the ``<meta charset>`` /
  ``http-equiv`` declaration when the bytes decode strictly with it (GB2312/GBK are read as
  GB18030, their superset), else the same detection as for text files (GB18030 or Big5,
  whichever reads as Chinese).
* Boilerplate dropped: script, style, nav, header, footer, aside, forms, and elements whose
  class or id names them (nav, menu, header, footer, breadcrumb, share, copyright ...; small
  info, date, source, tools, side boxes without paragraphs or tables, unless they hold page
  metadata such as 发布机构 / 来源 / 发布日期, which the parser reads), and blocks whose text
  is mostly links (menus, lists of other pages). When
  an element that reads like the article (class/id content, article, TRS_Editor, zoom ...)
  holds at least half of the remaining text, only it is read.
* Block elements (p, div, h1-h6, li, tr ...) and ``<br>`` end lines; an empty ``<p>`` is a
  blank line. Whitespace is collapsed as a browser does, and a line break in the source
  between two Chinese characters disappears (no space in Chinese).
* Data tables become table blocks (rowspan/colspan resolved); a table used for page layout
  (it holds another table, or long text) is read as the blocks inside it.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from pipelines.document import Document
from pipelines.readers.base import UnreadableFile, register, sha256_of
from pipelines.readers.layout import Item, Para, Table, TCell, join_fragments, render
from pipelines.readers.text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
            "euc-cn": "gb18030", "big5": "big5", "big5-hkscs": "big5hkscs", "utf8": "utf-8", "unicode": "utf-8"}
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "select",
              "button", "template", "svg", "object", "embed", "input", "textarea", "head")
# Class/id words of page furniture: always dropped (unless they hold most of the text) ...
_BOILERPLATE = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|header|footer|breadcrumbs?|crumbs?|sidebar|share|copyright|banner|toolbar|"
    r"pagination|pager|print|skip|search|login)($|[\s_-])", re.I)
# ... and of article furniture (publish date, source, font size, tools): dropped when small and
# holding no paragraph or table, so that a content wrapper named e.g. "info-content" survives.
_FURNITURE = re.compile(
    r"(^|[\s_-])(info|meta|source|date|time|attr|property|font-?size|related|comment|tools|bottom|top-bar|"
    r"position|location|foot|head|left|right|side)($|[\s_-])", re.I)
LINK_DENSITY = 0.7  # a block whose text is mostly links is a menu or a list of other pages
# Page metadata the parser reads (publisher, publication date; ``parsing.furniture``): a small
# furniture element holding one of these keys is kept as text, and the parser keeps it out of
# titles, sections and figures.
_PAGE_METADATA = re.compile(r"发布机构|发文机关|信息来源|来源\s*[:：]|发布日期|发布时间|成文日期|索引号")
_FURNITURE_MAX_CHARS = 200
_CONTENT = re.compile(r"content|article|TRS_Editor|zoom|detail|main|zhengwen|zw|text|body|view", re.I)
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section",
          "article", "blockquote", "center", "address", "figure", "figcaption", "hr", "main", "caption",
          "tr", "tbody", "thead", "tfoot", "table", "body", "html", "pre", "fieldset", "legend"}
_WS = re.compile(r"[ \t\r\n\f]+")
MAX_SPAN = 1000
LAYOUT_CELL_CHARS = 400


def decode_html(data: bytes) -> tuple[str, str]:
    """(text, encoding) of an HTML page."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode(data)
    if not data.isascii():
        try:  # valid UTF-8 beats any declaration (pages re-encoded without fixing their meta)
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii").lower()
        codec = _ALIASES.get(declared, declared)
        try:
            return data.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration lies (common): detect from the bytes
    try:
        return decode(data)
    except UnreadableFile:
        raise UnreadableFile("not a readable HTML page: the bytes decode as none of UTF-8, GB18030 or Big5") from None


_CJK_CLASS = "\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
_NL = "\x00"  # a collapsed run that held a line break: nothing between Chinese characters, else a space


def _collapse(s: str) -> str:
    """Browser whitespace: a run becomes one space (a marked one when it held a line break)."""
    return _WS.sub(lambda m: _NL if "\n" in m.group(0) else " ", s)


def _finish(text: str) -> str:
    text = re.sub(f"(?<=[{_CJK_CLASS}])[ {_NL}]*{_NL}[ {_NL}]*(?=[{_CJK_CLASS}])", "", text)
    return re.sub(" {2,}", " ", text.replace(_NL, " "))


def _text_len(el: etree._Element) -> int:
    return len(re.sub(r"\s+", "", el.text_content() or ""))


def _attrs(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}"


def strip_boilerplate(root: etree._Element) -> None:
    for el in list(root.iter(*_DROP_TAGS)):
        if el.tag == "head" or el.getparent() is not None:
            el.drop_tree()
    total = _text_len(root) or 1
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None or el.tag in ("html", "body"):
            continue
        attrs, n = _attrs(el), _text_len(el)
        furniture = (_FURNITURE.search(attrs) and n < _FURNITURE_MAX_CHARS
                     and el.find(".//p") is None and el.find(".//table") is None
                     and not _PAGE_METADATA.search(el.text_content() or ""))
        if furniture or (_BOILERPLATE.search(attrs) and n < 0.5 * total) or _is_link_list(el, n, total):
            el.drop_tree()


def _is_link_list(el: etree._Element, n: int, total: int) -> bool:
    if el.tag not in ("ul", "ol", "dl", "div", "td", "table", "p", "span") or not n or n >= 0.3 * total:
        return False
    linked = sum(_text_len(a) for a in el.iter("a"))
    return linked >= LINK_DENSITY * n


def content_root(root: etree._Element) -> etree._Element:
    body = root.find("body")
    base = body if body is not None else root
    total = _text_len(base)
    best, best_len = base, 0
    for el in base.iter():
        if not isinstance(el.tag, str) or el is base or not _CONTENT.search(_attrs(el)):
            continue
        n = _text_len(el)
        if n >= 0.5 * total and (n > best_len or (n == best_len and best is not base)):
            best, best_len = el, n
    return best


def _int_attr(el: etree._Element, name: str) -> int:
    v = (el.get(name) or "1").strip()
    return max(1, min(MAX_SPAN, int(v))) if v.isdigit() else 1


def _rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if c.tag == "tr")
    return rows


def _is_layout_table(table: etree._Element) -> bool:
    if table.find(".//table") is not None:
        return True
    rows = _rows(table)
    if not rows:
        return True
    return any(_text_len(td) > LAYOUT_CELL_CHARS for tr in rows for td in tr if td.tag in ("td", "th"))


class _Walker:
    def __init__(self) -> None:
        self.items: list[Item] = []
        self.line: list[str] = []
        self.tables = 0
        self.paras = 0

    def flush(self, blank_if_empty: bool = False) -> None:
        text = _finish("".join(self.line))
        self.line = []
        if not text.strip(" \xa0\u3000"):
            if blank_if_empty:
                self.paras += 1
                self.items.append(Para("", f"paragraph {self.paras}"))
            return
        for part in text.split("\n"):
            self.paras += 1
            self.items.append(Para(part, f"paragraph {self.paras}"))

    def inline_text(self, s: str | None, pre: bool) -> None:
        if not s:
            return
        self.line.append(s if pre else _collapse(s))

    def walk(self, el: etree._Element, pre: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            self.line.append("\n")
        elif tag == "table" and not _is_layout_table(el):
            self.flush()
            self.tables += 1
            self.items.append(Table(table_cells(el), f"table {self.tables}"))
        elif tag in _BLOCK:
            self.flush()
            self.inline_text(el.text, pre or tag == "pre")
            for child in el:
                self.walk(child, pre or tag == "pre")
                self.inline_text(child.tail, pre or tag == "pre")
            self.flush(blank_if_empty=tag == "p")
        elif tag:
            self.inline_text(el.text, pre)
            for child in el:
                self.walk(child, pre)
                self.inline_text(child.tail, pre)


def _cell_text(td: etree._Element) -> str:
    w = _Walker()
    w.walk(td)
    w.flush()
    texts = []
    for item in w.items:
        if isinstance(item, Para):
            texts.append(item.text)
        else:  # a small nested table that is data: its cells in order
            texts.append(" ".join(c.text for c in item.cells))
    return join_fragments(texts)


def table_cells(table: etree._Element) -> list[TCell]:
    cells: list[TCell] = []
    taken: set[tuple[int, int]] = set()
    for r, tr in enumerate(_rows(table)):
        col = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, col) in taken:
                col += 1
            rowspan, colspan = _int_attr(td, "rowspan"), _int_attr(td, "colspan")
            cells.append(TCell(r, col, _cell_text(td), rowspan, colspan))
            for rr in range(r, r + rowspan):
                for cc in range(col, col + colspan):
                    taken.add((rr, cc))
            col += colspan
    return cells


def html_items(text: str) -> list[Item]:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise UnreadableFile(f"not a readable HTML page ({exc})") from None
    strip_boilerplate(root)
    w = _Walker()
    w.walk(content_root(root))
    w.flush()
    return w.items


@register(".html", ".htm", ".xhtml", ".shtml")
def read_html(path: Path, data: bytes, display_name: str) -> Document:
    text, encoding = decode_html(data)
    doc = render(html_items(text), source_path=display_name, file_sha256=sha256_of(data), fmt="html", encoding=encoding)
    if not doc.text.strip():
        raise UnreadableFile("HTML page without text (its content may be loaded by a script)")
    return doc


