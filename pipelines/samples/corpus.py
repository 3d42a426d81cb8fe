"""Write a corpus of sample reports and their truth files."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from .build import KINDS, generate_report

DEFAULT_KINDS: Mapping[str, float] = {"department_overall": 0.8, "project": 0.12, "other": 0.08}
KIND_LABEL = {"department_overall": "部门整体", "project": "项目", "other": "其他"}
GB18030_RATE = 0.1


def _default(o: Any) -> Any:
    if isinstance(o, Decimal):
        return format(o.normalize(), "f") if o else "0"
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def to_json(truth: dict[str, Any]) -> str:
    """The truth as written beside each sample (Decimals as strings, UTF-8, indent 1)."""
    return json.dumps(truth, ensure_ascii=False, indent=1, default=_default)


def _allocate(rng: random.Random, n: int, weights: Mapping[str, float]) -> list[str]:
    """Exactly round(n * share) reports of each kind (the remainder to the largest), shuffled."""
    total = sum(weights.values())
    counts = {k: round(n * w / total) for k, w in weights.items()}
    biggest = max(weights, key=lambda k: weights[k])
    counts[biggest] += n - sum(counts.values())
    kinds = [k for k, c in counts.items() for _ in range(max(0, c))]
    rng.shuffle(kinds)
    return kinds


def generate_corpus(
    out_dir: str | Path,
    n: int,
    seed: int = 0,
    encoding_mix: bool = False,
    inconsistent_rate: float = 0.1,
    kinds: Mapping[str, float] | Iterable[str] = DEFAULT_KINDS,
) -> list[Path]:
    """Write ``n`` reports to ``out_dir`` (truth in ``out_dir/.truth/``); returns the ``.txt`` paths.

    Deterministic per seed.

    ``kinds`` maps report kinds to shares (or lists kinds, equally shared). Of the
    department-overall reports, round(count x ``inconsistent_rate``) break one rule on
    purpose; with ``encoding_mix`` round(n x 10 %) files (at least one) are GB18030.
    """
    weights = dict(kinds) if isinstance(kinds, Mapping) else {k: 1.0 for k in kinds}
    unknown = set(weights) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown report kinds {sorted(unknown)}; expected some of {KINDS}")
    rng = random.Random(f"jixiao-corpus-{seed}")
    plan = _allocate(rng, n, weights)
    dept_slots = [i for i, k in enumerate(plan) if k == "department_overall"]
    n_bad = round(len(dept_slots) * inconsistent_rate)
    bad = set(rng.sample(dept_slots, n_bad)) if n_bad else set()
    n_gb = max(1, round(n * GB18030_RATE)) if encoding_mix and n else 0
    gb = set(rng.sample(range(n), n_gb))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, kind in enumerate(plan):
        text, truth = generate_report(f"{seed}-{i}", kind=kind, inconsistent=i in bad)
        encoding = "gb18030" if i in gb else "utf-8"
        truth["report"]["encoding"] = encoding
        data = text.encode(encoding)
        r = truth["report"]
        place = r["county"] or r["city"] or r["province"]
        dept = r["department"].removeprefix(place) if place else r["department"]
        digest = hashlib.sha256(data).hexdigest()[:8]
        name = f"{r['fiscal_year']}_{place}_{dept}_{KIND_LABEL[kind]}_{digest}"
        path = out / f"{name}.txt"
        path.write_bytes(data)
        truth_path(path).parent.mkdir(exist_ok=True)
        truth_path(path).write_text(to_json(truth) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def generate_forms(out_dir: str | Path, n: int, seed: int = 0, shapes: Iterable[str] | None = None) -> list[Path]:
    """Write ``n`` self-evaluation forms (the three layouts of ``forms.LAYOUTS`` in turn), each in a
    shape of ``shapes`` (default: every shape, in turn), with the truth in ``out_dir/.truth/``."""
    from .form_shapes import SHAPES, suffix, write_form
    from .forms import LAYOUTS, form_report

    shapes = tuple(shapes or SHAPES)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        layout, shape = LAYOUTS[i % len(LAYOUTS)], shapes[(i // len(LAYOUTS)) % len(shapes)]
        items, truth = form_report(f"{seed}-{i}", layout)
        truth["shape"] = shape
        path = write_form(items, out / f"form_{layout}_{shape}_{seed}-{i}.{suffix(shape)}", shape)
        truth_path(path).parent.mkdir(exist_ok=True)
        truth_path(path).write_text(to_json(truth) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def truth_path(report: Path) -> Path:
    """Where the truth of a generated report lives: ``<folder>/.truth/<name>.json``.

    The folder is hidden, so a corpus can be used as a pipeline inbox as it is (the inbox
    ignores names starting with ".").
    """
    return report.parent / ".truth" / f"{report.stem}.json"


def read_truth(report: Path) -> dict[str, Any]:
    return json.loads(truth_path(report).read_text(encoding="utf-8"))
