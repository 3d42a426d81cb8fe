"""Find figures (number + unit) in text: money, rates and counts, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.parsing.numbers import NUMBER, parse_number

# Units as written: 万元 / 亿元 / 元 / 千元, OCR's 万兀 and Traditional 萬元 / 億元; a bare 万 / 亿 only before a
# non-letter or 人民币 (50万人民币), never before other words (13万人).
_UNITS = r"亿元|億元|万元|萬元|万兀|千元|元|[亿億万萬](?=人民币|[^\u4e00-\u9fff]|$)"
# A decimal number that PDF text broke with a space at its point (836. 52万元).
_SPACED = r"\d+ \.\d+|\d+\. \d+"
_MONEY = re.compile(rf"(?<![\d.])(?<!\d,)(?P<num>{_SPACED}|{NUMBER})\s*(?P<unit>{_UNITS})")
_DIGIT = re.compile(r"\d")
_RATE = re.compile(rf"(?<![\d.])(?<!\d,)(?P<num>{NUMBER})\s*(?P<unit>%)")


@dataclass(frozen=True)
class Mention:
    kind: str  # money / rate
    value: Decimal
    source_value: str
    source_unit: str
    start: int  # span of number + unit, in the folded text (same offsets as the original)
    end: int


def find_mentions(folded: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Money and rate figures in ``folded[start:end]``, in order of position."""
    end = len(folded) if end is None else end
    if _DIGIT.search(folded, start, end) is None:  # every figure has a digit (the common case per sentence)
        return []
    out: list[Mention] = []
    for kind, pattern in (("money", _MONEY), ("rate", _RATE)):
        for m in pattern.finditer(folded, start, end):
            value = parse_number(m["num"])
            if value is None:
                continue
            out.append(Mention(kind, value, m["num"], m["unit"], m.start(), m.end()))
    out.sort(key=lambda x: x.start)
    return out
