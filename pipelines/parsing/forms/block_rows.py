"""Reading the rows of an open block: the funds block, the indicator grid, the objectives and the
expense items, in each of the three ways rows arrive (columns known, columns guessed, a stream;
see ``interpret``). A mixin of ``FormReader``, which owns the state it uses."""

from __future__ import annotations

import re

from pipelines.parsing.forms.align import align
from pipelines.parsing.forms.labels import Meaning
from pipelines.parsing.forms.structure import (
    TEXT_ROLES,
    VALUE_ROLES,
    Block,
    Column,
    Form,
    Indicator,
    Value,
    fits,
    glue_operators,
    is_column,
    row_cell_type,
    split_point,
)
from pipelines.parsing.forms.tokens import Tag, Tok, classify

LEADING_NUMBER = re.compile(r"^(?:其中\s*[:：]?|\d{1,2}\s*[.、．]|[(（]\d{1,2}[)）]|[一二三四五六七八九十]{1,2}[、.．])\s*")
# Level-2 names that newer templates (财预〔2021〕101号) also use as a level 1 over their own level 2s;
# after any other level 2, a level name (服务对象满意度) is the row's level-3 indicator.
LEVEL1_CAPABLE = frozenset({"成本指标"})


_ITEM_LABEL = re.compile(r"^[^，。；！？,;!?\d%％]{2,24}$")
_EXPENSE_ITEM = re.compile(r"^[^，。；！？,;!?]{2,30}$")  # a 支出明细 item may hold a date or an age (60岁…补助)


def item_label(tok: Tok, tag: Tag) -> bool:
    """A plain text cell that can label a row of figures in a funds block (公务接待, 水费、电费、差旅费):
    short, no sentence punctuation, no digits after its numbering."""
    if tag.kind != "text":
        return False
    text = LEADING_NUMBER.sub("", tok.text.strip()).rstrip(":：")
    return bool(_ITEM_LABEL.match(text))


def _fill_columns(run: list[tuple[Tok, Tag]], cols: list[Column]) -> list[tuple[Tok, Tag, Column]]:
    out = []
    c = 0
    for t, g in run:
        if g.kind == "blank":
            c += 1
            continue
        while c < len(cols) and not fits(cols[c], g):
            c += 1
        if c >= len(cols):
            break
        out.append((t, g, cols[c]))
        c += 1
    return out


RATE_SLACK = 1.5  # percentage points between a written rate and the one its cells give


def _rate_contradicted(filled: list[tuple[Tok, Tag, Column]]) -> bool:
    """The row's written rate is its spent cell over none of its budget cells."""
    money = [(g.value, c.meaning.phase) for _, g, c in filled if c.role == "money" and c.meaning is not None]
    rate = next((g.value for _, g, c in filled if c.role == "rate" and g.percent), None)
    spent = next((v for v, phase in money if phase == "executed"), None)
    budgets = [v for v, phase in money if phase in ("approved", "adjusted") and v]
    if rate is None or spent is None or not budgets or rate <= 0:
        return False
    return all(abs(float(spent) / float(b) * 100 - float(rate)) > RATE_SLACK for b in budgets)


class BlockRows:
    """Row readers of ``FormReader`` (state: tokens, tags, the open form and block, the current levels)."""

    toks: list[Tok]
    tags: list[Tag]
    form: Form | None
    block: Block | None
    level1: tuple[str | None, str | None]
    level2: str | None

    def _claim(self, tok: Tok) -> None:
        raise NotImplementedError

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
            if tag.kind == "num" and col is not None and col.role in VALUE_ROLES and fits(col, tag):
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
        if not is_label and not (item_label(tok, tag) and self._money_only() and self._numbers_follow(i + 1, stop)):
            return i + 1
        meaning = tag.meaning if is_label else None  # an item row: its label is the figure's detail
        j = i + 1
        run: list[tuple[Tok, Tag]] = []
        while j < stop and self.tags[j].kind in ("num", "blank", "mark"):
            if self.tags[j].kind != "mark":
                run.append((self.toks[j], self.tags[j]))
            j += 1
        if meaning is not None and meaning.role == "group":
            if not any(g.kind == "num" for _, g in run):
                return j
            meaning = None  # 按支出性质分 2836.45: a heading that carries its own total
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

    def _money_only(self) -> bool:
        """A block of money columns only (a breakdown table by item), not a scored funds block whose
        rows are the fund sources of the lexicon, nor a pair block (a cover sheet's fund grid)."""
        assert self.block is not None
        cols = self.block.value_columns()
        return not self.block.pairs and bool(cols) and all(c.role == "money" for c in cols)

    def _numbers_follow(self, j: int, stop: int) -> bool:
        """A number (not only blanks) comes right after token j - 1, within ``stop``."""
        while j < stop and self.tags[j].kind == "mark":
            j += 1
        return j < stop and self.tags[j].kind == "num"

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
            if fits(col, g):
                self.form.values.append(Value(t, g, col, meaning, tok, tok.start, t.end))
                self._claim(t)
        return j

    def _fill(self, run: list[tuple[Tok, Tag]]) -> list[tuple[Tok, Tag, Column]]:
        """Numbers in order into the value columns they fit; a blank skips a column. When the row's
        rate contradicts its spent and budget cells (50 50 10 100%: 10 is no 全年执行数), a money
        cell was left empty without a placeholder: the fill that skips it is taken."""
        assert self.block is not None
        cols = self.block.value_columns()
        out = _fill_columns(run, cols)
        if _rate_contradicted(out):
            for skip in reversed([c for c in cols if c.role == "money"]):
                other = _fill_columns(run, [c for c in cols if c is not skip])
                if len(other) == len(out) and not _rate_contradicted(other):
                    return other
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
            while c < len(cols) and not fits(cols[c], g):
                c += 1
            if c >= len(cols) or (current and cols[c].role == "money"
                                  and any(x.role != "money" for x in cols[:c])):
                rows.append(current)
                current, c = [], 0
                while c < len(cols) and not fits(cols[c], g):
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
        if self.tags[j].kind != "label" or not is_column(self.tags[j].meaning):
            return False
        k = j + 1
        while k < stop and self.tags[k].kind == "mark":
            k += 1
        return k < stop and self.tags[k].kind == "label" and is_column(self.tags[k].meaning)

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
        mapping = align([row_cell_type(self.toks[k], self.tags[k]) for k in cells], [c.role for c in cols])
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
        toks = glue_operators([self.toks[j] for j in pending if self.tags[j].kind != "blank"])
        roles: list[str | None] = [c.role for c in self.block.columns if c.role not in ("level1", "level2")]
        tail: list[str | None] = []
        if "score" in roles:
            cut = len(roles) - roles[::-1].index("score")
            roles, tail = roles[:cut], roles[cut:]
        if self.form.indicators:  # the previous row's cells after its 得分 (偏差原因, 是否核心指标 …)
            roles = [f"prev_{r}" for r in tail if r in ("deviation", "ignore")] + roles
        mapping = align([row_cell_type(t, classify(t.text)) for t in toks], roles)
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
            cut = split_point(texts)
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
        if tag.kind == "label" and tag.meaning is not None and tag.meaning.role != "row":
            return i + 1  # a column header (实际支出数) names no item: the number after it is a code or stray
        if tag.kind == "text" and not _EXPENSE_ITEM.match(tok.text.strip()):
            return i + 1  # prose after the table (…各村选聘 1 名): no item
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
