"""RESULTS.md from the benchmark's results: the targets, then the measurements behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

GB = 1024.0


def _f(x: Any, digits: int = 1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    return f"{x:,}" if isinstance(x, int) else str(x)


def _rate(entry: dict[str, Any] | None) -> float | None:
    return entry.get("reports_per_s") if entry and "error" not in entry else None


def _cpu_rate(entry: dict[str, Any] | None, cores: int) -> float | None:
    """Reports per second the CPU time spent would give on an idle machine with ``cores`` cores."""
    if not entry or "error" in entry or not entry.get("cpu_s"):
        return None
    workers = min(entry.get("workers", 1), cores)
    return round(entry["files"] / (entry["cpu_s"] / workers), 1)


def targets(r: dict[str, Any]) -> list[tuple[str, str, str, bool | None, str]]:
    """(target, limit, measured, met, note) rows."""
    n, full, parse = r["n"], r["full"], r.get("parse", {})
    cores = parse.get("cores") or r["machine"]["cores"]
    rows: list[tuple[str, str, str, bool | None, str]] = []

    def add(name: str, limit: str, value: float | None, ok: bool | None, unit: str, note: str = "") -> None:
        rows.append((name, limit, f"{_f(value)} {unit}" if value is not None else "—", ok, note))

    for label, need in (("txt", 200), ("docx", 40)):
        rate = _rate(parse.get(label, {}).get("all_cores"))
        idle = _cpu_rate(parse.get(label, {}).get("all_cores"), cores)
        add(f"parse {label} reports, all {cores} cores", f">= {need}/s", rate, None if rate is None else rate >= need,
            "reports/s", f"{_f(idle)}/s from CPU time (idle machine)")
    land = full["stages"].get("land")
    alone = next((x for x in r.get("landing", []) if x["reports"] >= 2000), None)
    if alone:
        add(f"landing, {alone['reports']:,} reports", "<= 2 s", alone["wall_s"], alone["wall_s"] <= 2, "s wall",
            f"{_f(alone['cpu_s'], 2)} s CPU for {alone['rows']:,} rows in {alone['files']} files; in the full run: "
            f"{_f(land, 2)} s for {n:,} reports")
    else:
        land_2000 = land * 2000 / n if land is not None else None
        add("landing, 2,000 reports", "<= 2 s", land_2000, None if land_2000 is None else land_2000 <= 2, "s",
            f"{_f(land, 2)} s for {n:,} reports ({_f(sum(full['landed_rows'].values()), 0)} rows), scaled linearly")
    if n >= 10000:
        add("10,000 mixed reports end to end", "<= 300 s", full["wall_s"], full["wall_s"] <= 300, "s", "measured")
        add("peak memory of that run", "<= 2 GB", full["peak_rss_mb"] / GB, full["peak_rss_mb"] <= 2 * GB, "GB", "")
    else:
        per = (full["wall_s"] - full["startup_s"]) / n
        projected = full["startup_s"] + per * 10000
        add("10,000 mixed reports end to end", "<= 300 s", projected, projected <= 300, "s",
            f"projected from {n:,} ({full['wall_s']} s); run `--n 10000` to measure")
        add("peak memory", "<= 2 GB", full["peak_rss_mb"] / GB, full["peak_rss_mb"] <= 2 * GB, "GB", f"at {n:,} reports")
    for key, name, limit in (("plus_one", f"adding 1 report to a {n:,}-report warehouse", 20),
                             ("nothing_new", "a run with nothing new", 3)):
        wall = r[key]["wall_s"] if key in r else None
        add(name, f"<= {limit} s", wall, None if wall is None else wall <= limit, "s", "" if key in r else "not run")
    times = [q["max_ms"] for q in r.get("queries", []) if q["max_ms"] is not None]
    worst = max(times) if times else None
    add(f"every cookbook query ({len(r.get('queries', []))}) at {n:,} reports", "<= 200 ms", worst,
        None if worst is None else worst <= 200, "ms (slowest)", "")
    return rows


def render(r: dict[str, Any]) -> str:
    m, full = r["machine"], r.get("full")
    if full is None:
        return f"# Benchmark results\n\nThe full run of {r['n']:,} reports did not finish.\n"
    n = r["n"]
    out: list[str] = []
    w = out.append
    w(f"# Benchmark results{' (smoke run)' if r.get('smoke') else ''}\n")
    w(f"`.venv/bin/python -m bench.run --n {n}` on {m['date']}: {m['cpu']}, {m['cores']} cores, "
      f"{m['memory_gb']} GB, {m['platform']}, Python {m['python']}.\n")
    lb, la = full["load_before"], r.get("load_after", full["load_after"])
    w(f"**Other load on the machine:** load average {lb[0]:.1f} / {lb[1]:.1f} / {lb[2]:.1f} (1/5/15 min) before the "
      f"full run, {la[0]:.1f} / {la[1]:.1f} / {la[2]:.1f} at the end, on {m['cores']} cores"
      + (" — the machine was shared, so wall times are inflated; CPU seconds are given beside them."
         if max(lb[0], la[0]) > 0.5 * m["cores"] else ".") + "\n")

    w("## Targets\n")
    w("| target | limit | measured | met | note |\n|---|---|---|---|---|")
    for name, limit, value, ok, note in targets(r):
        w(f"| {name} | {limit} | {value} | {'yes' if ok else 'no' if ok is False else '—'} | {note} |")
    w("")

    w(f"## End to end: {n:,} reports\n")
    fmts = ", ".join(f"{k} {v}" for k, v in r["formats"].items())
    w(f"Corpus: {fmts}. Mix (layout, format, share):")
    w(" · ".join(f"{x['layout']} {x['fmt']} {x['share']:.0%}" for x in r["mix"]["rows"]))
    w("")
    w("| run | wall s | CPU s | peak RSS MB | start-up s | " + " | ".join(full["stages"]) + " |")
    w("|---|---|---|---|---|" + "---|" * len(full["stages"]))
    for label, key in (("full", "full"), ("nothing new", "nothing_new"), ("+1 report", "plus_one")):
        if key not in r:
            continue
        x = r[key]
        w(f"| {label} | {_f(x['wall_s'])} | {_f(x['cpu_s'])} | {_f(x['peak_rss_mb'], 0)} | {_f(x['startup_s'])} | "
          + " | ".join(_f(x["stages"].get(s), 2) for s in full["stages"]) + " |")
    f = full["files"]
    w(f"\nFiles: {f['seen']} seen, {f['loaded']} loaded, {f['quarantined']} quarantined, {f['duplicate']} duplicate. "
      f"Throughput: {n / full['wall_s']:.1f} reports/s end to end "
      f"({full['wall_s'] / n * 1000:.0f} ms a report wall, {full['cpu_s'] / n * 1000:.0f} ms CPU). "
      f"Landed rows: {', '.join(f'{k} {v:,}' for k, v in full['landed_rows'].items())}.\n")

    if r.get("landing"):
        w("## Landing alone\n")
        w("The landed rows written again as one batch (Arrow → Parquet, one file per table and fiscal year, "
          "atomic writes with fsync).\n")
        w("| reports | rows | files | wall s | CPU s |\n|---|---|---|---|---|")
        for x in r["landing"]:
            w(f"| {x['reports']:,} | {x['rows']:,} | {x['files']} | {_f(x['wall_s'], 2)} | {_f(x['cpu_s'], 2)} |")
        w("")

    p = r.get("parse", {})
    cores = p.get("cores") or r["machine"]["cores"]
    w("## Parsing: one core vs all cores\n")
    w("Read + parse + Arrow conversion of each file (the parse stage's unit of work), process pool warmed.\n")
    w("| format | files | 1 core reports/s | all cores reports/s | speed-up | CPU-time rate (idle machine) |")
    w("|---|---|---|---|---|---|")
    for label in ("txt", "docx", "pdf"):
        one, allc = p.get(label, {}).get("one_core"), p.get(label, {}).get("all_cores")
        a, b = _rate(one), _rate(allc)
        w(f"| {label} | {_f((allc or {}).get('files'))} | {_f(a)} | {_f(b)} | "
          f"{_f(b / a, 2) + 'x' if a and b else '—'} | {_f(_cpu_rate(allc, cores))}/s |")
    naive, chunked = p.get("naive", {}), p.get("chunked", {})
    w("\n## The parse stage in a flow: one Prefect task per file vs chunks on a process pool\n")
    w("| variant | files | Prefect tasks | seconds | reports/s |\n|---|---|---|---|---|")
    for label, x in (("naive: 1 task per file, 1 process", naive), (f"jixiao: chunks of 50, {cores} processes", chunked)):
        w(f"| {label} | {_f(x.get('files'))} | {_f(x.get('tasks'))} | {_f(x.get('seconds'), 2)} | {_f(x.get('reports_per_s'))} |"
          if "error" not in x else f"| {label} | error: {x['error'][-200:]} | | | |")
    if _rate(naive) and _rate(chunked):
        w(f"\nRatio: the chunked stage is **{_rate(chunked) / _rate(naive):.1f}x** the naive one.")
    w("")

    w("## Readers: jixiao vs docling and unstructured (same files)\n")
    rd = r.get("readers", {})
    if "tools" not in rd:
        w(f"Not run: {rd.get('skipped') or rd.get('error')}\n")
    else:
        w(f"Files: {rd['files'].get('.docx', 0)} .docx and {rd['files'].get('.pdf', 0)} .pdf from the corpus. "
          "Cell recall = share of the tables' non-empty cells found as table cells (whitespace and width folded).\n")
        w("| tool | format | read / failed | median s per file | tables found / written | cell recall | vs jixiao (time) |")
        w("|---|---|---|---|---|---|---|")
        ours = rd["tools"].get("jixiao", {}).get("formats", {})
        for tool, entry in rd["tools"].items():
            if entry.get("error") and not entry.get("formats"):
                w(f"| {tool} | — | could not start: {entry['error'][:200]} | | | | |")
                continue
            for fmt, x in entry.get("formats", {}).items():
                base = (ours.get(fmt) or {}).get("median_s")
                ratio = f"{x['median_s'] / base:.0f}x slower" if base and x.get("median_s") and tool != "jixiao" else ""
                err = f" ({x['error'][:160]})" if x.get("error") else ""
                w(f"| {tool} | {fmt} | {x['read']} / {x['failed']}{err} | {_f(x.get('median_s'), 3)} | "
                  f"{x['tables']} / {x['expected_tables']} | {_f(x.get('cell_recall'), 3)} | {ratio} |")
        w("")

    notes = Path(__file__).resolve().parent / "NOTES.md"
    if notes.exists() and not r.get("smoke"):
        w(notes.read_text(encoding="utf-8"))

    w(f"## Cookbook queries at {n:,} reports\n")
    w("Read from docs/cookbook.md and README.md at run time; median and slowest of 5 runs after a warm-up.\n")
    w("| source | query | rows | median ms | slowest ms |\n|---|---|---|---|---|")
    for q in r.get("queries", []):
        title = q["title"].replace("|", "\\|")
        w(f"| {q['source']} | {title} | {_f(q['rows'])} | {_f(q['median_ms'])} | {_f(q['max_ms'])} |"
          if not q["error"] else f"| {q['source']} | {title} | error: {q['error']} | | |")
    w("")
    return "\n".join(out) + "\n"
