"""Expectation suites as versioned YAML (``expectations/*.yml``), loaded without GX.

One file per validated table::

    suite: fct_budget_amounts
    table: main.fct_budget_amounts
    description: ...
    query: select ...             # optional: validate this query's rows instead of the whole table
    expectations:
      - type: expect_column_values_to_be_in_set
        column: measure
        severity: critical            # critical | warning
        kwargs:
          value_set: {vocab: measures, column: measure}
      - type: expect_column_values_to_be_between
        column: value
        severity: critical
        kwargs: {min_value: 0}
        where:                        # rows the expectation applies to (all conditions hold)
          - {column: phase, op: not_in, value: {vocab: phases, column: phase, where: {may_be_negative: true}}}
        show: [source_text, sentence]  # columns of the failing rows quoted in reasons and dq_results
        reason: exceeds ...           # what a failure means, quoted with the failing rows

Values can refer to the vocabularies (``{vocab: <seed>, column: <col>, where: {...}}``, read
from ``dbt_project/seeds/<seed>.csv``) and to the year of validation (``{current_year: 0}``,
an offset in years), so a vocabulary change needs no suite edit.

``suites_digest`` fingerprints the suites as resolved (files, vocabularies, year): every
quality verdict records it, and a run under a different digest re-checks held reports.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipelines.settings import EXPECTATIONS_DIR, VOCAB_DIR

SEVERITIES = ("critical", "warning")
OPERATORS = ("==", "!=", "<", "<=", ">", ">=", "in", "not_in", "is_null", "not_null")


class SuiteError(ValueError):
    """A suite file is malformed (names the file and the expectation)."""


@dataclass(frozen=True)
class Condition:
    """One row filter: ``column op value`` (value already resolved)."""

    column: str
    op: str
    value: Any = None


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation of a suite, with its vocabulary references resolved."""

    id: str  # <suite>#<position>, stable while the file is unchanged
    type: str  # GX expectation type, snake_case
    severity: str
    column: str | None
    kwargs: dict[str, Any]
    where: tuple[Condition, ...] = ()
    notes: str | None = None
    show: tuple[str, ...] = ()  # columns of failing rows to quote (reasons, dq_results)
    reason: str | None = None  # what a failure means, in words an analyst can act on


@dataclass(frozen=True)
class Suite:
    """The expectations on one table."""

    name: str
    table: str  # schema-qualified table in the built DuckDB file
    path: Path
    description: str | None
    expectations: list[ExpectationSpec] = field(default_factory=list)
    report_id_column: str | None = "report_id"
    query: str | None = None  # SQL whose rows are validated (default: the whole table)

    @property
    def sql(self) -> str:
        """The SQL that reads the rows to validate."""
        return self.query or f"select * from {self.table}"

    @property
    def show_columns(self) -> list[str]:
        """Every column some expectation quotes from its failing rows."""
        return list(dict.fromkeys(c for spec in self.expectations for c in spec.show))


def suites_digest(suites: list[Suite]) -> str:
    """Fingerprint of the rules as resolved: changes when a suite, a vocabulary it uses or the year changes."""
    canonical = [
        {
            "suite": s.name, "table": s.table, "query": s.query, "report_id_column": s.report_id_column,
            "expectations": [
                {"type": e.type, "severity": e.severity, "column": e.column, "kwargs": e.kwargs,
                 "where": [[c.column, c.op, c.value] for c in e.where]}
                for e in s.expectations
            ],
        }
        for s in suites
    ]
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_suites(
    directory: Path = EXPECTATIONS_DIR, *, vocab_dir: Path = VOCAB_DIR, today: dt.date | None = None
) -> list[Suite]:
    """Every ``*.yml`` / ``*.yaml`` suite in ``directory``, sorted by file name."""
    files = sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])
    resolver = _Resolver(vocab_dir, today or dt.date.today())
    suites = [load_suite(path, resolver) for path in files]
    names = [s.name for s in suites]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise SuiteError(f"suite names must be unique, repeated: {duplicates}")
    return suites


def load_suite(path: Path, resolver: _Resolver | None = None) -> Suite:
    """One suite file."""
    resolver = resolver or _Resolver(VOCAB_DIR, dt.date.today())
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key in ("suite", "table", "expectations"):
        if key not in raw:
            raise SuiteError(f"{path.name}: missing '{key}'")
    name = str(raw["suite"])
    specs = [_expectation(path, name, i, item, resolver) for i, item in enumerate(raw["expectations"], 1)]
    return Suite(
        name=name,
        table=str(raw["table"]),
        path=path,
        description=raw.get("description"),
        expectations=specs,
        report_id_column=raw.get("report_id_column", "report_id"),
        query=str(raw["query"]).strip() if raw.get("query") else None,
    )


def _expectation(path: Path, suite: str, position: int, item: dict, resolver: _Resolver) -> ExpectationSpec:
    where = f"{path.name} expectation {position}"
    if not isinstance(item, dict) or "type" not in item:
        raise SuiteError(f"{where}: needs a 'type'")
    severity = item.get("severity")
    if severity not in SEVERITIES:
        raise SuiteError(f"{where}: severity must be one of {SEVERITIES}, got {severity!r}")
    kwargs = {k: resolver.resolve(v) for k, v in (item.get("kwargs") or {}).items()}
    column = item.get("column")
    conditions = tuple(_condition(where, c, resolver) for c in item.get("where") or [])
    show = item.get("show") or []
    if not isinstance(show, list) or not all(isinstance(c, str) for c in show):
        raise SuiteError(f"{where}: 'show' must be a list of column names, got {show!r}")
    return ExpectationSpec(
        id=f"{suite}#{position}",
        type=str(item["type"]),
        severity=severity,
        column=column,
        kwargs=kwargs,
        where=conditions,
        notes=item.get("notes"),
        show=tuple(show),
        reason=item.get("reason"),
    )


def _condition(where: str, raw: dict, resolver: _Resolver) -> Condition:
    op = raw.get("op", "==")
    if op not in OPERATORS or "column" not in raw:
        raise SuiteError(f"{where}: a condition needs a column and op in {OPERATORS}, got {raw!r}")
    return Condition(column=raw["column"], op=op, value=resolver.resolve(raw.get("value")))


class _Resolver:
    """Replaces ``{vocab: ...}`` and ``{current_year: n}`` references by their values."""

    def __init__(self, vocab_dir: Path, today: dt.date) -> None:
        self.vocab_dir = vocab_dir
        self.today = today
        self._cache: dict[str, list[dict[str, str]]] = {}

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and "vocab" in value:
            return self._vocab(value)
        if isinstance(value, dict) and set(value) == {"current_year"}:
            return self.today.year + int(value["current_year"])
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def _rows(self, seed: str) -> list[dict[str, str]]:
        if seed not in self._cache:
            path = self.vocab_dir / f"{seed}.csv"
            if not path.exists():
                raise SuiteError(f"vocabulary {seed!r} not found: {path}")
            with path.open(encoding="utf-8", newline="") as f:
                self._cache[seed] = list(csv.DictReader(f))
        return self._cache[seed]

    def _vocab(self, ref: dict) -> list[str]:
        rows = self._rows(str(ref["vocab"]))
        column = ref.get("column")
        if not rows or column not in rows[0]:
            raise SuiteError(f"vocabulary {ref['vocab']!r} has no column {column!r}")
        filters = {k: str(v).lower() for k, v in (ref.get("where") or {}).items()}
        selected = [r for r in rows if all(str(r.get(k, "")).lower() == v for k, v in filters.items())]
        return sorted({r[column] for r in selected if r[column]})
