"""Consistency rules (DOMAIN.md §7) over what was extracted: failures become findings."""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from pipelines.model import Amount, Finding, Score, TableRow
from pipelines.parsing import lexicon
from pipelines.parsing.amounts import share_denominator
from pipelines.parsing.mentions import Mention
from pipelines.parsing.normalize import label_key
from pipelines.parsing.numbers import MONEY_FACTORS, parse_number, to_yuan
from pipelines.parsing.sentences import Sentence

MONEY_TOLERANCE_WAN = Decimal("0.01")  # ±0.01 in the reported unit (万元 in almost every report)
GRADE_BANDS = (("优", 90), ("良", 80), ("中", 60), ("差", 0))
GRADE_ALIASES = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差", "A": "优", "B": "良", "C": "中", "D": "差"}


def _money_tolerance(a: Amount) -> Decimal:
    factor = MONEY_FACTORS.get(a.source_unit, Decimal(1))
    return MONEY_TOLERANCE_WAN * factor if factor > 1 else Decimal("0.01")


def _rate_tolerance(stated: Amount) -> Decimal:
    decimals = len(stated.source_value.split(".")[1]) if "." in stated.source_value else 0
    return Decimal("0.5") * Decimal(10) ** -decimals + Decimal("0.0001")


class _Collector:
    def __init__(self, report_id: str) -> None:
        self.report_id = report_id
        self.findings: list[Finding] = []

    def add(self, rule: str, severity: str, message: str, left: tuple[str, Decimal | None, Amount | None],
            right: tuple[str, Decimal | None, Amount | None]) -> None:
        lf, rt = left[2], right[2]
        self.findings.append(Finding(
            self.report_id, len(self.findings) + 1, rule, severity, message, left[0], left[1], right[0], right[1],
            left_char_start=lf.char_start if lf else None, left_char_end=lf.char_end if lf else None,
            left_text=lf.sentence if lf else None, right_char_start=rt.char_start if rt else None,
            right_char_end=rt.char_end if rt else None, right_text=rt.sentence if rt else None,
        ))


def _key(a: Amount) -> tuple:
    return (a.phase, a.subject_type, a.subject_name)


def _plain(amounts: Iterable[Amount]) -> dict[tuple, dict[str, Amount]]:
    """(phase, subject) -> measure -> first money amount without a class code."""
    out: dict[tuple, dict[str, Amount]] = defaultdict(dict)
    for a in amounts:
        if a.kind == "money" and a.func_code is None and a.econ_code is None and a.detail is None:
            out[_key(a)].setdefault(a.measure, a)
    return out


def _check_identity(c: _Collector, plain: dict[tuple, dict[str, Amount]], rule: str, total: str, parts: tuple[str, ...]) -> None:
    for group in plain.values():
        if total not in group or not all(p in group for p in parts):
            continue
        t = group[total]
        s = sum((group[p].value for p in parts), Decimal(0))
        if abs(t.value - s) > _money_tolerance(t):
            names = " + ".join(parts)
            c.add(rule, "error", f"{total} {t.value} ≠ {names} = {s} (yuan, {t.phase})",
                  (total, t.value, t), (names, s, group[parts[0]]))


def _check_sangong(c: _Collector, plain: dict[tuple, dict[str, Amount]]) -> None:
    for group in plain.values():
        if "sangong_total" not in group:
            continue
        vehicle = group.get("sangong_vehicle")
        vehicle_value = vehicle.value if vehicle else None
        if vehicle is None and {"sangong_vehicle_purchase", "sangong_vehicle_operation"} <= group.keys():
            vehicle_value = group["sangong_vehicle_purchase"].value + group["sangong_vehicle_operation"].value
        if vehicle_value is None or not {"sangong_overseas", "sangong_reception"} <= group.keys():
            _check_sangong_namely(c, group)
            continue
        t = group["sangong_total"]
        s = group["sangong_overseas"].value + vehicle_value + group["sangong_reception"].value
        if abs(t.value - s) > _money_tolerance(t):
            c.add("sangong_components_sum", "error", f"三公经费 {t.value} ≠ components {s} (yuan, {t.phase})",
                  ("sangong_total", t.value, t), ("overseas + vehicle + reception", s, group["sangong_reception"]))


