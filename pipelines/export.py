"""Export the marts of the published warehouse to Parquet, CSV or one Excel workbook.

Tables come from the catalog (:func:`pipelines.query.mart_tables`), never from a list here.
Parquet and CSV write one file per table; Excel writes one workbook with a sheet per table
(a table over Excel's row limit continues on further sheets) and a first sheet listing the
tables with their descriptions. Files are written beside the target and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import decimal
import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines import formats, query

EXCEL_MAX_ROWS = 1_048_576 - 1  # one header row
FORMATS = ("parquet", "csv", "xlsx")


@dataclass(frozen=True)
class Exported:
    table: str
    rows: int
    path: Path


def export(db_path: Path, out_dir: Path, fmt: str, tables: list[str] | None = None) -> list[Exported]:
    """Write the mart tables (or the named ones) to ``out_dir`` in ``fmt``; returns what was written."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with query.connect(db_path) as con:
        chosen = _choose(con, tables)
        if fmt == "xlsx":
            return _excel(con, chosen, out_dir / "jixiao.xlsx")
        done = []
        for rel in chosen:
            path = out_dir / f"{rel.name}.{fmt}"
            tmp = path.with_name(f".{path.name}.tmp")
            if fmt == "parquet":
                query.write_parquet(con, f"select * from {rel.qualified}", str(tmp))
                rows = con.execute(f"select count(*) from {rel.qualified}").fetchone()[0]
            else:
                result = query.run(con, f"select * from {rel.qualified}")
                tmp.write_bytes(formats.to_csv(result))
                rows = len(result.rows)
            os.replace(tmp, path)
            done.append(Exported(rel.name, rows, path))
        return done


def _choose(con: duckdb.DuckDBPyConnection, names: list[str] | None) -> list[query.Relation]:
    marts = query.mart_tables(con)
    if not names:
        return marts
    everything = {r.name: r for r in query.relations(con)} | {f"{r.schema}.{r.name}": r for r in query.relations(con)}
    missing = [n for n in names if n not in everything]
    if missing:
        raise query.QueryError(f"no such table: {', '.join(missing)} (tables: {', '.join(r.name for r in marts)})")
    return [everything[n] for n in names]


def _excel(con: duckdb.DuckDBPyConnection, rels: list[query.Relation], path: Path) -> list[Exported]:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    index = wb.create_sheet("tables")
    index.append(["table", "rows", "sheet", "description"])
    done = []
    for rel in rels:
        cur = con.execute(f"select * from {rel.qualified}")
        names = [d[0] for d in cur.description]
        rows, sheet_no, sheet = 0, 0, None
        while batch := cur.fetchmany(10_000):
            for row in batch:
                if sheet is None or rows % EXCEL_MAX_ROWS == 0:
                    sheet_no += 1
                    sheet = wb.create_sheet(_sheet_name(rel.name, sheet_no))
                    sheet.append(names)
                sheet.append([_excel_value(v) for v in row])
                rows += 1
        if sheet is None:
            sheet = wb.create_sheet(_sheet_name(rel.name, 1))
            sheet.append(names)
        index.append([rel.name, rows, _sheet_name(rel.name, 1), rel.comment or ""])
        done.append(Exported(rel.name, rows, path))
    tmp = path.with_name(f".{path.name}.tmp")
    wb.save(tmp)
    os.replace(tmp, path)
    return done


def _sheet_name(table: str, n: int) -> str:
    """Excel sheet names: at most 31 characters, no []:*?/\\ ."""
    clean = "".join("_" if c in "[]:*?/\\" else c for c in table)
    suffix = f" ({n})" if n > 1 else ""
    return clean[: 31 - len(suffix)] + suffix


def _excel_value(value: object) -> object:
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones
    if isinstance(value, list | dict | tuple):
        return str(value)
    return value
