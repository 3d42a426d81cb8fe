"""What a document is: a project or department-overall self-evaluation, or a look-alike (``other``).

The decision is data, read top to bottom:

1. ``TITLE_RULES`` (first match wins) classify the title. A look-alike rule gives kind ``other``
   with its reason, unless the rule ``yields`` and the text holds a real self-evaluation
   (a summary notice publishing one keeps the kind of what it evaluates). A rule with
   ``unless`` does not apply to a title that also matches it (部门预算项目支出绩效**自评**表 is
   not a budget disclosure).
2. Without a deciding title, ``BODY_LOOK_ALIKES`` (a budget disclosure's tables, a target
   declaration's columns) and the self-evaluation evidence decide.
3. A self-evaluation's scope comes from ``SCOPE_WORDS`` in the title (部门整体 / 项目), else from
   the form headers and wording of the body.

Self-evaluation evidence (``EVALUATION_SIGNALS``): signals with weights; ``EVALUATION_BAR`` or
more means the text holds a real self-evaluation (a filled-in form with executed figures and
scores, a score or a conclusion), not only the word 绩效.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OTHER = "other"
EVALUATED = "evaluated"  # a self-evaluation; its scope (project / department_overall) decided after


@dataclass(frozen=True)
class KindRule:
    name: str
    pattern: re.Pattern[str]
    outcome: str  # other / evaluated
    reason: str
    yields: bool = False  # a real self-evaluation in the text overrides this look-alike rule
    unless: re.Pattern[str] | None = None
    yield_bar: int | None = None  # evidence needed to yield (default EVALUATION_BAR)


def _r(p: str) -> re.Pattern[str]:
    return re.compile(p)


_SELF_EVAL = _r(r"自评|自我评价")
TITLE_RULES: tuple[KindRule, ...] = (
    KindRule("guide", _r(r"样例|范例|范文|模板|填写说明|填报说明|填表说明|怎么写|如何填|编写指南|操作指南|培训课件|参考格式|提纲"
                         r"|[（(](?:通用|精选|优选)?\d+篇[)）]"), OTHER,
             "guide or template about the forms, not a report"),
    KindRule("target declaration", _r(r"绩效目标(?:申报|设定|批复|审核)?表|目标申报|绩效目标(?:编制|公开|情况)|绩效目标.{0,4}批复"),
             OTHER, "performance target declaration or approval (绩效目标表/批复), not a self-evaluation", unless=_SELF_EVAL),
    KindRule("notice", _r(r"(?:通知|通报|公告|公示|通告|的函|决定|批复|请示|意见)(?:[（(].{0,8}[)）])?$|^关于.{0,60}(?:通知|通报|公告|公示)"),
             OTHER, "notice about the evaluation work (通知/通报/公告), not a self-evaluation", yields=True),
    KindRule("policy", _r(r"(?:办法|细则|规程|实施方案|工作方案|暂行规定|管理规定|管理制度|操作规程|指导意见|工作规则)"
                          r"(?:\s*[（(]\s*(?:试行|暂行|修订|征求意见稿)\s*[)）])?$"), OTHER,
             "policy or measures document (办法/细则/规程), not a self-evaluation"),
    KindRule("ex-ante assessment", _r(r"事前(?:绩效)?评估"), OTHER,
             "ex-ante assessment of a planned project (事前绩效评估), not a self-evaluation"),
    KindRule("third party", _r(r"第三方|重点(?:项目|支出)?绩效评价|重点评价|再评价|财政(?:局|厅)?(?:重点)?绩效评价|外部评价|评价结果(?:的)?(?:通报|报告)"),
             OTHER, "third-party or finance-bureau evaluation (重点评价/第三方), not a self-evaluation", unless=_SELF_EVAL),
    KindRule("budget disclosure", _r(r"(?:部门|单位|机关|政府|财政|本级|总)(?:\d{4}年度?)?(?:预算|决算)|(?:预算|决算)(?:公开|说明|报表|报告|草案|编制)"
                                     r"|预决算|(?:预算|决算)$"), OTHER,
             "budget disclosure (部门预算/决算), not a self-evaluation",
             unless=_r(r"自评|自我评价|绩效评价|评价报告|评分表|绩效报告"), yields=True, yield_bar=8),
    KindRule("rectification", _r(r"整改(?:情况|落实情况)?(?:的)?报告|整改情况|问题整改"), OTHER,
             "rectification report after an evaluation (整改), not a self-evaluation"),
    KindRule("monitoring", _r(r"绩效(?:运行)?监控|运行监控|执行监控|绩效跟踪"), OTHER,
             "performance monitoring report (绩效监控), not a self-evaluation", unless=_SELF_EVAL),
    KindRule("news", _r(r"召开|举办|举行|培训班|座谈会|推进会|部署会|调度会|动员会|顺利完成|圆满完成|工作会议|会议精神|开展.{0,12}(?:督查|调研|检查)"
                        r"|(?:开展|启动|部署|推进)[^，。\n]{0,30}工作$"),
             OTHER, "news item, not a self-evaluation"),
    KindRule("self-evaluation", _r(r"自评|自我评价|绩效评价(?:报告|情况|结果)?|评价报告|评分表|绩效报告|绩效评价表"), EVALUATED,
             "self-evaluation (title)"),
)

# Body signals of a real self-evaluation: (name, pattern, weight). The bar is EVALUATION_BAR.
EVALUATION_SIGNALS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    ("self-evaluation form", _r(r"(?:项目支出|部门整体支出|整体支出|部门|单位整体)[^\n。]{0,6}绩效自评表"), 3),
    ("executed column", _r(r"全年执行数|预算执行数|执行数[（(]?B|实际支出数|决算数"), 1),
    ("execution rate", _r(r"执行率"), 1),
    ("score", _r(r"自评(?:总)?得分|自评总分|综合得分|评价得分|总\s*分|得分为?\s*\d"), 2),
    ("grade or conclusion", _r(r"自评等级|评价等级|绩效等级|自评结论|评价结论|等级为|等次为"), 2),
    ("actual values", _r(r"实际完成值|完成值|实际完成情况|实际值"), 1),
    ("deviation", _r(r"偏差原因|偏差大"), 2),
    ("report wording", _r(r"(?:绩效)?自评(?:报告|情况报告|工作情况)(?!》)|自评(?:情况)?如下|现将.{0,20}自评.{0,8}(?:报告|如下)"), 2),
    ("transfer-payment outline", _r(r"绩效目标分解下达情况|绩效目标完成情况分析|偏离绩效目标的原因"), 3),
    ("problems section", _r(r"存在的?(?:主要)?问题"), 1),
    ("targets achieved", _r(r"绩效目标(?:实现|完成)情况|目标完成情况"), 1),
)
EVALUATION_BAR = 5
# A budget disclosure yields only to a filled-in self-evaluation form printed in it (a 自评表 with
# executed figures, rates and scores), not to a section or a table of contents naming one.
EVIDENCE_CHARS = 60_000  # signals are looked for near the top (bounded time on huge texts)

# Body signals of a look-alike when the title does not decide (or only says 绩效评价, not 自评):
# (name, pattern, min count, reason). A real self-evaluation in the text overrides all but
# _NOT_OVERRIDDEN (someone else's evaluation quotes the unit's figures and scores too).
BODY_LOOK_ALIKES: tuple[tuple[str, re.Pattern[str], int, str], ...] = (
    ("third party", _r(r"受[^。\n]{0,40}委托|我所|会计师事务所|(?:咨询|评估|管理)(?:有限|股份)?(?:责任)?公司|报字[(（〔\[]?\d{4}"
                       r"|委托(?:单位|方)\s*[:：]|评价机构\s*[:：]"), 2,
     "third-party evaluation (受…委托, 事务所), not a self-evaluation"),
    ("finance bureau", _r(r"财政(?:局|厅|部门)[^。\n]{0,12}(?:组成|成立|组建)[^。\n]{0,8}评价(?:工作)?组"
                          r"|(?:项目单位|部门|单位)(?:上报|报送|提交)的[^。\n]{0,8}自评报告"), 1,
     "finance-bureau evaluation of a unit's spending (财政局评价组), not a self-evaluation"),
    ("attachment list", _r(r"(?m)^\s*(?:附\s*件\s*\d*\s*[:：]?\s*)?\d*\s*[.、．:：]?[^\n]{2,80}(?:报告|表|\.pdf|\.docx?|\.xlsx?)\s*$"), 2,
     "summary notice listing attachments, not a self-evaluation"),
    ("budget tables", _r(r"(?:收入|支出|收支|财政拨款|基本支出|三公.{0,4})(?:预算|决算)(?:总)?表"), 3,
     "budget disclosure (部门预算/决算 tables), not a self-evaluation"),
    ("target declaration", _r(r"绩效目标(?:申报)?表|指标值(?!.{0,20}(?:实际|完成值|得分))|预算申报数|申报金额"
                              r"|项目(?:开始|完成)日期"), 3,
     "performance target declaration (绩效目标表), not a self-evaluation"),
    ("blank template", _r(r"此处(?:填写|填)|[（(]文字说明|填写说明|填表说明|填报说明|精选范本|范文"), 2,
     "blank form or writing guide (此处填写…), not a report"),
    ("news", _r(r"获悉|据悉|记者|通讯员|日前[,，]|近日[,，]"), 2, "news item about the evaluation work, not a self-evaluation"),
    ("notice", _r(r"通知如下|(?:印发|下达|转发|拨付|分配)给你们|请(?:认真)?(?:贯彻)?(?:遵照)?执行"
                  r"|请(?:各|你)[^。\n]{0,30}(?:于|在)[^。\n]{0,20}前|\A\s*各[^\n:：，。]{1,40}[:：]"), 2,
     "notice about the evaluation work (通知如下/请…前报送), not a self-evaluation"),
    ("policy", _r(r"第[一二三四五六七八九十百零]{1,4}条|第一章\s*总\s*则"), 3,
     "policy or measures document (第N条), not a self-evaluation"),
)

# Scope words: department-overall first (a title naming both is the department's overall report).
SCOPE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("department_overall", _r(r"部门整体|整体支出|单位整体|整体绩效|部门支出绩效|部门绩效自评|单位绩效自评|部门\s*[（(]\s*单位\s*[)）]\s*整体")),
    ("project", _r(r"项目|专项|资金|经费|工程")),
)
_BODY_SCOPE = (
    ("department_overall", _r(r"部门整体支出绩效自评表|整体支出绩效自评表|部门整体|部门(?:（单位）|\(单位\))?(?:基本)?概况|部门资金基本情况"
                              r"|部门(?:主要)?职责|机构设置")),
    ("project", _r(r"项目支出绩效自评表|项目(?:支出)?(?:基本情况|绩效|资金概况)|项目绩效目标|项目概况|项目名称")),
)


# Reasons that say only that no evidence was found (a form read from the tables may still prove one).
NO_WORDING = "no self-evaluation wording"
NOT_FOUND = "no self-evaluation found"
NO_EVIDENCE = frozenset({NO_WORDING, NOT_FOUND})


@dataclass(frozen=True)
class Kind:
    kind: str  # department_overall / project / other
    reason: str


_ATTACHMENT_MARK = re.compile(r"(?m)^\s*附\s*件")
_CITED = re.compile(r"《[^》\n]{0,80}》")
_FILE_LINE = re.compile(r"(?m)^[^\n]{0,120}\.(?:pdf|docx?|xlsx?|wps|zip|rar)\s*$", re.IGNORECASE)
_LISTED_FORM = re.compile(r"(?m)^\s*\d{1,2}\s*[.、．]\s*[^\n。，,]{2,30}(?:表|报告)\s*$")  # 1.项目支出绩效自评表 (a list)


def _attachment_lines(head: str, pattern: re.Pattern[str]) -> int:
    """Distinct attachment-like lines from the first 附件 mark on, leaving out lines already
    written before it (a cover title repeated above the body is no attachment)."""
    mark = _ATTACHMENT_MARK.search(head)
    if mark is None:
        return 0
    before = {line.strip() for line in head[: mark.start()].splitlines()}
    lines = {m.group(0).strip() for m in pattern.finditer(head, mark.start())}
    return len(lines - before)


# Body look-alikes that a self-evaluation's evidence does not override: someone else evaluated.
_NOT_OVERRIDDEN = frozenset({"third party", "finance bureau"})


def _body_look_alike(text: str, real: bool) -> str | None:
    head = text[:20000]
    for name, pattern, n, reason in BODY_LOOK_ALIKES:
        if name in _NOT_OVERRIDDEN:
            found = len(pattern.findall(head[:3000]))
        elif real:
            continue
        elif name == "attachment list":
            found = _attachment_lines(head, pattern)
        else:
            found = len(pattern.findall(head))
        if found >= n:
            return reason
    return None


def evaluation_evidence(text: str) -> tuple[int, list[str]]:
    """(weight, signal names) of the self-evaluation signals found in ``text``.

    Titles cited in 《》 and attached file names (``…自评表.xlsx``) name forms, they are not one.
    """
    head = _LISTED_FORM.sub("", _FILE_LINE.sub("", _CITED.sub("", text[:EVIDENCE_CHARS])))
    found = [(name, w) for name, p, w in EVALUATION_SIGNALS if p.search(head)]
    return sum(w for _, w in found), [name for name, _ in found]


def _scope(title: str | None, text: str) -> str:
    for kind, p in SCOPE_WORDS:
        if title and p.search(title):
            return kind
    head = re.sub(r"《[^》\n]{0,80}》", "", text[:6000])  # a cited notice's title says nothing of this report
    counts = {kind: len(p.findall(head)) for kind, p in _BODY_SCOPE}
    if counts["department_overall"] and counts["department_overall"] >= counts["project"] / 3:
        return "department_overall"
    if counts["project"]:
        return "project"
    return "department_overall" if re.search(r"部门|单位", head) else "project"


def classify(titles: list[str], text: str) -> Kind:
    """The kind of a document and why, from its title lines and its text.

    >>> classify(["北京市某局2021年度部门决算"], "第四部分 部门绩效评价情况").kind
    'other'
    >>> classify(["某县某局部门预算项目支出绩效自评表(2023年度)"], "").kind
    'project'
    >>> classify(["关于公开2021年度绩效自评结果的公告"], "项目支出绩效自评表 全年执行数 执行率 自评得分95 评价结论").kind
    'project'
    """
    evidence, signals = evaluation_evidence(text)
    real = evidence >= EVALUATION_BAR
    body_look_alike = _body_look_alike(text, real)
    for title in titles:
        for rule in TITLE_RULES:
            if not rule.pattern.search(title) or (rule.unless is not None and rule.unless.search(title)):
                continue
            bar = EVALUATION_BAR if rule.yield_bar is None else rule.yield_bar
            if rule.outcome == OTHER and not (rule.yields and evidence >= bar):
                return Kind(OTHER, rule.reason)
            if rule.outcome == OTHER:
                return Kind(_scope(None, text), f"{rule.name} that holds a self-evaluation ({', '.join(signals)})")
            if body_look_alike and not _SELF_EVAL.search(title):
                return Kind(OTHER, body_look_alike)  # titled 绩效评价报告, written by a third party
            return Kind(_scope(title, text), rule.reason)
    if body_look_alike:
        return Kind(OTHER, body_look_alike)
    if real:
        return Kind(_scope(titles[0] if titles else None, text), f"self-evaluation ({', '.join(signals)})")
    if not re.search(r"绩效|自评", text[:EVIDENCE_CHARS]):
        return Kind(OTHER, NO_WORDING)
    weak = [title for title in titles if SCOPE_WORDS[0][1].search(title) or SCOPE_WORDS[1][1].search(title)]
    structure = any(p.search(text[:6000]) for _, p in _BODY_SCOPE)
    if evidence >= 2 or weak or structure:
        return Kind(_scope(weak[0] if weak else None, text), f"self-evaluation, weak evidence ({', '.join(signals) or 'title'})")
    return Kind(OTHER, NOT_FOUND)
