"""The pieces a form is read into, and the helpers that type cells and columns.

``Column`` (a header cell and the columns it covers), ``Value`` (a number under a value column,
with its row label), ``Indicator`` (a row of the indicator grid), ``Form`` (everything read from
one form) and ``Block`` (the header a run of rows is read against); ``cell_type`` gives a cell's
type for ``align``; ``merge_split_tokens`` joins a label that spaces broke apart (``合 计``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipelines.parsing.forms.labels import Meaning
from pipelines.parsing.forms.tokens import Tag, Tok, classify

# Roles a header cell can have (a column of values or texts).
COLUMN_ROLES = frozenset({"money", "rate", "weight", "score", "level1", "level2", "level3", "target", "actual",
                          "deviation", "measure_unit", "nature", "ignore", "expected", "achieved", "item"})
VALUE_ROLES = frozenset({"money", "rate", "weight", "score"})
TEXT_ROLES = ("level3", "target", "actual", "deviation", "weight", "score", "nature", "measure_unit")
MAX_FIELD_TOKENS = 8
MAX_FRAGMENT = 4  # a header cell split over two lines leaves fragments this short
TOTAL_ROW = Meaning("row", total=True)
OPERATORS = frozenset({"=", "≥", "≤", ">", "<", ">=", "<=", "＝", "＞", "＜"})


@dataclass
class Column:
    """A header cell: its meaning (None for the label column) and the columns it covers."""

    meaning: Meaning | None
    tok: Tok | None = None
    col: int | None = None
    colspan: int = 1

    @property
    def role(self) -> str | None:
        return self.meaning.role if self.meaning else None

    def covers(self, col: int) -> bool:
        return self.col is not None and self.col <= col < self.col + self.colspan


@dataclass
class Value:
    """A number read from a value column, with the row label it belongs to."""

    tok: Tok
    tag: Tag
    column: Column
    row: Meaning | None
    row_tok: Tok | None
    row_start: int
    row_end: int


@dataclass
class Indicator:
    """One row of the indicator grid."""

    level1: str | None
    level2: str | None
    level3: list[Tok] = field(default_factory=list)
    target: list[Tok] = field(default_factory=list)
    actual: list[Tok] = field(default_factory=list)
    weight: Tok | None = None
    score: Tok | None = None
    deviation: list[Tok] = field(default_factory=list)
    level1_points: str | None = None
    nature: Tok | None = None  # 指标性质: the target's operator in a cell of its own
    measure_unit: Tok | None = None  # 计量单位 in a cell of its own


@dataclass
class Form:
    """Everything read from one form."""

    kind: str | None = None  # project / department_overall / cover (None: decided later)
    title: Tok | None = None
    fields: dict[str, list[Tok]] = field(default_factory=dict)
    unit: str | None = None
    values: list[Value] = field(default_factory=list)
    items: list[Value] = field(default_factory=list)
    expected: list[Tok] = field(default_factory=list)
    achieved: list[Tok] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    total_label: Tok | None = None
    total_weight: Tok | None = None
    total_score: Tok | None = None
    grade: Tok | None = None
    blocks: set[int] = field(default_factory=set)
    claimed: list[tuple[int, int]] = field(default_factory=list)  # spans of the cells read
    start: int | None = None
    end: int | None = None

    @property
    def has_content(self) -> bool:
        return bool(self.values or self.indicators or self.items or self.total_score)


@dataclass
class Block:
    kind: str  # funds / indicators / objectives / items
    columns: list[Column]
    pairs: bool = False  # a pair header: each value column label carried its total's value
    pending: list[list[tuple[Tok, Tag]]] = field(default_factory=list)  # number rows waiting for labels
    last_label: str | None = None  # the previous row label (repeats in a pair block)
    occurrence: int = 0

    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role in VALUE_ROLES]


def fits(col: Column, tag: Tag) -> bool:
    """Whether a number can sit in a value column (a percentage only in the rate column)."""
    role = col.role
    if tag.percent:
        return role == "rate"
    if role in ("weight", "score"):
        return tag.value is not None and 0 <= tag.value <= 100
    return role in ("money", "rate")


def block_kind(columns: list[Column]) -> str | None:
    roles = {c.role for c in columns if c.role}
    if roles & {"level1", "level2", "level3", "target", "actual"}:
        return "indicators"
    if roles & {"expected", "achieved"}:
        return "objectives"
    if "item" in roles and "money" in roles:
        return "items"
    if roles & VALUE_ROLES:
        return "funds"
    return None


def is_column(m: Meaning | None) -> bool:
    """A header cell (一级指标, 全年执行数 …); an indicator level's own name (产出指标) is a value."""
    return m is not None and m.role in COLUMN_ROLES and m.name is None


