"""Look-alike documents: published next to self-evaluations, with the same words, but not one.

Each has truth kind ``other`` (the parser says why in ``kind_reason``) and no self-evaluation
facts: a budget or final-accounts disclosure (部门预算 / 部门决算, with figures and even a 绩效
section), a performance-target declaration (绩效目标表), the finance bureau's notice about the
evaluation work, a summary notice that only lists the attached reports, a policy (管理办法), a
third-party evaluation commissioned by the finance bureau, and a news item. All wording is
written for jixiao; unit names follow the grammar of ``units``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import build, notice, page, units, vocab
from .numfmt import plain
from .regions import Region
from .writer import Writer

_FIRMS = ("恒远诚信工程咨询有限公司", "正信达财务咨询有限公司", "明衡会计师事务所有限公司")


def _truth(w: Writer, title: str, dept: str, raw: str, region: Region, year: int | None, d: dt.date,
           d_text: str, admin_level: str | None = None) -> dict[str, Any]:
    report = build._report(dept, raw, region, year or 0, "other", d, d_text, title, w, admin_level=admin_level)
    report["fiscal_year"] = year
    return {"report": report, "amounts": [], "scores": [], "sections": [], "projects": [], "targets": [],
            "table_rows": [], "other_figures": [], "findings": []}


def _wan(rng: random.Random, low: int, high: int) -> str:
    return plain(Decimal(rng.randint(low * 100, high * 100)) / 100, 2)


def _finish(w: Writer, rng: random.Random, signer: str, d: dt.date, on_page: bool) -> str:
    d_text = build.date_text(rng, d)
    w.line()
    w.line(signer)
    w.line(d_text)
    if on_page:
        page.write_page_footer(w, rng)
    return d_text


def budget_disclosure(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                      unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """部门决算 / 部门预算 with its table of contents, figures and a 绩效 part."""
    w = Writer(rng)
    dept, _ = build.names(rng, region, kind, unit)
    final = rng.random() < 0.6
    word = "决算" if final else "预算"
    d = dt.date(year + 1, rng.randint(6, 9), rng.randint(1, 28)) if final else dt.date(year, 2, rng.randint(1, 28))
    on_page = rng.random() < 0.5
    if on_page:
        page.write_page_header(w, rng, dept, d)
    title = build.write_title(w, [rng.choice([f"{dept}{year}年度部门{word}", f"{dept}{year}年部门{word}公开",
                                              f"{year}年度{dept}部门{word}情况说明"])])
    w.line("目录")
    w.line(f"第一部分 {year}年度部门{word}报表")
    for i, t in enumerate(("收入支出", "收入", "支出", "财政拨款收入支出"), 1):
        w.line(f"{'一二三四'[i - 1]}、{t}{word}总表")
    w.line(f"第二部分 {year}年度部门{word}说明")
    w.line(f"第三部分 {year}年度部门绩效{'评价' if final else '目标'}情况")
    w.line()
    w.line(f"一、收入支出{word}总体情况说明")
    w.line(f"{year}年度收入、支出{word}总计{_wan(rng, 300, 5000)}万元，与上年相比增加{_wan(rng, 5, 200)}万元，"
           f"主要原因是人员变动和项目调整。")
    w.line(f"二、财政拨款支出{word}情况说明")
    w.line(f"{year}年度财政拨款支出{_wan(rng, 200, 3000)}万元，其中基本支出{_wan(rng, 100, 900)}万元。")
    w.line(f"三、部门绩效{'评价' if final else '目标'}情况说明")
    w.line(f"本部门按要求开展了{year}年度预算绩效管理工作，项目绩效{'自评结果另行公开' if final else '目标见附表'}。")
    d_text = _finish(w, rng, dept, d, on_page)
    return w.text, _truth(w, title, unit.truth_name(dept, region), dept, region, year, d, d_text,
                          unit.admin_level(region))


def target_declaration(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                       unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """项目支出绩效目标表: targets (指标值) without actual values or scores."""
    w = Writer(rng)
    dept, _ = build.names(rng, region, kind, unit)
    p = rng.choice(kind.projects)
    d = dt.date(year, rng.randint(1, 3), rng.randint(1, 28))
    title = build.write_title(w, [f"{p.name}项目支出绩效目标表（{year}年度）"])
    w.line(f"项目名称：{p.name}")
    w.line(f"主管部门：{dept}")
    w.line(f"实施单位：{dept}")
    w.line(f"项目资金（万元）：年度资金总额{_wan(rng, 10, 200)}")
    w.line("年度绩效目标：按计划完成项目各项任务。")
    w.line("一级指标 二级指标 三级指标 指标值")
    for spec in p.targets[:2]:
        w.line(f"产出指标 数量指标 {spec.name} 按计划完成")
    w.line("效益指标 社会效益指标 服务对象受益情况 明显提升")
    d_text = _finish(w, rng, dept, d, False)
    return w.text, _truth(w, title, unit.truth_name(dept, region), dept, region, year, d, d_text,
                          unit.admin_level(region))


def attachment_notice(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                      unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """A short page that publishes the year's self-evaluations as attachments."""
    w = Writer(rng)
    dept, _ = build.names(rng, region, kind, unit)
    d = build.report_date(rng, year)
    on_page = rng.random() < 0.6
    if on_page:
        page.write_page_header(w, rng, dept, d)
    title = build.write_title(w, [f"{dept}关于公开{year}年度绩效自评结果的公告"])
    w.line(f"根据预算绩效管理有关要求，现将{dept}{year}年度部门整体支出和项目支出绩效自评报告予以公开。")
    w.line()
    w.line(f"附件：1.{dept}{year}年度部门整体支出绩效自评报告")
    for i, p in enumerate(rng.sample(list(kind.projects), min(2, len(kind.projects))), 2):
        w.line(f"{i}.{p.name}项目支出绩效自评报告")
    d_text = _finish(w, rng, dept, d, on_page)
    return w.text, _truth(w, title, unit.truth_name(dept, region), dept, region, year, d, d_text,
                          unit.admin_level(region))


