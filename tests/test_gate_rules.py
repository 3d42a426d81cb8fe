"""The quality gate's rules on real runs (Prefect, dbt, Great Expectations), one warehouse:

1. a batch of project self-evaluation forms from which no money figure is extracted
   (txt, docx, html, xlsx) publishes, with one warning per such report;
2. a county department's budget written as 480567000000万元 is held back with a reason that
   shows the figure, its sentence and the bound, while the rest publishes (with the five real
   reference reports, when ../shared/seeds is there, and an absurd copy of one of them);
3. changing an expectation suite releases the report it had held, and the run says so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines import run_state
from pipelines.cli import app, out, print_summary
from pipelines.parsing import parse_document
from pipelines.readers import read_document
from pipelines.samples import generate_report
from pipelines.samples.render_formats import write_report
from pipelines.settings import EXPECTATIONS_DIR, Settings
from tests.conftest import seed_files
from tests.pipeline_runs import published, run

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_api")]

ABSURD = "480567000000万元"
COUNTY_CEILING = "max_value: 3.0e+11"
FORM = """{dept}{year}年度项目支出绩效自评表
项目名称：{project}
主管部门：{dept}
\t一级指标
\t二级指标
\t三级指标
\t年度指标值
\t实际完成值
\t得分

\t产出指标
\t数量指标
\t{indicator}
\t≥{target}次
\t{actual}次
\t20

\t满意度指标
\t服务对象满意度指标
\t参与群众满意度
\t≥90%
\t96%
\t10

