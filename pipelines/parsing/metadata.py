"""Report metadata: title, department, region, fiscal year, kind and date."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from pipelines.parsing.normalize import fold
from pipelines.parsing.numbers import chinese_digits_to_int, years_in
from pipelines.parsing.regions import Region, find_regions

# Department names: short form -> full official form. Longest short forms are tried first.
DEPARTMENTS: dict[str, str] = {
    "科学技术局": "科学技术局",
    "科技局": "科学技术局",
    "科学技术委员会": "科学技术委员会",
    "科委": "科学技术委员会",
    "教育科技体育局": "教育科技体育局",
    "教科体局": "教育科技体育局",
    "农业农村局": "农业农村局",
    "教育局": "教育局",
    "文化广电旅游局": "文化广电旅游局",
    "文化广电新闻出版旅游局": "文化广电新闻出版旅游局",
    "文化和旅游局": "文化和旅游局",
    "文广旅局": "文化广电旅游局",
    "卫生健康委员会": "卫生健康委员会",
    "卫健委": "卫生健康委员会",
    "人力资源和社会保障局": "人力资源和社会保障局",
    "人社局": "人力资源和社会保障局",
    "自然资源局": "自然资源局",
    "生态环境局": "生态环境局",
    "交通运输局": "交通运输局",
    "水利局": "水利局",
    "民政局": "民政局",
    "司法局": "司法局",
    "审计局": "审计局",
    "统计局": "统计局",
    "财政局": "财政局",
    "市场监督管理局": "市场监督管理局",
    "市场监管局": "市场监督管理局",
    "应急管理局": "应急管理局",
    "住房和城乡建设局": "住房和城乡建设局",
    "住建局": "住房和城乡建设局",
    "发展和改革局": "发展和改革局",
    "发展和改革委员会": "发展和改革委员会",
    "发改委": "发展和改革委员会",
    "发改局": "发展和改革局",
    "工业和信息化局": "工业和信息化局",
    "工信局": "工业和信息化局",
    "商务局": "商务局",
    "林业局": "林业局",
    "医疗保障局": "医疗保障局",
    "医保局": "医疗保障局",
    "退役军人事务局": "退役军人事务局",
    "科学技术协会": "科学技术协会",
    "科协": "科学技术协会",
    "体育局": "体育局",
    "档案局": "档案局",
}
_DEPT_RE = re.compile("|".join(sorted(map(re.escape, DEPARTMENTS), key=len, reverse=True)))

_TITLE_HINT = re.compile(r"绩效|自评|评价|报告|通知")
_CN_NUM = "〇○OoΟ零一二两三四五六七八九十"
_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
)
_HEAD_CHARS = 60_000  # the department is named near the top; longer texts are not searched further (bounded time)
_FISCAL_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})\s*年")


@dataclass
class Metadata:
    title: str | None
    department: str | None
    department_raw: str | None
    region: Region | None
    fiscal_year: int | None
    report_kind: str
    report_date: dt.date | None
    report_date_text: str | None
    project_name: str | None = None  # the evaluated project, when a project report's title names it


def find_title(lines: list[str]) -> str | None:
    """The title: the first lines (up to three) before the first section, if they read like a title."""
    parts: list[str] = []
    for line in lines[:8]:
        s = line.strip()
        if not s:
            if parts:
                break
            continue
        if re.match(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+[、.．]", s):
            break
        if len(s) > 60:
            break
        parts.append(re.sub(r"\[bookmark:[^\]]*\]", "", s))
        if len(parts) == 3:
            break
    title = "".join(p.replace(" ", "") for p in parts)
    return title if title and _TITLE_HINT.search(title) else None


def find_report_kind(title: str | None, text: str) -> str:
    """department_overall, project, or other (e.g. a notice that is not a self-evaluation)."""
    probe = title or ""
    if re.search(r"部门整体|整体支出", probe):
        return "department_overall"
    if re.search(r"项目(支出)?.{0,6}绩效", probe):
        return "project"
    if re.search(r"(经费|资金|工程|专项)(项目)?(支出)?绩效(自评|评价)", probe) and not _DEPT_RE.search(probe.split("绩效")[0][-8:]):
        return "project"
    if title and re.search(r"通知|公告|通报|函$", title) and "自评报告" not in title:
        return "other"
    head = text[:3000]
    if not re.search(r"绩效|自评", text):
        return "other"
    overall = len(re.findall(r"部门整体", text))
    project = len(re.findall(r"项目(支出)?(基本情况|绩效|资金概况)|项目绩效目标|项目概况", head))
    if overall:
        return "department_overall"
    if project:
        return "project"
    return "other"


_DATE_LABEL = re.compile(r"^(?:(?:填报|报告|报送|编制|填表|出具|评价|自评)?(?:日期|时间))\s*[:：]\s*")


def find_report_date(text: str) -> tuple[dt.date | None, str | None]:
    """The date the report was signed: a date standing alone on a line (or after 填报日期：), else None."""
    for line in text.split("\n"):
        s = _DATE_LABEL.sub("", line.strip())
        if len(s) > 40:
            continue
        m = _DATE.fullmatch(s)
        if not m:
            continue
        year = int(m["y"]) if m["y"].isdigit() else chinese_digits_to_int(m["y"])
        month = int(m["m"]) if m["m"].isdigit() else chinese_digits_to_int(m["m"])
        day = int(m["d"]) if m["d"].isdigit() else chinese_digits_to_int(m["d"])
        try:
            return dt.date(year or 0, month or 0, day or 0), s
        except ValueError:
            continue
    return None, None


def find_fiscal_year(title: str | None, text: str, report_date: dt.date | None) -> int | None:
    """The year evaluated: from the title, else the year the money sentences talk about most."""
    if title:
        years = [int(y) for y in _FISCAL_YEAR_IN_TITLE.findall(title)]
        if years:
            return years[0]
    limit = report_date.year if report_date else 9999
    counts: Counter[int] = Counter()
    for m in re.finditer(r"((?:19|20)\d{2})\s*年(度)?", text):
        year = int(m.group(1))
        before = text[max(0, m.start() - 2): m.start()]
        if year > limit or re.search(r"较|比|与|于", before):
            continue
        counts[year] += 3 if m.group(2) else 1
    if not counts:
        found = years_in(text)
        return found[0] if found else None
    return max(counts, key=lambda y: (counts[y], y))


def find_department(title: str | None, text: str) -> tuple[str | None, str | None, Region | None]:
    """(normalized full name, name as written, region) of the reporting department.

    Every department mention is a candidate; the title's wins, then mentions with a region
    prefix (信丰县科学技术局), then the most frequent one. A mention without a region
    (县科技局) takes the region the text names most.
    """
    candidates: list[tuple[int, int, int, str, str, Region | None]] = []  # (in title, prefixed, -pos, full, raw, region)
    sources = ([(title, 1)] if title else []) + [(text, 0)]
    for probe, in_title in sources:
        for m in _DEPT_RE.finditer(probe):
            prefix = probe[max(0, m.start() - 12): m.start()]
            regions = find_regions(prefix, anchored_end=True)
            region = regions[0] if regions else None
            raw_start = m.start() - (len(region.matched) if region else 0)
            if region is None and re.search(r"(县|区|市|州|旗|省)$", prefix):
                raw_start -= 1  # 县科技局: a generic prefix; the region is named elsewhere
            candidates.append((in_title, int(region is not None), -m.start(), DEPARTMENTS[m.group(0)], probe[raw_start: m.end()], region))
    if not candidates:
        return None, None, _dominant_region(text)
    counts = Counter(c[3] for c in candidates)
    best = max(candidates, key=lambda c: (c[0], c[1], counts[c[3]], c[2]))
    _, _, _, full, raw, region = best
    region = region or _dominant_region(text)
    name = f"{region.short_name_for_department}{full}" if region else full
    return name, raw, region


def _dominant_region(text: str) -> Region | None:
    regions = find_regions(text)
    return regions[0] if regions else None


def extract_metadata(text: str) -> Metadata:
    """Metadata of a report; ``text`` as written (matching happens on a width-folded copy)."""
    folded = fold(text)
    title = find_title(text.split("\n"))
    folded_title = fold(title) if title else None
    kind = find_report_kind(folded_title, folded)
    date, date_text = find_report_date(folded)
    fiscal_year = find_fiscal_year(folded_title, folded, date)
    department, raw, region = find_department(folded_title, folded[:_HEAD_CHARS])
    project = find_project_name(folded_title, folded) if kind == "project" else None
    return Metadata(title, department, raw, region, fiscal_year, kind, date, date_text, project)


_PROJECT_TITLE_END = re.compile(r"(?:项目支出|支出)?(?:绩效)?(?:自评|评价)(?:情况)?(?:的)?报告$|(?:项目支出|支出)?绩效自评.*$")


def find_project_name(title: str | None, text: str) -> str | None:
    """The project a project report evaluates, as its title names it (after the department, before
    项目支出绩效自评报告). A leading year belongs to the name when the body writes it that way too.

    >>> find_project_name("2020年度科普活动经费绩效自评报告", "科普活动经费自评得分90分")
    '科普活动经费'
    >>> find_project_name("2020年科普活动经费绩效自评报告", "title\\n\\n2020年科普活动经费自评得分90分")
    '2020年科普活动经费'
    """
    if not title:
        return None
    name = re.sub(r"^关于", "", title)
    dept = None
    for m in _DEPT_RE.finditer(name):
        dept = m
    if dept is not None:
        name = name[dept.end():]
    name = _PROJECT_TITLE_END.sub("", name).strip(" 的")
    if re.search(r"部门|整体|通知", name):
        return None
    bare = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", name)
    body = text.split("\n\n", 1)[-1]  # after the title block
    if bare != name and not re.match(r"^(?:19|20)\d{2}\s*年度", name) and name in body:
        bare = name
    return bare if 2 <= len(bare) <= 40 else None
