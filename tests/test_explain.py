"""`jixiao explain`: each figure beside the sentence it came from, and the findings."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from pipelines.cli import app

REPORT = (
    "宁都县科技局2022年度部门整体支出绩效自评报告\n"
    "一、收支情况\n"
    "本年基本支出100万元，其中人员经费80万元，公用经费30万元。\n"
    "二、存在的问题\n"
    "企业研发投入3.5亿元，本局仍需加强管理。\n"
)


def explain(*args: str) -> str:
    result = CliRunner().invoke(app, ["explain", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_explain_shows_figures_with_their_sentence_and_the_findings(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = explain(str(path))
    assert "宁都县科学技术局" in out and "2022" in out
    assert "basic_expenditure" in out and "personnel_expenditure" in out
    assert "其中人员经费80万元" in out  # the sentence beside the figure
    assert "Other figures" in out and "3.5亿元" in out  # enterprise money kept apart
    assert "basic_equals_personnel_plus_public" in out
    assert "存在的问题" in out and "(problems)" in out


def test_explain_json_has_every_record(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    data = json.loads(explain(str(path), "--json"))
    assert data["report"]["department"] == "宁都县科学技术局"
    assert [a["measure"] for a in data["amounts"]] == ["basic_expenditure", "personnel_expenditure", "public_expenditure"]
    assert data["amounts"][1]["char_start"] == REPORT.index("80万元")


def test_explain_says_why_a_file_would_be_quarantined(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert "would be quarantined: empty file" in explain(str(path))


def test_explain_shows_a_flattened_project_form_cell_by_cell() -> None:
    """A 项目支出绩效自评表 flattened onto one line: the funds block, every indicator row and the score,
    each beside the cell (row) it was read from."""
    from tests import form_fixture as fx

    path = Path(__file__).parent / "fixtures" / "forms" / "project_form_oneline.txt"
    out = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["explain", str(path)]).output
    assert "Table figures by phase" in out
    for row in ("total", "fiscal_appropriation", "carryover"):
        assert row in out
    for written in ("120万元", "135.5万元", "130.08万元", "112.3万元", "17.78万元"):
        assert written in out
    assert "年度资金总额: 120 135.5 130.08 10 96% 9.6" in out  # the row beside its figures
    for _, _, level3, *_ in fx.INDICATORS:
        assert level3 in out
    assert "≥1.1万元" not in out and "≤1.1万元 → <= 11000 yuan" in out
    assert "部分村道路面老化，下一步加大投入" in out
    assert "project 95.6/100 优" in out and "总分 100 95.6" in out
    data = json.loads(explain(str(path), "--json"))
    assert len([t for t in data["targets"] if t["target_kind"] != "execution"]) == len(fx.INDICATORS)
    assert data["report"]["self_score"] == "95.6" and data["report"]["grade"] == "优"
