"""Readers turn the bytes of one file into a ``Document`` (see ``pipelines.document``).

``read_document(path)`` picks the reader from the file's bytes (magic numbers) first and
its extension second, and raises ``UnreadableFile`` with a reason a person can act on when
the file cannot become a document (the caller quarantines it with that reason).
"""

from pipelines.readers.base import UnreadableFile, read_document

__all__ = ["UnreadableFile", "read_document"]
