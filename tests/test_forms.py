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


def _read(name: str) -> ParsedReport:
    return parse_document(read_document(FIXTURES / name))


def _money(report: ParsedReport) -> dict[tuple, Decimal]:
    return {(a.measure, a.phase, a.fund_source, a.detail): a.value for a in report.amounts
            if a.kind == "money" and a.origin == "table"}


def test_cover_sheet_with_label_value_pairs_and_a_label_repeated_per_column() -> None:
    """湖南-style 项目绩效评价自评报告 cover, one cell per line: 计划安排资金 (万元) 250 实际到位资金 …, then
    each fund source written once per column (省财政 200 省财政 200 省财政 190 省财政 10), then 支出明细."""
    report = _read("cover_sheet_pairs.txt")
    got = _money(report)
    assert got[("project_expenditure", "approved", None, None)] == Decimal(2500000)
    assert got[("funds_received", "executed", None, None)] == Decimal(2500000)
    assert got[("project_expenditure", "executed", None, None)] == Decimal(2384000)
    assert got[("balance_year_end", "executed", None, None)] == Decimal(116000)
    assert got[("project_expenditure", "executed", "provincial", None)] == Decimal(1900000)
    assert got[("balance_year_end", "executed", "provincial", None)] == Decimal(100000)
    assert got[("funds_received", "executed", "county", None)] == Decimal(500000)
    assert not [k for k in got if k[2] in ("central", "municipal", "other")]  # their cells are empty
    assert got[("project_expenditure", "executed", None, "下半年救助金发放")] == Decimal(1174000)
    assert len([k for k in got if k[3]]) == 3  # 支出合计 restates the spending: not read twice
    assert report.report.report_kind == "project" and report.report.fiscal_year == 2018
    (project,) = report.projects
    assert (project.project_name, project.implementing_unit, project.received_total) == (
        "困难群众救助", "某区民政局", Decimal(2500000))
    assert not [a for a in report.amounts if a.value == Decimal(13800000000)]  # the phone number


def test_department_form_with_circled_column_numbers_and_a_two_line_header() -> None:
    """福建-style 部门整体支出绩效自评表, a row per line: ① … ⑦ columns with formulas, 小计 after 年中调整金额,
    row labels with circled digits, 合 计 split by a space, indicator header split over two lines."""
    report = _read("dept_form_circled.txt")
    got = _money(report)
    assert got[("expenditure_total", "approved", None, None)] == Decimal(2105000)
    assert got[("expenditure_total", "adjustment", None, None)] == Decimal(123000)
    assert got[("expenditure_total", "adjusted", None, None)] == Decimal(2228000)
    assert got[("expenditure_total", "executed", None, None)] == Decimal(2201000)
    assert got[("balance_year_end", "executed", None, None)] == Decimal(27000)
    assert got[("basic_expenditure", "executed", None, None)] == Decimal(1519000)
    assert got[("project_expenditure", "adjusted", None, None)] == Decimal(700000)
    assert got[("expenditure_total", "executed", "fiscal_appropriation", None)] == Decimal(2201000)
    rates = {a.value for a in report.amounts if a.measure == "execution_rate"}
    assert rates >= {Decimal("98.79"), Decimal("97.43"), Decimal("99.41")}
    assert report.report.report_kind == "department_overall"
    assert report.report.department == "某市某某中心"
    rows = [t for t in report.targets if t.target_kind != "execution"]
    assert [(t.level2, t.target_value, t.actual_text, t.weight, t.score) for t in rows] == [
        ("数量指标", Decimal(8), "9场", Decimal(10), Decimal(10)),
        ("数量指标", Decimal(12), "12次", Decimal(10), Decimal(10)),
        ("质量指标", Decimal(100), "98%", Decimal(10), Decimal(8))]
    assert rows[2].deviation == "个别问题整改周期长"


def test_project_form_of_label_value_pairs_in_pipe_rows() -> None:
    """四川 2019 项目绩效目标完成情况表 copied as `|` rows: 预算数: | 85 | 执行数: | 83.6, fund rows repeated per
    column, indicator rows whose merged level-1 cell is missing (aligned by type)."""
    report = _read("project_form_kv_pipe.txt")
    assert _money(report) == {
        ("project_expenditure", "approved", None, None): Decimal(850000),
        ("project_expenditure", "executed", None, None): Decimal(836000),
        ("project_expenditure", "approved", "fiscal_appropriation", None): Decimal(850000),
        ("project_expenditure", "executed", "fiscal_appropriation", None): Decimal(836000)}
    rows = report.targets
    assert [(t.level2, t.level3, t.operator, t.target_value, t.target_unit, t.actual_text) for t in rows] == [
        ("数量指标", "维护执法记录仪数量", "=", Decimal(60), "台", "62台"),
        ("质量指标", "设备完好率", ">=", Decimal(95), "%", "97%"),
        ("时效指标", "维护完成时间", "<=", Decimal(12), "月", "12月20日"),
        ("成本指标", "运行维护经费", "<=", Decimal(850000), "yuan", "83.6万元"),
        ("服务对象满意度指标", "群众满意度", ">=", Decimal(90), "%", "93%")]
    assert report.projects[0].objective_text == "保障执法装备正常运行"
    assert not [a for a in report.amounts if a.value == Decimal(850000) and a.origin == "narrative"]


