"""What a validation found: one ``ExpectationOutcome`` per expectation, gathered in a ``ValidationOutcome``."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ExpectationOutcome:
    """The result of one expectation on one table."""

    suite: str
    table: str
    expectation_id: str
    expectation: str  # GX expectation type, e.g. expect_column_values_to_be_in_set
    column: str | None
    severity: str  # critical / warning
    success: bool
    observed_value: str | None  # the aggregate observed, or "n unexpected of m rows"
    unexpected_count: int | None = None
    element_count: int | None = None
    unexpected_examples: list[Any] = field(default_factory=list)
    report_ids: list[str] = field(default_factory=list)  # reports with failing rows
    kwargs: dict[str, Any] = field(default_factory=dict)
    notes: str | None = None
    error: str | None = None  # set when the expectation could not be evaluated
    reason: str | None = None  # what a failure means (the suite's ``reason``)
    # failing rows with report_id and the suite's ``show`` columns (the figure, its sentence...)
    failing_rows: list[dict[str, Any]] = field(default_factory=list)

    def rows_of(self, report_id: str) -> list[dict[str, Any]]:
        """The failing rows of one report."""
        return [row for row in self.failing_rows if row.get("report_id") == report_id]

    @property
    def is_critical(self) -> bool:
        return self.severity == "critical"


@dataclass(frozen=True)
class ValidationOutcome:
    """Every expectation of every suite on one built DuckDB file."""

    run_id: str
    validated_at: dt.datetime
    db_path: Path
    results: list[ExpectationOutcome]
    elapsed: float = 0.0
    suites_digest: str | None = None  # the rules this verdict was reached under (``suites.suites_digest``)
    report_files: dict[str, str] = field(default_factory=dict)  # report_id -> source file, to name reports

    @property
    def critical_passed(self) -> bool:
        """True when every critical expectation succeeded (the publish gate)."""
        return all(r.success for r in self.results if r.is_critical)

    @property
    def warnings_passed(self) -> bool:
        return all(r.success for r in self.results if not r.is_critical)

    def failures(self, severity: str | None = None) -> list[ExpectationOutcome]:
        """Failed expectations, optionally of one severity."""
        return [r for r in self.results if not r.success and severity in (None, r.severity)]

    def failing_report_ids(self, severity: str | None = "critical") -> set[str]:
        """Reports with rows that fail an expectation (of ``severity``; None: any) — quarantine candidates."""
        return {rid for r in self.failures(severity) for rid in r.report_ids}

    def summary(self) -> dict[str, int]:
        """Counts of evaluated, failed-critical and failed-warning expectations."""
        return {
            "expectations": len(self.results),
            "failed_critical": len(self.failures("critical")),
            "failed_warning": len(self.failures("warning")),
        }

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (``warehouse/dq/latest.json``)."""
        return {
            "run_id": self.run_id,
            "validated_at": self.validated_at.isoformat(),
            "db_path": str(self.db_path),
            "critical_passed": self.critical_passed,
            "warnings_passed": self.warnings_passed,
            "elapsed_seconds": round(self.elapsed, 3),
            "suites_digest": self.suites_digest,
            "report_files": self.report_files,
            "summary": self.summary(),
            "failing_report_ids": sorted(self.failing_report_ids()),
            "results": [asdict(r) for r in self.results],
        }
