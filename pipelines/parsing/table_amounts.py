"""Money cells of tables -> amounts (origin ``table``), and narrative figures -> the table items they name.

Two table shapes carry the department's money:

- the **project funding table** (``tables._classify`` == projects): every money cell is a
  ``project_expenditure`` amount, phase ``approved`` for budget columns and ``executed`` for
  spending columns, ``detail`` = the sub-column label for a local-funds column
  (其中：区级资金 -> 区级资金), subject the project of the row (the total row: department);
- a **summary table** (one header row of labels, rows of numbers, a 合计/总计 column) whose
  total equals a money figure of the narrative: the table is a breakdown of that figure. The
  total cell takes the figure's measure, phase and class codes; every other column is a part
  with the same measure and phase, subject ``project`` named by the column label (with the
  functional class when the label names one).

Narrative figures that name a table item (a project's name or purpose, a summary column label)
are then attributed to it (subject ``project``), so the consistency rules can compare them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines.document import Cell, Document
from pipelines.model import Amount, OtherFigure, ProjectFunding
from pipelines.parsing import lexicon, money_words
from pipelines.parsing.normalize import label_key
from pipelines.parsing.numbers import MONEY_FACTORS, NUMBER, canonical_decimal, parse_number
from pipelines.parsing.tables import grid_of

_TOTAL_LABEL = re.compile(r"^(合计|总计|小计|共计)$")
_NUMBER_AT_START = re.compile(rf"\s*({NUMBER})")
_SIMILAR = 0.5  # share of a table label's character pairs that a narrative clause must contain
_SIMILAR_OTHER = 0.7  # the same, for a figure whose wording looked like somebody else's money
_TOTAL_CLAUSE = re.compile(r"[\W]*(合计|共计|总计|小计)[为是:：]*")


@dataclass(frozen=True)
class TableItem:
    """Something a table names and gives money for: a project row or a summary column."""

    name: str  # the subject_name given to its amounts
    labels: tuple[str, ...]  # the texts a narrative clause may use for it (name, purpose)
    executed: Decimal | None  # the item's spending in the table, yuan
    by_name: bool  # True when the label is the item's own name (not a description)


def money_cell_amount(report_id: str, cell: Cell, unit: str, **fields) -> Amount | None:
    """An amount for a table cell holding a number (span = the number only)."""
    m = _NUMBER_AT_START.match(cell.text)
    if not m or unit not in MONEY_FACTORS:
        return None
    value = parse_number(m.group(1))
    if value is None:
        return None
    start = cell.start + m.start(1)
    return Amount(
        report_id=report_id, seq=0, kind="money", value=canonical_decimal(value * MONEY_FACTORS[unit]), value_unit="yuan",
        source_value=m.group(1), source_unit=unit, source_text=m.group(1), sentence=cell.text, char_start=start,
        char_end=start + len(m.group(1)), origin="table", **fields,
    )


def bigrams(text: str) -> set[str]:
    key = re.sub(r"[\W\d_]+", "", label_key(text))
    return {key[i: i + 2] for i in range(len(key) - 1)}


def similarity(label: str, clause: str) -> float:
    """Share of ``label``'s character pairs found in ``clause`` (1.0 = label contained)."""
    pairs = bigrams(label)
    return len(pairs & bigrams(clause)) / len(pairs) if pairs else 0.0


def summary_table_amounts(report_id: str, doc: Document, narrative: list[Amount],
                          unit_for: dict[int, str]) -> tuple[list[Amount], list[TableItem]]:
    """Amounts of one-header-row summary tables whose total column restates a narrative figure."""
    out: list[Amount] = []
    items: list[TableItem] = []
    for table_seq, block in enumerate(doc.tables(), start=1):
        grid = grid_of(block)
        if len(grid) < 2 or table_seq not in unit_for:
            continue
        header = [c.text if c else "" for c in grid[0]]
        total_cols = [i for i, h in enumerate(header) if _TOTAL_LABEL.match(h.strip())]
        if len(total_cols) != 1 or any(_NUMBER_AT_START.fullmatch(h) for h in header):
            continue
        unit = unit_for[table_seq]
        for row in grid[1:]:
            if any(c is None or not _NUMBER_AT_START.match(c.text) for c in row):
                continue
            total_cell = row[total_cols[0]]
            total = money_cell_amount(report_id, total_cell, unit, measure="", phase="")
            if total is None:
                continue
            same = [a for a in narrative if a.kind == "money" and a.value == total.value and a.char_start < block.start
                    and a.subject_type == "department" and a.phase not in ("yoy_change", "budget_variance")]
            if not same:
                continue
            # The caption may name the class the table breaks down (对企业的补助表 -> 312): prefer that figure.
            code = _class_named_in(_caption_before(doc, block.start))
            ref = max(same, key=lambda a: (code is not None and code in (a.func_code, a.econ_code), a.char_start))
            out.append(replace(total, measure=ref.measure, phase=ref.phase, func_code=ref.func_code,
                               econ_code=ref.econ_code, fund_source=ref.fund_source))
            for col, cell in enumerate(row):
                if col == total_cols[0] or cell is None:
                    continue
                label = header[col].strip()
                code = lexicon.find_class(label)
                func = code if code and lexicon.classes()[code].scheme == "func" else None
                part = money_cell_amount(report_id, cell, unit, measure=ref.measure, phase=ref.phase, func_code=func,
                                         subject_type="project", subject_name=label)
                if part is not None:
                    out.append(part)
                    items.append(TableItem(label, (label,), part.value, True))
    return out, items


