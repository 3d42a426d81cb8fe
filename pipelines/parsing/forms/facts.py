"""Forms read by ``interpret`` -> the landed records (docs/extraction.md, "Forms").

- every money cell of the funds block is an amount: measure × phase × fund source, subject the
  project (project form, cover sheet) or the department (department-overall form);
- the execution-rate cell is an ``execution_rate`` amount, and with its 分值 / 得分 the
  budget-execution row of the indicator grid (a target of kind ``execution``);
- every indicator row is a target (levels mapped to the indicator framework, 年度指标值 parsed
  into operator / value / unit, 实际完成值, 分值, 得分, 偏差原因);
- 总分 / 自评得分 with 自评等级 is a score (and its ``self_score`` amount);
- the project's fields and totals are a ``ProjectFunding`` row with origin ``form``;
- the cells the form used are *claimed*: narrative figures inside them are not read again (a
  target such as ``≤90万元`` is not the project's money). Free-text cells (年度总体目标,
  偏差原因) stay unclaimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from pipelines.document import Document
from pipelines.model import Amount, ProjectFunding, Score, Target
from pipelines.parsing.forms.glued import GLUED_ROW, decode, header_before, phases_of
from pipelines.parsing.forms.interpret import read_forms
from pipelines.parsing.forms.labels import meaning_of, normalize_label, target_kind_of
from pipelines.parsing.forms.structure import Form, Indicator, Value
from pipelines.parsing.forms.tokens import Tok, classify, document_tokens
from pipelines.parsing.numbers import MONEY_FACTORS, canonical_decimal
from pipelines.parsing.tables import parse_target, target_fragments

# Target units written in words -> the unit the target parser uses elsewhere.
UNIT_ALIASES = {"百分比": "%", "百分点": "%", "千米": "公里"}
DEFAULT_UNIT = "万元"  # the 10号 templates print 项目资金（万元）
DEFAULT_MEASURE = {"project": "project_expenditure", "cover": "project_expenditure",
                   "department_overall": "expenditure_total"}
_CODE = re.compile(r"^\s*(?P<code>[0-9A-Za-z]{2,}(?:[-－—.][0-9A-Za-z]+)*)\s*[-－—_:：\s]\s*(?P<name>\S.*)$")


@dataclass
class FormFacts:
    """What the forms of one document give."""

    amounts: list[Amount] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    projects: list[ProjectFunding] = field(default_factory=list)
    blocks: set[int] = field(default_factory=set)  # table blocks the forms consumed
    claimed: list[tuple[int, int]] = field(default_factory=list)  # spans of the cells used
    kind: str | None = None  # project / department_overall when the document is such a form
    project_name: str | None = None  # the first project form's project
    units: list[str] = field(default_factory=list)  # 实施单位 / 主管部门 / 单位名称, as written, codes removed

    def claims(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.claimed)


def split_code(text: str) -> tuple[str | None, str]:
    """(code, name) of a field value written with its code.

    >>> split_code("318006-某县某镇人民政府")
    ('318006', '某县某镇人民政府')
    >>> split_code("某县科学技术局")
    (None, '某县科学技术局')
    """
    m = _CODE.match(text)
    if m and any(ch.isdigit() for ch in m["code"]):
        return m["code"], m["name"].strip()
    return None, text.strip()


def _text(doc: Document, toks: list[Tok]) -> str | None:
    """The cells' text as written (tokens of one cell joined with what lies between them)."""
    live = [t for t in toks if t.end > t.start]
    if not live:
        return None
    if all(t.row is None for t in live):
        return doc.text[live[0].start: live[-1].end].strip() or None
    return "".join(t.text for t in live).strip() or None


def _span(toks: list[Tok]) -> tuple[int, int] | None:
    live = [t for t in toks if t.end > t.start]
    return (live[0].start, live[-1].end) if live else None


