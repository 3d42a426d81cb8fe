"""Counts that belong to a measure of kind ``count`` other than staffing: 出国团组, vehicles
bought, reception batches and person-visits (the physical side of the 三公 statement).

A count is recognised by a subject word before the number and the unit after it, both from
``COUNT_LABELS``; the words between them stay short (团组0个, 接待183批次, 购置新车0台).
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Amount
from pipelines.parsing.sentences import Sentence

# (subject words, words allowed between subject and number, units, measure).
_SHORT_GAP = r"[^\d，,。；;：:]{0,4}?"
_VERB_GAP = r"[共计了]{0,2}"  # 共接待183批次; not 接待客商4批次 (visitors of another kind)
COUNT_LABELS: tuple[tuple[str, str, str, str], ...] = (
    (r"出国[(（]?境?[)）]?团组|因公出国团组|出访团组", _SHORT_GAP, r"个|批|次", "sangong_overseas_groups"),
    (r"购置(新车|公务用车|车辆)|新购(置)?(公务用)?车辆?|公务用车保有量|公务用车数量", _SHORT_GAP, r"台|辆", "sangong_vehicle_count"),
    (r"(公务)?接待", _VERB_GAP, r"批次|批", "reception_batches"),
    (r"(公务)?接待", _VERB_GAP, r"人次", "reception_persons"),
)
_DIGIT = re.compile(r"\d")
_PATTERNS = [(re.compile(rf"(?:{words}){gap}(?P<n>\d{{1,6}})\s*(?P<unit>{units})"), measure)
             for words, gap, units, measure in COUNT_LABELS]


def extract_counts(report_id: str, sentences: list[Sentence], start_seq: int) -> list[Amount]:
    """Count amounts (kind count, unit count, phase stated) found in narrative sentences."""
    out: list[Amount] = []
    seen: set[int] = set()
    for s in sentences:
        if _DIGIT.search(s.text) is None:  # every count has a digit
            continue
        for pattern, measure in _PATTERNS:
            for m in pattern.finditer(s.text):
                start = s.start + m.start("n")
                if start in seen:
                    continue
                seen.add(start)
                out.append(Amount(
                    report_id=report_id, seq=start_seq + len(out), measure=measure, kind="count", phase="stated",
                    value=Decimal(m["n"]), value_unit="count", source_value=m["n"], source_unit=m["unit"],
                    source_text=m.group(0), sentence=s.text, char_start=start, char_end=s.start + m.end("unit"),
                ))
    return out
