"""Read self-evaluation forms out of a token stream (see ``tokens``): which cell is what.

One reader for every shape. A *header* — two or more labels naming value or indicator
columns (年初预算数 全年预算数 全年执行数 分值 执行率 得分; 一级指标 … 偏差原因分析及改进措施) —
opens a block; what follows is read against its columns until the next header, section or
form:

- **rows and columns known** (docx / html / xlsx / xls / pdf tables): a cell sits under the
  header cell whose columns it overlaps, and a value belongs to the nearest label to its left;
- **rows known, columns guessed** (tables rebuilt from text): the row's cells are aligned with
  the header's columns by type (``align``: numbers to value columns, a percentage to the rate
  column, level names to their level, text to text columns; merged or blank cells may be
  missing);
- **a stream** (a form flattened onto one line, one cell per line without tabs): a row label
  followed by a run of numbers fills the value columns in order (a percentage only the rate
  column; a blank placeholder or a missing number leaves a column empty); an indicator row ends
  with its two numbers 分值 得分, its level-1 / level-2 names are recognised by the indicator
  framework, and of the cells before the two numbers the last two are 年度指标值 and 实际完成值.
  Numbers that come before their row labels (PDF text whose columns come out jumbled) wait for
  the labels that follow.

Three header shapes besides a plain run of labels: a header split over two lines (``年度 实际``
/ ``指标值 完成值``: the fragments are completed by the labels that follow); *pairs*
(``计划安排资金 (万元) 170 实际到位资金 (万元) 170 …``: each column label carries the total's
value); and in a pair block a row label repeated once per column (``省财政 170 省财政 170 省财政``:
the k-th occurrence's value is the k-th column's).

Fields (项目名称, 主管部门, 实施单位 …) take the text up to the next label; 总分 takes its
numbers (总分 100 98.6: out of 100, scored 98.6); 自评等级 its grade. A new title, or a second
项目名称 after a form with content, starts the next form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipelines.parsing.forms.align import align
from pipelines.parsing.forms.labels import GRADES, Meaning
from pipelines.parsing.forms.tokens import Tag, Tok, classify

# Roles a header cell can have (a column of values or texts).
COLUMN_ROLES = frozenset({"money", "rate", "weight", "score", "level1", "level2", "level3", "target", "actual",
                          "deviation", "measure_unit", "nature", "ignore", "expected", "achieved", "item"})
VALUE_ROLES = frozenset({"money", "rate", "weight", "score"})
TEXT_ROLES = ("level3", "target", "actual", "deviation", "weight", "score", "nature", "measure_unit")
MAX_FIELD_TOKENS = 8
MAX_FRAGMENT = 4  # a header cell split over two lines leaves fragments this short
_TOTAL = Meaning("row", total=True)
# Level-2 names that newer templates (财预〔2021〕101号) also use as a level 1 over their own level 2s;
# after any other level 2, a level name (服务对象满意度) is the row's level-3 indicator.
LEVEL1_CAPABLE = frozenset({"成本指标"})
_OPERATORS = frozenset({"=", "≥", "≤", ">", "<", ">=", "<=", "＝", "＞", "＜"})


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
class _Block:
    kind: str  # funds / indicators / objectives / items
    columns: list[Column]
    pairs: bool = False  # a pair header: each value column label carried its total's value
    pending: list[list[tuple[Tok, Tag]]] = field(default_factory=list)  # number rows waiting for labels
    last_label: str | None = None  # the previous row label (repeats in a pair block)
    occurrence: int = 0

    def value_columns(self) -> list[Column]:
        return [c for c in self.columns if c.role in VALUE_ROLES]


def _fits(col: Column, tag: Tag) -> bool:
    """Whether a number can sit in a value column (a percentage only in the rate column)."""
    role = col.role
    if tag.percent:
        return role == "rate"
    if role in ("weight", "score"):
        return tag.value is not None and 0 <= tag.value <= 100
    return role in ("money", "rate")


def _block_kind(columns: list[Column]) -> str | None:
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


def _is_column(m: Meaning | None) -> bool:
    """A header cell (一级指标, 全年执行数 …); an indicator level's own name (产出指标) is a value."""
    return m is not None and m.role in COLUMN_ROLES and m.name is None


def _cell_type(tok: Tok, tag: Tag) -> str:
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
    if text in _OPERATORS:
        return "operator"
    if len(text) <= 3 and text in ("%", "个", "人", "次", "元", "万元", "天", "月", "年", "项", "家", "件", "场", "户"):
        return "unit"
    return "text"


def _joinable(group: list[Tok]) -> bool:
    """Short pieces of one row (or stream), each close to the one before."""
    first = group[0]
    return all(len(g.text) <= 3 and g.row == first.row and g.block == first.block for g in group) and all(
        b.start - a.end <= 3 for a, b in zip(group, group[1:], strict=False))


