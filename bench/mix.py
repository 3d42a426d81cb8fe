"""The benchmark's report mix: which layouts arrive in which formats, as one table.

Each row is a layout (what the document is), a format (how it was published) and a share.
A layout names the generator that writes it (``module:function``, returning the report text
in the txt layout and its truth); a row whose generator is not importable yet is *pending*:
it is left out, its share spread over the others, and RESULTS.md names it. So the standard
forms the generator is learning (the 10号 project form, the department-overall form, the
old cover sheets) join the benchmark by having their generator merged, not by editing code.

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
    # Standard forms (财预〔2020〕10号 and older); pending until the generator ships them.
    "project_form": Layout("project_form", "pipelines.samples.forms:generate_project_form"),
    "department_form": Layout("department_form", "pipelines.samples.forms:generate_department_form"),
    "cover_sheet": Layout("cover_sheet", "pipelines.samples.forms:generate_cover_sheet"),
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


def generator(layout: Layout) -> Generator | None:
    """The layout's generator, or None when it is not importable (pending)."""
    module, func = layout.generator.split(":")
    try:
        fn = getattr(importlib.import_module(module), func)
    except (ImportError, AttributeError):
        return None
    kwargs = dict(layout.kwargs)
    return lambda seed: fn(seed, **kwargs)


@dataclass(frozen=True)
class Row:
    layout: str
    fmt: str
    share: float  # after pending rows are left out (sums to 1)


def active_mix(mix: tuple[tuple[str, str, float], ...] = MIX) -> tuple[list[Row], list[tuple[str, str, float]]]:
    """The rows whose generator is available (shares rescaled to 1) and the pending rows."""
    available = [(lay, fmt, share) for lay, fmt, share in mix if generator(LAYOUTS[lay]) is not None]
    pending = [r for r in mix if r not in available]
    total = sum(s for _, _, s in available)
    return [Row(lay, fmt, s / total) for lay, fmt, s in available], pending


def allocate(rows: list[Row], n: int) -> list[Row]:
    """Exactly n slots, each row getting round(n x share) (largest remainders first), in a fixed order."""
    exact = [r.share * n for r in rows]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(rows)), key=lambda i: exact[i] - counts[i], reverse=True)[: n - sum(counts)]:
        counts[i] += 1
    # interleaved, so that any prefix of the corpus has about the same mix
    order = sorted(((k + 0.5) / c, i) for i, c in enumerate(counts) for k in range(c))
    return [rows[i] for _, i in order]
