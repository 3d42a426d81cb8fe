"""The one document model every reader produces and every parser consumes.

A ``Document`` is the report's text plus its blocks (paragraphs and tables) in document
order. Every block and every table cell carries a character span into ``Document.text``,
so anything extracted from it can point back to the exact characters it came from.

Readers of every format render tables the same way into ``text``: one cell per line,
so that the same report read from txt, docx, pdf or html gives the same text layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

BlockKind = Literal["paragraph", "table"]


@dataclass(frozen=True)
class Cell:
    """One table cell: its text and where it sits, in the table and in ``Document.text``."""

    row: int
    col: int
    text: str
    start: int
    end: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Block:
    """A paragraph (``cells`` empty) or a table (``cells`` holds every cell, row-major)."""

    kind: BlockKind
    start: int
    end: int
    location: str  # human-readable place, e.g. "line 12" or "page 3, table 1"
    cells: tuple[Cell, ...] = ()
    # False for tables rebuilt from flattened text, whose rows are known but whose columns
    # are guessed (a blank cell may be missing); readers of real tables know both.
    columns_known: bool = True

    @property
    def n_rows(self) -> int:
        return max((c.row + c.rowspan for c in self.cells), default=0)

    @property
    def n_cols(self) -> int:
        return max((c.col + c.colspan for c in self.cells), default=0)

    def grid(self) -> list[list[Cell | None]]:
        """Rows x columns with spanned cells repeated into every position they cover (computed once)."""
        return self._grid

    @cached_property
    def _grid(self) -> list[list[Cell | None]]:
        n_cols = self.n_cols
        grid: list[list[Cell | None]] = [[None] * n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = cell
        return grid


@dataclass
class Document:
    """A report as read from one file, format-independent."""

    source_path: str
    file_sha256: str
    format: str  # txt, docx, pdf, html, xlsx, xls, doc
    text: str  # normalized text; every span in the model refers to it
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None  # for text formats: the detected encoding
    original_text: str | None = None  # set when ``text`` was converted (e.g. Traditional -> Simplified)
    warnings: list[str] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        """Reports are keyed by the content hash of the file they came from."""
        return self.file_sha256[:16]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]
