"""The department-overall report's prose sections: overview, staffing, performance, score,
problems, measures and use of results (the money sections are in ``funds``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from . import vocab
from .context import Ctx, Numbering, grade_for, heading
from .facts import StaffUnit
from .funds import sec_funds, sec_projects

__all__ = ["sec_funds", "sec_projects"]


def sec_overview(c: Ctx, num: Numbering) -> None:
    """部门概况: duties, internal structure, staffing and the year's goals."""
    heading(c, num, 1, c.pick(["部门基本情况", "部门概况", "单位基本情况", "部门（单位）基本情况"]), "overview")
    heading(c, num, 2, c.pick(["主要职能", "部门职责", "职能职责"]), "overview")
    duties = list(c.kind.duties)
    keep = sorted(c.rng.sample(range(len(duties) - 1), c.rng.randint(4, min(8, len(duties) - 1))))
    chosen = [duties[i] for i in keep] + [duties[-1]]
    if c.rng.random() < 0.7:
        sep = c.pick([".", "．", "、"])
        for i, d in enumerate(chosen, 1):
            c.w.line(f"{i}{sep}{c.fmt(d)}")
    else:
        c.w.add(f"{c.dept_local}的主要职责是：")
        c.w.add("".join(c.fmt(d).rstrip("。") + "；" for d in chosen[:-1]) + c.fmt(chosen[-1]))
        c.end_para()
    if c.rng.random() < 0.85:
        heading(c, num, 2, c.pick(["机构设置", "内设机构及下属单位", "组织架构"]), "overview")
        offices = c.rng.sample(list(c.kind.offices), c.rng.randint(3, len(c.kind.offices)))
        c.w.add(f"{c.dept_local}{c.pick(['内设', '下设'])}" + "、".join(c.fmt(o) for o in offices)
                + ("等股室" if c.region.kind == "县" else "等科室"))
        subs = [u.name for u in c.facts.staff if not u.is_department]
        if subs:
            c.w.add("，" + c.pick(["下属", "管理"]) + "、".join(subs) + c.pick(["等事业单位", "等二级预算单位"]))
        c.w.add("。")
        c.end_para()
    if c.plan.staff_style != "none":
        heading(c, num, 2, c.pick(["人员情况", "人员编制及实有人数情况", "机构人员情况"]), "overview")
        write_staff(c)
    if c.rng.random() < 0.5:
        heading(c, num, 2, c.pick(["年度工作目标", "年度主要工作任务"]), None)
        goals = c.rng.sample(list(c.kind.goals), min(3, len(c.kind.goals)))
        ords = ["一是", "二是", "三是"]
        c.w.add(f"{c.year}年，{c.we}" + c.pick(["确定的主要目标是：", "重点抓好以下工作："]))
        c.w.add("；".join(o + c.fmt(g).rstrip("。") for o, g in zip(ords, goals, strict=False)) + "。")
        c.end_para()


def write_staff(c: Ctx) -> None:
    """Headcounts: whole-department totals with a breakdown, or per unit."""
    units = c.facts.staff
    w = c.w
    if c.plan.staff_style == "totals":
        auth = sum(u.authorized for u in units)
        by_type = dict(units[0].by_type)
        sub_auth = sum(u.authorized for u in units[1:])
        if sub_auth:
            by_type["事业编制"] = by_type.get("事业编制", 0) + sub_auth
        if c.rule == "headcount_breakdown_sums":
            k = next(iter(by_type))
            by_type[k] += c.rng.choice([-2, -1, 1, 2]) if by_type[k] > 2 else 1
        lead = c.pick([f"{c.dept_local}共有", "全局", f"{c.we}"])
        total_idx = w.count(lead + c.pick(["核定编制", "编制", "编制数"]), auth, "staff_authorized", "名")
        w.add("，其中")
        parts = list(by_type.items())
        for i, (typ, n) in enumerate(parts):
            w.count(typ, n, "staff_authorized", "名", detail=typ, links={"part_of": total_idx})
            w.add("、" if i < len(parts) - 1 else "；")
        w.count(c.pick(["在职在编人员", "实有人数", "现有在职人员"]), sum(u.actual for u in units),
                "staff_actual", "人")
        w.add("，")
        w.count(c.pick(["退休人员", "离退休人员", "退休"]), sum(u.retired for u in units), "staff_retired", "人")
        w.add("。")
        c.end_para()
        return
    for u in units:
        _unit_staff(c, u)
    c.end_para()


