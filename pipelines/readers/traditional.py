"""Traditional-character reports converted to Simplified before parsing.

A report counts as Traditional when enough of its Chinese characters are Traditional-only
(characters OpenCC's ``t2s`` table changes). The conversion uses OpenCC (phrases, then
characters) and must keep the text's length per character, so that every span computed on
``Document.text`` also points at the same characters of ``Document.original_text``: a line
whose phrase conversion changes its length is converted character by character instead.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import lru_cache

from pipelines.document import Block, Cell, Document
from pipelines.parsing.normalize import drop_pinyin_glosses

TRADITIONAL_SHARE = 0.05  # Simplified text scores ~0; Traditional text 0.2-0.4
MIN_TRADITIONAL_CHARS = 5
_SAMPLE_CHARS = 20_000
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def _converter():  # noqa: ANN202 - opencc has no type stubs
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def _char(ch: str) -> str:
    out = _converter().convert(ch)
    return out if len(out) == 1 else ch


def traditional_share(text: str) -> tuple[float, int]:
    """(share of Chinese characters that are Traditional-only, how many) in the first 20,000 characters.

    >>> traditional_share("預算績效自評報告")
    (0.5, 4)
    >>> traditional_share("预算绩效自评报告")
    (0.0, 0)
    """
    counts = Counter(_HAN.findall(text[:_SAMPLE_CHARS]))
    total = sum(counts.values())
    if not total:
        return 0.0, 0
    changed = sum(n for ch, n in counts.items() if _char(ch) != ch)
    return changed / total, changed


def is_traditional(text: str) -> bool:
    share, n = traditional_share(text)
    return share >= TRADITIONAL_SHARE and n >= MIN_TRADITIONAL_CHARS


def to_simplified(text: str) -> str:
    """Simplified text of the same length, character for character.

    >>> to_simplified("臺灣財政局經費支出總額為1,234.56萬元")
    '台湾财政局经费支出总额为1,234.56万元'
    """
    conv = _converter()
    whole = conv.convert(text)
    if len(whole) == len(text):
        return whole
    lines = []
    for line in text.split("\n"):
        out = conv.convert(line)
        lines.append(out if len(out) == len(line) else "".join(_char(ch) for ch in line))
    return "\n".join(lines)


def simplify_document(doc: Document) -> Document:
    """``doc`` with Simplified text (original kept in ``original_text``) when it is Traditional.

    Pinyin glosses that mirror sites insert into words (項(xiàng)目) are dropped at the same time
    (``normalize.drop_pinyin_glosses``: lines keep their length), Traditional or not.
    """
    traditional = is_traditional(doc.text)
    original = doc.text
    text = drop_pinyin_glosses(to_simplified(original) if traditional else original)
    if text == original:
        return doc
    assert len(text) == len(original)

    def convert(s: str) -> str:
        return drop_pinyin_glosses(to_simplified(s) if traditional else s).rstrip(" ") if s else s

    def cell(c: Cell) -> Cell:
        same = original[c.start:c.end] == c.text and text[c.start:c.end] == convert(c.text)
        return dataclasses.replace(c, text=text[c.start:c.end] if same else convert(c.text))

    def block(b: Block) -> Block:
        return dataclasses.replace(b, cells=tuple(cell(c) for c in b.cells)) if b.cells else b

    notes = []
    if traditional:
        share, _ = traditional_share(original)
        notes.append(f"converted from Traditional to Simplified Chinese ({share:.0%} Traditional characters)")
    if drop_pinyin_glosses(original) != original:
        notes.append("pinyin glosses removed from inside words")
    return dataclasses.replace(
        doc, text=text, original_text=original, blocks=[block(b) for b in doc.blocks],
        warnings=[*doc.warnings, *notes],
    )
