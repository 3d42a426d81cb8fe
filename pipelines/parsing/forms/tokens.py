"""A document as one stream of cell tokens, whatever its shape.

Table blocks give one token per cell, with the row and column it sits in (a cell that spans
down from a row above is not repeated). Paragraph text gives one token per run of characters
between whitespace or ``|`` — the shape of a form flattened onto one line, of rows whose cells
are separated by single spaces, and of one cell per line without tabs. Every token keeps its
span in ``Document.text``.

Tokens are also *classified* here (``Tag``): a number (with percent or unit), a blank
placeholder (— / - //), a unit caption, a label with its meaning (``labels.meaning_of``) or
plain text. A paragraph token that glues a label to its value (``主管部门：某局``,
``年度资金总额:80``) is split in two.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pipelines.document import Document
from pipelines.parsing.forms.labels import UNIT_AT_END, UNIT_CAPTION, Meaning, meaning_of
from pipelines.parsing.normalize import fold
from pipelines.parsing.numbers import NUMBER, parse_number

_NUMBER = re.compile(rf"^(?P<sign>[-+])?(?P<num>{NUMBER})\s*(?P<unit>%|％|万元|亿元|元|分|万|亿)?$")
_BARE_MULTIPLIER = {"万": "万元", "亿": "亿元"}  # a cell "2468.13万" under a 万元 header: 万 is the money unit
_BLANK = re.compile(r"^(?:[-－—–/／\\、]+|无|/|／|——)$")
_BREAK = re.compile(r"[^\s\u3000|｜]+")
_GLUED_FIELD = re.compile(r"^(?P<label>[^:：]{2,14})[:：](?P<value>.+)$")
_GLUED_NUMBER = re.compile(rf"^(?P<label>(?:其中[:：])?[^\d:：]{{2,14}}?)[:：]?(?P<value>-?(?:{NUMBER})%?)$")
# Column markers written apart from their header: 全年预算数 (A), 执行率 (B/A); a year: (2022年度);
# the classification a column's items are written in: 支出内容 (经济科目).
_MARK = re.compile(r"^[(（]\s*(?:[A-Za-z](?:\s*/\s*[A-Za-z])?|(?:19|20)\d{2}\s*年度?|(?:经济|功能|支出)(?:分类)?科目)\s*[)）]$")


@dataclass(frozen=True)
class Tok:
    """One cell (or one whitespace-separated run of text) with its place."""

    text: str
    start: int
    end: int
    block: int  # index of the Document block it came from
    row: int | None = None  # table row (None: a paragraph token, rows unknown)
    col: int | None = None  # table column (None when unknown)
    colspan: int = 1
    columns_known: bool = False  # True for cells of a real table (docx/html/xlsx/xls/pdf)


@dataclass(frozen=True)
class Tag:
    """What a token is: ``num`` / ``blank`` / ``unit`` / ``label`` / ``mark`` (ignored) / ``text``."""

    kind: str
    value: Decimal | None = None
    percent: bool = False
    unit: str | None = None
    meaning: Meaning | None = None
    number_text: str | None = None  # the number as written (span start = token start + offset)
    number_offset: int = 0


@lru_cache(maxsize=65536)
def classify(text: str) -> Tag:
    """The tag of one token.

    >>> classify("99.4%").percent
    True
    >>> classify("1,631.05").value
    Decimal('1631.05')
    >>> classify("—").kind
    'blank'
    >>> classify("金额单位：万元").unit
    '万元'
    >>> classify("全年执行数").meaning.phase
    'executed'
    >>> classify("经费控制情况(万元").unit
    '万元'
    >>> classify("2468.13万").unit, classify("2468.13万").value
    ('万元', Decimal('2468.13'))
    """
    s = fold(text).strip()
    if not s:
        return Tag("blank")
    if len(s) > 80:  # a sentence, not a cell a form reads by its words
        return Tag("text")
    m = _NUMBER.match(s.replace(" ", ""))
    if m:
        value = parse_number(m["num"])
        if value is not None:
            if m["sign"] == "-":
                value = -value
            unit = _BARE_MULTIPLIER.get(m["unit"], m["unit"])
            offset = fold(text).find(m["num"])
            return Tag("num", value, percent=unit in ("%", "％"), unit=None if unit in ("%", "％") else unit,
                       number_text=text[offset: offset + len(m["num"])], number_offset=offset)
    if _BLANK.match(s):
        return Tag("blank")
    if _MARK.match(s):
        return Tag("mark")
    u = UNIT_CAPTION.match(s.replace(" ", ""))
    if u:
        return Tag("unit", unit=u["unit"] or u["unit2"])
    meaning = meaning_of(text)
    if meaning is not None:
        return Tag("label", meaning=meaning, unit=meaning.unit)
    u = UNIT_AT_END.match(s.replace(" ", ""))
    if u:  # 经费控制情况(万元: a table caption with its unit
        return Tag("unit", unit=u["unit"])
    return Tag("text")


def table_tokens(doc: Document, index: int) -> list[Tok]:
    """The cells of table block ``index``, row by row (a vertically spanned cell once, in its first row)."""
    block = doc.blocks[index]
    out: list[Tok] = []
    for r, row in enumerate(block.grid()):
        for c, cell in enumerate(row):
            if cell is None:
                if block.columns_known:
                    out.append(Tok("", block.start, block.start, index, r, c, 1, True))
            elif cell.row == r and cell.col == c:  # (spanned from above or the left: already given)
                out.append(Tok(cell.text, cell.start, cell.end, index, r, c, cell.colspan, block.columns_known))
    return out


def paragraph_tokens(doc: Document, index: int) -> list[Tok]:
    """Whitespace- and ``|``-separated runs of a paragraph, labels glued to values split off."""
    block = doc.blocks[index]
    out: list[Tok] = []
    for m in _BREAK.finditer(doc.text, block.start, block.end):
        out.extend(_split_glued(m.group(0), m.start(), index))
    return out


def _split_glued(text: str, start: int, index: int) -> list[Tok]:
    """``主管部门：某局`` -> [主管部门, 某局]; ``年度资金总额:80`` -> [年度资金总额, 80]."""
    if len(text) > 120:
        return [Tok(text, start, start + len(text), index)]
    for pattern in (_GLUED_NUMBER, _GLUED_FIELD):
        m = pattern.match(fold(text))
        if m and meaning_of(text[: m.end("label")]) is not None and classify(text).kind != "label":
            head = text[: m.end("label")]
            value_start = m.start("value")
            return [Tok(head, start, start + len(head), index),
                    Tok(text[value_start:], start + value_start, start + len(text), index)]
    return [Tok(text, start, start + len(text), index)]


def document_tokens(doc: Document, limit: int | None = None) -> list[Tok]:
    """Every block's tokens in document order (blocks starting before ``limit`` characters)."""
    out: list[Tok] = []
    for i, block in enumerate(doc.blocks):
        if limit is not None and block.start >= limit:
            break
        out.extend(table_tokens(doc, i) if block.kind == "table" else paragraph_tokens(doc, i))
    return out
