"""The endpoint's building blocks without a server: statement splitting, the catalog rewrite, value
encodings (checked by psycopg's own decoders) and the snapshot's catalog over a small DuckDB file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.pgwire import catalog, types
from pipelines.pgwire.server import Session, Snapshots, split_statements


def test_statements_split_outside_literals_and_comments() -> None:
    sql = "select 'a;b' as x; -- c;d\nselect \"e;f\" from t; /* g; */ select $$h;i$$"
    assert [s.strip() for s in split_statements(sql)] == [
        "select 'a;b' as x", "-- c;d\nselect \"e;f\" from t", "/* g; */ select $$h;i$$"]


def test_rewrite_maps_catalog_names_casts_and_regex_operators() -> None:
    out = catalog.rewrite("SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname OPERATOR(pg_catalog.~) '^(t1)$' "
                          "COLLATE pg_catalog.default AND pg_catalog.pg_table_is_visible(c.oid)")
    assert "pgcat.pg_class c" in out and "pgcat.pg_table_is_visible(c.oid)" in out
    assert "~ '(?s).*(?:^(t1)$).*'" in out and "COLLATE" not in out
    quoted = catalog.rewrite('SELECT "c"."relname" FROM "pg_catalog"."pg_class" AS "c" WHERE d.classoid = \'pg_class\'::regclass')
    assert 'FROM pgcat.pg_class AS "c"' in quoted and "pgcat.regclass_oid('pg_class')" in quoted
    assert catalog.rewrite("select CAST($1 AS REGCLASS), x::oid, 'pg_class' as name") == \
        "select pgcat.regclass_oid($1), x::BIGINT, 'pg_class' as name"
    assert catalog.rewrite("select * from my_table where note ~* 'abc'") == \
        "select * from my_table where note ~ '(?si).*(?:abc).*'"


@pytest.mark.parametrize("value", ["0", "1.5", "-123.4500", "100000000000000000000", "0.0001", "9999.9999", "-0.5"])
def test_numeric_binary_encoding_is_what_psycopg_decodes(value: str) -> None:
    from psycopg.types.numeric import NumericBinaryLoader

    assert NumericBinaryLoader(1700).load(types.encoder(1700, 1)(Decimal(value))) == Decimal(value)


def test_binary_dates_times_and_integers_decode_in_psycopg() -> None:
    from psycopg.types.datetime import DateBinaryLoader, TimestamptzBinaryLoader
    from psycopg.types.numeric import Int4BinaryLoader, Int8BinaryLoader

    assert DateBinaryLoader(1082).load(types.encoder(1082, 1)(dt.date(2023, 5, 17))) == dt.date(2023, 5, 17)
    moment = dt.datetime(2024, 2, 29, 8, 30, 1, 250000, tzinfo=dt.UTC)
    assert TimestamptzBinaryLoader(1184).load(types.encoder(1184, 1)(moment)) == moment
    assert Int4BinaryLoader(23).load(types.encoder(23, 1)(-42)) == -42
    assert Int8BinaryLoader(20).load(types.encoder(20, 1)(2**40)) == 2**40


def test_text_values_and_arrays() -> None:
    assert types.encode_text(True) == b"t"
    assert types.encode_text(["a", "b c", None, ""]) == b'{a,"b c",NULL,""}'
    assert types.parse_array('{a,"b c",NULL,"d\\"e"}') == ["a", "b c", None, 'd"e']
    assert types.decode_param(b"{1,2}", 1007, 0) == [1, 2]
    assert types.pg_type("DECIMAL(18,2)") == (1700, (18 << 16 | 2) + 4)
    assert types.pg_type("VARCHAR[]") == (1009, -1)


def test_catalog_describes_tables_columns_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table facts (id integer not null, amount decimal(18, 2), label varchar)")
        con.execute("insert into facts values (1, 2.50, 'x')")
        con.execute("comment on table facts is '事实表 facts'")
        con.execute("comment on column facts.amount is '金额 amount'")
        con.execute("create schema marts_zh")
        con.execute('create view marts_zh."事实" as select id as "编号" from facts')
    snapshots = Snapshots(path)
    session = Session(snapshots, "jixiao")
    try:
        def rows(sql: str, params: list | None = None) -> list[tuple]:
            return list(session.execute(sql, params).rows or [])

        assert rows("select obj_description('main.facts'::regclass, 'pg_class')") == [("事实表 facts",)]
        assert rows("select a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
                    "col_description(a.attrelid, a.attnum) from pg_attribute a where a.attrelid = "
                    "'facts'::regclass order by a.attnum") == [
            ("id", "integer", True, None), ("amount", "numeric(18,2)", False, "金额 amount"), ("label", "text", False, None)]
        assert rows("select n.nspname, c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    "where n.nspname !~ '^pg_' order by 1, 2") == [("main", "facts", "r"), ("marts_zh", "事实", "v")]
        assert rows("select count(*) from facts where id = $1", [1]) == [(1,)]
        assert rows("show transaction isolation level") == [("read committed",)]
        with pytest.raises(Exception, match="read-only"):
            session.execute("insert into facts values (2, 1, 'y')")
    finally:
        session.close()
        snapshots.close()
