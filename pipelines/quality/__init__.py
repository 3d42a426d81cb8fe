"""Data quality gate: Great Expectations suites (``expectations/*.yml``) on the built DuckDB file.

``validate(settings, db_path, run_id)`` reads each validated table into pandas, runs its suite
with GX 1.x, writes ``dq_results`` into the file, ``dq/latest.json`` and an offline Data Docs
page, and returns a ``ValidationOutcome`` (``critical_passed`` gates the publish;
``failing_report_ids()`` names reports to quarantine).
"""

from pipelines.quality.results import ExpectationOutcome, ValidationOutcome
from pipelines.quality.runner import validate
from pipelines.quality.suites import Suite, SuiteError, load_suites

__all__ = ["ExpectationOutcome", "Suite", "SuiteError", "ValidationOutcome", "load_suites", "validate"]
