"""Write a query result as a readable table, CSV, JSON, Parquet or Markdown.

Everything but Parquet works on plain Python rows, so ``jixiao sql`` never imports pyarrow
(or numpy) for a screenful of rows and answers in well under a second.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from dataclasses import dataclass
from typing import Any

FORMATS = ("table", "csv", "json", "parquet", "markdown")
_NUMERIC = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
            "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


@dataclass(frozen=True)
class Result:
    """Column names, DuckDB type names and rows of one query."""

    columns: list[str]
    types: list[str]
    rows: list[tuple]

    @property
    def numeric(self) -> list[bool]:
        return [t.split("(")[0] in _NUMERIC for t in self.types]


def _json_default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def to_json(result: Result) -> str:
    """Rows as a JSON array of objects (decimals as numbers, dates as ISO strings)."""
    return json.dumps([dict(zip(result.columns, row, strict=True)) for row in result.rows],
                      ensure_ascii=False, default=_json_default, indent=1)


def to_csv(result: Result) -> bytes:
    """RFC 4180 CSV with a header row; NULL is an empty field, nested values are JSON."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def to_markdown(result: Result) -> str:
    """A GitHub-style pipe table (numbers right-aligned)."""
    if not result.columns:
        return ""
    lines = ["| " + " | ".join(_md(n) for n in result.columns) + " |",
             "|" + "|".join("---:" if num else "---" for num in result.numeric) + "|"]
    lines += ["| " + " | ".join(_md(cell(v)) for v in row) + " |" for row in result.rows]
    return "\n".join(lines) + "\n"


def rich_table(result: Result, title: str | None = None) -> Any:
    """A rich Table of the result, numbers right-aligned, NULL shown dim."""
    from rich.markup import escape
    from rich.table import Table

    out = Table(title=title, show_header=True, header_style="bold")
    for name, num in zip(result.columns, result.numeric, strict=True):
        out.add_column(escape(name), justify="right" if num else "left", overflow="fold")
    for row in result.rows:
        out.add_row(*("[dim]NULL[/]" if v is None else escape(cell(v)) for v in row))
    return out


def cell(value: Any) -> str:
    """A value as text (ISO dates, lists and structs as DuckDB prints them)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return cell(value)


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
