"""Readers turn the bytes of one file into a ``Document`` (see ``pipelines.document``).

``read_document(path)`` picks the reader from the file's bytes (magic numbers: PDF, zip
members, OLE2 streams, an HTML start) first and its extension second, and raises
``UnreadableFile`` with a reason a person can act on when the file cannot become a document
(the caller quarantines it with that reason).

One layout for every format. The parser reads ``Document.text`` and the table blocks, so
every reader produces the text a report exported to .txt would have (``readers.layout``):
paragraph lines, and tables one cell per line, tab-indented, a blank line after each row
(a vertically merged position as an empty cell, a spanning first cell with an extra tab).
The txt reader rebuilds table blocks from that layout (``text_tables``), and from rows of
``|``-separated or space-aligned cells (``delimited_tables``, columns not known); the other readers
know their tables' real cells and merges, so they build the blocks directly, each cell's
span pointing at its line of the rendered text. The same report in txt, docx, html or pdf
therefore parses to the same records (``tests/test_formats.py``); only spans and
locations differ.

=========  ====================================================================================
format     reader
=========  ====================================================================================
txt        ``text``: encoding from the bytes (BOM, UTF-16 without BOM, UTF-8, GB18030 vs Big5
           by which reads as Chinese); refused above 16 MB
docx       ``docx``: lxml on ``word/document.xml``; paragraphs and tables in order, merges
           resolved, automatic numbering written out; zip checked first (corrupt, zip bomb)
pdf        ``pdf``: pdfplumber; ruled tables with spans, lines joined into paragraphs; refused:
           encrypted, corrupt, no text layer (scanned: needs OCR)
html/htm   ``html``: charset from BOM/meta/bytes; boilerplate (nav, header, footer, scripts)
           dropped, article body and its tables kept
xlsx/xls   ``sheets``: each sheet a table (merged cells as spans), title/unit rows above it and
           notes below as paragraphs
doc        ``doc``: LibreOffice headless -> .docx (else antiword/catdoc -> text), with a timeout;
           without a converter refused with how to install one
=========  ====================================================================================

After any reader, pinyin glosses that mirror sites insert (鎮(zhèn)) are removed
(``readers.glosses``, spans moved with the text), then Traditional-character text is converted to Simplified
(``readers.traditional``), keeping the original in ``Document.original_text`` (same length,
so spans fit both).
"""

from pipelines.readers.base import UnreadableFile, read_document

__all__ = ["UnreadableFile", "read_document"]
