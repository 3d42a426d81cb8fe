"""Numbers and units as written -> exact values in canonical units."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MONEY_FACTORS: dict[str, Decimal] = {
    "元": Decimal(1),
    "千元": Decimal(1_000),
    "万元": Decimal(10_000),
    "万": Decimal(10_000),
    "亿元": Decimal(100_000_000),
    "亿": Decimal(100_000_000),
    # As OCR and Traditional-script pages write them (the unit is kept as written on the figure).
    "萬元": Decimal(10_000),
    "萬": Decimal(10_000),
    "万兀": Decimal(10_000),
    "億元": Decimal(100_000_000),
    "億": Decimal(100_000_000),
}

# A number as written after width folding: 1,631.046 / 969.45 / 0 / 12
NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "O": 0, "o": 0, "0": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def parse_number(text: str) -> Decimal | None:
    """A written number as a Decimal (thousands separators dropped), or None.

    >>> parse_number("1,631.046")
    Decimal('1631.046')
    >>> parse_number("836. 52")  # PDF text breaks a line after the decimal point
    Decimal('836.52')
    >>> parse_number("abc") is None
    True

    Runs of more than 18 digits (no report figure is that long) are not numbers:

    >>> parse_number("9" * 40) is None
    True
    """
    digits = text.replace(",", "").replace(" ", "")
    if len(digits.split(".")[0]) > 18 or len(digits) > 30:
        return None
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Money in yuan, exact.

    >>> to_yuan(Decimal("1631.046"), "万元")
    Decimal('16310460.000')
    """
    return value * MONEY_FACTORS[unit]


def canonical_decimal(value: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation.

    >>> canonical_decimal(Decimal("16310460.000"))
    Decimal('16310460')
    """
    normalized = value.normalize()
    if normalized == normalized.to_integral():
        return normalized.quantize(Decimal(1))
    return normalized


def chinese_digits_to_int(text: str) -> int | None:
    """Digit-by-digit or positional Chinese numerals (years, months, days) as an int.

    >>> chinese_digits_to_int("二O二一")
    2021
    >>> chinese_digits_to_int("十二")
    12
    >>> chinese_digits_to_int("二十三")
    23
    """
    text = text.strip()
    if not text:
        return None
    if "十" in text:
        head, _, tail = text.partition("十")
        tens = _CN_DIGITS.get(head, 1) if head else 1
        ones = _CN_DIGITS.get(tail, 0) if tail else 0
        if (head and head not in _CN_DIGITS) or (tail and tail not in _CN_DIGITS):
            return None
        return tens * 10 + ones
    digits = [_CN_DIGITS.get(ch) for ch in text]
    if any(d is None for d in digits):
        return None
    return int("".join(str(d) for d in digits))


_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")


def years_in(text: str) -> list[int]:
    """Four-digit years followed by 年.

    >>> years_in("2020年度项目支出，较2019年增长")
    [2020, 2019]
    """
    return [int(m.group(1)) for m in _YEAR.finditer(text)]