def _kind_of(form: Form, doc_kind: str | None = None) -> str:
    if form.kind in ("department_overall", "cover"):
        return form.kind
    if form.kind is None and doc_kind == "department_overall" and "project_name" not in form.fields:
        return "department_overall"  # an untitled form in a department-overall report
    measures = {v.column.meaning.measure for v in form.values if v.column.meaning}
    if form.items or "funds_received" in measures:
        return "cover"
    if form.kind == "project" or "project_name" in form.fields:
        return "project"
    rows = {v.row.measure for v in form.values if v.row is not None}
    if "department" in form.fields or rows & {"basic_expenditure", "personnel_expenditure"}:
        return "department_overall"
    return "project"


def _is_self_evaluation(form: Form) -> bool:
    """A form that evaluates (a score, an executed figure, an actual value), not one that declares targets."""
    if form.total_score is not None or any(i.score is not None for i in form.indicators):
        return True
    return any(v.column.meaning is not None and v.column.meaning.phase == "executed" for v in form.values)


class _Builder:
    def __init__(self, report_id: str, doc: Document, fallback_project: str | None, doc_kind: str | None) -> None:
        self.rid = report_id
        self.doc = doc
        self.fallback = fallback_project
        self.doc_kind = doc_kind
        self.out = FormFacts()

    def form(self, n: int, form: Form) -> None:
        kind = _kind_of(form, self.doc_kind)
        name = _text(self.doc, form.fields.get("project_name", [])) or (self.fallback if kind != "department_overall"
                                                                         else None)
        subject = ("department", None) if kind == "department_overall" else ("project", name)
        unit = form.unit or DEFAULT_UNIT
        where = f"form {n}"
        exec_row: dict[str, Value] = {}
        totals: dict[str, Decimal] = {}
        for v in form.values:
            role = v.column.role
            if role == "money":
                a = self._money(v, kind, unit, subject)
                if a is not None:
                    self.out.amounts.append(a)
                    if a.fund_source is None and a.detail is None and (v.row is None or v.row.total) \
                            and a.measure == DEFAULT_MEASURE[kind] or a.measure == "funds_received" and a.fund_source is None:
                        totals.setdefault(f"{a.measure}/{a.phase}", a.value)
            elif role in ("rate", "weight", "score"):
                if v.row is None or v.row.total:  # the total row's rate and its points
                    exec_row.setdefault(role, v)
                if role == "rate":
                    self.out.amounts.append(self._rate(v, subject))
        if exec_row:
            self._execution_target(exec_row, subject, where)
        items: list[tuple[bool, Amount]] = []
        for item in form.items:
            total = item.row is not None and item.row.total
            a = self._money(item, kind, unit, subject,
                            detail=None if total or item.row_tok is None else item.row_tok.text.strip())
            if a is not None:
                items.append((total, a))
        for total, a in _items_in_yuan(items, totals):
            if total and totals.get(f"{a.measure}/{a.phase}") == a.value:
                continue  # 支出合计 restating the funds block's spending
            self.out.amounts.append(a)
        for k, ind in enumerate(form.indicators, start=1):
            self._target(ind, subject, f"{where}, indicator {k}")
        if form.total_score is not None:
            self._score(form, kind, subject)
        if kind != "department_overall":
            self._project(form, name, unit, totals, where)
        if kind in ("project", "cover") and self.out.project_name is None and name:
            self.out.project_name = name
        if self.out.kind is None and _is_self_evaluation(form):
            self.out.kind = "department_overall" if kind == "department_overall" else "project"
        for key in ("implementing", "department", "supervising"):
            value = _text(self.doc, form.fields.get(key, []))
            if value:
                self.out.units.append(split_code(value)[1])

    def _money(self, v: Value, kind: str, unit: str, subject: tuple[str, str | None],
               detail: str | None = None) -> Amount | None:
        cm, rm = v.column.meaning, v.row
        assert cm is not None
        unit = v.tag.unit if v.tag.unit in MONEY_FACTORS else (cm.unit or (rm.unit if rm else None) or unit)
        if unit not in MONEY_FACTORS or v.tag.value is None or v.tag.number_text is None:
            return None
        measure = cm.measure or (rm.measure if rm is not None else None) or DEFAULT_MEASURE[kind]
        phase = cm.phase or (rm.phase if rm is not None else None) or "executed"
        fund = (rm.fund_source if rm is not None else None) or cm.fund_source
        if rm is None and v.row_tok is not None and detail is None and kind != "cover":
            detail = v.row_tok.text.strip() or None
        start = v.tok.start + v.tag.number_offset
        subject_type, subject_name = subject
        if measure != DEFAULT_MEASURE[kind] and kind == "department_overall":
            subject_type, subject_name = "department", None
        return Amount(
            report_id=self.rid, seq=0, measure=measure, kind="money", phase=phase,
            value=canonical_decimal(v.tag.value * MONEY_FACTORS[unit]), value_unit="yuan",
            source_value=v.tag.number_text, source_unit=unit, source_text=v.tag.number_text,
            sentence=self._row_text(v), char_start=start, char_end=start + len(v.tag.number_text),
            fund_source=fund, subject_type=subject_type, subject_name=subject_name, detail=detail, origin="table",
        )

    def _row_text(self, v: Value) -> str:
        if v.tok.row is None:
            return self.doc.text[v.row_start: v.row_end]
        label = v.row_tok.text if v.row_tok is not None else ""
        header = v.column.tok.text if v.column.tok is not None else ""
        return f"{label} | {header}: {v.tok.text}".strip(" |")

    def _rate(self, v: Value, subject: tuple[str, str | None]) -> Amount:
        assert v.tag.value is not None and v.tag.number_text is not None
        start = v.tok.start + v.tag.number_offset
        return Amount(
            report_id=self.rid, seq=0, measure="execution_rate", kind="rate", phase="executed", value=_percent(v.tag),
            fund_source=v.row.fund_source if v.row is not None else None,
            value_unit="percent", source_value=v.tag.number_text, source_unit="%" if v.tag.percent else "",
            source_text=v.tok.text, sentence=self._row_text(v), char_start=start,
            char_end=start + len(v.tag.number_text) + (1 if v.tag.percent else 0),
            subject_type=subject[0], subject_name=subject[1], origin="table",
        )

    def _execution_target(self, row: dict[str, Value], subject: tuple[str, str | None], where: str) -> None:
        rate, weight, score = row.get("rate"), row.get("weight"), row.get("score")
        anchor = rate or score or weight
        assert anchor is not None
        self.out.targets.append(Target(
            report_id=self.rid, seq=len(self.out.targets) + 1, project_name=subject[1], sub_item=None,
            target_kind="execution", level1="预算执行", level2="预算执行率", target_text=anchor.tok.text,
            char_start=anchor.tok.start, char_end=anchor.tok.end, location=f"{where}, funds",
            actual_text=rate.tok.text if rate else None, actual_value=_percent(rate.tag) if rate else None,
            actual_unit="%" if rate else None, weight=weight.tag.value if weight else None,
            score=score.tag.value if score else None,
        ))

    def _target(self, ind: Indicator, subject: tuple[str, str | None], where: str) -> None:
        kind = target_kind_of(ind.level2, ind.level1)
        target_text = _text(self.doc, ind.target)
        level3 = _text(self.doc, ind.level3)
        span = _span(ind.target) or _span(ind.level3) or _span([t for t in (ind.score, ind.weight) if t])
        if span is None:
            return
        op = value = vmax = unit = None
        if target_text:
            op, value, vmax, unit = _parse(target_text, kind)
            if ind.nature is not None and ind.nature.text.strip() in _NATURE:
                op = _NATURE[ind.nature.text.strip()]
            if ind.measure_unit is not None and unit is None and value is not None:
                value, vmax, unit = _with_unit(value, vmax, ind.measure_unit.text.strip())
            unit = UNIT_ALIASES.get(unit or "", unit)
            if value is not None and op is None:
                op = "="
        actual_text = _text(self.doc, ind.actual)
        a_value = a_unit = None
        if actual_text:
            _, a_value, _, a_unit = _parse(actual_text, kind)
            if ind.measure_unit is not None and a_unit is None and a_value is not None:
                a_value, _, a_unit = _with_unit(a_value, None, ind.measure_unit.text.strip())
            a_unit = UNIT_ALIASES.get(a_unit or "", a_unit)
        self.out.targets.append(Target(
            report_id=self.rid, seq=len(self.out.targets) + 1, project_name=subject[1], sub_item=None,
            target_kind=kind, level1=ind.level1, level2=ind.level2, target_text=target_text or level3 or "",
            char_start=span[0], char_end=span[1], location=where, operator=op, target_value=value,
            target_value_max=vmax, target_unit=unit, level3=level3, actual_text=actual_text, actual_value=a_value,
            actual_unit=a_unit, weight=_number(ind.weight), score=_number(ind.score),
            deviation=_text(self.doc, ind.deviation),
        ))

    def _score(self, form: Form, kind: str, subject: tuple[str, str | None]) -> None:
        tok = form.total_score
        assert tok is not None
        value = _number(tok)
        if value is None or not 0 <= value <= 100:
            return
        tag = classify(tok.text)
        start = tok.start + tag.number_offset
        end = start + len(tag.number_text or tok.text)
        grade = form.grade.text.strip().strip("“”\"") if form.grade is not None else None
        weight = _number(form.total_weight)
        first = form.total_label or form.total_weight or tok
        sentence = self.doc.text[first.start: tok.end] if tok.row is None and first.start <= tok.start else tok.text
        self.out.scores.append(Score(
            report_id=self.rid, seq=0, scope="department_overall" if kind == "department_overall" else "project",
            score=value, sentence=sentence, char_start=start, char_end=end,
            subject_name=subject[1], max_score=weight or Decimal(100), grade=grade,
        ))

    def _project(self, form: Form, name: str | None, unit: str, totals: dict[str, Decimal], where: str) -> None:
        if not name and not totals:
            return
        name_span = _span(form.fields.get("project_name", [])) or (form.start or 0, form.end or 0)
        sup_code, sup = split_code(_text(self.doc, form.fields.get("supervising", [])) or "")
        imp_code, imp = split_code(_text(self.doc, form.fields.get("implementing", [])) or "")
        self.out.projects.append(ProjectFunding(
            report_id=self.rid, seq=0, project_name=name or "", char_start=name_span[0], char_end=name_span[1],
            location=where, budget_total=totals.get(f"{DEFAULT_MEASURE['project']}/approved"),
            budget_adjusted=totals.get(f"{DEFAULT_MEASURE['project']}/adjusted"),
            actual_total=totals.get(f"{DEFAULT_MEASURE['project']}/executed"),
            received_total=totals.get("funds_received/executed"), source_unit=unit,
            supervising_department=sup or None, supervising_code=sup_code, implementing_unit=imp or None,
            implementing_code=imp_code, objective_text=_text(self.doc, form.expected),
            achievement_text=_text(self.doc, form.achieved), origin="form",
        ))


