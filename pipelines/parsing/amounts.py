"""Money figures and rates in narrative sentences -> ``Amount`` / ``OtherFigure`` records.

Each figure is read with its *label*: the words between the previous figure (or the
start of the clause) and the number. The label names a measure (lexicon), a class of the
functional/economic classification (a breakdown of the measure in context), a phase
(年初预算, 实际支出, 较上年减少 …) or nothing (then the measure in context applies).
Context flows through a paragraph: ``其中`` parts belong to the last total stated, and a
phase stated once (三公经费预算为… 其中…) holds for the parts that follow.

A figure whose label names no measure is still read (``_unlabelled``): by its words it is the
unit's own money (the generic measure ``funds``, or the ``project_expenditure`` of an item it
names), or an ``OtherFigure`` whose reason says whose money it is; the word tables live in
``money_words``. Stated changes against last year or the budget are amounts with the phases
yoy_change / budget_variance.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pipelines.model import Amount, OtherFigure
from pipelines.parsing import lexicon, money_words
from pipelines.parsing.mentions import Mention, find_mentions
from pipelines.parsing.normalize import label_key
from pipelines.parsing.numbers import canonical_decimal, to_yuan
from pipelines.parsing.sentences import Sentence

_CLAUSE_BREAK = re.compile(r"[，,；;。]")
# How far back a figure's clause is read (a longer clause is no sentence a writer meant; bounded so
# a megabyte without punctuation stays linear).
CLAUSE_LOOKBACK = 300
_TOTAL_WORD = re.compile(r"共计|合计|总计|累计|总额")
_DECREASE = re.compile(r"减少|下降|降低|节约|节省|减幅|降幅|缩减|压减|减")
_YOY = re.compile(r"同比|较上年|比上年|与上年|较去年|比去年|上年同期|较20\d{2}年|比20\d{2}年|与20\d{2}年")
_VS_BUDGET = re.compile(r"(比|较|与|超出|超过|低于)(年初)?预算")
_DIRECTION = re.compile(r"增加|增长|上升|减少|下降|降低|节约|节省|超出|超支|增幅|减幅|降幅|持平")
_PRIOR = re.compile(r"上年|去年|上一年")
_ADJUSTED = re.compile(r"调整后预算|全年预算|调整预算|全年（调整）预算|全年\(调整\)预算")
_APPROVED = re.compile(r"年初预算|预算数|预算为|预算是|部门预算|收入预算|支出预算|预算收入|预算支出|预算总额|预算安排|预算(?!内|外|执行|管理|节约)")
_EXECUTED = re.compile(r"实际支出|执行数|决算|实际使用|实际完成|支出|完成|使用|拨付|支付|实际|执行")
# A mid-year change of the budget (追加预算X, 调减Y): the change itself, not the adjusted total.
_ADJUSTMENT = re.compile(r"追加|调增|调减")
# Fund-source names that contain phase words (一般公共预算 is not a budget phase).
_FUND_WORDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算")
# Parts listed after a total: 其中…, 即…, 分别为…, 包括…
_PARTS = re.compile(r"其中|分别为|分别是|分别|包括|分项看|分项目看|具体为")
# A total named only by its phase and 支出/收入 (年初预算支出, 决算支出, 实际支出合计).
_BARE_TOTAL = re.compile(
    r"^[\d年度本我局部门单位全上半当:：,，]*(年初|全年|年度|本年)?(预算|决算|实际|执行)(?P<what>支出|收入)(总额|合计|总计|数|额|为|是|共|计|达到)*$")
_SHARE = re.compile(r"占(?P<of>[^，,；;。%]{0,16}?)(的|比重|比例)?$|占比$|比重为?$|占比为?$")
_EXEC_RATE = re.compile(r"完成(年初)?预算的?$|预算完成率为?$")
_VARIANCE_AMOUNT = re.compile(r"差异额|差额")
# A change whose subject is just 收入 or 支出 (收入较去年减少…): the department's total.
_BARE_SUBJECT = re.compile(r"^\W*(?:\d{4}年度?)?(?:本年度?|全年|当年)?(总收入|收入|总支出|支出)(?:总额|合计)?(?:较|比|同比|与)")
_VARIANCE_RATE = re.compile(r"(超出|超过|低于)(年初)?预算的?$|差异率(是|为)?$")
# A sentence that breaks down the funds just stated (以上经费，A X万元、B Y万元): its figures are parts.
_ABOVE_FUNDS = re.compile(r"^\W*(?:以上|上述)(?:项目)?(?:经费|资金|款项|支出)[，,:：中]")
# A figure in brackets right after another (支出X万元（财政拨款Y万元）/ X万元（包含预算外Y万元）): a part of it.
_BRACKET_PART = re.compile(r"^\s*[（(](?:其中|包含|包括|含)?[:：]?(?P<label>[^（()）]*)$")
# A part named only as the rest (其余X万元为<label>支出): its label follows the number.
_REST = re.compile(r"^[\s、,，:：]*(?:其余|剩余|余下)(?:部分)?[为是]?$")
_REST_NAME = re.compile(r"^\s*(?:为|是|用于|系)(?P<name>[^，,；;。、（()）]{2,30}?)(?:支出|使用|开支)?(?=[，,；;。（(]|$)")
# Funds that a project receives (项目资金/专项资金/财政拨款资金 …到位X): funds_received when the words say so.
_RECEIVABLE = frozenset({"project_expenditure", "fiscal_appropriation"})
_RECEIVED = re.compile(r"到位|收到|拨入")
_SPENDING = frozenset({"expenditure_total", "basic_expenditure", "project_expenditure", "personnel_expenditure",
                       "public_expenditure"})

# Words that mark a figure as somebody else's money (enterprises, loans, contracts) or as
# money won from elsewhere, not the department's own revenue or spending (money_words.NOT_OURS).
_OTHERS = money_words.OTHERS.before
_WON = money_words.WON.before
_NOT_OURS = money_words.NOT_THE_DEPARTMENTS
# The generic measure of money whose label names no measure (in a department report).
GENERIC_MEASURE = "funds"
_UNLABELLED = "no measure or class label"


@dataclass
class _Context:
    """What a paragraph has established so far."""

    measure: str | None = None
    phase: str | None = None
    fund_source: str | None = None
    subject_type: str = "department"
    subject_name: str | None = None
    last_code: str | None = None
    in_parts: bool = False  # after 其中 in the current sentence: figures are parts of ctx.measure
    comparing: str | None = None  # yoy / variance once the sentence compares (later X减少N compare too)
    lead: bool = False  # set by a lead line (收入预算。): holds for the paragraph after it
    last: Amount | None = None  # the last money amount of the paragraph (差异额 refers to it)
    phase_here: bool = False  # the phase was stated in this paragraph or by a lead line (else it leaked)
    default_measure: str | None = None  # project_expenditure in a project report
    detail: str | None = None  # the name a generic figure gave (追加预算): later unlabelled figures inherit it
    item: str | None = None  # the item or project a generic figure of this sentence named
    saved: tuple | None = None  # the context before a generic figure took it over (restored at the next sentence)
    not_ours: money_words.NotOurs | None = None  # once a figure of this sentence was not the unit's: its family
    spent_measure: str | None = None  # what money received (funds_received) is spent as (项目资金到位X，支出Y)


@dataclass
class NarrativeFigures:
    amounts: list[Amount]
    others: list[OtherFigure]
    labelled: list[tuple[str, Mention, Sentence]]  # every money figure with its label (for table cross-checks)
    generic: set[int] = field(default_factory=set)  # char_start of amounts read by their words alone (_unlabelled)


def _phase_from_words(label: str, without_measure: str) -> str | None:
    """The phase the words say. 支出 inside a measure name (基本支出) does not mean executed."""
    label, without_measure = _FUND_WORDS.sub("", label), _FUND_WORDS.sub("", without_measure)
    if _ADJUSTMENT.search(label):
        return "adjustment"
    if _ADJUSTED.search(label):
        return "adjusted"
    if _PRIOR.search(without_measure) and not _YOY.search(label) and not _DIRECTION.search(label):
        return "prior_year"
    if _APPROVED.search(label):
        return "approved"
    if _EXECUTED.search(without_measure):
        return "executed"
    return None


def _clause_label(text: str) -> str:
    """The label right before a figure: the words after the last clause break.

    A figure that opens a clause after ；/。 (``…；30万元用于审计``) has no label before it (its name
    follows it); after a comma the clause before still labels it (``基本支出，100万元``).
    """
    parts = _CLAUSE_BREAK.split(text)
    tail = parts[-1] if parts else text
    if re.search(r"[\u4e00-\u9fff]", tail):
        return tail
    return tail if re.search(r"[；;。]\W*$", text) else text


_PART_WORDS = re.compile(
    r"^(?:其中|(?:以上|上述)(?:项目)?(?:经费|资金|款项|支出)|包括|包含|含|分别为|分别是|分别|具体为|[,，、:：])+")
_LABEL_TAIL = re.compile(r"(?:支出|为|是|共|计|达到|合计)+$")


def part_label(label: str) -> str | None:
    """The name of a part as the report words it, for ``detail``: without the words that list parts
    (其中, 以上经费…), a document it follows (依据《…》), a trailing 支出; a list ``A、B、C等`` is ``A等``.

    >>> part_label("其中局项目工作经费支出")
    '局项目工作经费'
    >>> part_label("依据《某某行动方案》人才引进补助")
    '人才引进补助'
    >>> part_label("、专利申请、成果登记、科普宣传等")
    '专利申请等'
    """
    key = label_key(label).strip(" ,，、:：;；")
    if "《" in key and "》" in key:
        key = key[key.rfind("》") + 1:]
    key = _LABEL_TAIL.sub("", _PART_WORDS.sub("", key)).strip(" ,，、:：")
    if "、" in key and key.endswith("等"):
        key = key.split("、")[0] + "等"
    return key if len(key) >= 2 else None


def _fund_only(name: str) -> bool:
    """True when a part's name is just a fund (财政拨款, 一般公共预算资金, 预算外), which is not a ``detail``."""
    rest = name
    for word in lexicon.FUND_SOURCES:
        rest = rest.replace(word, "")
    return len(re.sub(r"资金|经费|拨款|收入|部分|预算|经营", "", rest)) < 2


