"""Generator templates for the standard self-evaluation forms, with their truth.

Three layouts (invented names and figures, random wording variants seen in published forms):

- ``project_form``: 项目支出绩效自评表 of the 财预〔2020〕10号 template (fields 项目名称 / 主管部门 /
  实施单位 with codes, funds block 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分 ×
  年度资金总额 / 本年财政拨款 / 上年结转资金 / 其他资金, 年度总体目标, the indicator grid, 总分, 自评等级);
- ``dept_form``: 部门整体支出绩效自评表 (budget execution by 收入性质 and 支出性质, indicators, 总分);
- ``dept_form_cq``: the 重庆 部门整体绩效自评表 (自评总分 among the fields, 执行率权重 / 执行率得分,
  indicators with 计量单位 / 指标性质 / 年初 and 调整指标值 / 得分系数 / 是否核心指标);
- ``cover_sheet``: the older 项目绩效评价自评报告 cover (项目名称 / 项目单位 / 主管部门, a fund grid
  计划安排资金 / 实际到位资金 / 实际支出 / 结余 × 中央 / 省 / 市 / 县 财政 / 其他, and a 支出明细
  table of expense items);
- ``basic_data``: the 部门整体支出绩效评价基础数据表 (湖南 template): 经费控制情况 by year columns
  (previous year's 决算数, this year's 预算数 and 决算数) × 三公经费 parts (often written zeros),
  项目支出, 公用经费 and its items.

``form_report(seed, layout)`` gives the form as layout items (paragraphs and one grid with
merged cells) and its truth; ``pipelines.samples.form_shapes`` writes it in any shape. The
truth follows docs/extraction.md ("Forms"); its amounts carry the number as written
(``source_value``) instead of a span, because the span depends on the shape.
"""

from __future__ import annotations

import random
import re
from decimal import Decimal
from typing import Any

from pipelines.readers.layout import Item, Para, Table, TCell

from . import build, vocab
from .context import GRADE_SCHEMES, grade_for
from .facts import WAN, ProjectFacts, make_facts, make_projects, scale, split
from .numfmt import money_number
from .regions import Region, pick_region

LAYOUTS = ("project_form", "dept_form", "dept_form_cq", "cover_sheet", "basic_data")
_Q = Decimal(100)  # forms are in 万元 with at most two places
_SATISFACTION = ("服务对象满意度", "群众满意度", "受益对象满意度", "企业满意度")


class _Grid:
    """Cells of one table, row by row, with merges."""

    def __init__(self) -> None:
        self.cells: list[TCell] = []
        self.row = 0

    def add(self, *cells: tuple[int, str, int, int]) -> int:
        """Cells (col, text, rowspan, colspan) of the current row; returns the row index."""
        for col, text, rowspan, colspan in cells:
            self.cells.append(TCell(self.row, col, text, rowspan, colspan))
        self.row += 1
        return self.row - 1


class _Truth:
    def __init__(self, subject: tuple[str, str | None]) -> None:
        self.subject = subject
        self.amounts: list[dict[str, Any]] = []
        self.targets: list[dict[str, Any]] = []

    def money(self, text: str, measure: str, phase: str, fund: str | None = None, detail: str | None = None,
              subject: tuple[str, str | None] | None = None) -> str:
        if text:
            st, sn = subject or self.subject
            self.amounts.append({
                "measure": measure, "kind": "money", "phase": phase, "value": Decimal(text) * WAN,
                "value_unit": "yuan", "func_code": None, "econ_code": None, "fund_source": fund,
                "subject_type": st, "subject_name": sn, "detail": detail, "source_value": text, "source_unit": "万元",
                "origin": "table",
            })
        return text

    def rate(self, text: str, value: Decimal, fund: str | None = None) -> str:
        st, sn = self.subject
        self.amounts.append({
            "measure": "execution_rate", "kind": "rate", "phase": "executed", "value": value, "value_unit": "percent",
            "func_code": None, "econ_code": None, "fund_source": fund, "subject_type": st, "subject_name": sn,
            "detail": None, "source_value": text.rstrip("%"), "source_unit": "%", "origin": "table",
        })
        return text


