"""Sentences and clauses with their spans in the document text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line break ends a sentence, except inside a paragraph hard-wrapped over lines (the reader joins
# those into one block: a break between two characters of running text).
_SENTENCE_END = re.compile(r"[。！？!?]|\n(?![\u4e00-\u9fff\d，,、；;：:])|(?<![\u4e00-\u9fff\d、，,（(“.])\n")


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int  # index of the paragraph (line) it belongs to


def split_sentences(text: str, start: int, end: int, paragraph: int) -> list[Sentence]:
    """Sentences of ``text[start:end]`` (ending at 。！？ or a line break), stripped, with spans."""
    out: list[Sentence] = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        _append(out, text, pos, m.end(), paragraph)
        pos = m.end()
    _append(out, text, pos, end, paragraph)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if not stripped:
        return
    offset = raw.find(stripped)
    out.append(Sentence(stripped, start + offset, start + offset + len(stripped), paragraph))
