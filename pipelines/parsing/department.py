"""The reporting unit of a report: every organisation name it gives, weighed by where it stands.

Names are found by the grammar of ``orgnames`` (never a list of departments). Each one is a
piece of evidence with a weight (``WEIGHTS``):

==================  ======  ===============================================================
source              weight  example
==================  ======  ===============================================================
title               10      ``X2021年度…项目支出绩效自评表``, ``关于X…的报告`` (the issuer
                            before 关于 of a title naming another unit: 7)
unit field          8       单位名称 / 部门名称 / 项目单位 / 实施单位 / 预算单位 / 填报单位 / 单位（盖章）/
                            资金使用单位
supervisor field    6       主管部门 / 地方主管部门 (often with a code: ``318-``); counted once however
                            many sheets repeat it
central supervisor  0       中央主管部门 (the ministry above a transfer payment)
page publisher      5       发布机构 / 来源 / 信息来源 (web-page metadata); 1 for a government or its
                            general office (人民政府办公室), which publishes for every unit of its portal
signature           5       a line near the end that is only a name
alias definition    4       ``X（以下简称“Y”）``
title overlap       4       a unit whose name body shares 4+ characters with a title that names no
                            unit (保山市关心下一代工作委员会 for 关心下一代专项资金项目自评报告)
self-reference      1 each  我局 / 本中心 / 我院 … supports names with that suffix (at most 3); a
                            bare 镇政府 also counts the mentions of the town the text names most
body mention        1 each  any other name in the first pages, 2 when it has its own region
                            (not a name right before 下达 / 拨付 / 批复 / 委托 / 直属 …: another unit
                            acting or a superior; not a government above a town: 省政府, 市人民政府;
                            not the finance bureau, which oversees every unit)
                            prefix (the 4 best mentions of a unit count)
site title          1       a name in a part of the page title that names the site, not the document
                            (``站名_栏目-【…】<title>``)
==================  ======  ===============================================================

Names are grouped by their *key* (town + body + suffix, abbreviations expanded: 县科技局 and
信丰县科学技术局 are one unit; an abbreviation taking characters of a longer name in order joins
it: 农业局 / 农业农村局, 发展改革委 / 发展和改革委员会; a name seen only in the body that is the tail of
exactly one longer name joins it: a name split by a line break); the group with the highest total is the reporting unit, and
its highest-weighted mention is how the report names itself (``department_raw``).

A name without its own region (县科技局, 市地震局, 数据中心) is completed with the region found
elsewhere in the same document: another mention of the same unit with a region, else the
region of the page publisher or of the other full names, else the region the text names
most. The generic level word (县/市/区) must agree with the region found.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from pipelines.parsing.furniture import PageFurniture
from pipelines.parsing.orgnames import OrgName, find_org_names, parse_org_name
from pipelines.parsing.regions import Region, find_regions

WEIGHTS: dict[str, int] = {
    "title": 10, "title issuer": 7, "unit field": 8, "supervisor field": 6, "evaluator field": 3,
    "central supervisor field": 0, "site title": 1,
    "page publisher": 5, "page title": 9, "signature": 5, "alias definition": 4, "title overlap": 4,
    "self-reference": 1, "body": 1,
}
TITLE_OVERLAP = 4  # characters of a unit's name body that a title repeats (关心下一代 …)
BODY_CAP = 4  # mentions
MIN_TAIL = 5  # characters of a name's tail that join the one longer name ending with it
SELF_REF_CAP = 3
HEAD_CHARS = 60_000  # the department is named near the top; longer texts are not searched further (bounded time)
MAX_BODY_NAMES = 1_000  # body mentions read at most (a pathological text of names stays fast)

# Form-field labels -> evidence source. Spaces inside a label are allowed (单 位 名 称).
FIELD_LABELS: dict[str, str] = {
    "单位名称": "unit field", "部门名称": "unit field", "部门（单位）名称": "unit field", "部门(单位)名称": "unit field",
    "单位（部门）名称": "unit field", "单位(部门)名称": "unit field", "填报单位": "unit field", "报送单位": "unit field",
    "预算单位": "unit field", "项目单位": "unit field", "实施单位": "unit field", "项目实施单位": "unit field",
    "自评单位": "unit field", "申报单位": "unit field", "编制单位": "unit field", "单位（盖章）": "unit field",
    "单位(盖章)": "unit field", "预算部门": "unit field", "预算部门单位": "unit field", "部门单位": "unit field",
    "部门": "unit field", "单位": "unit field",
    "资金使用单位": "unit field", "使用单位": "unit field", "项目承担单位": "unit field", "承担单位": "unit field",
    "主管部门": "supervisor field", "主管单位": "supervisor field", "项目主管部门": "supervisor field",
    "地方主管部门": "supervisor field",
    "评价单位": "evaluator field", "评价机构": "evaluator field",
    "中央主管部门": "central supervisor field",  # the ministry above a transfer payment, never the unit
}
_BARE_LABELS = {"部门", "单位"}  # only with a colon: the words are common
# A label opens a line or a cell; a long label may also follow a value glued to it (…剧团实施单位…).
_FIELD_RE = re.compile(
    r"(?P<label>" + "|".join(
        r"\s?".join(map(re.escape, label)) for label in sorted(FIELD_LABELS, key=len, reverse=True)) + ")"
    + r"(?P<sep>\s*(?:[（(]\s*(?:盖章|公章|签章)\s*[)）])?\s*[:：]?)")
_SELF_REF = re.compile(r"[我本](局|委|办|中心|院|校|所|站|馆|队|会|处|社|厅|镇|乡|街道|单位)")
_ALIAS = re.compile(r"\s*[（(]\s*以下简称")
# A name right before these verbs acts on the reporting unit (funds, approves, commissions it).
_ACTOR = re.compile(r"(?:下达|下拨|拨付|批复|印发|委托|转发|要求|关于|组织开展|统一部署|直属|授权)")
# A name followed by a count names a class of units (平台协会30余家, 企事业单位70余次), not one unit.
_COUNTED = re.compile(r"\s*\d+\s*(?:余|多)?\s*(?:家|个|所|次|批|人次)")


@dataclass(frozen=True)
class Evidence:
    name: OrgName
    source: str
    weight: int


@dataclass(frozen=True)
class Department:
    name: str | None  # normalised full name
    raw: str | None  # as the report names itself
    region: Region | None
    evidence: tuple[Evidence, ...] = ()
    core: str | None = None  # body + suffix as written in the chosen name (数据发展中心)


def _field_value(text: str, pos: int, end: int) -> tuple[int, int]:
    """The span of a field's value starting at ``pos``: the rest of the line, or the next non-empty
    line (a flattened form puts the value in the next cell); it ends at ``|``, a tab or a space."""
    line_end = text.find("\n", pos, end)
    line_end = end if line_end < 0 else line_end
    seg = text[pos:line_end]
    if not seg.strip(" \t|｜:："):
        nxt = pos
        for _ in range(3):  # skip blank lines and empty cells
            nxt = line_end + 1
            if nxt >= end:
                return pos, pos
            line_end = text.find("\n", nxt, end)
            line_end = end if line_end < 0 else line_end
            if text[nxt:line_end].strip(" \t|｜"):
                break
        pos = nxt
        seg = text[pos:line_end]
    lead = len(seg) - len(seg.lstrip(" \t|｜:："))
    pos += lead
    m = re.search(r"[|｜\t]|\s", text[pos:line_end])
    return pos, (pos + m.start()) if m else line_end


def field_names(text: str, end: int, skip: PageFurniture | None = None) -> list[Evidence]:
    """Names given as form-field values (单位名称：X, 主管部门 318-X, 实施单位 (盖章) | X |)."""
    out: list[Evidence] = []
    for m in _FIELD_RE.finditer(text, 0, end):
        label = re.sub(r"\s", "", m.group("label"))
        glued = m.start() > 0 and not re.match(r"[\s|｜:：\t]", text[m.start() - 1])
        colon = ":" in m.group("sep") or "：" in m.group("sep")
        if glued and len(label) < 4:
            continue
        if label in _BARE_LABELS and not colon:
            continue
        if skip is not None and skip.covers(m.start()):
            continue
        source = FIELD_LABELS.get(label, "unit field")
        start, stop = _field_value(text, m.end(), end)
        name = _name_at(text, start, stop)
        if name is None:
            continue
        # a label glued to the text before it is a field when a name ends before it (…剧团实施单位…),
        # a colon follows it (…表(实施单位用)填报单位:X), or a name starts right after it (…经费项目单位X局主管部门…)
        right_after = source == "unit field" and start == m.end() and re.fullmatch(r"(?:[\u4e00-\u9fff]{2,30}[-—－/])?", text[start:name.start])
        if glued and not (colon or right_after or _ORG_END_BEFORE.search(text, max(0, m.start() - 8), m.start())):
            continue
        out.append(Evidence(name, source, WEIGHTS[source]))
    return out


_ORG_END_BEFORE = re.compile(r"(?:局|厅|委|办|中心|站|所|院|馆|队|处|社|会|团|校|学|园|政府|办事处|部|室|机关|本级|联)$")


def _name_at(text: str, start: int, stop: int) -> OrgName | None:
    """The name a field value starts with: the whole value (a cell), else the first name found at
    its start (values glued to the next label: 新洲区楚剧团实施单位…)."""
    value = text[start:stop]
    name = parse_org_name(value, text[:3000])
    if name is not None:
        return _moved(name, start + len(value) - len(value.lstrip()) + name.start)
    code = re.match(r"\s*[\[【(（]?\d{3,}[\]】)）]?\s*[-—－_]?\s*", value)
    head = start + (code.end() if code else 0)
    line_end = text.find("\n", head)
    line_end = len(text) if line_end < 0 else line_end
    names = find_org_names(text, head, min(line_end, head + 60), context=text[:3000])
    if not names or names[0].start != head:
        return None
    # 市农业农村局-市畜牧兽医服务中心: the supervisor, then the unit itself
    if len(names) > 1 and re.fullmatch(r"\s*[-—－/]\s*", text[names[0].end:names[1].start]):
        return names[1]
    return names[0]


def _moved(name: OrgName, start: int) -> OrgName:
    from dataclasses import replace

    return replace(name, start=start, end=start + len(name.text))


# A page title glued to its site's name: 站名_栏目-【…】<the document's title>. Only the part holding the
# document's own words (报告 / 自评 / 表 …) is the title; the rest names the site.
_TITLE_PARTS = re.compile(r"[_|｜]|\s+-\s+|-(?=【)|【[^】]{0,30}】")
_REPORT_WORDS = re.compile(r"报告|自评|评价|绩效|[表书]$")


def _title_names(title: str) -> list[Evidence]:
    out: list[Evidence] = []
    about = title.find("关于")
    names = find_org_names(title, in_title=True)
    site = _site_spans(title)
    for n in names:
        issuer = about >= 0 and n.end <= about and any(m.start > about for m in names)
        source = "site title" if any(a <= n.start < b for a, b in site) else "title issuer" if issuer else "title"
        out.append(Evidence(n, source, WEIGHTS[source]))
    return out


def _without_site(title: str) -> str:
    """The title without the parts naming its site."""
    for a, b in reversed(_site_spans(title)):
        title = title[:a] + title[b:]
    return title


def _site_spans(title: str) -> list[tuple[int, int]]:
    """Spans of a title's parts that name the site, not the document (none when it has one part).

    >>> t = "某某娱乐城_某某网-【官网平台】2022年度宁都县林业局项目绩效自评报告"
    >>> [t[a:b] for a, b in _site_spans(t)]
    ['某某娱乐城', '某某网-', '【官网平台】']
    """
    cuts = list(_TITLE_PARTS.finditer(title))
    if not cuts:
        return []
    parts, pos = [], 0
    for m in cuts:
        parts.append((pos, m.start()))
        if m.group(0).startswith("【"):
            parts.append((m.start(), m.end()))
        pos = m.end()
    parts.append((pos, len(title)))
    own = [p for p in parts if _REPORT_WORDS.search(title[p[0]:p[1]])]
    if len(own) != 1:
        return []
    # Only what precedes the document's own title: a portal's name after it (…_某县人民政府, …-某局网站)
    # is often the unit's own site and keeps its weight.
    return [(a, b if b >= len(title) or title[b] != "-" else b + 1) for a, b in parts if b <= own[0][0] and b > a]


def _page_names(furniture: PageFurniture | None) -> list[Evidence]:
    out: list[Evidence] = []
    if furniture is None:
        return out
    for f in furniture.values("publisher"):
        name = parse_org_name(f.value)
        if name is None:  # 财政局综合股: the unit a section belongs to
            found = [n for n in find_org_names(f.value) if n.start == 0]
            name = found[0] if found else None
        if name is not None:
            # a government or its general office runs the portal that publishes every unit's reports
            portal = name.category == "government" or (name.category == "office" and name.body.endswith("政府"))
            out.append(Evidence(_moved(name, f.start), "page publisher", WEIGHTS["site title" if portal else "page publisher"]))
    for f in furniture.values("page_title"):
        for n in find_org_names(f.value):
            out.append(Evidence(_moved(n, f.start + n.start), "page title", WEIGHTS["page title"]))
    return out


def _in_book_title(text: str, pos: int) -> bool:
    window = text[max(0, pos - 60): pos]
    return window.rfind("《") > window.rfind("》")


def _body_names(text: str, end: int, furniture: PageFurniture | None, taken: set[int]) -> list[Evidence]:
    out: list[Evidence] = []
    lines_end = len(text)
    tail_start = max(0, _nth_line_from_end(text, 15))
    for n in find_org_names(text, 0, end, limit=MAX_BODY_NAMES):
        if n.start in taken or (furniture is not None and furniture.covers(n.start)) or _in_book_title(text, n.start):
            continue
        line_start = text.rfind("\n", max(0, n.start - 80), n.start) + 1 or max(0, n.start - 80)
        line_end = text.find("\n", n.end, n.end + 80)
        line_end = min(lines_end, n.end + 80) if line_end < 0 else line_end
        alone = not text[line_start:n.start].strip() and not text[n.end:line_end].strip()
        if alone and n.start >= tail_start:
            out.append(Evidence(n, "signature", WEIGHTS["signature"]))
        elif _ALIAS.match(text, n.end):
            out.append(Evidence(n, "alias definition", WEIGHTS["alias definition"]))
        elif _ACTOR.match(text, n.end):
            continue  # 县财政局下达…: another unit acting on the reporting one
        elif _COUNTED.match(text, n.end):
            continue  # 拜访…协会30余家: a count of such units
        elif n.category == "government" and not n.town and n.generic not in ("镇", "乡"):
            continue  # 省政府 / 市人民政府 in the body: the government above the unit (reports are by towns)
        elif n.category == "bureau" and n.body.endswith(_OVERSEER_BODIES):
            continue  # 财政局 in the body allocates, approves and evaluates; its own report names it elsewhere
        else:
            out.append(Evidence(n, "body", WEIGHTS["body"] * (2 if n.regions else 1)))
    return out


# Bodies of the bureaus that oversee every unit's spending: mentioned in the body of most reports,
# never the reporting unit by that alone (a finance bureau's own report names it in its title or fields).
_OVERSEER_BODIES = ("财政",)


def _nth_line_from_end(text: str, n: int) -> int:
    pos = len(text.rstrip())
    for _ in range(n):
        pos = text.rfind("\n", 0, pos)
        if pos < 0:
            return 0
    return pos


def _self_references(text: str, end: int) -> Counter[str]:
    return Counter(m.group(1) for m in _SELF_REF.finditer(text, 0, end))


def _matches_self_ref(name: OrgName, ref: str) -> bool:
    if ref == "单位":
        return True
    if ref in ("镇", "乡", "街道"):
        return bool(name.town) or name.category in ("government", "street_office")
    return name.suffix.endswith(ref) or (ref == "会" and name.suffix.endswith("委员会"))


def collect_evidence(titles: list[str], text: str, furniture: PageFurniture | None = None) -> list[Evidence]:
    """Every organisation name of the report with the weight of where it stands."""
    end = min(len(text), HEAD_CHARS)
    evidence: list[Evidence] = []
    for title in titles:
        evidence.extend(_title_names(title))
    fields = field_names(text, end, furniture)
    evidence.extend(fields)
    evidence.extend(_page_names(furniture))
    taken = {e.name.start for e in fields}
    title_starts = {text.find(t) for t in titles if t and text.find(t) >= 0}
    for e in _body_names(text, end, furniture, taken):
        nl = text.rfind("\n", max(0, e.name.start - 200), e.name.start)
        line_start = nl + 1 if nl >= 0 or e.name.start <= 200 else -1
        if line_start in title_starts and e.source == "body":
            continue  # already counted as the title
        evidence.append(e)
    return evidence


def choose_department(titles: list[str], text: str, furniture: PageFurniture | None = None) -> Department:
    """The reporting unit: the best-supported group of names, completed with the document's region."""
    evidence = collect_evidence(titles, text, furniture)
    if not evidence:
        return Department(None, None, _dominant_region(text))
    groups = _merge_abbreviations(evidence)
    refs = _self_references(text, min(len(text), HEAD_CHARS))
    town = _town_named(text)
    town_mentions = text.count(town, 0, HEAD_CHARS) if town else 0
    own_titles = [_without_site(t) for t in titles]

    def score(core: str) -> tuple[int, int]:
        items = groups[core]
        strong = sum(e.weight for e in _counted_once(items) if e.source != "body")
        if not any(e.source.startswith("title") for e in items) and _named_by_title(items, own_titles):
            strong += WEIGHTS["title overlap"]
        body = sum(sorted((e.weight for e in items if e.source == "body"), reverse=True)[:BODY_CAP])
        ref_bonus = min(SELF_REF_CAP, sum(c for r, c in refs.items() if _matches_self_ref(items[0].name, r)))
        if items[0].name.generic in ("镇", "乡") and town_mentions:  # 镇政府 of the town the text keeps naming
            ref_bonus += min(SELF_REF_CAP, town_mentions)
        first = min(e.name.start for e in items)
        return strong + body + ref_bonus, -first

    best_core = max(groups, key=score)
    items = groups[best_core]
    head = max(items, key=lambda e: (e.weight, e.name.has_region, -e.name.start))
    region = _complete_region(head.name, items, evidence, text)
    # How the report writes its own name: a full form with a region, the title's or a unit field's
    # first (labels and readers follow the title: 中共X市委党校, not the 中国共产党…委员会党校 of a
    # page header), then the longest (an abbreviation expanded).
    written = max(items, key=lambda e: (e.name.has_region, e.weight >= WEIGHTS["unit field"], len(e.name.core),
                                        e.weight, -e.name.start)).name
    longest = max(items, key=lambda e: len(e.name.core)).name
    name = written.full_name(region)
    if longest.core != written.core and not written.has_region and name.endswith(written.core):
        name = name[: len(name) - len(written.core)] + longest.core
    return Department(name, head.name.text, region, tuple(evidence), written.written_core)


