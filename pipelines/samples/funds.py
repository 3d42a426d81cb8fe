"""Department-report sections about money: revenue, expenditure, 三公, assets and projects."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from . import render_txt, vocab
from .context import WAN, Ctx, Numbering, breakdown, func_name, heading, share, yoy
from .facts import split


def sec_funds(c: Ctx, num: Numbering) -> None:
    """收支情况: revenue, expenditure, 三公 and assets."""
    heading(c, num, 1, c.pick(["部门收支情况", "预算执行情况", "部门整体支出规模及使用情况", "部门预算收支及执行情况"]),
            "funds")
    if c.plan.revenue_style != "none":
        heading(c, num, 2, c.pick(["收入情况", "预算收入情况"]), "funds")
        write_revenue(c)
    heading(c, num, 2, c.pick(["支出情况", "预算支出情况", "支出执行情况"]), "funds")
    write_expenditure(c)
    if c.plan.sangong:
        heading(c, num, 2, c.pick(["“三公”经费使用情况", "三公经费支出情况", "“三公”经费情况"]), "funds")
        write_sangong(c)
    if c.plan.assets:
        heading(c, num, 2, c.pick(["资产负债情况", "资产管理情况"]), "funds")
        write_assets(c)


def write_revenue(c: Ctx) -> None:
    """Revenue by source (executed) or split into basic and project revenue (approved)."""
    f, w = c.facts, c.w
    if c.plan.revenue_style == "sources":
        total_idx = w.money(f"{c.year}年度{c.pick(['收入合计', '本年收入', '收入总额'])}" + c.pick(["", "为"]),
                            f.revenue, "revenue_total", "executed", unit=c.big_unit(f.revenue))
        w.add("，其中：")
        w.money(c.pick(["财政拨款收入", "财政拨款", "一般公共预算拨款"]), f.fiscal, "fiscal_appropriation",
                "executed", links={"part_of": total_idx})
        if f.carryover:
            w.add("，")
            w.money(c.pick(["上年结转", "上年结转资金", "上年结余"]), f.carryover, "carryover_prior_year", "executed",
                    links={"part_of": total_idx})
        w.add("。")
        if c.plan.balance:
            w.add("年末")
            w.money(c.pick(["结转和结余", "结余资金"]), f.revenue - f.total, "balance_year_end", "executed")
            w.add("。")
        c.end_para()
        return
    total_idx = w.money(f"{c.year}年{c.dept_full}{c.pick(['预算收入总额为', '收入预算总额', '收入预算'])}",
                        f.total_approved, "revenue_total", "approved")
    w.add("，其中")
    b = w.money("基本收入", f.basic_approved, "basic_revenue", "approved", links={"part_of": total_idx})
    if c.rng.random() < 0.6:
        share(c, c.pick(["，占收入预算总额的", "，占预算收入的"]), b, total_idx, "basic_revenue")
    w.add("；")
    p = w.money("项目收入", f.project_approved, "project_expenditure", "approved", links={"part_of": total_idx})
    if c.rng.random() < 0.6:
        share(c, c.pick(["，占收入预算总额的", "，占预算收入的"]), p, total_idx, "project_expenditure")
    w.add("。")
    c.end_para()


def write_expenditure(c: Ctx) -> None:
    """Budgeted and actual expenditure, shares, year-on-year change, execution rate, classes."""
    f, w, plan = c.facts, c.w, c.plan
    total = f.get("total", f.total)
    basic = f.basic
    if plan.exp_budget:
        w.money(f"{c.year}年{c.we}{c.pick(['部门预算支出', '年初预算支出', '支出预算'])}", f.total_approved,
                    "expenditure_total", "approved")
        w.add("，其中")
        w.money("基本支出", f.basic_approved, "basic_expenditure", "approved")
        w.add("，")
        w.money("项目支出", f.project_approved, "project_expenditure", "approved")
        w.add("。")
        c.end_para()
    lead = c.pick([f"{c.year}年度{c.we}", f"全年{c.we}", f"{c.year}年"])
    # after a budget paragraph the executed figures say so (phase context may carry over)
    labels = (["实际支出总额", "实际支出合计", "决算支出总额"] if plan.exp_budget
              else ["支出总额", "支出总额为", "总支出为", "支出合计", "支出总额共计"])
    t_idx = w.money(lead + c.pick(labels), total, "expenditure_total", "executed")
    if plan.exp_yoy:
        yoy(c, t_idx, f.prior_total, "expenditure_total", lead=c.pick(["，较上年", "，比上年", "，同比"]))
    w.add("。其中：")
    b_idx = w.money("基本支出", basic, "basic_expenditure", "executed")
    if plan.exp_shares:
        share(c, "，占", b_idx, t_idx, "basic_expenditure", suffix="")
    w.add("；")
    p_idx = w.money("项目支出", f.project, "project_expenditure", "executed")
    if plan.exp_shares:
        share(c, "，占", p_idx, t_idx, "project_expenditure")
    w.add("。")
    c.end_para()
    if plan.exp_exec:
        adj = w.money(c.pick(["全年预算数", "调整后预算数", "全年调整预算"]) + c.pick(["为", ""]), f.adjusted_total,
                      "expenditure_total", "adjusted", unit=c.big_unit(f.adjusted_total))
        w.add("，")
        w.money(c.pick(["全年执行数", "实际支出", "决算数"]), total, "expenditure_total", "executed")
        w.add("，")
        w.rate(c.pick(["预算执行率为", "执行率", "预算执行率"]), c.pct(total, f.adjusted_total), "execution_rate",
               "executed", decimals=c.pct_decimals, links={"current": t_idx, "budget": adj})
        w.add("。")
        c.end_para()
    if plan.exp_func:
        w.add(c.pick(["按支出功能分类，", "从功能分类看，"]) + "支出总额")
        breakdown(c, t_idx, f.total_func(), "expenditure_total", "executed", "func_code", lead="中")
        w.add("。")
        c.end_para()
    write_basic(c)
    write_project_spend(c)


def write_basic(c: Ctx) -> None:
    """Basic expenditure: vs budget, personnel/public split, economic and functional classes."""
    f, w, plan = c.facts, c.w, c.plan
    if not (plan.basic_split or plan.basic_econ or plan.basic_vs_budget or plan.basic_func):
        return
    b_idx = w.money(c.pick(["基本支出", f"{c.year}年基本支出", "本年基本支出"]), f.basic, "basic_expenditure",
                    "executed")
    if plan.basic_vs_budget:
        w.add("，")
        w.rate("完成年初预算的", c.pct(f.basic, f.basic_approved), "basic_expenditure", "execution_rate",
               decimals=c.pct_decimals, detail="initial")
        diff = f.basic - f.basic_approved
        if diff:
            word = "超出年初预算" if diff > 0 else "比年初预算节约"
            w.add("，")
            w.money(word, abs(diff), "basic_expenditure", "budget_variance", negative=diff < 0)
    if plan.basic_split:
        personnel = f.get("personnel", f.personnel)
        w.add("。其中：" if plan.basic_vs_budget else "，其中：")
        r = w.money("人员经费", personnel, "personnel_expenditure", "executed")
        share(c, "，占基本支出的", r, b_idx, "personnel_expenditure")
        w.add(c.pick(["，主要用于在职人员工资福利和退休人员补助", "，包括基本工资、津贴补贴、社会保险缴费和住房公积金等", ""]))
        w.add("；")
        g = w.money(c.pick(["公用经费", "日常公用经费"]), f.public, "public_expenditure", "executed")
        share(c, "，占基本支出的", g, b_idx, "public_expenditure")
        w.add(c.pick(["，主要用于办公、水电、差旅和公务用车运行等日常开支", "，保障了机关日常运转", ""]))
    w.add("。")
    c.end_para()
    if plan.basic_econ:
        econ = dict(f.econ)
        if c.rule == "parts_sum_to_total":
            econ["302"] = econ["302"] + c.rng.choice([-1, 1]) * c.rng.randint(2, 9) * WAN
        w.add(c.pick(["按经济分类，", "从经济分类看，"]) + "基本支出")
        breakdown(c, b_idx, econ, "basic_expenditure", "executed", "econ_code", lead="中", sep="，")
        w.add("。")
        c.end_para()
    if plan.basic_func:
        w.add("基本支出按功能分类：")
        breakdown(c, b_idx, f.basic_func, "basic_expenditure", "executed", "func_code", lead="", sep="；")
        w.add("。")
        c.end_para()


def write_project_spend(c: Ctx) -> None:
    """Project expenditure: fund source, change, functional/项-level/economic classes."""
    f, w, plan = c.facts, c.w, c.plan
    if not (plan.project_func or plan.project_kuan or plan.project_econ or plan.project_fiscal):
        return
    p_idx = w.money(f"{c.year}年{c.pick(['项目支出', '项目支出总计', '项目经费支出'])}", f.project,
                    "project_expenditure", "executed")
    if plan.project_fiscal:
        fiscal_part = f.project - min(f.carryover, f.project * Decimal("0.3") // f.q * f.q)
        w.add("，")
        w.money(c.pick(["其中财政拨款项目支出", "其中使用财政拨款的项目支出"]), fiscal_part, "project_expenditure",
                "executed", fund_source="fiscal_appropriation")
    if plan.exp_yoy and c.rng.random() < 0.5:
        yoy(c, p_idx, f.prior_project, "project_expenditure")
    if plan.project_func:
        w.add("。")
        breakdown(c, p_idx, f.project_func(), "project_expenditure", "executed", "func_code",
                   lead="其中，", shares=c.rng.random() < 0.6)
    w.add("。")
    c.end_para()
    kuan = f.project_kuan()
    if plan.project_kuan and kuan:
        w.add(c.pick(["按项级科目看，主要项目包括：", "分科目看，"]))
        items = list(kuan.items())
        for i, (code, v) in enumerate(items):
            w.money(func_name(c, code), v, "project_expenditure", "executed", func_code=code,
                    links={"part_of": p_idx})
            w.add("、" if i < len(items) - 1 else "。")
        c.end_para()
    if plan.project_econ:
        w.add("项目支出中")
        items = list(f.project_econ.items())
        for i, (code, v) in enumerate(items):
            w.money(c.pick(vocab.ECON_NAMES[code]), v, "project_expenditure", "executed", econ_code=code,
                    links={"part_of": p_idx})
            w.add("，" if i < len(items) - 1 else "。")
        c.end_para()


def write_sangong(c: Ctx) -> None:
    """三公经费: budget, actual and parts, savings, year-on-year change, prior year, counts."""
    f, w = c.facts, c.w
    unit = "元" if c.rng.random() < 0.25 else None
    b = f.sangong_budget
    a = dict(f.sangong_actual)
    if c.rule == "sangong_components_sum":
        a["reception"] = a["reception"] + c.rng.randint(1, 5) * WAN
        a_total = f.sangong_total("actual")
    else:
        a_total = sum(a.values(), Decimal(0))
    quote = c.pick(["“三公”经费", "三公经费", "“三公”经费"])
    bt = w.money(f"{c.year}年{quote}{c.pick(['预算为', '预算', '年初预算'])}", sum(b.values(), Decimal(0)),
                 "sangong_total", "approved", unit=unit)
    if c.rng.random() < 0.7:
        w.add(c.pick(["，其中", "，分别为", "，具体为："]))
        _sangong_parts(c, b, "approved", unit, bt)
    w.add("。")
    at = w.money(c.pick(["全年实际支出", f"本年度{c.we}实际支出", f"{c.year}年{quote}实际支出"]), a_total,
                 "sangong_total", "executed", unit=unit)
    diff = a_total - sum(b.values(), Decimal(0))
    comparisons_first = c.rng.random() < 0.5  # else in a sentence of their own, after the parts

    def comparisons(lead: str) -> None:
        """比预算节约… 较上年减少…: said of the 三公 total, never of its last part."""
        if diff:
            w.add(lead)
            w.money("比预算节约" if diff < 0 else "超出预算", abs(diff), "sangong_total", "budget_variance",
                    negative=diff < 0, unit=unit)
        yoy(c, at, f.sangong_prior, "sangong_total", lead=c.pick(["，较上年", "，与上年相比", "，比上年"])
            if diff else lead + c.pick(["较上年", "比上年"]), unit=unit)

    if comparisons_first:
        comparisons("，")
    w.add(c.pick(["。其中", "。分项看，", "，其中："]))
    _sangong_parts(c, a, "executed", unit, at)
    w.add("。")
    if not comparisons_first:
        comparisons(quote)
        w.add("。")
    if c.rng.random() < 0.5:
        w.add(c.pick(["上年", "上年度", "去年"]) + quote)
        w.money(c.pick(["支出", "决算数为", "实际支出"]), f.sangong_prior, "sangong_total", "prior_year", unit=unit)
        w.add("。")
    if a_total < f.sangong_prior:
        w.add(c.pick(["减少的主要原因是严格落实厉行节约要求，从严控制公务接待和车辆运行开支。", ""]))
    else:
        w.add(c.pick(["增加的主要原因是上级检查调研和业务对接活动有所增多。", "变化的主要原因是公务活动频次有所调整。", ""]))
    c.end_para()
    if c.plan.sangong_counts and a["reception"]:
        w.add(c.pick(["全年", "本年度"]) + "共")
        w.count("接待", c.rng.randint(8, 120), "reception_batches", "批次", unit="count")
        w.count("，接待", c.rng.randint(40, 900), "reception_persons", "人次", unit="count")
        w.add("，未安排因公出国（境）团组。" if not a["overseas"] else "。")
        c.end_para()


def _sangong_parts(c: Ctx, d: dict[str, Decimal], phase: str, unit: str | None, parent: int) -> None:
    """因公出国（境）费…、公务用车…、公务接待费… (the parts of a 三公 total)."""
    w = c.w
    sep = c.pick(["、", "；"])
    kw: dict[str, Any] = {"unit": unit, "links": {"part_of": parent}}
    w.money(c.pick(["因公出国（境）费", "因公出国(境)费用"]) + c.pick(["", "为"]), d["overseas"], "sangong_overseas",
            phase, **kw)
    w.add(sep)
    if c.rng.random() < 0.5:
        v = w.money("公务用车购置及运行维护费", d["purchase"] + d["operation"], "sangong_vehicle", phase, **kw)
        w.add("（其中")
        w.money("公务用车购置费", d["purchase"], "sangong_vehicle_purchase", phase, unit=unit,
                links={"part_of": v})
        w.add("、")
        w.money(c.pick(["公务用车运行维护费", "公务用车运行费"]), d["operation"], "sangong_vehicle_operation", phase,
                unit=unit, links={"part_of": v})
        w.add("）")
    else:
        w.money("公务用车购置费", d["purchase"], "sangong_vehicle_purchase", phase, **kw)
        w.add(sep)
        w.money(c.pick(["公务用车运行维护费", "公务用车运行费"]), d["operation"], "sangong_vehicle_operation", phase,
                **kw)
    w.add(sep)
    w.money(c.pick(["公务接待费", "业务接待费"]), d["reception"], "sangong_reception", phase, **kw)


def write_assets(c: Ctx) -> None:
    """Assets and liabilities at year end, with the change in liabilities."""
    f, w = c.facts, c.w
    w.add(f"{c.year}年末")
    w.money(c.pick(["资产总计", "资产总额"]), f.assets, "assets_total", "stated")
    w.add("，")
    li = w.money(c.pick(["负债总计", "负债总额"]), f.liabilities, "liabilities_total", "stated")
    yoy(c, li, f.liabilities_prior, "liabilities_total", lead=c.pick(["，比上年", "，较上年度"]))
    w.add("。")
    w.add(c.fmt(c.pick(vocab.MANAGEMENT)))
    c.end_para()


def sec_projects(c: Ctx, num: Numbering) -> None:
    """项目支出: totals, the funding table, project list, target tables, a summary table."""
    f, w = c.facts, c.w
    heading(c, num, 1, c.pick(["项目支出情况", "项目资金安排及使用情况", "部门项目支出及绩效目标情况"]), "funds")
    heading(c, num, 2, c.pick(["项目资金概况", "项目资金安排及支出", "项目支出资金概况"]), "funds")
    w.add(f"{c.year}年{c.we}")
    w.money(c.pick(["项目预算合计", "项目预算资金", "项目经费预算"]), f.project_approved, "project_expenditure",
            "approved")
    w.add("，")
    w.money(c.pick(["实际支出", "全年支出", "执行数"]), f.project, "project_expenditure", "executed")
    w.add(c.pick(["，具体情况见下表。", "，明细如下：", "。各项目资金情况如下："]))
    c.end_para()
    if c.plan.funding_table:
        table_projects = list(f.projects)
        if c.rule == "narrative_matches_table":
            i = c.rng.randrange(len(table_projects))
            p = table_projects[i]
            delta = min(p.actual - f.q, c.rng.randint(1, 5) * WAN)
            table_projects[i] = replace(p, actual=p.actual - delta,
                                        actual_local=max(Decimal(0), p.actual_local - delta))
        c.projects_truth = render_txt.project_funding_table(w, c.rng, table_projects, c.L, f.q)
    if c.plan.project_names:
        w.add(c.pick(["分项目看，", "其中，"]))
        for i, p in enumerate(f.projects):
            w.money(p.name + c.pick(["支出", "实际支出", "全年支出"]), p.actual, "project_expenditure", "executed",
                    subject_type="project", subject_name=p.name)
            w.add("；" if i < len(f.projects) - 1 else "。")
        c.end_para()
    if c.plan.target_tables:
        heading(c, num, 2, c.pick(["项目绩效目标情况", "项目绩效目标设定情况"]), "performance")
        for p in f.projects[: c.rng.randint(1, min(3, len(f.projects)))]:
            heading(c, num, 3, p.name, None)
            c.targets_truth += render_txt.target_table(w, c.rng, p.name, p.targets)
    stated_312 = next((a for a in w.amounts if a["econ_code"] == "312" and a["origin"] == "narrative"), None)
    if c.plan.summary_table and stated_312 is not None:
        labels = [c.pick(["高企及科技型企业奖补", "企业奖励补助"]), c.pick(["科技计划项目补助", "项目补助"]),
                  c.pick(["平台建设补助", "创新载体补助"]), "其他补助", "合计"]
        total = f.project_econ["312"]
        parts = split(c.rng, total, [c.rng.uniform(1, 5) for _ in range(4)], f.q)
        unit, strip = render_txt.table_unit(f.q, c.rng)
        c.n_tables += 1
        c.table_rows += render_txt.summary_table(
            w, c.n_tables, f"{c.dept_local}{c.year}年对企业补助情况表", labels, [*parts, total], unit, strip,
            total_of=stated_312)
    heading(c, num, 2, c.pick(["资金管理情况", "项目资金管理情况"]), "funds")
    for s in c.rng.sample(list(vocab.MANAGEMENT), 2):
        w.add(c.fmt(s))
    c.end_para()