class _Builder:
    def __init__(self, report_id: str, text: str, folded: str) -> None:
        self.report_id = report_id
        self.text = text
        self.folded = folded
        self.amounts: list[Amount] = []
        self.others: list[OtherFigure] = []
        self.labelled: list[tuple[str, Mention, Sentence]] = []
        self.generic: set[int] = set()

    def amount(self, m: Mention, s: Sentence, measure: str, phase: str, value: Decimal, ctx: _Context, **kw) -> None:
        info = lexicon.measures()[measure]
        kind = "rate" if m.kind == "rate" else info.kind
        unit = "percent" if m.kind == "rate" else "yuan"
        label_start = max(s.start, m.start - 30, kw.pop("label_start", 0))
        source = kw.pop("source", None)
        if source is None:
            source = self.text[label_start: m.end]
            source = re.split(r"[，,；;。、：:]", source)[-1] or source
        self.amounts.append(
            Amount(
                report_id=self.report_id, seq=len(self.amounts) + 1, measure=measure, kind=kind, phase=phase,
                value=canonical_decimal(value), value_unit=unit, source_value=m.source_value, source_unit=m.source_unit,
                source_text=source, sentence=s.text, char_start=m.start, char_end=m.end,
                fund_source=kw.get("fund_source", ctx.fund_source), subject_type=kw.get("subject_type", ctx.subject_type),
                subject_name=kw.get("subject_name", ctx.subject_name), func_code=kw.get("func_code"),
                econ_code=kw.get("econ_code"),
                detail=kw.get("detail"),
            )
        )

    def other(self, m: Mention, s: Sentence, reason: str, label: str) -> None:
        value = to_yuan(m.value, m.source_unit) if m.kind == "money" else m.value
        self.others.append(
            OtherFigure(self.report_id, len(self.others) + 1, canonical_decimal(value), m.source_value, m.source_unit,
                        reason, s.text, m.start, m.end, label=label_key(label)[-20:] or None)
        )


