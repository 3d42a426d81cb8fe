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


# ---------------------------------------------------------------- money whose label names no measure
# Every money mention is either the unit's own money (a known measure, else read by its words) or
# an other figure with a reason (pipelines/parsing/money_words.py). Sentences invented for the tests.


def money(text: str) -> list[tuple]:
    """(measure, phase, value, subject_name, detail) of the money amounts."""
    return [(a.measure, a.phase, a.value, a.subject_name, a.detail) for a in parse(text).amounts if a.kind == "money"]


def others(text: str) -> list[tuple[Decimal, str]]:
    return [(o.value, o.reason) for o in parse(text).other_figures if o.source_unit != "%"]


def test_unknown_label_is_generic_funds_with_its_name_as_detail() -> None:
    assert money("本单位年中追加预算82.5万元，支出7.4万元。") == [
        ("funds", "adjustment", Decimal("825000"), None, None),
        ("funds", "executed", Decimal("74000"), None, None),
    ]
    assert money("下达中央资金684.27万元。") == [("funds", "approved", Decimal("6842700"), None, "中央资金")]


def test_budget_cut_is_a_negative_adjustment() -> None:
    assert money("年初预算安排专项经费80万元，年中调减预算5万元。") == [
        ("project_expenditure", "approved", Decimal("800000"), None, None),
        ("project_expenditure", "adjustment", Decimal("-50000"), None, None),
    ]


def test_funds_named_by_their_purpose_are_a_project_of_the_unit() -> None:
    got = money("本单位落实婚姻调解工作经费5.8万元，巾帼宣讲活动经费34.5万元。")
    assert got == [
        ("project_expenditure", "approved", Decimal("58000"), "婚姻调解工作经费", None),
        ("project_expenditure", "approved", Decimal("345000"), "巾帼宣讲活动经费", None),
    ]


def test_allocation_list_parts_keep_the_total_phase_and_name_the_recipient() -> None:
    got = money("市财政局下达乡村道路补助资金共计260万元，其中：甲镇100万元、乙镇90万元、丙镇70万元。")
    assert [g[1] for g in got] == ["approved"] * 4
    assert [g[2] for g in got] == [Decimal(v) for v in ("2600000", "1000000", "900000", "700000")]
    assert [g[4] for g in got[1:]] == ["甲镇", "乙镇", "丙镇"]
    assert {g[3] for g in got} == {"乡村道路补助资金"}


def test_fund_sources_are_details_of_the_generic_measure() -> None:
    got = money("本项目总投资1.2亿元，其中中央资金8000万元、省级资金2000万元。")
    assert got == [
        ("funds", "approved", Decimal("120000000"), None, None),  # only phase words: no detail
        ("funds", "approved", Decimal("80000000"), None, "中央资金"),
        ("funds", "approved", Decimal("20000000"), None, "省级资金"),
    ]


def test_received_balance_and_carryover_words_name_their_measure() -> None:
    got = money("该项目资金实际到位150万元。已支付135.6万元，结余14.4万元。本年结转资金12万元。")
    assert [(g[0], g[1], g[2]) for g in got] == [
        ("funds_received", "executed", Decimal("1500000")),
        ("project_expenditure", "executed", Decimal("1356000")),
        ("balance_year_end", "executed", Decimal("144000")),
        ("carryover_prior_year", "executed", Decimal("120000")),
    ]


def test_name_after_the_number_and_purpose() -> None:
    assert money("同时拨付了1万元驻村工作队经费。") == [
        ("project_expenditure", "executed", Decimal("10000"), "驻村工作队经费", None)]
    assert money("50万元的办公设备购置经费已全部支付。")[0][3] == "办公设备购置经费"
    assert money("拨付50万元用于村级道路维修。") == [("funds", "executed", Decimal("500000"), None, "村级道路维修")]


def test_counted_projects_name_their_money() -> None:
    got = money("组织实施2批区级应急攻关项目37项、资金80万元。")
    assert got == [("project_expenditure", "executed", Decimal("800000"), "区级应急攻关项目", None)]


def test_a_project_report_keeps_unlabelled_money_as_the_projects() -> None:
    text = "某某县文化馆2021年度免费开放项目支出绩效自评报告\n一、项目资金情况\n中央资金684.27万元，地方投入795.38万元。"
    got = [(a.measure, a.subject_type, a.detail, a.value) for a in parse(text).amounts if a.kind == "money"]
    assert got == [
        ("project_expenditure", "project", "中央资金", Decimal("6842700")),
        ("project_expenditure", "project", "地方投入", Decimal("7953800")),
    ]