def test_department_form_with_income_and_spending_side_by_side() -> None:
    """A second header 按收入性质分 全年执行数 按支出性质分 全年执行数: each row holds two label-value pairs."""
    from pipelines.readers.text import document_from_text

    text = ("部门整体支出绩效自评表\n（2021年度）\n部门名称 某县某局\n"
            "年度预算执行情况（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n"
            "年度资金总额 500 520 510 10 98.08% 9.81\n按收入性质分 全年执行数 按支出性质分 全年执行数\n"
            "其中：一般公共预算 480 其中：基本支出 300\n其他资金 30 项目支出 210\n总分 100 95.3\n")
    report = parse_document(document_from_text(text, source_path="t.txt", file_sha256="2" * 64, fmt="txt",
                                               encoding="utf-8"))
    assert _money(report) == {
        ("expenditure_total", "approved", None, None): Decimal(5000000),
        ("expenditure_total", "adjusted", None, None): Decimal(5200000),
        ("expenditure_total", "executed", None, None): Decimal(5100000),
        ("expenditure_total", "executed", "fiscal_appropriation", None): Decimal(4800000),
        ("expenditure_total", "executed", "other", None): Decimal(300000),
        ("basic_expenditure", "executed", None, None): Decimal(3000000),
        ("project_expenditure", "executed", None, None): Decimal(2100000)}
    assert (report.report.report_kind, report.report.self_score) == ("department_overall", Decimal("95.3"))
    assert all(a.subject_type == "department" for a in report.amounts)


def test_a_form_whose_cells_lost_their_separators_yields_no_made_up_figure() -> None:
    """OCR'd or copied text with the cells glued together: the score is still read from 总分, and a
    glued row (50 | 50 | 10 | 100% as 505010100%) is no rate of 505010100 %."""
    from pipelines.readers.text import document_from_text

    text = ("1、项目支出绩效自评表(2020 年度)项目名称某某专项经费主管部门某区某局实施单位某区某中心项目资金 (万元)"
            "年初预算数全年预算数全年执行分值执行率得分年度资金总额505010100%其中:当年财政拨款505050100%"
            "上年结转资金其他资金年度 总体 目标预期目标实际完成情况已完成满意度指标100%100%2020总分10097\n")
    report = parse_document(document_from_text(text, source_path="t.txt", file_sha256="4" * 64, fmt="txt",
                                               encoding="utf-8"))
    assert not [a for a in report.amounts if a.kind == "rate" and a.value > 1000]
    assert report.report.self_score == Decimal(97)
    # the glued runs are read back only where the rate proves the split: 50 | 50 (| 10 | 100%)
    glued = [a for a in report.amounts if a.kind == "money" and a.origin == "table"]
    assert {a.value for a in glued} == {Decimal(500000)}
    assert all(text[a.char_start:a.char_end] == "50" for a in glued)


@pytest.mark.parametrize(("row", "money", "phases"), [
    ("年度资金总额:353510100.00%10", ["35", "35"], ["adjusted", "executed"]),
    ("年度资金总额:120801066.67%7", ["120", "80"], ["adjusted", "executed"]),
    ("执行率(B/A)52.552.552.5100%", ["52.5", "52.5", "52.5"], ["approved", "adjusted", "executed"]),
])
def test_a_glued_funds_row_is_read_back_when_its_rate_proves_the_split(row: str, money: list[str],
                                                                          phases: list[str]) -> None:
    text = ("项目支出绩效自评表(2022年度)项目名称青藤渠道维修主管部门某县水务局实施单位某县水务局资金情况(万元)"
            f"年初预算数全年预算数(A)全年执行数(B)分值执行率(B/A)得分{row}其他资金年度总体目标\n")
    report = _parse_text(text)
    got = sorted((a.phase, a.value) for a in report.amounts if a.kind == "money" and a.origin == "table")
    assert got == sorted((p, Decimal(m) * 10000) for p, m in zip(phases, money, strict=True))


