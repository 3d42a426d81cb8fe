"""The ``jixiao`` command: run the pipeline, explain a report, inspect quality and quarantine, build the docs."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from pipelines.settings import Settings

app = typer.Typer(
    help="jixiao (绩效): a warehouse of budget performance self-evaluation reports.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)
out = Console(width=None if sys.stdout.isatty() else 160)

RawOption = Annotated[Path, typer.Option("--raw", help="Inbox folder of report files.")]
WarehouseOption = Annotated[Path, typer.Option("--warehouse", help="Warehouse folder (landed Parquet + jixiao.duckdb).")]
DEFAULTS = Settings()
MAX_LISTED = 20  # reports with warnings listed in a run summary (jixiao dq lists all)


class _RichReporter:
    """Shows each stage with a spinner and the parse stage with a progress bar."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task: Any = None

    def stage(self, name: str, total: int | None = None) -> None:
        self.finish()
        self.task = self.progress.add_task(name, total=total if total else None)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)

    def finish(self) -> None:
        """Mark the current stage complete."""
        if self.task is not None:
            total = self.progress.tasks[self.task].total or 1
            self.progress.update(self.task, total=total, completed=total)


@app.command()
def run(
    raw: RawOption = DEFAULTS.raw_dir,
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    chunk_size: Annotated[int, typer.Option(help="Files parsed per Prefect task.")] = DEFAULTS.chunk_size,
    prune: Annotated[bool, typer.Option("--prune", help="Drop reports whose files left the inbox.")] = False,
    workers: Annotated[int | None, typer.Option(help="Parsing processes (default: every core; 1: in-process).")] = None,
    dask_address: Annotated[str | None, typer.Option(
        "--dask-address", envvar="JIXIAO_DASK_ADDRESS",
        help="Parse on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    expectations: Annotated[Path, typer.Option(
        "--expectations", help="Folder of quality rules (*.yml suites); changing them re-checks held reports.",
    )] = DEFAULTS.expectations_dir,
) -> None:
    """Parse every new or changed report in the inbox, build, validate and publish the warehouse."""
    if not raw.is_dir():
        raise typer.BadParameter(f"inbox folder not found: {raw}", param_hint="--raw")
    if not expectations.is_dir():
        raise typer.BadParameter(f"expectations folder not found: {expectations}", param_hint="--expectations")
    settings = Settings(raw_dir=raw, warehouse_dir=warehouse, chunk_size=chunk_size, prune=prune,
                        expectations_dir=expectations, workers=workers, dask_address=dask_address)
    from pipelines import prefect_env, prefect_server

    prefect_env.configure(settings)
    server_url = prefect_server.connect(settings)  # a running `jixiao server`: no temporary server start-up
    from pipelines.lock import RunLocked, run_lock
    from pipelines.progress import set_reporter
    from pipelines.quality.suites import SuiteError

    started = time.perf_counter()
    try:
        with run_lock(settings.lock_path):
            console.print(f"[bold]jixiao run[/] {settings.raw_dir} → {settings.warehouse_dir}"
                          + (f" [dim](Prefect server {server_url})[/]" if server_url else ""))
            from pipelines import run_state

            plan = run_state.plan_run(settings)
            if run_state.nothing_new(settings, plan):  # answer at once, without starting Prefect
                summary = run_state.nothing_new_summary(settings, plan)
                summary["elapsed_seconds"] = round(time.perf_counter() - started, 2)
                _report(summary, as_json)
                raise typer.Exit(0)
            with Progress(SpinnerColumn(), TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(),
                          TimeElapsedColumn(), console=console, transient=False, disable=as_json) as progress:
                reporter = _RichReporter(progress)
                reporter.stage("connect" if server_url else "start-up")
                set_reporter(reporter)
                from pipelines.flows.ingest import ingest

                summary = ingest(settings)
                reporter.finish()
    except RunLocked as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(3) from None
    except SuiteError as exc:
        console.print(f"[red]error in the quality rules ({settings.expectations_dir}):[/] {exc}")
        raise typer.Exit(2) from None
    summary["elapsed_seconds"] = round(time.perf_counter() - started, 2)
    summary["prefect_api_url"] = server_url
    _report(summary, as_json)
    blocked = not summary["published"] and not summary["nothing_new"]
    raise typer.Exit(1 if blocked else 0)


def _report(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(summary, ensure_ascii=False, default=str))
    else:
        print_summary(summary)


