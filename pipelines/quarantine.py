"""Hold back reports whose own data fails a critical quality check.

A critical failure traced to specific reports (the failing rows carry their report_id)
quarantines just those reports: their manifest rows become ``quarantined`` with the checks
they failed — the figure, its sentence and the bound when the suite quotes them — and the
rest of the batch is built and published without them. A critical failure that no report
explains (a schema break, an unreadable table) is batch-level: nothing is published.

Every such verdict records the digest of the rules it was reached under
(``FileRecord.suites_digest``). A held report is checked again when its file changes or
when the rules change (``needs_recheck``): the next run re-parses and re-validates it, and
releases it if it now passes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipelines.model import FileRecord
from pipelines.quality.verdicts import describe

QUALITY_PREFIX = "failed quality checks: "


def batch_level_failures(outcome: Any) -> list[Any]:
    """Critical failures no report explains: they block the whole publish."""
    return [r for r in outcome.failures("critical") if not r.report_ids]


def reasons_by_report(outcome: Any) -> dict[str, str]:
    """report_id -> readable list of the critical checks its rows failed (with the failing figures)."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for r in outcome.failures("critical"):
        for report_id in r.report_ids:
            reasons[report_id].append(describe(r, report_id))
    return {rid: QUALITY_PREFIX + "; ".join(sorted(set(checks))) for rid, checks in reasons.items()}


def hold_back(records: list[FileRecord], reasons: dict[str, str],
              suites_digest: str | None = None) -> tuple[list[FileRecord], list[FileRecord]]:
    """Records with the failing reports' loaded files quarantined; also returns the held records."""
    held = []
    for r in records:
        if r.status == "loaded" and r.report_id in reasons:
            r.status, r.reason, r.suites_digest = "quarantined", reasons[r.report_id], suites_digest
            held.append(r)
    return records, held


def is_held_by_quality(record: FileRecord) -> bool:
    """True for a file quarantined by a quality check (not unreadable, not a duplicate)."""
    return record.status == "quarantined" and (record.reason or "").startswith(QUALITY_PREFIX)


def needs_recheck(record: FileRecord, suites_digest: str) -> bool:
    """A report held under other rules than the current ones (or before digests were recorded)."""
    return is_held_by_quality(record) and record.suites_digest != suites_digest
