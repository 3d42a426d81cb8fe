"""End to end on real components: a real Prefect flow run, real dbt build, real Great
Expectations validation and a real published DuckDB file, checked against the generator's truth."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines import prefect_env
from pipelines.readers import read_document
from pipelines.settings import Settings

from .conftest import PROJECT_ROOT, seed_files

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

HEADLINE = {"expenditure_total", "basic_expenditure", "project_expenditure", "personnel_expenditure",
            "public_expenditure", "sangong_total", "revenue_total"}


LOOK_ALIKE = "budget disclosure.txt"


def run_flow(settings: Settings) -> dict:
    prefect_env.configure(settings)
    from pipelines.flows.ingest import ingest

    return ingest(settings)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    """12 generated reports, a look-alike with figures (a budget disclosure) and bad files, run once
    through the whole pipeline."""
    import random

    from pipelines.samples import generate_corpus, read_truth, vocab
    from pipelines.samples.lookalike import lookalike
    from pipelines.samples.regions import pick_region

    base = tmp_path_factory.mktemp("e2e")
    raw = base / "raw"
    paths = generate_corpus(raw, 12, seed=7, encoding_mix=True)  # truth goes to raw/.truth/, which the inbox ignores
    truths = {p.name: read_truth(p) for p in paths}
    rng = random.Random("e2e-look-alike")
    text, truth = lookalike(rng, pick_region(rng, "county"), vocab.DEPT_KINDS[0], 2022, which="budget disclosure")
    (raw / LOOK_ALIKE).write_text(text, encoding="utf-8")
    truths[LOOK_ALIKE] = truth
    (raw / "empty.txt").write_bytes(b"")
    (raw / "notes.xyz").write_text("not a report", encoding="utf-8")
    shutil.copy(paths[0], raw / "copy of first report.txt")
    settings = Settings(raw_dir=raw, warehouse_dir=base / "warehouse", chunk_size=5)
    summary = run_flow(settings)
    return {"settings": settings, "summary": summary, "truths": truths, "raw": raw}


def query(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.published_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_file_is_accounted_for(corpus: dict) -> None:
    files = corpus["summary"]["files"]
    assert (files["seen"], files["loaded"], files["quarantined"], files["duplicate"]) == (16, 13, 2, 1)
    reasons = {q["file"]: q["reason"] for q in corpus["summary"]["quarantined"]}
    assert reasons["empty.txt"] == "empty file (0 bytes)"
    assert reasons["notes.xyz"].startswith("unsupported file type '.xyz'")
    rows = query(corpus["settings"], "select source_file, status from ingest_files order by 1")
    assert len(rows) == 16
    assert ("copy of first report.txt", "duplicate") in rows


def test_published_reports_match_the_truth(corpus: dict) -> None:
    assert corpus["summary"]["published"] is True
    rows = query(corpus["settings"], "select source_file, department, region_code, fiscal_year, report_kind from dim_report")
    got = {r[0]: r[1:] for r in rows}
    assert len(got) == 13
    for name, truth in corpus["truths"].items():
        t = truth["report"]
        assert got[name] == (t["department"], t["region_code"], t["fiscal_year"], t["report_kind"]), name


def test_headline_amounts_match_the_truth(corpus: dict) -> None:
    rows = query(corpus["settings"], """
        select r.source_file, a.measure, a.phase, a.value
        from (select * from fct_budget_amounts union all select * from fct_budget_changes) a
        join dim_report r using (report_id)
        where a.subject_type = 'department' and a.func_code is null and a.econ_code is null and a.detail is null
          and a.value_unit = 'yuan'""")
    got: dict[str, set] = {}
    for source, measure, phase, value in rows:
        got.setdefault(source, set()).add((measure, phase, Decimal(value).normalize()))
    checked = 0
    for name, truth in corpus["truths"].items():
        for a in truth["amounts"]:
            if a["measure"] in HEADLINE and a["value_unit"] == "yuan" and a["subject_type"] == "department" \
                    and not a["func_code"] and not a["econ_code"] and not a["detail"]:
                assert (a["measure"], a["phase"], Decimal(a["value"]).normalize()) in got.get(name, set()), (name, a)
                checked += 1
    assert checked >= 12


def test_look_alikes_are_kept_out_of_the_facts(corpus: dict) -> None:
    """A budget disclosure is loaded with kind other and its reason; its figures are landed
    (nothing is lost) but stay out of fct_budget_amounts and fct_department_finances."""
    (kind, reason, report_id), = query(corpus["settings"],
                                       f"select report_kind, kind_reason, report_id from dim_report where source_file = '{LOOK_ALIKE}'")
    assert kind == "other" and reason.startswith("budget disclosure")
    landed_amounts = corpus["settings"].landing_dir / "amounts"
    with duckdb.connect() as con:
        landed = con.execute(f"select count(*) from read_parquet('{landed_amounts}/*/*.parquet', union_by_name=true)"
                             " where report_id = ?", [report_id]).fetchone()
    assert landed[0] >= 2
    others = "select report_id from dim_report where report_kind = 'other'"
    for table in ("fct_budget_amounts", "fct_department_finances"):
        assert query(corpus["settings"], f"select count(*) from {table} where report_id in ({others})") == [(0,)]
    assert query(corpus["settings"], "select count(*) from fct_budget_amounts")[0][0] > 100


def test_every_amount_keeps_its_provenance(corpus: dict) -> None:
    rows = query(corpus["settings"], """
        select a.source_value, a.sentence, a.char_start, a.char_end, r.source_file
        from fct_budget_amounts a join dim_report r using (report_id)""")
    assert rows
    texts: dict[str, str] = {}
    for source_value, sentence, start, end, source_file in rows:
        if source_file not in texts:
            texts[source_file] = read_document(corpus["raw"] / source_file).text
        assert source_value in texts[source_file][start:end]
        assert source_value in sentence


def test_second_run_changes_nothing_and_is_faster(corpus: dict) -> None:
    settings = corpus["settings"]
    before = settings.published_path.stat().st_mtime_ns
    summary = run_flow(settings)
    assert summary["nothing_new"] is True
    assert summary["files"]["parsed"] == 0
    assert summary["published"] is False
    assert settings.published_path.stat().st_mtime_ns == before
    first = sum(corpus["summary"]["stages"].values())
    assert sum(summary["stages"].values()) < first


def test_changed_file_replaces_its_previous_version(corpus: dict) -> None:
    settings = corpus["settings"]
    name = sorted(corpus["truths"])[1]
    old_id = query(settings, f"select report_id from dim_report where source_file = '{name}'")[0][0]
    with open(corpus["raw"] / name, "a", encoding=corpus["truths"][name].get("encoding", "utf-8")) as f:
        f.write("\n（本报告已复核。）\n")
    summary = run_flow(settings)
    assert summary["files"]["parsed"] == 1 and summary["published"] is True
    ids = [r[0] for r in query(settings, f"select report_id from dim_report where source_file = '{name}'")]
    assert len(ids) == 1 and ids[0] != old_id
    assert query(settings, "select count(*) from dim_report")[0][0] == 13


def test_prune_forgets_reports_whose_files_left_the_inbox(corpus: dict) -> None:
    settings = corpus["settings"]
    name = sorted(corpus["truths"])[2]
    (corpus["raw"] / name).unlink()
    kept = run_flow(settings)  # without --prune the report stays published
    assert kept["nothing_new"] is True
    assert query(settings, f"select count(*) from dim_report where source_file = '{name}'")[0][0] == 1
    pruned = run_flow(Settings(raw_dir=settings.raw_dir, warehouse_dir=settings.warehouse_dir, prune=True))
    assert pruned["files"]["removed"] == 1 and pruned["published"] is True
    assert query(settings, f"select count(*) from dim_report where source_file = '{name}'")[0][0] == 0
    assert query(settings, f"select count(*) from ingest_files where source_file = '{name}'")[0][0] == 0


@pytest.mark.seeds
def test_cli_run_publishes_the_real_reports(tmp_path: Path, seeds_dir: Path) -> None:
    """`jixiao run --raw <seeds> --warehouse <tmp>` as a user runs it (a separate process)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for f in seed_files():
        shutil.copy(f, raw / f.name)
    env = dict(os.environ)
    cmd = [sys.executable, "-m", "pipelines", "run", "--raw", str(raw), "--warehouse", str(tmp_path / "wh")]
    proc = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "5 loaded" in proc.stdout
    golden = {}
    for g in (PROJECT_ROOT / "tests" / "golden").glob("0*.json"):
        data = json.loads(g.read_text(encoding="utf-8"))
        golden[g.stem + ".txt"] = data["report"]
    with duckdb.connect(str(tmp_path / "wh" / "jixiao.duckdb"), read_only=True) as con:
        rows = con.execute("select source_file, department, fiscal_year from dim_report").fetchall()
    assert len(rows) == 5
    for source_file, department, fiscal_year in rows:
        g = golden[source_file]
        assert department in [g["department"], *g.get("department_alternatives", [])], source_file
        assert fiscal_year == g["fiscal_year"], source_file
    # Again, with nothing new: answered without re-parsing or re-publishing.
    again = subprocess.run(cmd, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "Nothing new" in again.stdout and "0 parsed" in again.stdout
