"""Money figures in layouts met in the third study set (glossed mirrors, bare 万 cells, expense
items written in 元 under a 万元 form, transfer-payment fund rows, narrative wordings).

Every name and figure here is invented for the tests.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers.glosses import strip_glosses
from pipelines.readers.text import document_from_text
from pipelines.readers.traditional import simplify_document


def _parse(text: str) -> ParsedReport:
    doc = document_from_text(text, source_path="t.txt", file_sha256="3" * 64, fmt="txt", encoding="utf-8")
    return parse_document(simplify_document(strip_glosses(doc)))  # as read_document does


def _money(report: ParsedReport) -> list[tuple[str | None, Decimal]]:
    return sorted(((a.fund_source, a.value) for a in report.amounts if a.kind == "money"),
                  key=lambda t: (t[0] or "", t[1]))


def _values(report: ParsedReport) -> set[Decimal]:
    return {a.value for a in report.amounts if a.kind == "money"}


# A 湖南-style cover sheet copied from a mirror site: Traditional script with a pinyin gloss
# inside words, one cell per line, and an expense-detail column written in 元.
GLOSSED_COVER = "\n\n".join([
    "某縣財(cái)政支出項(xiàng)目績效評價(jià)自評報(bào)告",
    "評價(jià)類型:項(xiàng)目實(shí)施過程評價(jià)□ 項(xiàng)目完成結(jié)果評價(jià)□√",
    "項(xiàng)目名稱 示例巡護專項(xiàng)", "項(xiàng)目單位 某縣示例局", "主管部門 某縣示例局",
    "評價(jià)方式:部門(單位)績效自評", "某縣財(cái)政局(制)",
    "一、項(xiàng) 目 基 本 概 況",
    "計(jì)劃安排資金", "(萬元)", "30", "實(shí)際到位資金", "(萬元)", "30",
    "實(shí)際支出", "(萬元)", "28", "結(jié)余(萬元)", "2",
    "二、項(xiàng)目支出明細(xì)情況",
    "支出內(nèi)容", "實(shí)際支出數(shù)", "會計(jì)憑證號", "備注",
    "巡護宣傳", "120000", "3月5號",
    "巡護設備", "160000", "6月2號",
    "支出合計(jì)", "280000",
    "三、項(xiàng)目績效自評情況",
])


def test_pinyin_glosses_are_dropped() -> None:
    doc = simplify_document(strip_glosses(document_from_text(GLOSSED_COVER, source_path="t.txt", file_sha256="3" * 64,
                                                             fmt="txt", encoding="utf-8")))
    assert "(cái)" not in doc.text and "计划安排资金" in doc.text


def test_glossed_cover_sheet_reads_its_funds_and_items_in_yuan() -> None:
    report = _parse(GLOSSED_COVER)
    values = _values(report)
    assert {Decimal(300000), Decimal(280000), Decimal(20000)} <= values  # 万元 fund grid
    assert {Decimal(120000), Decimal(160000)} <= values  # 支出合计 280000 = 28 万元: the items are in 元
    assert not [v for v in values if v >= Decimal(1_000_000)]  # nothing read as 120000 万元


def test_items_keep_the_form_unit_when_their_total_matches_it() -> None:
    text = GLOSSED_COVER.replace("120000", "12").replace("160000", "16").replace("280000", "28")
    values = _values(_parse(text))
    assert {Decimal(120000), Decimal(160000)} <= values


def test_cells_with_a_bare_wan_under_a_wanyuan_header() -> None:
    text = "\n".join([
        "示例补助资金转移支付项目绩效目标自评表 | |||",
        "(2024年度) | |||",
        "资金使用单位 | 某县示例中心 | |||",
        "资金投入情况(万元) | 全年预算数(A) | 全年执行数(B) | 预算执行率(B/A×100%) |",
        "年度资金总额: | 120.5万 | 118万 | 97.93% |",
        "其中:中央财政资金 | 80万 | 80万 | 100% |",
        "地方资金 | 40.5万 | 38万 | 93.83% |",
        "其他资金 | | | |",
    ])
    got = _money(_parse(text))
    assert (None, Decimal(1205000)) in got and (None, Decimal(1180000)) in got
    assert ("central", Decimal(800000)) in got
    assert ("local", Decimal(405000)) in got and ("local", Decimal(380000)) in got


def test_glued_transfer_payment_rows_include_local_funds() -> None:
    text = ("示例补助转移支付区域(项目)绩效目标自评表(2023年度)资金使用单位某市示例局资金投入情况(万元)"
            "全年预算数(A)全年执行数(B)预算执行率(B/A×100%)年度资金总额:6060100%其中:中央财政资金4040100%"
            "地方资金2020100%其他资金资金管理情况")
    got = _money(_parse(text))
    assert ("local", Decimal(200000)) in got
    assert (None, Decimal(600000)) in got


def test_narrative_wordings_of_own_money() -> None:
    report = _parse("本项目共完成预算资金95000元,其中村级组织运转45000元,村级工作目标奖励30000元,"
                    "村级事务补助20000元。")
    assert Decimal(30000) in _values(report)  # a reward the unit pays out is its spending, not money won
    dept = _parse("一、部门基本概况\n(三)年度财政收支:全年实际收入512.3万元,其中财政拨款收入500万元;"
                  "全年实际支出498.6万元。")
    got = {(a.measure, a.value) for a in dept.amounts}
    assert ("revenue_total", Decimal(5123000)) in got
    alloc = _parse("根据因素法测算,分配甲区12万元,乙区8万元,共计20万元,统筹用于示例服务体系建设。")
    assert Decimal(200000) in _values(alloc)


def test_property_at_risk_is_not_the_units_money() -> None:
    report = _parse("全县共有示例隐患点12处,威胁总户数30户,威胁财产 880 万元。我局安排巡查经费6万元。")
    assert Decimal(8800000) not in _values(report)
    assert Decimal(60000) in _values(report)
    assert [o for o in report.other_figures if o.value == Decimal(8800000)]


def test_glued_rows_with_nothing_spent_and_a_rate_written_to_the_whole_percent() -> None:
    text = ("示例补助转移支付区域(项目)绩效目标自评表(2023年度)资金使用单位某市示例局资金投入情况(万元)"
            "全年预算数(A)全年执行数(B)预算执行率(B/A×100%)年度资金总额:742331.00%其中:中央财政资金12000%"
            "地方资金2323100%其他资金资金管理情况")
    got = _money(_parse(text))
    assert (None, Decimal(740000)) in got and (None, Decimal(230000)) in got  # 23 / 74 = 31.08 %, written 31.00 %
    assert ("central", Decimal(1200000)) in got and ("central", Decimal(0)) in got  # 120 | 0 | 0 %


def test_a_figure_compared_with_its_indicator_is_an_indicator_value() -> None:
    report = _parse("产出指标完成情况。市级示例物资储备88万元,高于控制指标20万元;下达示例经费40万元,已全部拨付。")
    assert _values(report) == {Decimal(400000)}
    assert {o.value for o in report.other_figures} >= {Decimal(880000)}
