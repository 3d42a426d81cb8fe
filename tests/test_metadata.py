"""Department, region, fiscal year, kind, date and scores of a report."""

import datetime as dt
from decimal import Decimal

import pytest

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


# --- the reporting unit, wherever the report names it (invented units, real regions) -----------

def test_unit_from_the_title_beats_the_page_publisher() -> None:
    r = parse("发布机构: 宁都县财政局\n发布日期: 2023-04-20\n宁都县青藤数据服务中心2022年度部门整体支出绩效自评报告\n"
              "一、基本情况\n我中心是宁都县财政局主管的事业单位。\n").report
    assert (r.department, r.region_code, r.fiscal_year) == ("宁都县青藤数据服务中心", "360730", 2022)
    assert r.published_date == dt.date(2023, 4, 20)


def test_unit_from_a_form_field_with_a_budget_code() -> None:
    r = parse("项目支出绩效自评表（2021年度）\n项目名称 山塘整治\n主管部门 318-宁都县水务局 实施单位 318006-宁都县青石镇人民政府\n"
              "项目资金（万元） 年初预算数 全年预算数 全年执行数\n").report
    assert (r.department, r.admin_level, r.town, r.region_code) == ("青石镇人民政府", "town", "青石镇", "360730")
    assert (r.fiscal_year, r.report_kind) == (2021, "project")


def test_unit_field_in_flattened_cells_and_glued_labels() -> None:
    cells = parse("项目支出绩效自评表(2023年度) |\n项目名称 |\n青藤研学补助 |\n主管部门 |\n信丰县教育局本级 |\n"
                  "实施单位 (盖章) |\n信丰县青藤实验小学 |\n").report
    assert cells.department == "信丰县青藤实验小学"
    glued = parse("项目支出绩效自评表(2020年度)项目名称设备更新主管部门宁都县青藤剧团实施单位宁都县文化馆机关项目资金\n").report
    assert glued.department == "宁都县文化馆"


def test_short_name_completed_from_the_page_publisher() -> None:
    r = parse("- 发布机构: 宁都县地震监测中心\n- 发布日期: 2022-05-01\n县地震监测中心2021年度部门整体支出绩效自评报告\n"
              "一、基本情况\n本中心编制12人。\n").report
    assert (r.department, r.department_raw, r.region_code) == ("宁都县地震监测中心", "县地震监测中心", "360730")


def test_unit_named_only_by_an_alias_definition_and_self_references() -> None:
    r = parse("2022年度部门整体支出绩效自评报告\n株洲市青藤职业技术学校（以下简称“青藤职校”）按要求开展自评。\n"
              "我校2022年收入合计1200万元。\n我校教职工85人。\n").report
    assert r.department == "株洲市青藤职业技术学校"


def test_town_government_named_by_its_town_and_county_elsewhere() -> None:
    r = parse("林下经济奖补资金项目支出绩效自评报告\n一、项目概况\n柳溪镇现有干部职工40人。县财政局下达柳溪镇奖补资金20万元，"
              "经镇党委、镇政府研究，柳溪镇将资金用于产业发展。\n宁都县财政局负责监督。\n").report
    assert (r.department, r.admin_level, r.region_code) == ("柳溪镇人民政府", "town", "360730")


# --- the fiscal year, never a date or a number -----------------------------------------------

@pytest.mark.parametrize(("text", "year"), [
    ("索引号: 1136/2023-00012\n发布日期: 2023-05-01\n宁都县青藤中心2022年度部门整体支出绩效自评报告\n", 2022),
    ("财预〔2020〕10号\n关于宁都县青藤中心部门整体支出绩效自评的报告\n一、概况\n2021年度全年支出100万元。\n", 2021),
    ("项目支出绩效自评报告\n评价年度：2019\n填报日期：2020年4月25日\n根据宁财绩〔2020〕3号文件\n", 2019),
    ("项目名称 低保专项\n项目起止时间 2016年1月起至2016年12月止\n报告日期：2017年7月15日\n", 2016),
    ("宁都县青藤中心2018绩效评价自评报告\n来源：财务科 2019-07-09 16:55\n", 2018),
    ("项目绩效自评报告\n根据《2023年度预算绩效管理工作方案》要求，本项目于2022年10月30日下达资金。\n", 2022),
])
def test_fiscal_year_traps(text: str, year: int) -> None:
    assert parse(text).report.fiscal_year == year