def _money(b: _Builder, m: Mention, s: Sentence, raw_label: str, ctx: _Context, prev: Amount | None) -> None:
    label = _clause_label(raw_label)
    if ";" in label_key(raw_label).replace("；", ";"):
        ctx.not_ours = None  # A X万元；B Y万元: each item of a ；-list speaks for itself
    # The clause of the figure and the one before it (争取…项目12项，资金X万元: the verb sits one clause back).
    window = "，".join(_CLAUSE_BREAK.split(b.folded[max(s.start, m.start - len(raw_label) - 12): m.start])[-2:])
    found = lexicon.find_measure(label)
    if found is not None and lexicon.measures()[found.measure].kind != "money":
        found = None  # 离退休人员活动经费X万元: a headcount word inside a money label names no measure
    code = lexicon.find_class(label, parent_code=ctx.last_code[:3] if ctx.last_code else None)
    part = ctx.in_parts and ctx.last is not None and ctx.last.kind == "money" and ctx.last.sentence == s.text \
        or "其中" in label
    if (_is_others(label, ctx, part)
            or (found is None and _is_others(window, ctx, part) and not re.search(r"其中|合计|总计", label))) \
            and not _named_project(raw_label):  # 高新技术企业培育奖补资金支出X: a project's name, not others' money
        b.other(m, s, _NOT_OURS, label)
        ctx.not_ours = money_words.OTHERS
        return
    value = to_yuan(m.value, m.source_unit)
    if _bracketed_part(b, m, s, raw_label, ctx, prev, value):
        return
    key = label_key(label)
    words_phase = _phase_from_words(key, key[: found.start] + key[found.end:] if found else key)
    fund = lexicon.fund_source_in(label)
    is_yoy = bool(_YOY.search(label) and _DIRECTION.search(label)) or bool(re.fullmatch(r"\s*(增加|增长|减少|下降)了?\s*", label))
    is_variance = bool(_VS_BUDGET.search(label) and _DIRECTION.search(label)) or bool(_VARIANCE_AMOUNT.search(label))
    if not (is_yoy or is_variance) and ctx.comparing and _DIRECTION.search(label):
        is_yoy, is_variance = ctx.comparing == "yoy", ctx.comparing == "variance"
    if is_yoy or is_variance:
        _change(b, m, s, label, found, value, ctx, "budget_variance" if is_variance else "yoy_change")
        return
    family = money_words.not_ours(key, b.folded[m.end: s.end], money_words.FIGURE_FAMILIES)
    clause = _CLAUSE_BREAK.split(b.folded[max(s.start, m.start - CLAUSE_LOOKBACK): m.start])[-1]
    if family is None and money_words.PER_UNIT_CLAUSE.search(clause):
        family = money_words.PER_UNIT  # 每名…每年补贴为500元, 按每个街道20万元标准核定: a rate, wherever in its clause 每 is
    if family is None and ctx.not_ours is not None and not _is_part(label) and not found \
            and money_words.generic_reading(key) is None and not _CLAUSE_BREAK.search(raw_label) \
            and not _TOTAL_WORD.search(raw_label):  # 按生均1000元安排，共计239万元: the total is the unit's
        family = ctx.not_ours  # 生均公用经费小学650元、初中850元: a list joined by 、 goes on
    if family is not None:  # 生均…元, 成本指标…万元以内, 10-20万元, 固定资产原值…: not money the unit received or spent
        b.other(m, s, family.reason, label)
        ctx.not_ours = family
        return
    if ctx.measure and lexicon.measures()[ctx.measure].kind != "money":
        ctx.measure = None  # a lead line naming a rate (1.执行率情况。) does not label the money after it
    revenue_detail = lexicon.revenue_detail_in(key)
    if revenue_detail and (found is None or found.end <= len(key) - len(revenue_detail)):
        b.amount(m, s, "revenue_total", words_phase or ctx.phase or "executed", value, ctx,
                 fund_source=lexicon.fund_source_in(revenue_detail), detail=revenue_detail)
        return
    if code and (found is None or _class_after_measure(label, found, code)):
        parent = found[0] if found else ctx.measure
        if parent is None:
            parent = "expenditure_total"
        phase = words_phase if words_phase and found else (ctx.phase or words_phase or "executed")
        scheme = lexicon.classes()[code].scheme
        kw = {"func_code": code} if scheme == "func" else {"econ_code": code}
        if fund:
            kw["fund_source"] = fund
        b.amount(m, s, parent, phase, value, ctx, **kw)
        ctx.last_code = code
        if found and not ctx.in_parts:
            ctx.measure, ctx.phase, ctx.phase_here = parent, phase, True
        return
    if ctx.saved is not None and (";" in label_key(raw_label).replace("；", ";") or _SUBTOTAL.search(key)):
        _restore(ctx)  # A X万元；B Y万元，合计Z: the total is not part of the last item
    detail = None
    if _is_part(label) or re.search(r"其中[，,:：]\W*$", label_key(raw_label)[: -len(key) or None]):
        ctx.in_parts = True  # 其中，A X万元: the comma after 其中 does not end the list
        if ("其中" in label and found is None and prev is not None and prev.kind == "money" and not prev.func_code
                and not prev.econ_code and prev.measure != ctx.measure):
            ctx.measure, ctx.phase = prev.measure, prev.phase  # 项目支出X万元，其中…: parts of the figure just stated
    if found is None and not ctx.measure:
        bare = _BARE_TOTAL.search(key)
        if ctx.default_measure and (words_phase or bare):
            ctx.measure = ctx.default_measure
        elif bare is not None:
            found = lexicon.MeasureHit("revenue_total" if bare["what"] == "收入" else "expenditure_total",
                                       len(key), bare.start("what"))
        elif _named_project(raw_label):  # 科普活动经费实际支出X: spending on a named project
            found = lexicon.MeasureHit("project_expenditure", len(key), len(key))
    if found is None:
        named = part_label(label) if ctx.in_parts else None
        if named and (_phase_from_words(named, named) or (fund and _fund_only(named))):
            named = None
        if (_REST.match(key) and (ctx.in_parts or _PARTS.search(b.folded, s.start, m.start))
                and (rest := _REST_NAME.match(b.folded[m.end: s.end]))):
            named = part_label(rest["name"])  # 其余X万元为<label>支出: the label follows the number
        if ctx.measure and (words_phase or (fund and ctx.in_parts) or named
                            or re.fullmatch(r"[\s：:为是共计合计总计其中达到]*", label)):
            measure = ctx.measure
            if measure == "funds_received" and words_phase and not _RECEIVED.search(key):
                measure = ctx.spent_measure or GENERIC_MEASURE  # 资金到位X。已支付Y: Y is spent, not received
            if words_phase:
                ctx.phase, ctx.phase_here = words_phase, True
            detail = named  # 其中局项目工作经费支出X万元: a sub-account named by its label
            if detail is None and money_words.name_in(key) is None \
                    and (after := money_words.NAME_AFTER.match(b.folded, m.end, s.end)):
                detail = money_words.name_in(after["name"] or after["purpose"])  # ；30万元用于审计: named after it
            if detail is None and not ctx.in_parts and ctx.detail:  # 追加预算X，支出Y: Y is spent from X
                detail = ctx.detail
        else:
            _unlabelled(b, m, s, raw_label, ctx, value)
            return
    else:
        measure = found[0]
        if measure in _RECEIVABLE and _RECEIVED.search(key, found.end):  # 项目资金实际到位X: money received
            fund = fund or ("fiscal_appropriation" if measure == "fiscal_appropriation" else None)
            ctx.spent_measure = measure
            measure, words_phase = "funds_received", "executed"
    if lexicon.measures()[measure].kind != "money":
        b.other(m, s, f"money figure labelled with a {lexicon.measures()[measure].kind} measure", label)
        return
    inherited = ctx.phase if (ctx.phase_here or ctx.in_parts or found is None) else None
    phase = words_phase or lexicon.DEFAULT_PHASES.get(measure) or inherited or "executed"
    if words_phase == "adjustment" and money_words.ADJUSTMENT_DOWN.search(key):
        value = -value
    if measure in lexicon.STATED_MEASURES:
        phase = "stated"
    if measure == "fiscal_appropriation":
        fund = None  # 财政拨款X (a revenue line): the measure itself, not a restriction of another one
    if found is not None and (not ctx.in_parts or ctx.measure is None):
        ctx.measure = measure
        ctx.phase = phase
        ctx.phase_here = True
        ctx.fund_source = fund
        ctx.last_code = None
    if found is not None and not ctx.in_parts:
        ctx.detail = ctx.item = None
    kw = {"subject_type": "project", "subject_name": ctx.item} if ctx.item and found is None else {}
    b.amount(m, s, measure, phase, value, ctx, detail=detail, fund_source=fund, **kw)


