"""A text builder that records, for every figure it writes, the truth row and its span."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .numfmt import UNIT_FACTOR, fullwidth, money_number, parse_number, plain, quantize


@dataclass
class MoneyStyle:
    """How money is written in one report (the unit, places, separators, full-width digits)."""

    unit: str = "万元"
    decimals: int = 2
    thousands: bool = False
    strip: bool = False  # write 420万元 rather than 420.00万元
    fullwidth_rate: float = 0.0


@dataclass
class Writer:
    """Accumulates the report text and the truth rows that point into it."""

    rng: random.Random
    style: MoneyStyle = field(default_factory=MoneyStyle)
    parts: list[str] = field(default_factory=list)
    length: int = 0
    amounts: list[dict[str, Any]] = field(default_factory=list)
    other_figures: list[dict[str, Any]] = field(default_factory=list)
    scores: list[dict[str, Any]] = field(default_factory=list)
    sections: list[dict[str, Any]] = field(default_factory=list)
    subject: tuple[str, str | None] = ("department", None)  # default subject for amounts

    # -- plain text -------------------------------------------------------------------------
    def add(self, s: str) -> tuple[int, int]:
        """Append ``s``; returns its span."""
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start, self.length

    def line(self, s: str = "") -> None:
        """Append ``s`` and a newline."""
        self.add(s + "\n")

    @property
    def text(self) -> str:
        """The text written so far."""
        return "".join(self.parts)

    def heading(self, level: int, number: str, title: str, topic: str | None, gap: str = "") -> None:
        """A numbered heading on its own line (recorded in ``sections``)."""
        start, _ = self.add(f"{number}{gap}{title}")
        self.line()
        self.sections.append(
            {"level": level, "number": number, "title": title, "topic": topic, "char_start": start}
        )

    # -- figures ----------------------------------------------------------------------------
    def _lead(self, prefix: str) -> str:
        """Write leading punctuation of ``prefix`` as plain text; the rest starts the fragment."""
        rest = prefix.lstrip("，,；;。、：:（(")
        if len(rest) < len(prefix):
            self.add(prefix[: len(prefix) - len(rest)])
        return rest

    def _digits(self, s: str) -> str:
        """``s`` as written: full-width for a share of figures when the style asks for it."""
        if self.rng.random() < self.style.fullwidth_rate:
            return fullwidth(s.replace(",", ""))  # full-width digits come without separators
        return s

    def money_text(self, yuan: Decimal, unit: str | None = None) -> tuple[str, str]:
        """(number as written, unit) for ``yuan`` in this report's style."""
        st = self.style
        unit = unit or st.unit
        decimals = st.decimals if unit == st.unit else 2
        if unit == "亿元":
            decimals = 2
        num = money_number(yuan, unit, decimals, thousands=st.thousands and unit == "元", strip=st.strip)
        return self._digits(num), unit

    def money(
        self,
        prefix: str,
        yuan: Decimal,
        measure: str,
        phase: str,
        *,
        unit: str | None = None,
        negative: bool = False,
        suffix: str = "",
        **extra: Any,
    ) -> int:
        """Write ``prefix`` + number + unit (+ ``suffix``) and record one money amount (returns its index).

        ``negative`` marks a stated decrease (减少/节约): the number is written unsigned and
        recorded negative, as docs/extraction.md asks for yoy_change and budget_variance.
        """
        num, unit = self.money_text(yuan, unit)
        frag = f"{self._lead(prefix)}{num}{unit}"
        start, end = self.add(frag)
        value = parse_number(num) * UNIT_FACTOR[unit]
        if negative:
            value = -value
        self._amount(measure, "money", phase, value, "yuan", num, unit, frag, start, end, extra)
        if suffix:
            self.add(suffix)
        return len(self.amounts) - 1

    def rate(
        self,
        prefix: str,
        pct: Decimal,
        measure: str,
        phase: str,
        *,
        decimals: int = 2,
        negative: bool = False,
        suffix: str = "",
        **extra: Any,
    ) -> int:
        """Write ``prefix`` + percentage and record one rate amount (value = what is written)."""
        shown = quantize(abs(pct), decimals)
        num = self._digits(plain(shown, decimals))
        pct_sign = "％" if num != plain(shown, decimals) else "%"
        frag = f"{self._lead(prefix)}{num}{pct_sign}"
        start, end = self.add(frag)
        value = -shown if negative else shown
        self._amount(measure, "rate", phase, value, "percent", num, "%", frag, start, end, extra)
        if suffix:
            self.add(suffix)
        return len(self.amounts) - 1

    def count(
        self, prefix: str, n: int, measure: str, word: str, *, phase: str = "stated", unit: str = "person", **extra: Any
    ) -> int:
        """Write ``prefix`` + n + ``word`` (名/人/个) and record one count amount (returns its index)."""
        num = self._digits(str(n))
        frag = f"{self._lead(prefix)}{num}{word}"
        start, end = self.add(frag)
        self._amount(measure, "count", phase, Decimal(n), unit, num, word, frag, start, end, extra)
        return len(self.amounts) - 1

    def score(self, prefix: str, points: Decimal, *, word: str = "分", **extra: Any) -> int:
        """Write a self-evaluation score and record it as a ``self_score`` amount."""
        num = plain(points, max(0, -int(points.normalize().as_tuple().exponent)))
        frag = f"{self._lead(prefix)}{num}{word}"
        start, end = self.add(frag)
        self._amount("self_score", "score", "stated", points, "points", num, word, frag, start, end, extra)
        return len(self.amounts) - 1

    def _amount(
        self,
        measure: str,
        kind: str,
        phase: str,
        value: Decimal,
        value_unit: str,
        source_value: str,
        source_unit: str,
        frag: str,
        start: int,
        end: int,
        extra: dict[str, Any],
    ) -> None:
        subject_type, subject_name = self.subject
        row: dict[str, Any] = {
            "measure": measure,
            "kind": kind,
            "phase": phase,
            "value": value,
            "value_unit": value_unit,
            "func_code": extra.pop("func_code", None),
            "econ_code": extra.pop("econ_code", None),
            "fund_source": extra.pop("fund_source", None),
            "subject_type": extra.pop("subject_type", subject_type),
            "subject_name": extra.pop("subject_name", subject_name),
            "detail": extra.pop("detail", None),
            "source_value": source_value,
            "source_unit": source_unit,
            "source_text": frag,
            "char_start": start,
            "char_end": end,
            "origin": extra.pop("origin", "narrative"),
        }
        row.update(extra)  # links: the total a part or share refers to, the figures a rate compares
        self.amounts.append(row)

    def table_money(self, num: str, start: int, unit: str, measure: str, phase: str, **extra: Any) -> int:
        """Record a money cell already written at ``start`` (source_text = the number only)."""
        value = parse_number(num) * UNIT_FACTOR[unit]
        self._amount(measure, "money", phase, value, "yuan", num, unit, num, start, start + len(num),
                     {"origin": "table", **extra})
        return len(self.amounts) - 1

    def other(self, prefix: str, value: Decimal, unit: str, label: str, *, decimals: int = 0) -> None:
        """A figure that is not the department's own money or staff (``other_figures``)."""
        num = self._digits(plain(value, decimals))
        frag = f"{self._lead(prefix)}{num}{unit}"
        start, end = self.add(frag)
        shown = parse_number(num)
        if unit in UNIT_FACTOR:
            canonical = shown * UNIT_FACTOR[unit]
        elif unit.startswith("万"):  # 万人次, 万亩: scale to the base unit
            canonical = shown * 10000
        else:
            canonical = shown
        self.other_figures.append(
            {
                "value": canonical,
                "source_value": num,
                "source_unit": unit,
                "label": label,
                "source_text": frag,
                "char_start": start,
                "char_end": end,
            }
        )