def test_no_fiscal_year_from_document_numbers_or_publication_dates() -> None:
    r = parse("发布日期: 2024-03-25\n宁都县预算绩效管理办法（试行）\n宁财预〔2023〕8号\n第一条 为规范管理，制定本办法。\n")
    assert r.report.fiscal_year is None


# --- department: the unit against its superiors and the site ----------------------------------

def test_a_supervisor_repeated_on_every_sheet_does_not_outweigh_the_title() -> None:
    sheet = "项目支出绩效自评表(2022年度)\n项目名称 青藤项目{n}\n主管部门 宁都县文化局\n年初预算数 全年预算数 全年执行数\n"
    text = "宁都县青藤事业管理中心2022年度项目自评价\n\n" + sheet.format(n=1) + "\n" + sheet.format(n=2)
    assert parse(text).report.department == "宁都县青藤事业管理中心"


def test_the_unit_using_the_funds_is_the_unit_not_its_supervisors() -> None:
    text = ("青藤补助资金绩效自评表\n(2024年度)\n转移支付(项目)名称 | 青藤补助资金 |\n中央主管部门 | 青藤部 |\n"
            "地方主管部门 | 江西省青藤厅 赣州市青藤局 |\n资金使用单位 | 赣州市宁都县青藤局 |\n")
    assert parse(text).report.department == "宁都县青藤局"


def test_the_government_above_a_centre_is_not_the_centre() -> None:
    text = ("财政资金项目支出绩效自评报告\n根据通知要求，我中心对省级决策咨询专项的支出情况进行了自评。\n"
            "省青藤研究中心是省人民政府直属研究机构，为省委、省政府提供决策咨询；起草省委、省政府文件；"
            "承办省委、省政府交办的事项；对省委、省政府决策跟踪反馈。\n")
    assert parse(text).report.department == "省青藤研究中心"


def test_a_site_name_glued_to_the_page_title_is_not_the_unit() -> None:
    text = ("青藤娱乐城中心_青藤网-【官网平台】2022年度林业改革发展资金绩效自评报告\n发布机构：宁都县林业局\n"
            "一、基本情况\n我局按要求开展自评。\n")
    assert parse(text).report.department == "宁都县林业局"