def test_a_glued_row_with_two_readings_gives_nothing() -> None:
    text = "项目支出绩效自评表(2022年度)项目名称青藤补助资金情况(万元)年度资金总额:111100%其他资金\n"
    report = _parse_text(text)
    assert not [a for a in report.amounts if a.kind == "money" and a.origin == "table"]


def test_the_forms_lexicon_names_only_measures_and_phases_of_the_vocabularies() -> None:
    from pipelines.parsing import lexicon
    from pipelines.parsing.forms.facts import DEFAULT_MEASURE
    from pipelines.parsing.forms.labels import LABELS

    measures = {m.measure for _, m in LABELS if m.measure} | set(DEFAULT_MEASURE.values())
    phases = {m.phase for _, m in LABELS if m.phase}
    assert measures <= set(lexicon.measures()), measures - set(lexicon.measures())
    assert phases <= lexicon.phases(), phases - lexicon.phases()


def _parse_text(text: str) -> ParsedReport:
    from pipelines.readers.text import document_from_text

    return parse_document(document_from_text(text, source_path="t.txt", file_sha256="5" * 64, fmt="txt",
                                             encoding="utf-8"))


def test_year_headed_columns_and_item_rows_one_cell_per_line() -> None:
    """A 基础数据表 one cell per line: the unit caption lost its closing bracket, the columns are years
    (``2021 年决算数`` split by a space; the earlier year is the prior year), the rows are expense items
    the lexicon does not know (written zeros included), and a date row (``2022 年完工项目``) is no figure."""
    cells = ["2022年度部门整体支出绩效评价基础数据表", "经费控制情况(万元", "2021 年决算数", "2022 年预算数",
             "2022 年决算数", "三公经费:", "0", "0", "0", "1、公务接待", "0", "0", "0", "项目支出:", "310.50",
             "120.00", "402.75", "公用经费", "60.20", "45.00", "71.30", "其中:办公经费", "12.40", "11.00", "13.85",
             "水费、电费、差旅费", "3.60", "4.00", "5.15", "楼堂馆所控制情况", "2022 年完工项目", "预算投资", "(万元"]
    report = _parse_text("青藤县青藤镇人民政府2022年度部门整体支出绩效自评\n\n" + "\n\n".join(cells) + "\n")
    got = _money(report)
    assert got[("project_expenditure", "prior_year", None, None)] == Decimal(3105000)
    assert got[("project_expenditure", "approved", None, None)] == Decimal(1200000)
    assert got[("project_expenditure", "executed", None, None)] == Decimal(4027500)
    assert got[("expenditure_total", "prior_year", None, "其中:办公经费")] == Decimal(124000)
    assert got[("expenditure_total", "executed", None, "水费、电费、差旅费")] == Decimal(51500)
    assert got[("expenditure_total", "approved", None, "1、公务接待")] == Decimal(0)
    assert not [a for a in report.amounts if a.kind == "money" and a.value in (Decimal(20220000), Decimal(2022))]


def test_a_group_heading_with_its_own_total_and_a_glued_sub_row() -> None:
    """按支出性质分:1800.5 carries its own figure; ``其中:基本支出:900.25`` glues label and value."""
    text = ("2022年度部门整体支出绩效自评表\n\n预算部门、单位名称\n\n青藤县青藤乡人民政府\n\n年度预算申请\n\n(万元\n\n"
            "年初预算数\n\n全年预算数\n\n全年执行数\n\n分值\n\n执行率\n\n自评得分\n\n年度资金总额\n\n700.10\n\n1900.00\n\n"
            "1900.00\n\n10\n\n100%\n\n10\n\n按收入性质分:1900.00\n\n按支出性质分:1800.50\n\n其中: 一般公共预算:1300.40\n\n"
            "其中:基本支出:900.25\n\n项目支出:900.25\n\n其他资金:599.60\n\n年度总体目标\n\n预期目标\n\n实际完成情况\n")
    report = _parse_text(text)
    values = {a.value for a in report.amounts if a.kind == "money"}
    assert {Decimal(18005000), Decimal(9002500), Decimal(13004000), Decimal(5996000), Decimal(7001000)} <= values
    assert report.report.report_kind == "department_overall"


