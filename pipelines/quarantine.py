"""Hold back reports whose own data fails a critical quality check.

A critical failure traced to specific reports (the failing rows carry their report_id)
quarantines just those reports: their manifest rows become ``quarantined`` with the checks
they failed, and the rest of the batch is built and published without them. A critical
failure that no report explains (a schema break, an empty table) is batch-level: nothing
is published. Fixing a held file (new content, new hash) releases it on the next run.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pipelines.model import FileRecord

QUALITY_PREFIX = "failed quality checks: "


def batch_level_failures(outcome: Any) -> list[Any]:
    """Critical failures no report explains: they block the whole publish."""
    return [r for r in outcome.failures("critical") if not r.report_ids]


def reasons_by_report(outcome: Any) -> dict[str, str]:
    """report_id -> readable list of the critical checks its rows failed."""
    reasons: dict[str, list[str]] = defaultdict(list)
    for r in outcome.failures("critical"):
        where = f"{r.table}.{r.column}" if r.column else r.table
        for report_id in r.report_ids:
            reasons[report_id].append(f"{r.expectation} on {where}")
    return {rid: QUALITY_PREFIX + "; ".join(sorted(set(checks))) for rid, checks in reasons.items()}


def hold_back(records: list[FileRecord], reasons: dict[str, str]) -> tuple[list[FileRecord], list[FileRecord]]:
    """Records with the failing reports' loaded files quarantined; also returns the held records."""
    held = []
    for r in records:
        if r.status == "loaded" and r.report_id in reasons:
            r.status, r.reason = "quarantined", reasons[r.report_id]
            held.append(r)
    return records, held