def _wan(yuan: Decimal, strip: bool) -> str:
    return money_number(yuan, "万元", 0 if strip else 2, strip=strip)


def _blank(rng: random.Random) -> str:
    return rng.choice(["—", "/", "", "-"])


def _rate(executed: Decimal, adjusted: Decimal, rng: random.Random) -> tuple[str, Decimal]:
    pct = (executed / adjusted * 100).quantize(Decimal("0.01")) if adjusted else Decimal(0)
    if rng.random() < 0.4 and pct == pct.to_integral_value():
        return f"{int(pct)}%", Decimal(int(pct))
    return f"{pct}%", pct


def _points(x: Decimal) -> str:
    return format(x.normalize(), "f") if x != x.to_integral_value() else str(int(x))


# -- indicators ------------------------------------------------------------------------------

_LEVEL2 = {"cost": "成本指标", "time": "时效指标", "quantity": "数量指标", "quality": "质量指标"}
_L3_SUFFIX = {"cost": "成本", "time": "完成时间", "quantity": "完成数量", "quality": "质量标准"}


def _actual_text(rng: random.Random, text: str, op: str | None, value: Decimal | None, unit: str | None,
                 kind: str) -> str:
    if value is None:
        return rng.choice(["已完成", "达到预期", "完成", "效果明显"])
    if unit == "yuan":
        return f"{_wan(scale(value, rng.uniform(0.9, 1.0), _Q), True)}万元"
    if unit == "%":
        return f"{min(Decimal(100), value + rng.randint(0, 5))}%"
    if unit == "月":
        return f"{max(1, int(value) - rng.randint(0, 2))}月"
    return f"{int(value) + rng.randint(0, 3)}{unit or ''}"


def _indicator_rows(rng: random.Random, targets: list, subject_name: str | None, truth: _Truth,
                    goal_words: tuple[str, ...]) -> tuple[list[tuple[str, str, str, str, str, Decimal, Decimal, str]], Decimal]:
    """(level1, level2, level3, target, actual, weight, score, deviation) rows and the points scored."""
    rows = []
    output = []
    for t in targets[:2]:
        for kind in ("quantity", "quality", "time", "cost"):
            text, op, value, vmax, unit = t.cells[kind]
            output.append((kind, t.sub_item, text, op, value, vmax, unit))
    output = output[: rng.randint(4, len(output))]
    weights = split(rng, Decimal(50), [1.0] * len(output), Decimal(1))
    for (kind, sub, text, op, value, vmax, unit), w in zip(output, weights, strict=True):
        rows.append(("产出指标(50分)", _LEVEL2[kind], f"{sub}{_L3_SUFFIX[kind]}", text,
                     _actual_text(rng, text, op, value, unit, kind), w, kind, (op, value, vmax, unit)))
    benefit = [t.cells["benefit"] for t in targets[:2]]
    b_weights = split(rng, Decimal(30), [1.0] * len(benefit), Decimal(1))
    for (text, op, value, vmax, unit), w in zip(benefit, b_weights, strict=True):
        rows.append(("效益指标(30分)", "社会效益指标", rng.choice(goal_words)[:14] or "社会效益", text,
                     _actual_text(rng, text, op, value, unit, "benefit"), w, "benefit", (op, value, vmax, unit)))
    pct = rng.choice([85, 90, 95])
    rows.append(("满意度指标(10分)", "服务对象满意度指标", rng.choice(_SATISFACTION), f"≥{pct}%",
                 f"{pct + rng.randint(0, 5)}%", Decimal(10), "benefit", (">=", Decimal(pct), None, "%")))
    out = []
    scored = Decimal(0)
    for level1, level2, level3, target, actual, w, kind, (op, value, vmax, unit) in rows:
        lost = Decimal(rng.choice([0, 0, 0, 0, 1, 2])) / (2 if rng.random() < 0.3 else 1)
        score = max(Decimal(0), w - lost)
        deviation = rng.choice(["部分任务推进偏慢，下一步加强调度", "受天气影响进度滞后，将提前谋划"]) if lost else ""
        scored += score
        out.append((level1, level2, level3, target, actual, w, score, deviation))
        truth.targets.append({
            "target_kind": kind, "operator": op, "target_value": value, "target_value_max": vmax, "target_unit": unit,
            "level2": level2, "weight": w, "score": score, "project_name": subject_name,
        })
    return out, scored


