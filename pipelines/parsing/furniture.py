"""Web-page furniture in report text: read its metadata, keep it out of everything else.

Reports copied from government sites (as .txt, or .html whose reader keeps the page's metadata
lines) carry lines that belong to the page, not to the report:

- metadata fields: ``索引号: …``, ``发布机构: …``, ``发布日期: 2023-05-01``, ``文号:``, ``时效性:``,
  ``来源: …``, ``浏览次数: 12`` … (one per line, several on a line separated by spaces, or as a
  ``|``-separated grid, ``- `` list items included);
- navigation: breadcrumbs (``政务公开 > 财政 > …``, ``当前位置：首页 > …``);
- tools: ``分享``, ``打印``, ``关闭``, ``字号 大 中 小``, ``扫一扫``…;
- image data URIs (``data:image/png;base64,…``) and exported-file metadata (ISO timestamps).

``find_furniture`` returns the spans of such lines (parsers skip them: no title, section or
figure comes from them) and the metadata fields it read, by role (``FIELD_ROLES``):
the publisher (发布机构, 来源 …) is evidence for the department, the publication date is
never the fiscal year. What counts as furniture is data: add a key or a tool word below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Page metadata keys -> role. A line whose first cell is one of these keys is furniture.
FIELD_ROLES: dict[str, str] = {
    "发布机构": "publisher", "发文机关": "publisher", "发布单位": "publisher", "发布部门": "publisher",
    "来源": "publisher", "信息来源": "publisher", "来源单位": "publisher", "公开单位": "publisher",
    "发文单位": "publisher", "信息公开单位": "publisher", "文章来源": "publisher",
    "发布日期": "published", "发布时间": "published", "成文日期": "published", "公开日期": "published",
    "公开时间": "published", "发文日期": "published", "更新时间": "published", "生效日期": "published",
    "废止日期": "published", "日期": "published", "时间": "published",
    "索引号": "index", "文号": "doc_number", "发文字号": "doc_number", "名称": "page_title", "标题": "page_title",
    "时效性": "other", "有效性": "other", "浏览次数": "other", "浏览量": "other", "点击数": "other",
    "访问量": "other", "阅读量": "other", "阅读次数": "other", "组配分类": "other", "主题分类": "other",
    "体裁分类": "other", "服务对象": "other", "公开方式": "other", "公开范围": "other", "公开形式": "other",
    "信息分类": "other", "分类": "other", "作者": "publisher", "编辑": "other", "责任编辑": "other",
    "审核": "other", "字号": "other", "关键词": "other", "主题词": "other", "所属机构": "publisher",
    "部门": "publisher", "公开责任部门": "publisher", "编稿时间": "published",
    "发文编号": "doc_number", "文件名称": "page_title", "栏目": "other", "公开目录": "other", "有效期": "other",
    "统一登记号": "other", "登记号": "other", "信息索引号": "index", "所属主题": "other", "发布人": "other",
}
# Keys that make a line furniture only inside a metadata block (a report's own 部门：… stays a form field).
_BLOCK_ONLY_KEYS = frozenset({"部门", "分类", "名称", "标题", "作者", "编辑", "审核", "时间", "日期"})
# Keys that are furniture only with a date-like value (a report's own 时间：… stays text).
_DATE_ONLY_KEYS = frozenset({"日期", "时间", "生效日期", "废止日期"})
_DATE_VALUE = re.compile(r"^\s*(?:(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}|$)")
# Whole-line tool words (share, print, close, font size ...).
_TOOL_WORDS = ("分享", "分享到", "打印", "打印本页", "关闭", "关闭窗口", "收藏", "字号", "大", "中", "小", "默认",
               "扫一扫", "微信", "微博", "QQ空间", "返回顶部", "返回", "纠错", "我要纠错", "【", "】", "[", "]",
               "在手机上查看", "手机扫码", "保存", "下载", "附件下载", "相关附件", "相关链接", "上一篇", "下一篇", "：", ":",
               "首页", "登录", "注册", "无障碍", "长者模式", "English", "我要收藏", "收藏本页", "文章分享", "网站地图",
               "公共资源调用站点", "繁體", "简体", "搜索")
_TOOL_LINE = re.compile(
    r"^(?:\s|" + "|".join(sorted(map(re.escape, _TOOL_WORDS), key=len, reverse=True)) + r"|[|｜/、,，])+$")
_BREADCRUMB = re.compile(r"^(?:您?当前(?:的)?位置|您的位置|您现在的位置|所在位置|位置)\s*[:：]|^[^\n>»]{0,16}(?:\s*[>»›]\s*[^\n>»]{1,24}){2,}$")
# Site navigation glued into one line: 登录|注册预算绩效管理, 首页|机构概况|政务公开 …
_NAV_LINE = re.compile(r"^(?:首页|登录|注册|无障碍|English)\s*[|｜/]")
_DATA_URI = re.compile(r"data:image/[a-z+]+;base64,", re.I)
_ISO_STAMP = re.compile(r"\b(?:19|20)\d{2}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?Z?")
_KEY_RE = re.compile(
    r"(?:^|(?<=[\s|｜•·]))(?P<key>" + "|".join(sorted(map(re.escape, FIELD_ROLES), key=len, reverse=True))
    + r")(?:\s*[:：]\s*(?:[|｜]\s*)?|\s*[|｜]\s*)")
_BARE_KEY = re.compile(  # 发布机构 / • 发布机构: / [ 发布机构 ] alone on a line
    r"^\s*(?:[-*•·]\s*)?[\[【]?\s*(?P<key>" + "|".join(sorted(map(re.escape, FIELD_ROLES), key=len, reverse=True))
    + r")\s*[\]】]?\s*[:：]?\s*$")
_LIST_MARK = re.compile(r"^\s*(?:[-*•·]\s*|[|｜]\s*)")


@dataclass(frozen=True)
class PageField:
    key: str  # as written, e.g. 发布机构
    role: str  # publisher / published / index / doc_number / page_title / other
    value: str
    start: int  # span of the value in the text
    end: int


@dataclass
class PageFurniture:
    spans: list[tuple[int, int]] = field(default_factory=list)  # furniture lines (start, end)
    fields: list[PageField] = field(default_factory=list)

    def covers(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.spans)

    def values(self, role: str) -> list[PageField]:
        return [f for f in self.fields if f.role == role and f.value]


def _fields_in_line(line: str, offset: int) -> list[PageField]:
    """``key: value`` pairs of one line (value up to the next key, a ``|`` cell end or a wide gap)."""
    out: list[PageField] = []
    matches = list(_KEY_RE.finditer(line))
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        raw = line[m.end(): stop]
        cut = re.search(r"\s*[|｜]|\s{2,}", raw)
        if cut:
            raw = raw[: cut.start()]
        value = raw.strip()
        key = m.group("key")
        if key in _DATE_ONLY_KEYS and not _DATE_VALUE.match(value):
            continue
        start = offset + m.end() + (len(raw) - len(raw.lstrip()))
        out.append(PageField(key, FIELD_ROLES[key], value, start, start + len(value)))
    return out


def _is_field_line(line: str, fields: list[PageField], in_block: bool) -> bool:
    """The line is made of metadata fields (its first cell is a key)."""
    body = _LIST_MARK.sub("", line).strip()
    m = _KEY_RE.match(body)
    if not m:
        return False
    key = m.group("key")
    if key in _BLOCK_ONLY_KEYS and not in_block and len(fields) < 2:
        return False
    return not (key in _DATE_ONLY_KEYS and not any(f.key == key for f in fields))


def find_furniture(text: str, limit: int = 400) -> PageFurniture:
    """Furniture lines and page metadata; only the first ``limit`` lines and the last 60 are
    searched for metadata fields and navigation (data URIs anywhere)."""
    out = PageFurniture()
    lines = text.split("\n")
    n = len(lines)
    pos = 0
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    pending: str | None = None  # a key alone on its line: its value is the next line (• 发布机构 / • X)
    pending_marked = False
    in_block = False
    for i, line in enumerate(lines):
        start, end = starts[i], starts[i] + len(line)
        s = line.strip()
        if not s:
            continue
        if _DATA_URI.search(s) or len(_ISO_STAMP.findall(s)) >= 2 and len(s) < 400:
            out.spans.append((start, end))
            continue
        if i >= limit and i < n - 60:
            continue
        bare = _BARE_KEY.match(line)
        if bare and (in_block or pending is not None or _next_is_value_or_key(lines, i)):
            out.spans.append((start, end))
            pending, in_block = bare.group("key"), True
            pending_marked = bool(re.match(r"\s*[-*•·]", line))
            continue
        if pending is None and re.match(r"\s*[-*•·]", line) and len(s) <= 24 and _next_is_bare_key(lines, i):
            out.spans.append((start, end))  # • 预决算与三公经费 heading a metadata list: the page's column
            continue
        if pending is not None and pending_marked and not re.match(r"\s*[-*•·]", line):
            pending = None  # a listed key without its value; this line is not part of the list
        if pending is not None:
            value = _LIST_MARK.sub("", line).strip()
            vstart = start + line.find(value) if value else start
            out.spans.append((start, end))
            out.fields.append(PageField(pending, FIELD_ROLES[pending], value, vstart, vstart + len(value)))
            pending = None
            continue
        fields = _fields_in_line(line, start)
        if _is_field_line(line, fields, in_block):
            out.spans.append((start, end))
            out.fields.extend(fields)
            in_block = True
        elif _BREADCRUMB.search(s) or _TOOL_LINE.match(s) or _NAV_LINE.match(s):
            out.spans.append((start, end))
        else:
            in_block = False
    return out


def _next_is_bare_key(lines: list[str], i: int) -> bool:
    nxt = next((lines[j] for j in range(i + 1, min(len(lines), i + 4)) if lines[j].strip()), None)
    return nxt is not None and _BARE_KEY.match(nxt) is not None


def _next_is_value_or_key(lines: list[str], i: int) -> bool:
    """A bare key line starts a key/value list when the line after next is a key too."""
    nxt = [j for j in range(i + 1, min(len(lines), i + 5)) if lines[j].strip()]
    return len(nxt) >= 2 and (_BARE_KEY.match(lines[nxt[1]]) is not None or _KEY_RE.match(
        _LIST_MARK.sub("", lines[nxt[1]]).strip()) is not None)
