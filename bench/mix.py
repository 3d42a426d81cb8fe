"""The benchmark's report mix: which layouts arrive in which formats, as one table.

Each row is a layout (what the document is), a format (how it was published) and a share.
A layout names the generator that writes it (``module:function``, returning the report text
in the txt layout and its truth), so a new layout joins the benchmark as one line of data.

Shares follow what finance bureaus publish: mostly .docx and .pdf, some .txt, .html and
.xlsx (spreadsheets are mostly the self-evaluation forms).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Generator = Callable[[str], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Layout:
    name: str
    generator: str  # "module:function(seed) -> (text, truth)"
    kwargs: tuple[tuple[str, Any], ...] = ()


LAYOUTS = {
    "department_report": Layout("department_report", "pipelines.samples:generate_report",
                                (("kind", "department_overall"),)),
    "project_report": Layout("project_report", "pipelines.samples:generate_report", (("kind", "project"),)),
    "other_report": Layout("other_report", "pipelines.samples:generate_report", (("kind", "other"),)),
    # Standard forms (财预〔2020〕10号 project and department-overall forms, the older cover sheet).
    "project_form": Layout("project_form", "pipelines.samples.forms:generate_form", (("layout", "project_form"),)),
    "department_form": Layout("department_form", "pipelines.samples.forms:generate_form", (("layout", "dept_form"),)),
    "cover_sheet": Layout("cover_sheet", "pipelines.samples.forms:generate_form", (("layout", "cover_sheet"),)),
}

# (layout, format, share)
MIX: tuple[tuple[str, str, float], ...] = (
    ("department_report", "docx", 0.27),
    ("department_report", "pdf", 0.22),
    ("department_report", "txt", 0.08),
    ("department_report", "html", 0.07),
    ("department_report", "xlsx", 0.02),
    ("project_report", "docx", 0.07),
    ("project_report", "pdf", 0.05),
    ("project_report", "txt", 0.02),
    ("other_report", "docx", 0.02),
    ("other_report", "pdf", 0.02),
    ("project_form", "xlsx", 0.05),
    ("project_form", "docx", 0.03),
    ("project_form", "pdf", 0.03),
    ("department_form", "xlsx", 0.02),
    ("cover_sheet", "pdf", 0.01),
)


def generator(layout: Layout) -> Generator:
    """The layout's generator, called with a seed."""
    module, func = layout.generator.split(":")
    fn = getattr(importlib.import_module(module), func)
    kwargs = dict(layout.kwargs)
    return lambda seed: fn(seed, **kwargs)


@dataclass(frozen=True)
class Row:
    layout: str
    fmt: str
    share: float  # rescaled so the rows sum to 1


def mix_rows(mix: tuple[tuple[str, str, float], ...] = MIX) -> list[Row]:
    """The mix as rows, shares rescaled to sum to 1."""
    total = sum(s for _, _, s in mix)
    return [Row(lay, fmt, s / total) for lay, fmt, s in mix]


def allocate(rows: list[Row], n: int) -> list[Row]:
    """Exactly n slots, each row getting round(n x share) (largest remainders first), in a fixed order."""
    exact = [r.share * n for r in rows]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(rows)), key=lambda i: exact[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[i] += 1
    # interleaved, so that any prefix of the corpus has about the same mix
    order = sorted(((k + 0.5) / c, i) for i, c in enumerate(counts) for k in range(c))
    return [rows[i] for _, i in order]
