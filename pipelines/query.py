"""Read-only SQL over the published warehouse, and what is in it (schemas, tables, comments).

Nothing here hard-codes a table name: the marts are whatever the published file's catalog
lists. ``MART_SCHEMA`` holds the tables; any other user schema made only of views (such as
``marts_zh``, Chinese-named views over the marts) is a *view schema*.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.formats import Result

MART_SCHEMA = "main"
# Bookkeeping tables of the publish itself, not data an analyst exports.
INTERNAL_TABLES = frozenset({"build_info", "publish_info"})
# Schemas never offered as marts: DuckDB's own and the build's intermediate layers.
SKIP_SCHEMAS = frozenset({"information_schema", "pg_catalog", "staging", "seeds", "intermediate"})


class QueryError(RuntimeError):
    """The database refused a statement; ``str()`` is its one-line message."""


@dataclass(frozen=True)
class Relation:
    """A table or view of the published warehouse."""

    schema: str
    name: str
    kind: str  # "table" or "view"
    comment: str | None

    @property
    def qualified(self) -> str:
        return f"{quote_ident(self.schema)}.{quote_ident(self.name)}"


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def one_line(exc: BaseException) -> str:
    """The first line of a database error (DuckDB adds hints and the query position on later lines)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a published warehouse file."""
    if not Path(path).exists():
        raise QueryError(f"no published warehouse at {path} (run `jixiao run` first)")
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None


def run(con: duckdb.DuckDBPyConnection, sql: str) -> Result:
    """Run ``sql`` (one or more statements; the last one's rows are returned)."""
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return Result([], [], [])
        return Result([d[0] for d in cur.description], [str(d[1]) for d in cur.description], cur.fetchall())
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None


def write_parquet(con: duckdb.DuckDBPyConnection, sql: str, target: str) -> None:
    """Write the rows of ``sql`` to a Parquet file (DuckDB's own writer, types kept)."""
    try:
        con.sql(sql).write_parquet(target)
    except duckdb.Error as exc:
        raise QueryError(one_line(exc)) from None


def relations(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """Every user-facing table and view, from the catalog (marts first, then view schemas)."""
    rows = con.execute("""
        select * from (
            select schema_name, table_name, 'table' as kind, comment from duckdb_tables()
            where database_name = current_database() and not internal and not temporary
            union all
            select schema_name, view_name, 'view', comment from duckdb_views()
            where database_name = current_database() and not internal and not temporary
        ) order by schema_name <> ?, schema_name, table_name
    """, [MART_SCHEMA]).fetchall()
    return [Relation(s, n, k, c) for s, n, k, c in rows if s not in SKIP_SCHEMAS]


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[Relation]:
    """The tables of the mart schema (bookkeeping tables left out)."""
    return [r for r in relations(con) if r.schema == MART_SCHEMA and r.kind == "table" and r.name not in INTERNAL_TABLES]


def view_schemas(con: duckdb.DuckDBPyConnection) -> dict[str, list[Relation]]:
    """Schemas other than the mart schema that hold only views (e.g. ``marts_zh``), with their views."""
    by_schema: dict[str, list[Relation]] = {}
    for r in relations(con):
        if r.schema != MART_SCHEMA:
            by_schema.setdefault(r.schema, []).append(r)
    return {s: rels for s, rels in by_schema.items() if all(r.kind == "view" for r in rels)}
