"""``jixiao explain``: one report's extraction, each figure beside the text it came from."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers import UnreadableFile, read_document


def _highlight(sentence: str, doc_text: str, start: int, end: int) -> str:
    """The sentence with the figure in bold (located by its span)."""
    figure = doc_text[start:end]
    i = sentence.find(figure)
    if i < 0:
        return escape(sentence)
    excerpt_start = max(0, i - 40)
    excerpt_end = min(len(sentence), i + len(figure) + 40)
    pre = ("…" if excerpt_start else "") + sentence[excerpt_start:i]
    post = sentence[i + len(figure): excerpt_end] + ("…" if excerpt_end < len(sentence) else "")
    return f"{escape(pre)}[bold yellow]{escape(figure)}[/]{escape(post)}"


_PHASES = ("approved", "adjusted", "executed")


def _funds_by_phase(parsed: ParsedReport, console: Console) -> None:
    """Table figures (a form's funds block, a project table) pivoted: one row per subject, measure and
    fund source, one column per budget phase, each value as written in its cell."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}
    for a in parsed.amounts:
        if a.origin != "table" or a.kind != "money" or a.phase not in _PHASES:
            continue
        key = (a.subject_name or a.subject_type, a.measure, a.fund_source or a.detail or "total")
        rows.setdefault(key, {})[a.phase] = f"{a.source_value}{a.source_unit}"
    if not rows:
        return
    table = Table(title="Table figures by phase (as written in their cells)", header_style="bold")
    for col in ("subject", "measure", "fund source / item", *_PHASES):
        table.add_column(col, overflow="fold")
    for (subject, measure, part), cells in rows.items():
        table.add_row(escape(subject), measure, escape(part), *(cells.get(p, "") for p in _PHASES))
    console.print(table)


def _targets(parsed: ParsedReport, text: str, console: Console) -> None:
    table = Table(title=f"Performance targets ({len(parsed.targets)})", header_style="bold")
    for col in ("levels", "indicator", "target (cell) → parsed", "actual", "weight", "score", "deviation"):
        table.add_column(col, overflow="fold")
    for t in parsed.targets[:120]:
        op = (f"{t.operator} {t.target_value}{'-' + str(t.target_value_max) if t.target_value_max else ''} "
              f"{t.target_unit or ''}") if t.operator else "-"
        levels = " / ".join(x for x in (t.level1, t.level2) if x)
        name = t.level3 or t.sub_item or t.project_name or ""
        cell = text[t.char_start:t.char_end]
        table.add_row(escape(levels), escape(name), f"{escape(cell[:40])} → {op}", escape(t.actual_text or ""),
                      str(t.weight if t.weight is not None else ""), str(t.score if t.score is not None else ""),
                      escape(t.deviation or ""))
    console.print(table)


def explain_file(path: Path, console: Console, as_json: bool = False) -> ParsedReport | None:
    try:
        doc = read_document(path)
    except UnreadableFile as exc:
        console.print(f"[yellow]would be quarantined:[/] {exc}")
        return None
    parsed = parse_document(doc)
    if as_json:
        console.print_json(json.dumps(dataclasses.asdict(parsed), ensure_ascii=False, default=str))
        return parsed
    r = parsed.report
    console.print(f"[bold]{escape(path.name)}[/]  report_id {r.report_id} · {doc.format} ({r.encoding or '-'})")
    meta = Table(show_header=False, box=None)
    for label, value in [
        ("title", r.title), ("department", f"{r.department} (written: {r.department_raw})"),
        ("region", f"{r.province or ''} {r.city or ''} {r.county or ''} {r.town or ''} [{r.region_code}] "
                   f"{r.admin_level or ''}"),
        ("fiscal year", r.fiscal_year), ("kind", f"{r.report_kind} ({r.kind_reason})"), ("report date", r.report_date),
        ("published", r.published_date),
        ("score / grade", f"{r.self_score} / {r.grade}"), ("parse warnings", r.parse_warnings),
    ]:
        meta.add_row(f"[dim]{label}[/]", escape(str(value)))
    console.print(meta)
    amounts = Table(title=f"Amounts ({len(parsed.amounts)})", show_lines=False, header_style="bold")
    for col in ("measure", "phase", "code", "subject", "value", "unit", "from the text"):
        amounts.add_column(col, overflow="fold")
    for a in parsed.amounts:
        code = a.func_code and f"func {a.func_code}" or a.econ_code and f"econ {a.econ_code}" or ""
        if a.fund_source:
            code = f"{code} fund {a.fund_source}".strip()
        subject = a.subject_name or ("" if a.subject_type == "department" else a.subject_type)
        if a.detail:
            subject = f"{subject} {a.detail}".strip()
        amounts.add_row(a.measure, a.phase, code, escape(subject), str(a.value), a.value_unit,
                        _highlight(a.sentence, doc.text, a.char_start, a.char_end))
    console.print(amounts)
    _funds_by_phase(parsed, console)
    if parsed.scores:
        console.print("[bold]Scores[/]: " + "; ".join(
            f"{s.scope} {s.score}/{s.max_score or 100} {s.grade or ''} ({escape(s.subject_name or '')}: "
            f"{_highlight(s.sentence, doc.text, s.char_start, s.char_end)})" for s in parsed.scores))
    if parsed.projects:
        console.print(f"[bold]Projects[/]: {len(parsed.projects)} rows")
        for p in parsed.projects:
            extra = ""
            if p.origin == "form":
                extra = (f" adjusted {p.budget_adjusted}, received {p.received_total}; 主管部门 "
                         f"{escape(p.supervising_department or '-')} [{p.supervising_code or ''}], 实施单位 "
                         f"{escape(p.implementing_unit or '-')} [{p.implementing_code or ''}]")
            console.print(f"  {escape(p.project_name)} ({p.origin}): budget {p.budget_total} (local {p.budget_local}), "
                          f"actual {p.actual_total} (local {p.actual_local}){extra} {escape(p.notes or '')}")
    if parsed.targets:
        _targets(parsed, doc.text, console)
    if parsed.other_figures:
        console.print(f"[bold]Other figures[/] (not the department's money): {len(parsed.other_figures)}")
        for o in parsed.other_figures:
            console.print(f"  {o.source_value}{o.source_unit} · {o.reason} · {_highlight(o.sentence, doc.text, o.char_start, o.char_end)}")
    console.print(f"[bold]Sections[/]: {len(parsed.sections)}" + "".join(
        f"\n  {'  ' * (s.level - 1)}{escape(s.number)} {escape(s.title)}" + (f" [dim]({s.topic})[/]" if s.topic else "")
        for s in parsed.sections))
    if parsed.findings:
        console.print(f"[bold red]Findings[/]: {len(parsed.findings)}")
        for f in parsed.findings:
            console.print(f"  [red]{f.rule}[/] ({f.severity}): {escape(f.message)}")
    else:
        console.print("[bold green]Findings[/]: none")
    return parsed
