"""Department, region, fiscal year, kind, date and scores of a report."""

import datetime as dt
from decimal import Decimal

from pipelines.parsing import parse_document
from pipelines.readers.text import document_from_text


def parse(text: str):
    return parse_document(document_from_text(text, source_path="t.txt", file_sha256="e" * 64, fmt="txt", encoding="utf-8"))


def test_short_department_name_takes_the_region_named_elsewhere() -> None:
    r = parse("县科技局2022年度部门整体支出绩效自评报告\n一、概况\n本局是宁都县人民政府工作部门，宁都县科技工作由本局负责。\n").report
    assert r.department == "宁都县科学技术局"
    assert r.department_raw == "县科技局"
    assert (r.region_code, r.province, r.city, r.county, r.admin_level) == ("360730", "江西省", "赣州市", "宁都县", "county")
    assert r.fiscal_year == 2022
    assert r.report_kind == "department_overall"


def test_city_department_and_date_in_chinese_numerals() -> None:
    r = parse("株洲市教育局2023年度部门整体支出绩效自评报告\n二〇二四年五月十二日\n一、概况\n").report
    assert r.department == "株洲市教育局"
    assert (r.region_code, r.admin_level) == ("430200", "city")
    assert r.report_date == dt.date(2024, 5, 12)


def test_project_report_and_scores_with_grade() -> None:
    parsed = parse("某项目2021年度项目支出绩效自评报告\n一、情况\n经评价，该项目自评得分为88.5分，评价等级为“良”。\n")
    r = parsed.report
    assert r.report_kind == "project"
    assert (r.self_score, r.grade) == (Decimal("88.5"), "良")
    assert [(s.scope, s.score) for s in parsed.scores] == [("project", Decimal("88.5"))]


def test_grade_that_contradicts_the_score_is_a_finding() -> None:
    parsed = parse("一、自评\n部门整体支出绩效自评得分为75分，自评结论为“优”。\n")
    assert [f.rule for f in parsed.findings] == ["grade_matches_score"]


def test_a_notice_is_kind_other() -> None:
    assert parse("关于开展2022年度预算绩效自评工作的通知\n各单位：请按要求报送。\n").report.report_kind == "other"


def test_sections_have_levels_parents_and_topics() -> None:
    parsed = parse("一、部门概况\n（一）主要职能\n负责科技工作。\n二、存在的问题\n问题较多。\n三、改进措施\n加强管理。\n")
    got = [(s.level, s.number, s.title, s.parent_seq, s.topic) for s in parsed.sections]
    assert got == [
        (1, "一、", "部门概况", None, "overview"),
        (2, "（一）", "主要职能", 1, "overview"),
        (1, "二、", "存在的问题", None, "problems"),
        (1, "三、", "改进措施", None, "measures"),
    ]
    assert parsed.sections[2].text == "问题较多。"
