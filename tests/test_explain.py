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
