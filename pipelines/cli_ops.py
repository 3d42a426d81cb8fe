"""The ``jixiao`` commands for operating the warehouse: SQL, shell, export, server, schedule, serve, PostgreSQL.

Registered on the app of :mod:`pipelines.cli` (imported at its end). Each command imports
what it needs when it runs, so ``jixiao sql`` starts in a fraction of a second.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipelines.cli import DEFAULTS, RawOption, WarehouseOption, app, console, out
from pipelines.formats import Result
from pipelines.settings import Settings

FormatOption = Annotated[str, typer.Option("--format", "-f", help="table, csv, json, parquet or markdown.")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    from rich.markup import escape

    console.print(f"[red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def sql(
    statement: Annotated[str, typer.Argument(help="SQL to run (read-only). '-' reads it from standard input.")],
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    fmt: FormatOption = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the screen.")] = None,
) -> None:
    """Run a read-only SQL query on the published warehouse and print the result."""
    from pipelines import formats, query

    if fmt not in formats.FORMATS:
        raise _fail(f"unknown format {fmt!r}; choose one of {', '.join(formats.FORMATS)}", 2)
    if statement == "-":
        statement = sys.stdin.read()
    if fmt == "parquet" and output is None:
        raise _fail("parquet is binary: give --output FILE", 2)
    try:
        with query.connect(Settings(warehouse_dir=warehouse).published_path) as con:
            if fmt == "parquet":
                query.write_parquet(con, statement, str(output))
                return
            result = query.run(con, statement)
    except query.QueryError as exc:
        raise _fail(str(exc)) from None
    _write_result(result, fmt, output)


def _write_result(result: Result, fmt: str, output: Path | None) -> None:
    from pipelines import formats

    if fmt == "table":
        if output is not None:
            from rich.console import Console

            with open(output, "w", encoding="utf-8") as f:
                Console(file=f, width=200).print(formats.rich_table(result))
            return
        out.print(formats.rich_table(result))
        n = len(result.rows)
        console.print(f"[dim]{n} row{'s' if n != 1 else ''}[/]")
        return
    data = formats.to_csv(result) if fmt == "csv" else (
        formats.to_json(result) + "\n" if fmt == "json" else formats.to_markdown(result)).encode("utf-8")
    if output is not None:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command()
def shell(warehouse: WarehouseOption = DEFAULTS.warehouse_dir) -> None:
    """Open an interactive read-only SQL prompt on the published warehouse (the DuckDB shell:
    history, Tab completes table and column names, .tables lists them, .quit leaves)."""
    path = Settings(warehouse_dir=warehouse).published_path
    if not path.exists():
        raise _fail(f"no published warehouse at {path} (run `jixiao run` first)")
    exe = _duckdb_cli()
    if exe is None:
        raise _fail("the DuckDB shell is not installed (pip install duckdb-cli)")
    history = Path(os.environ.get("JIXIAO_SHELL_HISTORY") or Path.home() / ".jixiao_sql_history")
    env = dict(os.environ, DUCKDB_HISTORY=str(history))
    banner = (f".print 'jixiao {path} (read-only). Tab completes names; .tables lists tables; "
              f".mode line|box|csv; .quit leaves.'")
    os.execve(exe, [exe, "-readonly", "-cmd", banner, str(path)], env)


def _duckdb_cli() -> str | None:
    """The DuckDB shell binary shipped by the duckdb-cli package (same engine version as the library)."""
    try:
        import duckdb_cli
    except ImportError:
        return None
    exe = Path(duckdb_cli.__file__).with_name("duckdb")
    return str(exe) if exe.exists() else None


@app.command()
def export(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write the files into.")],
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    fmt: Annotated[str, typer.Option("--format", "-f", help="parquet, csv or xlsx (one workbook).")] = "parquet",
    tables: Annotated[list[str] | None, typer.Option("--table", "-t", help="Only this table (repeatable).")] = None,
) -> None:
    """Export the marts of the published warehouse to Parquet, CSV or an Excel workbook."""
    from pipelines import export as exporter
    from pipelines import query

    try:
        done = exporter.export(Settings(warehouse_dir=warehouse).published_path, out_dir, fmt, tables)
    except (query.QueryError, ValueError) as exc:
        raise _fail(str(exc)) from None
    for e in done:
        out.print(f"{e.table}: {e.rows} rows → {e.path}")


@app.command()
def runs(
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    last: Annotated[int, typer.Option(help="How many of the latest runs to show.")] = 20,
    fmt: FormatOption = "table",
) -> None:
    """List the latest runs: when, what triggered them, files seen / loaded / quarantined, outcome."""
    from pipelines import run_history

    if fmt == "parquet":
        raise _fail("runs: choose table, csv, json or markdown", 2)
    rows = run_history.read(Settings(warehouse_dir=warehouse))[-last:]
    if not rows:
        out.print("No runs recorded yet.")
        return
    cols = ["run_id", "started_at", "finished_at", "trigger", "outcome", "files_seen", "files_loaded",
            "files_quarantined", "published_version", "detail"]
    types = [run_history.COLUMNS[c].upper() for c in cols]
    _write_result(Result(cols, types, [tuple(r.get(c) for c in cols) for r in rows]), fmt, None)


@app.command()
def server(
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    host: Annotated[str, typer.Option(help="Address to listen on (loopback unless you mean otherwise: the "
                                           "Prefect API has no password).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port of the Prefect API and UI.")] = 4200,
) -> None:
    """Run a local Prefect server for this warehouse (UI and API) until interrupted; `jixiao run` and
    `jixiao schedule` find it by themselves."""
    import signal
    import time

    from pipelines import prefect_server

    settings = Settings(warehouse_dir=warehouse)
    existing = prefect_server.running_server(settings)
    if existing:
        raise _fail(f"a Prefect server for this warehouse is already running at {existing}")
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning:[/] listening on {host}: anyone who can reach it can start and cancel runs")
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    console.print(f"starting the Prefect server (state in {settings.prefect_home}) …")
    try:
        proc = prefect_server.start(settings, host=host, port=port)
    except RuntimeError as exc:
        raise _fail(str(exc)) from None
    ui = f"http://{host}:{port}"
    out.print(f"Prefect server running: UI {ui}  API {ui}/api  (pid {proc.pid}; Ctrl-C stops it)")
    stopping = False

    def _stop(signum: int, frame: object) -> None:  # noqa: ARG001
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    try:
        while not stopping and proc.poll() is None:
            time.sleep(0.5)
    finally:
        prefect_server.stop(proc, settings)
    if not stopping:
        raise _fail(f"the Prefect server exited (code {proc.returncode}); log: {settings.state_dir / 'prefect-server.log'}")
    out.print("Prefect server stopped.")


@app.command()
def schedule(
    cron: Annotated[str | None, typer.Option(help='Cron schedule, e.g. "0 2 * * *" (02:00 every day).')] = None,
    interval: Annotated[float | None, typer.Option(help="Or: seconds between runs.")] = None,
    raw: RawOption = DEFAULTS.raw_dir,
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    chunk_size: Annotated[int, typer.Option(help="Files parsed per Prefect task.")] = DEFAULTS.chunk_size,
    prune: Annotated[bool, typer.Option("--prune", help="Drop reports whose files left the inbox.")] = False,
    name: Annotated[str, typer.Option(help="Deployment name (one per inbox/warehouse pair).")] = "warehouse",
    retries: Annotated[int, typer.Option(help="Retries of a run that failed with an error.")] = 2,
    retry_delay: Annotated[int, typer.Option(help="Seconds before a retry.")] = 60,
    lock_wait: Annotated[int, typer.Option(help="Seconds a run waits for another run on the warehouse.")] = 600,
) -> None:
    """Serve the ingestion deployment on a schedule against the running Prefect server (blocks; Ctrl-C stops)."""
    if (cron is None) == (interval is None):
        raise _fail("give exactly one of --cron or --interval", 2)
    if not raw.is_dir():
        raise typer.BadParameter(f"inbox folder not found: {raw}", param_hint="--raw")
    settings = Settings(raw_dir=raw, warehouse_dir=warehouse, chunk_size=chunk_size, prune=prune)
    from pipelines import prefect_env, prefect_server

    prefect_env.configure(settings)
    api = prefect_server.connect(settings)
    if not api or not prefect_server.healthy(api, timeout=5):
        raise _fail("no Prefect server is running for this warehouse: start one with `jixiao server` "
                    "(or set PREFECT_API_URL)")
    console.print(f"serving [bold]{name}[/] ({'cron ' + cron if cron else f'every {interval:g} s'}) on {api} "
                  f"for {settings.raw_dir} → {settings.warehouse_dir}")
    from pipelines.flows.scheduled import serve

    serve(settings, cron=cron, interval=interval, name=name, retries=retries, retry_delay_seconds=retry_delay,
          lock_wait_seconds=lock_wait)


@app.command()
def serve(
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you mean to open it to the network.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port (PostgreSQL's is 5432; the default avoids clashing with one).")] = 5433,
    user: Annotated[str, typer.Option(help="User name clients log in with.")] = "jixiao",
    password: Annotated[str | None, typer.Option(envvar="JIXIAO_SERVE_PASSWORD", show_envvar=True,
                                                 help="Password clients must give (default: a random one, printed).")] = None,
) -> None:
    """Serve the published warehouse, read-only, over the PostgreSQL protocol (psql, Metabase, Superset,
    Tableau, Power BI, DBeaver …). Each new publish is picked up by the next query."""
    import logging
    import secrets

    from pipelines.pgwire.server import DATABASE, make_server

    path = Settings(warehouse_dir=warehouse).published_path
    if not path.exists():
        raise _fail(f"no published warehouse at {path} (run `jixiao run` first)")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(f"[yellow]warning:[/] listening on {host}: the connection is not encrypted; "
                      "use a strong password and a trusted network")
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        server = make_server(path, host=host, port=port, user=user, password=password)
    except OSError as exc:
        raise _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    out.print(f"Serving {path} read-only on {host}:{port} (database {DATABASE}, user {user}"
              + (f", password {password}" if generated else "") + ")")
    out.print(f"  psql \"host={host} port={port} dbname={DATABASE} user={user}\"   (Ctrl-C stops)")
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@app.command("publish-postgres")
def publish_postgres(
    dsn: Annotated[str, typer.Argument(help='libpq connection string, e.g. "host=db.example port=5432 dbname=bi '
                                            'user=jixiao password=…" or postgresql://user:pw@host/db')],
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    schema: Annotated[str, typer.Option(help="Target schema (replaced as a whole; view schemas go to <schema>_zh …).")] = "jixiao",
) -> None:
    """Copy the marts (with their comments and the marts_zh views) into a PostgreSQL schema, in one transaction."""
    from pipelines import publish_postgres as pg

    path = Settings(warehouse_dir=warehouse).published_path
    if not path.exists():
        raise _fail(f"no published warehouse at {path} (run `jixiao run` first)")
    try:
        copy = pg.publish(path, dsn, schema)
    except pg.PostgresPublishError as exc:
        raise _fail(f"{exc} (nothing was changed in PostgreSQL)") from None
    out.print(f"Copied {len(copy.tables)} tables ({sum(copy.tables.values())} rows) into schema {copy.schema}"
              + "".join(f"; {len(v)} views into {s}" for s, v in copy.views.items()))
    for name in copy.materialized_views:
        out.print(f"  [yellow]{name}[/]: copied as a table (its SQL could not be translated to PostgreSQL)")