# --- kinds and their reasons -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "reason"), [
    ("宁都县青藤中心2021年度部门决算\n第一部分 部门概况\n第四部分 部门绩效评价情况\n", "budget disclosure"),
    ("宁都县青藤中心2022年部门预算\n一、收入支出预算总表\n二、项目支出绩效目标表\n", "budget disclosure"),
    ("青藤补助项目支出绩效目标表（2022年度）\n一级指标 二级指标 三级指标 指标值\n", "performance target"),
    ("宁都县财政局关于青藤项目绩效目标的批复\n你单位申报的项目绩效目标审核得分为95分。\n", "performance target"),
    ("关于开展2022年度预算绩效自评工作的通知\n各单位：请按要求报送自评报告。\n", "notice"),
    ("宁都县预算绩效管理办法（试行）\n第一章 总则\n", "policy"),
    ("青藤项目2021年度重点绩效评价报告\n受宁都县财政局委托，我所开展评价。\n", "third-party"),
    ("青藤项目资金\n绩效评价报告\n受宁都县财政局委托，恒远诚信咨询有限公司成立评价组。\n", "third-party"),
    ("宁都县青藤中心召开2022年度绩效自评工作推进会\n会议要求……\n", "news"),
    ("宁都县财政局全面开展2023年县级财政支出绩效评价工作\n日前，宁都县财政局启动绩效评价工作，部门整体支出自评价经三方审核。\n",
     "news"),
    ("根据要求，我厅开展了2020年度绩效自评。\n附件：1.青藤中心2020年度部门整体支出绩效自评报告\n"
     "2.青藤项目支出绩效自评报告\n", "summary notice"),
    ("【项目支出绩效自评表填写样例】本文介绍自评表的填写方法。\n", "guide"),
    ("宁都县青藤中心2023年度部门预算执行情况绩效自评整改报告\n一、基本情况\n自评得分为88.5分。现将整改情况报告如下：\n",
     "rectification"),
    ("各有关单位：\n根据上级文件要求及学校工作部署，现将我校项目绩效自评材料报送工作相关事宜通知如下：\n一、报送材料\n1.项目支出绩效自评表\n2.项目绩效自评报告\n"
     "请各单位于5月10日前报送。\n附件：1.项目支出绩效自评表.xlsx\n2.项目绩效自评报告参考提纲.docx\n", "summary notice"),
    ("各乡镇人民政府：\n现将《青藤县绩效评价管理办法》印发给你们，请认真贯彻执行。\n第一章 总 则\n第一条 为规范管理制定本办法。\n"
     "第二条 本办法适用于各单位。\n第三条 绩效评价遵循公开原则。\n", "notice"),
    ("还剩1页未读\n省级部门预算项目支出绩效目标表(2023年度)一级项目名称青藤补助主管部门宁都县文旅局项目开始日期2023-01-01"
     "项目完成日期2023-12-31预算申报数20万元保障运行年度绩效目标提升服务一级指标二级指标三级指标指标目标值\n",
     "performance target"),
    ("青藤项目绩效评价表\n此处填写项目名称 项目绩效评价表\n项目名称 项目承担单位\n一、项目概况（文字说明：简要说明目标及完成情况。）\n"
     "二、支出内容（此处填写资金的具体支出情况）\n三、目标完成情况 一级指标 分值 得分\n", "blank form"),
    ("为支持青藤防疫工作，上级共下达我县青藤中心专项经费120.5万元。\n一、评价工作情况\n宁都县财政局组成了绩效评价工作组，"
     "在汇总项目单位上报的自评报告基础上开展评价。\n二、绩效情况\n项目自评得分为92分，评价等级为优。\n执行率98%。\n", "finance-bureau"),
    ("宁都县2022年度青藤补助项目\n绩效评价报告\n委托单位：宁都县财政局\n评价机构：恒远诚信会计师事务所\n一、项目基本情况\n"
     "项目预算合计50.5万元。\n", "third-party"),
    ("宁都县2023年县级财政支出绩效评价动态\n日前，从市财政局获悉，县财政局启动绩效评价。\n"
     "部门自评价围绕项目支出和部门整体支出开展。\n", "news"),
    ("自评报告参考格式\n***项目绩效自评报告\n（主管部门自评提纲）\n一、项目概况\n说明项目立项的依据。\n", "guide"),
    ("财政支出项目事前绩效评估报告\n项目名称：青藤推介活动\n项目单位：宁都县青藤局\n申请资金总额：30万元\n", "ex-ante"),
    ("各乡镇财政所、青藤服务中心：\n根据上级通知精神，现将2025年青藤防控补助资金35万元下达给你们，"
     "请各乡镇依据绩效目标做好防控工作。\n附件：1.资金分配表\n", "notice"),
])
def test_look_alikes_are_other_with_a_reason(text: str, reason: str) -> None:
    r = parse(text).report
    assert r.report_kind == "other"
    assert r.kind_reason is not None and r.kind_reason.startswith(reason), r.kind_reason


def test_a_notice_holding_a_real_self_evaluation_keeps_its_kind() -> None:
    r = parse("关于公开2021年度项目绩效自评结果的公告\n项目支出绩效自评表（2021年度）\n项目资金 年初预算数 全年预算数 全年执行数 执行率\n"
              "一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施\n总分 100 自评得分 95 评价结论 优\n").report
    assert r.report_kind == "project" and r.kind_reason.startswith("notice that holds a self-evaluation")


