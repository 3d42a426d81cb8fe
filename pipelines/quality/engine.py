"""Run suites with Great Expectations 1.x on pandas dataframes (an ephemeral context).

GX 1.x has no working DuckDB datasource, so each table is read into pandas and validated as
a whole-dataframe batch. GX is imported lazily (its import takes seconds), with analytics,
progress bars and its deprecation chatter switched off.
"""

from __future__ import annotations

import logging
import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from pipelines.quality.results import ExpectationOutcome
from pipelines.quality.suites import Condition, ExpectationSpec, Suite

if TYPE_CHECKING:
    import pandas as pd

MAX_EXAMPLES = 20  # unexpected values kept per expectation (all failing report_ids are kept)
MAX_ROWS_PER_REPORT = 3  # failing rows quoted per report and expectation (with ``show`` columns)


@contextmanager
def quiet() -> Iterator[None]:
    """Silence GX's warnings (deprecations, pandas dtype notes) for the block."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def _import_gx() -> Any:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    with quiet():
        import great_expectations as gx
    # some GX modules pin their logger to INFO; only errors are worth showing here
    for name in list(logging.root.manager.loggerDict):
        if name.startswith("great_expectations"):
            logging.getLogger(name).setLevel(logging.ERROR)
    return gx


class Validator:
    """One ephemeral GX context; validates suites one dataframe at a time."""

    def __init__(self) -> None:
        gx = _import_gx()
        from great_expectations.data_context.types.base import (
            DataContextConfig,
            InMemoryStoreBackendDefaults,
            ProgressBarsConfig,
        )

        self._gx = gx
        config = DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        )
        with quiet():
            self._context = gx.get_context(mode="ephemeral", project_config=config)
            self._source = self._context.data_sources.add_pandas("jixiao")

    def run(self, suite: Suite, frame: pd.DataFrame) -> list[ExpectationOutcome]:
        """Every expectation of ``suite`` on ``frame`` (expectations GX rejects fail with an error)."""
        outcomes: dict[str, ExpectationOutcome] = {}
        built = []
        for spec in suite.expectations:
            try:
                built.append(self._expectation(spec))
            except Exception as exc:  # a malformed expectation fails alone, readably
                outcomes[spec.id] = _error_outcome(suite, spec, f"invalid expectation: {exc}")
        report_col = suite.report_id_column if suite.report_id_column in frame.columns else None
        if built:
            with quiet():
                gx_suite = self._context.suites.add(self._gx.ExpectationSuite(name=suite.name, expectations=built))
                asset = self._source.add_dataframe_asset(suite.name)
                batch = asset.add_batch_definition_whole_dataframe("all").get_batch(
                    batch_parameters={"dataframe": frame}
                )
                result_format: dict[str, Any] = {"result_format": "COMPLETE"}
                index_columns = [c for c in dict.fromkeys([report_col, *suite.show_columns]) if c in frame.columns]
                if index_columns:
                    result_format["unexpected_index_column_names"] = index_columns
                validation = batch.validate(gx_suite, result_format=result_format)
            specs = {spec.id: spec for spec in suite.expectations}
            for result in validation.results:
                spec = specs[result.expectation_config.meta["jixiao_id"]]
                outcomes[spec.id] = _outcome(suite, spec, result, report_col)
        return [outcomes[spec.id] for spec in suite.expectations]

    def _expectation(self, spec: ExpectationSpec) -> Any:
        import great_expectations.expectations as gxe

        class_name = "".join(part.capitalize() for part in spec.type.split("_"))
        cls = getattr(gxe, class_name, None)
        if cls is None:
            raise ValueError(f"unknown expectation type {spec.type!r}")
        kwargs = dict(spec.kwargs)
        if spec.column is not None:
            kwargs["column"] = spec.column
        condition = _row_condition(spec.where)
        if condition is not None:
            kwargs["row_condition"] = condition
        with quiet():
            return cls(**kwargs, severity=spec.severity, meta={"jixiao_id": spec.id})


def _row_condition(conditions: tuple[Condition, ...]) -> Any:
    """GX Condition object for the rows all ``conditions`` hold on (None: every row)."""
    from great_expectations.expectations.row_conditions import Column

    parts = []
    for c in conditions:
        col = Column(c.column)
        if c.op == "not_in" and not c.value:
            continue  # nothing excluded
        parts.append(
            {
                "==": lambda col=col, v=c.value: col == v,
                "!=": lambda col=col, v=c.value: col != v,
                "<": lambda col=col, v=c.value: col < v,
                "<=": lambda col=col, v=c.value: col <= v,
                ">": lambda col=col, v=c.value: col > v,
                ">=": lambda col=col, v=c.value: col >= v,
                "in": lambda col=col, v=c.value: col.is_in(v),
                "not_in": lambda col=col, v=c.value: col.is_not_in(v),
                "is_null": lambda col=col: col.is_null(),
                "not_null": lambda col=col: col.is_not_null(),
            }[c.op]()
        )
    if not parts:
        return None
    combined = parts[0]
    for part in parts[1:]:
        combined = combined & part
    return combined


def _outcome(suite: Suite, spec: ExpectationSpec, result: Any, report_col: str | None) -> ExpectationOutcome:
    """One GX ``ExpectationValidationResult`` as an ``ExpectationOutcome``."""
    res = dict(result.result or {})
    error = _exception_message(result.exception_info)
    unexpected = res.get("unexpected_count")
    elements = res.get("element_count")
    observed = res.get("observed_value")
    if observed is not None:
        observed_text: str | None = _text(observed)
    elif unexpected is not None:
        observed_text = f"{unexpected} unexpected of {elements} rows"
    else:
        observed_text = error
    report_ids: set[str] = set()
    failing_rows: list[dict[str, Any]] = []
    per_report: dict[str | None, int] = {}
    for row in res.get("unexpected_index_list") or []:
        if not isinstance(row, dict):
            continue
        report_id = str(row[report_col]) if report_col and row.get(report_col) is not None else None
        if report_id is not None:
            report_ids.add(report_id)
        if spec.show and per_report.get(report_id, 0) < MAX_ROWS_PER_REPORT:
            per_report[report_id] = per_report.get(report_id, 0) + 1
            shown = {c: _plain(row.get(c)) for c in spec.show if c in row}
            if spec.column and spec.column in row:
                shown.setdefault(spec.column, _plain(row[spec.column]))
            failing_rows.append({"report_id": report_id, **shown})
    examples = res.get("partial_unexpected_list") or res.get("unexpected_list") or []
    return ExpectationOutcome(
        **_identity(suite, spec),
        success=bool(result.success) and error is None,
        observed_value=observed_text,
        unexpected_count=int(unexpected) if unexpected is not None else None,
        element_count=int(elements) if elements is not None else None,
        unexpected_examples=[_plain(v) for v in examples[:MAX_EXAMPLES]],
        report_ids=sorted(report_ids),
        error=error,
        failing_rows=failing_rows,
    )


def _identity(suite: Suite, spec: ExpectationSpec) -> dict[str, Any]:
    """The fields every outcome of ``spec`` shares: which expectation, where, how severe."""
    return {
        "suite": suite.name, "table": suite.table, "expectation_id": spec.id, "expectation": spec.type,
        "column": spec.column, "severity": spec.severity, "kwargs": _describe_kwargs(spec), "notes": spec.notes,
        "reason": spec.reason,
    }


def _error_outcome(suite: Suite, spec: ExpectationSpec, message: str) -> ExpectationOutcome:
    return ExpectationOutcome(**_identity(suite, spec), success=False, observed_value=message, error=message)


def missing_table_outcome(suite: Suite, message: str) -> ExpectationOutcome:
    """A critical failure standing for a whole suite whose table could not be read."""
    return ExpectationOutcome(
        suite=suite.name,
        table=suite.table,
        expectation_id=f"{suite.name}#table",
        expectation="table_exists",
        column=None,
        severity="critical",
        success=False,
        observed_value=message,
        error=message,
    )


def _exception_message(info: Any) -> str | None:
    """The first raised exception's message in GX's ``exception_info`` (flat or keyed by metric)."""
    if not info:
        return None
    entries = [info] if "raised_exception" in info else list(info.values())
    for entry in entries:
        if isinstance(entry, dict) and entry.get("raised_exception"):
            return str(entry.get("exception_message") or "expectation raised an exception")
    return None


def _describe_kwargs(spec: ExpectationSpec) -> dict[str, Any]:
    """The expectation's arguments and row filter, JSON-ready (long value sets shortened)."""
    described: dict[str, Any] = {}
    for key, value in spec.kwargs.items():
        if isinstance(value, list) and len(value) > 12:
            value = [*value[:12], f"... ({len(value)} values)"]
        described[key] = _plain(value)
    if spec.where:
        described["where"] = [
            f"{c.column} {c.op} {_plain(c.value) if c.op not in ('is_null', 'not_null') else ''}".strip()
            for c in spec.where
        ]
    return described


def _plain(value: Any) -> Any:
    """Numpy/pandas scalars and containers as plain JSON-ready Python values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, AttributeError):
            return str(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _text(value: Any) -> str:
    plain = _plain(value)
    return plain if isinstance(plain, str) else str(plain)