def test_jumbled_pdf_form_numbers_right_after_the_header_are_rows_not_pairs() -> None:
    """PDF text whose columns came out jumbled: the header's labels, then the rows' numbers, then the
    row labels; the unit (元) and the 实施单位 value come after; a number after a name field is no name."""
    text = ("财政项目支出绩效自评表 (2022 年度) 青藤场馆运营结算 项目名称 主管部门 某市某区文化局 "
            "年初预算数 全年预算数 全年执行数 分值 执行率 得分 180000.00 180000.00 162,300.5 10 9.02 "
            "180000.00 180000.00 162300.5 — 上年结转资金 0 0 — 其他资金 0 0 — 年度资金总额 项目资金 (元) "
            "某市某区青藤中心 实施单位 其中:当年财政拨款 预期目标 年度 总体 目标 90.17% 实际完成情况 已完成结算。\n")
    report = _parse_text(text)
    got = _money(report)
    assert got[("project_expenditure", "approved", None, None)] == Decimal(180000)
    assert got[("project_expenditure", "executed", None, None)] == Decimal("162300.5")
    assert got[("project_expenditure", "executed", "fiscal_appropriation", None)] == Decimal("162300.5")
    assert got[("project_expenditure", "approved", "carryover", None)] == Decimal(0)
    assert all(a.source_unit == "元" for a in report.amounts if a.kind == "money" and a.origin == "table")


def test_a_number_after_a_name_field_is_not_the_unit() -> None:
    text = ("项目支出绩效自评表\n（2021年度）\n项目名称 青藤补助\n主管部门 某县某局\n实施单位 8,120\n"
            "项目资金（万元） 年初预算数 全年预算数 全年执行数 分值 执行率 得分\n年度资金总额 10 10 9 10 90% 9\n总分 100 95\n")
    report = _parse_text(text)
    assert report.report.department != "8,120"
    assert "8,120" not in {p.implementing_unit for p in report.projects}


def test_a_money_cell_left_empty_without_a_placeholder_is_found_by_the_rate() -> None:
    """One cell per line, the 全年执行数 cell empty and gone: 40 40 10 100% 10 is 年初 40, 全年 40, (执行 —),
    分值 10, 执行率 100%, 得分 10 — not 执行 10, which the written rate contradicts."""
    cells = ["项目支出绩效自评表", "( 2021年度)", "项目名称", "青藤检测经费", "实施单位", "某县某局", "项目资金", "(万元)",
             "年初预算数", "调整预算数", "全年执行数", "分值", "执行率", "得分", "年度资金总额", "40", "40", "10", "100%", "10",
             "总分", "100", "98"]
    report = _parse_text("\n".join(cells) + "\n")
    got = _money(report)
    assert got[("project_expenditure", "approved", None, None)] == Decimal(400000)
    assert got[("project_expenditure", "adjusted", None, None)] == Decimal(400000)
    assert ("project_expenditure", "executed", None, None) not in got
    # a row whose rate fits its cells keeps them
    cells[15:20] = ["40", "40", "36", "90%", "9"]
    got = _money(_parse_text("\n".join(cells) + "\n"))
    assert got[("project_expenditure", "executed", None, None)] == Decimal(360000)


def test_period_words_before_column_labels() -> None:
    """本年预算数 / 本年决算数 are this year's, 上年决算数 the prior year's; rows per line, spaces between cells."""
    text = ("2023年度部门整体支出绩效评价基础数据表\n经费控制情况（万元） 上年决算数 本年预算数 本年决算数\n"
            "项目支出 210.40 180.00 236.15\n公用经费 35.20 30.00 33.80\n会议费 2.10 2.00 1.95\n")
    got = _money(_parse_text(text))
    assert got[("project_expenditure", "prior_year", None, None)] == Decimal(2104000)
    assert got[("project_expenditure", "approved", None, None)] == Decimal(1800000)
    assert got[("public_expenditure", "executed", None, None)] == Decimal(338000)
    assert got[("expenditure_total", "executed", None, "会议费")] == Decimal(19500)


def test_expense_items_with_a_code_column_and_prose_after_the_table() -> None:
    """A cover sheet's 支出明细 flattened onto one line: 支出内容 (经济科目) 计划支出数 实际支出数, an economic
    classification code before the item, then the report's text: no code, no number of the prose is money."""
    text = ("青藤县青藤协会2019年度协管员补贴项目绩效自评报告\n"
            "项目名称 协管员补贴 项目单位 青藤县青藤协会 实际到位资金(万元) 18.6 实际支出(万元) 18.6 "
            "二、项目支出明细情况 支出内容 (经济科目) 计划支出数 实际支出数 30399 协管员工作补贴 18.6 18.6 "
            "支出合计 18.6 18.6 三、项目考评情况 (一)项目基本情况 根据县政府办公会(2012.4 号)通过,各村选聘 1 名协管员,"
            "每名协管员每年补贴为 600 元。\n")
    values = {a.value for a in _parse_text(text).amounts if a.kind == "money"}
    assert Decimal(186000) in values
    assert not values & {Decimal(303990000), Decimal(3039900), Decimal(10000), Decimal(6000000), Decimal(600)}
