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
        subject = a.subject_name or ("" if a.subject_type == "department" else a.subject_type)
        if a.detail:
            subject = f"{subject} {a.detail}".strip()
        amounts.add_row(a.measure, a.phase, code, escape(subject), str(a.value), a.value_unit,
                        _highlight(a.sentence, doc.text, a.char_start, a.char_end))
    console.print(amounts)
    if parsed.scores:
        console.print("[bold]Scores[/]: " + "; ".join(f"{s.scope} {s.score} {s.grade or ''}" for s in parsed.scores))
    if parsed.projects:
        console.print(f"[bold]Project funding table[/]: {len(parsed.projects)} rows")
        for p in parsed.projects:
            console.print(f"  {escape(p.project_name)}: budget {p.budget_total} (local {p.budget_local}), actual {p.actual_total} (local {p.actual_local}) {escape(p.notes or '')}")
    if parsed.targets:
        console.print(f"[bold]Performance targets[/]: {len(parsed.targets)}")
        for t in parsed.targets[:40]:
            op = f"{t.operator} {t.target_value}{'-' + str(t.target_value_max) if t.target_value_max else ''} {t.target_unit or ''}" if t.operator else "-"
            console.print(f"  {escape(t.project_name or '')} / {escape(t.sub_item or '')} · {t.level2}: {escape(t.target_text[:40])} → {op}")
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