def cell_type(tok: Tok, tag: Tag) -> str:
    """The type of a cell for ``align``."""
    if tag.kind in ("blank", "mark", "unit") or not tok.text.strip():
        return "blank"
    if tag.kind == "num":
        if tag.percent:
            return "pct"
        return "big" if tag.value is not None and abs(tag.value) > 100 else "num"
    m = tag.meaning
    if m is not None and m.role in ("level1", "level2") and m.name:
        return m.role
    if m is not None and m.role in ("row", "group", "section"):
        return "row"
    text = tok.text.strip()
    if text in OPERATORS:
        return "operator"
    if len(text) <= 3 and text in ("%", "个", "人", "次", "元", "万元", "天", "月", "年", "项", "家", "件", "场", "户"):
        return "unit"
    return "text"


def _joinable(group: list[Tok]) -> bool:
    """Short pieces of one row (or stream), each close to the one before."""
    first = group[0]
    return all(len(g.text) <= 3 and g.row == first.row and g.block == first.block for g in group) and all(
        b.start - a.end <= 3 for a, b in zip(group, group[1:], strict=False))


def row_cell_type(tok: Tok, tag: Tag) -> str:
    """The type of a cell of an indicator row whose levels were already read: a level name left in
    it (服务对象满意度 as the level-3 indicator) is text."""
    kind = cell_type(tok, tag)
    return "text" if kind in ("level1", "level2") else kind


def _year_label(t: Tok, nxt: Tok) -> Tok | None:
    """``2022`` ``年决算数`` (a year column label split by a space) joined; ``2023`` ``年完工项目`` too (a
    date phrase, not a number)."""
    if not (len(t.text) == 4 and t.text.isdigit() and t.text[:2] in ("19", "20") and nxt.text.startswith("年")
            and nxt.row == t.row and nxt.block == t.block and nxt.start - t.end <= 2):
        return None
    tag = classify(t.text + nxt.text)
    if tag.kind == "label" and tag.meaning is not None and tag.meaning.year is not None or tag.kind == "text":
        return replace(t, text=t.text + nxt.text, end=nxt.end)  # a label, or a date (2023 年完工项目): no figure
    return None


def merge_split_tokens(toks: list[Tok]) -> list[Tok]:
    """Tokens a label was broken into by spaces (``合 计``, ``一级`` ``指标``, ``2022`` ``年决算数``),
    joined when the join is a label and the first piece is not one."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        merged = None
        if i + 1 < len(toks):
            merged = _year_label(t, toks[i + 1])
            if merged is not None:
                out.append(merged)
                i += 2
                continue
        if len(t.text) <= 3 and classify(t.text).kind in ("text", "blank"):
            for k in range(2, 6):
                group = toks[i: i + k]
                if len(group) < k or not _joinable(group):
                    break
                tag = classify("".join(g.text for g in group))
                if tag.kind == "label" and tag.meaning is not None and tag.meaning.role != "title":
                    merged = replace(t, text="".join(g.text for g in group), end=group[-1].end)
                    i += k
                    break
        if merged is None:
            out.append(t)
            i += 1
        else:
            out.append(merged)
    return out


def dated_columns(cols: list[Column]) -> list[Column]:
    """Money columns headed by years (2022年决算数 2023年预算数 2023年决算数): the spending of an
    earlier year than the latest is the prior year's."""
    years = [c.meaning.year for c in cols if c.meaning is not None and c.meaning.year is not None]
    if len(set(years)) < 2:
        return cols
    latest = max(years)
    return [replace(c, meaning=replace(c.meaning, phase="prior_year"))
            if c.meaning is not None and c.meaning.year is not None and c.meaning.year < latest
            and c.meaning.phase == "executed" else c for c in cols]


def total_column_phase(cols: list[Column]) -> str:
    """The phase of a 小计 column among money columns: after an adjustment, the adjusted budget."""
    phases = [c.meaning.phase for c in cols if c.meaning is not None and c.role == "money"]
    if "adjustment" in phases:
        return "adjusted"
    return (phases[-1] if phases else None) or "approved"


def glue_operators(toks: list[Tok]) -> list[Tok]:
    """``≥ 50个`` written apart: the operator joins the next cell."""
    out: list[Tok] = []
    for t in toks:
        if out and out[-1].text.strip() in OPERATORS:
            prev = out.pop()
            t = replace(t, text=prev.text + t.text, start=prev.start)
        out.append(t)
    return out


def split_point(texts: list[Tok]) -> int:
    """Where the 预期目标 text ends and the 实际完成情况 text begins (tokens of both, in order)."""
    if len(texts) <= 2:
        return 1
    ends = [k + 1 for k, t in enumerate(texts[:-1]) if t.text.rstrip().endswith(("。", ".", "；", ";"))]
    if not ends:
        return len(texts) // 2
    half = sum(len(t.text) for t in texts) / 2
    running = 0
    best, best_gap = ends[0], float("inf")
    for k, t in enumerate(texts):
        running += len(t.text)
        if k + 1 in ends and abs(running - half) < best_gap:
            best, best_gap = k + 1, abs(running - half)
    return best
