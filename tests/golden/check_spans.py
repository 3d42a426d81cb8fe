"""Verify the golden files against the seed reports: spans, units, vocabularies, no copied text.

This checks the golden files themselves (not a parser). Run:

    python tests/golden/check_spans.py            # seeds from $JIXIAO_SEEDS or /work/shared/seeds

It verifies, for every golden file:
- each amount's span covers exactly ``source_value + source_unit`` (table cells: ``source_value``
  only, the unit being in the table header), and ``value`` equals ``source_value`` converted to the
  canonical unit (万/万元 x 10 000, 亿元 x 10^8, sign from the phase);
- measure, phase, func_code and econ_code exist in the vocabularies under dbt_project/seeds
  (alternatives may name codes outside them, e.g. 21599);
- score, target, other-figure, project and table spans point at the stated text;
- no file in tests/golden contains a 30-character substring of any seed line.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS = Path(os.environ.get("JIXIAO_SEEDS", "/work/shared/seeds"))
VOCAB = ROOT / "dbt_project" / "seeds"

FACTOR = {
    "万元": Decimal(10000),
    "万": Decimal(10000),
    "元": Decimal(1),
    "亿元": Decimal(10**8),
    "亿": Decimal(10**8),
}
NEGATIVE_OK = {"yoy_change", "yoy_change_rate", "budget_variance", "budget_variance_rate"}
RATE_PHASES = {"share", "yoy_change_rate", "budget_variance_rate", "execution_rate"}
WINDOW = 30


def _vocab(name: str, key: str) -> set[str]:
    with open(VOCAB / name, encoding="utf-8") as f:
        return {row[key] for row in csv.DictReader(f)}


def check_file(path: Path, errors: list[str]) -> str:
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (SEEDS / gold["seed_file"]).read_bytes().decode("utf-8")
    measures = {}
    with open(VOCAB / "measures.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            measures[row["measure"]] = row["kind"]
    phases = _vocab("phases.csv", "phase")
    funcs = _vocab("func_classes.csv", "code")
    econs = _vocab("econ_classes.csv", "code")

    def err(msg: str) -> None:
        errors.append(f"{path.name}: {msg}")

    for i, a in enumerate(gold["amounts"]):
        where = f"amount {i} ({a['measure']}/{a['phase']})"
        got = text[a["char_start"] : a["char_end"]]
        want = a["source_value"] + ("" if a["origin"] == "table" else a["source_unit"])
        if got != want:
            err(f"{where}: span text {got!r} != {want!r}")
        if a["measure"] not in measures:
            err(f"{where}: unknown measure")
        if a["phase"] not in phases:
            err(f"{where}: unknown phase")
        if a["func_code"] and a["func_code"] not in funcs:
            err(f"{where}: unknown func_code {a['func_code']}")
        if a["econ_code"] and a["econ_code"] not in econs:
            err(f"{where}: unknown econ_code {a['econ_code']}")
        src = Decimal(a["source_value"])
        if a["kind"] == "money":
            expected = src * FACTOR[a["source_unit"]]
            unit_ok = a["value_unit"] == "yuan"
        else:
            expected = src
            unit_ok = a["value_unit"] == {"rate": "percent", "score": "points"}.get(
                a["kind"], "person" if a["measure"].startswith("staff_") else "count"
            )
        if a["kind"] == "rate" and a["source_unit"] != "%":
            err(f"{where}: rate without %")
        if a["phase"] in RATE_PHASES and a["kind"] != "rate":
            err(f"{where}: phase {a['phase']} must be a rate")
        if not unit_ok:
            err(f"{where}: value_unit {a['value_unit']} does not fit kind {a['kind']}")
        value = Decimal(str(a["value"]))
        if value < 0 and a["phase"] not in NEGATIVE_OK:
            err(f"{where}: negative value in phase {a['phase']}")
        if abs(value) != expected:
            err(f"{where}: value {value} != {a['source_value']}{a['source_unit']} converted ({expected})")
        if a["kind"] == "money" and not isinstance(a["value"], str):
            err(f"{where}: money value must be a decimal string")

    for i, s in enumerate(gold["scores"]):
        got = text[s["char_start"] : s["char_end"]]
        if Decimal(got.rstrip("分")) != Decimal(str(s["score"])):
            err(f"score {i}: span {got!r} != {s['score']}")

    for i, o in enumerate(gold["other_figures"]):
        got = text[o["char_start"] : o["char_end"]]
        if got != o["fragment"] or not got.startswith(o["source_value"]):
            err(f"other_figure {i}: span {got!r} != {o['fragment']!r}")

    for i, t in enumerate(gold["targets"]):
        got = text[t["char_start"] : t["char_end"]]
        if "target_text" in t and got != t["target_text"]:
            err(f"target {i}: span {got!r} != {t['target_text']!r}")
        if not got.strip():
            err(f"target {i}: empty span")
        if t["target_unit"] == "yuan" and t["target_value"] is not None:
            num = Decimal(
                "".join(ch for ch in got.split("万")[0].split("亿")[0] if ch.isdigit() or ch == ".")
            )
            unit = "亿元" if "亿" in got else "万"
            if num * FACTOR[unit] != Decimal(t["target_value"]):
                err(f"target {i}: {got!r} != {t['target_value']} yuan")

    for i, p in enumerate(gold["projects"]):
        if text[p["char_start"] : p["char_end"]] != p["project_name"]:
            err(f"project {i}: span does not cover the project name")

    for i, t in enumerate(gold["tables"]):
        chunk = text[t["char_start"] : t["char_end"]]
        for cell in t["header"] + [c for r in t["rows"] for c in r]:
            if cell not in chunk:
                err(f"table {i}: cell {cell!r} not inside the table span")

    return gold["seed_file"]


def check_no_copied_text(errors: list[str]) -> None:
    windows: set[str] = set()
    for seed in SEEDS.glob("*.txt"):
        for line in seed.read_bytes().decode("utf-8").split("\n"):
            for k in range(len(line) - WINDOW + 1):
                windows.add(line[k : k + WINDOW])
    for f in sorted(HERE.iterdir()):
        if f.suffix not in {".json", ".md", ".py"}:
            continue
        content = f.read_text(encoding="utf-8")
        for k in range(len(content) - WINDOW + 1):
            if content[k : k + WINDOW] in windows:
                errors.append(f"{f.name}: contains a {WINDOW}-char substring of a seed line at {k}")
                break


def main() -> int:
    errors: list[str] = []
    files = sorted(HERE.glob("*.json"))
    for path in files:
        check_file(path, errors)
    check_no_copied_text(errors)
    for e in errors:
        print(e)
    print(f"{len(files)} golden files checked, {len(errors)} problem(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
