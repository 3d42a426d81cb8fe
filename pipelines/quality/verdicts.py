"""Failed expectations in words an analyst can act on: the check, the figure, its sentence, the bound.

``describe(outcome, report_id)`` turns one failed expectation of one report into a sentence
such as::

    a county-level department's figure cannot exceed ... : «支出480567000000万元» = 4.81×10¹⁵ 元
    in “……” [bound: value ≤ 3×10¹¹; expect_column_values_to_be_between on main.fct_budget_amounts.value];
    written in 万元: read as 元 it would be 4.81×10¹¹ 元, still above the bound (check the digits)

The quarantine reason (``jixiao quarantine``), the run summary's warnings and ``jixiao dq``
all use it, so a held report and a warned one are explained the same way.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from pipelines.quality.results import ExpectationOutcome

SENTENCE_CHARS = 120  # a quoted sentence is cut to this many characters
# units written in reports and their size in yuan: a figure in one of them that should have
# been in 元 is this many times too large (the 元/万元 mix-up)
UNIT_YUAN = {"万元": Decimal(10_000), "亿元": Decimal(100_000_000), "千元": Decimal(1_000)}
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def number(value: Any) -> str:
    """A readable number: large ones as 4.81×10¹⁵, others as written."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if abs(d) >= 1_000_000:
        mantissa, exponent = f"{d:.2e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}×10{str(int(exponent)).translate(_SUPERSCRIPT)}"
    return f"{d.normalize():f}" if d == d.to_integral_value() else str(d)


def check_name(r: ExpectationOutcome) -> str:
    """``expectation on table.column``."""
    where = f"{r.table}.{r.column}" if r.column else r.table
    return f"{r.expectation} on {where}"


def bound(r: ExpectationOutcome) -> str | None:
    """The limit the expectation sets, e.g. ``value ≤ 3×10¹¹`` (None when it sets none)."""
    low, high = r.kwargs.get("min_value"), r.kwargs.get("max_value")
    column = r.column or "value"
    if low is not None and high is not None:
        return f"{number(low)} ≤ {column} ≤ {number(high)}"
    if high is not None:
        return f"{column} ≤ {number(high)}"
    if low is not None:
        return f"{column} ≥ {number(low)}"
    return None


def unit_hint(r: ExpectationOutcome, row: dict[str, Any]) -> str | None:
    """For a figure above its bound written in 万元 (亿元, 千元): what it would be in 元."""
    unit = row.get("source_unit")
    high = r.kwargs.get("max_value")
    value = row.get(r.column or "value")
    if unit not in UNIT_YUAN or value is None:
        return None
    as_yuan = Decimal(str(value)) / UNIT_YUAN[unit]
    head = f"written in {unit}: read as 元 it would be {number(as_yuan)} 元"
    if high is None:
        return head
    if as_yuan <= Decimal(str(high)):
        return f"{head}, within the bound: most likely a 元/{unit} mix-up"
    return f"{head}, still above the bound (check the digits)"


def describe_row(r: ExpectationOutcome, row: dict[str, Any], *, with_file: bool = False) -> str:
    """One failing row: the figure as written, its value, its sentence (and file)."""
    value = row.get(r.column) if r.column else None
    parts = []
    in_yuan = row.get("source_unit") in (*UNIT_YUAN, "元")
    if row.get("source_text"):
        parts.append(f"«{row['source_text']}»" + (f" = {number(value)} 元" if in_yuan and value is not None else ""))
    elif value is not None:
        parts.append(f"{r.column} = {number(value)}")
    sentence = row.get("sentence")
    if sentence:
        cut = sentence if len(sentence) <= SENTENCE_CHARS else sentence[:SENTENCE_CHARS] + "…"
        parts.append(f"in “{cut}”")
    if with_file and row.get("source_file"):
        parts.append(f"({row['source_file']})")
    others = [f"{k} = {v}" for k, v in row.items()
              if k not in ("report_id", "source_text", "sentence", "source_file", "source_unit", r.column) and v is not None]
    text = ", ".join(x for x in (" ".join(parts), *others) if x)
    hint = unit_hint(r, row)
    return f"{text}; {hint}" if hint else text


def describe(r: ExpectationOutcome, report_id: str | None = None) -> str:
    """One failed expectation (of one report): reason, failing rows, bound and check."""
    rows = r.rows_of(report_id) if report_id else r.failing_rows
    technical = "; ".join(x for x in (f"bound: {bound(r)}" if bound(r) else None, check_name(r)) if x)
    head = r.reason or check_name(r)
    quoted = " | ".join(describe_row(r, row, with_file=report_id is None) for row in rows)
    if not quoted:
        if r.reason:
            return f"{head} [{technical}]"
        return f"{head} ({bound(r)})" if bound(r) else head
    return f"{head}: {quoted} [{technical}]"
