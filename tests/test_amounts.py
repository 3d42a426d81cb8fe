"""Narrative figures -> amounts: measure, phase, class code, exact value, provenance.

Sentences here are written for the tests (the real reports are tested in test_seeds.py).
"""

from decimal import Decimal

import pytest

from pipelines.parsing import parse_document
from pipelines.readers.text import document_from_text


def parse(text: str):
    doc = document_from_text(text, source_path="t.txt", file_sha256="f" * 64, fmt="txt", encoding="utf-8")
    return parse_document(doc)


def rows(text: str) -> list[tuple]:
    return [(a.measure, a.phase, a.func_code or a.econ_code, a.value) for a in parse(text).amounts]


def test_total_with_parts_after_qizhong_inherit_the_phase() -> None:
    got = rows("本年度部门预算支出500.50万元，其中基本支出300万元，项目支出200.50万元。")
    assert got == [
        ("expenditure_total", "approved", None, Decimal("5005000")),
        ("basic_expenditure", "approved", None, Decimal("3000000")),
        ("project_expenditure", "approved", None, Decimal("2005000")),
    ]


def test_functional_breakdown_gets_codes_and_shares() -> None:
    got = rows("全年项目支出总计1,200.00万元。其中：科学技术支出1000万元，占比83.33%；住房保障支出200万元，占比16.67%。")
    assert got == [
        ("project_expenditure", "executed", None, Decimal("12000000")),
        ("project_expenditure", "executed", "206", Decimal("10000000")),
        ("project_expenditure", "share", "206", Decimal("83.33")),
        ("project_expenditure", "executed", "221", Decimal("2000000")),
        ("project_expenditure", "share", "221", Decimal("16.67")),
    ]


def test_economic_breakdown_and_full_width_digits() -> None:
    got = rows("基本支出中工资福利支出１２０．５万元，商品和服务支出３０万元。")
    assert got == [
        ("basic_expenditure", "executed", "301", Decimal("1205000")),
        ("basic_expenditure", "executed", "302", Decimal("300000")),
    ]


def test_decreases_are_negative_and_rates_attach_to_their_measure() -> None:
    got = rows("三公经费实际支出6.5万元，较上年减少1.5万元，下降18.75%。")
    assert got == [
        ("sangong_total", "executed", None, Decimal("65000")),
        ("sangong_total", "yoy_change", None, Decimal("-15000")),
        ("sangong_total", "yoy_change_rate", None, Decimal("-18.75")),
    ]


def test_units_yuan_and_yi() -> None:
    got = rows("收入总额1,234,567.89元。资产总计1.2亿元。")
    assert got == [
        ("revenue_total", "executed", None, Decimal("1234567.89")),
        ("assets_total", "stated", None, Decimal("120000000")),
    ]


def test_enterprise_money_is_not_an_amount() -> None:
    parsed = parse("全县规上企业研发投入5.2亿元，技术合同成交额3000万元，本局项目支出80万元。")
    assert [(a.measure, a.value) for a in parsed.amounts] == [("project_expenditure", Decimal("800000"))]
    assert sorted(o.value for o in parsed.other_figures) == [Decimal("30000000"), Decimal("520000000")]


def test_provenance_span_points_at_the_figure() -> None:
    text = "一、情况\n本年度三公经费预算为4.2万元。"
    parsed = parse(text)
    (a,) = parsed.amounts
    assert text[a.char_start:a.char_end] == "4.2万元"
    assert a.sentence == "本年度三公经费预算为4.2万元。"
    assert a.section == "情况"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("本局编制12人，在职在编人员10人，退休人员3人。", [("staff_authorized", None, 12), ("staff_actual", None, 10), ("staff_retired", None, 3)]),
        ("共有编制9名，其中行政编制5名，事业编制4名。", [("staff_authorized", None, 9), ("staff_authorized", "行政编制", 5), ("staff_authorized", "事业编制", 4)]),
    ],
)
def test_staffing(sentence: str, expected: list[tuple]) -> None:
    got = [(a.measure, a.detail, int(a.value)) for a in parse(sentence).amounts]
    assert got == expected


def test_headcount_breakdown_that_does_not_add_up_is_a_finding() -> None:
    parsed = parse("共有编制9名，其中行政编制5名，事业编制3名。")
    assert [f.rule for f in parsed.findings] == ["headcount_breakdown_sums"]
    assert parsed.findings[0].left_value == 9 and parsed.findings[0].right_value == 8


def test_parts_that_do_not_add_up_to_the_total_are_a_finding() -> None:
    parsed = parse("本年基本支出100万元，其中人员经费80万元，公用经费30万元。")
    assert [f.rule for f in parsed.findings] == ["basic_equals_personnel_plus_public"]


def test_wrong_share_is_a_finding() -> None:
    parsed = parse("本年基本支出100万元，其中：人员经费80万元，占基本支出的70%；公用经费20万元，占基本支出的20%。")
    (finding,) = parsed.findings
    assert finding.rule == "share_matches_amount"
    assert (finding.left_value, finding.right_value) == (Decimal("70"), Decimal("80.00"))


def test_a_line_naming_the_measure_sets_the_context_for_the_figures_after_it() -> None:
    got = rows("一、情况\n1．收入预算。本年年初预算数300万元，其中：事业收入0万元。收入较去年减少20万元。\n")
    assert got == [
        ("revenue_total", "approved", None, Decimal("3000000")),
        ("revenue_total", "approved", None, Decimal("0")),
        ("revenue_total", "yoy_change", None, Decimal("-200000")),
    ]


def test_a_comparison_carries_to_the_next_figures_of_the_sentence() -> None:
    got = rows("支出较去年减少30万元，主要是基本支出减少20万元，项目支出减少10万元。")
    assert got == [
        ("expenditure_total", "yoy_change", None, Decimal("-300000")),
        ("basic_expenditure", "yoy_change", None, Decimal("-200000")),
        ("project_expenditure", "yoy_change", None, Decimal("-100000")),
    ]
