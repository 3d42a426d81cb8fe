"""Parse a chunk of inbox files. Bad input never raises: it becomes a quarantine record.

``parse_chunk_tables`` is the unit of work the parse stage ships to other processes or
machines: it returns the chunk's manifest records and its rows as Arrow tables (compact to
send back, and cheap for Prefect, which inspects task results but not Arrow tables).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from dataclasses import dataclass, field

import pyarrow as pa

from pipelines import PARSER_VERSION, landing
from pipelines.inbox import InboxFile
from pipelines.model import FileRecord, ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers import UnreadableFile, read_document

log = logging.getLogger(__name__)


@dataclass
class FileOutcome:
    record: FileRecord
    parsed: ParsedReport | None


def parse_file(f: InboxFile, batch_id: str) -> FileOutcome:
    """Read and parse one file; any failure quarantines the file with its reason."""
    now = dt.datetime.now(dt.UTC)

    def record(status: str, reason: str | None = None, fmt: str | None = None) -> FileRecord:
        return FileRecord(f.sha256, f.source_file, f.size_bytes, status, PARSER_VERSION, batch_id, now,
                          report_id=f.sha256[:16], format=fmt, reason=reason)

    try:
        doc = read_document(f.path, display_name=f.source_file)
    except UnreadableFile as exc:
        return FileOutcome(record("quarantined", str(exc)), None)
    except Exception as exc:  # a reader bug: keep the file, say why
        log.exception("reader failed on %s", f.source_file)
        return FileOutcome(record("quarantined", f"reader error: {type(exc).__name__}: {exc}"), None)
    try:
        parsed = parse_document(doc)
    except Exception as exc:
        log.exception("parser failed on %s", f.source_file)
        return FileOutcome(record("quarantined", f"parser error: {type(exc).__name__}: {exc}", doc.format), None)
    return FileOutcome(record("loaded", None, doc.format), parsed)


def parse_files(files: list[InboxFile], batch_id: str) -> list[FileOutcome]:
    return [parse_file(f, batch_id) for f in files]


@dataclass
class ChunkResult:
    """What one chunk of files became: a manifest record per file and the rows of the parsed ones."""

    records: list[FileRecord]
    tables: dict[str, pa.Table]  # landing.batch_tables of the reports that parsed
    seconds: float = 0.0  # parse time inside the worker
    worker: str = field(default_factory=lambda: f"{os.uname().nodename}:{os.getpid()}")


def parse_chunk_tables(files: list[InboxFile], batch_id: str) -> ChunkResult:
    """Parse ``files`` and convert their rows to Arrow tables (runs in a worker process)."""
    t0 = time.perf_counter()
    outcomes = parse_files(files, batch_id)
    tables = landing.batch_tables(batch_id, [o.parsed for o in outcomes if o.parsed is not None])
    return ChunkResult([o.record for o in outcomes], tables, round(time.perf_counter() - t0, 3))