@pytest.mark.parametrize("sentence, reason_word", [
    ("全年GDP达到125.6亿元。", "enterprise"),
    ("带动社会投资3200万元。", "enterprise"),
    ("为辖区企业争取上级资金850万元。", "enterprise"),
    ("向合作社发放贷款500万元。", "enterprise"),
    ("实现旅游综合收入5.21亿元。", "income"),
    ("按照每人每月300元的标准发放生活补贴。", "per-unit"),
    ("生均公用经费标准为小学650元、初中850元。", "per-unit"),
    ("每名协管员在岗期间每年的工作补贴为 600 元。", "per-unit"),
    ("按每个行政村(社区)15万元标准核定。", "per-unit"),
    ("成本指标：项目成本控制在50万元以内。", "target"),
    ("项目预计投资10-20万元。", "range"),
    ("固定资产原值356.2万元，净值120.4万元。", "asset"),
    ("通过政府采购节约资金12.5万元。", "saving"),
    ("估算投资400,600.00万元。", "estimate"),
    ("其中知识产权补助119.5万元，由市场监管局兑现。", "another body"),
])
def test_money_that_is_not_the_units_is_an_other_figure_with_a_reason(sentence: str, reason_word: str) -> None:
    parsed = parse(sentence)
    assert [a for a in parsed.amounts if a.kind == "money"] == []
    assert parsed.other_figures and all(reason_word in o.reason for o in parsed.other_figures if o.source_unit != "%")


def test_money_won_is_the_projects_own_in_a_project_report_but_not_for_firms() -> None:
    text = "某某市档案馆2017年度档案数字化项目支出绩效自评报告\n争取到市级档案数字化经费42万元，用于更换服务器。为企业争取研发补贴资金30万元。"
    parsed = parse(text)
    assert [a.value for a in parsed.amounts if a.kind == "money"] == [Decimal("420000")]
    assert [o.value for o in parsed.other_figures] == [Decimal("300000")]
    # in a department's account of its work, money won is somebody else's (firms, towns)
    assert [a for a in parse("争取上级项目资金42万元。").amounts if a.kind == "money"] == []


def test_a_list_of_not_ours_figures_goes_on_until_a_semicolon() -> None:
    parsed = parse("获批市级青藤扶贫项目27项、资金430万元，青藤特派团项目2项、资金80万元；本局安排配套经费15万元。")
    assert [a.value for a in parsed.amounts if a.kind == "money"] == [Decimal("150000")]
    assert sorted(o.value for o in parsed.other_figures) == [Decimal("800000"), Decimal("4300000")]


def test_a_figure_without_a_name_or_phase_word_stays_an_other_figure() -> None:
    parsed = parse("2、7万元,其中人员经费5.8万元。")
    assert [a.value for a in parsed.amounts if a.kind == "money"] == [Decimal("58000")]
    assert [o.reason for o in parsed.other_figures] == ["no measure or class label"]


def test_bare_revenue_is_the_units_total() -> None:
    assert money("2023年收入1362088.41元，其中财政拨款收入1340077.52元。")[0][:3] == (
        "revenue_total", "executed", Decimal("1362088.41"))


@pytest.mark.parametrize("written, value, unit", [
    ("300万兀", "3000000", "万兀"),  # OCR
    ("5.8萬元", "58000", "萬元"),  # Traditional script left unconverted
    ("50万人民币", "500000", "万"),
    ("12千元", "12000", "千元"),
    ("836. 52万元", "8365200", "万元"),  # PDF text broke the number at its point
])
def test_unit_variants_and_spaced_numbers(written: str, value: str, unit: str) -> None:
    (a,) = [a for a in parse(f"本单位项目支出{written}。").amounts]
    assert (a.value, a.source_unit) == (Decimal(value), unit)


def test_a_sentence_that_opens_with_an_item_gives_it_the_figures() -> None:
    assert money("（1）农村环境整治项目，年初预算50万元，全年支出48.5万元。") == [
        ("project_expenditure", "approved", Decimal("500000"), "农村环境整治项目", None),
        ("project_expenditure", "executed", Decimal("485000"), "农村环境整治项目", None),
    ]


def test_a_count_of_projects_is_not_a_project_name() -> None:
    got = money("年初批复预算6个项目734万元，调整预算后项目预算842.19万元。")
    assert [(g[0], g[1], g[3]) for g in got] == [("funds", "approved", None), ("funds", "adjusted", None)]