def _indicator_grid(g: _Grid, rows: list, first_col: int) -> None:
    """The indicator grid under its header: level names merged down over their rows."""
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    g.add((0, "绩效指标", len(rows) + 1, 1), *[(first_col + k, h, 1, 1) for k, h in enumerate(header)])
    prev1 = prev2 = None
    for k, (l1, l2, l3, target, actual, w, score, dev) in enumerate(rows):
        cells = []
        if l1 != prev1:
            cells.append((first_col, l1, _run(rows, k, 1), 1))
        if (l1, l2) != prev2:
            cells.append((first_col + 1, l2, _run(rows, k, 2), 1))
        cells += [(first_col + 2, l3, 1, 1), (first_col + 3, target, 1, 1), (first_col + 4, actual, 1, 1),
                  (first_col + 5, _points(w), 1, 1), (first_col + 6, _points(score), 1, 1), (first_col + 7, dev, 1, 1)]
        g.add(*cells)
        prev1, prev2 = l1, (l1, l2)


def _run(rows: list, k: int, depth: int) -> int:
    """How many rows from k on share the level names of row k up to ``depth`` (the cell merged down)."""
    n = 0
    for r in rows[k:]:
        if r[:depth] != rows[k][:depth]:
            break
        n += 1
    return n


# -- layouts ---------------------------------------------------------------------------------

def _names(rng: random.Random, region: Region, kind: vocab.DeptKind) -> tuple[str, str, str]:
    dept = f"{region.name}{kind.full}"
    # a subordinate unit is named after the region itself (乾安县生产力促进中心), not its level word
    unit = rng.choice([dept, f"{region.name}{rng.choice(kind.units).replace('{L}', '')}" if kind.units else dept])
    code = str(rng.randint(100, 499))
    return dept, unit, code