def test_a_budget_disclosure_holding_a_filled_self_evaluation_form_is_that_self_evaluation() -> None:
    text = ("2023年青藤乡人民政府决算编制说明\n100001-青藤县青藤乡人民政府2023年部门决算公开\n附件一\n2023年度部门整体支出绩效评价基础数据表\n"
            "经费控制情况(万元\n2022 年决算数\n2023 年预算数\n2023 年决算数\n附件二\n2023年度部门整体支出绩效自评表\n预算部门、单位名称\n青藤县青藤乡人民政府\n"
            "年初预算数 全年预算数 全年执行数 分值 执行率 自评得分\n年度资金总额 500.00 620.00 610.00 10 98% 9.8\n"
            "年度总体目标\n预期目标\n实际完成情况\n")
    r = parse(text).report
    assert r.report_kind == "department_overall" and r.kind_reason.startswith("budget disclosure that holds")
    toc = parse("青藤县中医院2023年度单位决算\n目录\n一、收入支出决算总表\n二、部门整体支出绩效自评表\n").report
    assert toc.report_kind == "other"


def test_a_repeated_cover_title_is_no_attachment_list() -> None:
    text = ("青藤县人民法院\n2018年度部门整体支出绩效评价报告\n评价单位：青藤县人民法院\n目 录\n附件：部门整体支出绩效评价指标体系评分表\n"
            "青藤县人民法院\n2018年度部门整体支出绩效评价报告\n1.引言\n2018年度支出300.5万元，其中：基本支出200.5万元。\n")
    r = parse(text).report
    assert r.report_kind == "department_overall", r.kind_reason


def test_a_self_evaluation_titled_like_a_budget_form_is_one() -> None:
    r = parse("部门预算项目支出绩效自评表(2023年度)\n项目名称 青藤补助\n").report
    assert (r.report_kind, r.fiscal_year) == ("project", 2023)


# --- page furniture stays out of titles, sections and figures --------------------------------

