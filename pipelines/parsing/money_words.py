"""Word lists that decide whose money a narrative figure is and what it is (data, not code).

A money figure in a self-evaluation is either the unit's (or its project's) own money, or
something else written in money: an enterprise's revenue, a loan, funds won for others, a
per-unit standard, a target, a comparison. ``amounts`` reads a figure's measure from the
measure lexicon first; this module supplies the rest, as tables a reviewer can extend:

- ``NOT_OURS`` (``OTHERS``, ``WON`` and ``FIGURE_FAMILIES``): words that mark a figure as not
  the unit's own money, each with the reason
  recorded on the ``OtherFigure`` (checked on the label before the figure, on the text right
  after it, and for an unlabelled figure on the clause that leads to it);
- ``GENERIC_READINGS``: phase words for figures whose label names no measure
  (下达/批复 -> approved, 追加 -> adjustment, 拨付/支出 -> executed …), some of which name a
  measure of their own (到位 -> funds_received, 结余 -> balance_year_end, 结转 -> carryover);
- ``FUND_LEVEL_WORDS`` and ``ITEM_SUFFIX``: a label that only names where money comes from
  (中央资金, 省级财政资金) is a fund part; one that names a purpose and ends in 经费/资金/项目…
  names an item or project of the unit.

- names: ``name_in`` / ``clean_name`` (a label without listing words, dates, verbs and the body
  that hands money on), ``counted_project`` (区级科研项目79项、资金X), ``head_item`` (the item a
  sentence opens with) and ``NAME_AFTER`` (拨付5万元驻村工作经费, X万元用于…).

Everything here works on ``label_key`` text (half-width, no quotes or spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class NotOurs:
    """A family of wordings that are not the unit's own money, and the reason recorded for them."""

    name: str
    reason: str
    before: re.Pattern[str] | None  # searched in the label (the words before the figure)
    after: re.Pattern[str] | None = None  # matched at the text right after the figure's unit


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Who money won from higher levels is for, when it is not the project itself (企业研发补贴, 乡镇…).
BENEFICIARIES = _re(r"企业|公司|高校|大学|学院|医院|乡镇|村|合作社|农户|园区|基地|平台")

# Reasons that say the money belongs to somebody else (enterprises, lenders, other bodies).
NOT_THE_DEPARTMENTS = "not the department's own money (enterprise, loan, contract or funds won)"

# Somebody else's money: enterprises, markets, the economy, loans, contracts, courts, audits.
OTHERS = NotOurs("others", NOT_THE_DEPARTMENTS, _re(
    r"R&D|研发(经费)?(投入|经费)|研发投入|贷款|技术合同|成交额|交易额|登记额|产值|营业收入|销售收入|销售额|税收|纳税|"
    r"利税|利润|融资|引导发放|授信|撬动|带动|奖补|研发补[贴助]|信用贷|科贷通|合同额|营收(?!入)|主营业务|GDP|生产总值|增加值|"
    r"社会消费品|进出口|出口额|招商|引资|引进资金|社会(投资|资本|资金)|企业(投资|自筹|出资)|"
    r"(群众|农户|村民|个人)(自筹|投资|出资|投劳)|农民工|欠薪|工资性收入|经营性收入|(?<!目标)(?<!考核)(?<!绩效)奖励(?!性)|为企业|帮助企业|"
    r"企业[^，,；;。]{0,6}(资产|负债|收入|利润|产值|销售)|销售|营业额|零售额|拉动|减税|降费|退税|税费|"
    r"理赔|赔付|保额|标的|涉案|案值|执结|执行到位金额|诉讼|赃款|追缴|查出|问题金额"))
