"""Tables -> project funding rows, performance targets, or generic rows, chosen by header shape."""

from __future__ import annotations

import json
import re
from decimal import Decimal

from pipelines.document import Block, Cell, Document
from pipelines.model import Amount, ProjectFunding, TableRow, Target
from pipelines.parsing.numbers import MONEY_FACTORS, NUMBER, canonical_decimal, parse_number

# Target table columns: header word -> (target_kind, level1, level2) from the indicator framework.
TARGET_COLUMNS: tuple[tuple[str, tuple[str, str, str]], ...] = (
    ("成本", ("cost", "产出指标", "成本指标")),
    ("时效", ("time", "产出指标", "时效指标")),
    ("数量", ("quantity", "产出指标", "数量指标")),
    ("质量", ("quality", "产出指标", "质量指标")),
    ("满意度", ("benefit", "效益指标", "社会效益指标")),
    ("效益", ("benefit", "效益指标", "社会效益指标")),
)

# Project funding columns: (pattern over the column's joined header, field).
PROJECT_COLUMNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"项目名称"), "project_name"),
    (re.compile(r"项目类型|类型|性质"), "project_type"),
    (re.compile(r"用途|方向|内容"), "purpose"),
    (re.compile(r"预算.*(其中|区级|县级|市级|本级|地方)"), "budget_local"),
    (re.compile(r"预算|指标"), "budget_total"),
    (re.compile(r"支出.*(其中|区级|县级|市级|本级|地方)|执行.*(其中|区级|县级)"), "actual_local"),
    (re.compile(r"支出|执行|实际"), "actual_total"),
    (re.compile(r"备注|说明"), "notes"),
)

_TOTAL_ROW = re.compile(r"^(合计|总计|小计|共计)$")
_UNIT_LINE = re.compile(r"单位[:：]\s*(万元|元|亿元)")
_OPERATORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"≥|>=|以上|不低于|不少于|至少|超过|达到"), ">="),
    (re.compile(r"≤|<=|以内|以下|不超过|不高于|低于|底前|前完成|之前|以前|前$"), "<="),
    (re.compile(r"^=|＝|等于"), "="),
)
TARGET_UNITS = "个百分点|百分比|平方米|平方公里|立方米|公里|千米|小时|工作日|人次|场次|批次|户次|万元|亿元|元|万|%|个|家|人|项|次|份|篇|名|期|台|册|支|批|所|场|件|户|亩|吨|天|月|年|分|块|处|条|套"
_TARGET_FIGURE = re.compile(rf"(?P<num>{NUMBER})(?:\s*[-~～至](?P<max>{NUMBER}))?\s*(?P<unit>{TARGET_UNITS})?")




def grid_of(block: Block) -> list[list[Cell | None]]:
    """The block's grid (computed once per block by ``Block.grid``)."""
    return block.grid()


def _header_rows(block: Block) -> int:
    """Rows at the top whose cells carry no numbers (the header), at least one."""
    grid = grid_of(block)
    n = 0
    for row in grid:
        texts = [c.text for c in row if c is not None]
        if any(re.fullmatch(rf"{NUMBER}.*", t) for t in texts if t) and n > 0:
            break
        n += 1
        if n >= 3:
            break
    return max(1, min(n, len(grid) - 1))


def _column_headers(block: Block, n_header: int) -> list[str]:
    grid = grid_of(block)
    headers = []
    for col in range(len(grid[0]) if grid else 0):
        parts: list[str] = []
        for r in range(n_header):
            cell = grid[r][col]
            if cell is not None and cell.text and (not parts or parts[-1] != cell.text):
                parts.append(cell.text)
        headers.append("/".join(parts))
    return headers


def _caption(doc: Document, block: Block) -> str | None:
    """The paragraph right before a table (its title), if short."""
    before = doc.text[max(0, block.start - 200): block.start].rstrip("\n\t ")
    line = before.split("\n")[-1].strip() if before else ""
    return line if 0 < len(line) <= 40 else None


def _unit_before(doc: Document, block: Block) -> str:
    window = doc.text[max(0, block.start - 200): block.start]
    units = _UNIT_LINE.findall(window)
    return units[-1] if units else "万元"


def _money_cell(text: str, unit: str) -> tuple[Decimal | None, str | None]:
    """A money cell as yuan, with any note in brackets: '420（列入…）' -> (4200000, '列入…')."""
    m = re.match(rf"\s*({NUMBER})\s*(万元|元|亿元)?\s*(?:[（(](.*)[）)])?\s*$", text.replace(" ", ""))
    if not m:
        return None, None
    value = parse_number(m.group(1))
    if value is None:
        return None, m.group(3)
    return canonical_decimal(value * MONEY_FACTORS[m.group(2) or unit]), m.group(3)