def test_page_furniture_is_read_and_kept_out() -> None:
    parsed = parse("政务公开 > 财政信息 > 预算绩效\n索引号: | 1136/2023-00012 | 发布机构: | 宁都县青藤中心 |\n"
                   "浏览次数: 1234\n![](data:image/png;base64,iVBORw0KGgo=)\n"
                   "2022年度部门整体支出绩效自评报告\n一、基本情况\n2022年支出合计500万元。\n打印 关闭\n")
    r = parsed.report
    assert r.title == "2022年度部门整体支出绩效自评报告"
    assert (r.department, r.fiscal_year) == ("宁都县青藤中心", 2022)
    assert [s.title for s in parsed.sections] == ["基本情况"]
    assert all(a.char_start > parsed.report.char_count // 3 for a in parsed.amounts)
    assert [a.value for a in parsed.amounts if a.measure == "expenditure_total"] == [Decimal(5000000)]


def test_a_page_author_line_names_the_unit_and_a_deployment_is_no_bureau() -> None:
    text = ("青藤镇2022年度项目支出绩效自评报告\n作者:青藤镇人民政府 | 来源:本网 | 时间:2023-04-27\n一、基本情况\n"
            "这是对城乡发展的再认识和再部署，对社会治理提出了新的要求。\n")
    assert parse(text).report.department == "青藤镇人民政府"


def test_an_autonomous_region_level_word_is_completed_and_the_finance_bureau_is_no_candidate() -> None:
    text = ("一、绩效目标分解下达情况\n财政部下达广西壮族自治区2021年青藤整治资金120万元。\n"
            "收到资金后，自治区青藤环境厅牵头提出分配方案，会同自治区财政厅报审定后下达。\n"
            "根据自治区财政厅的通知，资金用于青藤整治项目。自治区财政厅要求按期完成。\n")
    assert parse(text).report.department == "广西壮族自治区青藤环境厅"


def test_the_publisher_names_a_unit_whose_form_leaves_its_unit_cells_empty() -> None:
    text = ("发文单位: | 宁都县行政审批局 | 发布日期: | 2023年03月02日 |\n项目支出绩效自评表\n(2022年度)\n"
            "项目名称\n青藤大厅运行维护费\n主管部门\n|\n实施单位\n|\n年度资金总额\n80万\n80万\n72.5万\n")
    r = parse(text).report
    assert r.department == "宁都县行政审批局"  # 行政审批局 is a name of its own, not 行政审批服务局
    assert r.report_kind == "project"


def test_a_liaison_office_is_named_past_its_government_and_counted_classes_are_no_units() -> None:
    text = ("一、自评结论\n(一)自评得分\n2022年度该项目绩效自评分为96.5分。\n"
            "1.产出指标完成情况。市人民政府驻青城联络处全年接待来访120人次，拜访青藤协会12余家，走访商会8家。\n"
            "2.效益指标完成情况。市人民政府驻青城联络处为宁都籍在外人员提供服务，宁都市场主体受益。\n")
    r = parse(text).report
    assert r.department is not None and r.department.endswith("人民政府驻青城联络处")
    assert "协会" not in r.department


def test_a_party_prefixed_name_keeps_the_regions_written_after_the_prefix() -> None:
    title = "中国人民政治协商会议江西省宁都县委员会2022年度部门整体支出绩效自评报告"
    r = parse(f"{title}\n一、单位基本情况\n政协宁都县委员会为一级预算单位。\n").report
    assert r.department == "中国人民政治协商会议江西省宁都县委员会"


def test_the_title_spelling_of_a_unit_beats_a_longer_page_header_spelling() -> None:
    text = ("- 中国共产党宁都县委员会党校\n-\n索引号000001/2022-00001\n-\n发布日期2022-09-30\n"
            "中共宁都县委党校2021年整体支出绩效自评报告\n"
            "一、基本情况\n中共宁都县委党校轮训干部1200人次，核定编制15人。\n")
    r = parse(text).report
    assert r.department == "中共宁都县委党校"


@pytest.mark.parametrize(("text", "unit"), [
    # a flattened cover sheet: labels glued to the values before them
    ("财政支出项目绩效评价自评报告评价类型:项目完成结果评价项目名称青藤文化服务保障经费项目单位宁都县青藤文旅局"
     "主管部门宁都县人民政府评价方式:部门(单位)绩效自评\n一、项目基本概况\n", "宁都县青藤文化和旅游局"),
    ("2022年项目绩效自评报告表(实施单位用)填报单位:宁都县青藤防控中心填报日期:2023年3月8日基本情况\n", "宁都县青藤防控中心"),
    # the supervisor, a dash, then the unit that used the money; the publisher said twice counts once
    ("发布机构 | 宁都县青藤农业局 | 发文日期 | 2024-04-15 |\n信息来源 | 宁都县青藤农业局 |\n"
     "青藤防疫项目绩效目标自评表(2023年度)\n主管部门省青藤农业厅资金使用单位县青藤农业局-县青藤兽医服务中心资金投入情况(万元)\n",
     "宁都县青藤兽医服务中心"),
])
def test_glued_form_fields_name_the_unit(text: str, unit: str) -> None:
    assert parse(text).report.department == unit


def test_a_county_portal_office_as_publisher_does_not_outweigh_the_unit() -> None:
    text = ("宁都县2021年青藤抚育项目支出绩效自评报告\n发布时间:2022-11-29 来源:宁都县人民政府办公室\n"
            "一、绩效目标完成情况\n宁都县青藤局及时组织人员开展抚育，我局按期完成任务。\n")
    assert parse(text).report.department == "宁都县青藤局"


def test_bracketed_page_keys_and_a_where_you_are_breadcrumb_are_furniture() -> None:
    text = ("您当前的位置: 部门>青藤局>政务公开>预算/决算>预算\n[ 索引号 ]\n11500000000000000H/2025-00204\n"
            "[ 体裁分类 ]\n财政预算、决算\n[ 发布机构 ]\n宁都县青藤局\n[ 发布日期 ]\n2025-05-30\n"
            "宁都县青藤局2024年度资金绩效自评报告\n一、绩效目标分解下达情况\n下达青藤项目40万元。\n")
    r = parse(text).report
    assert (r.report_kind, r.department, r.fiscal_year) == ("project", "宁都县青藤局", 2024)
    assert r.published_date is not None and r.published_date.isoformat() == "2025-05-30"


def test_a_form_heading_year_beats_a_project_named_by_its_start_year() -> None:
    text = ("宁都县2021年青藤示范县项目补助资金绩效自评\n发文机构\n宁都县青藤局\n日期\n2023-05-29\n"
            "2022年度项目支出绩效自评表\n单位名称:宁都县青藤工作站 填报日期:2023年3月20日\n"
            "项目名称 | 宁都县2021年青藤示范县项目补助资金 |\n")
    assert parse(text).report.fiscal_year == 2022
