"""BI tools through `jixiao serve` (the PostgreSQL wire endpoint) and `jixiao publish-postgres`, each
with the real client: psql, psycopg, SQLAlchemy (as Superset), pgjdbc (as Metabase), and a real
PostgreSQL server for the copy. Publishing while clients are connected must not break them."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines import publish
from pipelines.settings import Settings

from .conftest import PROJECT_ROOT
from .pg_server import free_port, postgres_server
from .sample_warehouse import COOKBOOK_SQL, sample_warehouse

pytestmark = [pytest.mark.e2e]

PASSWORD = "an analyst's password"
JDBC_JAR = Path("/usr/share/java/postgresql.jar")


@pytest.fixture(scope="module")
def wh(request: pytest.FixtureRequest) -> Settings:
    return sample_warehouse(request, "bi")


@pytest.fixture(scope="module")
def endpoint(wh: Settings, tmp_path_factory: pytest.TempPathFactory):
    """`jixiao serve` on a free loopback port; yields (host, port)."""
    port = free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = dict(os.environ, JIXIAO_SERVE_PASSWORD=PASSWORD)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pipelines", "serve", "--warehouse", str(wh.warehouse_dir),
                                 "--port", str(port)], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"jixiao serve did not start: {log.read_text()}")
            time.sleep(0.2)
    yield "127.0.0.1", port
    proc.terminate()
    proc.wait(timeout=20)
    assert "Traceback" not in log.read_text(), log.read_text()


def dsn(endpoint, password: str = PASSWORD) -> str:
    host, port = endpoint
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return f"host={host} port={port} dbname=jixiao user=jixiao password='{quoted}'"


def direct(wh: Settings, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(wh.published_path), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def psql(endpoint, *commands: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    host, port = endpoint
    args = ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", str(port), "-U", "jixiao", "-d", "jixiao"]
    for c in commands:
        args += ["-c", c]
    return subprocess.run(args, capture_output=True, text=True, timeout=60, env=dict(os.environ, PGPASSWORD=password))


def mart_tables(wh: Settings) -> set[str]:
    return {r[0] for r in direct(wh, "select table_name from duckdb_tables() where schema_name = 'main'")}


def test_psql_lists_describes_and_answers_the_cookbook(wh: Settings, endpoint) -> None:
    if shutil.which("psql") is None:
        pytest.skip("psql is not installed")
    r = psql(endpoint, r"\dt")
    assert r.returncode == 0, r.stderr
    listed = set(re.findall(r"^\s*main\s*\|\s*(\w+)\s*\|\s*table", r.stdout, re.M))
    assert listed == mart_tables(wh)
    r = psql(endpoint, r"\d dim_report")
    assert r.returncode == 0, r.stderr
    assert 'Table "main.dim_report"' in r.stdout
    assert re.search(r"^\s*fiscal_year\s*\|\s*integer\s*\|", r.stdout, re.M)
    assert re.search(r"^\s*self_score\s*\|\s*numeric\(\d+,\d+\)", r.stdout, re.M)
    r = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-h", endpoint[0], "-p", str(endpoint[1]), "-U", "jixiao",
                        "-d", "jixiao", "-c", COOKBOOK_SQL], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, PGPASSWORD=PASSWORD))
    assert r.returncode == 0, r.stderr
    got = [tuple(line.split("|")) for line in r.stdout.strip().splitlines()]
    assert got == [(d, str(y), str(v)) for d, y, v in direct(wh, COOKBOOK_SQL)]
    # a query of the analyst cookbook, as its file stands, through psql
    cookbook = PROJECT_ROOT / "dbt_project" / "analyses" / "01_budget_execution_by_department_and_year.sql"
    r = subprocess.run(["psql", "-X", "-A", "-t", "-F", "|", "-h", endpoint[0], "-p", str(endpoint[1]), "-U", "jixiao",
                        "-d", "jixiao", "-f", str(cookbook)], capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, PGPASSWORD=PASSWORD))
    assert r.returncode == 0 and "ERROR" not in r.stderr, r.stderr
    answer = direct(wh, cookbook.read_text(encoding="utf-8"))
    got = [line.split("|") for line in r.stdout.strip().splitlines()]
    assert answer and len(got) == len(answer)
    assert [(row[0], int(row[1])) for row in got] == [(row[0], row[1]) for row in answer]


def test_a_password_is_required(endpoint) -> None:
    import psycopg

    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(dsn(endpoint, "wrong"))


def test_psycopg_binds_parameters_and_gets_typed_values(wh: Settings, endpoint) -> None:
    import psycopg

    year = direct(wh, "select min(fiscal_year) from dim_report")[0][0]
    sql = "select report_id, department, fiscal_year, self_score, report_date from dim_report " \
          "where fiscal_year >= {} and department like {} and self_score > {} order by report_id"
    expected = direct(wh, sql.format("?", "?", "?"), [year, "%局", Decimal("0")])
    assert expected
    with psycopg.connect(dsn(endpoint)) as con:
        got = con.execute(sql.format("%s", "%s", "%s"), (year, "%局", Decimal("0"))).fetchall()
        assert got == expected
        assert isinstance(got[0][3], Decimal)
        binary = con.cursor(binary=True).execute(sql.format("%s", "%s", "%s"), (year, "%局", 0)).fetchall()
        assert binary == expected
        con.rollback()
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            con.execute("delete from dim_report")
        con.rollback()
        with pytest.raises(psycopg.errors.UndefinedTable, match="no_such_table"):
            con.execute("select * from no_such_table")
        con.rollback()
        with pytest.raises(psycopg.Error, match="disabled by configuration"):
            con.execute("select * from read_csv('/etc/passwd')")


def test_sqlalchemy_reflects_tables_columns_and_comments(wh: Settings, endpoint) -> None:
    import sqlalchemy as sa

    host, port = endpoint
    engine = sa.create_engine(f"postgresql+psycopg://jixiao:{PASSWORD.replace(chr(39), '%27').replace(' ', '%20')}"
                              f"@{host}:{port}/jixiao")
    try:
        insp = sa.inspect(engine)
        assert set(insp.get_table_names(schema="main")) == mart_tables(wh)
        for table, comment in direct(wh, "select table_name, comment from duckdb_tables() where schema_name = 'main'"):
            assert insp.get_table_comment(table, schema="main")["text"] == comment, table
            expected = direct(wh, "select column_name, comment from duckdb_columns() where schema_name = 'main' "
                                  "and table_name = ? order by column_index", [table])
            got = [(c["name"], c["comment"]) for c in insp.get_columns(table, schema="main")]
            assert got == expected, table
        described = direct(wh, "select count(*) from duckdb_columns() where schema_name = 'main' and comment is not null")
        assert described[0][0] > 0  # the run history at least is documented column by column
        meta = sa.MetaData()
        report = sa.Table("dim_report", meta, autoload_with=engine, schema="main")
        assert isinstance(report.c.fiscal_year.type, sa.Integer)
        with engine.connect() as conn:
            year = direct(wh, "select max(fiscal_year) from dim_report")[0][0]
            got = conn.execute(sa.select(sa.func.count()).select_from(report).where(report.c.fiscal_year == year)).scalar()
            assert got == direct(wh, "select count(*) from dim_report where fiscal_year = ?", [year])[0][0]
    finally:
        engine.dispose()


def test_superset_connect_and_schema_browse(wh: Settings, endpoint) -> None:
    """What Superset's "test connection" and SQL Lab's schema browser call through SQLAlchemy's inspector."""
    import sqlalchemy as sa

    host, port = endpoint
    engine = sa.create_engine(f"postgresql+psycopg://jixiao:{PASSWORD.replace(chr(39), '%27').replace(' ', '%20')}"
                              f"@{host}:{port}/jixiao")
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT 1")).scalar() == 1
            assert conn.execute(sa.text("select pg_catalog.version()")).scalar().startswith("PostgreSQL")
        insp = sa.inspect(engine)
        assert {"main", "information_schema"} <= set(insp.get_schema_names())
        assert insp.default_schema_name == "main"
        assert insp.has_table("dim_report", schema="main") and not insp.has_table("nope", schema="main")
        assert insp.get_view_names(schema="main") == []
        assert insp.get_materialized_view_names(schema="main") == []
        assert insp.get_pk_constraint("dim_report", schema="main")["constrained_columns"] == []
        assert insp.get_foreign_keys("dim_report", schema="main") == []
        assert insp.get_indexes("dim_report", schema="main") == []
        assert insp.get_unique_constraints("dim_report", schema="main") == []
        assert insp.get_check_constraints("dim_report", schema="main") == []
        assert len(insp.get_multi_columns(schema="main")) == len(mart_tables(wh))
    finally:
        engine.dispose()