_LOCAL_COLUMN = re.compile(r"^(其中|含)[:：]?|^[区县市省镇乡本]级|地方")
_LOCAL_OF = {"budget_total": "budget_local", "actual_total": "actual_local"}


def _project_fields(headers: list[str]) -> list[str | None]:
    """The field of each project-table column. A sub-column of local funds (其中：县级资金) right
    after a budget or spending column is that column's local part."""
    fields: list[str | None] = []
    for h in headers:
        last = h.split("/")[-1]
        prev = fields[-1] if fields else None
        if prev in _LOCAL_OF and _LOCAL_COLUMN.search(last):
            fields.append(_LOCAL_OF[prev])
            continue
        fields.append(next((f for p, f in PROJECT_COLUMNS if p.search(h)), None))
    return fields


def _classify(headers: list[str]) -> str:
    joined = "".join(headers)
    kinds = {spec[0] for h in headers for word, spec in TARGET_COLUMNS if word in h}
    if len(kinds) >= 3 and re.search(r"目标|指标", joined):
        return "targets"
    if any(re.match(r"项目(名称)?$", h.split("/")[0]) for h in headers) and re.search(r"预算|金额", joined):
        return "projects"
    return "generic"


def parse_target(text: str, kind: str) -> tuple[str | None, Decimal | None, Decimal | None, str | None]:
    """(operator, value, max value, unit) of a target written as text.

    >>> parse_target("组织6场以上培训", "quantity")
    ('>=', Decimal('6'), None, '场')
    >>> parse_target("30万元", "cost")
    ('=', Decimal('300000'), None, 'yuan')
    >>> parse_target("6-9月", "time")
    ('range', Decimal('6'), Decimal('9'), '月')
    >>> parse_target("10月底前", "time")
    ('<=', Decimal('10'), None, '月')
    """
    folded = text.replace("，", ",")
    m = _TARGET_FIGURE.search(folded)
    if not m:
        return None, None, None, None
    value = parse_number(m["num"])
    unit = m["unit"]
    if m["max"]:
        return "range", value, parse_number(m["max"]), unit
    if unit in MONEY_FACTORS and value is not None:
        value, unit = canonical_decimal(value * MONEY_FACTORS[unit]), "yuan"
    operator = "=" if kind == "cost" else None
    tail = folded[m.start(): m.end() + 4]
    for pattern, op in _OPERATORS:
        if pattern.search(tail) or pattern.search(folded[max(0, m.start() - 4): m.start()]):
            operator = op
            break
    if operator is None and unit == "%":
        operator = "="
    return operator, value, None, unit


_FRAGMENT = re.compile(
    rf"(?:不低于|不少于|不超过|至少|≥|≤|>=|<=)?(?<![\d.])(?P<num>{NUMBER})(?:\s*[-~～至](?P<max>{NUMBER}))?\s*(?P<unit>{TARGET_UNITS})"
    r"(?:以上|以内|以下|底前|底以前|以前|之前|前)?"
)


def target_fragments(text: str) -> list[tuple[int, int]]:
    """Spans of the numeric targets in a cell (number, range, unit and 以上/以内), one per number.

    Years (2020年) and list numbering (1.) are not targets.

    >>> cell = "组织4场次活动，印制材料5000份以上"
    >>> [cell[a:b] for a, b in target_fragments(cell)]
    ['4场次', '5000份以上']
    """
    out = []
    folded = text.replace("，", ",")
    for m in _FRAGMENT.finditer(folded):
        if m["unit"] == "年" and len(m["num"]) == 4:
            continue
        out.append((m.start(), m.end()))
    return out


def _cell_span(cells: list[Cell]) -> tuple[int, int]:
    live = [c for c in cells if c is not None]
    return min(c.start for c in live), max(c.end for c in live)


_MONEY_FIELD_PHASE = {"budget_total": ("approved", False), "budget_local": ("approved", True),
                      "actual_total": ("executed", False), "actual_local": ("executed", True)}


def _local_detail(header: str) -> str | None:
    """The sub-column label of a local-funds column: 预算金额/其中：区级资金 -> 区级资金."""
    last = header.split("/")[-1]
    return re.sub(r"^(其中|含)[:：]?", "", last).strip() or None


