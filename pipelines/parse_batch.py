"""Parse a chunk of inbox files. Bad input never raises: it becomes a quarantine record."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from pipelines import PARSER_VERSION
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
