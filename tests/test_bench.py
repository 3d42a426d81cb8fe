"""The benchmark's smoke run: 200 generated reports in the format mix through the real pipeline.

Checks that ``bench.run`` works end to end and writes a complete RESULTS.md, not its timings
(CI machines vary; the figures are for ``make bench``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("bench")
    out = base / "RESULTS.md"
    env = dict(os.environ, JIXIAO_BENCH_PYTHON=str(base / "no-bench-venv" / "python"))  # docling & co. not installed
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--n", "200", "--out", str(out),
                           "--work", str(base / "work"), "--corpus", str(base / "corpus"), "--compare-files", "1",
                           "--parse-files", "30"],
                          cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return {"md": out.read_text(encoding="utf-8"), "json": json.loads(out.with_suffix(".json").read_text(encoding="utf-8")),
            "corpus": base / "corpus"}


def test_the_corpus_follows_the_mix(smoke: dict) -> None:
    r = smoke["json"]
    assert sum(r["formats"].values()) == 200
    assert {"docx", "pdf", "txt", "html", "xlsx"} <= set(r["formats"])
    assert r["formats"]["docx"] + r["formats"]["pdf"] > 100  # mostly docx and pdf
    assert abs(sum(row["share"] for row in r["mix"]["rows"]) - 1) < 1e-9
    assert len(list(smoke["corpus"].glob(".truth/*.json"))) == 200


def test_the_pipeline_runs_are_real_and_measured(smoke: dict) -> None:
    r = smoke["json"]
    full, again, plus = r["full"], r["nothing_new"], r["plus_one"]
    assert full["published"] is True and full["files"]["seen"] == 200
    assert full["files"]["loaded"] + full["files"]["quarantined"] + full["files"]["duplicate"] == 200
    assert full["files"]["loaded"] >= 150
    assert {"parse", "land", "dbt build", "validate", "publish"} <= set(full["stages"])
    assert full["landed_rows"]["amounts"] > 0 and full["peak_rss_mb"] > 100 and full["cpu_s"] > 0
    assert again["nothing_new"] is True and again["published"] is False
    assert plus["published"] is True and plus["files"]["parsed"] == 1
    assert plus["rows"]["dim_report"] == full["rows"]["dim_report"] + 1


def test_queries_parse_speeds_and_comparison_are_reported(smoke: dict) -> None:
    r = smoke["json"]
    assert len(r["queries"]) >= 2 and all(q["error"] is None and q["median_ms"] > 0 for q in r["queries"])
    p = r["parse"]
    for label in ("txt", "docx"):
        assert p[label]["one_core"]["reports_per_s"] > 0 and p[label]["all_cores"]["reports_per_s"] > 0
    assert p["naive"]["tasks"] == 10 and 1 < p["chunked"]["tasks"] < 10  # --parse-files 30: a naive run of 10 files
    tools = r["readers"]["tools"]
    assert tools["jixiao"]["formats"][".docx"]["cell_recall"] > 0.9
    assert "not found" in tools["docling, unstructured"]["error"]


def test_results_md_names_every_target(smoke: dict) -> None:
    md = smoke["md"]
    for needle in ("## Targets", "parse txt reports", "parse docx reports", "landing, 2,000 reports",
                   "10,000 mixed reports end to end", "peak memory", "adding 1 report", "nothing new",
                   "cookbook query", "load average", "one Prefect task per file", "docling"):
        assert needle in md, needle