# Money won from higher levels: somebody else's in a department's account of its work (for firms,
# towns, universities), but the project's own funding in a project report (amounts decides).
WON = NotOurs("won", NOT_THE_DEPARTMENTS, _re(r"争取|争资|向上|获批|获得|获[^,，；;。]{0,12}(资金|经费|支持|补助|奖励)"))
# Money that is not money received or spent: standards, targets, ranges, estimates, stocks, savings.
FIGURE_FAMILIES: tuple[NotOurs, ...] = (
    NotOurs("paid_by_another", "paid by another body, not by the department",
            _re(r"由(?![我本])(?![^，,；;。]{0,8}财政)[^，,；;。]{2,12}?(统一|直接)?(兑现|支付|承担|拨付|发放)"),
            _re(r"^[（(]?由(?![我本])(?![^，,；;。]{0,8}财政)[^，,；;。]{2,16}?(兑现|支付|承担|拨付|发放|负责)")),
    PER_UNIT := NotOurs("per_unit", "a per-unit standard or rate (per person, pupil, household, unit ...)", _re(
        r"生均|人均|户均|亩均|每(?!年|季度)|单价|标准(为|是|:)?$|平均|按照?$"),
            _re(r"^\s*(/|每|一人|的?(补助|补贴|奖励)?标准)")),
    NotOurs("target", "a target or indicator value, not money stated as received or spent", _re(
        r"指标|目标值|预期(目标|指标)|成本控制|控制在|不超过|不高于|不低于|不少于|[≤≥<>]=?$"),
            _re(r"^\s*(以内|以下|之内|以上|[,，]\s*(高于|低于|超过|超出|未达到?|达到)[^,，;；。]{0,6}?(控制)?指标)")),
    NotOurs("range", "a range, not one stated amount", _re(r"\d\s*(亿元|万元|元|亿|万)?\s*[-~～—至到]$"),
            _re(r"^\s*[-~～—至到]\s*\d")),
    NotOurs("estimate", "an estimate of a whole undertaking's cost, not the unit's funds", _re(r"估算|估计|预估")),
    NotOurs("assets", "an asset stock at a date, not funds", _re(r"固定资产|资产(原值|净值)|原值|净值")),
    NotOurs("at_risk", "property at risk or a loss suffered, not funds",
            _re(r"威胁[^,，；;。]{0,6}财产|财产损失|经济损失|受灾损失")),
    NotOurs("saving", "a saving or difference, not an amount",
            _re(r"节约|节省|节支|审减|核减|超支|超出预算|挽回|追回|损失|罚没|罚款|违规|挪用")),
)
NOT_OURS: tuple[NotOurs, ...] = (OTHERS, WON, *FIGURE_FAMILIES)
# 每 + a counter anywhere in a figure's clause makes it a per-unit figure (每名专职委员每年补贴500元).
PER_UNIT_CLAUSE = _re(r"每(?:个|名|位|人|户|所|家|村|亩|座|台|套|件|处|间|辆|头|只|张|辖区|学生|平方米|公里|千米|米)")

# Checked only on the name of a figure whose label names no measure (a measure such as 事业收入
# is the unit's, and a bare 收入 is its total).
UNLABELLED_NOT_OURS: tuple[NotOurs, ...] = (
    NotOurs("income", "income or revenue of others (residents, tourism, sales), not the department's money",
            _re(r"收入|增收")),
)

# What the words nearest the number say about a figure whose label names no measure:
# (measure or None to keep the generic one, phase). The word nearest the number wins.
GENERIC_READINGS: tuple[tuple[re.Pattern[str], str | None, str], ...] = (
    (_re(r"追加|调增|调减|调整(?!后|为)|调入|调出"), None, "adjustment"),
    (_re(r"到位|收到|拨入|入账"), "funds_received", "executed"),
    (_re(r"结余|结存|余额|剩余|尚未(使用|支付|拨付)"), "balance_year_end", "executed"),
    (_re(r"结转"), "carryover_prior_year", "executed"),
    (_re(r"收取|收缴|取得(?!.{0,6}(成效|成果))"), "revenue_total", "executed"),
    (_re(r"还需|尚需|待拨|约需|需要"), None, "approved"),
    (_re(r"支出|使用|执行|完成|拨付|拨款|拨(?!入)|支付|兑现|发放|投入|报账|结算|实际|用于|开支|花费"), None, "executed"),
    (_re(r"预算|批复|下达|安排|核定|计划(?=投资|安排|下达|资金|总投资|拨付)|分配|申请|落实|筹措|投资|概算"), None, "approved"),
)
_COMPOUND = 3  # phase words ending this close to the last one belong to the same compound
# A decrease among adjustments (调减 …) is negative.
ADJUSTMENT_DOWN = _re(r"调减|调出")

# A label made only of these (after 资金/经费/投入… and phase words are removed) names a fund, not an item.
FUND_LEVEL_WORDS = _re(
    r"中央|省级?|市级?|县级?|区级?|州级?|乡镇?级?|本级|地方|上级|财政|一般公共预算|彩票公益金|公益金|专项债券?|债券|"
    r"政府性基金|自筹|配套|衔接|整合|统筹|其他|其它|预算内|预算外|专户|部门|单位|我局|本局|我单位|本单位|年度?|全年|当年|"
    r"共|合计|总计|累计|共计|总|全部|实际|已|了|的|和|及|与|等|各|项|批")