def print_summary(summary: dict[str, Any]) -> None:
    f = summary["files"]
    out.print(
        f"\n[bold]Files[/]: {f['seen']} seen, {f['parsed']} parsed, {f['unchanged']} unchanged · "
        f"[green]{f['loaded']} loaded[/], [yellow]{f['quarantined']} quarantined[/], {f['duplicate']} duplicate"
        + (f", {f['removed']} removed" if f["removed"] else "")
    )
    for q in summary["quarantined"]:
        out.print(f"  [yellow]quarantined[/] {q['file']}: {q['reason']}")
    for d in summary.get("duplicates", []):
        out.print(f"  [dim]duplicate[/] {d['file']}: {d['reason']}")
    rules = summary.get("rules_changed")
    if rules:
        released = rules["released"]
        out.print(f"[bold]Quality rules changed[/] since the last run: every report validated again; "
                  f"{rules['rechecked']} held report(s) checked again · "
                  f"[green]{len(released)} released[/], {len(rules['still_held'])} still held")
        for name in released:
            out.print(f"  [green]released[/] {name}")
        for held in rules["still_held"]:
            out.print(f"  [yellow]still held[/] {held['file']}")
    if summary["nothing_new"]:
        out.print("[bold]Nothing new[/]: the published warehouse is already up to date.")
    v = summary.get("validation") or {}
    if not summary["nothing_new"]:
        status = "[green]passed[/]" if v.get("critical_passed") else "[red]FAILED (publish blocked)[/]"
        out.print(f"[bold]Validation[/]: {status} · {v.get('warnings', 0)} warnings, {v.get('critical_failures', 0)} critical failures")
        for failure in v.get("failures", [])[:10]:
            out.print(f"  [red]✗[/] {failure}")
        by_report = v.get("warnings_by_report", [])
        for entry in by_report[:MAX_LISTED]:
            for warning in entry["warnings"]:
                out.print(f"  [yellow]warning[/] {entry['file']}: {warning}")
        if len(by_report) > MAX_LISTED:
            out.print(f"  … and {len(by_report) - MAX_LISTED} more reports with warnings (jixiao dq lists them all)")
    if summary["rows"]:
        table = Table(title="Published warehouse", show_header=True, header_style="bold")
        table.add_column("table")
        table.add_column("rows", justify="right")
        for name, n in summary["rows"].items():
            table.add_row(name, str(n))
        out.print(table)
    if summary["published"]:
        out.print(f"[bold green]Published[/] {summary['published_path']}")
    parts = [f"{k} {v:.1f}s" for k, v in summary["stages"].items()]
    parts.append(f"total {summary.get('elapsed_seconds', 0):.1f}s")
    out.print(f"[dim]Time: {' · '.join(parts)} · run {summary['run_id']}[/]")


