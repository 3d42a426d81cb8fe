"""Analysts' SQL on a real published warehouse: `jixiao sql` in every format, `jixiao export`,
`jixiao shell` (the DuckDB shell in a terminal), the run history, and the published file opened
by an older DuckDB 1.x (as BI drivers bundle) and by SQLAlchemy + duckdb-engine (as Superset)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.settings import Settings

from .conftest import PROJECT_ROOT
from .sample_warehouse import COOKBOOK_SQL, sample_warehouse

pytestmark = [pytest.mark.e2e]

JIXIAO = [sys.executable, "-m", "pipelines"]
OLD_DUCKDB = "1.0.0"  # the oldest 1.x: a file it opens, every 1.x driver opens


@pytest.fixture(scope="module")
def wh(request: pytest.FixtureRequest) -> Settings:
    return sample_warehouse(request, "analyst")


def jixiao(*args: str, wh: Settings | None = None, **kw) -> subprocess.CompletedProcess:
    extra = ["--warehouse", str(wh.warehouse_dir)] if wh else []
    return subprocess.run([*JIXIAO, *args, *extra], capture_output=True, cwd=PROJECT_ROOT, timeout=120, **kw)


def direct(wh: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(wh.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_sql_prints_a_readable_table(wh: Settings) -> None:
    expected = direct(wh, COOKBOOK_SQL)
    assert expected, "the cookbook query must return rows on the sample warehouse"
    r = jixiao("sql", COOKBOOK_SQL, wh=wh)
    assert r.returncode == 0, r.stderr.decode()
    text = r.stdout.decode()
    assert "department" in text and "expenditure_wan_yuan" in text
    for department, year, _ in expected:
        assert department in text and str(year) in text
    assert f"{len(expected)} rows" in r.stderr.decode()


def test_sql_formats_carry_the_same_values(wh: Settings, tmp_path: Path) -> None:
    expected = [(d, y, float(v)) for d, y, v in direct(wh, COOKBOOK_SQL)]
    as_csv = list(csv.DictReader(io.StringIO(jixiao("sql", COOKBOOK_SQL, "--format", "csv", wh=wh).stdout.decode())))
    assert [(r["department"], int(r["fiscal_year"]), float(r["expenditure_wan_yuan"])) for r in as_csv] == expected
    as_json = json.loads(jixiao("sql", COOKBOOK_SQL, "-f", "json", wh=wh).stdout)
    assert [(r["department"], r["fiscal_year"], r["expenditure_wan_yuan"]) for r in as_json] == expected
    md = jixiao("sql", COOKBOOK_SQL, "-f", "markdown", wh=wh).stdout.decode().splitlines()
    assert md[0] == "| department | fiscal_year | expenditure_wan_yuan |"
    assert md[1] == "|---|---:|---:|" and len(md) == 2 + len(expected)
    out = tmp_path / "answer.parquet"
    assert jixiao("sql", COOKBOOK_SQL, "-f", "parquet", "-o", str(out), wh=wh).returncode == 0
    got = duckdb.sql(f"select department, fiscal_year, expenditure_wan_yuan::double from '{out}'").fetchall()
    assert got == expected


def test_sql_errors_are_one_line_and_nonzero(wh: Settings) -> None:
    r = jixiao("sql", "select * from no_such_table", wh=wh)
    err = r.stderr.decode().strip()
    assert r.returncode == 1
    assert err == "error: Catalog Error: Table with name no_such_table does not exist!"
    assert "Traceback" not in err and r.stdout == b""
    r = jixiao("sql", "delete from dim_report", wh=wh)
    assert r.returncode == 1 and "read-only" in r.stderr.decode() and len(r.stderr.decode().strip().splitlines()) == 1
    assert direct(wh, "select count(*) from dim_report")[0][0] > 0
    r = jixiao("sql", "selec 1", wh=wh)
    assert r.returncode == 1 and r.stderr.decode().startswith("error: Parser Error: syntax error")


def test_sql_answers_within_a_second(wh: Settings) -> None:
    # The work a `jixiao sql` costs is its CPU time (about 0.5 s here); wall time on a shared, loaded
    # machine says more about the neighbours, so it only gets a loose bound.
    cpu, wall = min(_cost(lambda: jixiao("sql", "select count(*) from fct_budget_amounts", wh=wh)) for _ in range(3))
    assert cpu < 1.0, f"jixiao sql used {cpu:.2f} s of CPU"
    assert wall < 5.0, f"jixiao sql took {wall:.2f} s"


def _cost(fn) -> tuple[float, float]:  # noqa: ANN001
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    assert fn().returncode == 0
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def test_export_writes_every_mart_from_the_catalog(wh: Settings, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    marts = {name: n for name, n in direct(wh, """
        select table_name, estimated_size from duckdb_tables() where schema_name = 'main'
        and table_name not in ('build_info', 'publish_info')""")}
    counts = {t: direct(wh, f'select count(*) from "{t}"')[0][0] for t in marts}
    for fmt in ("parquet", "csv"):
        r = jixiao("export", "--out", str(tmp_path / fmt), "--format", fmt, wh=wh)
        assert r.returncode == 0, r.stderr.decode()
        written = {p.stem: p for p in (tmp_path / fmt).glob(f"*.{fmt}")}
        assert set(written) == set(marts)
        for table, n in counts.items():
            reader = "read_parquet" if fmt == "parquet" else "read_csv"
            assert duckdb.sql(f"select count(*) from {reader}('{written[table]}')").fetchone()[0] == n, table
    r = jixiao("export", "--out", str(tmp_path / "xlsx"), "--format", "xlsx", "--table", "dim_report",
               "--table", "fct_findings", wh=wh)
    assert r.returncode == 0, r.stderr.decode()
    book = load_workbook(tmp_path / "xlsx" / "jixiao.xlsx", read_only=True)
    assert book.sheetnames == ["tables", "dim_report", "fct_findings"]
    assert len(list(book["dim_report"].iter_rows())) == counts["dim_report"] + 1
    index = list(book["tables"].iter_rows(values_only=True))
    assert index[1][:2] == ("dim_report", counts["dim_report"])
    assert jixiao("export", "--out", str(tmp_path / "x"), "--table", "nope", wh=wh).returncode == 1


def test_shell_completes_table_names_keeps_history_and_stays_read_only(wh: Settings, tmp_path: Path) -> None:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed (a terminal to run the shell in)")
    history, sock = tmp_path / "history", str(tmp_path / "tmux.sock")

    def tmux(*args: str) -> str:
        return subprocess.run(["tmux", "-S", sock, *args], capture_output=True, text=True, timeout=30).stdout

    def screen_until(text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = tmux("capture-pane", "-p", "-J", "-S", "-200")
            if text in screen:
                return screen
            time.sleep(0.3)
        raise AssertionError(f"{text!r} not on the screen:\n{screen}")

    command = " ".join([*JIXIAO, "shell", "--warehouse", str(wh.warehouse_dir)])
    tmux("new-session", "-d", "-x", "200", "-y", "50", "-c", str(PROJECT_ROOT), "-e", f"HOME={tmp_path}",
         "-e", f"JIXIAO_SHELL_HISTORY={history}", command)
    try:
        screen_until("read-only")
        tmux("send-keys", "-l", "select count(*) as n_evaluations from fct_self_ev")
        tmux("send-keys", "Tab")
        time.sleep(0.5)
        tmux("send-keys", "-l", "; ")  # a lone ";" would be a tmux command separator
        tmux("send-keys", "Enter")
        screen = screen_until("└")  # the result box is drawn
        n = direct(wh, "select count(*) from fct_self_evaluations")[0][0]
        assert "from fct_self_evaluations; " in screen  # Tab completed the table name
        assert re.search(rf"│\s+{n}\s+│", screen), screen
        tmux("send-keys", "-l", "create table x (a int); ")
        tmux("send-keys", "Enter")
        screen_until("read-only mode")
        tmux("send-keys", "-l", ".quit")
        tmux("send-keys", "Enter")
        deadline = time.monotonic() + 20
        while tmux("list-sessions") and time.monotonic() < deadline:
            time.sleep(0.3)
    finally:
        tmux("kill-server")
    assert "select count(*) as n_evaluations from fct_self_evaluations" in history.read_text(encoding="utf-8")


def test_run_history_is_a_table_and_a_command(wh: Settings) -> None:
    rows = direct(wh, "select run_id, outcome, files_seen, files_loaded, files_quarantined, published_version, "
                      "started_at <= finished_at, stage_seconds from run_history")
    assert len(rows) == 1
    run_id, outcome, seen, loaded, quarantined, version, ordered, stages = rows[0]
    assert (outcome, seen, loaded, quarantined, version, ordered) == ("published", 6, 6, 0, run_id, True)
    assert {"parse", "dbt build", "validate"} <= set(json.loads(stages))
    assert direct(wh, "select run_id from publish_info")[0][0] == run_id
    listed = json.loads(jixiao("runs", "--format", "json", wh=wh).stdout)
    assert [(r["run_id"], r["outcome"], r["files_seen"]) for r in listed] == [(run_id, "published", 6)]


@pytest.fixture(scope="module")
def old_duckdb() -> Path:
    """DuckDB 1.0.0 installed (once per machine, from PyPI) into a folder of its own, outside the venv."""
    target = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jixiao-tests" / f"duckdb-{OLD_DUCKDB}"
    if not (target / "duckdb").is_dir():
        r = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                            "--target", str(target), f"duckdb=={OLD_DUCKDB}"], capture_output=True, timeout=300)
        if r.returncode != 0:
            pytest.skip(f"cannot install duckdb {OLD_DUCKDB} from PyPI: {r.stderr.decode()[-300:]}")
    return target


def test_published_file_opens_in_older_duckdb(wh: Settings, old_duckdb: Path) -> None:
    script = ("import sys, json; sys.path.insert(0, sys.argv[1]); import duckdb\n"
              "con = duckdb.connect(sys.argv[2], read_only=True)\n"
              "print(json.dumps({'version': duckdb.__version__, 'rows': [[str(v) for v in r] for r in con.execute(sys.argv[3]).fetchall()],"
              " 'tables': con.execute(\"select count(*) from duckdb_tables() where schema_name = 'main'\").fetchone()[0]}))")
    r = subprocess.run([sys.executable, "-c", script, str(old_duckdb), str(wh.published_path), COOKBOOK_SQL],
                       capture_output=True, timeout=120)
    assert r.returncode == 0, r.stderr.decode()
    got = json.loads(r.stdout)
    assert got["version"] == OLD_DUCKDB
    assert got["rows"] == [[str(v) for v in row] for row in direct(wh, COOKBOOK_SQL)]
    assert got["tables"] == direct(wh, "select count(*) from duckdb_tables() where schema_name = 'main'")[0][0]


def test_sqlalchemy_duckdb_engine_reads_it_read_only_as_superset_does(wh: Settings) -> None:
    import sqlalchemy as sa

    expected = direct(wh, COOKBOOK_SQL)  # before the engine: one process opens a file with one configuration
    engine = sa.create_engine(f"duckdb:///{wh.published_path}", connect_args={"read_only": True})
    try:
        insp = sa.inspect(engine)
        assert "jixiao.main" in insp.get_schema_names()  # duckdb-engine names schemas database.schema
        tables = set(insp.get_table_names(schema="main"))
        assert {"dim_report", "fct_budget_amounts", "run_history"} <= tables
        columns = {c["name"]: c for c in insp.get_columns("dq_results", schema="main")}
        assert {"run_id", "severity", "success"} <= set(columns)
        assert insp.get_table_comment("dq_results", schema="main")["text"].startswith("Great Expectations results")
        with engine.connect() as conn:
            got = conn.execute(sa.text(COOKBOOK_SQL)).fetchall()
            assert [tuple(r) for r in got] == expected
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                conn.execute(sa.text("delete from dim_report"))
    finally:
        engine.dispose()