_NATURE = {"=": "=", "＝": "=", "≥": ">=", ">=": ">=", "＞": ">", ">": ">", "≤": "<=", "<=": "<=", "＜": "<", "<": "<"}


def _items_in_yuan(items: list[tuple[bool, Amount]], totals: dict[str, Decimal]) -> list[tuple[bool, Amount]]:
    """Expense items read in 元 when their 合计 matches the funds block only at 万元 scale.

    An expense-detail column (实际支出数) often has no unit of its own and inherits the form's
    万元; when its 支出合计 is exactly 10,000 times the funds block's spending of the same
    measure, the column was written in 元 (360000 under a 实际支出 of 36 万元).
    """
    total = next((a for t, a in items if t and a.source_unit == "万元"), None)
    spent = totals.get(f"{total.measure}/{total.phase}") if total is not None else None
    if total is None or not spent or total.value != spent * 10000:
        return items
    scale = Decimal(1) / MONEY_FACTORS["万元"]
    return [(t, replace(a, value=canonical_decimal(a.value * scale), source_unit="元") if a.source_unit == "万元" else a)
            for t, a in items]


def _percent(tag) -> Decimal:
    """A rate as a percentage: 96% and 96 are 96; a bare fraction such as 0.958 is 95.8."""
    value = tag.value
    if not tag.percent and value is not None and 0 < value <= 1 and "." in (tag.number_text or ""):
        return canonical_decimal(value * 100)
    return value