@app.command()
def explain(
    file: Annotated[Path, typer.Argument(help="A report file (any supported format).", exists=True, dir_okay=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print everything extracted as JSON.")] = False,
) -> None:
    """Show what jixiao extracts from one report: each figure beside the text it came from, and the findings."""
    from pipelines.explain import explain_file

    explain_file(file, out, as_json=as_json)


@app.command()
def generate(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder to write reports (and .truth/ labels) into.")],
    n: Annotated[int, typer.Option("--n", help="Number of reports.")] = 20,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same reports).")] = 0,
    forms: Annotated[int, typer.Option(
        "--forms", help="Also write this many self-evaluation forms (10号 project form, department form, cover "
                        "sheet) in every format: docx, html, pdf, xlsx, xls and flattened text.")] = 0,
) -> None:
    """Write realistic sample reports with their labelled truth (for demos, tests and benchmarks)."""
    from pipelines.samples import generate_corpus, generate_forms

    paths = generate_corpus(out_dir, n, seed=seed)
    out.print(f"wrote {len(paths)} reports to {out_dir}")
    if forms:
        form_paths = generate_forms(out_dir, forms, seed=seed)
        out.print(f"wrote {len(form_paths)} forms to {out_dir}")


@app.command()
def quarantine(warehouse: WarehouseOption = DEFAULTS.warehouse_dir) -> None:
    """List the files held back and why."""
    from pipelines import landing

    records = [r for r in landing.read_manifest(Settings(warehouse_dir=warehouse)) if r.status != "loaded"]
    if not records:
        out.print("No files are quarantined.")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("file", "status", "reason"):
        table.add_column(col)
    for r in records:
        table.add_row(r.source_file, r.status, r.reason or "")
    out.print(table)


@app.command()
def rollback(
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    steps: Annotated[int, typer.Option(help="How many versions back (1 = the one before the current).")] = 1,
) -> None:
    """Publish a previous version of the warehouse again (versions are kept in warehouse/published/)."""
    from pipelines import publish

    settings = Settings(warehouse_dir=warehouse)
    versions = publish.list_versions(settings)
    try:
        path = publish.rollback(settings, steps)
    except publish.PublishError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    chosen = versions[steps - 1]
    out.print(f"Restored the version of run {chosen.run_id} (published {chosen.published_at:%Y-%m-%d %H:%M:%S} UTC) to {path}")


@app.command()
def versions(warehouse: WarehouseOption = DEFAULTS.warehouse_dir) -> None:
    """List the previous published versions kept for rollback."""
    from pipelines import publish

    kept = publish.list_versions(Settings(warehouse_dir=warehouse))
    if not kept:
        out.print("No previous versions are kept.")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("steps back", "run", "published (UTC)", "size"):
        table.add_column(col)
    for i, v in enumerate(kept, start=1):
        table.add_row(str(i), v.run_id, f"{v.published_at:%Y-%m-%d %H:%M:%S}", f"{v.size_bytes / 1e6:.1f} MB")
    out.print(table)


@app.command()
def dq(
    warehouse: WarehouseOption = DEFAULTS.warehouse_dir,
    show_passed: Annotated[bool, typer.Option("--all", help="Also list the expectations that passed.")] = False,
) -> None:
    """Print the latest validation summary (the Data Docs page has the details)."""
    settings = Settings(warehouse_dir=warehouse)
    latest = settings.dq_dir / "latest.json"
    if not latest.exists():
        console.print(f"No validation has run yet for {settings.warehouse_dir} (run `jixiao run` first).")
        raise typer.Exit(1)
    data = json.loads(latest.read_text(encoding="utf-8"))
    s = data["summary"]
    status = "[green]passed[/]" if data["critical_passed"] else "[red]FAILED[/]"
    out.print(f"[bold]Validation of run {data['run_id']}[/] ({data['validated_at']}): {status} · "
              f"{s['expectations']} expectations, {s['failed_critical']} critical failures, {s['failed_warning']} warnings")
    table = Table(show_header=True, header_style="bold")
    for col in ("severity", "table", "expectation", "column", "observed", "reports"):
        table.add_column(col, overflow="fold")
    for r in data["results"]:
        if r["success"] and not show_passed:
            continue
        severity = r["severity"] if not r["success"] else "ok"
        colour = {"critical": "red", "warning": "yellow"}.get(severity, "green")
        observed = str(r["observed_value"] or r.get("error") or "")
        if r.get("reason") and not r["success"]:
            observed = f"{observed}\n{r['reason']}"
        table.add_row(f"[{colour}]{severity}[/]", r["table"], r["expectation"], r["column"] or "",
                      observed, str(len(r.get("report_ids") or [])))
    if table.row_count:
        out.print(table)
    _print_failing_rows(data["results"], data.get("report_files") or {})
    docs = settings.dq_dir / "docs" / "index.html"
    if docs.exists():
        out.print(f"Data Docs: {docs}")


def _print_failing_rows(results: list[dict[str, Any]], files: dict[str, str]) -> None:
    """Each failed expectation's failing rows, one line per report: which documents, which figures."""
    from pipelines.quality.results import ExpectationOutcome
    from pipelines.quality.verdicts import describe_row

    for raw in results:
        if raw["success"] or not raw.get("failing_rows"):
            continue
        r = ExpectationOutcome(**raw)
        colour = "red" if r.is_critical else "yellow"
        out.print(f"[{colour}]{r.severity}[/] {r.reason or r.expectation} ({r.table}.{r.column or ''}):")
        for row in r.failing_rows:
            name = row.get("source_file") or files.get(row.get("report_id") or "", row.get("report_id"))
            out.print(f"  {name}: {describe_row(r, row)}")


@app.command()
def docs(warehouse: WarehouseOption = DEFAULTS.warehouse_dir) -> None:
    """Build the warehouse documentation site (every table and column, in English and Chinese, and the
    lineage from the landed files to the marts) into WAREHOUSE/docs/index.html."""
    from pipelines import dbt_runner

    settings = Settings(warehouse_dir=warehouse)
    console.print(f"[bold]jixiao docs[/] {settings.warehouse_dir}")
    try:
        site = dbt_runner.docs(settings)
    except dbt_runner.DbtBuildError as exc:
        console.print(f"[red]error:[/] {exc}")
        raise typer.Exit(1) from None
    out.print(f"Docs site: {site}")
    out.print(f"Open it in a browser: {site.as_uri()} (a single file: works offline, no server needed)")


def main() -> None:  # pragma: no cover - console script entry
    sys.exit(app())


# Operating commands (sql, shell, export, runs, server, schedule, serve, publish-postgres) live in their own module.
from pipelines import cli_ops as _cli_ops  # noqa: E402,F401
