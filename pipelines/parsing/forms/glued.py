"""Funds rows whose cells lost their separators (OCR'd or copied text): ``年度资金总额:252510100.00%10``
is 20 | 20 | 10 | 100.00% | 10 (全年预算数, 全年执行数, 分值, 执行率, 得分).

A digit run is split into money cells, an optional weight and the rate; a split is kept only when
the numbers prove it: the rate is the last money cell over the one before it (the 10号 formula
执行率 = 全年执行数 / 全年预算数), the weight is a usual weight, and a score written after the rate is
the weight times the rate. A rate under 1 % proves nothing (too many splits fit it), except a
rate of 0 % after a spent cell of 0 (nothing spent) when no other reading fits. Zeros after a rate's decimal point add no
precision (31.00 % is a rate written to the whole percent). Only a run with exactly one such reading gives figures; any other run
gives none (nothing is made up), as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# A funds-row label (or the rate header the row's label was printed before) glued to its cells.
GLUED_ROW = re.compile(r"(?P<label>资金总额|总金额|财政拨款|中央(?:财政)?资金|财政资金|结转资金|地方资金|其他资金|其它资金|总额|执行率\s*[(（]\s*B\s*/\s*A\s*[)）])"
                       r"[:：]?\s*(?P<cells>\d[\d.,]{4,}[%％])(?P<score>\d{1,3}(?:\.\d{1,2})?)?")
_PIECE = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d{1,4})?$")
WEIGHTS = frozenset({Decimal(n) for n in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30)})
MAX_MONEY_CELLS = 3
MAX_RATE = Decimal(200)


@dataclass(frozen=True)
class GluedRow:
    """The cells read back from one glued run: money cells in column order, weight, rate, score."""

    money: tuple[Decimal, ...]
    weight: Decimal | None
    rate: Decimal
    score: Decimal | None


def _splits(s: str, parts: int) -> list[list[str]]:
    if parts == 1:
        return [[s]] if _PIECE.match(s) else []
    out = []
    for k in range(1, len(s) - parts + 2):
        head = s[:k]
        if not _PIECE.match(head):
            continue
        out.extend([head, *rest] for rest in _splits(s[k:], parts - 1))
    return out


def _rate_matches(spent: Decimal, budget: Decimal, rate: Decimal, rate_text: str) -> bool:
    if budget <= 0:
        return False
    decimals = len(rate_text.split(".")[1].rstrip("0")) if "." in rate_text else 0  # 31.00%: written to the unit
    tolerance = Decimal("0.5") / (Decimal(10) ** decimals) + Decimal("0.01")
    return abs(spent / budget * 100 - rate) <= tolerance


def _score_matches(weight: Decimal | None, rate: Decimal, score: Decimal | None) -> bool:
    if score is None:
        return True
    if weight is None:
        return score <= 100
    expected = weight * min(rate, Decimal(100)) / 100
    return score <= weight and abs(score - expected) <= max(Decimal("0.1") * weight, Decimal("0.5"))


@lru_cache(maxsize=1024)
def decode(cells: str, score: str | None = None, n_header: int = 0) -> GluedRow | None:
    """The one reading of a glued run of cells ending in a rate, or None (``n_header``: the money
    columns the header names, which decides between two readings).

    >>> decode("252510100.00%", "10")
    GluedRow(money=(Decimal('25'), Decimal('25')), weight=Decimal('10'), rate=Decimal('100.00'), score=Decimal('10'))
    >>> decode("52.652.652.6100%").money
    (Decimal('52.6'), Decimal('52.6'), Decimal('52.6'))
    >>> decode("123456789%") is None
    True
    >>> decode("202020100%") is None, decode("202020100%", None, 3).money
    (True, (Decimal('20'), Decimal('20'), Decimal('20')))
    >>> decode("10200%", None, 2).money, decode("1484631.00%", None, 2).money  # nothing spent; 31.00%
    ((Decimal('102'), Decimal('0')), (Decimal('148'), Decimal('46')))
    """
    digits = cells.rstrip("%％").replace(",", "")
    try:
        written_score = Decimal(score) if score else None
    except InvalidOperation:
        written_score = None
    found: set[GluedRow] = set()
    for n_money in range(2, MAX_MONEY_CELLS + 1):
        for with_weight in (True, False):
            for pieces in _splits(digits, n_money + (2 if with_weight else 1)):
                values = [Decimal(p) for p in pieces]
                rate, rate_text = values[-1], pieces[-1]
                weight = values[-2] if with_weight else None
                money = tuple(values[:n_money])
                nothing_spent = not with_weight and pieces[-1] == pieces[n_money - 1] == "0" < pieces[n_money - 2]
                if not (1 <= rate <= MAX_RATE or nothing_spent) or (weight is not None and weight not in WEIGHTS):
                    continue
                if not _rate_matches(money[-1], money[-2], rate, rate_text):
                    continue
                if not _score_matches(weight, rate, written_score):
                    continue
                found.add(GluedRow(money, weight, rate, written_score))
    if any(r.rate >= 1 for r in found):  # 202020100%: its trailing 00 is no "nothing spent" reading
        found = {r for r in found if r.rate >= 1}
    return choose(sorted(found, key=lambda r: (len(r.money), r.weight or 0)), n_header)


# Money column labels of the header a glued row is read against (the nearest before it).
_MONEY_HEADER = re.compile(r"年初预算数?|全年预算数?|调整(?:后)?预算数?|全年执行数?|预算执行数|执行数|预算数")
_ADJUSTED = re.compile(r"全年预算|调整")
_UNIT_BEFORE = re.compile(r"[(（]\s*(?P<unit>万元|元|亿元)\s*[)）]?")
HEADER_WINDOW = 160


def phases_of(n_money: int, header: str) -> tuple[str, ...]:
    """The phases of a row's money cells in order: the last is spent, the one before the budget the
    rate divides by (全年预算数 when the header has it), any before that the initial budget."""
    if n_money >= 3:
        return ("approved",) * (n_money - 2) + ("adjusted", "executed")
    return ("adjusted" if _ADJUSTED.search(header) else "approved", "executed")


def header_before(text: str, start: int) -> tuple[int, str | None, str]:
    """(money columns named, unit written, header text) in the window before a glued row."""
    window = text[max(0, start - HEADER_WINDOW): start]
    units = list(_UNIT_BEFORE.finditer(window))
    return len(_MONEY_HEADER.findall(window)), units[-1]["unit"] if units else None, window


def choose(readings: list[GluedRow], n_header: int) -> GluedRow | None:
    """One reading: the only one, else the only one with as many money cells as the header names."""
    if len(readings) == 1:
        return readings[0]
    fitting = [r for r in readings if len(r.money) == n_header]
    return fitting[0] if len(fitting) == 1 else None