def project_form(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int) -> tuple[list[Item], dict]:
    """A 项目支出绩效自评表 and its truth."""
    p: ProjectFacts = rng.choice(make_projects(rng, kind, region, year, _Q))
    dept, unit, code = _names(rng, region, kind)
    truth = _Truth(("project", p.name))
    strip = rng.random() < 0.5
    approved = p.budget
    adjusted = approved + (scale(approved, rng.uniform(0.02, 0.15), _Q) if rng.random() < 0.5 else Decimal(0))
    executed = min(adjusted, p.actual + (adjusted - approved))
    carry = scale(adjusted, rng.uniform(0.05, 0.2), _Q) if rng.random() < 0.5 else Decimal(0)
    other = scale(adjusted, rng.uniform(0.02, 0.1), _Q) if rng.random() < 0.2 else Decimal(0)
    fiscal = [approved - carry - other, adjusted - carry - other, executed - min(executed, carry + other)]
    carry_row = [carry, carry, min(executed - fiscal[2], carry)]
    other_row = [other, other, executed - fiscal[2] - carry_row[2]]
    rate_text, rate = _rate(executed, adjusted, rng)
    exec_score = (Decimal(10) * min(rate, Decimal(100)) / 100).quantize(Decimal("0.01")).normalize()
    g = _Grid()
    g.add((0, "项目名称", 1, 1), (1, p.name, 1, 8))
    sup = f"{code}-{dept}" if rng.random() < 0.6 else dept
    imp = f"{code}001-{unit}" if sup != dept else unit
    g.add((0, "主管部门", 1, 1), (1, sup, 1, 3), (4, "实施单位", 1, 1), (5, imp, 1, 4))
    ab = rng.random() < 0.4
    head = ["年初预算数", "全年预算数（A）" if ab else "全年预算数", "全年执行数（B）" if ab else "全年执行数", "分值",
            "执行率（B/A）" if ab else "执行率", "得分"]
    g.add((0, "项目资金（万元）", 5, 1), (1, "", 1, 1), *[(2 + k, h, 1, 1) for k, h in enumerate(head[:5])],
          (7, head[5], 1, 2))
    total = [truth.money(_wan(v, strip), "project_expenditure", ph)
             for v, ph in zip((approved, adjusted, executed), ("approved", "adjusted", "executed"), strict=True)]
    g.add((1, rng.choice(["年度资金总额", "年度资金总额："]), 1, 1), *[(2 + k, t, 1, 1) for k, t in enumerate(total)],
          (5, "10", 1, 1), (6, truth.rate(rate_text, rate), 1, 1), (7, _points(exec_score), 1, 2))
    word = rng.choice(["本年", "当年"])
    blank = _blank(rng)
    for label, values, fund in ((f"其中：{word}财政拨款", fiscal, "fiscal_appropriation"),
                                ("上年结转资金", carry_row, "carryover"), ("其他资金", other_row, "other")):
        empty = not any(values) and rng.random() < 0.5  # a row without money: blank, or written zeros
        texts = ["" if empty else truth.money(_wan(v, strip), "project_expenditure", ph, fund)
                 for v, ph in zip(values, ("approved", "adjusted", "executed"), strict=True)]
        g.add((1, label, 1, 1), *[(2 + k, t, 1, 1) for k, t in enumerate(texts)], (5, blank, 1, 1),
              (6, blank, 1, 1), (7, blank, 1, 2))
    goal = rng.choice(kind.goals) if kind.goals else "完成年度工作任务"
    g.add((0, "年度总体目标", 2, 1), (1, "预期目标", 1, 4), (5, "实际完成情况", 1, 4))
    g.add((1, f"{goal}。", 1, 4), (5, rng.choice(["已完成年度目标。", "基本完成年度目标。", f"{goal}，目标全部完成。"]), 1, 4))
    rows, scored = _indicator_rows(rng, p.targets, p.name, truth, kind.goals or ("社会效益",))
    _indicator_grid(g, rows, 1)
    score = exec_score + scored
    grade = grade_for(score, rng.choice(GRADE_SCHEMES))
    g.add((0, "总分", 1, 6), (6, "100", 1, 1), (7, _points(score), 1, 1), (8, "", 1, 1))
    g.add((0, rng.choice(["自评等级", "评价等级"]), 1, 6), (6, grade, 1, 3))
    truth.targets.insert(0, {"target_kind": "execution", "operator": None, "target_value": None,
                             "target_value_max": None, "target_unit": None, "level2": "预算执行率",
                             "weight": Decimal(10), "score": exec_score, "project_name": p.name})
    title = rng.choice(["项目支出绩效自评表", f"{p.name}项目支出绩效自评表"])
    items: list[Item] = [Para(title, "title"), Para(f"（{year}年度）", "year"), Table(g.cells, "form")]
    report = {"report_kind": "project", "fiscal_year": year, "self_score": score, "grade": grade}
    return items, _result("project_form", report, truth, [{"scope": "project", "score": score, "grade": grade}],
                          [{"project_name": p.name, "budget_total": approved * 1, "budget_adjusted": adjusted,
                            "actual_total": executed}])