# An item or project the unit spends on: a purpose followed by one of these.
ITEM_SUFFIX = _re(r"(经费|资金|专项|项目|工程|补助|补贴|费)$")
# Words that say a clause is about money at all (a bare list item needs one somewhere in its sentence).
MONEY_WORDS = _re(r"资金|经费|预算|拨款|拨付|拨|支付|补助|补贴|专项|投入|支出|费用|款项|投资|下达|安排|分配|金额|费")
# Words that carry no name: stripped from a label before it becomes an item name or a detail.
_NOISE = _re(r"^(其中|包括|包含|含|分别为|分别是|分别|即|主要|用于|系|为|是|共|计|合计|总计|共计|累计|达到|达|了|"
             r"\d{4}年度?|20xx年度?|本年度?|全年|当年|年度|年[初中末底]|上半年|下半年|[一二三四五六七八九十]+是|"
             r"第[一二三四五六七八九十]+[、，,是]|[（(]?[一二三四五六七八九十\d]{1,2}[)）、.]|截[至止][^，,]*?(日|月底|年底)|\d{1,2}月(\d{1,2}日)?|"
             r"我局|本局|我单位|本单位|我馆|我会|我中心|我镇|我院|我校|[,，、:：;；()（）\s])+")
_TAIL = _re(r"(合计|共计|总计|累计|(?<![审设会统核预估])计|为|是|达到|达|了|人民币|(?<=\w\w)支出|[,，、:：;；(（\s])+$")
# Verbs that open a clause about money (组织实施…项目, 兑现…资金): not part of the name that follows.
VERBS = _re(r"组织实施|组织申报|组织|实施|下达|立项|安排|支持|开展|完成|推荐|申报|兑现|拨付|拨|投入|落实|筹措|"
            r"争取|用于|发放|涉及|收到|收取|申请|同时|并|还|又|再|均|已|向")
# A body that hands money on, with its verb (市财政局下达…, 县教育局于3月拨付…): not part of the name.
_FILLER = _re("|".join(p.pattern for p, _, _ in GENERIC_READINGS) + "|" + VERBS.pattern
              + r"|调整|决算|年初|全年|数|额|后|该|此|本|了|有|总|共|的")
# A body named before what it does with the money (市财政局下达…, 某某中心2021年追加预算…): not the name.
_BODY_VERB = _re(r"^[^，,；;、]{1,16}?(局|厅|委|部|办|政府|中心|院|所|站|室|会|镇|乡|街道|处|科|校|馆|队|台)"
                 r"(于[^，,；;]{0,12}?|全年|本年度?|当年|今年)?(?=" + _FILLER.pattern + r"|\d{4}年)")


def clean_name(text: str) -> str:
    """A name without the listing words, dates, verbs and fillers around it.

    >>> clean_name("其中:南宁市")
    '南宁市'
    >>> clean_name("兑现2019年度企业培育等6项补助资金")
    '企业培育等6项补助资金'
    >>> clean_name("市交通运输局2021年9月1日拨滇西铁路公司")
    '滇西铁路公司'
    """
    key = text
    while True:
        before = key
        key = _NOISE.sub("", key)
        key = re.sub(r"^(" + VERBS.pattern + r")+", "", key)
        key = _BODY_VERB.sub("", key)
        key = re.sub(r"^\d+批(?!次)", "", key)
        if key == before:
            break
    return _TAIL.sub("", key)


# Not-ours words count only this close to the number (a flattened form puts headers such as
# 预期目标 or 指标 far before the figures of its text cells).
NEAR = 14


def not_ours(label: str, after: str, families: tuple[NotOurs, ...] = NOT_OURS) -> NotOurs | None:
    """The not-ours family a figure belongs to, from its label and the text right after it.

    >>> not_ours("小学生", "/年、初中生").name
    'per_unit'
    >>> not_ours("争取市级财政资金", "").name
    'won'
    >>> not_ours("知识产权补助", "，由市场监管局兑现").name
    'paid_by_another'
    >>> not_ours("下达项目资金", "，用于…") is None
    True
    """
    after = after.lstrip(" ,，")if after.lstrip(" ").startswith(("，由", ",由")) else after
    near = label[-NEAR:]
    for family in families:
        if family.before is not None and family.before.search(near):
            return family
        if family.after is not None and family.after.search(after):
            return family
    return None


def generic_reading(label: str) -> tuple[str | None, str] | None:
    """(measure or None, phase) the words nearest the number say, for a figure whose label names no measure.

    >>> generic_reading("县级批复总投资")
    (None, 'approved')
    >>> generic_reading("市财政局下达项目资金，实际到位")
    ('funds_received', 'executed')
    >>> generic_reading("追加预算")
    (None, 'adjustment')
    >>> generic_reading("预算执行")
    (None, 'executed')
    """
    hits = [(m.end(), rank) for rank, (pattern, _, _) in enumerate(GENERIC_READINGS) for m in pattern.finditer(label)]
    if not hits:
        return None
    last = max(end for end, _ in hits)
    # Words of one compound (追加预算, 实际到位, 预算执行) read by the table's order, not by position.
    rank = min(rank for end, rank in hits if end >= last - _COMPOUND)
    return GENERIC_READINGS[rank][1], GENERIC_READINGS[rank][2]