def _unlabelled(b: _Builder, m: Mention, s: Sentence, raw_label: str, ctx: _Context, value: Decimal) -> None:
    """A money figure whose label names no measure or class: the unit's own money, read by its words.

    The not-ours words were checked before. The label's name (without listing and phase words,
    or the words right after the number: ``拨付5万元驻村工作经费``) becomes ``detail``; a name that
    ends in 经费/资金/项目… and is more than a fund (中央资金) is an item or project of the unit
    (project_expenditure, subject project). The measure is otherwise the report's default
    (project_expenditure in a project report) or the generic ``funds``; some words name a measure
    (到位 -> funds_received, 结余 -> balance_year_end, 结转 -> carryover_prior_year). The phase is
    the word nearest the number (money_words.GENERIC_READINGS), else the phase of the total the
    figure is a part of, else executed. A figure with no name, in a sentence that does not speak
    of money, stays an other figure.
    """
    label = _clause_label(raw_label)
    key = label_key(label)

    if ctx.not_ours is money_words.OTHERS and money_words.generic_reading(key) is None:
        b.other(m, s, ctx.not_ours.reason, label)  # 获批A项目…资金X，B项目…资金Y: somebody else's list goes on
        return
    name = (money_words.counted_project(label_key(raw_label)) or money_words.name_in(key.rsplit(":", 1)[-1])
            or money_words.head_item(label_key(b.folded[s.start: m.start])))
    if name in money_words.BARE_NAMES:  # 2023年收入X元: the unit's total
        b.amount(m, s, money_words.BARE_NAMES[name], ctx.phase if ctx.phase_here else "executed", value, ctx)
        return
    if (family := money_words.not_ours(name or "", "", money_words.UNLABELLED_NOT_OURS)) is not None:
        b.other(m, s, family.reason, label)  # 旅游综合收入, 农民人均可支配收入: somebody else's income
        ctx.not_ours = family
        return
    if (name is None or money_words.ends_with_verb(key)) and (after := money_words.NAME_AFTER.match(b.folded, m.end, s.end)):
        # 拨付5万元驻村工作经费: the name follows the number; 拨付X万元用于道路维修: the purpose names it
        name = money_words.name_in(after["name"] or after["purpose"]) or name
    total = bool(_TOTAL_WORD.fullmatch(key)) and bool(money_words.MONEY_WORDS.search(b.folded, s.start, s.end))
    if name is None and not ctx.in_parts and not money_words.MONEY_WORDS.search(key) and not total and (
            money_words.generic_reading(key) is None or not money_words.MONEY_WORDS.search(b.folded, s.start, s.end)):
        b.other(m, s, _UNLABELLED, label)  # (共计X万元 in a sentence about funds is their total: kept)
        return
    reading = money_words.generic_reading(key)
    measure = ctx.default_measure or GENERIC_MEASURE
    ctx.spent_measure = measure
    if reading is not None:
        measure = reading[0] or measure
        phase = reading[1]
    elif ctx.in_parts and ctx.phase:
        phase = ctx.phase
    else:
        reading = money_words.generic_reading(b.folded[s.start: m.start])
        phase = reading[1] if reading is not None and reading[0] is None else "executed"
    if phase == "adjustment" and money_words.ADJUSTMENT_DOWN.search(key):
        value = -value
    item = money_words.item_name(name) if name else None
    kw: dict = {"detail": name}
    if item is not None and measure == GENERIC_MEASURE:
        measure, kw = "project_expenditure", {"subject_type": "project", "subject_name": item}
    elif item is not None and measure == ctx.default_measure:
        kw = {"detail": None, "subject_type": "project", "subject_name": item}
    b.amount(m, s, measure, phase, value, ctx, fund_source=lexicon.fund_source_in(label), **kw)
    b.generic.add(m.start)
    if not ctx.in_parts:  # its parts (其中…) follow it; the next sentence returns to the context before it
        if ctx.saved is None:
            ctx.saved = (ctx.measure, ctx.phase, ctx.phase_here, ctx.fund_source, ctx.last_code)
        ctx.measure, ctx.phase, ctx.phase_here, ctx.fund_source, ctx.last_code = measure, phase, True, None, None
        ctx.detail = None if item else name
        ctx.item = item