def read_tables(report_id: str, doc: Document, forms: frozenset[int] = frozenset()) -> tuple[
        list[ProjectFunding], list[Target], list[TableRow], list[Amount], dict[int, str]]:
    """Projects, targets, generic rows, the project table's money cells as amounts, and the
    money unit of every generic table (table_seq -> unit) for the summary-table step.

    Tables that are (part of) a self-evaluation form (``forms``: their block starts; read by
    ``pipelines.parsing.forms``) are kept as generic rows only."""
    from pipelines.parsing.table_amounts import money_cell_amount

    amounts: list[Amount] = []
    generic_units: dict[int, str] = {}
    projects: list[ProjectFunding] = []
    targets: list[Target] = []
    generic: list[TableRow] = []
    for table_seq, block in enumerate(doc.tables(), start=1):
        n_header = _header_rows(block)
        headers = _column_headers(block, n_header)
        grid = grid_of(block)
        kind = "form" if block.start in forms else _classify(headers)
        caption = _caption(doc, block)
        if kind == "projects":
            unit = _unit_before(doc, block)
            fields = _project_fields(headers)
            for r, row in enumerate(grid[n_header:], start=n_header):
                values: dict[str, object] = {}
                notes: list[str] = []
                money_cells: list[tuple[str, Cell, str]] = []
                name_cell = None
                for col, (field_name, cell) in enumerate(zip(fields, row, strict=False)):
                    if field_name is None or cell is None or field_name in values:
                        continue
                    if field_name in _MONEY_FIELD_PHASE:
                        value, note = _money_cell(cell.text, unit)
                        values[field_name] = value
                        money_cells.append((headers[col], cell, field_name))
                        if note:
                            notes.append(note)
                    else:
                        values[field_name] = cell.text or None
                        if field_name == "project_name":
                            name_cell = cell
                name = str(values.get("project_name") or "")
                is_total = bool(_TOTAL_ROW.match(name.strip()))
                start, end = (name_cell.start, name_cell.end) if name_cell is not None and name_cell.text else _cell_span(row)
                for header, cell, field_name in money_cells:
                    phase, local = _MONEY_FIELD_PHASE[field_name]
                    a = money_cell_amount(report_id, cell, unit, measure="project_expenditure", phase=phase,
                                          subject_type="department" if is_total else "project",
                                          subject_name=None if is_total else name.strip(),
                                          detail=_local_detail(header) if local else None)
                    if a is not None and name:
                        amounts.append(a)
                projects.append(ProjectFunding(
                    report_id, len(projects) + 1, name, start, end, f"{block.location}, row {r + 1}",
                    project_type=None if is_total else values.get("project_type"),  # type: ignore[arg-type]
                    purpose=None if is_total else values.get("purpose"),  # type: ignore[arg-type]
                    budget_total=values.get("budget_total"), budget_local=values.get("budget_local"),  # type: ignore[arg-type]
                    actual_total=values.get("actual_total"), actual_local=values.get("actual_local"),  # type: ignore[arg-type]
                    notes="；".join(notes) or values.get("notes"), source_unit=unit, is_total_row=is_total,  # type: ignore[arg-type]
                ))
        elif kind == "targets":
            project = re.sub(r"^\s*[\d一二三四五六七八九十]+[、.．]\s*", "", caption) if caption else None
            kinds = [next((spec for word, spec in TARGET_COLUMNS if word in h), None) for h in headers]
            for r, row in enumerate(grid[n_header:], start=n_header):
                sub_item = row[0].text if row and row[0] is not None else None
                if sub_item:
                    sub_item = re.sub(r"^\s*\d+[、.．]\s*", "", sub_item)
                for c, (spec, cell) in enumerate(zip(kinds, row, strict=False)):
                    if spec is None or cell is None or not cell.text or c == 0:
                        continue
                    target_kind, level1, level2 = spec
                    location = f"{block.location}, row {r + 1}, col {c + 1}"
                    fragments = target_fragments(cell.text)
                    if not fragments:  # a qualitative target: the whole cell, no value
                        targets.append(Target(report_id, len(targets) + 1, project, sub_item, target_kind, level1, level2,
                                              cell.text, cell.start, cell.end, location))
                    for frag_start, frag_end in fragments:
                        fragment = cell.text[frag_start:frag_end]
                        op, value, vmax, unit = parse_target(fragment, target_kind)
                        targets.append(Target(
                            report_id, len(targets) + 1, project, sub_item, target_kind, level1, level2, fragment,
                            cell.start + frag_start, cell.start + frag_end, location,
                            operator=op or "=", target_value=value, target_value_max=vmax, target_unit=unit,
                        ))
        else:
            window = doc.text[max(0, block.start - 200): block.start]
            if _UNIT_LINE.search(window) and kind != "form":
                generic_units[table_seq] = _unit_before(doc, block)
            for r, row in enumerate(grid[n_header:], start=n_header):
                texts = [c.text if c is not None else "" for c in row]
                start, end = _cell_span(row)
                generic.append(TableRow(report_id, table_seq, r + 1, json.dumps(headers, ensure_ascii=False),
                                        json.dumps(texts, ensure_ascii=False), block.location, start, end, title=caption))
    return projects, targets, generic, amounts, generic_units