def dept_form(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int) -> tuple[list[Item], dict]:
    """A 部门整体支出绩效自评表 and its truth."""
    f = make_facts(rng, kind, region, year, _Q)
    dept = f"{region.name}{kind.full}"
    truth = _Truth(("department", None))
    strip = rng.random() < 0.4
    basic = f.personnel + f.public
    project = sum((p.actual for p in f.projects), Decimal(0))
    executed = basic + project
    adjusted = executed + scale(executed, rng.uniform(0.0, 0.05), _Q)
    approved = scale(adjusted, rng.uniform(0.85, 1.0), _Q)
    other = scale(executed, rng.uniform(0.0, 0.08), _Q) if rng.random() < 0.5 else Decimal(0)
    rate_text, rate = _rate(executed, adjusted, rng)
    exec_score = (Decimal(10) * min(rate, Decimal(100)) / 100).quantize(Decimal("0.01")).normalize()
    g = _Grid()
    g.add((0, rng.choice(["部门（单位）名称", "单位名称"]), 1, 1), (1, dept, 1, 8))
    g.add((0, "年度预算执行情况（万元）", 8, 1), (1, "", 1, 1), (2, "年初预算数", 1, 1), (3, "全年预算数", 1, 1),
          (4, "全年执行数", 1, 1), (5, "分值", 1, 1), (6, "执行率", 1, 1), (7, "得分", 1, 2))
    total = [truth.money(_wan(v, strip), "expenditure_total", ph)
             for v, ph in zip((approved, adjusted, executed), ("approved", "adjusted", "executed"), strict=True)]
    g.add((1, "年度资金总额", 1, 1), *[(2 + k, t, 1, 1) for k, t in enumerate(total)], (5, "10", 1, 1),
          (6, truth.rate(rate_text, rate), 1, 1), (7, _points(exec_score), 1, 2))
    blank = _blank(rng)

    def row(label: str, values: tuple[Decimal, Decimal, Decimal], measure: str, fund: str | None) -> None:
        texts = [truth.money(_wan(v, strip), measure, ph, fund)
                 for v, ph in zip(values, ("approved", "adjusted", "executed"), strict=True)]
        g.add((1, label, 1, 1), *[(2 + k, t, 1, 1) for k, t in enumerate(texts)], (5, blank, 1, 1),
              (6, blank, 1, 1), (7, blank, 1, 2))

    def parts(share: Decimal) -> tuple[Decimal, Decimal, Decimal]:
        return scale(approved, float(share), _Q), scale(adjusted, float(share), _Q), scale(executed, float(share), _Q)

    other_share = other / executed if executed else Decimal(0)
    o = parts(other_share)
    g.add((1, "按收入性质分：", 1, 8))
    row("其中：财政拨款", (approved - o[0], adjusted - o[1], executed - o[2]), "expenditure_total", "fiscal_appropriation")
    row("其他资金", o, "expenditure_total", "other")
    b = parts(basic / executed)
    g.add((1, "按支出性质分：", 1, 8))
    row("其中：基本支出", b, "basic_expenditure", None)
    row("项目支出", (approved - b[0], adjusted - b[1], executed - b[2]), "project_expenditure", None)
    goal = "；".join(rng.sample(list(kind.goals), min(2, len(kind.goals)))) if kind.goals else "履行部门职责"
    g.add((0, "年度总体目标", 2, 1), (1, "预期目标", 1, 4), (5, "实际完成情况", 1, 4))
    g.add((1, f"{goal}。", 1, 4), (5, "年度目标基本完成。", 1, 4))
    targets = [t for p in f.projects for t in p.targets]
    rows, scored = _indicator_rows(rng, targets, None, truth, kind.goals or ("社会效益",))
    _indicator_grid(g, rows, 1)
    score = exec_score + scored
    grade = grade_for(score, rng.choice(GRADE_SCHEMES))
    g.add((0, "总分", 1, 6), (6, "100", 1, 1), (7, _points(score), 1, 1), (8, "", 1, 1))
    g.add((0, "自评等级", 1, 6), (6, grade, 1, 3))
    truth.targets.insert(0, {"target_kind": "execution", "operator": None, "target_value": None,
                             "target_value_max": None, "target_unit": None, "level2": "预算执行率",
                             "weight": Decimal(10), "score": exec_score, "project_name": None})
    items: list[Item] = [Para("部门整体支出绩效自评表", "title"), Para(f"（{year}年度）", "year"),
                         Table(g.cells, "form")]
    report = {"report_kind": "department_overall", "fiscal_year": year, "self_score": score, "grade": grade}
    return items, _result("dept_form", report, truth, [{"scope": "department_overall", "score": score,
                                                        "grade": grade}], [])


_NUMBER_IN = re.compile(r"\d+(?:\.\d+)?")


