"""One sample report: its text and the truth a careful reader would extract from it."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from . import context as cx
from . import dept_report as dr
from . import header, page, units, vocab
from .checks import failing_rules, findings
from .facts import make_facts
from .numfmt import cn_date
from .regions import Region, pick_region, region_by_code
from .writer import MoneyStyle, Writer

KINDS = ("department_overall", "project", "other")


def _rng(rng_or_seed: random.Random | int | str) -> random.Random:
    return rng_or_seed if isinstance(rng_or_seed, random.Random) else random.Random(rng_or_seed)


def pick_kind(rng: random.Random) -> vocab.DeptKind:
    """A department kind, mostly 科学技术局."""
    return rng.choices(vocab.DEPT_KINDS, [k.weight for k in vocab.DEPT_KINDS])[0]


def money_style(rng: random.Random) -> tuple[MoneyStyle, Decimal]:
    """A report's money style and quantum (the step every amount is a multiple of, in yuan)."""
    r = rng.random()
    fw = 0.3 if rng.random() < 0.08 else 0.0
    if r < 0.62:
        return MoneyStyle("万元", 2, fullwidth_rate=fw), Decimal(100)
    if r < 0.72:
        return MoneyStyle("万元", 2, strip=True, fullwidth_rate=fw), Decimal(100)
    if r < 0.82:
        return MoneyStyle("万元", 4, strip=rng.random() < 0.5, fullwidth_rate=fw), Decimal(1)
    return MoneyStyle("元", 2, thousands=rng.random() < 0.6, fullwidth_rate=fw), Decimal("0.01")


def report_date(rng: random.Random, year: int) -> dt.date:
    """A publication date in the first half of the following year."""
    start = dt.date(year + 1, 2, 15)
    return start + dt.timedelta(days=rng.randint(0, 200))


def date_text(rng: random.Random, d: dt.date) -> str:
    """The date as written: Arabic, Chinese numerals with 〇 or O, or zero-padded."""
    r = rng.random()
    if r < 0.45:
        return f"{d.year}年{d.month}月{d.day}日"
    if r < 0.7:
        return cn_date(d, "〇")
    if r < 0.85:
        return cn_date(d, "O")
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def names(rng: random.Random, region: Region, kind: vocab.DeptKind, unit: units.Unit | None = None) -> tuple[str, str]:
    """(full name as written, local short name such as 县科技局 / 县委党校 / 青石镇人民政府)."""
    unit = unit or units.bureau(kind)
    short = rng.choice(kind.shorts)
    local = short if unit.town else f"{region.kind}{short}"
    return units.full_name(region, kind, unit), local


def write_title(w: Writer, lines: list[str]) -> str:
    """Write the title lines; the title is their concatenation."""
    for line in lines:
        w.line(line)
    w.line()
    return "".join(lines)


def make_plan(rng: random.Random, rule: str | None) -> cx.Plan:
    """Random choice of statements, forced so that ``rule`` (if any) can be broken visibly."""
    b = rng.random
    plan = cx.Plan(
        staff_style=rng.choices(["totals", "units", "none"], [0.45, 0.4, 0.15])[0],
        revenue_style=rng.choices(["sources", "basic_project", "none"], [0.5, 0.25, 0.25])[0],
        exp_budget=b() < 0.5, exp_shares=b() < 0.5, exp_yoy=b() < 0.6, exp_exec=b() < 0.5, exp_func=b() < 0.35,
        basic_split=b() < 0.75, basic_econ=b() < 0.5, basic_vs_budget=b() < 0.25, basic_func=b() < 0.3,
        project_func=b() < 0.6, project_kuan=b() < 0.4, project_names=b() < 0.4, project_econ=b() < 0.35,
        project_fiscal=b() < 0.3, funding_table=b() < 0.75, target_tables=b() < 0.6, summary_table=b() < 0.4,
        sangong=b() < 0.85, sangong_counts=b() < 0.35, assets=b() < 0.35, balance=b() < 0.4,
        project_scores=b() < 0.2,
    )
    if plan.summary_table:
        plan.project_econ = True  # the summary table restates the stated 对企业补助 figure
    if rule == "parts_sum_to_total":
        plan.basic_econ = True
    elif rule == "expenditure_equals_basic_plus_project":
        plan.exp_func = plan.balance = False
    elif rule == "basic_equals_personnel_plus_public":
        plan.basic_split = True
    elif rule == "sangong_components_sum":
        plan.sangong = True
    elif rule == "share_matches_amount":
        plan.exp_shares = True
    elif rule == "yoy_rate_matches_amounts":
        plan.exp_yoy = True
    elif rule == "narrative_matches_table":  # the project list names the item the table contradicts
        plan.funding_table = plan.project_names = True
    elif rule == "headcount_breakdown_sums":
        plan.staff_style = "totals"
    return plan


