"""Copy the marts of the published warehouse into a PostgreSQL schema, in one transaction.

For teams whose BI already points at PostgreSQL. DuckDB's postgres extension (loaded from the
``duckdb-extension-postgres`` wheel, never downloaded) attaches the target database; in one
transaction the target schema is dropped and recreated, every mart table is copied (binary
COPY) with its table and column comments, and each view schema of the warehouse (such as
``marts_zh``) becomes ``<schema>_<suffix>`` with the same views, their SQL translated from
DuckDB's dialect to PostgreSQL's by sqlglot and pointed at the copied tables (a view sqlglot
cannot translate is copied as a table). Readers of the PostgreSQL schema see the previous copy
until the commit, then the new one; a failure leaves the previous copy untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines import query

# DuckDB types the postgres extension cannot write; such columns are copied as JSON text.
_UNSUPPORTED = re.compile(r"^(STRUCT|MAP|UNION)\b|\bSTRUCT\(", re.I)


class PostgresPublishError(RuntimeError):
    """The copy failed; nothing changed in PostgreSQL."""


@dataclass
class PostgresCopy:
    """What was copied where."""

    schema: str
    tables: dict[str, int] = field(default_factory=dict)  # table -> rows
    views: dict[str, list[str]] = field(default_factory=dict)  # postgres schema -> views
    materialized_views: list[str] = field(default_factory=list)  # views copied as tables


def extension_path() -> Path:
    """The postgres extension shipped by the duckdb-extension-postgres wheel for this DuckDB version."""
    import duckdb_extension_postgres

    path = Path(duckdb_extension_postgres.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "postgres.duckdb_extension"
    if not path.exists():
        raise PostgresPublishError(f"the postgres extension for DuckDB {duckdb.__version__} is not installed ({path})")
    return path


def _load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """LOAD the wheel's extension file under the name its entry point expects (``postgres_scanner``)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="jixiao-pgext-") as tmp:
        link = Path(tmp) / "postgres_scanner.duckdb_extension"
        link.symlink_to(extension_path())
        con.execute(f"load '{_sql_str(str(link))}'")


def view_schema_name(schema: str, view_schema: str) -> str:
    """Where a warehouse view schema lands: ``marts_zh`` -> ``<schema>_zh``; ``x`` -> ``<schema>_x``."""
    return f"{schema}_{view_schema.removeprefix('marts_')}"


def publish(db_path: Path, dsn: str, schema: str = "jixiao") -> PostgresCopy:
    """Replace PostgreSQL schema ``schema`` (and its view schemas) with a copy of the published marts."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema):
        raise PostgresPublishError(f"schema name must be a plain identifier, got {schema!r}")
    con = duckdb.connect(":memory:")
    try:
        _load_extension(con)
        con.execute(f"attach '{_sql_str(str(db_path))}' as wh (read_only)")
        try:
            con.execute(f"attach '{_sql_str(dsn)}' as pg (type postgres)")
        except duckdb.Error as exc:
            raise PostgresPublishError(f"cannot connect to PostgreSQL: {query.one_line(exc)}") from None
        con.execute("use wh")
        tables = query.mart_tables(con)
        view_schemas = query.view_schemas(con)
        result = PostgresCopy(schema)
        con.execute("begin")
        try:
            _copy(con, schema, tables, view_schemas, result)
            con.execute("commit")
        except duckdb.Error as exc:
            con.execute("rollback")
            raise PostgresPublishError(query.one_line(exc)) from None
        return result
    finally:
        con.close()


def _copy(con: duckdb.DuckDBPyConnection, schema: str, tables: list[query.Relation],
          view_schemas: dict[str, list[query.Relation]], result: PostgresCopy) -> None:
    targets = [schema] + [view_schema_name(schema, s) for s in view_schemas]
    for target in reversed(targets):
        con.execute(f"drop schema if exists pg.{_ident(target)} cascade")
    for target in targets:
        con.execute(f"create schema pg.{_ident(target)}")
    _pg(con, f"comment on schema {_ident(schema)} is 'jixiao warehouse marts (copied by jixiao publish-postgres)'")
    for rel in tables:
        columns = con.execute("select column_name, data_type from duckdb_columns() where database_name = 'wh' "
                              "and schema_name = ? and table_name = ? order by column_index", [rel.schema, rel.name]).fetchall()
        select = ", ".join(f"to_json({_ident(c)})::varchar as {_ident(c)}" if _UNSUPPORTED.search(t) else _ident(c)
                           for c, t in columns)
        con.execute(f"create table pg.{_ident(schema)}.{_ident(rel.name)} as select {select} from wh.{rel.qualified}")
        result.tables[rel.name] = con.execute(f"select count(*) from wh.{rel.qualified}").fetchone()[0]
        _comments(con, rel, f"{_ident(schema)}.{_ident(rel.name)}")
    table_names = {r.name for r in tables}
    for view_schema, views in view_schemas.items():
        target = view_schema_name(schema, view_schema)
        for view in views:
            sql = _postgres_view_sql(con, view, schema, target, table_names)
            if sql is None:
                con.execute(f"create table pg.{_ident(target)}.{_ident(view.name)} as select * from wh.{view.qualified}")
                result.materialized_views.append(f"{target}.{view.name}")
            else:
                _pg(con, sql)
            _comments(con, view, f"{_ident(target)}.{_ident(view.name)}", kind="view" if sql else "table")
            result.views.setdefault(target, []).append(view.name)


def _comments(con: duckdb.DuckDBPyConnection, rel: query.Relation, target: str, kind: str = "table") -> None:
    if rel.comment:
        _pg(con, f"comment on {kind} {target} is {_literal(rel.comment)}")
    for column, comment in con.execute(
            "select column_name, comment from duckdb_columns() where database_name = 'wh' and schema_name = ? "
            "and table_name = ? and comment is not null", [rel.schema, rel.name]).fetchall():
        _pg(con, f"comment on column {target}.{_ident(column)} is {_literal(comment)}")


def _postgres_view_sql(con: duckdb.DuckDBPyConnection, view: query.Relation, schema: str, target: str,
                       table_names: set[str]) -> str | None:
    """The view as PostgreSQL ``CREATE VIEW``, reading the copied tables; None when sqlglot cannot translate it."""
    import sqlglot
    from sqlglot import exp

    (sql,) = con.execute("select sql from duckdb_views() where database_name = 'wh' and schema_name = ? "
                         "and view_name = ?", [view.schema, view.name]).fetchone()
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
        create = tree if isinstance(tree, exp.Create) else None
        body = create.expression if create is not None else None
        if body is None:
            return None
        for table in body.find_all(exp.Table):
            if table.name in table_names and table.db in ("", query.MART_SCHEMA):
                table.set("db", exp.to_identifier(schema))
                table.set("catalog", None)
        return f"create view {_ident(target)}.{_ident(view.name)} as {body.sql(dialect='postgres')}"
    except sqlglot.errors.SqlglotError:
        return None


def _pg(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run PostgreSQL SQL in the open transaction on the attached database."""
    con.execute("call postgres_execute('pg', ?)", [sql])


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _sql_str(text: str) -> str:
    return text.replace("'", "''")
