"""The forms lexicon: what a header cell, a row label or a field label means.

Every entry is one row of data: a pattern (matched against the whole label, after
``normalize_label``) and the meaning it gives. A new wording is a new row; no interpreter
code changes. Header cells and row labels share one table, because forms put the same
dimension either way round (the 10号 funds block has phases as columns and fund sources as
rows; the old cover sheet may have fund sources as columns and phases as rows): a value
cell's meaning is its row label's meaning merged with its column header's.

Roles:

- value columns: ``money`` (with a phase, sometimes a measure), ``rate``, ``weight`` (分值 /
  权重), ``score`` (得分);
- indicator columns: ``level1`` / ``level2`` / ``level3`` (一/二/三级指标), ``target``
  (年度指标值), ``actual`` (实际完成值), ``deviation`` (偏差原因分析及改进措施), ``measure_unit``
  (计量单位 / 度量单位), ``nature`` (指标性质: the operator of the target, ≥ ≤ =), ``ignore``
  (得分系数, 是否核心指标, 评分标准 …);
- objective columns: ``expected`` (预期目标) and ``achieved`` (实际完成情况);
- ``item`` (支出明细 / 支出项目: the column of expense-item labels);
- row meanings: ``row`` (a total, a fund source or a measure), ``group`` (按收入性质分, 其中 …: a
  heading inside the block that carries no value of its own);
- form structure: ``section`` (项目资金, 年度总体目标, 绩效指标 …), ``field`` (项目名称 …, with the
  field it fills), ``total_score`` (总分 / 自评得分), ``grade`` (自评等级), ``title`` (the form's
  name, with the form kind).

Fund sources extend the vocabulary of docs/extraction.md: ``carryover`` (上年结转资金),
``central`` / ``provincial`` / ``municipal`` / ``county`` / ``township`` (中央 / 省 / 市 / 县(区) /
乡镇 财政), ``local`` (地方资金: every level below the centre, in a transfer payment's funds
block), ``special_account`` (财政专户管理资金) and ``self_raised`` (自筹, 单位资金); and the phase
vocabulary with ``adjustment`` (年中调整金额: adjusted minus approved).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from pipelines.parsing.normalize import fold
from pipelines.settings import VOCAB_DIR


@dataclass(frozen=True)
class Meaning:
    """What a label says about the cells it heads (a column) or labels (a row)."""

    role: str
    phase: str | None = None
    measure: str | None = None
    fund_source: str | None = None
    total: bool = False
    field: str | None = None  # for role field: the project attribute it fills
    form: str | None = None  # for role title: project / department_overall / cover
    unit: str | None = None  # a unit written in the label itself: 项目资金(万元)
    points: str | None = None  # points written in the label: 产出指标(50分) -> 50
    name: str | None = None  # canonical name (indicator levels), else None
    year: int | None = None  # a year written before a column label: 2023年决算数 -> 2023


def _m(role: str, **kw: object) -> Meaning:
    return Meaning(role, **kw)  # type: ignore[arg-type]


# (pattern, meaning). Patterns match the whole normalized label; the first match wins, so
# more specific wordings come first.
LABELS: tuple[tuple[str, Meaning], ...] = (
    # --- form titles ---------------------------------------------------------------------
    (r".{0,40}部门(整体)?(支出)?绩效(自评|评价)(表|情况表)", _m("title", form="department_overall")),
    (r".{0,40}项目(支出)?绩效(自评|评价)(表|情况表)", _m("title", form="project")),
    (r".{0,40}项目绩效(评价)?自评(报告|表)", _m("title", form="cover")),
    (r".{0,40}绩效自评(表|情况表)|.{0,40}项目绩效目标完成情况表", _m("title", form="project")),
    # --- fields (a value follows) --------------------------------------------------------
    (r"项目名称|项目全称|转移支付(\(项目\))?名称", _m("field", field="project_name")),
    (r"项目编码|项目代码", _m("field", field="project_code")),
    (r"中央主管部门", _m("field", field="ignore")),  # the ministry above a transfer payment
    (r"(地方)?主管部门(及代码|名称)?|主管单位", _m("field", field="supervising")),
    (r"实施单位(及代码|名称)?|项目(实施)?单位|执行单位|项目承担单位|(资金)?使用单位", _m("field", field="implementing")),
    (r"部门(\(单位\))?名称|单位名称|预算单位(名称)?|部门单位名称|填报单位", _m("field", field="department")),
    (r"项目负责人|联系人|联系电话|填报人|评价方式|自评方式|评价机构|(部门)?预算编码|单位编码|部门联系人|邮编"
     r"|项目地址|项目起止时间|报告日期|填报日期|评价类型|项目类别|项目属性|项目类型", _m("field", field="ignore")),
    (r"自评等级|评价等级|绩效等级|等级|评价结论|自评结论|评价结果", _m("grade")),
    (r"总分|自评总分|自评得分|综合得分|评价得分|总得分|合计得分|得分合计|总计得分", _m("total_score")),
    # --- sections ------------------------------------------------------------------------
    (r"项目资金|资金情况|项目资金情况|(部门|年度|项目)?预算执行情况|资金投入情况|项目资金使用情况|资金使用情况|年度预算数"
     r"|财政资金安排和使用情况|资金安排和使用情况|资金结构|项目基本概况", _m("section", name="funds")),
    (r"年度总体目标(完成情况)?|总体目标(完成情况)?|年度目标完成情况|年度绩效目标|项目年度目标完成情况"
     r"|项目绩效定性目标及实施计划完成情况", _m("section", name="objectives")),
    (r"(年度)?绩效指标(完成情况)?|指标完成情况|项目绩效定量目标\(指标\)及完成情况|年度绩效指标完成情况",
     _m("section", name="indicators")),
    (r"年度主要任务|主要任务", _m("section", name="tasks")),
    # --- money columns -------------------------------------------------------------------
    (r"年初预算(数|金额|资金)?|年初(批复)?预算数?|批复预算(数|金额)?|年初批复数|年初安排(数|资金)?",
     _m("money", phase="approved")),
    (r"全年预算(数|金额)?|调整后(的)?预算(数|金额)?|全年\(?调整\)?(后)?预算(数)?|调整预算(数)?",
     _m("money", phase="adjusted")),
    (r"(年中|年度)?(预算)?调整(金额|数|额)|预算调整数|追加(调减)?(金额|数)", _m("money", phase="adjustment")),
    (r"全年执行(数|金额)?|全年(实际)?支出(数|金额)?|实际支出(数|金额|资金)?|决算数|(预算)?执行数|支出数|实际执行(数|金额)?"
     r"|全年完成数|实际使用(数|金额|资金)?|已支付(金额)?|支出金额|(年度)?拨付(金额|资金|数)?|已拨付(金额|资金)?",
     _m("money", phase="executed")),
    (r"计划安排(资金|数|金额)?|计划投资|预算安排(资金|数)?|安排资金|计划资金|计划支出(数|金额)?"
     r"|年初(部门)?预算安排(金额|资金|数)?", _m("money", phase="approved")),
    (r"实际到位(资金|数|金额)?|到位资金|资金到位(数|金额)?", _m("money", measure="funds_received", phase="executed")),
    (r"(本年度?)?结余(资金|数|金额)?|结转结余(资金|数)?|结余结转", _m("money", measure="balance_year_end", phase="executed")),
    (r"上年(决算|执行|支出)数?|上年度(决算|执行|支出)数?", _m("money", phase="prior_year")),
    (r"金额|资金(金额)?|预算(数|金额)|预算", _m("money", phase="approved")),
    # --- other value columns -------------------------------------------------------------
    (r"(预算)?执行率(得分)?权重|执行率分值", _m("weight")),
    (r"执行率得分", _m("score")),
    (r"(预算)?执行率|资金执行率|预算完成率|支出实现率|资金支出率|支出率", _m("rate")),
    (r"分值|权重|指标权重|分数|标准分值|标准分|满分|指标分值", _m("weight")),
    (r"得分|指标得分|自评分|评分|实际得分", _m("score")),
    # --- indicator columns ---------------------------------------------------------------
    (r"一级指标", _m("level1")),
    (r"二级指标", _m("level2")),
    (r"三级指标|指标名称|绩效指标名称|具体指标|指标内容", _m("level3")),
    (r"(年度|全年|年初|预期)?(绩效)?(指标|目标)值|计划(完成)?(值|数)|预期(目标)?值|指标\(目标\)值|年初目标值",
     _m("target")),
    (r"调整(后)?指标值", _m("ignore")),
    (r"(实际|全年)完成(值|数|情况值)|(全年)?实际(完成)?值|完成值|实际完成指标值", _m("actual")),
    (r"偏差原因(分析)?(及|和|与)?(改进措施)?|偏差(原因)?分析.*|未完成原因.*|原因分析.*|偏差情况.*|原因",
     _m("deviation")),
    (r"计量单位|度量单位", _m("measure_unit")),
    (r"指标性质|指标方向", _m("nature")),
    (r"得分系数|是否核心指标|评分标准|备注|说明|会计凭证号|凭证号|资金结余率|结余率|行次|栏次|列次|序号", _m("ignore")),
    # --- objective columns ---------------------------------------------------------------
    (r"预期目标|年度预期目标|预期绩效目标|项目年度目标|年初绩效目标", _m("expected")),
    (r"实际完成情况|目标完成情况|实际完成目标|完成情况|目标实际完成情况|年度目标完成情况|实际完成", _m("achieved")),
    # --- expense items ---------------------------------------------------------------------
    (r"支出明细|支出(明细)?项目|明细项目|支出内容|费用项目|项目明细|支出科目", _m("item")),
    # --- row meanings --------------------------------------------------------------------
    (r"年度(财政)?资金总额|资金总额|项目资金总额|年度(预算)?资金(总额|合计)|合计|总计|资金合计|小计|总额|年度总金额"
     r"|支出合计|收入合计", _m("row", total=True)),
    (r"(本年|当年|本年度)(财政)?拨款(资金)?|财政拨款(资金|收入)?|本级财政(资金|拨款)?|一般公共预算(拨款|资金|财政拨款)?"
     r"|财政资金(小计)?|财政补助(资金)?", _m("row", fund_source="fiscal_appropriation")),
    (r"财政专户(管理)?资金|财政专户", _m("row", fund_source="special_account")),
    (r"政府性基金(预算)?(拨款|资金)?", _m("row", fund_source="government_fund")),
    (r"国有资本经营(预算)?(拨款|资金)?", _m("row", fund_source="state_capital")),
    (r"上年结转(资金|结余)?|上年结余(资金)?|以前年度结转(资金)?|年初结转(和)?结余", _m("row", fund_source="carryover")),
    (r"其他资金|其他|其它资金|其它|其他来源(资金)?|(单位)?其[他它]收入", _m("row", fund_source="other")),
    (r"中央(财政)?(资金|补助(资金)?)?|中央级", _m("row", fund_source="central")),
    (r"省(级)?(财政)?(资金|补助(资金)?)?", _m("row", fund_source="provincial")),
    (r"(市|州|地)(级)?(财政)?(资金|补助(资金)?)?", _m("row", fund_source="municipal")),
    (r"(县|区|县区|县\(区\)|县\(市、区\)|县\(市\)|县市区)(级)?(财政)?(资金|补助(资金)?)?", _m("row", fund_source="county")),
    (r"(乡|镇|乡镇)(级)?(财政)?(资金)?", _m("row", fund_source="township")),
    (r"地方(各级)?(财政)?(资金|配套(资金)?|补助(资金)?)?", _m("row", fund_source="local")),
    (r"(单位)?自筹(资金)?|自有资金|单位资金", _m("row", fund_source="self_raised")),
    (r"基本支出", _m("row", measure="basic_expenditure")),
    (r"人员经费(支出)?", _m("row", measure="personnel_expenditure")),
    (r"(日常)?公用经费(支出)?", _m("row", measure="public_expenditure")),
    (r"项目支出", _m("row", measure="project_expenditure")),
    (r"按收入性质分|按支出性质分|按资金来源分|按资金性质分|其中|资金来源|收入|支出", _m("group")),
)

# One alternation of every pattern, each a named group: the first pattern that matches the whole
# label wins, in one regex pass (``lastgroup`` names it).
_ANY_LABEL = re.compile("|".join(f"(?P<l{k}>{p})" for k, (p, _) in enumerate(LABELS)))
_MEANINGS = {f"l{k}": m for k, (_, m) in enumerate(LABELS)}
_PROSE = re.compile(r"[，。；！？,;]")  # a label has no sentence punctuation

# Written units in labels and captions.
# The closing bracket may be lost at the end of a cell (a PDF line cut it off): 经费控制情况(万元
UNIT_IN_LABEL = re.compile(r"[(（]\s*(?:单位\s*[:：]\s*)?(?:金额)?(?P<unit>万元|元|亿元|%|分)\s*(?:[)）]|$)")
UNIT_CAPTION = re.compile(r"^(?:金额|资金)?单位\s*[:：]\s*(?P<unit>万元|元|亿元)$|^[(（](?P<unit2>万元|元|亿元)[)）]?$")
# A caption naming the table's money before its unit: 经费控制情况(万元), 年度预算申请（万元
UNIT_AT_END = re.compile(r"^[^，。；,;:：\d]{0,16}[(（]\s*(?:单位\s*[:：]\s*)?(?:金额)?(?P<unit>万元|元|亿元)\s*[)）]?$")
# A year before a column label: 2022年决算数, 2023年度预算数 (kept as Meaning.year)
_YEAR_PREFIX = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?=\D)")
# The year named by a word before a column label: 本年决算数, 当年预算数 (this year), 上年预算数 (the last).
_PERIOD_PREFIX = re.compile(r"^(?:本年度?|当年度?|今年|本期|(?P<prior>上年度?|上一年度?))(?!度)")
_POINTS = re.compile(r"[(（]\s*(?P<points>\d+(?:\.\d+)?)\s*分?\s*[)）]")
_MARKERS = re.compile(r"[(（]\s*(?:[A-Za-z](?:\s*/\s*[A-Za-z])?|%|盖章|公章|签章|签字)\s*[)）]")
# Notes and formulas in brackets: (含历年结余结转), (包含数字及文字描述), (20分*执行率)
_NOTES = re.compile(r"[(（](?:含|包含|包括|不含|计算方法)[^()（）]*[)）]|[(（][^()（）]*[*×=÷][^()（）]*[)）]")
# The year after a form's title: 项目支出绩效自评表（2021年度）
_YEAR_NOTE = re.compile(r"[(（]\s*(?:19|20)\d{2}\s*年度?\s*[)）]$")
# Circled column numbers and the formulas written with them: 支出实现率(%)⑤=④/③
_CIRCLED = re.compile(r"[①-⑳][=＝+\-/*×÷①-⑳]*")
_LEAD = re.compile(r"^(?:其中\s*[:：\-—－]?|[:：]|\d+[.、．]|[(（]\d+[)）]|[一二三四五六七八九十]+[、.．])\s*")
_SPACES = re.compile(r"[\s\u3000]+")


def normalize_label(text: str) -> tuple[str, str | None, str | None]:
    """(label, unit written in it, points written in it): width-folded, without spaces, a
    leading 其中/numbering, a trailing colon, column markers (A)/(B/A) and the unit in brackets.

    >>> normalize_label("其中：本年财政拨款")
    ('本年财政拨款', None, None)
    >>> normalize_label("项目资金（万元）")
    ('项目资金', '万元', None)
    >>> normalize_label("全年预算数（A）")
    ('全年预算数', None, None)
    >>> normalize_label("产出指标(50分)")
    ('产出指标', None, '50')
    """
    s = _SPACES.sub("", fold(text))
    unit = None
    m = UNIT_IN_LABEL.search(s)
    if m:
        unit = m["unit"]
        s = s[: m.start()] + s[m.end():]
    points = None
    m = _POINTS.search(s)
    if m:
        points = m["points"]
        s = s[: m.start()] + s[m.end():]
    s = _MARKERS.sub("", s)
    s = _YEAR_NOTE.sub("", s)
    s = _NOTES.sub("", s)
    s = _CIRCLED.sub("", s)
    s = _LEAD.sub("", s)
    s = s.strip(":：*＊、")
    return s, unit, points


@lru_cache(maxsize=16384)
def meaning_of(text: str) -> Meaning | None:
    """The meaning of a label (header cell, row label, field label), or None.

    >>> meaning_of("全年执行数（B）").phase
    'executed'
    >>> meaning_of("其中：上年结转资金").fund_source
    'carryover'
    >>> meaning_of("产出指标(50分)").role, meaning_of("产出指标(50分)").points
    ('level1', '50')
    >>> meaning_of("本项目共申请预算资金90万元") is None
    True
    >>> m = meaning_of("2022 年决算数"); (m.phase, m.year)
    ('executed', 2022)
    >>> meaning_of("本年决算数").phase, meaning_of("上年预算数").phase
    ('executed', 'prior_year')
    """
    if len(text) > 80 or _PROSE.search(text):
        return None
    label, unit, points = normalize_label(text)
    if not label or len(label) > 40:
        return None
    level = indicator_level(label)
    if level is not None:
        role, name = level
        return Meaning(role, unit=unit, points=points, name=name)
    m = _ANY_LABEL.fullmatch(label)
    if m is None or m.lastgroup is None:
        return _dated(label)
    meaning = _MEANINGS[m.lastgroup]
    if meaning.role != "title" and len(label) > 24:
        return None
    return replace(meaning, unit=unit, points=points) if unit or points else meaning


def _dated(label: str) -> Meaning | None:
    """A money column label after a year or a period word the lexicon does not spell out:
    2022年决算数 (year kept), 本年决算数, 上年预算数 (the prior year's)."""
    year = _YEAR_PREFIX.match(label)
    if year is not None:
        found = meaning_of(label[year.end():])
        if found is not None and found.role == "money":
            return replace(found, year=int(year["year"]))
    period = _PERIOD_PREFIX.match(label)
    if period is not None and len(label) > period.end():
        found = meaning_of(label[period.end():])
        if found is not None and found.role == "money":
            return replace(found, phase="prior_year") if period["prior"] else found
    return None


# --- indicator levels, from the indicator framework seed ----------------------------------

# Short names seen in forms -> the framework's name (level, name). The framework's own names
# (indicator_framework.csv, zh part) are added from the seed.
LEVEL_SYNONYMS: dict[str, tuple[str, str]] = {
    "产出": ("level1", "产出指标"),
    "效益": ("level1", "效益指标"),
    "满意度": ("level1", "满意度指标"),
    "数量": ("level2", "数量指标"),
    "质量": ("level2", "质量指标"),
    "时效": ("level2", "时效指标"),
    "经济效益": ("level2", "经济效益指标"),
    "社会效益": ("level2", "社会效益指标"),
    "生态效益": ("level2", "生态效益指标"),
    "可持续影响": ("level2", "可持续影响指标"),
    "服务对象满意度": ("level2", "服务对象满意度指标"),
    "满意度指标": ("level1", "满意度指标"),
    "社会公众或服务对象满意度": ("level2", "服务对象满意度指标"),
    "经济成本": ("level2", "经济成本指标"),
    "社会成本": ("level2", "社会成本指标"),
    "生态环境成本": ("level2", "生态环境成本指标"),
}
# target_kind of a level-2 (or level-1) name: the first key contained in it wins.
TARGET_KINDS: tuple[tuple[str, str], ...] = (
    ("成本", "cost"), ("时效", "time"), ("数量", "quantity"), ("质量", "quality"),
    ("效益", "benefit"), ("满意度", "benefit"), ("影响", "benefit"), ("预算执行", "execution"),
)


def _zh(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip()


@lru_cache(maxsize=1)
def framework_levels() -> dict[str, tuple[str, str]]:
    """Written level name -> (level1/level2, framework name); framework names from the seed."""
    out: dict[str, tuple[str, str]] = {}
    with open(VOCAB_DIR / "indicator_framework.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            l1, l2 = _zh(row["level1"]), _zh(row["level2"])
            if l1.endswith("指标"):
                out.setdefault(l1, ("level1", l1))
            if l2.endswith("指标"):
                out.setdefault(l2, ("level2", l2))
                out.setdefault(l2.removesuffix("指标"), ("level2", l2))
    for short, (level, name) in LEVEL_SYNONYMS.items():
        out.setdefault(short, (level, name))
        out.setdefault(short + "指标", (level, name))
    for written, found in list(out.items()):  # 产出目标, 数量目标: older forms say 目标 for 指标
        if written.endswith("指标"):
            out.setdefault(written[:-2] + "目标", found)
    return out


def indicator_level(label: str) -> tuple[str, str] | None:
    """(level1/level2, framework name) of a written indicator-level label, else None.

    >>> indicator_level("产出指标")
    ('level1', '产出指标')
    >>> indicator_level("服务对象满意度指标")
    ('level2', '服务对象满意度指标')
    >>> indicator_level("社会效益")
    ('level2', '社会效益指标')
    """
    return framework_levels().get(label)


def target_kind_of(level2: str | None, level1: str | None) -> str:
    """cost / time / quantity / quality / benefit / execution, from the level names."""
    for name in (level2, level1):
        if name:
            for key, kind in TARGET_KINDS:
                if key in name:
                    return kind
    return "benefit"


GRADES = re.compile(r"优秀|良好|合格|不合格|优|良|中|差|[ABCD]级?")