def _caption_before(doc: Document, start: int) -> str:
    lines = [ln.strip() for ln in doc.text[max(0, start - 300): start].split("\n") if ln.strip()]
    lines = [ln for ln in lines if not re.search(r"单位[:：]", ln)]
    return lines[-1] if lines else ""


def _class_named_in(caption: str) -> str | None:
    key = label_key(caption)
    return next((code for name, code in lexicon.class_names() if len(name) >= 4 and name in key), None)


def project_items(projects: list[ProjectFunding]) -> list[TableItem]:
    items = []
    for p in projects:
        if p.is_total_row or not p.project_name:
            continue
        items.append(TableItem(p.project_name, (p.project_name,), p.actual_total, True))
        if p.purpose:
            items.append(TableItem(p.project_name, (p.purpose,), p.actual_total, False))
    return items


# Other figures no table item can take: rates, targets and ranges are never an item's amount.
_NEVER_AN_ITEM = frozenset(f.reason for f in money_words.FIGURE_FAMILIES if f.name in ("per_unit", "target", "range"))


def attribute_to_items(amounts: list[Amount], others: list[OtherFigure], items: list[TableItem],
                       sentences_by_start: dict[int, str]) -> tuple[list[Amount], list[OtherFigure], dict[int, TableItem]]:
    """Narrative money figures whose clause names a table item become that item's amounts.

    Returns the amounts (updated), the other figures left, and char_start -> item matched
    (for the narrative-vs-table check).
    """
    if not items:
        return amounts, others, {}
    matched: dict[int, TableItem] = {}

    def best_item(clause: str, value: Decimal) -> TableItem | None:
        if _TOTAL_CLAUSE.fullmatch(label_key(clause)):  # 合计128.046万元: the item whose table value it restates
            return next((i for i in items if i.executed == value), None)
        scored = []
        for item in items:
            score = max(similarity(label, clause) for label in item.labels)
            if score >= _SIMILAR:
                scored.append((score + (0.5 if item.executed == value else 0.0), item))
        return max(scored, key=lambda x: x[0])[1] if scored else None

    out = []
    for a in amounts:
        if (a.origin == "narrative" and a.kind == "money" and a.measure == "project_expenditure"
                and (a.subject_type == "department" or (a.subject_type == "project" and not a.sentence.startswith("\t")))
                and a.detail is None and a.func_code is None and a.econ_code is None):
            clause = sentences_by_start.get(a.char_start)
            item = best_item(a.sentence if clause is None else clause, a.value)
            if item is not None and a.subject_type == "project" and a.subject_name and not (
                    similarity(item.name, a.subject_name) >= 0.8 and similarity(a.subject_name, item.name) >= 0.8):
                item = None  # a project the text names itself: only its own table row (not a similar label) takes it
            if item is not None:
                code = lexicon.find_class(item.name)
                func = code if code and lexicon.classes()[code].scheme == "func" else None
                a = replace(a, subject_type="project", subject_name=item.name, func_code=func)
                matched[a.char_start] = item
        out.append(a)
    left = []
    for o in others:
        clause = sentences_by_start.get(o.char_start, "")
        item = best_item(clause, o.value) if o.source_unit in MONEY_FACTORS and o.reason not in _NEVER_AN_ITEM \
            else None  # a rate or target naming an item is still no amount of it
        needed = _SIMILAR_OTHER if o.reason.startswith("not the department") else _SIMILAR
        if item is not None and max(similarity(label, clause) for label in item.labels) >= needed:
            out.append(Amount(
                report_id=o.report_id, seq=0, measure="project_expenditure", kind="money", phase="executed",
                value=o.value, value_unit="yuan", source_value=o.source_value, source_unit=o.source_unit,
                source_text=o.source_value + o.source_unit, sentence=o.sentence, char_start=o.char_start,
                char_end=o.char_end, subject_type="project", subject_name=item.name,
            ))
            matched[o.char_start] = item
        else:
            left.append(o)
    return sorted(out, key=lambda a: a.char_start), left, matched
