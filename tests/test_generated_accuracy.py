"""The parser against the sample generator's truth: precision and recall per field.

A few hundred reports are generated in memory with the corpus kind mix (mostly
department-overall, some project reports and look-alikes of kind other: budget disclosures,
target tables, notices, policies, third-party evaluations, news; a tenth of the department
reports break one consistency rule on purpose), parsed, and compared with their truth field by
field. Look-alikes are compared on the report fields only (kind, department, year …): they have
no self-evaluation facts, and the warehouse keeps their figures out of fct_budget_amounts. The bar (the "Report understanding" issue) is 0.98 precision and recall on every
field; ``FLOORS`` lowers it for a field only while a gap is recorded here.

Matching (one-to-one, greedy):

- report metadata: each field on its own; precision over the reports where the parser
  gives a value, recall over those where the truth has one.
- amounts: (measure, phase, func_code, econ_code, fund_source, subject_type, subject_name,
  detail, value), and the parser's span must lie within the truth's span.
- scores: (scope, score, grade); projects: name, the four money columns, total-row flag;
  targets: (kind, operator, value, value_max, unit) with overlapping spans.
- findings: by rule name. The deliberately broken rule must be found, as an error or a
  warning (recall); an error finding on any other rule counts against precision (so a
  consistent report must have no error finding; warnings, which rest on an assumption such
  as which total an unnamed share refers to, are allowed).

Per layout and per format. The narrative corpus is one format (txt) and three layouts (department
report, project report, notice); the self-evaluation forms (``pipelines.samples.forms``: the 10号
project form, the department-overall form, the old cover sheet) are written in every shape
(``form_shapes.SHAPES``: docx, html, pdf, xlsx, xls and the five text flattenings) and read back
through the readers. Every field is tallied overall, per layout and per format, and each tally is
held to the bar. Form amounts are matched by their fields and by provenance (the text at the
parser's span is the number as written), not by span, since spans differ per shape; form targets
by kind, operator, value, unit, level 2, weight and score.

Dashboard with the top miss / extra patterns: ``.venv/bin/python tests/test_generated_accuracy.py [n]``.

Known gaps: every field is held to the 0.98 bar (on 300 reports all are >= 0.999). The misses
left are subordinate units whose name does not end in 中心/站/所… (市教育教学研究室核定编制19人 is
read as the department's staff instead of the unit's).
"""

from __future__ import annotations

import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers import read_document
from pipelines.readers.text import document_from_text
from pipelines.samples import generate_report
from pipelines.samples.corpus import DEFAULT_KINDS, _allocate
from pipelines.samples.form_shapes import SHAPES, suffix, write_form
from pipelines.samples.forms import LAYOUTS, form_report

N_REPORTS = 300
# Forms per layout: all shapes for the fast writers, fewer for the slow ones (python-docx merges,
# reportlab, openpyxl take about a second per file on a loaded machine).
N_FORMS = 6
N_FORMS_SLOW = 2
SLOW_SHAPES = ("docx", "pdf", "xlsx")
NARRATIVE_LAYOUT = {"department_overall": "dept_narrative", "project": "project_narrative", "other": "notice"}
FORM_REPORT_FIELDS = ("report_kind", "fiscal_year", "self_score", "grade")
FORM_AMOUNT_KEY = ("measure", "phase", "fund_source", "subject_type", "subject_name", "detail", "value")
FORM_TARGET_KEY = ("target_kind", "operator", "target_value", "target_value_max", "target_unit", "level2", "weight",
                   "score")
FORM_PROJECT_KEY = ("project_name", "budget_total", "budget_adjusted", "actual_total")
INCONSISTENT_RATE = 0.1
BAR = 0.98
REPORT_FIELDS = ("department", "region_code", "fiscal_year", "report_kind", "report_date", "self_score", "grade")
AMOUNT_KEY = ("measure", "phase", "func_code", "econ_code", "fund_source", "subject_type", "subject_name", "detail",
              "value")
TARGET_KEY = ("target_kind", "operator", "target_value", "target_value_max", "target_unit")
PROJECT_KEY = ("project_name", "budget_total", "budget_local", "actual_total", "actual_local", "is_total_row")
# field -> (recall floor, precision floor) where the bar is not reached yet (record the gap above).
FLOORS: dict[str, tuple[float, float]] = {}


@dataclass
class Tally:
    truth: int = 0
    parser: int = 0
    matched: int = 0
    misses: Counter = field(default_factory=Counter)
    extras: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.parser if self.parser else 1.0


