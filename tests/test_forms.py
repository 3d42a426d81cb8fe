"""The standard project form (项目支出绩效自评表, 财预〔2020〕10号 template) in every shape it
arrives in: real tables (.docx, .xlsx, .xls, .html, .pdf) and flattened text (one tab-indented
cell per line, one cell per line without tabs, space-aligned rows, ``|`` rows, the whole form on
one line). Each must yield the whole funds block, every indicator row, the score and the grade
(tests/form_fixture.py holds the form and what must be read). Parser-level: no pipeline runs.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers import read_document
from pipelines.samples.form_shapes import SHAPES, suffix, write_form
from tests import form_fixture as fx

FIXTURES = Path(__file__).parent / "fixtures" / "forms"
HAND_WRITTEN = ["project_form_oneline.txt", "project_form_pipe.txt"]


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ParsedReport, str]]:
    base = tmp_path_factory.mktemp("forms")
    out = {}
    for shape in SHAPES:
        path = write_form(fx.project_form_items(), base / f"form_{shape}.{suffix(shape)}", shape)
        doc = read_document(path)
        out[shape] = (parse_document(doc), doc.text)
    for name in HAND_WRITTEN:
        doc = read_document(FIXTURES / name)
        out[name] = (parse_document(doc), doc.text)
    return out


CASES = list(SHAPES) + HAND_WRITTEN


@pytest.mark.parametrize("case", CASES)
def test_funds_block_lands_as_amounts_with_cell_provenance(parsed, case: str) -> None:
    report, text = parsed[case]
    money = [a for a in report.amounts if a.measure == "project_expenditure"]
    got = {(a.fund_source, a.phase): a.value for a in money}
    assert got == fx.FUNDS_YUAN
    assert len(money) == len(fx.FUNDS_YUAN)
    for a in money:
        assert a.subject_type == "project" and a.subject_name == fx.PROJECT
        assert a.origin == "table" and a.source_unit == "万元"
        assert text[a.char_start:a.char_end] == a.source_value  # the span is the number in its cell
    (rate,) = [a for a in report.amounts if a.measure == "execution_rate"]
    assert rate.value == Decimal(96) and rate.kind == "rate" and rate.subject_name == fx.PROJECT


@pytest.mark.parametrize("case", CASES)
def test_every_indicator_row_lands_as_a_target(parsed, case: str) -> None:
    report, text = parsed[case]
    rows = [t for t in report.targets if t.target_kind != "execution"]
    assert len(rows) == len(fx.TARGETS)
    for t, (level2, kind, op, value, unit, weight, score) in zip(rows, fx.TARGETS, strict=True):
        assert (t.level2, t.target_kind, t.operator, t.target_value, t.target_unit, t.weight, t.score) == (
            level2, kind, op, value, unit, weight, score), t
        assert t.project_name == fx.PROJECT and t.level3 and t.actual_text
        assert t.target_text in text[t.char_start:t.char_end] or text[t.char_start:t.char_end] in t.target_text
    assert [t.level1 for t in rows] == ["产出指标"] * 5 + ["效益指标"] * 2 + ["满意度指标"]
    assert [t.level3 for t in rows][:2] == ["日常养护里程", "修复坑槽面积"]
    assert rows[5].deviation == "部分村道路面老化，下一步加大投入"
    assert all(t.deviation is None for k, t in enumerate(rows) if k != 5)
    assert rows[0].actual_value == Decimal(126) and rows[2].actual_unit == "%"
    (execution,) = [t for t in report.targets if t.target_kind == "execution"]
    assert (execution.level1, execution.weight, execution.score, execution.actual_value) == (
        "预算执行", Decimal(10), Decimal("9.6"), Decimal(96))


@pytest.mark.parametrize("case", CASES)
def test_score_grade_kind_and_project_row(parsed, case: str) -> None:
    report, _ = parsed[case]
    r = report.report
    assert (r.report_kind, r.self_score, r.grade, r.fiscal_year) == ("project", fx.SCORE, fx.GRADE, 2023)
    (score,) = [s for s in report.scores if s.score == fx.SCORE]
    assert (score.scope, score.subject_name, score.max_score) == ("project", fx.PROJECT, Decimal(100))
    (project,) = [p for p in report.projects if p.origin == "form"]
    assert (project.project_name, project.supervising_department, project.supervising_code,
            project.implementing_unit, project.implementing_code) == (
        fx.PROJECT, "青禾县交通运输局", "318", "青禾县公路事业发展中心", "318002")
    assert (project.budget_total, project.budget_adjusted, project.actual_total) == (
        Decimal(1200000), Decimal(1355000), Decimal(1300800))
    assert project.objective_text == fx.EXPECTED_TEXT and project.achievement_text == fx.ACHIEVED_TEXT


@pytest.mark.parametrize("case", CASES)
def test_form_cells_are_not_read_again_as_narrative_or_generic_tables(parsed, case: str) -> None:
    report, _ = parsed[case]
    # ≤1.1万元 is a cost target, not money of the project; the form table is no project funding table.
    assert not [a for a in report.amounts if a.value == Decimal(11000) or a.value == Decimal(10300)]
    assert not [p for p in report.projects if p.origin != "form"]
    assert not [o for o in report.other_figures if o.value in (Decimal(11000), Decimal(10300))]


def test_the_form_unit_comes_from_a_caption_or_header() -> None:
    from pipelines.readers.text import document_from_text

    text = ("项目支出绩效自评表\n金额单位：元\n项目名称 某某经费 年初预算数 全年预算数 全年执行数 "
            "年度资金总额 50000 50000 48000 总分 96\n")
    report = parse_document(document_from_text(text, source_path="t.txt", file_sha256="1" * 64, fmt="txt",
                                               encoding="utf-8"))
    values = sorted(a.value for a in report.amounts if a.measure == "project_expenditure")
    assert values == [Decimal(48000), Decimal(50000), Decimal(50000)]
    assert report.report.self_score == Decimal(96)