def _with_unit(value: Decimal, vmax: Decimal | None, unit: str) -> tuple[Decimal, Decimal | None, str | None]:
    """A value whose unit sits in a 计量单位 cell of its own; money in yuan, like money everywhere."""
    if unit in MONEY_FACTORS:
        factor = MONEY_FACTORS[unit]
        return canonical_decimal(value * factor), canonical_decimal(vmax * factor) if vmax is not None else None, "yuan"
    return value, vmax, UNIT_ALIASES.get(unit, unit) or None


def _parse(text: str, kind: str):
    """``parse_target`` on the first figure that is not a year (完成时间为2022年12月30日 -> 12 月)."""
    op, value, vmax, unit = parse_target(text, kind)
    if unit == "年" and value is not None and value >= 1900:
        fragments = target_fragments(text)
        if fragments:
            a, b = fragments[0]
            _, value, vmax, unit = parse_target(text[a:b], kind)
            op = op or "="
    return op, value, vmax, unit


def _number(tok: Tok | None) -> Decimal | None:
    if tok is None:
        return None
    tag = classify(tok.text)
    return tag.value if tag.kind == "num" and not tag.percent else None


def _claimed(forms: list[Form], free: set[tuple[int, int]]) -> list[tuple[int, int]]:
    spans = []
    for form in forms:
        spans.extend(s for s in form.claimed if s not in free)
    return spans


