"""Parse throughput and memory on generated reports (run on demand, not in CI).

    .venv/bin/python -m bench.parse_throughput --n 500

Writes ``bench/results/parse_throughput-<timestamp>.json`` (reports per second, seconds per
report at p50/p95, peak RSS) so targets can be compared across changes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import resource
import statistics
import time
from pathlib import Path

from pipelines import PARSER_VERSION
from pipelines.parsing import parse_document
from pipelines.readers.text import document_from_text
from pipelines.samples import generate_report

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="reports to parse")
    ap.add_argument("--seed", default="bench")
    args = ap.parse_args()
    texts = [generate_report(f"{args.seed}-{i}")[0] for i in range(args.n)]
    timings = []
    started = time.perf_counter()
    for i, text in enumerate(texts):
        t0 = time.perf_counter()
        doc = document_from_text(text, source_path=f"r{i}.txt", file_sha256=f"{i:064x}", fmt="txt", encoding="utf-8")
        parse_document(doc)
        timings.append(time.perf_counter() - t0)
    total = time.perf_counter() - started
    result = {
        "benchmark": "parse_throughput",
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "parser_version": PARSER_VERSION,
        "machine": platform.platform(),
        "reports": args.n,
        "total_seconds": round(total, 3),
        "reports_per_second": round(args.n / total, 1),
        "p50_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(statistics.quantiles(timings, n=20)[-1] * 1000, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"parse_throughput-{dt.datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(json.dumps(result, indent=1))
    print(f"written to {path}")


if __name__ == "__main__":
    main()