def _restore(ctx: _Context) -> None:
    """Give back the context a generic figure took over (see ``_unlabelled``)."""
    if ctx.saved is not None:
        ctx.measure, ctx.phase, ctx.phase_here, ctx.fund_source, ctx.last_code = ctx.saved
    ctx.saved = ctx.detail = ctx.item = None


def _is_others(text: str, ctx: _Context, part: bool = False) -> bool:
    """Words that make money somebody else's. Money won (争取…) is the unit's own funding in a project
    report, or as a part of a figure of the unit (总投资X，其中争取中央资金Y), unless a beneficiary is named."""
    return bool(_OTHERS.search(text) or (_WON.search(text) and (
        (ctx.default_measure is None and not part) or money_words.BENEFICIARIES.search(text))))


def _bracketed_part(b: _Builder, m: Mention, s: Sentence, raw_label: str, ctx: _Context, prev: Amount | None,
                    value: Decimal) -> bool:
    """A figure in brackets right after a money figure is a part of it (same measure, phase, codes).

    ``支出X万元（财政拨款Y万元）`` restricts the spending to a fund; ``X万元（包含预算外Y万元）``
    is a part whose ``detail`` extends the figure's own detail. A bracket that names another
    measure (收入合计X（财政拨款Y）: a revenue line) is not a part.
    """
    if prev is None or prev.kind != "money" or prev.char_end + len(raw_label) != m.start or prev.origin != "narrative":
        return False
    bm = _BRACKET_PART.match(raw_label)
    if bm is None:
        return False
    label = label_key(bm["label"]).strip(" ,，:：")
    found = lexicon.find_measure(label) if label else None
    fund = lexicon.fund_source_in(label) if label else None
    if found is not None and not (found.measure == "fiscal_appropriation" and prev.measure in _SPENDING):
        return False
    if not label or _OTHERS.search(label) or _WON.search(label) or _phase_from_words(label, label) \
            or lexicon.find_class(label):
        return False
    named = part_label(label)
    if named and fund and _fund_only(named) and not prev.detail:
        named = None  # 财政拨款Y: the figure's fund part, no name of its own
    detail = (prev.detail or "") + named if named else None
    b.amount(m, s, prev.measure, prev.phase, value, ctx, fund_source=fund or prev.fund_source, detail=detail,
             func_code=prev.func_code, econ_code=prev.econ_code)
    return True