_PLAIN_TOTAL = re.compile(r"合计|总计|小计|共计")
# A form's total score glued to its label and the next cell (OCR'd or flattened without separators):
# 自评总分(分)97.6部门联系人…, 自评得分98财政审核评分…
# 总分10097: the 总分 row's weight 100 glued to its score 97.
_GLUED_SCORE = re.compile(r"(?:自评总分|自评得分|总分)\s*(?:[(（]分[)）])?\s*[:：]?\s*(?:100\s*(?=\d{2}))?"
                          r"(?P<value>100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?)(?![\d.%％])(?!\s*分)")


def glued_total_score(report_id: str, text: str, scope: str, subject: str | None) -> Score | None:
    """The first total score written right after its label with no cell separator, if any (used
    when nothing else states a score).

    >>> glued_total_score("r", "部门整体绩效自评表主管部门某局自评总分(分)97.6部门联系人", "department_overall", None).score
    Decimal('97.6')
    >>> glued_total_score("r", "满意度100%100%2020总分10097项目名称", "project", None).score
    Decimal('97')
    >>> glued_total_score("r", "自评得分90分", "project", None) is None
    True
    """
    m = _GLUED_SCORE.search(text)
    if m is None:
        return None
    value = Decimal(m["value"])
    return Score(report_id, 0, scope, value, text[max(0, m.start() - 10): m.end() + 10], m.start("value"),
                 m.end("value"), subject_name=subject, max_score=Decimal(100))


