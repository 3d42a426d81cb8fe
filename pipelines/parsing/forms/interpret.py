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
  the labels that follow; numbers right after a run of header labels are such rows, not the
  values of label-value pairs. In a block of money columns only (a breakdown by item), a short
  plain text followed by numbers is an item row; a numbered heading (三、…) closes the block.

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

import re
from dataclasses import replace

from pipelines.parsing.forms.align import align
from pipelines.parsing.forms.block_rows import BlockRows
from pipelines.parsing.forms.labels import GRADES, Meaning
from pipelines.parsing.forms.structure import (
    MAX_FIELD_TOKENS,
    MAX_FRAGMENT,
    TOTAL_ROW,
    VALUE_ROLES,
    Block,
    Column,
    Form,
    Value,
    block_kind,
    cell_type,
    dated_columns,
    fits,
    is_column,
    merge_split_tokens,
    total_column_phase,
)
from pipelines.parsing.forms.tokens import Tok, classify

HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、\S{2,}")
NAME_FIELDS = frozenset({"project_name", "supervising", "implementing", "department"})

__all__ = ["Column", "Form", "FormReader", "Value", "read_forms"]


class FormReader(BlockRows):
    """The state machine over one document's tokens."""

    def __init__(self, toks: list[Tok]) -> None:
        self.toks = merge_split_tokens(toks)
        self.tags = [classify(t.text) for t in self.toks]
        self.ends = self._ends(self.toks)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.block: Block | None = None
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
        """A token that is not a header, field or title: read by the open block, if any. A numbered
        heading of the report (三、项目考评情况) closes the block."""
        if self.form is None or self.block is None:
            return i + 1
        if self.toks[i].row is None and HEADING.match(self.toks[i].text):
            self.block = None
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
        if run and m.field in NAME_FIELDS and self.tags[run[0]].kind == "num":
            return i + 1  # a unit or project is never a number (jumbled PDF text: a figure follows the label)
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
                if joined.kind == "label" and is_column(joined.meaning):  # 年度 … 指标值: 年度指标值
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
                m = Meaning("money", phase=total_column_phase(cols))  # 小计 ③=①+② between money columns
            if tag.kind == "label" and is_column(m):
                cols.append(Column(m, self.toks[j]))
                j += 1
                k = j
                while k < stop and self.tags[k].kind in ("mark", "unit"):
                    k += 1
                if k < stop and self.tags[k].kind == "num" and m is not None and m.role in VALUE_ROLES:
                    if len(cols) - len(pairs) > 1 and not fragments:
                        break  # a run of labels, then numbers: the header ends, the data (jumbled PDF rows) begins
                    pairs.append((len(cols) - 1, k))
                    j = k + 1
                continue
            if tag.kind == "label" and m is not None and m.role == "group" and self._column_follows(j, stop):
                cols.append(Column(None, self.toks[j]))  # 按收入性质分 全年执行数 按支出性质分 全年执行数
                j += 1
                continue
            if tag.kind == "text" and cols and len(self.toks[j].text.strip()) <= MAX_FRAGMENT \
                    and len(fragments) < 4:
                if sum(1 for c in cols if is_column(c.meaning)) < 2:  # a group-header line: start again after it
                    cols, fragments, pairs, start = [], [], [], j + 1
                else:
                    fragments.append(len(cols))
                    cols.append(Column(None, self.toks[j]))
                j += 1
                continue
            break
        while cols and cols[-1].meaning is None:
            popped = cols.pop()
            fragments = [f for f in fragments if f < len(cols)]
            back = next((k for k in range(j - 1, start - 1, -1) if self.toks[k] is popped.tok), None)
            if back is not None and not pairs:
                j = back  # a short row label after the header (三公经费 0 0 0): read again as the first row
        if any(cols[f].meaning is None for f in fragments):
            j = self._complete_fragments(cols, [f for f in fragments if cols[f].meaning is None], j, stop)
        real = [c for c in cols if is_column(c.meaning)]
        if len(real) < 2 and not (pairs and real):
            return None
        kind = block_kind(real)
        if kind is None:
            return None
        self._set_block(kind, real, start, j)
        if pairs and kind == "funds" and self.form is not None:
            self.block.pairs = True  # type: ignore[union-attr]
            for pos, k in pairs:
                col = cols[pos]
                if fits(col, self.tags[k]):
                    self.form.values.append(Value(self.toks[k], self.tags[k], col, TOTAL_ROW, None,
                                                  self.toks[i].start, self.toks[k].end))
                    self._claim(self.toks[k])
        return j

    def _column_follows(self, j: int, stop: int) -> bool:
        k = j + 1
        while k < stop and self.tags[k].kind in ("mark", "unit"):
            k += 1
        return k < stop and self.tags[k].kind == "label" and is_column(self.tags[k].meaning)

    def _complete_fragments(self, cols: list[Column], fragments: list[int], j: int, stop: int) -> int:
        """``年度`` ``实际`` in the run and ``指标值`` ``完成值`` after it: 年度指标值, 实际完成值."""
        k = j
        done = 0
        for pos in fragments:
            if k >= stop:
                break
            head = cols[pos].tok.text.strip() if cols[pos].tok else ""
            joined = classify(head + self.toks[k].text.strip())
            if joined.kind == "label" and is_column(joined.meaning):
                cols[pos] = Column(joined.meaning, self.toks[k])
                k += 1
                done += 1
            else:
                break
        return k if done else j

    def _set_block(self, kind: str, cols: list[Column], i: int, j: int) -> None:
        if self.form is None:
            self._open(None, i)
        self.block = Block(kind, dated_columns(cols))
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
        column_labels = [k for k in labels if is_column(self._header_meaning(k, idx))]
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
            kind = block_kind(cols)
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
                is_column(self.tags[x].meaning) for x in idx if x != k and self.tags[x].kind == "label"):
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
        mapping = align([cell_type(self.toks[k], self.tags[k]) for k in cells], [c.role for c in cols])
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


def read_forms(toks: list[Tok]) -> list[Form]:
    """Every form in a document's token stream."""
    return FormReader(toks).read()