def _unit_staff(c: Ctx, u: StaffUnit) -> None:
    w = c.w
    subject = ("department", None) if u.is_department else ("unit", u.name)
    name = c.pick(["局机关", f"{c.dept_local}机关", c.dept_local]) if u.is_department else u.name
    kw = {"subject_type": subject[0], "subject_name": subject[1]}
    w.count(name + c.pick(["编制", "编制数", "核定编制"]), u.authorized, "staff_authorized", "人", **kw)
    w.add(c.pick(["，", "，截至年末"]))
    w.count(c.pick(["在职在编人员", "实有人数", "在职人员"]), u.actual, "staff_actual", "人", **kw)
    w.add("，")
    w.count(c.pick(["退休人员", "退休"]), u.retired, "staff_retired", "人", **kw)
    w.add("。")


def sec_performance(c: Ctx, num: Numbering, with_score: bool) -> None:
    """绩效情况: achievements (other figures), the self-evaluation process, maybe the score."""
    w = c.w
    heading(c, num, 1, c.pick(["部门整体支出绩效情况", "绩效自评情况", "绩效目标完成情况"]), "performance")
    heading(c, num, 2, c.pick(["主要工作成效", "履职成效", "年度工作完成情况"]), "performance")
    achievements = c.rng.sample(list(c.kind.achievements), min(len(c.kind.achievements), c.rng.randint(3, 5)))
    ords = ["一是", "二是", "三是", "四是", "五是"]
    numbered = c.rng.random() < 0.5
    for i, a in enumerate(achievements):
        if numbered:
            w.add(f"{i + 1}{c.pick(['.', '、'])}" if c.rng.random() < 0.5 else ords[i])
        else:
            w.add(ords[i])
        write_template(c, c.fmt(a))
        if numbered:
            c.end_para()
    if not numbered:
        c.end_para()
    heading(c, num, 2, c.pick(["自评工作开展情况", "绩效评价工作情况"]), "performance")
    for s in c.rng.sample(list(vocab.PROCESS), 2):
        w.add(c.fmt(s))
    c.end_para()
    if with_score:
        heading(c, num, 2, c.pick(["自评结论", "自评得分及等级", "评价结论"]), "performance")
        write_score(c)


_FIGURE = re.compile(r"\{([^{}|]+)\|([\d.]+)\|([\d.]+)\|([^{}|]+)(?:\|(\d))?\}")


def write_template(c: Ctx, text: str) -> None:
    """Write an achievement sentence; ``{unit|lo|hi|label[|dec]}`` become other figures."""
    pos = 0
    for m in _FIGURE.finditer(text):
        c.w.add(text[pos : m.start()])
        unit, lo, hi, label, dec = m.group(1), float(m.group(2)), float(m.group(3)), m.group(4), m.group(5)
        decimals = int(dec) if dec else 0
        value = Decimal(str(round(c.rng.uniform(lo, hi), decimals)))
        c.w.other("", value, unit, label, decimals=decimals)
        pos = m.end()
    c.w.add(text[pos:])


