"""Report metadata: title, department, region, fiscal year, kind, dates.

One function per question, each in its own module: page furniture (``furniture``), the
reporting unit (``department``, by the organisation-name grammar of ``orgnames``), the fiscal
year (``fiscal_year``) and the kind (``kinds``). This module finds the title lines and puts
the answers together.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines.parsing.department import choose_department
from pipelines.parsing.fiscal_year import find_fiscal_year
from pipelines.parsing.furniture import PageFurniture, find_furniture
from pipelines.parsing.kinds import classify
from pipelines.parsing.normalize import fold
from pipelines.parsing.numbers import chinese_digits_to_int
from pipelines.parsing.orgnames import find_org_names
from pipelines.parsing.regions import Region

# A title reads like one of these (self-evaluations and the look-alikes alike).
_TITLE_HINT = re.compile(r"绩效|自评|评价|报告|通知|通报|公告|公示|预算|决算|办法|细则|规程|方案|评分表|目标表|申报表")
_CN_NUM = "〇○OoΟ零一二两三四五六七八九十"
_DATE = re.compile(
    rf"(?P<y>(?:19|20)\d{{2}}|[{_CN_NUM}]{{4}})\s*年\s*(?P<m>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*月"
    rf"\s*(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*日"
)
_ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d+[、.．]|^第[一二三四五六七八九十]+(?:部分|章|条)")
_SENTENCE = re.compile(r"[。，,；;！？]\s*\S|。$")  # a line of prose is no title
_TITLE_SEARCH_LINES = 15
MAX_TITLE_LINE = 64
# Lines around a title that are not part of it: attachment labels and list items, form fields,
# file names, document numbers.
_NOT_TITLE = re.compile(
    r"^(?:附\s*件|附表|附录)\s*[\d\-－]*\s*[:：]?$|^附\s*件\s*[\d\-－]*\s*[:：]?\s*\d+\s*[.、．]|^附\s*件\s*\d+\s*[:：]"
    r"|^[\u4e00-\u9fff ()（）]{2,14}[:：]|\.(?:docx?|xlsx?|pdf|wps)\b|〔\s*\d{4}\s*〕\s*\d+\s*号\s*$"
    r"|^(?:项目名称|项目单位|主管部门|实施单位|单位名称|填报单位|评价类型|评价方式|评价机构|报告日期|填报日期|预算编码)")
MIN_TITLE = 8  # characters: a site section's name (预算绩效管理) is not a document's title
_LEAD_TITLE = re.compile(r"^【([^】]{6,60})】")
# A file name carries the title: 河湖水系2022年整体绩效自评总结报告.docx, 《…自评表.docx》由会员分享…
_FILE_TITLE = re.compile(r"^《?(?:附件\s*\d*\s*[:：]?\s*)?([^《》\n|]{6,60}?)\s*\.(?:docx?|xlsx?|pdf|wps|et)\b")
_NUMBERS = re.compile(r"\d+(?:\.\d+)?(?!\s*年|\d)")
# Pinyin glosses some mirrors insert after characters: 项(xiàng)目 -> 项目.
_GLOSS = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[)）]")
# A title inside a long flattened line (a whole form on one line).
_INLINE_TITLE = re.compile(
    r"[\u4e00-\u9fff（）() ]{0,40}?(?:(?:19|20)\d{2}\s*年度?[\u4e00-\u9fff（）() ]{0,30}?)?"
    r"(?:绩效自评表|绩效评价表|自评(?:总结)?报告|评价报告|评分表)\s*(?:[（(]\s*(?:19|20)\d{2}\s*年度?\s*[)）])?")


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
    kind_reason: str | None = None  # why the kind: the rule or evidence that decided it
    published_date: dt.date | None = None  # the web page's 发布日期 (never the fiscal year)
    furniture: PageFurniture | None = None
    department_core: str | None = None  # the unit's name without its place (科技创新服务中心)


def _clean_line(line: str) -> str:
    s = re.sub(r"\[bookmark:[^\]]*\]", "", line)
    s = re.sub(r"^\s*(?:[-*•]\s+)?[|｜]?", "", s)
    s = re.sub(r"(?:\s*[|｜])+\s*$", "", s)
    s = re.sub(r"^(?:附件|附表)\s*\d*\s*[:：]\s*", "", s.strip())
    return s.strip()


def find_titles(text: str, furniture: PageFurniture | None = None) -> list[str]:
    """Title candidates, best first: blocks of up to three short lines near the top that read like
    a title (furniture, attachment labels and blank cells skipped; a numbered heading ends the
    search), else a title phrase inside a long first line (a form flattened onto one line)."""
    titles: list[str] = []
    parts: list[str] = []
    pos = 0
    seen = 0

    def close() -> None:
        title = "".join(p.replace(" ", "") for p in parts)
        if len(title) >= MIN_TITLE and _TITLE_HINT.search(title) and title not in titles:
            titles.append(title)
        parts.clear()

    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if furniture is not None and furniture.covers(start):
            close()
            continue
        s = _clean_line(line)
        if not s:
            if parts:
                close()
            continue
        seen += 1
        if seen > _TITLE_SEARCH_LINES or _HEADING.match(s):
            break
        lead = _LEAD_TITLE.match(s) or _FILE_TITLE.match(s)
        if lead:  # 【title】 opening a line of text; a file name
            close()
            candidate = lead.group(1).replace(" ", "")
            if _TITLE_HINT.search(candidate) and candidate not in titles:
                titles.append(candidate)
            continue
        if len(s) > MAX_TITLE_LINE:
            close()
            if seen <= 3:
                m = _INLINE_TITLE.search(fold(s[:600]))
                if m and s[m.start(): m.end()].replace(" ", "") not in titles:
                    titles.append(s[m.start(): m.end()].replace(" ", ""))
            continue
        if (_NOT_TITLE.search(s) or _SENTENCE.search(s) or s.count("|") + s.count("｜") >= 2  # a table row
                or len(_NUMBERS.findall(s)) >= 2):  # figures: a table's cells
            close()
            continue
        parts.append(s)
        if len(parts) == 3:
            close()
    close()
    return titles


def find_title(lines: list[str]) -> str | None:
    """The title: the first title candidate of the text (see ``find_titles``)."""
    titles = find_titles("\n".join(lines))
    return titles[0] if titles else None


def _published(furniture: PageFurniture) -> dt.date | None:
    for f in furniture.values("published"):
        m = _ISO_DATE.search(f.value) or _DATE.search(f.value)
        if not m:
            continue
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def extract_metadata(text: str) -> Metadata:
    """Metadata of a report; ``text`` as written (matching happens on a width-folded copy)."""
    if _GLOSS.search(text[:5000]):
        text = _GLOSS.sub("", text)
    folded = fold(text)
    furniture = find_furniture(folded)
    titles = find_titles(text, furniture)
    folded_titles = [fold(t) for t in titles]
    page_titles = [f.value for f in furniture.values("page_title")]
    title = titles[0] if titles else None
    kind = classify(folded_titles + page_titles, folded)
    date, date_text = find_report_date(folded, furniture)
    published = _published(furniture)
    limits = [d for d in (date, published) if d is not None]
    bound = max(limits) if limits else None
    fiscal_year = find_fiscal_year(folded_titles + page_titles, folded, bound, skip=furniture.covers)
    dept = choose_department(folded_titles + page_titles, folded, furniture)
    project = find_project_name(folded_titles[0] if titles else None, folded, dept.raw) if kind.kind == "project" else None
    return Metadata(title, dept.name, dept.raw, dept.region, fiscal_year, kind.kind, date, date_text, project,
                    kind.reason, published, furniture, dept.core)


_DATE_LABEL = re.compile(r"^(?:(?:填报|报告|报送|编制|填表|出具|评价|自评)?(?:日期|时间))\s*[:：]\s*")


def find_report_date(text: str, furniture: PageFurniture | None = None) -> tuple[dt.date | None, str | None]:
    """The date the report was signed: a date standing alone on a line (or after 填报日期：), else None.
    Page furniture (发布日期 …) is the publication date, not the report's."""
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if furniture is not None and furniture.covers(start):
            continue
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


_PROJECT_TITLE_END = re.compile(r"(?:项目支出|支出)?(?:绩效)?(?:自评|评价)(?:情况)?(?:的)?报告$|(?:项目支出|支出)?绩效自评.*$")


def find_project_name(title: str | None, text: str, department_raw: str | None = None) -> str | None:
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
    if department_raw and department_raw in name:
        name = name[name.index(department_raw) + len(department_raw):]
    else:
        names = [n for n in find_org_names(name) if n.has_region or n.generic]
        if names and not re.search(r"[\u4e00-\u9fff]", name[: names[0].start].replace("关于", "")):
            name = name[names[0].end:]
    name = _PROJECT_TITLE_END.sub("", name).strip(" 的")
    if re.search(r"部门|整体|通知", name):
        return None
    bare = re.sub(r"^(?:19|20)\d{2}\s*年度?", "", name)
    body = text.split("\n\n", 1)[-1]  # after the title block
    if bare != name and not re.match(r"^(?:19|20)\d{2}\s*年度", name) and name in body:
        bare = name
    return bare if 2 <= len(bare) <= 40 else None
