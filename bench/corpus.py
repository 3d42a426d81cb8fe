"""Write a benchmark corpus: N generated reports in the mix of ``bench.mix``, on every core.

Each report is written in its row's format; beside it, in hidden folders the inbox ignores,
``.truth/<name>.json`` (what must be read) and ``.source/<name>.txt`` (the text in the txt
layout, from which the expected tables are known for the reader comparison). A corpus is
cached by (n, seed, mix): asking again for the same one reuses the files.
"""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from bench.mix import LAYOUTS, MIX, Row, allocate, generator, mix_rows

CACHE = Path(__file__).resolve().parent / "corpus"


def mix_digest(rows: list[Row]) -> str:
    return hashlib.sha256(json.dumps([(r.layout, r.fmt, round(r.share, 6)) for r in rows]).encode()).hexdigest()[:8]


def _write_one(args: tuple[int, str, str, str, str]) -> str:
    from pipelines.samples import to_json
    from pipelines.samples.render_formats import write_report

    i, layout, fmt, seed, out = args
    gen = generator(LAYOUTS[layout])
    text, truth = gen(f"bench-{seed}-{i}")
    name = f"{i:06d}_{layout}"
    folder = Path(out)
    write_report(text, folder / f"{name}.{fmt}", fmt)
    (folder / ".truth" / f"{name}.json").write_text(to_json(truth) + "\n", encoding="utf-8")
    (folder / ".source" / f"{name}.txt").write_text(text, encoding="utf-8")
    return name


def build(n: int, seed: int = 1, out: Path | None = None, workers: int | None = None,
          start: int = 0) -> tuple[Path, list[Row]]:
    """Write (or reuse) the corpus; returns its folder and the mix rows used."""
    rows = mix_rows(MIX)
    folder = out or CACHE / f"n{n}-seed{seed}-{mix_digest(rows)}"
    done = folder / ".complete"
    if done.exists():
        return folder, rows
    for sub in (".truth", ".source"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    slots = allocate(rows, n)
    jobs = [(start + i, r.layout, r.fmt, str(seed), str(folder)) for i, r in enumerate(slots)]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        list(pool.map(_write_one, jobs, chunksize=16))
    done.write_text(json.dumps({"n": n, "seed": seed}), encoding="utf-8")
    return folder, rows


def add_report(folder: Path, index: int, seed: int = 1, fmt: str = "docx") -> Path:
    """Write one more department report into ``folder`` (the 'one new report' of the incremental run),
    at the first index from ``index`` that the folder does not hold yet."""
    while list(folder.glob(f"{index:06d}_*")):
        index += 1
    for sub in (".truth", ".source"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    name = _write_one((index, "department_report", fmt, f"extra-{seed}", str(folder)))
    return folder / f"{name}.{fmt}"
