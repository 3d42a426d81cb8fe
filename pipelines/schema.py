"""Landed tables: names, row classes and Arrow schemas (derived from ``model``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from decimal import Decimal

import pyarrow as pa

from pipelines import model

# Money up to 10^20 yuan with 4 decimals: exact, and wide enough for any report.
DECIMAL = pa.decimal128(24, 4)

# Landed table name -> row class. Each ParsedReport list attribute has the same name.
TABLES: dict[str, type] = {
    "reports": model.Report,
    "amounts": model.Amount,
    "scores": model.Score,
    "sections": model.Section,
    "projects": model.ProjectFunding,
    "targets": model.Target,
    "table_rows": model.TableRow,
    "other_figures": model.OtherFigure,
    "findings": model.Finding,
}

_ARROW_TYPES: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    Decimal: DECIMAL,
    dt.date: pa.date32(),
    dt.datetime: pa.timestamp("us", tz="UTC"),
}


def _arrow_type(annotation: typing.Any) -> tuple[pa.DataType, bool]:
    """Arrow type and nullability of a dataclass field annotation."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = [a for a in args if a is not type(None)]
        return _ARROW_TYPES[inner], True
    return _ARROW_TYPES[annotation], False


def arrow_schema(row_class: type) -> pa.Schema:
    """The Arrow schema of a row dataclass, one field per dataclass field, in order."""
    hints = typing.get_type_hints(row_class)
    fields = []
    for f in dataclasses.fields(row_class):
        arrow_type, nullable = _arrow_type(hints[f.name])
        fields.append(pa.field(f.name, arrow_type, nullable=nullable))
    return pa.schema(fields)


def to_arrow(row_class: type, rows: typing.Iterable[typing.Any]) -> pa.Table:
    """Rows (dataclass instances of ``row_class``) as an Arrow table with the landed schema."""
    schema = arrow_schema(row_class)
    columns: dict[str, list[typing.Any]] = {name: [] for name in schema.names}
    for row in rows:
        for name in schema.names:
            columns[name].append(getattr(row, name))
    return pa.table(columns, schema=schema)
