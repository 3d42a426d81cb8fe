"""Readers never break: a separate reader process queries the published warehouse in a loop
while runs publish; two runs started at once never both write."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.samples import generate_corpus
from pipelines.settings import Settings
from tests.pipeline_runs import run

from .conftest import PROJECT_ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

READER = textwrap.dedent("""
    import json, sys, time, duckdb
    path, out, stop = sys.argv[1:4]
    import pathlib
    with open(out, "w") as f:
        while not pathlib.Path(stop).exists():
            try:
                con = duckdb.connect(path, read_only=True)
                n_reports = con.execute("select count(*) from dim_report").fetchone()[0]
                n, total = con.execute("select count(*), sum(value) from fct_budget_amounts").fetchone()
                con.close()
                f.write(json.dumps({"ok": [n_reports, n, str(total)]}) + "\\n")
            except Exception as exc:
                f.write(json.dumps({"error": repr(exc)}) + "\\n")
            f.flush()
            time.sleep(0.02)
""")


def state(path: Path) -> list:
    with duckdb.connect(str(path), read_only=True) as con:
        n_reports = con.execute("select count(*) from dim_report").fetchone()[0]
        n, total = con.execute("select count(*), sum(value) from fct_budget_amounts").fetchone()
    return [n_reports, n, str(total)]


def test_reader_sees_old_or_new_state_never_a_mix(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    batches = [generate_corpus(tmp_path / f"batch{i}", 3, seed=30 + i, inconsistent_rate=0,
                               kinds=["department_overall"]) for i in range(3)]
    settings = Settings(raw_dir=raw, warehouse_dir=tmp_path / "warehouse")
    raw.mkdir()
    for p in batches[0]:
        shutil.copy(p, raw / p.name)
    assert run(settings)["published"]
    states = [state(settings.published_path)]
    out, stop = tmp_path / "reads.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(settings.published_path), str(out), str(stop)])
    try:
        for batch in batches[1:]:
            for p in batch:
                shutil.copy(p, raw / p.name)
            assert run(settings)["published"]
            states.append(state(settings.published_path))
        time.sleep(0.5)
    finally:
        stop.touch()
        reader.wait(timeout=30)
    answers = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(answers) > 20
    assert [a for a in answers if "error" in a] == []
    seen = [a["ok"] for a in answers]
    assert all(s in states for s in seen), {tuple(s) for s in seen} - {tuple(s) for s in states}
    assert len({tuple(s) for s in seen}) >= 2  # the reader really saw publishes happen


def test_second_run_at_once_exits_with_a_clear_message(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate_corpus(raw, 2, seed=40, inconsistent_rate=0, kinds=["department_overall"])
    marker = tmp_path / "holding"
    env = dict(os.environ, JIXIAO_FAULT_AT="parse", JIXIAO_FAULT_MARKER=str(marker))
    cmd = [sys.executable, "-m", "pipelines", "run", "--raw", str(raw), "--warehouse", str(tmp_path / "wh")]
    first = subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not marker.exists():
            assert first.poll() is None and time.monotonic() < deadline
            time.sleep(0.1)
        second = subprocess.run(cmd, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
                                env={k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_FAULT")})
        assert second.returncode == 3
        assert "another jixiao run is using this warehouse" in second.stderr
        assert f"pid {first.pid}" in second.stderr
    finally:
        first.kill()
        first.wait(timeout=30)
    assert not (tmp_path / "wh" / "jixiao.duckdb").exists()