def dept_form_cq(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int) -> tuple[list[Item], dict]:
    """A 部门整体绩效自评表 of the 重庆 kind (DOMAIN.md §3.1) and its truth: 自评总分 in the header fields,
    执行率 before 执行率权重 / 执行率得分, indicator rows with 计量单位, 指标性质 (定量/定性), 年初 / 调整
    指标值, 全年完成值, 得分系数, 指标权重, 指标得分 and 是否核心指标."""
    f = make_facts(rng, kind, region, year, _Q)
    dept = f"{region.name}{kind.full}"
    truth = _Truth(("department", None))
    strip = rng.random() < 0.4
    executed = f.personnel + f.public + sum((p.actual for p in f.projects), Decimal(0))
    adjusted = executed + scale(executed, rng.uniform(0.0, 0.05), _Q)
    approved = scale(adjusted, rng.uniform(0.85, 1.0), _Q)
    fiscal = [scale(v, rng.uniform(0.9, 0.98), _Q) for v in (approved, adjusted, executed)]
    rate_text, rate = _rate(executed, adjusted, rng)
    rate_text = rate_text.rstrip("%")  # the header says 执行率(%)
    exec_score = (Decimal(10) * min(rate, Decimal(100)) / 100).quantize(Decimal("0.01")).normalize()
    targets = [t for p in f.projects for t in p.targets]
    rows, scored = _indicator_rows(rng, targets, None, truth, kind.goals or ("社会效益",))
    score = exec_score + scored
    g = _Grid()
    g.add((0, "主管部门", 1, 1), (1, dept, 1, 8), (9, "自评总分(分)", 1, 2), (11, _points(score), 1, 2))
    g.add((0, "部门预算执行情况（万元）", 3, 1), (1, "", 1, 2), (3, "年初预算数", 1, 2), (5, "全年（调整）预算数", 1, 2),
          (7, "全年执行数", 1, 2), (9, "执行率(%)", 1, 1), (10, "执行率权重", 1, 1), (11, "执行率得分(分)", 1, 2))
    total = [truth.money(_wan(v, strip), "expenditure_total", ph)
             for v, ph in zip((approved, adjusted, executed), ("approved", "adjusted", "executed"), strict=True)]
    g.add((1, "年度总金额", 1, 2), *[(3 + 2 * k, t, 1, 2) for k, t in enumerate(total)],
          (9, truth.rate(rate_text, rate), 1, 1), (10, "10", 1, 1), (11, _points(exec_score), 1, 2))
    money = [truth.money(_wan(v, strip), "expenditure_total", ph, "fiscal_appropriation")
             for v, ph in zip(fiscal, ("approved", "adjusted", "executed"), strict=True)]
    g.add((1, "其中财政拨款", 1, 2), *[(3 + 2 * k, t, 1, 2) for k, t in enumerate(money)], (9, "", 1, 1),
          (10, "", 1, 1), (11, "", 1, 2))
    header = ["一级指标", "二级指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值",
              "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"]
    g.add((0, "绩效指标", len(rows) + 1, 1), *[(1 + k, h, 1, 1) for k, h in enumerate(header)])
    for (l1, l2, l3, _target, actual, w, sc, _dev), t in zip(rows, truth.targets, strict=True):
        value, vmax, unit = t["target_value"], t["target_value_max"], t["target_unit"]
        if value is None:
            cells = ["", "定性", _target, _target, actual]
        else:
            shown_unit = "万元" if unit == "yuan" else (unit or "")
            shown = value / WAN if unit == "yuan" else value
            text = f"{_points(shown)}-{_points(vmax)}" if vmax is not None else _points(shown)
            m = _NUMBER_IN.search(actual)
            cells = [shown_unit, "定量", text, text, m.group(0) if m else actual]
            t["operator"] = "range" if vmax is not None else "="
        ratio = _points((sc / w * 100).quantize(Decimal("0.1"))) if w else "0"
        g.add((1, l1.split("(")[0], 1, 1), (2, l2, 1, 1), (3, l3, 1, 1), *[(4 + k, c, 1, 1) for k, c in enumerate(cells)],
              (9, ratio, 1, 1), (10, _points(w), 1, 1), (11, _points(sc), 1, 1), (12, rng.choice(["是", "否"]), 1, 1))
    truth.targets.insert(0, {"target_kind": "execution", "operator": None, "target_value": None,
                             "target_value_max": None, "target_unit": None, "level2": "预算执行率",
                             "weight": Decimal(10), "score": exec_score, "project_name": None})
    items: list[Item] = [Para("部门整体绩效自评表", "title"), Para(f"（{year}年度）", "year"), Table(g.cells, "form")]
    report = {"report_kind": "department_overall", "fiscal_year": year, "self_score": score, "grade": None}
    return items, _result("dept_form_cq", report, truth, [{"scope": "department_overall", "score": score,
                                                           "grade": None}], [])