# Nouns that say "money" without naming anything (资金, 经费 …): a name needs more than these.
_GENERIC_NOUNS = _re(r"资金|经费|金额|款项|费用|总额|款|费|项目")
# A count of projects (8个项目) is not a project's name.
_COUNT_OF_ITEMS = _re(r"\d+(个|项)(项目|专项|工程)$")


def name_in(label: str) -> str | None:
    """The name a label gives a figure (an item, a recipient, a fund), without listing, verb and phase words.

    >>> name_in("其中:南宁市")
    '南宁市'
    >>> name_in("2021年9月7日拨") is None
    True
    >>> name_in("一批项目县级批复总投资")
    '一批项目县级批复总投资'
    """
    key = clean_name(label)
    if len(_GENERIC_NOUNS.sub("", _FILLER.sub("", key))) < 2 or not re.search(r"[\u4e00-\u9fff]", key):
        return None
    return key


def ends_with_verb(label: str) -> bool:
    """True when a label ends in a verb or phase word (拨付了, 安排): its name may follow the number."""
    return bool(re.search(r"(" + _FILLER.pattern + r")$", _TAIL.sub("", label)))


def is_fund_only(name: str) -> bool:
    """True when a name says only where money comes from (中央资金, 省级财政一般公共预算资金).

    >>> is_fund_only("省级资金")
    True
    >>> is_fund_only("婚姻调解工作经费")
    False
    """
    rest = re.sub(r"资金|经费|拨款|投入|收入|款|预算", "", name)
    rest = _FILLER.sub("", FUND_LEVEL_WORDS.sub("", rest))
    return len(rest) < 2


def item_name(name: str) -> str | None:
    """The item or project a name stands for (婚姻调解工作经费), or None when it is not one.

    >>> item_name("婚姻调解工作经费")
    '婚姻调解工作经费'
    >>> item_name("中央资金") is None
    True
    """
    if len(name) < 4 or not ITEM_SUFFIX.search(name) or is_fund_only(name) or _COUNT_OF_ITEMS.search(name):
        return None
    return name


_HEAD = re.compile(r"^\W*(?:[（(]?[一二三四五六七八九十\d]{1,2}[)）、.．]\s*)?(?P<name>[^，,；;：:。\d]{3,30})[，,：:]")


def head_item(before: str) -> str | None:
    """The item a sentence opens with (（1）农村环境整治项目，年初预算X…): its figures are that item's.

    >>> head_item("（1）农村环境整治项目，年初预算")
    '农村环境整治项目'
    >>> head_item("全年支出") is None
    True
    """
    m = _HEAD.match(before)
    if m is None or item_name(m["name"]) is None:
        return None
    return clean_name(m["name"]) or None


# A bare 收入 / 支出 (2023年收入X元) is the unit's total.
BARE_NAMES = {"收入": "revenue_total", "总收入": "revenue_total", "实际收入": "revenue_total", "实际总收入": "revenue_total",
              "支出": "expenditure_total", "总支出": "expenditure_total"}


# A project counted before its money (组织实施区级科研项目79项、资金910万元): the name before the count.
_COUNTED = re.compile(r"(?P<name>[^，,；;。、]{2,40}?(?:项目|专项|工程|计划))\d+(?:项|个)[、，,]?(?:共|计|安排)?(?:资金|经费)[为是共计]*$")


def counted_project(label: str) -> str | None:
    """The project a ``<name>N项、资金X`` clause counts, without the verbs before it.

    >>> counted_project("组织实施2批区级应急科研攻关项目37项、资金")
    '区级应急科研攻关项目'
    >>> counted_project("联合区卫健委立项2020年度科卫联合医学科研项目40项、资金")
    '科卫联合医学科研项目'
    """
    m = _COUNTED.search(label)
    if m is None:
        return None
    name = m["name"]
    verbs = list(VERBS.finditer(name))
    if verbs and verbs[-1].end() < len(name) - 2:
        name = name[verbs[-1].end():]
    return clean_name(name) or None


# The name written after the number (拨付5万元驻村工作经费, 50万元的XX经费), or the purpose (拨付X万元用于…).
NAME_AFTER = re.compile(r"\s*(?:的|作为|为)?(?P<name>[^，,；;。、（()）\d]{2,20}?(?:经费|资金|补助|补贴|工程款|款))"
                        r"|\s*(?:全部|主要|专项)?用于(?P<purpose>[^，,；;。（(]{2,20})")