_ONCE_SOURCES = ("supervisor field", "page publisher")


def _counted_once(items: list[Evidence]) -> list[Evidence]:
    """A 主管部门 field repeated on every sheet, or a page's publisher given again as its 信息来源,
    says one thing once."""
    firsts = {src: next((e for e in items if e.source == src), None) for src in _ONCE_SOURCES}
    return [e for e in items if e.source not in _ONCE_SOURCES or e is firsts[e.source]]


def _named_by_title(items: list[Evidence], titles: list[str]) -> bool:
    for e in items:
        body = e.name.body
        for i in range(len(body) - TITLE_OVERLAP + 1):
            if any(body[i: i + TITLE_OVERLAP] in t for t in titles):
                return True
    return False


def is_abbreviation(short: str, full: str) -> bool:
    """``short`` takes characters of ``full`` in order, with the same first and last character
    (科技局 / 科学技术局, 农业局 / 农业农村局, 发改委 / 发展和改革委员会 …: how Chinese unit names are
    shortened).

    >>> is_abbreviation("科技局", "科学技术局"), is_abbreviation("财政局", "科学技术局")
    (True, False)
    >>> is_abbreviation("发展改革委", "发展和改革委员会")
    True
    """
    if full.endswith("委员会") and short.endswith("委") and not short.endswith("委员会"):
        full = full[:-2]  # 发展改革委 / 发展和改革委员会: 委 stands for 委员会
    if len(short) < 3 or len(short) >= len(full) or short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


