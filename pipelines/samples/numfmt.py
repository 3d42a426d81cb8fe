"""Number and date formatting for generated reports, and the inverse parse used by the tests.

Every figure is written from an exact ``Decimal`` and read back from what was written, so the
truth value is always exactly what the text says.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

UNIT_FACTOR: dict[str, Decimal] = {"元": Decimal(1), "万元": Decimal(10000), "亿元": Decimal(100000000)}

_FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")
_CN_DIGITS = "〇一二三四五六七八九"


def quantize(x: Decimal, decimals: int) -> Decimal:
    """Round half-up to ``decimals`` places."""
    return x.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def needed_decimals(x: Decimal) -> int:
    """Fewest decimals that show ``x`` exactly."""
    exp = x.normalize().as_tuple().exponent
    return max(0, -int(exp))


def plain(x: Decimal, decimals: int, thousands: bool = False) -> str:
    """``x`` with exactly ``decimals`` places (no exponent), optionally with 1,234 separators."""
    q = quantize(x, decimals)
    return f"{q:,.{decimals}f}" if thousands else f"{q:.{decimals}f}"


def money_number(yuan: Decimal, unit: str, decimals: int, thousands: bool = False, strip: bool = False) -> str:
    """The number to write for ``yuan`` in ``unit``; never rounds (adds places when needed)."""
    x = yuan / UNIT_FACTOR[unit]
    places = max(decimals, needed_decimals(x))
    if strip:
        places = needed_decimals(x)
    return plain(x, places, thousands)


def fullwidth(s: str) -> str:
    """ASCII digits and number punctuation to their full-width forms (１２３．４５)."""
    return s.translate(_FULLWIDTH)


def parse_number(s: str) -> Decimal:
    """Inverse of the writers above: full-width, separators and signs allowed."""
    t = unicodedata.normalize("NFKC", s).replace(",", "").replace("，", "").strip()
    return Decimal(t)


def cn_year(year: int, zero: str = "〇") -> str:
    """2023 -> 二〇二三 (``zero`` may be 〇, O or 零 as seen in real reports)."""
    return "".join(zero if ch == "0" else _CN_DIGITS[int(ch)] for ch in str(year))


def cn_small(n: int) -> str:
    """1..31 in Chinese numerals: 10 -> 十, 23 -> 二十三."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


def cn_date(d: dt.date, zero: str = "〇") -> str:
    """2023-04-10 -> 二〇二三年四月十日."""
    return f"{cn_year(d.year, zero)}年{cn_small(d.month)}月{cn_small(d.day)}日"


def cn_ordinal(n: int) -> str:
    """1 -> 一, 12 -> 十二 (section numbers)."""
    return cn_small(n)
