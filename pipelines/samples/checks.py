"""The consistency rules of docs/extraction.md, evaluated on a truth dict.

The generator uses this to prove that a consistent report breaks no rule and an inconsistent
one breaks exactly the recorded rule; the tests run it on every shipped sample. Breakdowns
are found through the ``links`` each truth amount carries (``part_of``, ``share_of`` ...).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import product
from typing import Any

MONEY_TOL = Decimal(100)  # 0.01 万元, in yuan
BANDS = {"优": 90, "优秀": 90, "良": 80, "良好": 80, "中": 60, "合格": 60, "差": 0, "不合格": 0}


def _d(x: Any) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def _rate_tol(source_value: str) -> Decimal:
    """Half of the last displayed digit of a rate (plus a hair for exact halves)."""
    import unicodedata

    s = unicodedata.normalize("NFKC", source_value)
    places = len(s.split(".")[1]) if "." in s else 0
    return Decimal(5).scaleb(-places - 1) + Decimal("1e-9")


def _plain(a: dict[str, Any]) -> bool:
    """A narrative department-level figure with no class, fund-source or detail breakdown."""
    return (a["subject_type"] == "department" and not a["func_code"] and not a["econ_code"]
            and not a["fund_source"] and not a["detail"] and a.get("origin", "narrative") == "narrative")


def band_floor(grade: str) -> tuple[Decimal, Decimal]:
    """The [low, high) score band of a grade word."""
    floor = BANDS[grade]
    ceiling = {90: 101, 80: 90, 60: 80, 0: 60}[floor]
    return Decimal(floor), Decimal(ceiling)


def findings(truth: dict[str, Any]) -> list[dict[str, Any]]:
    """Every rule the truth's figures break, as {rule, detail}."""
    amounts = truth["amounts"]
    out: list[dict[str, Any]] = []

    def fail(rule: str, detail: str) -> None:
        out.append({"rule": rule, "detail": detail})

    vals: dict[tuple[str, str], set[Decimal]] = defaultdict(set)
    for a in amounts:
        if _plain(a):
            vals[(a["measure"], a["phase"])].add(_d(a["value"]))
    phases = {p for _, p in vals}
    for phase in phases:
        def v(m: str, phase: str = phase) -> set[Decimal]:
            return vals.get((m, phase), set())

        for e, b, p in product(v("expenditure_total"), v("basic_expenditure"), v("project_expenditure")):
            if abs(e - b - p) > MONEY_TOL:
                fail("expenditure_equals_basic_plus_project", f"{phase}: {e} != {b} + {p}")
        for b, r, g in product(v("basic_expenditure"), v("personnel_expenditure"), v("public_expenditure")):
            if abs(b - r - g) > MONEY_TOL:
                fail("basic_equals_personnel_plus_public", f"{phase}: {b} != {r} + {g}")
        _sangong(v("sangong_total"), v("sangong_overseas"), v("sangong_vehicle"), v("sangong_vehicle_purchase"),
                 v("sangong_vehicle_operation"), v("sangong_reception"), phase, fail)

    children: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for a in amounts:
        links = a.get("links") or {}
        if "part_of" in links:
            children[int(links["part_of"])].append(a)
    for parent_idx, kids in children.items():
        parent = amounts[parent_idx]
        m = parent["measure"]
        if m.startswith("sangong"):
            continue
        rule = ("headcount_breakdown_sums" if m.startswith("staff_")
                else "revenue_parts_match_total" if m == "revenue_total" else "parts_sum_to_total")
        total = sum((_d(k["value"]) for k in kids), Decimal(0))
        tol = Decimal(0) if parent["kind"] == "count" else MONEY_TOL
        if abs(total - _d(parent["value"])) > tol:
            fail(rule, f"{parent['source_text']}: parts sum to {total}")

    for a in amounts:
        links = a.get("links") or {}
        if a["phase"] == "share" and "share_of" in links:
            part, whole = _d(amounts[links["part"]]["value"]), _d(amounts[links["share_of"]]["value"])
            expected = part / whole * 100
            if abs(expected - _d(a["value"])) > _rate_tol(a["source_value"]):
                fail("share_matches_amount", f"{a['source_text']}: expected {expected:.4f}")
        if a["phase"] == "yoy_change_rate" and "change" in links:
            cur, change = _d(amounts[links["current"]]["value"]), _d(amounts[links["change"]]["value"])
            expected = change / (cur - change) * 100
            if abs(expected - _d(a["value"])) > _rate_tol(a["source_value"]):
                fail("yoy_rate_matches_amounts", f"{a['source_text']}: expected {expected:.4f}")
        if a["phase"] == "budget_variance_rate" and "budget" in links:
            cur, budget = _d(amounts[links["current"]]["value"]), _d(amounts[links["budget"]]["value"])
            expected = (cur - budget) / budget * 100
            if abs(expected - _d(a["value"])) > _rate_tol(a["source_value"]):
                fail("variance_rate_matches_amounts", f"{a['source_text']}: expected {expected:.4f}")

    for s in truth["scores"]:
        if s.get("grade"):
            lo, hi = band_floor(s["grade"])
            if not lo <= _d(s["score"]) < hi:
                fail("grade_matches_score", f"{s['score']} graded {s['grade']}")

    _table_vs_narrative(truth, amounts, fail)
    return out


def _sangong(t: set[Decimal], o: set[Decimal], veh: set[Decimal], pu: set[Decimal], op: set[Decimal],
             r: set[Decimal], phase: str, fail: Any) -> None:
    vehicles = set(veh) | {a + b for a, b in product(pu, op)}
    for total, over, vv, rec in product(t, o, vehicles, r):
        if abs(total - over - vv - rec) > MONEY_TOL:
            fail("sangong_components_sum", f"{phase}: {total} != {over} + {vv} + {rec}")
    for vv, a, b in product(veh, pu, op):
        if abs(vv - a - b) > MONEY_TOL:
            fail("sangong_components_sum", f"{phase}: vehicle {vv} != {a} + {b}")


def _table_vs_narrative(truth: dict[str, Any], amounts: list[dict[str, Any]], fail: Any) -> None:
    rows = truth.get("projects") or []
    if not rows:
        return
    total = next((r for r in rows if r["is_total_row"]), None)
    by_name = {r["project_name"]: r for r in rows if not r["is_total_row"]}
    for a in amounts:
        if (a["measure"] != "project_expenditure" or a["phase"] not in {"approved", "executed"}
                or a.get("origin", "narrative") != "narrative"):
            continue
        column = "actual_total" if a["phase"] == "executed" else "budget_total"
        if _plain(a) and total is not None:
            table_value = _d(total[column])
        elif (a["subject_type"] == "project" and a["subject_name"] in by_name and not a["fund_source"]
              and not a["detail"]):
            table_value = _d(by_name[a["subject_name"]][column])
        else:
            continue
        if abs(table_value - _d(a["value"])) > MONEY_TOL:
            fail("narrative_matches_table", f"{a['source_text']} vs table {table_value}")


def failing_rules(truth: dict[str, Any]) -> set[str]:
    """The names of the rules the truth's figures break."""
    return {f["rule"] for f in findings(truth)}