def _change(b: _Builder, m: Mention, s: Sentence, label: str, found: lexicon.MeasureHit | None, value: Decimal,
            ctx: _Context, phase: str) -> None:
    """A stated change against last year or against the budget (sign from the wording)."""
    codes: dict[str, str | None] = {}
    if found and _measure_before_direction(label, found):
        measure: str | None = found[0]
        if not ctx.in_parts:  # “三公”经费比预算节约X，比上年下降Y: later changes are the same measure's
            ctx.measure, ctx.last_code = measure, None
    elif (bare := _BARE_SUBJECT.match(label_key(label))) is not None:
        measure = "revenue_total" if "收入" in bare.group(1) else "expenditure_total"
    elif phase == "budget_variance" and ctx.last is not None and _VARIANCE_AMOUNT.search(label):
        measure = ctx.last.measure
        codes = {"func_code": ctx.last.func_code, "econ_code": ctx.last.econ_code}
    else:
        measure = ctx.measure
        if found is None and (item := _changed_item(label)):
            codes = {"detail": item}  # 主要原因是其他应付款减少X: the item that changed, within the measure
    if measure is None:
        b.other(m, s, "change without a measure in context", label)
        return
    ctx.comparing = "variance" if phase == "budget_variance" else "yoy"
    sign = -1 if _DECREASE.search(label) else 1
    b.amount(m, s, measure, phase, sign * value, ctx, **codes)


_CAUSE_WORDS = re.compile(r"^(?:主要|其中)?(?:原因|是因为|是由于|由于|因为|在于|是|系|为|:|：)*")


def _changed_item(label: str) -> str | None:
    """The item named as what changed (其他应付款减少X -> 其他应付款), without cause words and comparisons.

    >>> _changed_item("主要原因是应付账款减少")
    '应付账款'
    >>> _changed_item("比上年度相比减少") is None
    True
    """
    key = label_key(label)
    d = _DIRECTION.search(key)
    head = key[: d.start()] if d else ""
    for cut in (_YOY.search(head), _VS_BUDGET.search(head)):
        if cut is not None:
            head = head[: cut.start()]
    head = _CAUSE_WORDS.sub("", head.strip(" ,，、:："))
    named = part_label(head) if head else None
    if named is None or _phase_from_words(named, named) or re.search(r"\d|本年|今年|全年|当年|上年|去年|相比|对比", named):
        return None
    return named


def _is_part(label: str) -> bool:
    return bool(_PARTS.search(label)) or label.lstrip(" ,，:：").startswith("即")


def _measure_before_direction(label: str, found: tuple[str, int]) -> bool:
    d = _DIRECTION.search(label)
    return d is not None and found[1] <= d.start() + 1


def _class_after_measure(label: str, found: tuple[str, int], code: str) -> bool:
    """True when a class name follows the measure label (基本支出中工资福利支出…)."""
    key = label_key(label)
    name = label_key(lexicon.classes()[code].name)
    pos = key.rfind(name[:4])
    if pos < 0:  # matched by a close spelling: a class if text follows the measure label
        return len(key) - found[1] > 3
    return pos >= found[1]


# No stated percentage is this large (the largest seen in real reports is over 2,000 %, an execution
# rate against a tiny initial budget); a larger one is digits of neighbouring cells run together.
_MAX_RATE = Decimal(100_000)


