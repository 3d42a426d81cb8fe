"""The organisation-name grammar: region prefix + body + institutional suffix (invented bodies)."""

from __future__ import annotations

import pytest

from pipelines.parsing.department import is_abbreviation
from pipelines.parsing.orgnames import expand_short_forms, find_org_names, parse_org_name
from pipelines.parsing.regions import find_regions, lookup, short_name


def names(text: str) -> list[str]:
    return [n.text for n in find_org_names(text)]


@pytest.mark.parametrize(("text", "suffix", "category"), [
    ("信丰县青藤数据服务中心", "中心", "center"),
    ("岳阳县农机安全监理站", "站", "station"),
    ("宁都县晨星科技情报研究所", "研究所", "institute"),
    ("株洲市第九实验小学", "小学", "school"),
    ("信丰县中医院", "中医院", "hospital"),
    ("宁都县黄陂镇卫生院", "卫生院", "hospital"),
    ("宁都县人民法院", "人民法院", "court"),
    ("宁都县人民检察院", "人民检察院", "procuratorate"),
    ("中共宁都县委党校", "党校", "party_school"),
    ("政协宁都县委员会", "委员会", "committee"),
    ("宁都县青年书画协会", "协会", "association"),
    ("宁都县残联", "残联", "association"),
    ("宁都县柳溪镇人民政府", "人民政府", "government"),
    ("池州市贵池区桃源街道办事处", "街道办事处", "street_office"),
    ("宁都县非遗保护传承中心", "中心", "center"),
    ("宁都县文化馆", "馆", "venue"),
    ("宁都县城市管理综合执法大队", "大队", "team"),
    ("宁都县工业园区管理委员会", "管理委员会", "administrative_committee"),
])
def test_every_suffix_type_is_a_name(text: str, suffix: str, category: str) -> None:
    (name,) = find_org_names(f"{text}2022年度部门整体支出绩效自评报告")
    assert (name.text, name.suffix, name.category) == (text, suffix, category)


def test_region_chain_town_and_code_prefix() -> None:
    n = parse_org_name("318006-池州市贵池区柳溪镇人民政府")
    assert n is not None
    assert (n.regions, n.town, n.region.code, n.region.admin_level) == (("池州市", "贵池区"), "柳溪镇", "341702", "town")
    assert n.full_name() == "柳溪镇人民政府"


def test_short_names_of_autonomous_divisions_and_provinces() -> None:
    assert short_name("红河哈尼族彝族自治州") == "红河州"
    n = parse_org_name("红河州云图数据中心")
    assert n is not None and n.region.code == "532500" and n.full_name() == "红河州云图数据中心"
    n = parse_org_name("湖北残疾人联合会")
    assert n is not None and n.region.admin_level == "province" and n.full_name() == "湖北省残疾人联合会"


def test_generic_level_word_waits_for_the_region() -> None:
    (n,) = find_org_names("经研究，县科技局负责全县科普工作")
    assert (n.text, n.generic, n.region) == ("县科技局", "县", None)
    assert n.full_name(lookup("宁都县")) == "宁都县科学技术局"


@pytest.mark.parametrize("text", [
    "存在的不足之处主要有三点", "调整战略布局", "在门户网站公开", "承办各类科技活动", "组建科技人才团队",
    "各乡镇人民政府", "县级以上地方人民政府", "全力保障镇政府运转", "所有单位", "在社会上形成共识",
])
def test_ordinary_words_are_not_names(text: str) -> None:
    assert names(text) == []


def test_names_start_after_prose_and_dates() -> None:
    assert names("2024年，红河州云图数据中心（以下简称“州数据中心”）实施项目15个") == ["红河州云图数据中心", "州数据中心"]
    assert names("于2021年5月8日市财政局下达资金") == ["市财政局"]
    assert names("根据要求区科技局开展了自评") == ["区科技局"]


