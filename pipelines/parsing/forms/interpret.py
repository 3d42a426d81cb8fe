"""Read self-evaluation forms out of a token stream (see ``tokens``): which cell is what.

One reader for every shape. A *header* (two or more labels naming value or indicator
columns: 年初预算数 全年预算数 全年执行数 分值 执行率 得分, or 一级指标 … 偏差原因分析及改进措施)
opens a block; what follows is read against its columns until the next header, section or
form:

- **rows known, columns known** (docx / html / xlsx / xls / pdf tables): a value sits under
  the header cell whose columns it overlaps, and belongs to the nearest label to its left;
- **rows known, columns guessed** (tables rebuilt from text): a row with as many cells as the
  header fills it one to one; otherwise as in a stream, within the row;
- **a stream** (a form flattened onto one line, one cell per line without tabs): a row label
  followed by a run of numbers fills the value columns in order (a percentage only the rate
  column, a blank — or a missing number — leaves a column empty); an indicator row ends with
  its two numbers 分值 得分, its level-1 / level-2 names are recognised by the indicator
  framework, and of the cells before the two numbers the last two are 年度指标值 and 实际完成值.
  Numbers that come before their row labels (PDF text whose columns come out jumbled) wait
  for the labels that follow.

Fields (项目名称, 主管部门, 实施单位 …) take the text up to the next label; 总分 takes its
numbers (总分 100 98.6: out of 100, scored 98.6); 自评等级 its grade. A new title, or a second
项目名称 after a form with content, starts the next form.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipelines.parsing.forms.labels import GRADES, Meaning
from pipelines.parsing.forms.tokens import Tag, Tok, classify

# Roles a header cell can have (a column of values or texts).
COLUMN_ROLES = frozenset({"money", "rate", "weight", "score", "level1", "level2", "level3", "target", "actual",
                          "deviation", "measure_unit", "ignore", "expected", "achieved", "item"})
INDICATOR_ROLES = frozenset({"level1", "level2", "level3", "target", "actual", "deviation"})
VALUE_ROLES = frozenset({"money", "rate", "weight", "score"})
MAX_FIELD_TOKENS = 8


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


@dataclass
class Form:
    """Everything read from one form."""

    kind: str | None = None  # project / department_overall / cover (None: unknown, decided later)
    title: Tok | None = None
    fields: dict[str, list[Tok]] = field(default_factory=dict)
    unit: str | None = None
    values: list[Value] = field(default_factory=list)
    items: list[Value] = field(default_factory=list)
    expected: list[Tok] = field(default_factory=list)
    achieved: list[Tok] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
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

    def touch(self, tok: Tok) -> None:
        if tok.end > tok.start:
            self.start = tok.start if self.start is None else min(self.start, tok.start)
            self.end = tok.end if self.end is None else max(self.end, tok.end)


@dataclass
class _Block:
    kind: str  # funds / indicators / objectives / items
    columns: list[Column]
    pending: list[list[tuple[Tok, Tag]]] = field(default_factory=list)  # number rows waiting for labels

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
    if "item" in roles and roles & {"money"}:
        return "items"
    if roles & VALUE_ROLES:
        return "funds"
    if sum(1 for c in columns if c.meaning and c.meaning.role == "row") >= 3:
        return "funds"
    return None


def _is_column(m: Meaning | None) -> bool:
    """A header cell (一级指标, 全年执行数 …); an indicator level's own name (产出指标) is a value."""
    return m is not None and m.role in COLUMN_ROLES and m.name is None


