"""Tables rendered the way the text readers lay them out: one cell per line, tab-indented.

Rows are separated by a blank line; a header cell may wrap onto a continuation line that has
no tab; a spanned first cell shows as an extra tab (``\\t\\t合计``).
"""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from .facts import ProjectFacts, TargetRow
from .numfmt import money_number
from .writer import Writer

WAN = Decimal(10000)


def cell(w: Writer, text: str, *, wrap_at: int | None = None, indent: str = "\t") -> tuple[int, int]:
    """One cell; ``wrap_at`` splits the text onto a non-indented continuation line."""
    if wrap_at and 0 < wrap_at < len(text):
        start, _ = w.add(f"{indent}{text[:wrap_at]}\n")
        _, end = w.add(f"{text[wrap_at:]}\n")
        return start + len(indent), end - 1
    start, end = w.add(f"{indent}{text}\n")
    return start + len(indent), end - 1


def table_money(yuan: Decimal, unit: str, strip: bool) -> str:
    """A money cell: 万元 with up to 2 places (420 / 547.99) or 元 with 2 places."""
    return money_number(yuan, unit, 0 if strip else 2, strip=strip)


def table_unit(q: Decimal, rng: random.Random) -> tuple[str, bool]:
    """The unit of a report's tables and whether trailing zeros are dropped."""
    if q < 100:
        return "元", False
    return "万元", rng.random() < 0.7


def project_funding_table(
    w: Writer, rng: random.Random, projects: list[ProjectFacts], level_word: str, q: Decimal
) -> list[dict[str, Any]]:
    """The project funding table; returns its truth rows (money in yuan)."""
    unit, strip = table_unit(q, rng)
    w.line(rng.choice(["金额单位：", "单位：", "资金单位："]) + unit)
    local = f"其中：{level_word}级资金"
    purpose_label = rng.choice(["资金用途、使用方向", "资金用途", "主要用途及使用方向"])
    if rng.random() < 0.6:  # two header rows with spanned cells, as in many exported tables
        for label in ("项目名称", "项目类型", purpose_label, "预算金额", "支出金额"):
            cell(w, label)
        w.line()
        for _ in range(3):
            cell(w, "")
        cell(w, "指标总额", wrap_at=2)
        cell(w, local)
        cell(w, "支出总额", wrap_at=2 if rng.random() < 0.4 else None)
        cell(w, local)
    else:
        for label in ("项目名称", "项目类型", purpose_label, "预算金额", local, "支出金额", local):
            cell(w, label)
    w.line()
    rows: list[dict[str, Any]] = []
    detail = local.removeprefix("其中：")

    def money_cells(values: list[Decimal], subject: tuple[str, str | None], note: str | None = None) -> int:
        """The four money cells of a row, each also a table-origin amount; returns the end offset."""
        end = 0
        for col, v in enumerate(values):
            num = table_money(v, unit, strip)
            suffix = (note or "") if col == 0 else ""
            start, end = cell(w, num + suffix)
            w.table_money(num, start, unit, "project_expenditure", "approved" if col < 2 else "executed",
                          detail=detail if col % 2 else None, subject_type=subject[0], subject_name=subject[1])
        return end

    for p in projects:
        start, _ = cell(w, p.name)
        cell(w, p.ptype)
        cell(w, p.purpose)
        end = money_cells([p.budget, p.budget_local, p.actual, p.actual_local], ("project", p.name), p.note)
        w.line()
        rows.append(_row(p.name, p.ptype, p.purpose, p.budget, p.budget_local, p.actual, p.actual_local,
                         p.note, False, unit, start, end))
    totals = [sum((getattr(p, f) for p in projects), Decimal(0))
              for f in ("budget", "budget_local", "actual", "actual_local")]
    if rng.random() < 0.7:
        start, _ = w.add("\t\t合计\n")
        start += 2
    else:
        start, _ = cell(w, "合计")
        cell(w, "")
        cell(w, "")
    end = money_cells(totals, ("department", None))
    w.line()
    rows.append(_row("合计", None, None, *totals, None, True, unit, start, end))
    w.line()
    return rows


