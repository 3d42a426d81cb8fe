"""Length-preserving normalization, so spans in the normalized text are spans in the original.

Full-width ASCII (１２３．４５％，：（）) folds to half-width one character for one
character; ideographic spaces become spaces; quote marks are left alone (labels strip them).
"""

from __future__ import annotations

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