def test_weak_suffixes_need_a_prefix_or_a_cell_of_their_own() -> None:
    assert names("负责全县农机推广站的业务指导") == []
    assert names("县农机推广站负责业务指导") == ["县农机推广站"]
    assert parse_org_name("青藤农机推广站") is not None  # a form value stands alone


def test_abbreviations_normalise_but_are_not_needed() -> None:
    assert expand_short_forms("科技局") == "科学技术局"
    assert is_abbreviation("农业局", "农业农村局") and not is_abbreviation("财政局", "科学技术局")
    n = parse_org_name("宁都县青藤研学服务中心")  # no table entry: recognised by its suffix
    assert n is not None and n.core == "青藤研学服务中心"


def test_word_like_county_names_need_their_city() -> None:
    assert find_regions("中心城区道路") == []
    assert lookup("城区") is None
    assert lookup("城区", after=lookup("阳泉市")).code.startswith("1403")


def test_names_start_after_prepositions_and_party_government_pairs_are_no_units() -> None:
    assert names("材料已向市青藤委报送，并为宁都县青藤中心提供咨询。") == ["市青藤委", "宁都县青藤中心"]
    assert names("为省委、省政府提供决策咨询") == ["省政府"]  # the body skips it as a superior (department.py)


def test_a_committee_name_is_not_cut_at_its_secretary_or_the_cppcc_prefix() -> None:
    assert names("青藤协作市委书记联席会议") == []
    assert names("中国人民政治协商会议宁都县委员会办公室2021年度部门整体支出绩效自评报告") == [
        "中国人民政治协商会议宁都县委员会办公室"]


def test_a_title_names_a_unit_through_its_parent() -> None:
    found = [n.text for n in find_org_names("宁都县林业局青藤技术推广站2021年度绩效自评报告", in_title=True)]
    assert found == ["宁都县林业局青藤技术推广站"]
    assert [n.text for n in find_org_names("宁都县林业局2021年度绩效自评报告", in_title=True)] == ["宁都县林业局"]


def test_wei_abbreviates_weiyuanhui() -> None:
    assert is_abbreviation("发展改革委", "发展和改革委员会") and is_abbreviation("经信委", "经济和信息化委员会")
    assert not is_abbreviation("发展改革局", "发展和改革委员会")


def test_an_institution_inside_a_projects_name_is_no_child_unit() -> None:
    for title in ("宁都县文化局图书馆免费开放项目绩效自评报告", "宁都县卫生健康局乡镇卫生院建设项目支出绩效自评报告"):
        assert [n.text for n in find_org_names(title, in_title=True)][:1] in (["宁都县文化局"], ["宁都县卫生健康局"])


def test_review_and_approval_bureaus_and_government_outposts_are_names() -> None:
    assert names("宁都县行政审批局负责青藤大厅运行") == ["宁都县行政审批局"]
    assert expand_short_forms("行政审批局") == "行政审批局"  # an official name of its own, not an abbreviation
    assert names("市人民政府驻青城联络处全年接待来访") == ["市人民政府驻青城联络处"]
    assert names("县人民政府驻地在城关镇") == ["县人民政府"]  # 驻地 is the seat, not an outpost


def test_visiting_verbs_do_not_open_a_name() -> None:
    assert names("拜访青藤协会12余家") == ["青藤协会"]
    assert names("陪同宁都县青藤中心考察") == ["宁都县青藤中心"]


def test_a_party_prefix_keeps_the_parent_region_in_the_full_name() -> None:
    name = parse_org_name("中国人民政治协商会议江西省宁都县委员会")
    assert name is not None and name.full_name() == "中国人民政治协商会议江西省宁都县委员会"
    plain = parse_org_name("江西省宁都县青藤中心")
    assert plain is not None and plain.full_name() == "宁都县青藤中心"  # without a party prefix the parent drops


def test_a_province_short_form_inside_a_college_name_stays_as_written() -> None:
    assert parse_org_name("湖北青藤学院").full_name() == "湖北青藤学院"
    assert parse_org_name("湖北残联").full_name() == "湖北省残疾人联合会"
