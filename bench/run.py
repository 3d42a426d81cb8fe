"""The benchmark: N generated reports in the real-world format mix, through the whole pipeline.

    .venv/bin/python -m bench.run --n 1000            # writes bench/RESULTS.md
    .venv/bin/python -m bench.run --n 10000
    .venv/bin/python -m bench.run --smoke --out /tmp/RESULTS.md   # 200 reports: checks the script works

Steps (every one a real run: Prefect flow, dbt build, Great Expectations, publish):

1. the corpus (``bench.corpus``, cached under bench/corpus/; not timed as pipeline work);
2. ``jixiao run`` on it into a fresh warehouse: per-stage times, throughput, peak RSS of the
   whole process tree, CPU seconds;
3. the same run again (nothing new), then with one more report (incremental);
4. every documented query (``bench.queries``) on the published warehouse;
5. parsing on one core vs every core (txt and docx), and the parse stage as one Prefect task
   per file (naive) vs chunks on a process pool, inside real flow runs;
6. our readers vs docling and unstructured on the same .docx and .pdf files.

The machine is shared: the load average before and after each run is recorded, and CPU
seconds are given beside wall seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import corpus, landing_speed, measure, queries, readers_compare
from bench.report import render

ROOT = Path(__file__).resolve().parent.parent
JIXIAO = [sys.executable, "-m", "pipelines"]


def _link_inbox(corpus_dir: Path, inbox: Path) -> None:
    """A fresh inbox of symlinks to the (cached) corpus files."""
    shutil.rmtree(inbox, ignore_errors=True)
    inbox.mkdir(parents=True)
    for p in corpus_dir.iterdir():
        if p.is_file() and not p.name.startswith("."):
            (inbox / p.name).symlink_to(p)


def _pipeline(inbox: Path, warehouse: Path, env: dict[str, str], *extra: str) -> dict[str, Any]:
    m = measure.run([*JIXIAO, "run", "--raw", str(inbox), "--warehouse", str(warehouse), "--json", *extra], env=env)
    try:
        summary = json.loads(m.stdout)
    except json.JSONDecodeError:
        raise SystemExit(f"jixiao run failed (exit {m.returncode}):\n{m.stdout[-2000:]}\n{m.stderr[-3000:]}") from None
    result = asdict(m)
    result.pop("stdout"), result.pop("stderr")
    stages = summary.get("stages", {})
    result.update(
        stages=stages,
        startup_s=round(max(0.0, m.wall_s - sum(stages.values())), 2),
        files=summary["files"], landed_rows=summary.get("landed_rows", {}), rows=summary.get("rows", {}),
        published=summary["published"], nothing_new=summary["nothing_new"],
    )
    return result


def _py(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    m = measure.run([sys.executable, *args], env=env)
    if m.returncode != 0:
        return {"error": m.stderr.strip()[-800:]}
    out = json.loads(m.stdout.strip().splitlines()[-1])
    out["peak_rss_mb"] = m.peak_rss_mb
    return out


def parse_speeds(work: Path, corpus_dir: Path, n_txt: int, n_docx: int, n_naive: int,
                 env: dict[str, str]) -> dict[str, Any]:
    """One core vs every core (txt, docx, pdf), and naive vs chunked inside flow runs."""
    from pipelines.samples import generate_corpus

    txt = work / "txt"
    if not (txt / ".complete").exists():
        shutil.rmtree(txt, ignore_errors=True)
        generate_corpus(txt, n_txt, seed=5)
        (txt / ".complete").write_text("", encoding="utf-8")
    cores = os.cpu_count() or 1
    out: dict[str, Any] = {"cores": cores}
    for label, raw, suffix, limit in (("txt", txt, ".txt", n_txt), ("docx", corpus_dir, ".docx", n_docx),
                                      ("pdf", corpus_dir, ".pdf", max(4, n_docx // 5))):
        base = ["-m", "bench.parse_speed", "--raw", str(raw), "--suffix", suffix, "--limit", str(limit)]
        out[label] = {"one_core": _py([*base, "--workers", "1"], env), "all_cores": _py([*base, "--workers", str(cores)], env)}
    base = ["-m", "bench.parse_speed", "--raw", str(corpus_dir), "--limit", str(n_naive), "--flow",
            "--warehouse", str(work / "parse-flow")]
    out["naive"] = _py([*base, "--chunk-size", "1", "--workers", "1"], env)
    out["chunked"] = _py([*base, "--chunk-size", "50", "--workers", str(cores)], env)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="reports in the corpus (default 1000; 200 with --smoke)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--smoke", action="store_true", help="a small, quick run that checks the benchmark works")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "work", help="inbox, warehouse and scratch")
    ap.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: cached under bench/corpus)")
    ap.add_argument("--compare-files", type=int, default=None, help=".docx and .pdf files each for the reader comparison")
    ap.add_argument("--parse-files", type=int, default=None,
                    help="txt files for the parse-speed step (docx: a third, naive variant: a fifth; default 1000)")
    ap.add_argument("--resume", action="store_true",
                    help="keep the steps already in the results JSON (same --n and --out) and run the rest")
    ap.add_argument("--no-compare", action="store_true", help="skip the docling/unstructured comparison")
    args = ap.parse_args(argv)
    n = args.n or (200 if args.smoke else 1000)
    small = args.smoke
    work = args.work / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.setdefault("JIXIAO_PREFECT_HOME", str(args.work / "prefect-home"))  # one migrated Prefect home for all runs
    results: dict[str, Any] = {"machine": measure.machine(), "n": n, "smoke": small}
    previous = args.out.with_suffix(".json")
    if args.resume and previous.exists():
        kept = json.loads(previous.read_text(encoding="utf-8"))
        if kept.get("n") == n:
            results = kept

    def save() -> None:  # after every step: a run stopped half-way still leaves what it measured
        results["load_after"] = os.getloadavg()
        args.out.with_suffix(".json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str),
                                                 encoding="utf-8")
        args.out.write_text(render(results), encoding="utf-8")

    print(f"corpus: {n} reports ...", flush=True)
    corpus_dir, rows = corpus.build(n, args.seed, out=args.corpus)
    results["mix"] = {"rows": [asdict(r) for r in rows], "folder": str(corpus_dir)}
    results["formats"] = _count_formats(corpus_dir)

    inbox, warehouse = work / "raw", work / "warehouse"
    if "full" not in results:
        _link_inbox(corpus_dir, inbox)
        shutil.rmtree(warehouse, ignore_errors=True)
        print("pipeline: full run ...", flush=True)
        results["full"] = _pipeline(inbox, warehouse, env)
        save()
    if "nothing_new" not in results:
        print("pipeline: nothing new ...", flush=True)
        results["nothing_new"] = _pipeline(inbox, warehouse, env)
        save()
    if "plus_one" not in results:
        print("pipeline: one more report ...", flush=True)
        corpus.add_report(inbox, index=n + 1, seed=args.seed)
        results["plus_one"] = _pipeline(inbox, warehouse, env)
        save()

    if "landing" not in results:
        print("landing alone ...", flush=True)
        results["landing"] = landing_speed.measure(warehouse / "landing", results["full"]["files"]["loaded"])
        save()
    if "queries" not in results:
        print("queries ...", flush=True)
        timings = queries.time_queries(warehouse / "jixiao.duckdb", queries.cookbook())
        results["queries"] = [{"source": t.query.source, "title": t.query.title, "rows": t.rows,
                               "median_ms": t.median_ms, "max_ms": t.max_ms, "error": t.error} for t in timings]
        save()

    if "parse" not in results:
        print("parse speed ...", flush=True)
        n_parse = args.parse_files or (60 if small else 1000)
        results["parse"] = parse_speeds(work, corpus_dir, n_txt=n_parse, n_docx=max(16, n_parse // 3),
                                        n_naive=max(10, n_parse // 5), env=env)
        save()

    if args.no_compare:
        results["readers"] = {"skipped": "--no-compare"}
    elif "tools" not in results.get("readers", {}):
        print("readers vs docling / unstructured ...", flush=True)
        per_format = args.compare_files or (2 if small else 10)
        try:
            results["readers"] = readers_compare.compare(corpus_dir, per_format)
        except (subprocess.TimeoutExpired, OSError) as exc:
            results["readers"] = {"error": f"{type(exc).__name__}: {exc}"}

    save()
    print(f"written {args.out} (and {args.out.with_suffix('.json').name})")


def _count_formats(folder: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in folder.iterdir():
        if p.is_file() and not p.name.startswith("."):
            counts[p.suffix.lstrip(".")] = counts.get(p.suffix.lstrip("."), 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


if __name__ == "__main__":
    main()