def policy(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
           unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """A measures document of the finance bureau: 第一章 总则, 第一条 …; no fiscal year."""
    w = Writer(rng)
    issuer = region.finance_bureau
    d = build.report_date(rng, year)
    title = build.write_title(w, [f"{region.name}预算绩效自评管理办法（试行）"])
    w.line("第一章 总则")
    w.line("第一条 为规范预算绩效自评工作，提高财政资金使用效益，制定本办法。")
    w.line("第二条 本办法适用于各预算部门和单位开展的部门整体支出和项目支出绩效自评。")
    w.line("第二章 自评内容")
    w.line("第三条 自评内容包括预算执行情况、绩效目标完成情况和存在的问题。")
    w.line("第四条 本办法由财政部门负责解释，自印发之日起施行。")
    d_text = _finish(w, rng, issuer, d, False)
    return w.text, _truth(w, title, issuer, issuer, region, None, d, d_text)


def third_party(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """A finance-bureau evaluation of one project written by a consultancy."""
    w = Writer(rng)
    dept, _ = build.names(rng, region, kind, unit)
    p = rng.choice(kind.projects)
    firm = rng.choice(_FIRMS)
    d = build.report_date(rng, year)
    title = build.write_title(w, [f"{dept}{year}年度{p.name}", rng.choice(["重点绩效评价报告", "绩效评价报告"])])
    w.line(f"受{region.finance_bureau}委托，{firm}成立评价组，对{dept}{year}年度{p.name}开展了绩效评价。")
    w.line("一、评价对象和范围")
    w.line(f"评价对象为{p.name}，评价范围为项目资金的安排、使用和管理情况。")
    w.line("二、评价结论")
    w.line("评价组认为，该项目总体实施情况较好，资金管理仍需加强。")
    d_text = _finish(w, rng, firm, d, False)
    return w.text, _truth(w, title, unit.truth_name(dept, region), dept, region, year, d, d_text,
                          unit.admin_level(region))


def news(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
         unit: units.Unit) -> tuple[str, dict[str, Any]]:
    """A news item about the evaluation work."""
    w = Writer(rng)
    dept, _ = build.names(rng, region, kind, unit)
    d = build.report_date(rng, year)
    on_page = rng.random() < 0.7
    if on_page:
        page.write_page_header(w, rng, dept, d)
    title = build.write_title(w, [f"{dept}召开{year}年度预算绩效自评工作部署会"])
    w.line(f"近日，{dept}召开{year}年度预算绩效自评工作部署会，传达财政部门有关要求，安排各股室做好自评准备。")
    w.line("会议要求，各股室要高度重视，按时保质完成自评任务。")
    d_text = _finish(w, rng, dept, d, on_page)
    return w.text, _truth(w, title, unit.truth_name(dept, region), dept, region, year, d, d_text,
                          unit.admin_level(region))


def _evaluation_notice(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
                       unit: units.Unit) -> tuple[str, dict[str, Any]]:
    return notice.notice(rng, region, year)


LOOK_ALIKES: dict[str, tuple[float, Callable[..., tuple[str, dict[str, Any]]]]] = {
    "budget disclosure": (0.3, budget_disclosure),
    "target declaration": (0.12, target_declaration),
    "evaluation notice": (0.18, _evaluation_notice),
    "attachment notice": (0.12, attachment_notice),
    "policy": (0.08, policy),
    "third party": (0.12, third_party),
    "news": (0.08, news),
}


def lookalike(rng: random.Random, region: Region, kind: vocab.DeptKind, year: int,
              which: str | None = None) -> tuple[str, dict[str, Any]]:
    """One look-alike document and its truth (kind ``other``); ``which`` picks the type."""
    name = which or rng.choices(list(LOOK_ALIKES), [w for w, _ in LOOK_ALIKES.values()])[0]
    kind, unit = units.pick_unit(rng, kind, region)
    return LOOK_ALIKES[name][1](rng, region, kind, year, unit)
