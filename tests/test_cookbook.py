"""The analyst cookbook: every query in dbt_project/analyses/ runs against a warehouse the real pipeline
(Prefect flow, dbt build, Great Expectations, publish) built from generated reports, and its answer is
checked against the generator's truth, computed here independently of the warehouse's SQL.

One warehouse for the module (tests/cookbook_corpus.py); `jixiao docs` is tested on it too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipelines import prefect_env
from pipelines.settings import DBT_PROJECT_DIR, Settings

from .cookbook_corpus import Corpus, write_corpus

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

ANALYSES = DBT_PROJECT_DIR / "analyses"
COOKBOOK_DOC = DBT_PROJECT_DIR.parent / "docs" / "cookbook.md"
WAN = Decimal(10000)
BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (Decimal(0), "差"))  # DOMAIN.md §5
GRADE_WORDS = {"优": "优", "优秀": "优", "A": "优", "良": "良", "良好": "良", "B": "良", "中": "中", "合格": "中",
               "C": "中", "差": "差", "不合格": "差", "D": "差"}


@dataclass
class Cookbook:
    settings: Settings
    corpus: Corpus
    summary: dict[str, Any]


@pytest.fixture(scope="module")
def cookbook(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> Cookbook:
    base = tmp_path_factory.mktemp("cookbook")
    corpus = write_corpus(base / "raw")
    settings = Settings(raw_dir=corpus.raw, warehouse_dir=base / "warehouse")
    prefect_env.configure(settings)
    from pipelines.flows.ingest import ingest

    summary = ingest(settings)
    assert summary["published"], summary.get("validation")
    return Cookbook(settings, corpus, summary)


def answer(cookbook: Cookbook, name: str) -> list[dict[str, Any]]:
    """The rows of analyses/<name>*.sql on the published warehouse, as dicts."""
    (path,) = ANALYSES.glob(f"{name}*.sql")
    with duckdb.connect(str(cookbook.settings.published_path), read_only=True) as con:
        cursor = con.execute(path.read_text(encoding="utf-8"))
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


# --- the truth, read the way an analyst reads a report -------------------------------------------------


def reports(cookbook: Cookbook, *kinds: str) -> Iterable[dict[str, Any]]:
    """Truths of the current reports (of the given kinds)."""
    for truth in cookbook.corpus.truths.values():
        if not kinds or truth["report"]["report_kind"] in kinds:
            yield truth


def key(truth: dict[str, Any]) -> tuple[str, int]:
    return truth["report"]["department"], truth["report"]["fiscal_year"]


def in_order(truth: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(truth["amounts"], key=lambda a: a["char_start"])


def department_figure(truth: dict[str, Any], measure: str, phase: str) -> Decimal | None:
    """The first statement of a department-level figure (no class, fund, detail or subject breakdown)."""
    for a in in_order(truth):
        if (a["measure"], a["phase"], a.get("subject_type", "department")) == (measure, phase, "department") and not (
            a.get("func_code") or a.get("econ_code") or a.get("fund_source") or a.get("detail")
        ):
            return Decimal(a["value"])
    return None


def wan(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / WAN


def close(got: Any, want: Any, places: int = 2) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return abs(Decimal(str(got)) - Decimal(str(want))) <= Decimal(10) ** -places


def band(score: Decimal) -> str:
    return next(name for floor, name in BANDS if score >= floor)


def raw_text(cookbook: Cookbook, source_file: str) -> str:
    return (cookbook.corpus.raw / source_file).read_text(encoding="utf-8")


# --- the cookbook itself ---------------------------------------------------------------------------------


def test_every_query_states_its_question_in_chinese_and_english_and_is_listed():
    paths = sorted(ANALYSES.glob("*.sql"))
    assert len(paths) >= 15
    doc = COOKBOOK_DOC.read_text(encoding="utf-8")
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("-- 问题：") and re.search(r"[\u4e00-\u9fff]", lines[0]), path.name
        assert lines[1].startswith("-- Question: ") and len(lines[1]) > 30, path.name
        assert path.name in doc and lines[0].removeprefix("-- 问题：") in doc, f"{path.name} missing from docs/cookbook.md"


def test_the_pipeline_published_every_current_report_once(cookbook: Cookbook):
    files = cookbook.summary["files"]
    assert (files["loaded"], files["duplicate"]) == (len(cookbook.corpus.truths) + 1, 1)
    with duckdb.connect(str(cookbook.settings.published_path), read_only=True) as con:
        rows = con.execute("select source_file, department, fiscal_year, report_kind, self_score from dim_report").fetchall()
    got = {r[0]: r[1:] for r in rows}
    want = {name: (t["report"]["department"], t["report"]["fiscal_year"], t["report"]["report_kind"],
                   t["report"]["self_score"]) for name, t in cookbook.corpus.truths.items()}
    assert got == want


def test_the_published_warehouse_documents_itself(cookbook: Cookbook):
    with duckdb.connect(str(cookbook.settings.published_path), read_only=True) as con:
        total, commented = con.execute(r"""
            select count(*), count(comment) from duckdb_columns()
            where not internal and schema_name = 'main' and regexp_matches(table_name, '^(dim|fct)_')""").fetchone()
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas() where not internal").fetchall()}
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()}
        zh_counts = {name: con.execute(f'select count(*) from marts_zh."{name}"').fetchone()[0]
                     for name in ("预算金额", "部门收支", "三公经费", "人员编制", "项目资金", "绩效指标", "自评结果")}
        en_counts = {name: con.execute(f"select count(*) from {name}").fetchone()[0]
                     for name in ("fct_budget_amounts", "fct_department_finances", "fct_sangong", "fct_staffing",
                                  "fct_projects", "fct_targets", "fct_self_evaluations")}
    assert total >= 300 and commented / total >= 0.95
    assert not schemas & {"staging", "intermediate"} and not any(t.startswith(("stg_", "int_")) for t in tables)
    assert list(zh_counts.values()) == list(en_counts.values()) and min(zh_counts.values()) > 0


def test_01_budget_execution_by_department_and_year(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"]): r for r in answer(cookbook, "01_")}
    want = {}
    for t in reports(cookbook):
        figures = {p: wan(department_figure(t, "expenditure_total", p)) for p in ("approved", "adjusted", "executed")}
        if any(v is not None for v in figures.values()):
            want[key(t)] = figures
    assert set(got) == set(want) and len(want) >= 6
    for k, figures in want.items():
        row = got[k]
        for phase, value in figures.items():
            assert close(row[f"{phase}_wan_yuan"], value, 6), (k, phase)
        budget = figures["adjusted"] or figures["approved"]
        rate = None if budget is None or figures["executed"] is None else round(100 * figures["executed"] / budget, 2)
        assert close(row["execution_rate_pct"], rate), k
    assert sum(r["execution_rate_pct"] is not None for r in got.values()) >= 3


def test_02_sangong_budget_vs_actual_with_yoy_change(cookbook: Cookbook):
    rows = answer(cookbook, "02_")
    components = {r["component"] for r in rows}
    assert {"sangong_total", "sangong_reception"} <= components
    stated = {}
    for t in reports(cookbook, "department_overall"):
        for component in components:
            stated[(*key(t), component)] = {p: wan(department_figure(t, component, p))
                                            for p in ("approved", "executed", "prior_year", "yoy_change")}
    assert {(r["department"], r["fiscal_year"], r["component"]) for r in rows} == {
        k for k, v in stated.items() if any(x is not None for x in v.values())}
    sources = set()
    for r in rows:
        s = stated[(r["department"], r["fiscal_year"], r["component"])]
        assert close(r["budget_wan_yuan"], s["approved"], 6) and close(r["actual_wan_yuan"], s["executed"], 6)
        previous = stated.get((r["department"], r["fiscal_year"] - 1, r["component"]), {}).get("executed")
        if s["yoy_change"] is not None:
            change, source = s["yoy_change"], "stated"
        elif s["executed"] is not None and s["prior_year"] is not None:
            change, source = s["executed"] - s["prior_year"], "prior year as stated"
        elif s["executed"] is not None and previous is not None:
            change, source = s["executed"] - previous, "previous report"
        else:
            change, source = None, None
        assert close(r["yoy_change_wan_yuan"], change, 6) and r["yoy_change_source"] == source, r
        sources.add(source)
    assert {"stated", "previous report"} <= sources  # both ways of answering are exercised


def test_03_science_share_by_province(cookbook: Cookbook):
    got = {r["province"]: r for r in answer(cookbook, "03_")}
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    for t in reports(cookbook):
        executed = department_figure(t, "expenditure_total", "executed")
        if not executed:
            continue
        science = [Decimal(a["value"]) for a in t["amounts"] if a.get("func_code") == "206" and a["phase"] == "executed"
                   and a["kind"] == "money" and a.get("subject_type", "department") == "department"]
        row = totals[t["report"]["province"]]
        row[0] += 1
        row[1] += max(science, default=Decimal(0)) / WAN
        row[2] += executed / WAN
    assert set(got) == set(totals)
    for province, (n, science, total) in totals.items():
        assert got[province]["reports"] == n
        assert close(got[province]["science_wan_yuan"], science) and close(got[province]["expenditure_wan_yuan"], total)
        assert close(got[province]["science_share_pct"], round(100 * science / total, 2)), province
    assert any(r["science_share_pct"] > 0 for r in got.values())


def project_money(cookbook: Cookbook) -> dict[tuple[str, int, str], dict[str, Decimal]]:
    """approved / adjusted / executed of every project a report names (first statements, yuan), per
    (department, year, project); a project named both in a department report and in its own project report
    is two projects (two reports), kept apart by the report file."""
    out: dict[tuple[str, str, int, str], dict[str, Decimal]] = defaultdict(dict)
    for name, t in cookbook.corpus.truths.items():
        for a in in_order(t):
            if (a.get("subject_type") == "project" and a["measure"] == "project_expenditure" and a["kind"] == "money"
                    and not a.get("fund_source") and not a.get("detail")):
                out[(name, *key(t), a["subject_name"])].setdefault(a["phase"], Decimal(a["value"]))
    return out


def test_04_projects_under_90_percent(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"], r["project_name"]): r for r in answer(cookbook, "04_")}
    want = {}
    for (_, *k), money in project_money(cookbook).items():
        budget = money.get("adjusted") or money.get("approved")
        if budget and "executed" in money and 100 * money["executed"] / budget < 90:
            want[tuple(k)] = (100 * money["executed"] / budget, "adjusted" if "adjusted" in money else "approved")
    assert set(got) == set(want) and want
    for k, (rate, basis) in want.items():
        assert close(got[k]["execution_rate_pct"], round(rate, 2)) and got[k]["execution_rate_basis"] == basis, k


def test_05_targets_by_indicator_category(cookbook: Cookbook):
    rows = answer(cookbook, "05_")
    got = {(r["level1"], r["level2"]): r for r in rows}
    truth_targets = [target for t in reports(cookbook) for target in t["targets"]]
    count = defaultdict(int)
    for target in truth_targets:
        count[(target["level1"], target["level2"])] += 1
    # output targets land in their level-2 category exactly
    for k in [k for k in count if k[0] == "产出指标"]:
        assert got[k]["targets"] == count[k], k
    # today's parser files satisfaction targets (满意度) under outcomes (效益指标): compare them together
    outcome_like = ("效益指标", "满意度指标")
    assert sum(r["targets"] for k, r in got.items() if k[0] in outcome_like) == sum(
        n for k, n in count.items() if k[0] in outcome_like)
    assert sum(r["targets"] for r in rows) == len(truth_targets) >= 40
    assessed = sum(target.get("actual_value") is not None for target in truth_targets)
    assert sum(r["assessed"] for r in rows) == assessed
    assert all(0 <= r["met"] <= r["assessed"] <= r["targets"] for r in rows)
    assert got[("产出指标", "数量指标")]["level2_en"] == "quantity"
    assert got[("产出指标", "数量指标")]["reports"] == sum(1 for t in reports(cookbook) if t["targets"])


def test_06_findings_with_their_evidence(cookbook: Cookbook):
    rows = answer(cookbook, "06_")
    got = {(r["department"], r["fiscal_year"], r["rule"]): r for r in rows}
    for t in reports(cookbook):
        for finding in t["findings"]:
            row = got[(*key(t), finding["rule"])]
            assert row["severity"] == "error" and row["left_text"], row
    assert len({k for k in got if got[k]["severity"] == "error"}) >= 3
    for r in rows:  # the evidence is the report's own words
        text = raw_text(cookbook, r["source_file"])
        for side in ("left_text", "right_text"):
            assert r[side] is None or r[side] in text, (r["source_file"], r[side])


def test_07_staff_per_wan_yuan_of_basic_expenditure(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"]): r for r in answer(cookbook, "07_")}
    want = {}
    for t in reports(cookbook):
        basic = department_figure(t, "basic_expenditure", "executed")
        staff = next((Decimal(a["value"]) for a in in_order(t) if a["measure"] == "staff_actual"
                      and a.get("subject_type", "department") == "department" and not a.get("detail")), None)
        if staff and basic:
            want[key(t)] = (staff, basic / WAN)
    assert set(got) == set(want) and len(want) >= 3
    for k, (staff, basic) in want.items():
        assert got[k]["staff"] == staff and close(got[k]["basic_expenditure_wan_yuan"], basic, 6)
        assert close(got[k]["staff_per_wan_yuan"], round(staff / basic, 4), 4)
        assert close(got[k]["basic_wan_yuan_per_staff"], round(basic / staff, 2)), k


def test_08_largest_functional_classes(cookbook: Cookbook):
    rows = answer(cookbook, "08_")
    per_class: dict[str, list[Decimal]] = defaultdict(list)
    for t in reports(cookbook):
        per_report: dict[str, Decimal] = {}
        for a in t["amounts"]:
            code = a.get("func_code")
            if code and a["phase"] == "executed" and a["kind"] == "money" and a.get("subject_type", "department") == "department":
                per_report[code] = max(per_report.get(code, Decimal(0)), Decimal(a["value"]) / WAN)
        for code, value in per_report.items():
            per_class[code].append(value)
    want = sorted(((sum(v), code, len(v)) for code, v in per_class.items()), key=lambda x: (-round(x[0], 2), x[1]))[:10]
    assert [(r["func_code"], r["reports"]) for r in rows] == [(code, n) for _, code, n in want]
    for r, (total, _, _) in zip(rows, want, strict=True):
        assert close(r["spent_wan_yuan"], round(total, 2))


def test_09_grades_that_contradict_the_score(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"]): (r["grade_says"], r["score_says"]) for r in answer(cookbook, "09_")}
    want = {}
    for t in reports(cookbook, "department_overall", "project"):
        score, grade = t["report"]["self_score"], t["report"]["grade"]
        if score is not None and grade in GRADE_WORDS and GRADE_WORDS[grade] != band(Decimal(score)):
            want[key(t)] = (GRADE_WORDS[grade], band(Decimal(score)))
    assert got == want and want


def test_10_departments_missing_the_next_year(cookbook: Cookbook):
    got = {(r["department"], r["reported_in"]) for r in answer(cookbook, "10_")}
    years = defaultdict(set)
    for t in reports(cookbook, "department_overall"):
        years[t["report"]["department"]].add(t["report"]["fiscal_year"])
    last = max(y for ys in years.values() for y in ys)
    want = {(d, y) for d, ys in years.items() for y in ys if y < last and y + 1 not in ys}
    assert got == want and len(want) >= 2


def test_11_the_same_department_across_years(cookbook: Cookbook):
    rows = answer(cookbook, "11_")
    spent = defaultdict(dict)
    for t in reports(cookbook, "department_overall"):
        value = department_figure(t, "expenditure_total", "executed")
        if value is not None:
            spent[t["report"]["department"]][str(t["report"]["fiscal_year"])] = value / WAN
    want = {d: v for d, v in spent.items() if len(v) >= 2}
    assert {r["department"] for r in rows} == set(want) and len(want) >= 2
    for r in rows:
        for year, value in want[r["department"]].items():
            assert close(r[year], value, 6), (r["department"], year)
    assert max(len(v) for v in want.values()) >= 3


def test_12_search_the_problem_sections(cookbook: Cookbook):
    rows = answer(cookbook, "12_")
    assert rows and all("资金" in r["text"] for r in rows)
    want = set()
    for name, t in cookbook.corpus.truths.items():
        text = raw_text(cookbook, name)
        heads = sorted(t["sections"], key=lambda s: s["char_start"])
        for i, s in enumerate(heads):
            if s.get("topic") == "problems":
                end = next((h["char_start"] for h in heads[i + 1:]), len(text))
                if "资金" in text[s["char_start"]:end].replace(s["title"], "", 1):
                    want.add(key(t))
    assert {(r["department"], r["fiscal_year"]) for r in rows} == want


def test_13_report_versions(cookbook: Cookbook):
    corpus = cookbook.corpus
    rows = answer(cookbook, "13_")
    corrected = corpus.truths[corpus.corrected]["report"]
    assert [(r["source_file"], r["version_rank"], r["is_current"]) for r in rows] == [
        (corpus.corrected, 1, True), (corpus.replaced, 2, False)]
    assert str(rows[0]["report_date"]) == corrected["report_date"]
    assert rows[0]["self_score"] == corrected["self_score"] == rows[1]["self_score"] + 1


def test_14_self_scores_by_year_and_department_type(cookbook: Cookbook):
    got = {(r["fiscal_year"], r["report_kind"]): r for r in answer(cookbook, "14_")}
    scores = defaultdict(list)
    for t in reports(cookbook, "department_overall", "project"):
        scores[(t["report"]["fiscal_year"], t["report"]["report_kind"])].append(Decimal(t["report"]["self_score"]))
    assert set(got) == set(scores)
    for k, values in scores.items():
        row = got[k]
        assert row["department_type_zh"] == "局" and (row["reports"], row["scored"]) == (len(values), len(values))
        assert close(row["average_score"], round(sum(values) / len(values), 2))
        assert (row["lowest_score"], row["highest_score"]) == (min(values), max(values))


def test_15_stated_yoy_rates_recomputed(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"]): r for r in answer(cookbook, "15_")}
    want = {}
    for t in reports(cookbook):
        rate = department_figure(t, "expenditure_total", "yoy_change_rate")
        change = department_figure(t, "expenditure_total", "yoy_change")
        executed = department_figure(t, "expenditure_total", "executed")
        if rate is not None and change is not None and executed is not None:
            want[key(t)] = (rate, round(100 * change / (executed - change), 2))
    assert set(got) == set(want) and len(want) >= 3
    for k, (rate, recomputed) in want.items():
        assert close(got[k]["stated_rate_pct"], rate) and close(got[k]["recomputed_rate_pct"], recomputed), k
        assert got[k]["rates_agree"] == (abs(rate - recomputed) <= Decimal("0.5"))


def test_16_basic_expenditure_identity_gaps(cookbook: Cookbook):
    got = {(r["department"], r["fiscal_year"], r["phase"]): r["gap_wan_yuan"] for r in answer(cookbook, "16_")}
    want = {}
    for t in reports(cookbook):
        for phase in ("approved", "adjusted", "executed", "prior_year"):
            parts = [department_figure(t, m, phase) for m in ("basic_expenditure", "personnel_expenditure",
                                                              "public_expenditure")]
            if None not in parts and abs(parts[0] - parts[1] - parts[2]) / WAN > Decimal("0.01"):
                want[(*key(t), phase)] = (parts[0] - parts[1] - parts[2]) / WAN
    assert set(got) == set(want) and want
    assert all(close(got[k], v, 6) for k, v in want.items())


def test_17_basic_expenditure_by_economic_class(cookbook: Cookbook):
    rows = answer(cookbook, "17_")
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for t in reports(cookbook):
        seen = set()
        for a in in_order(t):
            code = a.get("econ_code")
            if (code and len(code) == 3 and a["measure"] == "basic_expenditure" and a["phase"] == "executed"
                    and a["kind"] == "money" and a.get("subject_type", "department") == "department"):
                figure = (code, a.get("fund_source"), a.get("detail"), Decimal(a["value"]))
                if figure not in seen:  # a figure the report states again counts once
                    seen.add(figure)
                    totals[code] += Decimal(a["value"]) / WAN
    got = {r["econ_code"]: r for r in rows}
    assert set(got) == set(totals) and {"301", "302"} <= set(totals)
    grand = sum(totals.values())
    for code, total in totals.items():
        assert close(got[code]["executed_wan_yuan"], total) and close(got[code]["share_pct"], round(100 * total / grand, 2))


def test_18_where_a_figure_comes_from(cookbook: Cookbook):
    rows = answer(cookbook, "18_")
    want = {}
    for t in reports(cookbook):
        first = next((a for a in in_order(t) if (a["measure"], a["phase"]) == ("sangong_total", "executed")
                      and a.get("subject_type", "department") == "department"
                      and not a.get("fund_source") and not a.get("detail")), None)
        if first:
            want[key(t)] = first
    got = {(r["department"], r["fiscal_year"]): r for r in rows}
    assert set(got) == set(want) and len(want) >= 4
    for k, a in want.items():
        r = got[k]
        assert close(r["value_wan_yuan"], Decimal(a["value"]) / WAN, 6) and r["source_text"] == a["source_text"], k
        text = raw_text(cookbook, r["source_file"])
        assert text[r["char_start"]:r["char_end"]] in r["source_text"] and r["source_text"] in r["sentence"]
        assert r["sentence"] in text


def test_19_the_same_question_in_chinese(cookbook: Cookbook):
    rows = answer(cookbook, "19_")
    assert list(rows[0]) == ["部门名称", "预算年度", "分项名称", "预算数（万元）", "实际支出（万元）"]
    english = {(r["department"], r["fiscal_year"]): (r["budget_wan_yuan"], r["actual_wan_yuan"])
               for r in answer(cookbook, "02_") if r["component"] == "sangong_total"}
    assert {(r["部门名称"], r["预算年度"]): (r["预算数（万元）"], r["实际支出（万元）"]) for r in rows} == english
    assert {r["分项名称"] for r in rows} == {"三公经费"}
    for t in reports(cookbook, "department_overall"):
        actual = department_figure(t, "sangong_total", "executed")
        if actual is not None:
            assert close(english[key(t)][1], actual / WAN, 6)


def test_20_reports_by_department_type_and_level(cookbook: Cookbook):
    rows = answer(cookbook, "20_")
    want: dict[str, list[Any]] = defaultdict(lambda: [set(), 0])
    for t in reports(cookbook):
        r = t["report"]
        want[r["admin_level"]][0].add(r["department"])
        want[r["admin_level"]][1] += 1
    assert {(r["org_category_zh"], r["department_type_zh"]) for r in rows} == {("行政机关", "局")}
    assert {r["admin_level"]: (r["departments"], r["reports"]) for r in rows} == {
        level: (len(depts), n) for level, (depts, n) in want.items()}


def test_docs_site_is_built_into_the_warehouse(cookbook: Cookbook):
    from typer.testing import CliRunner

    from pipelines.cli import app

    result = CliRunner().invoke(app, ["docs", "--warehouse", str(cookbook.settings.warehouse_dir)])
    assert result.exit_code == 0, result.output
    site = cookbook.settings.warehouse_dir / "docs" / "index.html"
    assert str(site) in result.output and "offline" in result.output
    page = site.read_text(encoding="utf-8")
    for node in ("model.jixiao.fct_sangong", "model.jixiao.stg_amounts", "model.jixiao.int_report_versions",
                 "source.jixiao.landing.amounts", "seed.jixiao.grade_bands"):
        assert node in page, node
    assert '"child_map"' in page and '"parent_map"' in page  # lineage
    assert '"send_anonymous_usage_stats": false' in page  # no tracking calls from the page
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page)  # nothing fetched from the network
    # the published warehouse is untouched: still no staging schema
    with duckdb.connect(str(cookbook.settings.published_path), read_only=True) as con:
        schemas = {r[0] for r in con.execute("select schema_name from duckdb_schemas() where not internal").fetchall()}
    assert "staging" not in schemas and "marts_zh" in schemas


def test_docs_without_a_published_warehouse_says_what_to_do(tmp_path: Path):
    from typer.testing import CliRunner

    from pipelines.cli import app

    result = CliRunner().invoke(app, ["docs", "--warehouse", str(tmp_path)])
    assert result.exit_code == 1 and "run `jixiao run` first" in result.output