def _rate(b: _Builder, m: Mention, s: Sentence, raw_label: str, ctx: _Context, prev: Amount | None) -> None:
    label = _clause_label(raw_label).strip()
    if m.value > _MAX_RATE:  # 12001200100%: cells of a flattened form run together, not a rate
        b.other(m, s, "implausible percentage (digits run together)", label)
        return
    found = lexicon.find_measure(label)
    codes = {"func_code": prev.func_code, "econ_code": prev.econ_code} if prev is not None else {}
    if prev is not None and _EXEC_RATE.search(label):
        b.amount(m, s, prev.measure, "execution_rate", m.value, ctx, detail="initial" if "年初" in label else None, **codes)
        return
    if found and lexicon.measures()[found[0]].kind == "rate":
        b.amount(m, s, found[0], "executed", m.value, ctx, fund_source=None)
        return
    if prev is None or _OTHERS.search(label) or _WON.search(label):
        b.other(m, s, "rate without a department figure in context", label)
        return
    if _SHARE.search(label) or _SHARE.search(label_key(raw_label).rstrip(",，、:：")):
        share = label_key(raw_label)
        at = share.rfind("占")
        b.amount(m, s, prev.measure, "share", m.value, ctx, fund_source=prev.fund_source,
                 source=(share[at:] if at >= 0 else "") + m.source_value + m.source_unit,
                 subject_type=prev.subject_type, subject_name=prev.subject_name, detail=prev.detail, **codes)
        return
    if _VARIANCE_RATE.search(label):
        sign = -1 if re.search(r"低于|节约", label) else 1
        b.amount(m, s, prev.measure, "budget_variance_rate", sign * m.value, ctx, **codes)
        return
    if _DIRECTION.search(label) or re.search(r"增幅|减幅|降幅", label):
        sign = -1 if _DECREASE.search(label) else 1
        if prev.phase in ("budget_variance",):
            b.amount(m, s, prev.measure, "budget_variance_rate", sign * m.value, ctx, **codes)
        else:
            b.amount(m, s, prev.measure, "yoy_change_rate", sign * m.value, ctx, **codes)
        return
    b.other(m, s, "rate with no recognised meaning", label)


def share_denominator(source_text: str) -> str | None:
    """The total a share is stated against (占基本支出的94.94% -> 基本支出), from its source text.

    >>> share_denominator("占收入预算总额,74.86%")
    '收入预算总额'
    >>> share_denominator("占39.80%") is None
    True
    """
    m = re.search(r"占(\D{1,16}?)(的|比重|比例)?[,，:：]?\d", label_key(source_text))
    if m and m.group(1) and m.group(1) != "比":
        return m.group(1)
    return None


# A project named in a list of project figures: 分项目看，A经费全年支出X；B资金支出Y。
_NAMED_PROJECT = re.compile(
    r"^(?:分项目看|分项看|具体来看|其中)?[,，:：]?(?P<name>[^,，;；:：。]{2,30}?(?:经费|资金|专项|工程))(?:全年|实际|年度)?(?:支出|使用|执行数?)[为是]?$")
_GENERIC_PROJECT_LABELS = frozenset({"项目经费", "专项经费", "项目资金", "专项资金", "财政资金", "财政拨款资金"})


def _named_project(raw_label: str) -> str | None:
    """The project a figure's label names (科普活动经费支出 -> 科普活动经费), if any.

    >>> _named_project("分项目看，2020年科普活动经费全年支出")
    '2020年科普活动经费'
    >>> _named_project("其中项目经费支出") is None
    True
    """
    label = _clause_label(raw_label).strip()
    m = _NAMED_PROJECT.match(label_key(label))
    if not m or m["name"] in _GENERIC_PROJECT_LABELS or re.search(r"其中|以上|上述|合计|总计", m["name"]):
        return None
    return m["name"]


# A line that only names a measure (1．收入预算。): the figures that follow belong to it.
_LEAD_MAX_CHARS = 20
_NUMBERING = re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}(?:[.．](?!\d)|、))")


def extract_narrative(report_id: str, text: str, folded: str, paragraphs: list[list[Sentence]],
                      default_measure: str | None = None) -> NarrativeFigures:
    """Amounts and other figures of every paragraph (a paragraph is a list of sentences).

    Context (measure, phase) flows from one paragraph to the next until a numbered heading
    or a line without figures; a short line that only names a measure (收入预算。) sets it.
    """
    b = _Builder(report_id, text, folded)
    ctx = _Context(default_measure=default_measure)
    for sentences in paragraphs:
        if not sentences:
            continue
        mentions = [find_mentions(folded, s.start, s.end) for s in sentences]
        if _NUMBERING.match(sentences[0].text) or not any(mentions):
            ctx = _Context(default_measure=default_measure)
        elif not ctx.lead:
            ctx.phase_here = False  # a phase stated in the previous paragraph only fills in unlabelled figures
        for s, found_mentions in zip(sentences, mentions, strict=True):
            pos = s.start
            ctx.in_parts = False
            ctx.comparing = None
            ctx.item = ctx.not_ours = None
            if ctx.saved is not None:
                _restore(ctx)
            prev_amount: Amount | None = None
            if not found_mentions:
                _lead(s, ctx)
                continue
            ctx.in_parts = bool(_ABOVE_FUNDS.match(s.text))
            named: list[tuple[Amount, str]] = []
            for m in found_mentions:
                raw_label = folded[pos: m.start]
                before = len(b.amounts)
                if m.kind == "money":
                    b.labelled.append((label_key(_clause_label(raw_label)), m, s))
                    _money(b, m, s, raw_label, ctx, prev_amount)
                    a = b.amounts[-1] if len(b.amounts) > before else None
                    if (a is not None and a.measure == "project_expenditure" and a.subject_type == "department"
                            and not (a.func_code or a.econ_code) and (name := _named_project(raw_label))):
                        named.append((a, name))
                else:
                    _rate(b, m, s, raw_label, ctx, prev_amount)
                if len(b.amounts) > before and b.amounts[-1].kind != "rate":
                    prev_amount = b.amounts[-1]
                    if b.amounts[-1].phase not in ("budget_variance", "yoy_change"):
                        ctx.last = b.amounts[-1]
                pos = m.end
            if len(named) >= 2:  # a list of projects, each with its figure
                for a, name in named:
                    a.subject_type, a.subject_name, a.detail = "project", name, None
    return NarrativeFigures(b.amounts, b.others, b.labelled, b.generic)