def _norm(v: Any) -> Any:
    if isinstance(v, (Decimal, int, float)) and not isinstance(v, bool):
        return Decimal(str(v)).normalize()
    if isinstance(v, str):
        try:
            return Decimal(v).normalize()
        except ArithmeticError:
            return v
    return v


def _same(a: Any, b: Any) -> bool:
    return _norm(a) == _norm(b)


def _corpus(n: int, seed: str = "acc") -> list[tuple[str, str, dict]]:
    rng = random.Random(f"jixiao-accuracy-{seed}")
    plan = _allocate(rng, n, DEFAULT_KINDS)
    dept = [i for i, k in enumerate(plan) if k == "department_overall"]
    bad = set(rng.sample(dept, round(len(dept) * INCONSISTENT_RATE)))
    out = []
    for i, kind in enumerate(plan):
        name = f"{seed}-{i}"
        text, truth = generate_report(name, kind=kind, inconsistent=i in bad)
        out.append((name, text, truth))
    return out


def _parse(name: str, text: str) -> ParsedReport:
    doc = document_from_text(text, source_path=f"{name}.txt", file_sha256=f"{abs(hash(name)):064x}"[:64], fmt="txt",
                             encoding="utf-8")
    return parse_document(doc)


def _match(t: _Fan, truth: list[Any], parser: list[Any], matches: Callable[[Any, Any], bool],
           pattern_t: Callable[[Any], tuple[str, str]], pattern_p: Callable[[Any], tuple[str, str]],
           where: str) -> None:
    """Greedy one-to-one matching; misses and extras are counted by pattern (with one example each)."""
    free = list(range(len(parser)))
    t.add("truth", len(truth))
    t.add("parser", len(parser))
    for g in truth:
        hit = next((i for i in free if matches(g, parser[i])), None)
        if hit is None:
            key, example = pattern_t(g)
            t.note("misses", key, f"{where}: {example}")
        else:
            free.remove(hit)
            t.add("matched", 1)
    for i in free:
        key, example = pattern_p(parser[i])
        t.note("extras", key, f"{where}: {example}")


def _report_fields(tally: Callable[[str], _Fan], truth: dict, parsed: ParsedReport, fields: tuple[str, ...],
                   where: str) -> None:
    r = parsed.report
    for f in fields:
        want, got = truth["report"].get(f), getattr(r, f)
        if f == "report_date" and got is not None:
            got = got.isoformat()
        t = tally(f"report.{f}")
        t.add("truth", want is not None)
        t.add("parser", got is not None)
        if want is not None and got is not None and _same(want, got):
            t.add("matched", 1)
        elif want is not None:
            t.note("misses", f"{want}"[:30] + f" (got {got})", where)
        elif got is not None:
            t.note("extras", f"{got}"[:30], where)


def _form_corpus() -> list[tuple[str, str, str, int]]:
    """(name, layout, shape, seed) of every generated form file."""
    out = []
    for layout in LAYOUTS:
        for shape in SHAPES:
            for k in range(N_FORMS_SLOW if shape in SLOW_SHAPES else N_FORMS):
                out.append((f"{layout}-{k}-{shape}", layout, shape, k))
    return out


