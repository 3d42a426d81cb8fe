"""The section tree: headings at every level, each with the text under it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.model import Section

_CN = "一二三四五六七八九十"
# (level, pattern) in the conventional nesting order of Chinese official documents.
HEADING_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{_CN}]+部分\s*")),
    (1, re.compile(rf"^[{_CN}]+[、．.]\s*")),
    (2, re.compile(rf"^[（(][{_CN}]+[）)]\s*")),
    (3, re.compile(r"^\d{1,2}(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]\s*")),
)

TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("problems", re.compile(r"存在的?(主要)?问题|主要问题|问题及原因")),
    ("measures", re.compile(r"改进措施|改进方向|下一步|整改|有关建议|建议$|改进意见")),
    ("results_use", re.compile(r"结果.{0,4}应用|公开情况|拟应用")),
    ("other", re.compile(r"其他需要说明|其他说明")),
    ("overview", re.compile(r"概况|基本情况|主要职能|职责|人员情况|机构")),
    ("funds", re.compile(r"收支|预算执行|资金|支出情况|三公")),
    ("performance", re.compile(r"绩效")),
)

MAX_HEADING_CHARS = 40


@dataclass
class _Heading:
    level: int
    number: str
    title: str
    start: int
    end: int


def _topic(title: str) -> str | None:
    for topic, pattern in TOPICS:
        if pattern.search(title):
            return topic
    return None


def _is_bare_heading(line: str, next_line: str | None) -> bool:
    """A short unnumbered line that reads like a heading (no sentence punctuation, no figures)."""
    s = line.strip()
    return (
        2 <= len(s) <= 24
        and not re.search(r"[。，,；;：:%]|\d", s)
        and not s.startswith(("\t", "["))
        and next_line is not None
    )


def _headings(text: str, table_spans: list[tuple[int, int]]) -> list[_Heading]:
    out: list[_Heading] = []
    lines = text.split("\n")
    pos = 0
    last_level = 0
    for i, line in enumerate(lines):
        start = pos
        pos += len(line) + 1
        if line.startswith("\t") or any(s <= start < e for s, e in table_spans):
            continue
        s = line.strip()
        lead = len(line) - len(line.lstrip())
        if not s or len(s) > MAX_HEADING_CHARS or s.endswith(("。", "；", ";")):
            # Long numbered lines are list items with text, not headings.
            continue
        for level, pattern in HEADING_PATTERNS:
            m = pattern.match(s)
            if m and len(s) > m.end():
                number = m.group(0).strip()
                out.append(_Heading(level, number, s[m.end():].strip(), start + lead, start + lead + len(s)))
                last_level = level
                break
        else:
            nxt = next((x for x in lines[i + 1: i + 3] if x.strip()), None)
            if out and _is_bare_heading(s, nxt) and (i + 1 < len(lines) and not lines[i + 1].strip()):
                out.append(_Heading(min(last_level + 1, 5), "", s, start + lead, start + lead + len(s)))
    return out


def extract_sections(report_id: str, text: str, table_spans: list[tuple[int, int]]) -> list[Section]:
    """Sections in document order, each with its parent and the text up to the next heading."""
    heads = _headings(text, table_spans)
    sections: list[Section] = []
    stack: list[tuple[int, int]] = []  # (level, seq)
    for i, h in enumerate(heads):
        body_end = heads[i + 1].start if i + 1 < len(heads) else len(text)
        while stack and stack[-1][0] >= h.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        seq = i + 1
        body = text[h.end:body_end].strip()
        sections.append(Section(report_id, seq, h.level, h.number, h.title, body, h.start, body_end, parent, _topic(h.title)))
        stack.append((h.level, seq))
    return sections


def section_path_at(sections: list[Section], pos: int) -> str | None:
    """The heading path (titles joined by ' > ') of the innermost section containing ``pos``."""
    by_seq = {s.seq: s for s in sections}
    inner = None
    for s in sections:
        if s.char_start <= pos < s.char_end:
            inner = s
    if inner is None:
        return None
    path = []
    node: Section | None = inner
    while node is not None:
        path.append(node.title)
        node = by_seq.get(node.parent_seq) if node.parent_seq else None
    return " > ".join(reversed(path))