def hold_generic(figures: NarrativeFigures) -> dict[int, Amount]:
    """Take the amounts read by their words alone out of ``figures.amounts`` (into ``others``).

    Table items (``attribute_to_items``) and stated subtotals (``subtotal_parts``) claim the
    unlabelled figures they explain first, as they did before the generic reading existed;
    ``release_generic`` then puts back the rest. Returns char_start -> the held amount.
    """
    held = {a.char_start: a for a in figures.amounts if a.char_start in figures.generic and a.origin == "narrative"}
    if not held:
        return held
    figures.amounts[:] = [a for a in figures.amounts if a.char_start not in held]
    seq = max((o.seq for o in figures.others), default=0)
    for i, a in enumerate(held.values(), start=1):
        figures.others.append(OtherFigure(a.report_id, seq + i, a.value, a.source_value, a.source_unit, _UNLABELLED,
                                          a.sentence, a.char_start, a.char_end, label=label_key(a.source_text)[-20:] or None))
    figures.others.sort(key=lambda o: o.char_start)
    return held


def release_generic(amounts: list[Amount], others: list[OtherFigure], held: dict[int, Amount]
                    ) -> tuple[list[Amount], list[OtherFigure]]:
    """Held amounts that nothing else claimed become amounts again (see ``hold_generic``)."""
    if not held:
        return amounts, others
    back = [held[o.char_start] for o in others if o.char_start in held and o.reason == _UNLABELLED]
    taken = {a.char_start for a in back}
    return sorted(amounts + back, key=lambda a: a.char_start), [o for o in others if o.char_start not in taken]


_SUBTOTAL = re.compile(r"(?:合计|共计|小计|总计|累计)[为是:：]?$")


def subtotal_parts(report_id: str, folded: str, amounts: list[Amount], others: list[OtherFigure],
                   sentences: list[Sentence]) -> tuple[list[Amount], list[OtherFigure]]:
    """Figures listed before a stated subtotal they add up to are parts of it.

    ``A X万元；B Y万元；C Z万元，合计T万元``: when the figures right before a ``合计``/``共计``/``小计``
    amount of the same sentence were not read as the department's (no measure label, or a word
    such as 研发投入 in an item's name) and add up to it exactly, each becomes a part of the
    subtotal: its measure, phase, codes and subject, with the item's own label in ``detail``.
    Not when most of the items read as somebody else's money (A企业研发投入X；B企业…，合计Z).
    """
    other_at = {o.char_start: o for o in others}
    starts = sorted(other_at)
    sentences = [s for s in sentences if (i := bisect_left(starts, s.start)) < len(starts) and starts[i] < s.end]
    if not sentences:
        return amounts, others
    amount_at = {a.char_start: a for a in amounts if a.origin == "narrative" and a.kind == "money"}
    taken: set[int] = set()
    parts: list[Amount] = []
    for s in sentences:
        run: list[tuple[OtherFigure, str]] = []
        pos = s.start
        for m in find_mentions(folded, s.start, s.end):
            label = _clause_label(folded[pos: m.start])
            pos = m.end
            other, total = other_at.get(m.start), amount_at.get(m.start)
            if m.kind == "money" and other is not None:
                run.append((other, label))
                continue
            others_money = sum(1 for o, _ in run if o.reason == _NOT_OURS)
            if (total is not None and len(run) >= 2 and 2 * others_money < len(run)
                    and _SUBTOTAL.search(label_key(label).strip(" ,，"))
                    and sum((o.value for o, _ in run), Decimal(0)) == total.value):
                for o, part in run:
                    detail = part_label(part)
                    parts.append(Amount(
                        report_id=report_id, seq=0, measure=total.measure, kind=total.kind, phase=total.phase,
                        value=o.value, value_unit=total.value_unit, source_value=o.source_value, source_unit=o.source_unit,
                        source_text=(detail or "") + o.source_value + o.source_unit, sentence=s.text,
                        char_start=o.char_start, char_end=o.char_end, func_code=total.func_code,
                        econ_code=total.econ_code, fund_source=total.fund_source, subject_type=total.subject_type,
                        subject_name=total.subject_name, detail=detail,
                    ))
                    taken.add(o.char_start)
            run = []
    if not parts:
        return amounts, others
    return amounts + parts, [o for o in others if o.char_start not in taken]


def _lead(s: Sentence, ctx: _Context) -> None:
    """A short sentence without figures that names a measure sets the context for what follows."""
    reading = _lead_reading(s.text) if len(s.text) <= 2 * _LEAD_MAX_CHARS else None
    if reading is None:
        return
    ctx.measure, ctx.phase, ctx.fund_source = reading
    ctx.phase_here = ctx.lead = True
    ctx.last_code = None


@lru_cache(maxsize=4096)
def _lead_reading(text: str) -> tuple[str, str | None, str | None] | None:
    """(measure, phase, fund source) a lead line names, or None (cached: reports repeat short lines)."""
    body = _NUMBERING.sub("", text).strip(" 。:：")
    if not body or len(body) > _LEAD_MAX_CHARS:
        return None
    found = lexicon.find_measure(body)
    if found is None:
        return None
    key = label_key(body)
    return found[0], _phase_from_words(key, key[: found.start] + key[found.end:]), lexicon.fund_source_in(body)
