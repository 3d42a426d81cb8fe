"""Run every extractor over one document. Never raises on content: a failing stage is
recorded in ``Report.parse_warnings`` and the other stages still produce their records."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from pipelines import PARSER_VERSION
from pipelines.document import Document
from pipelines.model import ParsedReport, Report
from pipelines.parsing.amounts import (
    NarrativeFigures,
    extract_narrative,
    hold_generic,
    release_generic,
    subtotal_parts,
)
from pipelines.parsing.counts import extract_counts
from pipelines.parsing.findings import check_consistency
from pipelines.parsing.forms import FormFacts, glued_total_score, read_form_facts
from pipelines.parsing.furniture import PageFurniture
from pipelines.parsing.kinds import NO_EVIDENCE
from pipelines.parsing.mentions import find_mentions
from pipelines.parsing.metadata import Metadata, extract_metadata
from pipelines.parsing.normalize import fold
from pipelines.parsing.scores import extract_scores, score_amounts
from pipelines.parsing.sections import extract_sections, section_path_at
from pipelines.parsing.sentences import Sentence, split_sentences
from pipelines.parsing.staffing import DEPARTMENT_WORDS, extract_staffing
from pipelines.parsing.table_amounts import attribute_to_items, project_items, summary_table_amounts
from pipelines.parsing.tables import read_tables

log = logging.getLogger(__name__)
T = TypeVar("T")

# Text beyond this is not parsed (no real report is this long; keeps time per report bounded).
MAX_PARSE_CHARS = 1_000_000


def _paragraphs(doc: Document, text: str) -> list[list[Sentence]]:
    return [split_sentences(text, b.start, b.end, i) for i, b in enumerate(doc.blocks) if b.kind == "paragraph"]


def parse_document(doc: Document) -> ParsedReport:
    """Everything jixiao extracts from one report (see docs/extraction.md)."""
    warnings: list[str] = []
    rid = doc.report_id

    def stage(name: str, fn: Callable[[], T], default: T) -> T:
        try:
            return fn()
        except Exception as exc:  # a bug on one input must not lose the rest of the report
            log.debug("stage %s failed on %s: %s", name, doc.source_path, traceback.format_exc())
            warnings.append(f"{name}: {type(exc).__name__}: {exc}")
            return default

    text = doc.text[:MAX_PARSE_CHARS]
    if len(doc.text) > MAX_PARSE_CHARS:
        warnings.append(f"text truncated to {MAX_PARSE_CHARS} characters for parsing")
    folded = fold(text)
    meta = stage("metadata", lambda: extract_metadata(text), Metadata(None, None, None, None, None, "other", None, None))
    if meta.furniture is not None and meta.furniture.spans:
        doc = without_furniture(doc, meta.furniture)
    table_spans = [(b.start, b.end) for b in doc.tables()]
    skip_spans = table_spans + (meta.furniture.spans if meta.furniture is not None else [])
    sections = stage("sections", lambda: extract_sections(rid, text, skip_spans), [])
    paragraphs = stage("sentences", lambda: _paragraphs(doc, text), [])
    sentences = [s for p in paragraphs for s in p]
    narrative = stage("amounts", lambda: extract_narrative(
        rid, text, folded, paragraphs, default_measure="project_expenditure" if meta.report_kind == "project" else None), NarrativeFigures([], [], []))
    own = (meta.department_core,) if meta.department_core else ()  # a centre's own staff is not a unit's
    staff = stage("staffing", lambda: extract_staffing(rid, sentences, len(narrative.amounts) + 1,
                                                       DEPARTMENT_WORDS + own), [])
    counts = stage("counts", lambda: extract_counts(rid, sentences, 1), [])
    scores = stage("scores", lambda: extract_scores(rid, sentences), [])
    forms = stage("forms", lambda: read_form_facts(rid, doc, meta.project_name, MAX_PARSE_CHARS, meta.report_kind),
                  FormFacts())
    if forms.claimed:  # figures inside form cells (a target such as ≤90万元) are the form's, not narrative
        narrative.amounts[:] = [a for a in narrative.amounts if not forms.claims(a.char_start, a.char_end)]
        narrative.others[:] = [o for o in narrative.others if not forms.claims(o.char_start, o.char_end)]
    kind, kind_reason = meta.report_kind, meta.kind_reason
    if kind == "other" and forms.kind and kind_reason in NO_EVIDENCE:
        kind, kind_reason = forms.kind, "self-evaluation form"  # a form is a report of its kind, narrative or not
    if kind == "other":  # a look-alike (决算表, 目标表): its tables are no self-evaluation's facts
        forms = FormFacts(blocks=forms.blocks, claimed=forms.claimed)
    project_name = meta.project_name or (forms.project_name if kind == "project" else None)
    if project_name:  # a project report: its figures and scores are the project's
        _to_project(project_name, narrative.amounts, scores)
    held = stage("generic amounts", lambda: hold_generic(narrative), {})  # table items and subtotals claim first
    form_blocks = frozenset(doc.blocks[i].start for i in forms.blocks)
    projects, targets, table_rows, table_amounts, units = stage(
        "tables", lambda: read_tables(rid, doc, form_blocks), ([], [], [], [], {}))
    projects, targets = projects + forms.projects, targets + forms.targets
    for seq, row in enumerate(projects, start=1):
        row.seq = seq
    for seq, t in enumerate(targets, start=1):
        t.seq = seq
    scores = forms.scores + scores
    if not scores and kind != "other":  # a form's total glued to its label (OCR'd or flattened text)
        glued = glued_total_score(rid, text, "project" if kind == "project" else "department_overall", project_name)
        scores = [glued] if glued is not None else []
    for seq, sc in enumerate(scores, start=1):
        sc.seq = seq
    summary, items = stage("summary tables", lambda: summary_table_amounts(rid, doc, narrative.amounts, units), ([], []))
    items = project_items(projects) + items
    clauses = _clauses(folded, sentences)
    narrative_amounts, others, attributed = stage(
        "table items", lambda: attribute_to_items(narrative.amounts, narrative.others, items, clauses),
        (narrative.amounts, narrative.others, {}))
    narrative_amounts, others = stage(
        "subtotal parts", lambda: subtotal_parts(rid, folded, narrative_amounts, others, sentences), (narrative_amounts, others))
    narrative_amounts, others = release_generic(narrative_amounts, others, held)
    amounts = sorted(narrative_amounts + staff + counts + score_amounts(rid, scores) + table_amounts + summary
                     + forms.amounts,
                     key=lambda a: a.char_start)
    for seq, a in enumerate(amounts, start=1):
        a.seq = seq
        if a.origin == "narrative" and forms.claims(a.char_start, a.char_end):
            a.origin = "table"  # a form's score: read from its cell
        a.section = section_path_at(sections, a.char_start)
    findings = stage("findings", lambda: check_consistency(
        rid, amounts, scores, table_rows, narrative.labelled, {k: v.by_name for k, v in attributed.items()}), [])
    _as_written(text, amounts + others)  # after the checks, which read the folded numbers

    headline = next((s for s in scores if s.scope == "department_overall"), None)
    if kind == "project" or headline is None:
        headline = headline or (scores[0] if scores else None)
    region = meta.region
    department, department_raw = meta.department, meta.department_raw
    if department is None and forms.units:  # a form names its unit in a field (实施单位 / 单位名称)
        department = department_raw = forms.units[0]
    report = Report(
        report_id=rid, source_file=doc.source_path, file_sha256=doc.file_sha256, format=doc.format,
        parser_version=PARSER_VERSION, char_count=len(doc.text), title=meta.title, department=department,
        department_raw=department_raw, region_code=region.code if region else None,
        province=region.province if region else None, city=region.city if region else None,
        county=region.county if region else None, admin_level=region.admin_level if region else None,
        fiscal_year=meta.fiscal_year, report_kind=kind, report_date=meta.report_date,
        report_date_text=meta.report_date_text, self_score=headline.score if headline else None,
        grade=headline.grade if headline else None, encoding=doc.encoding,
        parse_warnings="; ".join(warnings) or None, kind_reason=kind_reason,
        town=region.town if region else None, published_date=meta.published_date,
    )
    return ParsedReport(report, amounts, scores, sections, projects, targets, table_rows, others, findings)


def without_furniture(doc: Document, furniture: PageFurniture) -> Document:
    """``doc`` without the blocks that are web-page furniture (metadata lines and grids, navigation,
    image data): no title, section, figure or table row comes from them. The text is unchanged."""
    kept = [b for b in doc.blocks if not (furniture.covers(b.start) and (b.kind == "paragraph" or all(
        furniture.covers(c.start) for c in b.cells)))]
    return doc if len(kept) == len(doc.blocks) else replace(doc, blocks=kept)


def _as_written(text: str, figures: list) -> None:
    """Number and unit exactly as the document writes them (matching ran on width-folded text).

    Folding keeps every character's position, so the span gives the original characters.
    """
    for f in figures:
        written = text[f.char_start: f.char_end]
        if fold(written) == written:
            continue
        n = len(f.source_value)
        if fold(written[:n]) == f.source_value:
            f.source_value = written[:n]
            if fold(written[n:]).strip() == f.source_unit:
                f.source_unit = written[n:].strip()


def _to_project(name: str, amounts: list, scores: list) -> None:
    for a in amounts:
        if a.subject_type == "department":
            a.subject_type, a.subject_name = "project", name
    for sc in scores:
        sc.scope, sc.subject_name = "project", name


def _clauses(folded: str, sentences: list[Sentence]) -> dict[int, str]:
    """Figure start -> the clause that names it: the text since the previous figure or ；/。 in its sentence."""
    out: dict[int, str] = {}
    for s in sentences:
        pos = s.start
        for m in find_mentions(folded, s.start, s.end):
            before = folded[pos: m.start]
            cut = max(before.rfind("；"), before.rfind(";"))
            out[m.start] = before[cut + 1:] if cut >= 0 else before
            pos = m.end
    return out