自评得分：{score}分
"""
# Invented project self-evaluation forms: department, year, indicators and a score, no money.
FORMS = {
    "form 1.txt": ("泰顺县科学技术局", 2023, "科普示范基地建设", "举办科普活动", 10, 12, 94),
    "form 2.txt": ("信丰县科学技术局", 2021, "科技特派员服务", "开展技术培训", 8, 9, 92),
    "form 3.txt": ("开福区科学技术局", 2020, "创新券补助服务", "受理企业申请", 30, 34, 90),
    "form 4.docx": ("岳阳市科学技术局", 2022, "农业科技示范推广", "建设示范点", 5, 5, 93),
    "form 5.html": ("浏阳市教育局", 2021, "校园安全宣传教育", "开展安全演练", 6, 6, 95),
    "form 6.xlsx": ("万州区科学技术局", 2024, "科技成果转化服务", "组织成果对接会", 4, 5, 91),
}


def cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def summary_text(summary: dict) -> str:
    with out.capture() as captured:
        print_summary(summary)
    return captured.get()


def absurd_copy(text: str) -> str:
    """``text`` with its largest money figure (number and unit as written) replaced by 480567000000万元."""
    parsed = parse_document(read_document_text(text))
    largest = max((a for a in parsed.amounts if a.kind == "money"), key=lambda a: a.value)
    written = largest.source_value + largest.source_unit
    at = text.index(written, largest.char_start)
    return text[:at] + ABSURD + text[at + len(written):]


def read_document_text(text: str):  # noqa: ANN201 - a Document
    from pipelines.readers.text import document_from_text

    return document_from_text(text, source_path="report.txt", file_sha256="0" * 64, fmt="txt", encoding="utf-8")


def county_report() -> str:
    """A generated department report of a county department (the first such seed)."""
    for seed in range(100, 200):
        text, _ = generate_report(seed, kind="department_overall")
        if parse_document(read_document_text(text)).report.admin_level == "county":
            return text
    raise AssertionError("the generator gave no county report")


@pytest.fixture(scope="module")
def rules(tmp_path_factory: pytest.TempPathFactory, prefect_api: str) -> dict:
    base = tmp_path_factory.mktemp("rules")
    raw, expectations = base / "raw", base / "expectations"
    raw.mkdir()
    shutil.copytree(EXPECTATIONS_DIR, expectations)
    settings = Settings(raw_dir=raw, warehouse_dir=base / "warehouse", expectations_dir=expectations)
    found: dict = {"settings": settings}

    # 1. forms that yield no money figure
    for name, (dept, year, project, indicator, target, actual, score) in FORMS.items():
        text = FORM.format(dept=dept, year=year, project=project, indicator=indicator, target=target,
                           actual=actual, score=score)
        write_report(text, raw / name, Path(name).suffix[1:])
    found["forms"] = run(settings)
    found["forms_reports"] = published(settings, "select source_file from dim_report order by 1")
    found["forms_amounts"] = published(settings, "select count(*) from fct_budget_amounts where kind = 'money'")[0][0]
    found["forms_warnings"] = published(settings, """
        select r.source_file from dq_results q join dim_report r using (report_id)
        where q.suite = 'report_figures' and not q.success and q.severity = 'warning' order by 1""")
    found["forms_dq"] = cli("dq", "--warehouse", str(settings.warehouse_dir))
    found["forms_text"] = summary_text(found["forms"])

    # 2. an absurd figure in a county report (and the real reports with an absurd copy of one). The
    # absurd copy is the same report (department, year, kind), ordered after the original: it is the
    # version the marts would publish, so the gate must see it (dim_report keeps current versions only).
    county = county_report()
    (raw / "a county report.txt").write_text(county, encoding="utf-8")
    (raw / "county absurd.txt").write_text(absurd_copy(county), encoding="utf-8")
    seeds = seed_files()
    if seeds:
        (raw / "seeds").mkdir()
        for path in seeds:
            shutil.copy(path, raw / "seeds" / path.name)
        county_seed = next(p for p in seeds if read_document(p).text and
                           parse_document(read_document(p)).report.admin_level == "county")
        (raw / "seeds" / "absurd copy.txt").write_text(absurd_copy(read_document(county_seed).text), encoding="utf-8")
    found["seeds"] = [f"seeds/{p.name}" for p in seeds]
    found["absurd"] = run(settings)
    found["absurd_reports"] = {r[0] for r in published(settings, "select source_file from dim_report")}
    found["absurd_quarantine"] = cli("quarantine", "--warehouse", str(settings.warehouse_dir))

    # 3. the rules change: the county ceiling is raised, the held reports are checked again
    suite = expectations / "plausibility.yml"
    text = suite.read_text(encoding="utf-8")
    assert text.count(COUNTY_CEILING) == 1
    suite.write_text(text.replace(COUNTY_CEILING, "max_value: 1.0e+16"), encoding="utf-8")
    found["relaxed"] = run(settings)
    found["relaxed_reports"] = {r[0] for r in published(settings, "select source_file from dim_report")}
    found["relaxed_text"] = summary_text(found["relaxed"])
    found["nothing_new_after"] = run_state.nothing_new(settings, run_state.plan_run(settings))
    return found


# --- 1. reports without money figures ---------------------------------------------------------


def test_forms_without_money_figures_publish(rules: dict) -> None:
    s = rules["forms"]
    assert s["published"] is True, s.get("blocked_reason")
    assert s["files"]["loaded"] == len(FORMS) and s["files"]["quarantined"] == 0
    assert [r[0] for r in rules["forms_reports"]] == sorted(FORMS)
    assert rules["forms_amounts"] == 0


def test_each_form_without_money_gets_one_warning(rules: dict) -> None:
    assert [r[0] for r in rules["forms_warnings"]] == sorted(FORMS)  # in dq_results, one per report
    by_report = {w["file"]: w["warnings"] for w in rules["forms"]["validation"]["warnings_by_report"]}
    for name in FORMS:  # in the run summary
        assert sum("no money figure was extracted" in w for w in by_report[name]) == 1, name
        assert f"warning {name}: no money figure was extracted" in rules["forms_text"]
    dq = rules["forms_dq"]  # in `jixiao dq`
    assert "no money figure was extracted" in dq
    for name in FORMS:
        assert f"{name}: money_figures = 0" in dq


# --- 2. an impossible figure -------------------------------------------------------------------


def test_an_absurd_county_figure_is_held_back_and_the_rest_publishes(rules: dict) -> None:
    s = rules["absurd"]
    assert s["published"] is True, s.get("blocked_reason")
    held = {h["file"]: h["reason"] for h in s["held_by_quality"]}
    expected_held = {"county absurd.txt"} | ({"seeds/absurd copy.txt"} if rules["seeds"] else set())
    assert set(held) == expected_held
    assert rules["absurd_reports"] == set(FORMS) | {"a county report.txt", *rules["seeds"]}
    for reason in held.values():
        assert ABSURD in reason  # the figure as written, in its sentence
        assert "above the ceiling for a county department, 3×10¹¹ 元" in reason and "value ≤ 3×10¹¹" in reason
        assert "= 4.81×10¹⁵ 元 in “" in reason


def test_the_five_reference_reports_publish_beside_their_absurd_copy(rules: dict) -> None:
    if not rules["seeds"]:
        pytest.skip("the real reference reports (../shared/seeds) are not available")
    assert len(rules["seeds"]) == 5
    assert set(rules["seeds"]) <= rules["absurd_reports"]
    assert "seeds/absurd copy.txt" not in rules["absurd_reports"]


def test_quarantine_command_shows_the_figure_and_the_bound(rules: dict) -> None:
    output = rules["absurd_quarantine"]
    assert "county absurd.txt" in output and ABSURD in output
    assert "ceiling for a county" in output and "3×10¹¹" in output


# --- 3. rules change ---------------------------------------------------------------------------


def test_changing_a_suite_releases_the_reports_it_held(rules: dict) -> None:
    s = rules["relaxed"]
    assert s["published"] is True, s.get("blocked_reason")
    changed = s["rules_changed"]
    expected = ["county absurd.txt"] + (["seeds/absurd copy.txt"] if rules["seeds"] else [])
    assert sorted(changed["released"]) == sorted(expected)
    assert changed["rechecked"] == len(expected) and changed["still_held"] == []
    assert s["files"]["quarantined"] == 0
    assert set(expected) <= rules["relaxed_reports"]
    assert "Quality rules changed" in rules["relaxed_text"] and "released county absurd.txt" in rules["relaxed_text"]
    assert rules["nothing_new_after"] is True  # the next run under the same rules has nothing to do
