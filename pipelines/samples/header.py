"""Where a sample report names its unit: the title, form fields, page metadata, an alias, the signature.

The title variants cover the shapes met in real reports: the full name before or after the
year, on its own line, inside 关于…的报告, the local short form (县科技局, with the region named
only elsewhere), and no name at all (the unit then stands in a form field such as 单位名称 or
in the page's 发布机构). ``write_department_header`` writes the title block and returns what the
truth needs.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from . import page
from .regions import Region
from .units import Unit
from .writer import Writer

UNIT_FIELDS = ("单位名称：", "部门（单位）名称：", "预算单位：", "填报单位（盖章）：", "报送单位：")
PAGE_SHARE = 0.35  # reports copied from a web page, with its furniture


@dataclass
class Header:
    title: str
    raw: str  # how the report names itself (truth department_raw)
    date_on_top: bool
    on_page: bool  # page furniture was written (a footer follows the report)


def _title_lines(rng: random.Random, variant: int, yr: str, year: int, region: Region, dept_full: str,
                 dept_local: str) -> tuple[list[str], str]:
    if variant == 0:
        return [f"{dept_full}{yr}部门整体支出绩效自评报告"], dept_full
    if variant == 1:
        return [f"{yr}{dept_full}部门整体支出", "绩效自评报告"], dept_full
    if variant == 2:
        raw = f"{region.parent}{dept_full}" if region.parent != region.name and not dept_full.startswith("中共") \
            else dept_full
        return [raw, f"{yr}部门整体支出绩效自评报告"], raw
    if variant == 3:
        return [f"{dept_local}{year}年（部门整体）支出绩效自评报告"], dept_local
    if variant == 4:
        return [dept_full, f"{yr}部门整体支出绩效自评报告"], dept_full
    if variant == 5:
        return [f"关于{dept_full}{yr}部门整体支出绩效自评情况的报告"], dept_full
    return [f"{yr}部门整体支出绩效自评报告"], dept_full  # 6: the name stands in a field below


def write_department_header(w: Writer, rng: random.Random, region: Region, year: int, dept_full: str,
                            dept_local: str, d: dt.date, d_text: str, unit: Unit) -> Header:
    """Page furniture (sometimes), the title and the field block of a department-overall report."""
    on_page = rng.random() < PAGE_SHARE
    variant = rng.randrange(7)
    if on_page:
        publisher = dept_full if variant == 6 or rng.random() < 0.7 else region.finance_bureau
        page.write_page_header(w, rng, publisher, d + dt.timedelta(days=rng.randint(1, 30)))
    yr = f"{year}年度" if rng.random() < 0.8 else f"{year}年"
    lines, raw = _title_lines(rng, variant, yr, year, region, dept_full, dept_local)
    for line in lines:
        w.line(line)
    w.line()
    title = "".join(lines)
    date_on_top = rng.random() < 0.4
    if date_on_top or variant in (3, 6):
        w.line(rng.choice(UNIT_FIELDS) + (dept_full if variant in (3, 6) else ""))
        if date_on_top:
            w.line(rng.choice(["填报日期：", "报告日期：", ""]) + d_text)
        w.line()
    if variant != 6 and rng.random() < 0.15:
        alias = dept_local if variant != 3 else rng.choice(unit.self_refs)
        w.line(f"{dept_full}（以下简称“{alias}”）按照财政部门的统一部署，组织开展了{year}年度部门整体支出绩效自评。")
    return Header(title, raw, date_on_top, on_page)