_SOURCES = (("其中：中央财政", "central"), ("省财政", "provincial"), ("市财政", "municipal"), ("县财政", "county"),
            ("其他", "other"))


def cover_sheet(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int) -> tuple[list[Item], dict]:
    """An old 项目绩效评价自评报告 cover sheet (fund grid and expense items) and its truth."""
    p: ProjectFacts = rng.choice(make_projects(rng, kind, region, year, _Q))
    dept = f"{region.name}{kind.full}"
    truth = _Truth(("project", p.name))
    strip = rng.random() < 0.5
    plan = p.budget
    spent = p.actual
    balance = plan - spent
    shares = split(rng, plan, [rng.uniform(0, 1) if rng.random() < 0.6 else 0.0 for _ in _SOURCES[:-1]] + [0.3], _Q)
    g = _Grid()
    g.add((0, "项目名称", 1, 1), (1, p.name, 1, 4))
    g.add((0, "项目单位", 1, 1), (1, dept, 1, 4))
    g.add((0, "主管部门", 1, 1), (1, dept, 1, 4))
    g.add((0, "项目起止时间", 1, 1), (1, f"{year}年1月起至{year}年12月止", 1, 4))
    g.add((0, "项目资金（万元）", 1, 1), (1, "计划安排资金", 1, 1), (2, "实际到位资金", 1, 1), (3, "实际支出", 1, 1),
          (4, "结余", 1, 1))
    cols = (("project_expenditure", "approved"), ("funds_received", "executed"), ("project_expenditure", "executed"),
            ("balance_year_end", "executed"))
    totals = (plan, plan, spent, balance)
    g.add((0, "合计", 1, 1), *[(1 + k, truth.money(_wan(v, strip), m, ph), 1, 1)
                              for k, (v, (m, ph)) in enumerate(zip(totals, cols, strict=True))])
    for (label, fund), share in zip(_SOURCES, shares, strict=True):
        if not share:
            g.add((0, label, 1, 1))
            continue
        spent_part = scale(share, float(spent / plan) if plan else 1.0, _Q)
        values = (share, share, spent_part, share - spent_part)
        g.add((0, label, 1, 1), *[(1 + k, truth.money(_wan(v, strip), m, ph, fund), 1, 1)
                                  for k, (v, (m, ph)) in enumerate(zip(values, cols, strict=True))])
    items = [t.sub_item for t in p.targets] + ["其他支出"]
    parts = split(rng, spent, [rng.uniform(1, 3) for _ in items], _Q)
    g.add((0, "支出明细", 1, 1), (1, "实际支出数", 1, 1), (2, "会计凭证号", 1, 1), (3, "备注", 1, 2))
    for label, value in zip(items, parts, strict=True):
        g.add((0, label, 1, 1),
              (1, truth.money(_wan(value, strip), "project_expenditure", "executed", detail=label), 1, 1),
              (2, f"{rng.randint(1, 12)}月{rng.randint(1, 60)}号凭证", 1, 1), (3, "", 1, 2))
    g.add((0, "支出合计", 1, 1), (1, _wan(spent, strip), 1, 1))
    title = rng.choice(["财政支出项目绩效评价自评报告", "项目绩效评价自评报告"])
    out: list[Item] = [Para(f"{region.name}{title}", "title"), Para("评价方式：部门（单位）绩效自评", "mode"),
                       Table(g.cells, "cover")]
    report = {"report_kind": "project", "fiscal_year": year, "self_score": None, "grade": None}
    return out, _result("cover_sheet", report, truth, [], [{"project_name": p.name, "budget_total": plan,
                                                            "budget_adjusted": None, "actual_total": spent}])


_BASIC_ITEMS = (("三公经费", "three"), ("公务用车购置和维护经费", "car"), ("公务接待", "reception"),
                ("出国经费", "abroad"), ("项目支出", "project"), ("公用经费", "public"), ("办公经费", "office"),
                ("水费、电费、差旅费", "utilities"), ("会议费、培训费", "meetings"))
_BASIC_MEASURES = {"项目支出": "project_expenditure", "公用经费": "public_expenditure"}