def _row_cell_type(tok: Tok, tag: Tag) -> str:
    """The type of a cell of an indicator row whose levels were already read: a level name left in
    it (服务对象满意度 as the level-3 indicator) is text."""
    kind = _cell_type(tok, tag)
    return "text" if kind in ("level1", "level2") else kind


def merge_split_tokens(toks: list[Tok]) -> list[Tok]:
    """Tokens a label was broken into by spaces (``合 计``, ``一级`` ``指标``), joined when the join is a
    label and the first piece is not one."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        merged = None
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


class FormReader:
    """The state machine over one document's tokens."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = merge_split_tokens(toks)
        self.tags = [classify(t.text) for t in self.toks]
        self.ends = self._ends(self.toks)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.block: _Block | None = None
        self.unit: tuple[str, int] | None = None  # last unit caption and its token index
        self.level1: tuple[str | None, str | None] = (None, None)
        self.level2: str | None = None
        self.header_row: tuple[int, int] | None = None  # (block, row) of the last header row

    # -- helpers ------------------------------------------------------------------------
    def _open(self, kind: str | None = None, at: int = 0) -> Form:
        if self.form is not None and self.form.has_content:
            self.forms.append(self.form)
            self.form = None
        if self.form is None:
            self.form = Form(kind=kind)
            self.block = None
            self.level1, self.level2 = (None, None), None
            if self.unit is not None and at - self.unit[1] <= 80:
                self.form.unit = self.unit[0]
        elif kind and not self.form.kind:
            self.form.kind = kind
        return self.form

    def _claim(self, tok: Tok) -> None:
        if self.form is None or tok.end <= tok.start:
            return
        f = self.form
        f.start = tok.start if f.start is None else min(f.start, tok.start)
        f.end = tok.end if f.end is None else max(f.end, tok.end)
        f.claimed.append((tok.start, tok.end))
        if tok.row is not None:
            f.blocks.add(tok.block)

    def _row_end(self, i: int) -> int:
        """Index after the last token of token i's table row, or of its run of stream tokens."""
        return self.ends[i]

    @staticmethod
    def _ends(toks: list[Tok]) -> list[int]:
        """For each token, the index after its row (table) or its run of stream tokens (computed once)."""
        ends = [0] * len(toks)
        end = len(toks)
        for i in range(len(toks) - 1, -1, -1):
            if i + 1 < len(toks) and (toks[i].row, toks[i].block if toks[i].row is not None else None) != (
                    toks[i + 1].row, toks[i + 1].block if toks[i + 1].row is not None else None):
                end = i + 1
            ends[i] = end
        return ends

    def _row_start(self, i: int) -> bool:
        t = self.toks[i]
        return t.row is not None and (i == 0 or self.toks[i - 1].block != t.block or self.toks[i - 1].row != t.row)

    def _is(self, i: int, *roles: str) -> bool:
        m = self.tags[i].meaning
        return self.tags[i].kind == "label" and m is not None and m.role in roles

    # -- main loop ----------------------------------------------------------------------
    def read(self) -> list[Form]:
        i, n = 0, len(self.toks)
        while i < n:
            nxt = self._step(i)
            i = nxt if nxt > i else i + 1
        if self.form is not None and self.form.has_content:
            self.forms.append(self.form)
        return self.forms

    def _step(self, i: int) -> int:
        if self._row_start(i):
            handled = self._table_row(i)
            if handled is not None:
                return handled
        return self._token(i, self._row_end(i))

    def _token(self, i: int, stop: int) -> int:
        """One token read in a stream (or within a row read as a stream), up to ``stop``."""
        tok, tag = self.toks[i], self.tags[i]
        if tag.kind == "unit":
            self.unit = (tag.unit or "", i)
            if self.form is not None:
                self.form.unit = tag.unit
            return i + 1
        if tag.kind != "label":
            return self._unlabelled(i, stop)
        m = tag.meaning
        assert m is not None
        if m.role == "title":
            form = self._open(m.form, i)
            form.kind = form.kind or m.form
            form.title = form.title or tok
            self._claim(tok)
            return i + 1
        if m.role == "field":
            return self._field(i, m, stop)
        if m.role == "total_score" or (m.role == "row" and m.total and self.block is not None
                                       and self.block.kind == "indicators"):
            return self._total(i, stop)
        if m.role == "grade":
            return self._grade(i, stop)
        header = self._header_run(i, stop)
        if header is not None:
            return header
        if m.role == "section":
            if self.form is not None:
                if m.unit:
                    self.form.unit = m.unit
                self._claim(tok)
                if m.name == "objectives":
                    self.block = None
            return i + 1
        return self._unlabelled(i, stop)

    def _unlabelled(self, i: int, stop: int) -> int:
        """A token that is not a header, field or title: read by the open block, if any."""
        if self.form is None or self.block is None:
            return i + 1
        kind = self.block.kind
        if kind == "funds":
            return self._fund_row(i, stop)
        if kind == "indicators":
            return self._indicator_stream(i, stop)
        if kind == "objectives":
            return self._objectives_stream(i, stop)
        if kind == "items":
            return self._item_row(i, stop)
        return i + 1

    # -- fields, totals, grades -----------------------------------------------------------
    def _value_run(self, i: int, stop: int, limit: int = MAX_FIELD_TOKENS) -> list[int]:
        """Token indexes after i up to the next label (within ``stop``)."""
        out = []
        j = i + 1
        while j < stop and len(out) < limit:
            tag = self.tags[j]
            if tag.kind == "label" and not (tag.meaning is not None and tag.meaning.role == "row"
                                            and self.toks[i].row is not None):
                break
            if tag.kind in ("blank", "mark") and not self.toks[j].text.strip():
                j += 1
                continue
            if tag.kind == "mark":
                j += 1
                continue
            out.append(j)
            j += 1
        return out

    def _field(self, i: int, m: Meaning, stop: int) -> int:
        run = self._value_run(i, stop)
        if not run:
            return i + 1
        name = m.field or "ignore"
        if self.form is not None and name == "project_name" and self.form.has_content:
            self._open(None, i)  # the next form of a document holding several
        form = self._open(None, i) if self.form is None else self.form
        if name != "ignore":
            form.fields.setdefault(name, [self.toks[j] for j in run])
        self._claim(self.toks[i])
        for j in run:
            self._claim(self.toks[j])
        return run[-1] + 1

    def _total(self, i: int, stop: int) -> int:
        if self.form is None:
            return i + 1
        run = self._value_run(i, stop, 4)
        nums = []
        end = i + 1
        for j in run:
            tag = self.tags[j]
            if tag.kind == "num" and not tag.percent:
                nums.append(j)
                end = j + 1
            elif tag.kind == "text" and GRADES.fullmatch(self.toks[j].text.strip()):
                self.form.grade = self.toks[j]
                end = j + 1
                break
            elif tag.kind == "text":
                break
        if not nums:
            return end
        a, b = self.tags[nums[0]].value, self.tags[nums[-1]].value
        if len(nums) >= 2 and a is not None and b is not None and a >= b:
            self.form.total_weight, self.form.total_score = self.toks[nums[0]], self.toks[nums[1]]
        else:
            self.form.total_score = self.toks[nums[0]]
        if self.form.total_score is not None and (self.tags[i].meaning.role == "total_score"  # type: ignore[union-attr]
                                                  or self.form.total_label is None):
            self.form.total_label = self.toks[i]
        self._claim(self.toks[i])
        for j in nums:
            self._claim(self.toks[j])
        self.block = None
        return end

    def _grade(self, i: int, stop: int) -> int:
        if self.form is not None:
            for j in self._value_run(i, stop, 2):
                if GRADES.fullmatch(self.toks[j].text.strip().strip("“”\"")):
                    self.form.grade = self.toks[j]
                    self._claim(self.toks[j])
                    return j + 1
        return i + 1

    # -- headers ------------------------------------------------------------------------
    def _header_run(self, i: int, stop: int) -> int | None:
        """A run of two or more column labels opens a block (rows of unknown columns and streams).

        Short unknown fragments inside the run are completed by the labels after it (a header
        split over two lines); a value right after a column label makes it a pair header."""
        cols: list[Column] = []
        fragments: list[int] = []  # positions in cols held by a fragment
        pairs: list[tuple[int, int]] = []  # (column position, value token index)
        j = start = i
        while j < stop:
            tag = self.tags[j]
            m = tag.meaning
            open_fragments = [f for f in fragments if cols[f].meaning is None]
            if open_fragments and tag.kind in ("label", "text"):
                head = cols[open_fragments[0]].tok.text.strip()  # type: ignore[union-attr]
                joined = classify(head + self.toks[j].text.strip())
                if joined.kind == "label" and _is_column(joined.meaning):  # 年度 … 指标值: 年度指标值
                    cols[open_fragments[0]] = Column(joined.meaning, self.toks[j])
                    j += 1
                    continue
            if tag.kind in ("mark", "unit", "blank"):
                if tag.kind == "unit" and cols and cols[-1].meaning is not None:
                    cols[-1] = replace(cols[-1], meaning=replace(cols[-1].meaning, unit=tag.unit))
                j += 1
                continue
            if tag.kind == "label" and m is not None and m.role in ("total_score",) and cols:
                m = replace(m, role="score")  # 自评得分 among column headers is the score column
            elif tag.kind == "label" and m is not None and m.role == "section" and m.name == "objectives" \
                    and any(c.role == "expected" for c in cols):
                m = replace(m, role="achieved", name=None)
            elif tag.kind == "label" and m is not None and m.role == "row" and m.total and cols \
                    and any(c.role == "money" for c in cols) and self._column_follows(j, stop):
                m = Meaning("money", phase=_total_column_phase(cols))  # 小计 ③=①+② between money columns
            if tag.kind == "label" and _is_column(m):
                cols.append(Column(m, self.toks[j]))
                j += 1
                k = j
                while k < stop and self.tags[k].kind in ("mark", "unit"):
                    k += 1
                if k < stop and self.tags[k].kind == "num" and m is not None and m.role in VALUE_ROLES:
                    pairs.append((len(cols) - 1, k))
                    j = k + 1
                continue
            if tag.kind == "label" and m is not None and m.role == "group" and self._column_follows(j, stop):
                cols.append(Column(None, self.toks[j]))  # 按收入性质分 全年执行数 按支出性质分 全年执行数
                j += 1
                continue
            if tag.kind == "text" and cols and len(self.toks[j].text.strip()) <= MAX_FRAGMENT \
                    and len(fragments) < 4:
                if sum(1 for c in cols if _is_column(c.meaning)) < 2:  # a group-header line: start again after it
                    cols, fragments, pairs, start = [], [], [], j + 1
                else:
                    fragments.append(len(cols))
                    cols.append(Column(None, self.toks[j]))
                j += 1
                continue
            break
        while cols and cols[-1].meaning is None:
            cols.pop()
            fragments = [f for f in fragments if f < len(cols)]
        if any(cols[f].meaning is None for f in fragments):
            j = self._complete_fragments(cols, [f for f in fragments if cols[f].meaning is None], j, stop)
        real = [c for c in cols if _is_column(c.meaning)]
        if len(real) < 2 and not (pairs and real):
            return None
        kind = _block_kind(real)
        if kind is None:
            return None
        self._set_block(kind, real, start, j)
        if pairs and kind == "funds" and self.form is not None:
            self.block.pairs = True  # type: ignore[union-attr]
            for pos, k in pairs:
                col = cols[pos]
                if _fits(col, self.tags[k]):
                    self.form.values.append(Value(self.toks[k], self.tags[k], col, _TOTAL, None,
                                                  self.toks[i].start, self.toks[k].end))
                    self._claim(self.toks[k])
        return j

    def _column_follows(self, j: int, stop: int) -> bool:
        k = j + 1
        while k < stop and self.tags[k].kind in ("mark", "unit"):
            k += 1
        return k < stop and self.tags[k].kind == "label" and _is_column(self.tags[k].meaning)

    def _complete_fragments(self, cols: list[Column], fragments: list[int], j: int, stop: int) -> int:
        """``年度`` ``实际`` in the run and ``指标值`` ``完成值`` after it: 年度指标值, 实际完成值."""
        k = j
        done = 0
        for pos in fragments:
            if k >= stop:
                break
            head = cols[pos].tok.text.strip() if cols[pos].tok else ""
            joined = classify(head + self.toks[k].text.strip())
            if joined.kind == "label" and _is_column(joined.meaning):
                cols[pos] = Column(joined.meaning, self.toks[k])
                k += 1
                done += 1
            else:
                break
        return k if done else j

    def _set_block(self, kind: str, cols: list[Column], i: int, j: int) -> None:
        if self.form is None:
            self._open(None, i)
        self.block = _Block(kind, cols)
        if kind == "indicators":
            self.level1, self.level2 = (None, None), None
        for k in range(i, j):
            if self.tags[k].kind == "label":
                self._claim(self.toks[k])

    def _table_row(self, i: int) -> int | None:
        """A table row read as a whole: a header row, or a data row of the open block."""
        end = self._row_end(i)
        idx = list(range(i, end))
        known = self.toks[i].columns_known
        labels = [k for k in idx if self.tags[k].kind == "label"]
        nums = [k for k in idx if self.tags[k].kind == "num"]
        structural = [k for k in labels if self.tags[k].meaning.role in ("title", "field", "grade")]  # type: ignore[union-attr]
        if structural:
            return None  # fields and titles: read as a stream within the row
        column_labels = [k for k in labels if _is_column(self._header_meaning(k, idx))]
        row_key = (self.toks[i].block, self.toks[i].row or 0)
        if not nums and len(column_labels) >= 2:
            cols = [Column(self._header_meaning(k, idx), self.toks[k], self.toks[k].col, self.toks[k].colspan)
                    for k in idx]
            if known and self.block is not None and self.header_row == (row_key[0], row_key[1] - 1) \
                    and self._merge_header(cols):
                self.header_row = row_key
                for k in idx:
                    self._claim(self.toks[k])
                return end
            kind = _block_kind(cols)
            if kind is not None:
                if not known:  # trailing empty cells carry no column
                    while cols and not (cols[-1].tok and cols[-1].tok.text.strip()):
                        cols.pop()
                self._set_block(kind, cols, i, end)
                self.header_row = row_key
                return end
        if not nums and known and self.block is not None and self.header_row == (row_key[0], row_key[1] - 1) \
                and sum(1 for k in labels if self.tags[k].meaning.role == "row") >= 3:  # type: ignore[union-attr]
            cols = [Column(self.tags[k].meaning if self.tags[k].kind == "label" else None, self.toks[k],
                           self.toks[k].col, self.toks[k].colspan) for k in idx]
            if self._merge_header(cols):
                self.header_row = row_key
                return end
        if self.block is None or self.form is None:
            return None
        if self._is(i, "total_score") or (self._is(i, "row") and self.tags[i].meaning.total  # type: ignore[union-attr]
                                          and self.block.kind == "indicators"):
            return None
        if not known and self.block.pairs:
            return None  # a pair block: rows are read as a stream (repeated labels)
        kind = self.block.kind
        cols_of = self._columns_of(idx)
        if cols_of is None:
            return None
        if kind == "funds":
            return self._fund_table_row(idx, cols_of)
        if kind == "indicators":
            return self._indicator_table_row(idx, cols_of)
        if kind == "objectives":
            return self._objectives_table_row(idx, cols_of)
        if kind == "items":
            return self._item_table_row(idx, cols_of)
        return None

    def _header_meaning(self, k: int, idx: list[int]) -> Meaning | None:
        m = self.tags[k].meaning if self.tags[k].kind == "label" else None
        if m is not None and m.role == "total_score" and any(
                _is_column(self.tags[x].meaning) for x in idx if x != k and self.tags[x].kind == "label"):
            return replace(m, role="score")
        return m

    def _columns_of(self, idx: list[int]) -> dict[int, Column] | None:
        """Token index -> the header column it sits in (by position, or aligned by type)."""
        assert self.block is not None
        cols = self.block.columns
        if self.toks[idx[0]].columns_known and any(c.col is not None for c in cols):
            out = {}
            for k in idx:
                col = next((c for c in cols if c.covers(self.toks[k].col or 0)), None)
                if col is not None:
                    out[k] = col
            return out
        cells = [k for k in idx if self.toks[k].text.strip() or self.tags[k].kind == "blank"]
        while cells and not self.toks[cells[-1]].text.strip():
            cells.pop()
        if not cells:
            return {}
        mapping = align([_cell_type(self.toks[k], self.tags[k]) for k in cells], [c.role for c in cols])
        return {k: cols[c] for k, c in zip(cells, mapping, strict=True) if c is not None}

    def _merge_header(self, cols: list[Column]) -> bool:
        """A second header row under the first: each of its cells refines the column above it."""
        assert self.block is not None
        merged: list[Column] = []
        split: set[int] = set()
        for c in cols:
            if c.meaning is None or c.col is None:
                continue
            parent = next((p for p in self.block.columns if p.col is not None and p.covers(c.col) and p.meaning), None)
            if parent is None or parent.meaning is None:
                continue
            pm, child = parent.meaning, c.meaning
            if pm.role in VALUE_ROLES:
                m = replace(pm, fund_source=child.fund_source or pm.fund_source, phase=child.phase or pm.phase,
                            measure=child.measure or pm.measure, total=child.total or pm.total,
                            unit=child.unit or pm.unit)
            elif child.role in VALUE_ROLES:
                m = replace(child, fund_source=pm.fund_source, total=pm.total, unit=child.unit or pm.unit)
            else:
                continue
            merged.append(Column(m, c.tok, c.col, c.colspan))
            split.add(id(parent))
        if not merged:
            return False
        self.block.columns = sorted([p for p in self.block.columns if id(p) not in split] + merged,
                                    key=lambda c: c.col if c.col is not None else -1)
        return True

    # -- funds block ----------------------------------------------------------------------
    def _fund_table_row(self, idx: list[int], cols_of: dict[int, Column]) -> int:
        assert self.block is not None and self.form is not None
        toks = [self.toks[k] for k in idx]
        label: tuple[Meaning | None, Tok | None] = (None, None)
        start, end = toks[0].start, max(t.end for t in toks)
        for k in idx:
            tag, tok = self.tags[k], self.toks[k]
            col = cols_of.get(k)
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role in ("row", "group", "section"):
                if tag.meaning.role == "row":
                    label = (tag.meaning, tok)
                    self._claim(tok)
                continue
            if tag.kind == "text" and (col is None or col.role not in VALUE_ROLES):
                label = (None, tok)
                continue
            if tag.kind == "num" and col is not None and col.role in VALUE_ROLES and _fits(col, tag):
                self.form.values.append(Value(tok, tag, col, label[0], label[1], start, end))
                self._claim(tok)
        return idx[-1] + 1

    def _fund_row(self, i: int, stop: int) -> int:
        """From a row label (or numbers waiting for one): the label's numbers into the value columns."""
        assert self.block is not None and self.form is not None
        tag, tok = self.tags[i], self.toks[i]
        if tag.kind == "num":  # numbers before their labels (jumbled PDF text)
            j = i
            run = []
            while j < stop and self.tags[j].kind in ("num", "blank"):
                run.append((self.toks[j], self.tags[j]))
                j += 1
            self.block.pending.extend(self._split_pending(run))
            return j
        is_label = tag.kind == "label" and tag.meaning is not None and tag.meaning.role in ("row", "group")
        if not is_label:
            return i + 1
        meaning = tag.meaning
        j = i + 1
        run: list[tuple[Tok, Tag]] = []
        while j < stop and self.tags[j].kind in ("num", "blank", "mark"):
            if self.tags[j].kind != "mark":
                run.append((self.toks[j], self.tags[j]))
            j += 1
        if meaning is not None and meaning.role == "group":
            return j
        self._claim(tok)
        if self.block.pairs:
            return self._pair_row(tok, run, meaning, j)
        if not run and self.block.pending:
            run = self.block.pending.pop(0)
        row_end = max([tok.end] + [t.end for t, _ in run])
        for t, g, col in self._fill(run):
            self.form.values.append(Value(t, g, col, meaning, tok, tok.start, row_end))
            self._claim(t)
        return j

    def _pair_row(self, tok: Tok, run: list[tuple[Tok, Tag]], meaning: Meaning | None, j: int) -> int:
        """A row label repeated once per column of a pair block; the k-th occurrence's value is column k's."""
        assert self.block is not None and self.form is not None
        key = tok.text.strip()
        if key == self.block.last_label:
            self.block.occurrence += 1
        else:
            self.block.last_label, self.block.occurrence = key, 0
        cols = self.block.value_columns()
        nums = [(t, g) for t, g in run if g.kind == "num"]
        if nums and self.block.occurrence < len(cols):
            t, g = nums[0]
            col = cols[self.block.occurrence]
            if _fits(col, g):
                self.form.values.append(Value(t, g, col, meaning, tok, tok.start, t.end))
                self._claim(t)
        return j

    def _fill(self, run: list[tuple[Tok, Tag]]) -> list[tuple[Tok, Tag, Column]]:
        """Numbers in order into the value columns they fit; a blank skips a column."""
        assert self.block is not None
        cols = self.block.value_columns()
        out = []
        c = 0
        for t, g in run:
            if g.kind == "blank":
                c += 1
                continue
            while c < len(cols) and not _fits(cols[c], g):
                c += 1
            if c >= len(cols):
                break
            out.append((t, g, cols[c]))
            c += 1
        return out

    def _split_pending(self, run: list[tuple[Tok, Tag]]) -> list[list[tuple[Tok, Tag]]]:
        """A run of numbers with no labels, cut into rows: a row ends where the next number no
        longer fits the next value column."""
        assert self.block is not None
        cols = self.block.value_columns()
        rows: list[list[tuple[Tok, Tag]]] = []
        current: list[tuple[Tok, Tag]] = []
        c = 0
        for t, g in run:
            if g.kind == "blank":
                c += 1
                current.append((t, g))
                continue
            while c < len(cols) and not _fits(cols[c], g):
                c += 1
            if c >= len(cols) or (current and cols[c].role == "money"
                                  and any(x.role != "money" for x in cols[:c])):
                rows.append(current)
                current, c = [], 0
                while c < len(cols) and not _fits(cols[c], g):
                    c += 1
            current.append((t, g))
            c += 1
        if current:
            rows.append(current)
        return rows

    # -- indicators ---------------------------------------------------------------------
    def _level(self, tag: Tag, tok: Tok, after_level: bool) -> None:
        """Update the current level-1/level-2 from a level name."""
        m = tag.meaning
        assert m is not None
        if m.role == "level1":
            self.level1, self.level2 = (m.name, m.points), None
        elif self.level2 in LEVEL1_CAPABLE and after_level:
            self.level1, self.level2 = (self.level2, m.points), m.name  # 成本指标 经济成本指标: a level 1 and its level 2
        else:
            self.level2 = m.name
        self._claim(tok)

    def _set_level_cell(self, role: str, k: int) -> None:
        tag, tok = self.tags[k], self.toks[k]
        if tag.kind == "label" and tag.meaning is not None and tag.meaning.name:
            self._level(tag, tok, False)
            return
        name = tok.text.strip()
        if not name:
            return
        if role == "level1":
            self.level1, self.level2 = (name, None), None
        else:
            self.level2 = name
        self._claim(tok)

    def _indicator_table_row(self, idx: list[int], cols_of: dict[int, Column]) -> int:
        by_role: dict[str, list[int]] = {}
        for k in idx:
            col = cols_of.get(k)
            if col is not None and col.role:
                by_role.setdefault(col.role, []).append(k)
        for role in ("level1", "level2"):
            for k in by_role.get(role, []):
                self._set_level_cell(role, k)
        cells = {r: [self.toks[k] for k in by_role.get(r, []) if self.toks[k].text.strip()] for r in TEXT_ROLES}
        self._emit_indicator(cells)
        return idx[-1] + 1

    def _emit_indicator(self, cells: dict[str, list[Tok]]) -> None:
        assert self.form is not None
        if not (cells.get("level3") or cells.get("target")):
            return
        if not (cells.get("weight") or cells.get("score") or cells.get("actual")):
            return
        weight = next((t for t in cells.get("weight", []) if classify(t.text).kind == "num"), None)
        score = next((t for t in cells.get("score", []) if classify(t.text).kind == "num"), None)
        ind = Indicator(self.level1[0], self.level2, cells.get("level3", []), cells.get("target", []),
                        cells.get("actual", []), weight, score, cells.get("deviation", []), self.level1[1],
                        nature=(cells.get("nature") or [None])[0], measure_unit=(cells.get("measure_unit") or [None])[0])
        self.form.indicators.append(ind)
        for role, toks in cells.items():
            if role != "deviation":
                for t in toks:
                    self._claim(t)

    def _indicator_stream(self, i: int, stop: int) -> int:
        """Indicator rows flattened into a stream, up to the next structural label."""
        j = i
        run: list[int] = []
        while j < stop:
            tag = self.tags[j]
            if tag.kind == "label" and tag.meaning is not None and (
                    tag.meaning.role in ("title", "field", "total_score", "grade", "section")
                    or (tag.meaning.role == "row" and tag.meaning.total)):
                break
            if self._is_stream_header(j, stop):
                break
            run.append(j)
            j += 1
        self._indicator_run(run, row_bounded=self.toks[i].row is not None)
        return j if j > i else i + 1

    def _is_stream_header(self, j: int, stop: int) -> bool:
        if self.tags[j].kind != "label" or not _is_column(self.tags[j].meaning):
            return False
        k = j + 1
        while k < stop and self.tags[k].kind == "mark":
            k += 1
        return k < stop and self.tags[k].kind == "label" and _is_column(self.tags[k].meaning)

    def _indicator_run(self, run: list[int], row_bounded: bool) -> None:
        """Indicator rows from tokens: each row ends with its two numbers 分值 得分."""
        assert self.block is not None
        pending: list[int] = []
        after_level = False
        emitted = False
        has_points = any(c.role in ("weight", "score") for c in self.block.columns)
        k = 0
        while k < len(run):
            j = run[k]
            tag, tok = self.tags[j], self.toks[j]
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role in ("level1", "level2") \
                    and tag.meaning.name and not (after_level and tag.meaning.role == "level2"
                                                  and self.level2 is not None
                                                  and self.level2 not in LEVEL1_CAPABLE):
                if pending:
                    self._attach_deviation(pending)
                    pending = []
                self._level(tag, tok, after_level)
                after_level = True
                k += 1
                continue
            after_level = False
            k += 1
            if tag.kind == "mark":
                continue
            pending.append(j)
            if has_points and self._row_closes(pending, run, k):
                self._stream_indicator(pending)
                emitted = True
                pending = []
        if not pending or self.form is None:
            return
        if row_bounded and not emitted:
            self._row_indicator(pending)  # a row of its own: align its cells with the header
        elif self.form.indicators:
            self._attach_deviation(pending)  # cells after the last row's 得分: its deviation

    def _row_indicator(self, pending: list[int]) -> None:
        assert self.block is not None
        cols = [c for c in self.block.columns if c.role not in ("level1", "level2")]
        cells = [k for k in pending if self.toks[k].text.strip()]
        mapping = align([_row_cell_type(self.toks[k], self.tags[k]) for k in cells], [c.role for c in cols])
        by_role: dict[str, list[Tok]] = {}
        for k, c in zip(cells, mapping, strict=True):
            if c is not None and cols[c].role:
                by_role.setdefault(cols[c].role, []).append(self.toks[k])  # type: ignore[arg-type]
        self._emit_indicator({r: by_role.get(r, []) for r in TEXT_ROLES})

    def _row_closes(self, pending: list[int], run: list[int], k: int) -> bool:
        """Two numbers (分值 得分, score <= weight) after at least two cells, and no number next."""
        if len(pending) < 3:
            return False
        a, b = self.tags[pending[-2]], self.tags[pending[-1]]
        if a.kind != "num" or b.kind != "num" or a.percent or b.percent or a.unit or b.unit:
            return False
        if a.value is None or b.value is None or not (0 <= b.value <= a.value <= 100):
            return False
        nxt = self.tags[run[k]] if k < len(run) else None
        return not (nxt is not None and nxt.kind == "num" and not nxt.percent and not nxt.unit)

    def _stream_indicator(self, pending: list[int]) -> None:
        """One row of a stream, ending with 分值 得分: its cells aligned with the header's columns
        (cells before the row's own may be the previous row's 偏差原因)."""
        assert self.form is not None and self.block is not None
        toks = _glue_operators([self.toks[j] for j in pending if self.tags[j].kind != "blank"])
        roles: list[str | None] = [c.role for c in self.block.columns if c.role not in ("level1", "level2")]
        tail: list[str | None] = []
        if "score" in roles:
            cut = len(roles) - roles[::-1].index("score")
            roles, tail = roles[:cut], roles[cut:]
        if self.form.indicators:  # the previous row's cells after its 得分 (偏差原因, 是否核心指标 …)
            roles = [f"prev_{r}" for r in tail if r in ("deviation", "ignore")] + roles
        mapping = align([_row_cell_type(t, classify(t.text)) for t in toks], roles)
        by_role: dict[str, list[Tok]] = {}
        for t, c in zip(toks, mapping, strict=True):
            if c is not None and roles[c]:
                by_role.setdefault(roles[c], []).append(t)  # type: ignore[arg-type]
        if by_role.get("prev_deviation"):
            self.form.indicators[-1].deviation.extend(by_role["prev_deviation"])
        self._emit_indicator({r: by_role.get(r, []) for r in TEXT_ROLES})

    def _attach_deviation(self, pending: list[int]) -> None:
        if self.form is not None and self.form.indicators:
            self.form.indicators[-1].deviation.extend(self.toks[j] for j in pending if self.tags[j].kind == "text")

    # -- objectives -----------------------------------------------------------------------
    def _objectives_table_row(self, idx: list[int], cols_of: dict[int, Column]) -> int:
        assert self.form is not None
        texts = [k for k in idx if self.toks[k].text.strip() and self.tags[k].kind != "label"]
        for k in texts:
            col = cols_of.get(k)
            role = col.role if col else None
            if role not in ("expected", "achieved") and len(texts) == 2:
                role = "expected" if k == texts[0] else "achieved"
            if role == "expected":
                self.form.expected.append(self.toks[k])
            elif role == "achieved":
                self.form.achieved.append(self.toks[k])
        if texts:
            self.block = None
        return idx[-1] + 1

    def _objectives_stream(self, i: int, stop: int) -> int:
        assert self.form is not None
        j = i
        texts: list[Tok] = []
        while j < stop:
            tag = self.tags[j]
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role not in ("row", "group", "ignore"):
                break
            if tag.kind not in ("blank", "mark"):
                texts.append(self.toks[j])
            j += 1
        if texts:
            cut = _split_point(texts)
            self.form.expected.extend(texts[:cut])
            self.form.achieved.extend(texts[cut:])
            self.block = None
        return j if j > i else i + 1

    # -- expense items --------------------------------------------------------------------
    def _item_table_row(self, idx: list[int], cols_of: dict[int, Column]) -> int:
        assert self.form is not None
        label: Tok | None = None
        toks = [self.toks[k] for k in idx]
        for k in idx:
            tag, tok = self.tags[k], self.toks[k]
            col = cols_of.get(k)
            if tag.kind in ("text", "label") and tok.text.strip() and (col is None or col.role in (None, "item")):
                label = tok
                continue
            if tag.kind == "num" and label is not None and col is not None and col.role == "money" \
                    and not tag.percent:
                self._item(label, tok, tag, col, toks[0].start, max(t.end for t in toks))
        return idx[-1] + 1

    def _item_row(self, i: int, stop: int) -> int:
        assert self.block is not None
        tag, tok = self.tags[i], self.toks[i]
        if tag.kind not in ("text", "label") or i + 1 >= stop or self.tags[i + 1].kind != "num":
            return i + 1
        col = next((c for c in self.block.columns if c.role == "money"), None)
        if col is not None and not self.tags[i + 1].percent:
            self._item(tok, self.toks[i + 1], self.tags[i + 1], col, tok.start, self.toks[i + 1].end)
        j = i + 2
        while j < stop and self.tags[j].kind == "num":
            j += 1
        return j

    def _item(self, label: Tok, tok: Tok, tag: Tag, col: Column, start: int, end: int) -> None:
        assert self.form is not None
        lm = classify(label.text).meaning
        row = lm if lm is not None and lm.role == "row" else None
        self.form.items.append(Value(tok, tag, col, row, label, start, end))
        self._claim(tok)
        self._claim(label)


def _total_column_phase(cols: list[Column]) -> str:
    """The phase of a 小计 column among money columns: after an adjustment, the adjusted budget."""
    phases = [c.meaning.phase for c in cols if c.meaning is not None and c.role == "money"]
    if "adjustment" in phases:
        return "adjusted"
    return (phases[-1] if phases else None) or "approved"


def _glue_operators(toks: list[Tok]) -> list[Tok]:
    """``≥ 50个`` written apart: the operator joins the next cell."""
    out: list[Tok] = []
    for t in toks:
        if out and out[-1].text.strip() in _OPERATORS:
            prev = out.pop()
            t = replace(t, text=prev.text + t.text, start=prev.start)
        out.append(t)
    return out


def _split_point(texts: list[Tok]) -> int:
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


def read_forms(toks: list[Tok]) -> list[Form]:
    """Every form in a document's token stream."""
    return FormReader(toks).read()
