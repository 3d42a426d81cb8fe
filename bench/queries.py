"""The cookbook's queries, read from the documentation itself, and their time on a warehouse.

Queries are taken from ``docs/cookbook.md`` (every fenced ``sql`` block) and from
``README.md`` (``sql`` blocks, and the SQL inside ``con.sql(\"\"\"...\"\"\")`` /
``con.execute(...)`` in its Python examples), so a query added to the documentation is timed
by the next benchmark without touching this code.
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "docs" / "cookbook.md", ROOT / "README.md")

_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
_PY_SQL = re.compile(r"con\.(?:sql|execute)\(\s*(?:\"\"\"|''')(.*?)(?:\"\"\"|''')", re.S)


@dataclass(frozen=True)
class Query:
    source: str  # file and ordinal, e.g. "README.md #2"
    title: str  # first comment line or first words
    sql: str


def _title(sql: str, before: str) -> str:
    comment = re.findall(r"^\s*(?:--|#)\s*(.+)$", before, re.M)
    first = next((ln.strip() for ln in sql.splitlines() if ln.strip().startswith("--")), "")
    text = first.lstrip("- ") or (comment[-1] if comment else " ".join(sql.split())[:60])
    return text[:80]


def extract(path: Path) -> list[Query]:
    """The queries of one markdown file."""
    if not path.exists():
        return []
    text = path.read_text(encoding="utf-8")
    found: list[Query] = []
    for m in _FENCE.finditer(text):
        lang, body = m.group(1).lower(), m.group(2)
        if lang == "sql":
            for stmt in (s.strip() for s in body.split(";")):
                if stmt and re.search(r"\bselect\b", stmt, re.I):
                    found.append(Query(f"{path.name} #{len(found) + 1}", _title(stmt, ""), stmt))
        elif lang in ("python", "py", "bash", "sh"):
            for q in _PY_SQL.finditer(body):
                sql = q.group(1).strip()
                found.append(Query(f"{path.name} #{len(found) + 1}", _title(sql, body[: q.start()]), sql))
    return found


def cookbook() -> list[Query]:
    """Every documented query (cookbook first)."""
    return [q for path in SOURCES for q in extract(path)]


@dataclass(frozen=True)
class Timing:
    query: Query
    rows: int | None
    median_ms: float | None
    max_ms: float | None
    error: str | None = None


def time_queries(db_path: Path, queries: list[Query], repeat: int = 5) -> list[Timing]:
    """Each query's median and worst time over ``repeat`` runs on a fresh read-only connection (after one warm-up)."""
    out = []
    with duckdb.connect(str(db_path), read_only=True) as con:
        for q in queries:
            try:
                rows = len(con.execute(q.sql).fetchall())
                times = []
                for _ in range(repeat):
                    t0 = time.perf_counter()
                    con.execute(q.sql).fetchall()
                    times.append((time.perf_counter() - t0) * 1000)
                out.append(Timing(q, rows, round(statistics.median(times), 1), round(max(times), 1)))
            except duckdb.Error as exc:
                out.append(Timing(q, None, None, None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}"))
    return out
