"""A self-contained Data Docs page (``dq/docs/index.html``): inline CSS, no scripts, no CDN.

GX's own Data Docs load CSS and JS from CDNs, which this offline machine cannot reach, so
the results are rendered here as one plain HTML file that opens anywhere.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from pipelines.atomic import write_atomic
from pipelines.quality.results import ExpectationOutcome, ValidationOutcome

MAX_REPORT_IDS = 30

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC",sans-serif;margin:2rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}code{font-size:.8rem;word-break:break-all}
.ok{color:#11703a;font-weight:600}.fail{color:#b3261e;font-weight:600}.warn{color:#9a6700;font-weight:600}
.badge{display:inline-block;padding:.2rem .6rem;border-radius:.3rem;color:#fff}
.badge.ok{background:#11703a}.badge.fail{background:#b3261e}
tr.failed-critical{background:#fdecea}tr.failed-warning{background:#fff8e1}
.meta{color:#555;font-size:.9rem}
"""


def render(outcome: ValidationOutcome) -> str:
    """The whole page as a string."""
    gate = "ok" if outcome.critical_passed else "fail"
    gate_text = "critical expectations passed" if outcome.critical_passed else "critical expectations FAILED"
    summary = outcome.summary()
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        f"<title>jixiao data quality — {escape(outcome.run_id)}</title><style>{_CSS}</style></head><body>",
        "<h1>jixiao data quality 数据质量</h1>",
        f"<p><span class='badge {gate}'>{gate_text}</span></p>",
        "<p class='meta'>",
        f"run <code>{escape(outcome.run_id)}</code> · validated {escape(outcome.validated_at.isoformat())}",
        f" · {summary['expectations']} expectations · {summary['failed_critical']} critical failed",
        f" · {summary['failed_warning']} warnings failed · database <code>{escape(str(outcome.db_path))}</code></p>",
        _suite_table(outcome),
    ]
    failing = sorted(outcome.failing_report_ids())
    if failing:
        parts.append(f"<h2>Reports failing critical expectations ({len(failing)})</h2><p>")
        parts.append(", ".join(f"<code>{escape(r)}</code>" for r in failing))
        parts.append("</p>")
    for suite in dict.fromkeys(r.suite for r in outcome.results):
        parts.append(_suite_section(suite, [r for r in outcome.results if r.suite == suite]))
    parts.append("</body></html>")
    return "".join(parts)


def write_docs(docs_dir: Path, outcome: ValidationOutcome) -> Path:
    """Write ``index.html`` atomically; returns its path."""
    target = docs_dir / "index.html"
    page = render(outcome)
    write_atomic(target, lambda tmp: tmp.write_text(page, encoding="utf-8"))
    return target


def _suite_table(outcome: ValidationOutcome) -> str:
    rows = []
    for suite in dict.fromkeys(r.suite for r in outcome.results):
        results = [r for r in outcome.results if r.suite == suite]
        critical = sum(1 for r in results if not r.success and r.is_critical)
        warning = sum(1 for r in results if not r.success and not r.is_critical)
        rows.append(
            f"<tr><td><a href='#{escape(suite)}'>{escape(suite)}</a></td><td>{escape(results[0].table)}</td>"
            f"<td>{len(results)}</td><td class='{'fail' if critical else 'ok'}'>{critical}</td>"
            f"<td class='{'warn' if warning else 'ok'}'>{warning}</td></tr>"
        )
    return (
        "<table><tr><th>suite</th><th>table</th><th>expectations</th><th>critical failed</th>"
        f"<th>warnings failed</th></tr>{''.join(rows)}</table>"
    )


def _suite_section(suite: str, results: list[ExpectationOutcome]) -> str:
    rows = "".join(_result_row(r) for r in results)
    return (
        f"<h2 id='{escape(suite)}'>{escape(suite)} <span class='meta'>({escape(results[0].table)})</span></h2>"
        "<table><tr><th>status</th><th>severity</th><th>expectation</th><th>column</th><th>arguments</th>"
        f"<th>observed</th><th>unexpected examples</th><th>failing reports</th></tr>{rows}</table>"
    )


def _result_row(r: ExpectationOutcome) -> str:
    status = "ok" if r.success else ("fail" if r.is_critical else "warn")
    row_class = "" if r.success else f" class='failed-{r.severity}'"
    shown = r.report_ids[:MAX_REPORT_IDS]
    more = f" … (+{len(r.report_ids) - len(shown)})" if len(r.report_ids) > len(shown) else ""
    examples = json.dumps(r.unexpected_examples, ensure_ascii=False) if r.unexpected_examples else ""
    notes = "".join(f"<br><span class='meta'>{escape(text)}</span>"
                    for text in (r.notes, None if r.success else r.reason) if text)
    return (
        f"<tr{row_class}><td class='{status}'>{'passed' if r.success else 'failed'}</td>"
        f"<td>{escape(r.severity)}</td><td>{escape(r.expectation)}{notes}</td>"
        f"<td>{escape(r.column or '')}</td>"
        f"<td><code>{escape(json.dumps(r.kwargs, ensure_ascii=False))}</code></td>"
        f"<td>{escape(r.observed_value or '')}</td><td><code>{escape(examples)}</code></td>"
        f"<td>{', '.join(f'<code>{escape(x)}</code>' for x in shown)}{more}</td></tr>"
    )
