"""The fiscal year a report evaluates, and the years that must never be taken for it.

Every four-digit year (19xx/20xx) in the text is a candidate, classified by its context:

- **never the fiscal year** (``TRAPS``): a date (``2023-05-01``, ``2023年5月``, ISO timestamps),
  a document number (``〔2022〕5号``, ``财预〔2020〕10号``, ``[2021]3号``), a year inside 《…》 (a
  policy's or notice's title), a range (``2021-2025年``), a year on a page-furniture line
  (索引号, 发布日期 …), and a year after the publication date.
- **evidence, by weight** (``EVIDENCE``): the title (``2021年度`` 100, ``2021年`` 90, a bare
  ``2018绩效…`` 80), a form header or field (``自评表（2022年度）``, ``评价年度：2022`` 95), then
  the body: ``2021年度`` 3 and ``2021年`` 1 each, a year being compared with (较2020年) 0. A
project period within one year (``项目起止时间 2016年1月起至2016年12月止``) comes after the
title and the form, before the body.

The year with the highest single weight wins when that weight is a title's or a form's;
otherwise the body's weights are summed per year (ties: the later year).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?!\d)")

# Contexts (text before, text after the year) that make a year never the fiscal year.
TRAPS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    ("date", re.compile(r"$"), re.compile(r"^\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月(?!份?预算|份?支出))")),
    ("iso stamp", re.compile(r"$"), re.compile(r"^-\d{2}-\d{2}T")),
    ("document number", re.compile(r"[〔\[［【(（]\s*$"), re.compile(r"^\s*[〕\]］】)）]\s*(?:第\s*)?\d+\s*号")),
    ("document number", re.compile(r"[〔［]\s*$"), re.compile(r"^\s*[〕］]")),
    ("document number", re.compile(r"[A-Za-z\u4e00-\u9fff]发\s*$|字\s*$"), re.compile(r"^\s*\d+\s*号")),
    ("range", re.compile(r"(?:19|20)\d{2}\s*年?\s*(?:[-—–~～至到]|年至)\s*$"), re.compile(r"")),
    ("range", re.compile(r"$"), re.compile(r"^\s*年?\s*(?:[-—–~～至到])\s*(?:19|20)\d{2}")),
    ("index number", re.compile(r"/\s*$"), re.compile(r"^-\d{3,}")),
    ("code", re.compile(r"[A-Za-z0-9_-]\Z"), re.compile(r"")),  # \Z: a year opening the next line is no code
    ("code", re.compile(r""), re.compile(r"^[A-Za-z0-9_]")),
)

# (name, where, before, after, weight). ``where``: title / head (first lines, form header) / body.
EVIDENCE: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str], int], ...] = (
    ("title 年度", "title", re.compile(r""), re.compile(r"^\s*年度"), 100),
    ("title 年", "title", re.compile(r""), re.compile(r"^\s*年"), 90),
    ("title bare year", "title", re.compile(r""), re.compile(r"^\s*(?:部门|项目|整体|单位|绩效|预算|决算|度|专项|[(（])"), 80),
    ("form header", "head", re.compile(r"(?:自评表|评价表|自评报告|评分表)\s*[(（]\s*$"), re.compile(r"^\s*年度?\s*[)）]"), 95),
    # a form's own heading (2022年度项目支出绩效自评表) beats a page title naming a project by its start year
    ("form heading", "head", re.compile(r"(?:^|\n)\s*$"), re.compile(r"^\s*年度[^\n]{0,12}(?:自评表|评价表|评分表)\s*(?:\n|$)"), 96),
    ("year field", "head", re.compile(r"(?:评价年度|所属年度|预算年度|项目年度|自评年度|年度)\s*[:：]?\s*[|｜]?\s*$"), re.compile(r""), 95),
    ("bracketed 年度", "head", re.compile(r"[(（]\s*$"), re.compile(r"^\s*年度\s*[)）]"), 95),
    ("comparison", "body", re.compile(r"(?:较|比|与|同|于|对比)\s*$"), re.compile(r""), 0),
    ("body 年度", "body", re.compile(r""), re.compile(r"^\s*年度"), 3),
    ("body 年", "body", re.compile(r""), re.compile(r"^\s*年"), 1),
)
DECISIVE = 80  # a title's or a form's year is taken as it is
# A project's period (项目起止时间 2016年1月起至2016年12月止): the year it runs in, when it starts and ends in one year.
_PERIOD = re.compile(r"(?:起止时间|实施期限|实施时间|实施周期|执行期限|项目期限|项目周期)[\s:：|｜]*((?:19|20)\d{2})\s*年[^\n]{0,16}?"
                     r"(?:至|到|[-—~～])\s*((?:19|20)\d{2})\s*年")
HEAD_CHARS = 1500


def _in_book_title(text: str, pos: int) -> bool:
    """Inside 《…》 (a policy's or a notice's title), looking back at most 80 characters."""
    window = text[max(0, pos - 80): pos]
    return window.rfind("《") > window.rfind("》")


def is_trap(text: str, start: int, end: int) -> str | None:
    """The reason the year at ``text[start:end]`` is never the fiscal year, or None."""
    before, after = text[max(0, start - 12): start], text[end: end + 16]
    for name, b, a in TRAPS:
        if b.search(before) and a.search(after):
            return name
    if _in_book_title(text, start):
        return "policy title"
    return None


def year_candidates(text: str, where: str, offset: int = 0,
                    skip: Callable[[int], bool] | None = None) -> list[tuple[int, int, str]]:
    """(year, weight, evidence name) for every year in ``text`` that is not a trap."""
    out: list[tuple[int, int, str]] = []
    for m in _YEAR.finditer(text):
        if skip is not None and skip(offset + m.start()):
            continue
        if is_trap(text, m.start(), m.end()):
            continue
        before, after = text[max(0, m.start() - 12): m.start()], text[m.end(): m.end() + 20]
        for name, scope, b, a, weight in EVIDENCE:
            if scope not in (where, "body") or (scope == "body" and where != "body" and weight):
                continue
            if b.search(before) and a.search(after):
                out.append((int(m.group(1)), weight, name))
                break
    return out


def find_fiscal_year(titles: list[str], text: str, published: dt.date | None = None,
                     skip: Callable[[int], bool] | None = None) -> int | None:
    """The year evaluated: a title's or form header's year, else the year the body talks about most.

    >>> find_fiscal_year(["红河州某中心2024年度项目支出绩效自评报告"], "发布日期: 2025-04-29")
    2024
    >>> find_fiscal_year([], "附件: 项目支出绩效自评表 (2022年度) 项目名称 … 财预〔2020〕10号")
    2022
    >>> find_fiscal_year([], "根据《关于做好2023年预算绩效工作的通知》（财绩〔2023〕5号），2021年度全年支出…2021年度")
    2021
    """
    limit = published.year if published else 9999
    head = [c for c in year_candidates(text[:HEAD_CHARS], "head", 0, skip) if c[0] <= limit and c[1] >= DECISIVE]
    for title in titles:
        found = [c for c in year_candidates(title, "title") if c[0] <= limit and c[1] >= DECISIVE]
        if found:
            best = max(found, key=lambda c: c[1])
            stronger = [c for c in head if c[1] > best[1]]  # a form's heading over a project's start year
            return stronger[0][0] if stronger else best[0]
    if head:
        return head[0][0]
    period = _PERIOD.search(text[:HEAD_CHARS * 2])
    if period and period.group(1) == period.group(2):
        return int(period.group(1))
    counts: Counter[int] = Counter()
    for year, weight, _ in year_candidates(text, "body", 0, skip):
        if year <= limit and weight:
            counts[year] += weight
    if not counts:
        return _year_of_events(text, limit, skip)
    return max(counts, key=lambda y: (counts[y], y))


_EVENT_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")


def _year_of_events(text: str, limit: int, skip: Callable[[int], bool] | None) -> int | None:
    """Last resort, when every year is in a date: the year of the dates inside sentences (下达于
    2022年10月30日), not of a date standing alone or after a 日期/时间 label (the report's)."""
    counts: Counter[int] = Counter()
    for m in _EVENT_DATE.finditer(text):
        if skip is not None and skip(m.start()) or _in_book_title(text, m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start: m.start()]
        if not before.strip() or re.search(r"(?:日期|时间)\s*[:：]?\s*$", before):
            continue
        year = int(m.group(1))
        if year <= limit:
            counts[year] += 1
    return max(counts, key=lambda y: (counts[y], y)) if counts else None