def _row(name: str, ptype: str | None, purpose: str | None, b: Decimal, bl: Decimal, a: Decimal, al: Decimal,
         note: str | None, is_total: bool, unit: str, start: int, end: int) -> dict[str, Any]:
    note_text = note.strip("（）") if note else None
    return {
        "project_name": name, "project_type": ptype, "purpose": purpose,
        "budget_total": b, "budget_local": bl, "actual_total": a, "actual_local": al,
        "notes": note_text, "is_total_row": is_total, "source_unit": unit,
        "char_start": start, "char_end": end,
    }


_HEADERS = (
    (("项目细化内容", None), ("成本目标（资金安排）", 4), ("时效目标（完成时间）", 4), ("数量目标（产出成果）", 4),
     ("质量目标（质量标准）", 4), ("社会效益及满意度", None)),
    (("项目细化内容", None), ("成本目标（资金安排）", None), ("时效目标（完成时间）", None),
     ("数量目标（产出成果）", None), ("质量目标（质量标准）", None), ("社会效益及满意度", None)),
    (("实施内容", None), ("成本指标", None), ("时效指标", None), ("数量指标", None), ("质量指标", None),
     ("效益及满意度指标", None)),
)
_LEVELS = {
    "cost": ("产出指标", "成本指标"),
    "time": ("产出指标", "时效指标"),
    "quantity": ("产出指标", "数量指标"),
    "quality": ("产出指标", "质量指标"),
}


def _levels(kind: str, text: str) -> tuple[str, str]:
    if kind != "benefit":
        return _LEVELS[kind]
    if "满意度" in text:
        return "满意度指标", "服务对象满意度指标"
    return "效益指标", "社会效益指标"


def target_table(w: Writer, rng: random.Random, project_name: str, rows: list[TargetRow]) -> list[dict[str, Any]]:
    """The performance-target table of one project; returns one truth row per target cell."""
    header = rng.choice(_HEADERS)
    for label, wrap in header:
        cell(w, label, wrap_at=wrap)
    w.line()
    numbering = rng.choice(["{i}.", "{i}、", "（{i}）", ""])
    out: list[dict[str, Any]] = []
    for i, row in enumerate(rows, 1):
        cell(w, numbering.format(i=i) + row.sub_item)
        for kind in ("cost", "time", "quantity", "quality", "benefit"):
            text, op, value, vmax, unit = row.cells[kind]
            start, end = cell(w, text)
            level1, level2 = _levels(kind, text)
            out.append({
                "project_name": project_name, "sub_item": row.sub_item, "target_kind": kind,
                "level1": level1, "level2": level2, "target_text": text, "operator": op,
                "target_value": value, "target_value_max": vmax, "target_unit": unit,
                "char_start": start, "char_end": end,
            })
        w.line()
    w.line()
    return out


def summary_table(
    w: Writer, table_seq: int, title: str, labels: list[str], values: list[Decimal], unit: str, strip: bool,
    total_of: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """A small generic table: one label row, one value row (the last column is the total).

    When ``total_of`` (a narrative truth row) is given, the table restates that figure: its
    total cell becomes an amount with the figure's measure, phase and codes, and every other
    column a part with the same measure and phase, subject ``project`` named by the label.
    """
    w.line(title)
    w.line(f"单位：{unit}")
    start, _ = w.add("")
    for label in labels:
        cell(w, label)
    w.line()
    texts = [table_money(v, unit, strip) for v in values]
    for i, t in enumerate(texts):
        cell_start, end = cell(w, t)
        if total_of is None:
            continue
        m, ph = total_of["measure"], total_of["phase"]
        if i == len(texts) - 1:
            w.table_money(t, cell_start, unit, m, ph, func_code=total_of["func_code"],
                          econ_code=total_of["econ_code"], fund_source=total_of["fund_source"])
        else:
            w.table_money(t, cell_start, unit, m, ph, subject_type="project", subject_name=labels[i])
    w.line()
    w.line()
    return [
        {"table_seq": table_seq, "row": 0, "title": title, "header": labels, "cells": texts,
         "char_start": start, "char_end": end},
    ]