def department_report(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                      rule: str | None, unit: units.Unit | None = None) -> tuple[str, dict[str, Any]]:
    """Text and truth of a department-overall report (one rule broken when ``rule`` is set)."""
    style, q = money_style(rng)
    w = Writer(rng, style)
    facts = make_facts(rng, kind, region, year, q)
    if rule == "basic_equals_personnel_plus_public":
        facts.shown["personnel"] = facts.personnel + rng.choice([-1, 1]) * rng.randint(2, 9) * cx.WAN
    elif rule == "expenditure_equals_basic_plus_project":
        facts.shown["total"] = facts.total + rng.choice([-1, 1]) * rng.randint(3, 30) * cx.WAN
    plan = make_plan(rng, rule)
    unit = unit or units.bureau(kind)
    dept_full, dept_local = names(rng, region, kind, unit)
    c = cx.Ctx(rng=rng, w=w, region=region, kind=kind, year=year, facts=facts, plan=plan, dept_full=dept_full,
               dept_local=dept_local, we=rng.choice(unit.prose_refs), rule=rule,
               grade_scheme=rng.choice(cx.GRADE_SCHEMES), pct_decimals=2 if rng.random() < 0.8 else 1,
               para_gap="\n" if rng.random() < 0.35 else "")
    # --- page furniture, title and header block (pipelines/samples/header.py) ---
    d = report_date(rng, year)
    d_text = date_text(rng, d)
    head = header.write_department_header(w, rng, region, year, dept_full, dept_local, d, d_text, unit)
    title, raw, date_on_top = head.title, head.raw, head.date_on_top
    if rng.random() < 0.6:
        w.add(c.fmt(rng.choice(vocab.PREAMBLES)))
        c.end_para()
    # --- body ---
    num = cx.Numbering(rng)
    score_in_perf = rng.random() < 0.6
    body: list[dr.SectionWriter] = [dr.sec_overview, dr.sec_funds]
    if plan.funding_table or plan.target_tables or plan.project_names or rng.random() < 0.5:
        body.insert(rng.choice([2, 2, 1]), dr.sec_projects)
    body.append(lambda cc, nn: dr.sec_performance(cc, nn, score_in_perf))
    if not score_in_perf:
        body.insert(rng.randint(len(body) - 1, len(body)), dr.sec_score_standalone)
    body.append(dr.sec_problems_measures)
    if rng.random() < 0.8:
        body.append(dr.sec_results)
    if rng.random() < 0.3:
        body.append(dr.sec_other)
    for section in body:
        section(c, num)
    if not date_on_top:
        w.line()
        w.line(dept_full)
        w.line(d_text)
    if head.on_page:
        page.write_page_footer(w, rng)
    truth = {
        "report": _report(unit.truth_name(dept_full, region), raw, region, year, "department_overall", d, d_text,
                          title, w, admin_level=unit.admin_level(region)),
        "amounts": w.amounts,
        "scores": w.scores,
        "sections": w.sections,
        "projects": c.projects_truth,
        "targets": c.targets_truth,
        "table_rows": c.table_rows,
        "other_figures": w.other_figures,
        "findings": [{"rule": rule}] if rule else [],
    }
    return w.text, truth


def _report(dept: str, raw: str, region: Region, year: int, kind: str, d: dt.date, d_text: str, title: str,
            w: Writer, admin_level: str | None = None) -> dict[str, Any]:
    """The ``reports`` truth row; the headline score is the report-scope score."""
    head = next((s for s in w.scores if s["scope"] == ("project" if kind == "project" else "department_overall")),
                None)
    return {
        "department": dept, "department_raw": raw, "region_code": region.code, "province": region.province,
        "city": region.city, "county": region.county, "admin_level": admin_level or region.admin_level,
        "fiscal_year": year,
        "report_kind": kind, "report_date": d.isoformat(), "report_date_text": d_text,
        "self_score": head["score"] if head else None, "grade": head["grade"] if head else None, "title": title,
        "encoding": None,
    }


def generate_report(rng_or_seed: random.Random | int | str, **options: Any) -> tuple[str, dict[str, Any]]:
    """One report and its truth.

    Options: ``kind`` (department_overall / project / other; default mostly department_overall),
    ``inconsistent`` (break one consistency rule, recorded in ``findings``), ``rule`` (which one),
    ``year`` (2018-2025), ``level`` (county / city), ``region_code`` (a 6-digit code: the same department
    across several reports), ``dept`` (科学技术局 / 农业农村局 / 教育局 / 文化广电旅游局).
    """
    from . import lookalike, project_report

    rng = _rng(rng_or_seed)
    kind = options.get("kind") or rng.choices(KINDS, [0.85, 0.12, 0.03])[0]
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    year = int(options.get("year") or rng.randint(2018, 2025))
    region = region_by_code(options["region_code"]) if options.get("region_code") else pick_region(rng, options.get("level"))
    dept_name = options.get("dept")
    dkind = next((k for k in vocab.DEPT_KINDS if k.full == dept_name), None) if dept_name else pick_kind(rng)
    if dkind is None:
        raise ValueError(f"unknown department {dept_name!r}")
    if kind == "other":
        return lookalike.lookalike(rng, region, dkind, year)
    dkind, unit = units.pick_unit(rng, dkind, region) if not dept_name else (dkind, units.bureau(dkind))
    if kind == "project":
        return project_report.project_report(rng, region, dkind, year, unit)
    rule = options.get("rule") or (rng.choice(cx.RULES) if options.get("inconsistent") else None)
    if rule is not None and rule not in cx.RULES:
        raise ValueError(f"rule must be one of {cx.RULES}, got {rule!r}")
    for _ in range(20):  # a draw that cannot show the rule (e.g. no share above 10 %) is redrawn
        sub = random.Random(rng.random())
        text, truth = department_report(sub, region, dkind, year, rule, unit)
        if failing_rules(truth) == ({rule} if rule else set()):
            truth["findings"] = [f for f in findings(truth) if f["rule"] == rule][:1]
            return text, truth
    raise RuntimeError(f"could not generate a report breaking exactly {rule!r}")
