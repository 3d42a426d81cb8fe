"""Length-preserving normalization, so spans in the normalized text are spans in the original.

(``drop_pinyin_glosses`` keeps each line's length but not every character's position inside a
glossed line; readers apply it once, before any span is computed.)

Full-width ASCII (１２３．４５％，：（）) folds to half-width one character for one
character; ideographic spaces become spaces; quote marks are left alone (labels strip them).
"""

from __future__ import annotations

import re

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20  # ideographic space
_FOLD[0x2212] = ord("-")  # minus sign
_FOLD[0xFF0E] = ord(".")
_FOLD[0x3002] = 0x3002  # keep the ideographic full stop: it ends sentences


def fold(text: str) -> str:
    """Fold full-width ASCII to half-width; the result has the same length as ``text``.

    >>> fold("１２３．４５万元，占比９８％")
    '123.45万元,占比98%'
    """
    return text.translate(_FOLD)


_QUOTES = str.maketrans("", "", "“”\"'‘’「」 \t\n")


def label_key(text: str) -> str:
    """A label folded to half-width with quotes and spaces removed, for lexicon matching.

    >>> label_key("“三公” 经费")
    '三公经费'
    >>> label_key("因公出国（境）费")
    '因公出国(境)费'
    """
    return fold(text).translate(_QUOTES)


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# A pinyin gloss that a mirror site writes after a character: 項(xiàng)目, 财（cái）政. It must
# carry a tone mark, so ordinary bracketed Latin text ((A), (kw), (B/A)) is never touched.
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,7}}[)）]")


def drop_pinyin_glosses(text: str) -> str:
    r"""Pinyin glosses removed from inside words; each line keeps its length.

    The removed characters become spaces at the end of their line, so lines (and the text) keep
    their length and offsets after a glossed line are unchanged; inside a glossed line the
    characters after a gloss move left.

    >>> drop_pinyin_glosses("计(jì)划安排资金\n(万元)")
    '计划安排资金    \n(万元)'
    >>> drop_pinyin_glosses("执行率(B/A) 功率(kw)")
    '执行率(B/A) 功率(kw)'
    """
    if "(" not in text and "（" not in text:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        kept = _GLOSS.sub("", line)
        if len(kept) != len(line):
            lines[i] = kept + " " * (len(line) - len(kept))
    return "\n".join(lines)
