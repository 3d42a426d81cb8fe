"""The project self-evaluation report (项目支出绩效自评报告) of one budget project."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from . import build, header, page, render_txt, units, vocab
from . import context as cx
from . import dept_report as dr
from .facts import make_facts, scale
from .regions import Region
from .writer import Writer


def project_report(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                   unit: units.Unit | None = None) -> tuple[str, dict[str, Any]]:
    """Text and truth of a narrative project report with its target table."""
    unit = unit or units.bureau(kind)
    style, q = build.money_style(rng)
    w = Writer(rng, style)
    facts = make_facts(rng, kind, region, year, q)
    p = rng.choice(facts.projects)
    w.subject = ("project", p.name)
    dept_full, dept_local = build.names(rng, region, kind, unit)
    plan = build.make_plan(rng, None)
    c = cx.Ctx(rng=rng, w=w, region=region, kind=kind, year=year, facts=facts, plan=plan, dept_full=dept_full,
               dept_local=dept_local, we=rng.choice(unit.prose_refs), rule=None,
               grade_scheme=rng.choice(cx.GRADE_SCHEMES), pct_decimals=2, para_gap="")
    yr = "" if p.name.startswith(f"{year}年") else (f"{year}年度" if rng.random() < 0.7 else f"{year}年")
    raw = dept_full
    d = build.report_date(rng, year)
    on_page = rng.random() < header.PAGE_SHARE
    if on_page:
        page.write_page_header(w, rng, dept_full if rng.random() < 0.7 else region.finance_bureau, d)
    if rng.random() < 0.5:
        title = build.write_title(w, [f"{dept_full}{yr}{p.name}项目支出绩效自评报告"])
    else:
        title = build.write_title(w, [f"{yr}{p.name}", "绩效自评报告"])
        w.line(f"{rng.choice(['实施单位', '项目单位', '主管部门', '实施单位（盖章）'])}{rng.choice(['：', ': ', '  '])}"
               f"{rng.choice(['', '', str(rng.randint(100, 999)) + '-'])}{dept_full}")
        w.line()
    d_text = build.date_text(rng, d)
    num = cx.Numbering(rng)

    cx.heading(c, num, 1, rng.choice(["项目基本情况", "项目概况"]), "overview")
    cx.heading(c, num, 2, rng.choice(["项目背景及主要内容", "项目主要内容"]), "overview")
    w.add(c.fmt(rng.choice(vocab.PROJECT_BACKGROUND), purpose=p.purpose))
    for s in rng.sample(list(vocab.PROJECT_PROCESS), 2):
        w.add(c.fmt(s))
    c.end_para()

    cx.heading(c, num, 2, rng.choice(["项目资金安排及使用情况", "资金投入和使用情况"]), "funds")
    adjusted = p.budget + (scale(p.budget, rng.uniform(0.02, 0.2), q) if rng.random() < 0.4 else Decimal(0))
    w.add("该项目")
    w.money(rng.choice(["年初预算数", "年初预算"]), p.budget, "project_expenditure", "approved")
    w.add("，")
    adj = w.money(rng.choice(["全年预算数", "调整后预算"]), adjusted, "project_expenditure", "adjusted")
    w.add("，")
    act = w.money(rng.choice(["全年执行数", "实际支出", "全年支出"]), p.actual, "project_expenditure", "executed")
    if rng.random() < 0.4:
        w.add("，")
        w.money("其中财政拨款项目支出", p.actual_local, "project_expenditure", "executed",
                fund_source="fiscal_appropriation")
    w.add("，")
    w.rate(rng.choice(["预算执行率为", "执行率"]), p.actual / adjusted * 100, "execution_rate", "executed",
           links={"current": act, "budget": adj})
    w.add("。")
    if rng.random() < 0.6:
        w.rate("资金到位率", Decimal(100), "funds_in_place_rate", "executed", decimals=0)
        w.add("。")
    c.end_para()

    cx.heading(c, num, 1, rng.choice(["绩效目标及完成情况", "项目绩效目标实现情况"]), "performance")
    cx.heading(c, num, 2, rng.choice(["年度绩效目标", "绩效目标设定情况"]), "performance")
    targets = render_txt.target_table(w, rng, p.name, p.targets)
    cx.heading(c, num, 2, rng.choice(["目标完成情况", "产出和效益实现情况"]), "performance")
    for a in rng.sample(list(kind.achievements), min(2, len(kind.achievements))):
        dr.write_template(c, c.fmt(a))
    c.end_para()

    cx.heading(c, num, 1, rng.choice(["自评结论", "综合评价情况及结论"]), "performance")
    score = Decimal(rng.randint(160, 199)) / 2
    grade = cx.grade_for(score, c.grade_scheme)
    w.add(f"{p.name}")
    idx = w.score(rng.choice(["绩效自评综合得分为", "自评得分", "综合得分"]), score)
    w.add(f"，评价等级为“{grade}”。")
    c.end_para()
    w.scores.append({"scope": "project", "score": score, "grade": grade, "subject_name": p.name,
                     "amount_index": idx})

    dr.sec_problems_measures(c, num)
    if rng.random() < 0.5:
        dr.sec_results(c, num)
    w.line()
    w.line(dept_full)
    w.line(d_text)
    if on_page:
        page.write_page_footer(w, rng)
    truth = {
        "report": build._report(unit.truth_name(dept_full, region), raw, region, year, "project", d, d_text, title, w,
                                admin_level=unit.admin_level(region)),
        "amounts": w.amounts,
        "scores": w.scores,
        "sections": w.sections,
        "projects": [],
        "targets": targets,
        "table_rows": [],
        "other_figures": w.other_figures,
        "findings": [],
    }
    return w.text, truth