class FormReader:
    """The state machine over one document's tokens."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = toks
        self.tags = [classify(t.text) for t in toks]
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
            if self.unit is not None and at - self.unit[1] <= 60:
                self.form.unit = self.unit[0]
        elif kind and not self.form.kind:
            self.form.kind = kind
        return self.form

    def _claim(self, tok: Tok) -> None:
        if self.form is not None:
            self.form.touch(tok)
            if tok.end > tok.start:
                self.form.claimed.append((tok.start, tok.end))
            if tok.row is not None:
                self.form.blocks.add(tok.block)

    def _row_end(self, i: int) -> int:
        """Index after the last token of token i's table row (i + 1 for a stream token)."""
        t = self.toks[i]
        if t.row is None:
            return i + 1
        j = i
        while j < len(self.toks) and self.toks[j].block == t.block and self.toks[j].row == t.row:
            j += 1
        return j

    def _same_row(self, i: int, j: int) -> bool:
        a, b = self.toks[i], self.toks[j]
        return a.row is not None and a.block == b.block and a.row == b.row

    # -- main loop ----------------------------------------------------------------------
    def read(self) -> list[Form]:
        i, n = 0, len(self.toks)
        while i < n:
            i = self._step(i)
        if self.form is not None and self.form.has_content:
            self.forms.append(self.form)
        return self.forms

    def _step(self, i: int) -> int:
        tok, tag = self.toks[i], self.tags[i]
        if tok.row is not None and (i == 0 or not self._same_row(i - 1, i)):
            handled = self._table_row(i)
            if handled is not None:
                return handled
        if tag.kind == "unit":
            self.unit = (tag.unit or "", i)
            if self.form is not None:
                self.form.unit = tag.unit
            return i + 1
        if tag.kind != "label":
            return self._unlabelled(i)
        m = tag.meaning
        assert m is not None
        if m.role == "title":
            form = self._open(m.form, i)
            form.kind = form.kind or m.form
            form.title = form.title or tok
            self._claim(tok)
            return i + 1
        if m.role == "field":
            return self._field(i, m)
        if m.role == "total_score" or (m.role == "row" and m.total and self.block is not None
                                       and self.block.kind == "indicators"):
            return self._total(i)
        if m.role == "grade":
            return self._grade(i)
        header = self._stream_header(i)
        if header is not None:
            return header
        if m.unit and self.form is not None and m.role == "section":
            self.form.unit = m.unit
        if m.role == "section":
            if self.form is not None:
                self._claim(tok)
                if m.name == "objectives":
                    self.block = None
            return i + 1
        return self._unlabelled(i)

    def _unlabelled(self, i: int) -> int:
        """A token that is not a header, field or title: read by the open block, if any."""
        if self.form is None or self.block is None:
            return i + 1
        kind = self.block.kind
        if kind == "funds":
            return self._fund_row(i)
        if kind == "indicators":
            return self._indicator_stream(i)
        if kind == "objectives":
            return self._objectives_stream(i)
        if kind == "items":
            return self._item_row(i)
        return i + 1

    # -- fields, totals, grades -----------------------------------------------------------
    def _value_run(self, i: int, limit: int = MAX_FIELD_TOKENS) -> list[int]:
        """Token indexes after i up to the next label (in the same row for table cells)."""
        out = []
        j = i + 1
        while j < len(self.toks) and len(out) < limit:
            if self.toks[i].row is not None and not self._same_row(i, j):
                break
            if self.toks[i].row is None and self.toks[j].row is not None:
                break
            tag = self.tags[j]
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role != "row":
                break
            if tag.kind == "label" and self.toks[i].row is None:
                break
            if tag.kind == "blank" and self.toks[j].text == "":
                j += 1
                continue
            out.append(j)
            j += 1
        return out

    def _field(self, i: int, m: Meaning) -> int:
        run = self._value_run(i)
        if not run:
            return i + 1
        name = m.field or "ignore"
        if self.form is not None and name == "project_name" and "project_name" in self.form.fields \
                and self.form.has_content:
            self._open(None, i)
        form = self._open(None, i) if self.form is None else self.form
        if name != "ignore":
            form.fields.setdefault(name, [self.toks[j] for j in run])
        self._claim(self.toks[i])
        for j in run:
            self._claim(self.toks[j])
        return run[-1] + 1

    def _total(self, i: int) -> int:
        if self.form is None:
            return i + 1
        run = [j for j in self._value_run(i, 4) if self.tags[j].kind in ("num", "text", "blank")]
        nums = []
        for j in run:
            if self.tags[j].kind == "num" and not self.tags[j].percent:
                nums.append(j)
            elif self.tags[j].kind == "text" and GRADES.fullmatch(self.toks[j].text.strip()):
                self.form.grade = self.toks[j]
                break
            elif self.tags[j].kind == "text":
                break
        if not nums:
            return i + 1
        if len(nums) >= 2 and self.tags[nums[0]].value is not None and self.tags[nums[1]].value is not None \
                and self.tags[nums[0]].value >= self.tags[nums[1]].value:  # type: ignore[operator]
            self.form.total_weight, self.form.total_score = self.toks[nums[0]], self.toks[nums[1]]
        else:
            self.form.total_score = self.toks[nums[-1]] if len(nums) <= 2 else self.toks[nums[1]]
        self._claim(self.toks[i])
        for j in nums:
            self._claim(self.toks[j])
        self.block = None
        return max(run[-1] + 1, nums[-1] + 1) if run else i + 1

    def _grade(self, i: int) -> int:
        run = self._value_run(i, 2)
        if self.form is not None:
            for j in run:
                if GRADES.fullmatch(self.toks[j].text.strip().strip("“”\"")):
                    self.form.grade = self.toks[j]
                    self._claim(self.toks[j])
                    return j + 1
        return i + 1

    # -- headers ------------------------------------------------------------------------
    def _stream_header(self, i: int) -> int | None:
        """A run of two or more column labels in a stream opens a block."""
        if self.toks[i].row is not None:
            return None
        cols: list[Column] = []
        j = i
        while j < len(self.toks) and self.toks[j].row is None:
            tag = self.tags[j]
            if tag.kind in ("mark", "unit"):
                if tag.kind == "unit" and cols:
                    cols[-1] = replace(cols[-1], meaning=replace(cols[-1].meaning, unit=tag.unit))  # type: ignore[arg-type]
                j += 1
                continue
            if tag.kind == "label" and _is_column(tag.meaning):
                cols.append(Column(tag.meaning, self.toks[j]))
                j += 1
                continue
            break
        if len(cols) < 2:
            return None
        kind = _block_kind(cols)
        if kind is None:
            return None
        self._set_block(kind, cols, i, j)
        return j

    def _set_block(self, kind: str, cols: list[Column], i: int, j: int) -> None:
        form = self._open(None, i) if self.form is None else self.form
        if kind in ("funds", "indicators") and form.has_content and self.block is None and \
                any(c.tok is not None and c.tok.row is None for c in cols):
            pass
        self.block = _Block(kind, cols)
        if kind == "indicators":
            self.level1, self.level2 = (None, None), None
        for k in range(i, j):
            self._claim(self.toks[k])

    def _table_row(self, i: int) -> int | None:
        """A table row read as a whole: a header row, or a data row of the open block."""
        end = self._row_end(i)
        idx = list(range(i, end))
        [self.tags[k] for k in idx]
        labels = [k for k in idx if self.tags[k].kind == "label"]
        nums = [k for k in idx if self.tags[k].kind == "num"]
        column_labels = [k for k in labels if _is_column(self.tags[k].meaning)]
        structural = [k for k in labels if self.tags[k].meaning.role in ("title", "field", "total_score", "grade")]  # type: ignore[union-attr]
        if structural and self.tags[structural[0]].meaning.role in ("title", "field"):  # type: ignore[union-attr]
            return None  # fields and titles: the stream reader handles them within the row
        if not nums and len(column_labels) >= 2 and not structural:
            cols = [Column(self.tags[k].meaning if self.tags[k].kind == "label" else None, self.toks[k],
                           self.toks[k].col, self.toks[k].colspan) for k in idx]
            row_key = (self.toks[i].block, self.toks[i].row or 0)
            if self.block is not None and self.header_row == (row_key[0], row_key[1] - 1) and \
                    self.toks[i].columns_known and self._merge_header(cols):
                self.header_row = row_key
                for k in idx:
                    self._claim(self.toks[k])
                return end
            kind = _block_kind(cols)
            if kind is not None:
                self._set_block(kind, cols, i, end)
                self.header_row = row_key
                return end
        if not nums and sum(1 for k in labels if self.tags[k].meaning.role == "row") >= 3 \
                and self.block is not None and self.toks[i].columns_known \
                and self.header_row == (self.toks[i].block, (self.toks[i].row or 0) - 1):
            cols = [Column(self.tags[k].meaning if self.tags[k].kind == "label" else None, self.toks[k],
                           self.toks[k].col, self.toks[k].colspan) for k in idx]
            if self._merge_header(cols):
                self.header_row = (self.toks[i].block, self.toks[i].row or 0)
                return end
        if self.block is None or self.form is None or structural:
            return None
        kind = self.block.kind
        if kind == "funds":
            return self._fund_table_row(idx)
        if kind == "indicators":
            return self._indicator_table_row(idx)
        if kind == "objectives":
            return self._objectives_table_row(idx)
        if kind == "items":
            return self._item_table_row(idx)
        return None

    def _merge_header(self, cols: list[Column]) -> bool:
        """A second header row under the first: each of its cells refines the column above it."""
        assert self.block is not None
        merged = list(self.block.columns)
        changed = False
        for c in cols:
            if c.meaning is None or c.col is None:
                continue
            for k, parent in enumerate(merged):
                if parent.col is not None and parent.covers(c.col) and parent.meaning is not None:
                    child = c.meaning
                    pm = parent.meaning
                    if pm.role in VALUE_ROLES:
                        m = replace(pm, fund_source=child.fund_source or pm.fund_source,
                                    phase=child.phase or pm.phase, measure=child.measure or pm.measure,
                                    total=child.total or pm.total, unit=child.unit or pm.unit)
                    elif child.role in VALUE_ROLES:
                        m = replace(child, fund_source=pm.fund_source, total=pm.total, unit=child.unit or pm.unit)
                    else:
                        continue
                    merged.insert(k, Column(m, c.tok, c.col, c.colspan))
                    changed = True
                    break
        if not changed:
            return False
        # a parent now split into children keeps only the children's columns
        children = [c for c in merged if c.tok is not None and c.tok in {x.tok for x in cols}]
        parents = [p for p in merged if p not in children and any(p.covers(ch.col) for ch in children
                                                                   if ch.col is not None)]
        self.block.columns = [c for c in merged if c not in parents]
        self.block.columns.sort(key=lambda c: (c.col if c.col is not None else -1))
        return True

    # -- funds block ----------------------------------------------------------------------
    def _fund_table_row(self, idx: list[int]) -> int:
        assert self.block is not None and self.form is not None
        toks = [self.toks[k] for k in idx]
        if toks[0].columns_known:
            cols_of = {k: self._column_at(self.toks[k].col) for k in idx}
        elif self._row_matches_header(idx):
            vals = self.block.columns
            cols_of = {k: vals[n] for n, k in enumerate(idx)}
        else:
            return self._fund_stream_row(idx)
        label: tuple[Meaning | None, Tok | None] = (None, None)
        start, end = toks[0].start, max(t.end for t in toks)
        for k in idx:
            tag, tok = self.tags[k], self.toks[k]
            col = cols_of.get(k)
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role in ("row", "group", "section"):
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

    def _row_matches_header(self, idx: list[int]) -> bool:
        return self.block is not None and len(idx) == len(self.block.columns)

    def _column_at(self, col: int | None) -> Column | None:
        if col is None or self.block is None:
            return None
        return next((c for c in self.block.columns if c.covers(col)), None)

    def _fund_stream_row(self, idx: list[int]) -> int:
        """A row read as a stream: each label's numbers fill the value columns in order."""
        k = 0
        while k < len(idx):
            k = self._fund_row(idx[k], stop=idx[-1] + 1) - idx[0]
        return idx[-1] + 1

    def _fund_row(self, i: int, stop: int | None = None) -> int:
        """From a row label (or numbers waiting for one): the label's numbers into the value columns."""
        assert self.block is not None and self.form is not None
        stop = len(self.toks) if stop is None else stop
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
            if tag.kind == "text" and self.block.pending == [] and i + 1 < stop and self.tags[i + 1].kind == "num" \
                    and self.form.values:
                pass  # an unknown row label followed by numbers: read with no meaning of its own
            else:
                return i + 1
        meaning = tag.meaning if is_label else None
        self._claim(tok)
        j = i + 1
        run: list[tuple[Tok, Tag]] = []
        while j < stop and self.tags[j].kind in ("num", "blank", "mark"):
            if self.tags[j].kind != "mark":
                run.append((self.toks[j], self.tags[j]))
            j += 1
        if not run and self.block.pending and meaning is not None and meaning.role == "row":
            run = self.block.pending.pop(0)
        row_end = max([tok.end] + [t.end for t, _ in run])
        for t, g, col in self._fill(run):
            self.form.values.append(Value(t, g, col, meaning, tok, tok.start, row_end))
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
            if c >= len(cols) or (current and cols[c].role == "money" and any(
                    x.role != "money" for x in cols[:c])):
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
    def _level(self, tag: Tag, tok: Tok) -> bool:
        """Update the current level-1/level-2 from a level label; True when it was one."""
        m = tag.meaning if tag.kind == "label" else None
        if m is None or m.role not in ("level1", "level2"):
            return False
        if m.role == "level1":
            self.level1, self.level2 = (m.name, m.points), None
        elif self.level2 is not None and self._last_was_level:
            self.level1, self.level2 = (self.level2, m.points), m.name  # two level-2 names: the first is a level 1
        else:
            self.level2 = m.name
        self._claim(tok)
        return True

    _last_was_level = False

    def _indicator_table_row(self, idx: list[int]) -> int:
        assert self.block is not None and self.form is not None
        toks = [self.toks[k] for k in idx]
        if toks[0].columns_known:
            by_role: dict[str, list[int]] = {}
            for k in idx:
                col = self._column_at(self.toks[k].col)
                if col is not None and col.role:
                    by_role.setdefault(col.role, []).append(k)
            for role in ("level1", "level2"):
                for k in by_role.get(role, []):
                    tag = self.tags[k]
                    if tag.kind == "label":
                        self._last_was_level = False
                        self._level(tag, self.toks[k])
                    elif self.toks[k].text.strip():
                        name = self.toks[k].text.strip()
                        if role == "level1":
                            self.level1, self.level2 = (name, None), None
                        else:
                            self.level2 = name
            self._emit_indicator({r: [self.toks[k] for k in by_role.get(r, []) if self.toks[k].text.strip()]
                                  for r in ("level3", "target", "actual", "deviation", "weight", "score")})
            return idx[-1] + 1
        if self._row_matches_header(idx):
            by_role = {}
            for n, k in enumerate(idx):
                role = self.block.columns[n].role
                if role:
                    by_role.setdefault(role, []).append(k)
            for k in by_role.get("level1", []) + by_role.get("level2", []):
                self._last_was_level = False
                self._level(self.tags[k], self.toks[k])
            self._emit_indicator({r: [self.toks[k] for k in by_role.get(r, []) if self.toks[k].text.strip()]
                                  for r in ("level3", "target", "actual", "deviation", "weight", "score")})
            return idx[-1] + 1
        self._indicator_run([k for k in idx if self.tags[k].kind != "blank"], row_bounded=True)
        return idx[-1] + 1

    def _emit_indicator(self, cells: dict[str, list[Tok]]) -> None:
        assert self.form is not None
        if not (cells["level3"] or cells["target"]) or not (cells["weight"] or cells["score"] or cells["actual"]):
            return
        weight = cells["weight"][0] if cells["weight"] and classify(cells["weight"][0].text).kind == "num" else None
        score = cells["score"][0] if cells["score"] and classify(cells["score"][0].text).kind == "num" else None
        ind = Indicator(self.level1[0], self.level2, cells["level3"], cells["target"], cells["actual"], weight, score,
                        cells["deviation"], self.level1[1])
        self.form.indicators.append(ind)
        for toks in cells.values():
            for t in toks:
                self._claim(t)

    def _indicator_stream(self, i: int) -> int:
        """Indicator rows flattened into a stream, up to the next structural label."""
        j = i
        run: list[int] = []
        while j < len(self.toks) and self.toks[j].row is None:
            tag = self.tags[j]
            if tag.kind == "label" and tag.meaning is not None and (
                    tag.meaning.role in ("title", "field", "total_score", "grade", "section")
                    or (tag.meaning.role == "row" and tag.meaning.total)):
                break
            if self._is_stream_header(j):
                break
            run.append(j)
            j += 1
        self._indicator_run(run, row_bounded=False)
        return j if j > i else i + 1

    def _is_stream_header(self, j: int) -> bool:
        if self.tags[j].kind != "label" or not _is_column(self.tags[j].meaning):
            return False
        k = j + 1
        while k < len(self.toks) and self.tags[k].kind == "mark":
            k += 1
        return k < len(self.toks) and self.tags[k].kind == "label" and _is_column(self.tags[k].meaning) \
            and self.tags[j].meaning.role not in ("level1", "level2")  # type: ignore[union-attr]

    def _indicator_run(self, run: list[int], row_bounded: bool) -> None:
        """Indicator rows from tokens: each row ends with its two numbers 分值 得分."""
        pending: list[int] = []
        self._last_was_level = False
        emitted = False
        k = 0
        while k < len(run):
            j = run[k]
            tag, tok = self.tags[j], self.toks[j]
            if tag.kind == "label" and tag.meaning is not None and tag.meaning.role in ("level1", "level2"):
                if pending:
                    self._attach_deviation(pending)
                    pending = []
                self._level(tag, tok)
                self._last_was_level = True
                k += 1
                continue
            self._last_was_level = False
            if tag.kind == "mark":
                k += 1
                continue
            pending.append(j)
            k += 1
            if self._row_closes(pending, run, k):
                self._stream_indicator(pending)
                emitted = True
                pending = []
        if pending and self.form is not None and self.form.indicators and (emitted or not row_bounded):
            self._attach_deviation(pending)  # cells after the last row's 得分: its deviation

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
        assert self.form is not None
        toks = [self.toks[j] for j in pending if self.tags[j].kind != "blank"]
        weight, score = toks[-2], toks[-1]
        cells = _glue_operators(toks[:-2])
        lead: list[Tok] = []
        if len(cells) > 3 and self.form.indicators:
            while len(cells) > 3 and _looks_like_deviation(cells[0].text):
                lead.append(cells.pop(0))
            if lead:
                self.form.indicators[-1].deviation.extend(lead)
                for t in lead:
                    self._claim(t)
        if len(cells) >= 3:
            level3, target, actual = cells[:-2], [cells[-2]], [cells[-1]]
        elif len(cells) == 2:
            level3, target, actual = [cells[0]], [cells[1]], []
        else:
            level3, target, actual = cells, [], []
        self._emit_indicator({"level3": level3, "target": target, "actual": actual, "deviation": [],
                              "weight": [weight], "score": [score]})

    def _attach_deviation(self, pending: list[int]) -> None:
        if self.form is not None and self.form.indicators:
            self.form.indicators[-1].deviation.extend(self.toks[j] for j in pending if self.tags[j].kind == "text")

    # -- objectives -----------------------------------------------------------------------
    def _objectives_table_row(self, idx: list[int]) -> int:
        assert self.block is not None and self.form is not None
        for n, k in enumerate(idx):
            tok = self.toks[k]
            if not tok.text.strip() or self.tags[k].kind == "label":
                continue
            col = self._column_at(tok.col) if tok.columns_known else (
                self.block.columns[n] if self._row_matches_header(idx) else None)
            role = col.role if col else None
            if role is None:
                texts = [self.toks[x] for x in idx if self.toks[x].text.strip() and self.tags[x].kind != "label"]
                if len(texts) == 2:
                    role = "expected" if tok is texts[0] else "achieved"
            if role == "expected":
                self.form.expected.append(tok)
            elif role == "achieved":
                self.form.achieved.append(tok)
        self.block = None
        return idx[-1] + 1

    def _objectives_stream(self, i: int) -> int:
        assert self.form is not None
        j = i
        texts: list[Tok] = []
        while j < len(self.toks) and self.toks[j].row is None:
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
    def _item_table_row(self, idx: list[int]) -> int:
        assert self.block is not None and self.form is not None
        label: Tok | None = None
        toks = [self.toks[k] for k in idx]
        for n, k in enumerate(idx):
            tag, tok = self.tags[k], self.toks[k]
            col = self._column_at(tok.col) if tok.columns_known else (
                self.block.columns[n] if self._row_matches_header(idx) else None)
            if tag.kind in ("text", "label") and tok.text.strip():
                label = tok
                continue
            if tag.kind == "num" and label is not None:
                col = col if col is not None and col.role == "money" else next(
                    (c for c in self.block.columns if c.role == "money"), None)
                if col is not None and not tag.percent:
                    self.form.items.append(Value(tok, tag, col, None, label, toks[0].start, max(t.end for t in toks)))
                    self._claim(tok)
                    self._claim(label)
        return idx[-1] + 1

    def _item_row(self, i: int) -> int:
        assert self.block is not None and self.form is not None
        tag, tok = self.tags[i], self.toks[i]
        if tag.kind not in ("text",) or i + 1 >= len(self.toks) or self.tags[i + 1].kind != "num":
            return i + 1
        num_tok, num_tag = self.toks[i + 1], self.tags[i + 1]
        col = next((c for c in self.block.columns if c.role == "money"), None)
        if col is not None and not num_tag.percent:
            self.form.items.append(Value(num_tok, num_tag, col, None, tok, tok.start, num_tok.end))
            self._claim(tok)
            self._claim(num_tok)
        j = i + 2
        while j < len(self.toks) and self.tags[j].kind == "num":
            j += 1
        return j


_DEVIATION_WORDS = ("原因", "偏差", "由于", "因", "未", "措施", "加强", "受", "疫情", "将", "下一步", "改进")


def _looks_like_deviation(text: str) -> bool:
    return text.strip() in ("无", "无偏差", "/", "—") or any(w in text for w in _DEVIATION_WORDS)


def _glue_operators(toks: list[Tok]) -> list[Tok]:
    """``≥ 50个`` written apart: the operator joins the next cell."""
    out: list[Tok] = []
    for t in toks:
        if out and out[-1].text.strip() in ("≥", "≤", ">", "<", "=", ">=", "<=", "＞", "＜", "＝"):
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