def evaluate_forms(corpus: Iterable[tuple[str, str, str, int]]) -> dict[str, Tally]:
    """The forms written in every shape, read back and compared with their truth."""
    tallies = _Tallies()
    tally = tallies.tally
    with tempfile.TemporaryDirectory() as tmp:
        for name, layout, shape, seed in corpus:
            tallies.groups = (f"layout:{layout}", f"format:{shape}")
            items, truth = form_report(seed, layout)
            path = write_form(items, Path(tmp) / f"{name}.{suffix(shape)}", shape)
            doc = read_document(path)
            parsed = parse_document(doc)
            if parsed.report.parse_warnings:
                tally("parse_warnings").note("extras", parsed.report.parse_warnings[:80], name)
            _report_fields(tally, truth, parsed, FORM_REPORT_FIELDS, name)
            text = doc.text
            _match(tally("amounts"), truth["amounts"], parsed.amounts,
                   lambda g, a, text=text: (all(_same(g[k], getattr(a, k)) for k in FORM_AMOUNT_KEY)
                                            and text[a.char_start:a.char_end].rstrip("%") == g["source_value"]),
                   lambda g: (" ".join(f"{k}={g[k]}" for k in FORM_AMOUNT_KEY[:4]), f"{g['source_value']}"),
                   lambda a: (" ".join(f"{k}={getattr(a, k)}" for k in FORM_AMOUNT_KEY[:4]),
                              f"{a.source_value} {a.sentence[:30]}"), name)
            _match(tally("targets"), truth["targets"], parsed.targets,
                   lambda g, x: all(_same(g[k], getattr(x, k)) for k in FORM_TARGET_KEY),
                   lambda g: (" ".join(f"{k}={g[k]}" for k in ("target_kind", "operator", "target_unit")),
                              " ".join(f"{g[k]}" for k in FORM_TARGET_KEY)),
                   lambda x: (" ".join(f"{k}={getattr(x, k)}" for k in ("target_kind", "operator", "target_unit")),
                              f"{x.target_text[:20]} " + " ".join(f"{getattr(x, k)}" for k in FORM_TARGET_KEY)), name)
            _match(tally("scores"), truth["scores"], parsed.scores,
                   lambda g, s: g["scope"] == s.scope and _same(g["score"], s.score) and g.get("grade") == s.grade,
                   lambda g: (f"{g['scope']} grade={g.get('grade')}", f"{g['score']}"),
                   lambda s: (f"{s.scope} grade={s.grade}", f"{s.score} {s.sentence[:30]}"), name)
            _match(tally("projects"), truth["projects"], parsed.projects,
                   lambda g, p: all(_same(g[k], getattr(p, k)) for k in FORM_PROJECT_KEY),
                   lambda g: ("form project", " ".join(f"{g[k]}" for k in FORM_PROJECT_KEY)),
                   lambda p: (f"origin={p.origin}", " ".join(f"{getattr(p, k)}" for k in FORM_PROJECT_KEY)), name)
    return tallies


def _amount_pattern(get: Callable[[str], Any], source: str, start: int) -> tuple[str, str]:
    keys = " ".join(f"{k}={get(k)}" for k in AMOUNT_KEY[:-1] if get(k) is not None and k != "subject_name")
    named = " named" if get("subject_name") else ""
    return f"{keys}{named}", f"[{start}] {source[-24:]} {get('value')} {get('subject_name') or ''}"