def basic_data(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int) -> tuple[list[Item], dict]:
    """A 部门整体支出绩效评价基础数据表 and its truth: money columns headed by years (the earlier year's
    决算数 is ``prior_year``), rows the lexicon names (项目支出, 公用经费: their measure) and item rows it
    does not know (detail = the row label; 三公经费 parts are often written zeros)."""
    f = make_facts(rng, kind, region, year, _Q)
    truth = _Truth(("department", None))
    strip = rng.random() < 0.4
    project = sum((p.actual for p in f.projects), Decimal(0))
    base = {"project": project, "public": f.public, "office": scale(f.public, rng.uniform(0.2, 0.4), _Q),
            "utilities": scale(f.public, rng.uniform(0.05, 0.15), _Q),
            "meetings": scale(f.public, rng.uniform(0.02, 0.08), _Q)}
    zero_three = rng.random() < 0.6
    for key in ("car", "reception", "abroad"):
        base[key] = Decimal(0) if zero_three else scale(f.public, rng.uniform(0.0, 0.05), _Q)
    base["three"] = base["car"] + base["reception"] + base["abroad"]
    phases = ("prior_year", "approved", "executed")
    g = _Grid()
    g.add((0, "经费控制情况（万元）", 1, 1), (1, f"{year - 1}年决算数", 1, 1), (2, f"{year}年预算数", 1, 1),
          (3, f"{year}年决算数", 1, 1))
    for label, key in _BASIC_ITEMS:
        values = (scale(base[key], rng.uniform(0.8, 1.1), _Q), scale(base[key], rng.uniform(0.85, 1.0), _Q), base[key])
        measure = _BASIC_MEASURES.get(label, "expenditure_total")
        detail = None if label in _BASIC_MEASURES else label
        cells = []
        for v, ph in zip(values, phases, strict=True):
            text = "0" if not v else _wan(v, strip)
            cells.append(truth.money(text, measure, ph, detail=detail))
        g.add((0, label, 1, 1), *[(1 + k, t, 1, 1) for k, t in enumerate(cells)])
    items: list[Item] = [Para(f"{year}年度部门整体支出绩效评价基础数据表", "title"),
                         Para(f"部门名称：{region.name}{kind.full}", "unit"), Table(g.cells, "form")]
    report = {"report_kind": "department_overall", "fiscal_year": year, "self_score": None, "grade": None}
    return items, _result("basic_data", report, truth, [], [])


def _result(layout: str, report: dict, truth: _Truth, scores: list, projects: list) -> dict[str, Any]:
    st, sn = truth.subject
    for sc in scores:
        truth.amounts.append({
            "measure": "self_score", "kind": "score", "phase": "stated", "value": sc["score"], "value_unit": "points",
            "func_code": None, "econ_code": None, "fund_source": None, "subject_type": st, "subject_name": sn,
            "detail": None, "source_value": _points(sc["score"]), "source_unit": "分", "origin": "table",
        })
    return {"layout": layout, "report": report, "amounts": truth.amounts, "targets": truth.targets,
            "scores": scores, "projects": projects}


_TEMPLATES = {"project_form": project_form, "dept_form": dept_form, "dept_form_cq": dept_form_cq,
              "cover_sheet": cover_sheet, "basic_data": basic_data}


def generate_form(seed: int | str | random.Random, layout: str) -> tuple[str, dict[str, Any]]:
    """One form of ``layout`` as report text in the txt layout (tables as tab-indented cells, which
    ``render_formats.write_report`` turns back into tables for .docx / .pdf / .xlsx), and its truth."""
    from .form_shapes import form_text

    items, truth = form_report(seed, layout)
    return form_text(items, "cells"), truth


def form_report(seed: int | str | random.Random, layout: str) -> tuple[list[Item], dict[str, Any]]:
    """One form of ``layout`` (see ``LAYOUTS``) as layout items, and its truth."""
    if layout not in _TEMPLATES:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
    rng = seed if isinstance(seed, random.Random) else random.Random(f"jixiao-form-{seed}")
    region = pick_region(rng, None)
    kind = build.pick_kind(rng)
    year = rng.randint(2018, 2025)
    return _TEMPLATES[layout](rng, region, kind, year)