def _merge_abbreviations(evidence: list[Evidence]) -> dict[str, list[Evidence]]:
    """Evidence grouped by core; a core that abbreviates a longer core of the document joins it."""
    groups: dict[str, list[Evidence]] = defaultdict(list)
    for e in evidence:
        groups[e.name.key].append(e)
    for short in sorted(groups, key=len):
        fulls = [c for c in groups if c != short and is_abbreviation(short, c)]
        if len(fulls) != 1 and len(short) >= MIN_TAIL and all(e.source == "body" for e in groups[short]):
            fulls = [c for c in groups if c != short and c.endswith(short)]  # 事业管理中心: a name cut by a break
        if len(fulls) == 1:
            groups[fulls[0]].extend(groups.pop(short))
    return groups


def _fits(generic: str | None, region: Region) -> bool:
    """A bare level word agrees with a region: 县 a county, 市 a city (or county-level city), 区 a district."""
    if generic is None:
        return True
    name = region.county or region.city or region.province
    if generic == "县":
        return region.admin_level in ("county", "town") and name.endswith(("县", "旗"))
    if generic == "区":
        return region.admin_level in ("county", "town") and name.endswith("区")
    if generic == "市":
        return name.endswith("市") or region.admin_level == "city"
    if generic == "州":
        return region.admin_level == "city" and (region.city or "").endswith("州")
    if generic == "省":
        return region.admin_level == "province"
    if generic in ("自治区", "自治州", "自治县"):
        return (region.county or region.city or region.province).endswith(generic) and region.admin_level in (
            {"自治区": ("province",), "自治州": ("city",), "自治县": ("county", "town")}[generic])
    if generic in ("镇", "乡"):
        return region.admin_level in ("county", "town")
    return True