def is_form(form: Form) -> bool:
    """A self-evaluation form, not just any table with money columns (a project funding table has
    projects for rows and a 合计): a form title, indicator rows, a total score, expense items, a form
    total (年度资金总额, not a plain 合计) or rows of two fund sources or measures."""
    if form.title is not None or form.indicators or form.total_score is not None or form.items:
        return True
    parts = set()
    for v in form.values:
        row = v.row
        if row is None:
            continue
        if row.total and (v.row_tok is None or not _PLAIN_TOTAL.fullmatch(normalize_label(v.row_tok.text)[0])):
            return True
        if row.fund_source or row.measure:
            parts.add(row.fund_source or row.measure)
    return len(parts) >= 2


def read_form_facts(report_id: str, doc: Document, fallback_project: str | None = None,
                    limit: int | None = None, doc_kind: str | None = None) -> FormFacts:
    """Amounts, targets, scores and project rows of every self-evaluation form in ``doc`` (in its
    first ``limit`` characters). ``fallback_project`` names the project of a form without a 项目名称;
    ``doc_kind`` (the report's kind from its title) decides for a form without a title."""
    toks = document_tokens(doc, limit)
    forms = [f for f in read_forms(toks) if (f.values or f.indicators or f.items) and is_form(f)]
    b = _Builder(report_id, doc, fallback_project, doc_kind)
    for n, form in enumerate(forms, start=1):
        b.form(n, form)
        b.out.blocks |= form.blocks
    free = {(t.start, t.end) for f in forms for t in f.expected + f.achieved
            + [d for i in f.indicators for d in i.deviation]}
    b.out.claimed = _claimed(forms, free) + glued_rows(doc, limit)
    b.out.amounts.extend(glued_amounts(report_id, doc, limit, doc_kind, b.out.project_name or fallback_project))
    return b.out


def glued_amounts(report_id: str, doc: Document, limit: int | None, doc_kind: str | None,
                  project: str | None) -> list[Amount]:
    """The money cells of funds rows glued into one digit run, where the run has one reading
    (``glued.decode``); each cell keeps its own span."""
    text = doc.text if limit is None else doc.text[:limit]
    kind = doc_kind if doc_kind in DEFAULT_MEASURE else "project"
    subject = ("department", None) if kind == "department_overall" else ("project", project)
    out: list[Amount] = []
    for m in GLUED_ROW.finditer(text):
        cells = m["cells"]
        if "," in cells:
            continue
        n_header, unit, header = header_before(text, m.start())
        row = decode(cells, m["score"], n_header)
        if row is None:
            continue
        unit = unit or DEFAULT_UNIT
        label = meaning_of(m["label"])
        fund = label.fund_source if label is not None and label.role == "row" else None
        pos = m.start("cells")
        for value, phase in zip(row.money, phases_of(len(row.money), header), strict=True):
            written = f"{value}"
            start = text.find(written, pos)
            pos = start + len(written)
            out.append(Amount(
                report_id=report_id, seq=0, measure=DEFAULT_MEASURE[kind], kind="money", phase=phase,
                value=canonical_decimal(value * MONEY_FACTORS[unit]), value_unit="yuan", source_value=written,
                source_unit=unit, source_text=m.group(0), sentence=text[max(0, m.start() - 20): m.end()],
                char_start=start, char_end=pos, fund_source=fund, subject_type=subject[0], subject_name=subject[1],
                origin="table"))
    return out


# A form row whose cells lost their separators: 年度资金总额505010100% (50 | 50 | 10 | 100%).
_GLUED_ROW = re.compile(r"(?:资金总额|总金额|财政拨款|财政资金|结转资金|其他资金|其它资金|总额)[:：]?\s*"
                        r"(?P<cells>\d{6,}(?:\.\d+)?[%％])")


def glued_rows(doc: Document, limit: int | None = None) -> list[tuple[int, int]]:
    """Spans of form rows glued into one digit run (OCR'd or flattened text that lost its cell
    separators): no figure can be read from them, and none is made up (``年度资金总额505010100%`` is
    not a rate of 505010100 %)."""
    text = doc.text if limit is None else doc.text[:limit]
    return [(m.start("cells"), m.end("cells")) for m in _GLUED_ROW.finditer(text)]
