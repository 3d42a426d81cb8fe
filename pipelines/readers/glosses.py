"""Pinyin glosses that mirror sites insert after characters, removed before parsing.

Some sites that copy government pages annotate characters with their pinyin, in brackets right
after the character: ``草潭鎮(zhèn)人民政府``, ``績(jì)效``. The glosses split names, labels and
numbers' contexts, so a document with enough of them (``MIN_GLOSSES`` toned ones) is read
without them: every lower-case gloss right after a Chinese character goes, and the spans of
blocks and cells move with the text. A bracketed lower-case word in an ordinary report (a list
mark ``(a)``) is left alone, because such a report has no toned glosses.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from pipelines.document import Block, Cell, Document

_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（][a-z{_TONES}ü]{{1,7}}[)）]")
_TONED = re.compile(f"[{_TONES}]")
MIN_GLOSSES = 3


def gloss_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin glosses to remove, or [] when ``text`` is not glossed.

    >>> gloss_spans("草潭鎮(zhèn)人民政府績(jì)效自評報(bào)告")
    [(3, 9), (14, 18), (22, 27)]
    >>> gloss_spans("一、情况(a)说明")
    []
    """
    found = [m for m in _GLOSS.finditer(text)]
    if sum(1 for m in found if _TONED.search(m.group(0))) < MIN_GLOSSES:
        return []
    return [m.span() for m in found]


def strip_glosses(doc: Document) -> Document:
    """``doc`` without pinyin glosses (blocks' and cells' spans moved to match), or ``doc`` itself."""
    cuts = gloss_spans(doc.text)
    if not cuts:
        return doc
    starts = [s for s, _ in cuts]
    removed_before = [0]
    for s, e in cuts:
        removed_before.append(removed_before[-1] + e - s)

    def shift(pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1  # the last cut starting at or before pos
        if i < 0:
            return pos
        s, e = cuts[i]
        return s - removed_before[i] if pos < e else pos - removed_before[i + 1]

    pieces, last = [], 0
    for s, e in cuts:
        pieces.append(doc.text[last:s])
        last = e
    pieces.append(doc.text[last:])
    text = "".join(pieces)

    def cell(c: Cell) -> Cell:
        start, end = shift(c.start), shift(c.end)
        return dataclasses.replace(c, text=text[start:end] if doc.text[c.start:c.end] == c.text else
                                   _GLOSS.sub("", c.text), start=start, end=end)

    def block(b: Block) -> Block:
        return dataclasses.replace(b, start=shift(b.start), end=shift(b.end), cells=tuple(cell(c) for c in b.cells))

    return dataclasses.replace(doc, text=text, blocks=[block(b) for b in doc.blocks],
                               warnings=[*doc.warnings, f"removed {len(cuts)} pinyin glosses (鎮(zhèn) → 鎮)"])
