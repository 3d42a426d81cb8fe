"""Our readers against docling and unstructured on the same .docx and .pdf files.

Per tool and format: median seconds per file, and how many of the tables' cells survive as
table cells (the expected cells come from the report's source text, ``.source/<name>.txt``:
the tables the file was written with). The other tools run in ``.venv-bench`` (``make
bench-tools``) through ``bench/other_readers.py``, so they never enter jixiao's environment.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from pipelines.readers import read_document
from pipelines.readers.layout import Table
from pipelines.samples.render_formats import layout_items

ROOT = Path(__file__).resolve().parent.parent
BENCH_PYTHON = Path(os.environ.get("JIXIAO_BENCH_PYTHON") or ROOT / ".venv-bench" / "bin" / "python")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def expected_cells(report: Path) -> Counter[str]:
    """Non-empty cell texts of the tables the report was written with."""
    source = report.parent / ".source" / f"{report.stem}.txt"
    items = layout_items(source.read_text(encoding="utf-8"))
    return Counter(_norm(c.text) for it in items if isinstance(it, Table) for c in it.cells if c.text.strip())


def cell_recall(expected: Counter[str], tables: list[list[str]]) -> float | None:
    """Share of expected cells found among the tool's table cells (multiset match)."""
    if not expected:
        return None
    got = Counter(_norm(t) for table in tables for t in table if t.strip())
    return sum((expected & got).values()) / sum(expected.values())


def ours(path: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    doc = read_document(path)
    seconds = time.perf_counter() - t0
    tables = [[c.text for c in b.cells] for b in doc.blocks if b.cells]
    return {"seconds": seconds, "tables": tables}


def others(paths: list[Path], timeout: float = 1800) -> dict[str, Any]:
    """docling and unstructured on ``paths`` (or why they could not run)."""
    if not BENCH_PYTHON.exists():
        return {"error": f"{BENCH_PYTHON} not found (run `make bench-tools`)"}
    proc = subprocess.run([str(BENCH_PYTHON), str(ROOT / "bench" / "other_readers.py"), *map(str, paths)],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        return {"error": f"other_readers.py exited {proc.returncode}: {proc.stderr.strip()[-400:]}"}
    return json.loads(proc.stdout)


def compare(folder: Path, per_format: int = 10) -> dict[str, Any]:
    """The comparison on the first ``per_format`` .docx and .pdf reports of a corpus that have tables."""
    picked: list[Path] = []
    for suffix in (".docx", ".pdf"):
        candidates = [p for p in sorted(folder.glob(f"*{suffix}")) if expected_cells(p)]
        picked += candidates[:per_format]
    expected = {p: expected_cells(p) for p in picked}
    results: dict[str, dict[str, Any]] = {"jixiao": {"files": {}}}
    for p in picked:
        results["jixiao"]["files"][str(p)] = ours(p)
    other = others(picked) if picked else {}
    results.update({"docling, unstructured": other} if "error" in other else other)
    summary: dict[str, Any] = {"files": {s: sum(1 for p in picked if p.suffix == s) for s in (".docx", ".pdf")}, "tools": {}}
    for tool, entry in results.items():
        if not isinstance(entry, dict) or "files" not in entry:
            summary["tools"][tool] = {"error": entry.get("error") if isinstance(entry, dict) else str(entry)}
            continue
        per_fmt: dict[str, Any] = {}
        for suffix in (".docx", ".pdf"):
            rows = [(p, entry["files"].get(str(p))) for p in picked if p.suffix == suffix]
            ok = [(p, r) for p, r in rows if r and "tables" in r]
            errors = [r["error"] for _, r in rows if r and "error" in r]
            recalls = [x for p, r in ok if (x := cell_recall(expected[p], r["tables"])) is not None]
            per_fmt[suffix] = {
                "read": len(ok), "failed": len(errors), "error": errors[0] if errors else None,
                "median_s": round(statistics.median(r["seconds"] for _, r in ok), 4) if ok else None,
                "tables": sum(len(r["tables"]) for _, r in ok),
                "expected_tables": sum(sum(isinstance(i, Table) for i in layout_items(
                    (p.parent / ".source" / f"{p.stem}.txt").read_text(encoding="utf-8"))) for p, _ in ok),
                "cell_recall": round(statistics.mean(recalls), 3) if recalls else None,
            }
        summary["tools"][tool] = {"setup_s": entry.get("setup_s"), "formats": per_fmt, "error": entry.get("error")}
    return summary