def write_score(c: Ctx) -> None:
    """The department-overall score and grade (and sometimes project scores)."""
    w = c.w
    score = c.facts.score
    grade = grade_for(score, c.grade_scheme)
    if c.rule == "grade_matches_score":
        grade = c.grade_scheme[0] if grade != c.grade_scheme[0] else c.grade_scheme[2]
    lead = c.pick([f"经综合评价，{c.we}{c.year}年度部门整体支出绩效", f"根据评价指标体系，{c.we}{c.year}年度",
                   f"{c.dept_full}{c.year}年度部门整体支出绩效"])
    w.add(lead)
    idx = w.score(c.pick(["自评得分", "自评得分为", "综合得分", "评分得分"]), score)
    show_grade = c.rng.random() < 0.85 or c.rule == "grade_matches_score"
    if show_grade:
        w.add(c.pick([f"，自评结论为“{grade}”", f"，评价等级为“{grade}”", f"，等级为{grade}", f"，自评等级为{grade}"]))
    w.add("。")
    c.end_para()
    c.w.scores.append({"scope": "department_overall", "score": score, "grade": grade if show_grade else None,
                       "subject_name": None, "amount_index": idx})
    if c.plan.project_scores:
        for p in c.rng.sample(c.facts.projects, min(2, len(c.facts.projects))):
            ps = Decimal(c.rng.randint(170, 199)) / 2
            w.add(f"{p.name}")
            i = w.score(c.pick(["自评得分", "绩效自评综合得分为", "综合得分"]), ps,
                        subject_type="project", subject_name=p.name)
            pg = grade_for(ps, c.grade_scheme)
            w.add(f"，等级为{pg}。")
            c.w.scores.append({"scope": "project", "score": ps, "grade": pg, "subject_name": p.name,
                               "amount_index": i})
        c.end_para()


def sec_problems_measures(c: Ctx, num: Numbering) -> None:
    """存在的问题 and 改进措施, as two sections or one with two parts."""
    combined = c.rng.random() < 0.4
    if combined:
        heading(c, num, 1, c.pick(["存在的问题及改进措施", "存在问题及下一步改进措施"]), "problems")
        heading(c, num, 2, c.pick(["存在的问题", "主要问题"]), "problems")
        _numbered(c, vocab.PROBLEMS)
        heading(c, num, 2, c.pick(["改进措施", "下一步改进措施"]), "measures")
        _numbered(c, vocab.MEASURES)
        return
    heading(c, num, 1, c.pick(["存在的主要问题", "存在的问题", "存在的问题及原因"]), "problems")
    _numbered(c, vocab.PROBLEMS)
    heading(c, num, 1, c.pick(["改进措施", "下一步改进措施", "改进措施和有关建议"]), "measures")
    _numbered(c, vocab.MEASURES)


def _numbered(c: Ctx, pool: tuple[str, ...]) -> None:
    items = c.rng.sample(list(pool), c.rng.randint(2, 4))
    if c.rng.random() < 0.5:
        sep = c.pick(["．", ".", "、"])
        for i, s in enumerate(items, 1):
            c.w.line(f"{i}{sep}{c.fmt(s)}")
        c.w.add(c.para_gap)
    else:
        c.w.add("".join(c.fmt(s) for s in items))
        c.end_para()


def sec_results(c: Ctx, num: Numbering) -> None:
    """结果应用: how the results are used and published."""
    heading(c, num, 1, c.pick(["绩效自评结果应用情况", "自评结果应用及公开情况", "结果应用和公开情况"]), "results_use")
    for s in c.rng.sample(list(vocab.RESULTS_USE), 2):
        c.w.add(c.fmt(s))
    c.end_para()


def sec_other(c: Ctx, num: Numbering) -> None:
    """其他需要说明的情况."""
    heading(c, num, 1, c.pick(["其他需要说明的情况", "其他需要说明的问题"]), "other")
    c.w.add(c.pick(vocab.OTHER_NOTES))
    c.end_para()


def sec_score_standalone(c: Ctx, num: Numbering) -> None:
    """The score in a level-1 section of its own."""
    heading(c, num, 1, c.pick(["部门整体支出绩效自评结论", "自评得分及评价等级"]), "performance")
    write_score(c)


SectionWriter = Callable[[Ctx, Numbering], None]
