"""A notice that is not a report (report_kind ``other``): the finance bureau launching self-evaluation."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from . import build, vocab
from .regions import Region
from .writer import Writer


def notice(rng: random.Random, region: Region, year: int) -> tuple[str, dict[str, Any]]:
    """A finance-bureau notice about the year's self-evaluation: no department figures at all."""
    w = Writer(rng)
    issuer = region.finance_bureau
    title = build.write_title(w, [f"{issuer}关于开展{year}年度预算绩效自评工作的通知"])
    w.line(f"{region.kind}直各预算单位：")
    w.add(f"为全面实施预算绩效管理，提高财政资金使用效益，现就做好{year}年度预算绩效自评工作通知如下：")
    w.line()
    d = build.report_date(rng, year) - dt.timedelta(days=20)
    deadline = d + dt.timedelta(days=rng.randint(20, 40))
    items = rng.sample(list(vocab.NOTICE_ITEMS), 4)
    for i, s in enumerate(items, 1):
        w.line(f"{'一二三四五'[i - 1]}、{s}")
    w.line(f"请各单位于{deadline.year}年{deadline.month}月{deadline.day}日前将自评材料报送{issuer}预算绩效管理股。")
    w.line()
    d_text = build.date_text(rng, d)
    w.line(issuer)
    w.line(d_text)
    report = {
        "department": issuer, "department_raw": issuer, "region_code": region.code, "province": region.province,
        "city": region.city, "county": region.county, "admin_level": region.admin_level, "fiscal_year": year,
        "report_kind": "other", "report_date": d.isoformat(), "report_date_text": d_text, "self_score": None,
        "grade": None, "title": title, "encoding": None,
    }
    truth = {"report": report, "amounts": [], "scores": [], "sections": [], "projects": [], "targets": [],
             "table_rows": [], "other_figures": [], "findings": []}
    return w.text, truth