def _complete_region(head: OrgName, group: list[Evidence], evidence: list[Evidence], text: str) -> Region | None:
    """The unit's region: its own prefix, else its other mentions', else the document's."""
    own = [e for e in group if e.name.region is not None]
    if own:
        best = max(own, key=lambda e: (e.weight, _level_rank(e.name.region)))
        return best.name.region
    votes: Counter[str] = Counter()
    by_code: dict[str, Region] = {}
    for e in evidence:
        if e.name.region is None:
            continue
        region = _county_or_up(e.name.region)
        votes[region.code] += e.weight if e.source != "body" else 1
        by_code.setdefault(region.code, region)
    generic = head.generic
    ranked = [by_code[code] for code, _ in votes.most_common() if _fits(generic, by_code[code])]
    if not ranked:
        ranked = [r for r in find_regions(text[:HEAD_CHARS]) if _fits(generic, r)]
    if not ranked:
        return None
    region = ranked[0]
    town = head.town or (_town_named(text) if head.generic in ("镇", "乡") else None)
    if town and region.admin_level in ("county", "town"):
        region = region.with_town(town)
    return region


_TOWN_MENTION = re.compile(r"([\u4e00-\u9fff]{2}(?:镇|乡|街道))(?![镇乡村])")
# Words that end like a town but name none (城镇, 各乡, 全镇, 我镇 …).
_NOT_TOWNS = re.compile(r"^(?:城|乡|村|集|各|全|本|我|该|重|名|小|强|市|县|区|省|到|在|与|和|及|对|的|个|域)|城[镇乡]$|[镇乡]{2}")


def _town_named(text: str) -> str | None:
    """The town a text names most (位奇镇 three times), for a unit that calls itself only 镇政府 /
    我镇; at least twice."""
    counts = Counter(m.group(1) for m in _TOWN_MENTION.finditer(text[:HEAD_CHARS]) if not _NOT_TOWNS.search(m.group(1)))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 2 else None


def _county_or_up(region: Region) -> Region:
    from dataclasses import replace

    if region.admin_level == "town":
        return replace(region, admin_level="county", town=None, matched="")
    return region


def _level_rank(region: Region | None) -> int:
    return {"town": 3, "county": 2, "city": 1, "province": 0}.get(region.admin_level if region else "", -1)


def _dominant_region(text: str) -> Region | None:
    regions = find_regions(text[:HEAD_CHARS])
    return regions[0] if regions else None