class _Tallies(dict):
    """field -> Tally, and the same per group ("layout:x" / "format:y"): a count goes to every group."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: tuple[str, ...] = ()

    def tally(self, name: str) -> Tally:
        return _Fan([self.setdefault(name, Tally())] + [self.setdefault(f"{g} {name}", Tally()) for g in self.groups])


class _Fan:
    """Several tallies updated together (overall and per group)."""

    def __init__(self, tallies: list[Tally]) -> None:
        self.tallies = tallies

    def __getattr__(self, attr: str) -> Any:
        return getattr(self.tallies[0], attr)

    def add(self, attr: str, n: int) -> None:
        for t in self.tallies:
            setattr(t, attr, getattr(t, attr) + n)

    def note(self, which: str, key: str, example: str) -> None:
        for t in self.tallies:
            getattr(t, which)[key] += 1
            t.examples.setdefault(((which[:-2] if which == "misses" else "extra"), key), example)


def evaluate(reports: Iterable[tuple[str, str, dict]]) -> dict[str, Tally]:
    tallies = _Tallies()
    tally = tallies.tally

    for name, text, truth in reports:
        tallies.groups = (f"layout:{NARRATIVE_LAYOUT[truth['report']['report_kind']]}", "format:txt")
        parsed = _parse(name, text)
        where = f"{name}"
        r = parsed.report
        if r.parse_warnings:
            tally("parse_warnings").note("extras", r.parse_warnings[:80], where)
        _report_fields(tally, truth, parsed, REPORT_FIELDS, where)
        if truth["report"]["report_kind"] == "other":
            continue  # a look-alike has no self-evaluation facts; its figures are kept out downstream (dbt)
        _match(tally("amounts"), truth["amounts"], parsed.amounts,
               lambda g, a: (a.char_start >= g["char_start"] and a.char_end <= g["char_end"]
                             and all(_same(g[k], getattr(a, k)) for k in AMOUNT_KEY)),
               lambda g: _amount_pattern(g.get, g["source_text"], g["char_start"]),
               lambda a: _amount_pattern(lambda k: getattr(a, k), a.source_text, a.char_start), where)
        _match(tally("scores"), truth["scores"], parsed.scores,
               lambda g, s: g["scope"] == s.scope and _same(g["score"], s.score) and g.get("grade") == s.grade,
               lambda g: (f"{g['scope']} grade={g.get('grade')}", f"{g['score']}"),
               lambda s: (f"{s.scope} grade={s.grade}", f"{s.score} {s.sentence[:30]}"), where)
        _match(tally("projects"), truth["projects"], parsed.projects,
               lambda g, p: all(_same(g[k], getattr(p, k)) for k in PROJECT_KEY),
               lambda g: (f"total={g['is_total_row']}", " ".join(f"{g[k]}" for k in PROJECT_KEY)),
               lambda p: (f"total={p.is_total_row}", " ".join(f"{getattr(p, k)}" for k in PROJECT_KEY)), where)
        _match(tally("targets"), truth["targets"], parsed.targets,
               lambda g, x: (x.char_start < g["char_end"] and g["char_start"] < x.char_end
                             and all(_same(g[k], getattr(x, k)) for k in TARGET_KEY)),
               lambda g: (" ".join(f"{k}={g[k]}" for k in ("target_kind", "operator", "target_unit")),
                          f"[{g['char_start']}] {g['target_text']} {g['target_value']}"),
               lambda x: (" ".join(f"{k}={getattr(x, k)}" for k in ("target_kind", "operator", "target_unit")),
                          f"[{x.char_start}] {x.target_text} {x.target_value}"), where)
        want_rules = [f["rule"] for f in truth["findings"]]
        got_rules = sorted({f.rule for f in parsed.findings if f.severity == "error" or f.rule in want_rules})
        _match(tally("findings"), want_rules, got_rules, lambda g, x: g == x, lambda g: (g, ""), lambda x: (x, ""),
               where)
    return tallies


def table(tallies: dict[str, Tally]) -> str:
    lines = [f"{'field':<44} {'truth':>6} {'parser':>6} {'match':>6} {'recall':>7} {'precision':>9}"]
    for name, t in sorted(tallies.items(), key=lambda kv: (" " in kv[0], kv[0].split(" ")[0], kv[0])):
        if name.endswith("parse_warnings"):
            continue
        lines.append(f"{name:<44} {t.truth:>6} {t.parser:>6} {t.matched:>6} {t.recall:>7.4f} {t.precision:>9.4f}")
    return "\n".join(lines)


def patterns(tallies: dict[str, Tally], top: int = 12) -> str:
    lines = []
    for name, t in tallies.items():
        if " " in name:  # per-group tallies repeat the overall ones
            continue
        for kind, counter in (("MISS ", t.misses), ("EXTRA", t.extras)):
            for key, n in counter.most_common(top):
                lines.append(f"{name:<18} {kind} {n:>4}  {key}  (e.g. {t.examples.get((kind.strip().lower(), key))})")
    return "\n".join(lines)


@cache
def _results(n: int = N_REPORTS) -> dict[str, Tally]:
    return evaluate(_corpus(n))


@cache
def _form_results() -> dict[str, Tally]:
    return evaluate_forms(_form_corpus())


def _failing(tallies: dict[str, Tally]) -> list[str]:
    failing = []
    for name, t in tallies.items():
        if name.endswith("parse_warnings"):
            continue
        recall_floor, precision_floor = FLOORS.get(name.split(" ")[-1], (BAR, BAR))
        if t.recall < recall_floor or t.precision < precision_floor:
            failing.append(f"{name}: recall {t.recall:.4f} (floor {recall_floor}), "
                           f"precision {t.precision:.4f} (floor {precision_floor})")
    return failing


def test_generated_corpus_accuracy_per_field_layout_and_format() -> None:
    tallies = _results()
    failing = _failing(tallies)
    assert not failing, "\n".join(failing) + "\n\n" + table(tallies) + "\n\n" + patterns(tallies)


def test_generated_forms_accuracy_per_field_layout_and_format() -> None:
    tallies = _form_results()
    layouts = {name.split(" ")[0] for name in tallies if name.startswith("layout:")}
    formats = {name.split(" ")[0] for name in tallies if name.startswith("format:")}
    assert layouts == {f"layout:{x}" for x in LAYOUTS} and formats == {f"format:{x}" for x in SHAPES}
    failing = _failing(tallies)
    assert not failing, "\n".join(failing) + "\n\n" + table(tallies) + "\n\n" + patterns(tallies)


def test_generated_reports_parse_without_warnings() -> None:
    for tallies in (_results(), _form_results()):
        warnings = tallies.get("parse_warnings")
        assert warnings is None or not warnings.extras, warnings.extras.most_common(5)


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else N_REPORTS
    for res in (_results(n), _form_results()):
        print(table(res))
        print()
        print(patterns(res, top=int(sys.argv[2]) if len(sys.argv) > 2 else 12))
        print()
