"""Find figures (number + unit) in text: money, rates and counts, with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.parsing.numbers import NUMBER, parse_number

_MONEY = re.compile(
    rf"(?<![\d.])(?<!\d,)(?P<num>{NUMBER})\s*(?P<unit>亿元|万元|元|亿(?![\u4e00-\u9fff])|万(?![\u4e00-\u9fff]))"
)
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