def test_money_won_as_a_part_of_the_units_funding_is_its_own() -> None:
    got = money("项目总投资3000万元，其中争取中央资金2000万元，县级配套1000万元。")
    assert [g[2] for g in got] == [Decimal("30000000"), Decimal("20000000"), Decimal("10000000")]
    assert [o for o in others("项目总投资3000万元，其中为企业争取补助50万元。")] == [
        (Decimal("500000"), "not the department's own money (enterprise, loan, contract or funds won)")]


def test_figures_that_open_their_clause_are_named_by_their_purpose() -> None:
    text = "某某镇2022年度委托业务项目支出绩效自评报告\n本项目共申请预算资金90万元。其中:30万元用于预算编制;29.99万元用于工程审计。"
    got = [(a.phase, a.value, a.detail) for a in parse(text).amounts if a.kind == "money"]
    assert got == [("approved", Decimal("900000"), None), ("approved", Decimal("300000"), "预算编制"),
                   ("approved", Decimal("299900"), "工程审计")]


def test_digits_of_glued_cells_are_no_rate() -> None:
    parsed = parse("经费使用情况12001200100%，执行率100%。")  # (inside a form the form reader claims the run)
    assert [a.value for a in parsed.amounts if a.kind == "rate" and a.value > 1000] == []
    assert "implausible percentage (digits run together)" in {o.reason for o in parsed.other_figures}


def test_a_per_unit_standard_naming_a_table_item_is_not_that_items_amount() -> None:
    """A cover sheet's 支出明细 names an item; a sentence giving the item's rate per person stays a rate."""
    text = ("某县青藤协会2020年度协管员补贴项目绩效自评报告\n支出内容 计划支出数 实际支出数\n协管员工作补贴 18.6 18.6\n"
            "支出合计 18.6 18.6\n\n设定每村选聘一名协管员，每名协管员在岗期间每年的工作补贴为 600 元，年底发放。\n")
    parsed = parse(text)
    assert Decimal(600) not in {a.value for a in parsed.amounts if a.kind == "money"}
    assert Decimal(600) in {o.value for o in parsed.other_figures}


def test_a_total_after_a_per_unit_standard_is_the_units_money() -> None:
    text = "青藤小学2022年度专项资金绩效自评价报告\n我校2022年按生均800元安排,共计96万元,其中上级资金72万元,本级24万元。\n"
    parsed = parse(text)
    assert sorted(a.value for a in parsed.amounts if a.kind == "money") == [Decimal(240000), Decimal(720000),
                                                                            Decimal(960000)]
    assert [o.value for o in parsed.other_figures] == [Decimal(800)]


def test_a_hard_wrapped_paragraph_keeps_a_label_broken_off_from_its_figure() -> None:
    """Text copied from a PDF with a line break at a fixed width: the label 非税成本 is cut after 非税."""
    para = ("我中心的专项资金用于保障传染病、地方病、慢性病等防治与监测工作,以及突发公共卫生事件应急处理,扩大免疫"
            "规划,基本公共卫生服务管理、指导与培训等工作的开展。2022年财政预算我单位专项资金:扩大免疫规划经费12.5"
            "万元、食品安全监测、其他、杂项、非税成本8万元、农村饮用水水质监测3.2万元、慢病防控等21.06万元,均已执行完毕。")
    cut = para.index("成本8万元")
    width = next(w for w in range(30, 46) if cut % w == 0)  # a line ends right after 非税
    lines = [para[i: i + width] for i in range(0, len(para), width)]
    text = "青藤县疾病预防控制中心2022年度专项资金绩效自评报告\n" + "\n".join(lines) + "\n"
    values = {a.value for a in parse(text).amounts if a.kind == "money"}
    assert {Decimal(80000), Decimal(125000), Decimal(210600)} <= values


def test_lines_of_a_list_or_a_table_are_not_joined_as_wrapped_prose() -> None:
    from pipelines.readers.text import document_from_text

    text = ("1.2022年部门财政拨款收支预算总表\n2.2022年部门一般公共预算支出预算表\n3.2022年部门一般公共预算基本支出预算表\n"
            "年度资金总额: 55 55 55 10 100% 10\n其中:本年财政拨款 55 55 55 - 100% -\n")
    doc = document_from_text(text, source_path="t.txt", file_sha256="f" * 64, fmt="txt", encoding="utf-8")
    assert all("\n" not in text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph")