def _check_sangong_namely(c: _Collector, group: dict[str, Amount]) -> None:
    """三公经费X万元，即<component>Y万元: the components named as being the total do not make it up."""
    t = group["sangong_total"]
    parts = [a for m, a in group.items() if m != "sangong_total" and m.startswith("sangong_") and a.sentence == t.sentence
             and a.char_start > t.char_start and a.kind == "money"]
    if not parts:
        return
    first = min(parts, key=lambda a: a.char_start)
    between = t.sentence[t.sentence.find(t.source_value): t.sentence.find(first.source_text)] if first.source_text else ""
    if "即" not in between and not first.source_text.startswith("即"):
        return
    s = sum((a.value for a in parts), Decimal(0))
    if abs(t.value - s) > _money_tolerance(t):
        c.add("sangong_components_sum", "warning", f"三公经费 {t.value} stated as namely components adding to {s} (yuan, {t.phase})",
              ("sangong_total", t.value, t), ("components stated", s, first))


def _check_breakdowns(c: _Collector, amounts: list[Amount]) -> None:
    """Parts listed in one sentence (same measure, phase, scheme) vs the nearest stated total before them."""
    listings: dict[tuple, list[Amount]] = defaultdict(list)
    for a in amounts:
        code = a.func_code or a.econ_code
        if a.kind == "money" and code:
            listings[(a.sentence, a.char_start // 100000, a.measure, a.phase, "func" if a.func_code else "econ")].append(a)
    for (_, _, measure, phase, _), parts in listings.items():
        if len(parts) < 2:
            continue
        first = min(p.char_start for p in parts)
        fund = {p.fund_source for p in parts}
        totals = [a for a in amounts if a.measure == measure and a.phase == phase and a.kind == "money"
                  and not a.func_code and not a.econ_code and a.char_start < first and first - a.char_start < 600
                  and (a.fund_source is None or a.fund_source in fund)]
        if not totals:  # the total may be restated after its parts (本年基本支出… in a later section)
            last = max(p.char_start for p in parts)
            totals = [a for a in amounts if a.measure == measure and a.phase == phase and a.kind == "money"
                      and a.origin == "narrative" and not a.func_code and not a.econ_code and not a.detail
                      and a.subject_type == "department" and 0 < a.char_start - last < 1000]
            if not totals:
                continue
            total = min(totals, key=lambda a: a.char_start)
        else:
            total = max(totals, key=lambda a: a.char_start)
        # Parts at one level only (class 3 digits, or 款 5 digits) add up to the total.
        levels = {len(p.func_code or p.econ_code or "") for p in parts}
        if len(levels) > 1:
            top = min(levels)
            parts = [p for p in parts if len(p.func_code or p.econ_code or "") == top] or parts
        s = sum((p.value for p in parts), Decimal(0))
        if abs(s - total.value) > _money_tolerance(total):
            severity = "error" if s > total.value else "warning"
            c.add("parts_sum_to_total", severity, f"{measure} {total.value} vs sum of {len(parts)} listed parts {s} (yuan, {phase})",
                  (measure, total.value, total), ("sum of parts", s, parts[0]))


def _check_shares(c: _Collector, amounts: list[Amount]) -> None:
    money = [a for a in amounts if a.kind == "money"]
    for share in (a for a in amounts if a.phase == "share"):
        part = next((a for a in reversed(money) if a.char_start < share.char_start and a.measure == share.measure
                     and a.func_code == share.func_code and a.econ_code == share.econ_code), None)
        if part is None:
            continue
        denominator_measure = share.measure
        of = share_denominator(share.source_text)
        found = lexicon.find_measure(of) if of else None
        if found:
            denominator_measure = found[0]
        elif of is not None:  # 占预算收入的X%: a total named by 收入 / 支出 and phase words only
            if "收入" in of:
                denominator_measure = "revenue_total"
            elif "支出" in of:
                denominator_measure = "expenditure_total"
            else:
                continue
        if of is None and not (share.func_code or share.econ_code):
            # 其中：基本支出X，占39.80%: a share of the total the part is listed under (the figure
            # of another measure stated before it in the sentence); an assumption, so a warning.
            after_total = part.sentence.lstrip().startswith("其中")  # 总额X。其中：基本支出Y，占Z%
            candidates = [a for a in money if a.char_start < part.char_start
                          and (a.sentence == part.sentence or (after_total and part.char_start - a.char_start < 200))
                          and a.measure != part.measure and a.phase == part.phase and not a.func_code
                          and not a.econ_code and a.subject_type == part.subject_type and a.value >= part.value]
        else:
            candidates = [a for a in money if a.measure == denominator_measure and not a.func_code and not a.econ_code
                          and a.char_start < part.char_start and a is not part]
            if share.func_code or share.econ_code or denominator_measure != share.measure:
                candidates = [a for a in candidates if a.phase == part.phase] or candidates
        if not candidates:
            continue
        total = max(candidates, key=lambda a: a.char_start)
        if total.value == 0:
            continue
        recomputed = part.value / total.value * 100
        if abs(recomputed - share.value) > _rate_tolerance(share):
            c.add("share_matches_amount", "error" if of is not None else "warning",
                  f"stated share {share.value}% ≠ {part.value} / {total.value} = {recomputed:.2f}%",
                  ("stated share", share.value, share), ("recomputed share", recomputed.quantize(Decimal("0.01")), total))


_YOY_WINDOW = 2000  # characters before a stated rate where the figures it compares are looked for


def _check_yoy(c: _Collector, amounts: list[Amount]) -> None:
    by_measure: dict[str, list[Amount]] = defaultdict(list)
    for a in sorted(amounts, key=lambda a: a.char_start):
        if a.kind == "money":
            by_measure[a.measure].append(a)
    starts = {m: [a.char_start for a in rows] for m, rows in by_measure.items()}
    for rate in (a for a in amounts if a.phase in ("yoy_change_rate", "budget_variance_rate")):
        rows, keys = by_measure.get(rate.measure, []), starts.get(rate.measure, [])
        window = rows[bisect_left(keys, rate.char_start - _YOY_WINDOW): bisect_left(keys, rate.char_start)]
        before = [a for a in window if a.measure == rate.measure and a.char_start < rate.char_start and a.kind == "money"
                  and not a.func_code and not a.econ_code and a.fund_source == rate.fund_source and not a.detail
                  and a.subject_type == rate.subject_type and a.subject_name == rate.subject_name]
        if rate.phase == "yoy_change_rate":
            current = next((a for a in reversed(before) if a.phase == "executed"), None)
            change = next((a for a in reversed(before) if a.phase == "yoy_change"), None)
            prior = next((a for a in reversed(before) if a.phase == "prior_year"), None)
            if current is None and prior is not None and change is not None:
                base, diff = prior.value, change.value
            elif current is not None and prior is not None:
                base, diff = prior.value, current.value - prior.value
            elif current is not None and change is not None:
                base, diff = current.value - change.value, change.value
            else:
                continue
            rule, ref = "yoy_rate_matches_amounts", current or prior
        else:
            budget = next((a for a in reversed(before) if a.phase in ("approved", "adjusted")), None)
            actual = next((a for a in reversed(before) if a.phase == "executed"), None)
            if budget is None or actual is None:
                continue
            base, diff, rule, ref = budget.value, actual.value - budget.value, "variance_rate_matches_amounts", actual
        if base == 0:
            continue
        recomputed = diff / base * 100
        if abs(recomputed - rate.value) > _rate_tolerance(rate):
            c.add(rule, "error", f"stated {rate.value}% ≠ recomputed {recomputed:.2f}% for {rate.measure}",
                  ("stated rate", rate.value, rate), ("recomputed rate", recomputed.quantize(Decimal("0.01")), ref))


def _check_headcounts(c: _Collector, amounts: list[Amount]) -> None:
    staff = [a for a in amounts if a.kind == "count" and a.measure.startswith("staff_")]
    for total in (a for a in staff if a.detail is None):
        parts = [a for a in staff if a.detail and a.measure == total.measure and a.sentence == total.sentence
                 and a.subject_name == total.subject_name and a.char_start > total.char_start]
        if len(parts) < 2:
            continue
        s = sum((p.value for p in parts), Decimal(0))
        if s != total.value:
            c.add("headcount_breakdown_sums", "error", f"{total.measure} {total.value} ≠ sum of breakdown {s}",
                  (total.measure, total.value, total), ("sum of breakdown", s, parts[0]))


# N人，占总人数的X%: a stated share of a headcount (people of an age, education or post).
_HEADCOUNT_SHARE = re.compile(
    r"(?P<n>\d{1,5})\s*(?:人|名)[，,]?\s*占(?P<of>[^\d%。；;，,]{0,10}?)(?:的)?(?:比例|比重)?(?:为|是)?(?P<pct>\d{1,3}(?:\.\d+)?)\s*%")


def _check_headcount_shares(c: _Collector, amounts: list[Amount]) -> None:
    """A share stated for a group of staff (N人，占总人数的X%) vs N / the headcount of the sentence.

    The group itself is not an amount (ages and education levels are not staffing measures) and
    which headcount 总人数 means is an assumption, so a failure is a warning. The total is the
    sentence's authorized headcount when the share names 编制, else its actual headcount.
    """
    totals: dict[str, list[Amount]] = defaultdict(list)
    for a in amounts:
        if a.kind == "count" and a.measure in ("staff_actual", "staff_authorized") and a.detail is None:
            totals[a.sentence].append(a)
    for sentence, staff in totals.items():
        for m in _HEADCOUNT_SHARE.finditer(sentence):
            measure = "staff_authorized" if "编制" in m["of"] else "staff_actual"
            total = next((a for a in staff if a.measure == measure), None)
            n, pct = Decimal(m["n"]), Decimal(m["pct"])
            if total is None or total.value <= n or sentence.find(total.source_value + total.source_unit) > m.start():
                continue
            recomputed = n / total.value * 100
            decimals = len(m["pct"].split(".")[1]) if "." in m["pct"] else 0
            if abs(recomputed - pct) > Decimal("0.5") * Decimal(10) ** -decimals + Decimal("0.0001"):
                offset = total.char_start - sentence.find(total.source_value + total.source_unit)
                stated = Amount(c.report_id, 0, measure, "rate", "share", pct, "percent", m["pct"], "%", m.group(0),
                                sentence, offset + m.start("pct"), offset + m.end())
                c.add("share_matches_amount", "warning",
                      f"stated share {pct}% of {total.measure} ≠ {n} / {total.value} = {recomputed:.2f}%",
                      ("stated share of a headcount", pct, stated),
                      (f"{n} / {total.value}", recomputed.quantize(Decimal("0.01")), total))


def _check_grades(c: _Collector, scores: list[Score]) -> None:
    for s in scores:
        if not s.grade:
            continue
        grade = GRADE_ALIASES.get(s.grade, s.grade)
        expected = next((g for g, floor in GRADE_BANDS if s.score >= floor), "差")
        if grade in dict(GRADE_BANDS) and grade != expected:
            c.findings.append(Finding(c.report_id, len(c.findings) + 1, "grade_matches_score", "error",
                                      f"grade {s.grade} does not match score {s.score} (expected {expected})",
                                      "score", s.score, "grade", None, s.char_start, s.char_end, s.sentence))


def _check_tables_vs_narrative(c: _Collector, table_rows: list[TableRow],
                               labelled: list[tuple[str, Mention, Sentence]]) -> None:
    """A label in a summary table whose narrative figure differs (same item, two values)."""
    for row in table_rows:
        headers = json.loads(row.header_json)
        cells = json.loads(row.cells_json)
        for header, cell in zip(headers, cells, strict=False):
            key = label_key(header)
            value = parse_number(cell.strip()) if cell else None
            if value is None or len(key) < 4 or key in ("合计", "总计", "小计"):
                continue
            for label, mention, sentence in labelled:
                if key not in label:
                    continue
                if mention.value != value:
                    stated = Amount(c.report_id, 0, "", "money", "", mention.value, "", mention.source_value,
                                    mention.source_unit, "", sentence.text, mention.start, mention.end)
                    c.findings.append(Finding(
                        c.report_id, len(c.findings) + 1, "narrative_matches_table", "error",
                        f"{header}: narrative {mention.source_value}{mention.source_unit} ≠ table {cell}",
                        "narrative", to_yuan(mention.value, mention.source_unit), "table", value * MONEY_FACTORS["万元"], stated.char_start, stated.char_end, sentence.text,
                        row.char_start, row.char_end, row.cells_json,
                    ))
                break


def _check_items_vs_tables(c: _Collector, amounts: list[Amount], by_name: dict[int, bool]) -> None:
    """A narrative figure attributed to a table item (project row or summary column) vs the table's figure.

    Severity ``error`` when the narrative names the item itself, ``warning`` when it only uses
    the item's description (the purpose column), which may mean a different amount.
    """
    table = {(a.subject_name, a.measure): a for a in amounts
             if a.origin == "table" and a.subject_type == "project" and a.phase == "executed" and a.detail is None}
    for a in amounts:
        if a.origin != "narrative" or a.subject_type != "project" or a.char_start not in by_name or a.detail:
            continue
        t = table.get((a.subject_name, a.measure))
        if t is None or abs(t.value - a.value) <= _money_tolerance(a):
            continue
        severity = "error" if by_name[a.char_start] else "warning"
        c.add("narrative_matches_table", severity, f"{a.subject_name}: narrative {a.source_value}{a.source_unit} ≠ table {t.source_value}{t.source_unit}",
              (f"narrative: {a.subject_name}", a.value, a), (f"table: {a.subject_name}", t.value, t))


def _check_items_sum(c: _Collector, amounts: list[Amount], by_name: dict[int, bool]) -> None:
    """Narrative figures for the items of a summary table vs the narrative total the table restates."""
    totals = [a for a in amounts if a.origin == "table" and a.subject_type == "department"]
    for total in totals:
        items = {a.subject_name for a in amounts if a.origin == "table" and a.subject_type == "project"
                 and a.sentence and a.measure == total.measure}
        narrative = [a for a in amounts if a.origin == "narrative" and a.subject_type == "project" and a.detail is None
                     and a.subject_name in items and a.char_start in by_name and a.char_start < total.char_start]
        if len({a.subject_name for a in narrative}) < 2:
            continue
        first = {}
        for a in narrative:
            first.setdefault(a.subject_name, a)
        last_item = max(a.char_start for a in first.values())
        stated = next((a for a in amounts if a.origin == "narrative" and a.subject_type == "department" and a.kind == "money"
                       and a.value == total.value and last_item < a.char_start < total.char_start), None)
        if stated is None:
            continue
        s = sum((a.value for a in first.values()), Decimal(0))
        if abs(s - stated.value) > _money_tolerance(stated):
            c.add("parts_sum_to_total", "error", f"{stated.measure} {stated.value} ≠ sum of {len(first)} narrative items {s}",
                  (stated.measure, stated.value, stated), ("sum of narrative items", s, next(iter(first.values()))))


def _check_revenue(c: _Collector, amounts: list[Amount]) -> None:
    """Revenue split into basic revenue + project revenue: the parts and their shares vs the total."""
    money = [a for a in amounts if a.kind == "money" and a.origin == "narrative" and a.subject_type == "department"
             and not a.func_code and not a.econ_code and a.detail is None]
    for basic in (a for a in money if a.measure == "basic_revenue"):
        total = next((a for a in reversed(money) if a.measure == "revenue_total" and a.phase == basic.phase
                      and a.char_start < basic.char_start), None)
        project = next((a for a in money if a.measure == "project_expenditure" and a.phase == basic.phase
                        and a.char_start > basic.char_start and a.sentence == basic.sentence), None)
        if total is None or project is None:
            continue
        s = basic.value + project.value
        if abs(s - total.value) > _money_tolerance(total):
            c.add("revenue_parts_match_total", "error", f"revenue_total {total.value} ≠ basic {basic.value} + project {project.value} = {s}",
                  ("revenue_total", total.value, total), ("basic_revenue + project revenue", s, basic))
        shares = [a for a in amounts if a.phase == "share" and a.sentence == basic.sentence
                  and a.measure in ("basic_revenue", "project_expenditure")]
        if {a.measure for a in shares} == {"basic_revenue", "project_expenditure"}:
            stated = sum((a.value for a in shares), Decimal(0))
            if abs(stated - 100) > sum((_rate_tolerance(a) for a in shares), Decimal(0)):
                c.add("revenue_parts_match_total", "warning", f"shares of basic and project revenue add to {stated}%, not 100%",
                      ("basic + project shares", stated, shares[0]), ("expected", Decimal(100), None))


def _check_execution_rates(c: _Collector, amounts: list[Amount]) -> None:
    """完成预算的X% against executed / (executed - stated variance), when the budget is only implied."""
    for rate in (a for a in amounts if a.phase == "execution_rate"):
        same = [a for a in amounts if a.measure == rate.measure and a.func_code == rate.func_code
                and a.econ_code == rate.econ_code and a.sentence == rate.sentence and a.kind == "money"]
        actual = next((a for a in reversed(same) if a.phase == "executed" and a.char_start < rate.char_start), None)
        variance = next((a for a in same if a.phase == "budget_variance" and a.char_start > rate.char_start), None)
        budget = next((a for a in same if a.phase in ("approved", "adjusted")), None)
        if actual is None or (variance is None and budget is None):
            continue
        base = budget.value if budget is not None else actual.value - variance.value  # type: ignore[union-attr]
        if base <= 0:
            continue
        recomputed = actual.value / base * 100
        if abs(recomputed - rate.value) <= _rate_tolerance(rate):
            continue
        stated_variance = next((a for a in amounts if a.phase == "budget_variance_rate" and a.sentence == rate.sentence
                                and a.measure == rate.measure and a.func_code == rate.func_code
                                and a.econ_code == rate.econ_code and a.char_start > rate.char_start), None)
        if stated_variance is not None and abs(rate.value - 100 - stated_variance.value) <= _rate_tolerance(stated_variance):
            # Both statements say the same thing: report it once, as the variance rate.
            rate, recomputed = stated_variance, recomputed - 100
        c.add("variance_rate_matches_amounts", "error", f"stated {rate.value}% ≠ recomputed {recomputed:.2f}% ({rate.phase})",
              (f"stated {rate.phase}", rate.value, rate), ("recomputed", recomputed.quantize(Decimal("0.01")), actual))


def check_consistency(report_id: str, amounts: list[Amount], scores: list[Score], table_rows: list[TableRow],
                      labelled: list[tuple[str, Mention, Sentence]], attributed: dict[int, bool] | None = None) -> list[Finding]:
    """Every rule the extracted data allows; one finding per failure."""
    c = _Collector(report_id)
    plain = _plain(amounts)
    _check_identity(c, plain, "basic_equals_personnel_plus_public", "basic_expenditure", ("personnel_expenditure", "public_expenditure"))
    _check_identity(c, plain, "expenditure_equals_basic_plus_project", "expenditure_total", ("basic_expenditure", "project_expenditure"))
    _check_sangong(c, plain)
    _check_breakdowns(c, amounts)
    _check_shares(c, amounts)
    _check_yoy(c, amounts)
    _check_headcounts(c, amounts)
    _check_headcount_shares(c, amounts)
    _check_grades(c, scores)
    if attributed is None:
        _check_tables_vs_narrative(c, table_rows, labelled)
    else:
        _check_items_vs_tables(c, amounts, attributed)
        _check_items_sum(c, amounts, attributed)
    _check_revenue(c, amounts)
    _check_execution_rates(c, amounts)
    return c.findings