def test_metabase_sync_through_pgjdbc(wh: Settings, endpoint, tmp_path: Path) -> None:
    """The driver Metabase uses (pgjdbc) doing what Metabase does on connect and sync."""
    if not (shutil.which("javac") and shutil.which("java") and JDBC_JAR.exists()):
        pytest.skip("java, javac or pgjdbc (Debian's libpostgresql-jdbc-java) is not installed")
    source = PROJECT_ROOT / "tests" / "clients" / "MetabaseProbe.java"
    subprocess.run(["javac", "-d", str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    host, port = endpoint
    r = subprocess.run(["java", "-cp", f"{tmp_path}:{JDBC_JAR}", "MetabaseProbe", f"jdbc:postgresql://{host}:{port}/jixiao",
                        "jixiao", PASSWORD, "main", "dim_report"], capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr[-3000:]
    facts: dict[str, list[list[str]]] = {}
    for line in r.stdout.splitlines():
        key, *values = line.split("\t")
        facts.setdefault(key, []).append(values)
    assert facts["product"][0][0].startswith("PostgreSQL")
    assert ["main"] in facts["schema"]
    tables = {t[0].split(".", 1)[1]: t for t in facts["table"]}
    assert set(tables) == mart_tables(wh)
    comments = dict(direct(wh, "select table_name, comment from duckdb_tables() where schema_name = 'main'"))
    assert {name: (None if t[2] == "null" else t[2]) for name, t in tables.items()} == comments
    columns = direct(wh, "select column_name, data_type from duckdb_columns() where table_name = 'dim_report' "
                         "order by column_index")
    assert [c[0] for c in facts["column"]] == [c[0] for c in columns]
    types = {c[0]: c[1] for c in facts["column"]}
    assert (types["fiscal_year"], types["report_date"], types["self_score"]) == ("int4", "date", "numeric")
    counts = {name: n for name, n in direct(wh, "select table_name, estimated_size from duckdb_tables() "
                                                "where schema_name = 'main'")}
    assert {t[0].split(".", 1)[1]: int(t[3]) for t in facts["metabase_table"]} == counts
    assert int(facts["privileges"][0][0]) >= len(mart_tables(wh))
    for i, n, first in facts["repeat"]:  # runs 6 and 7 are server-prepared with binary results
        expected = direct(wh, "select count(*), min(fiscal_year) from dim_report where fiscal_year >= ?", [2000 + int(i)])
        assert (int(n), int(first)) == expected[0]


def test_publishing_while_connected_keeps_clients_working(wh: Settings, endpoint) -> None:
    import psycopg

    before = direct(wh, "select count(*) from dim_report")[0][0]
    with psycopg.connect(dsn(endpoint), autocommit=True) as con:
        assert con.execute("select count(*) from dim_report").fetchone()[0] == before
        in_tx = psycopg.connect(dsn(endpoint))
        assert in_tx.execute("select count(*) from dim_report").fetchone()[0] == before
        # a new version of the warehouse, published by the real atomic swap
        build = wh.warehouse_dir / "state" / "build" / "next.duckdb"
        build.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wh.published_path, build)
        with duckdb.connect(str(build)) as w:
            w.execute("delete from dim_report where report_id = (select min(report_id) from dim_report)")
        publish.publish(wh, build, run_id="test-new-version")
        assert con.execute("select count(*) from dim_report").fetchone()[0] == before - 1  # the next query
        assert in_tx.execute("select count(*) from dim_report").fetchone()[0] == before  # its snapshot
        in_tx.commit()
        assert in_tx.execute("select count(*) from dim_report").fetchone()[0] == before - 1
        in_tx.close()
        assert con.execute("select run_id from publish_info").fetchone()[0] == "test-new-version"
    r = psql(endpoint, r"\dt")
    assert r.returncode == 0 and "dim_report" in r.stdout


@pytest.fixture(scope="module")
def postgres():
    try:
        with postgres_server() as pg_dsn:
            yield pg_dsn
    except RuntimeError as exc:
        pytest.skip(str(exc))


def test_publish_postgres_copies_marts_comments_and_zh_views(wh: Settings, postgres: str, tmp_path: Path) -> None:
    import psycopg

    # the warehouse with a view schema as issue 10's marts_zh (Chinese names over the marts), built on a copy
    zh = Settings(raw_dir=wh.raw_dir, warehouse_dir=tmp_path / "wh")
    zh.warehouse_dir.mkdir()
    shutil.copyfile(wh.published_path, zh.published_path)
    with duckdb.connect(str(zh.published_path)) as w:
        if not w.execute("select count(*) from duckdb_views() where schema_name = 'marts_zh'").fetchone()[0]:
            w.execute("create schema marts_zh")
            w.execute('create view marts_zh."报告" as select report_id as "报告编号", department as "部门", '
                      'fiscal_year as "年度" from main.dim_report')
            w.execute('comment on view marts_zh."报告" is \'报告（每份自评报告一行）\'')
    r = subprocess.run([sys.executable, "-m", "pipelines", "publish-postgres", postgres, "--warehouse",
                        str(zh.warehouse_dir)], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    marts = mart_tables(zh) - {"build_info", "publish_info"}
    with psycopg.connect(postgres) as pg:
        copied = {t for (t,) in pg.execute("select table_name from information_schema.tables where table_schema = 'jixiao'")}
        assert copied == marts
        for table in marts:
            assert pg.execute(f'select count(*) from jixiao."{table}"').fetchone()[0] == \
                direct(zh, f'select count(*) from "{table}"')[0][0], table
        for table, column, comment in direct(zh, "select table_name, column_name, comment from duckdb_columns() "
                                                 "where schema_name = 'main' and comment is not null"):
            if table in marts:
                got = pg.execute("select col_description(c.oid, a.attnum) from pg_class c join pg_namespace n "
                                 "on n.oid = c.relnamespace join pg_attribute a on a.attrelid = c.oid "
                                 "where n.nspname = 'jixiao' and c.relname = %s and a.attname = %s", (table, column))
                assert got.fetchone()[0] == comment, (table, column)
        pg.execute("set search_path = jixiao")
        answer = [(d, y, Decimal(v)) for d, y, v in pg.execute(COOKBOOK_SQL).fetchall()]
        assert answer == direct(zh, COOKBOOK_SQL)
        views = {name: n for name, n in direct(zh, "select view_name, column_count from duckdb_views() "
                                                   "where schema_name = 'marts_zh'")}
        for view in views:
            assert pg.execute(f'select count(*) from jixiao_zh."{view}"').fetchone()[0] == \
                direct(zh, f'select count(*) from marts_zh."{view}"')[0][0]
            kind = pg.execute("select c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                              "where n.nspname = 'jixiao_zh' and c.relname = %s", (view,)).fetchone()[0]
            assert kind == "v"
    # a second copy replaces the first in one transaction; a failing one leaves it as it was
    assert subprocess.run([sys.executable, "-m", "pipelines", "publish-postgres", postgres.replace("dbname=postgres",
                          "dbname=nope"), "--warehouse", str(zh.warehouse_dir)], capture_output=True, cwd=PROJECT_ROOT,
                          timeout=300).returncode == 1
    with psycopg.connect(postgres) as pg:
        assert pg.execute("select count(*) from jixiao.dim_report").fetchone()[0] == \
            direct(zh, "select count(*) from dim_report")[0][0]
