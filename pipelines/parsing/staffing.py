"""Headcounts per unit: authorized, actual and retired, with breakdowns by type."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Amount
from pipelines.parsing.sentences import Sentence

# label -> (measure, detail). Longest labels first.
STAFF_LABELS: dict[str, tuple[str, str | None]] = {
    "行政工勤编制": ("staff_authorized", "行政工勤编制"),
    "行政编制": ("staff_authorized", "行政编制"),
    "事业编制": ("staff_authorized", "事业编制"),
    "工勤编制": ("staff_authorized", "工勤编制"),
    "参公编制": ("staff_authorized", "参公编制"),
    "核定编制": ("staff_authorized", None),
    "编制数": ("staff_authorized", None),
    "编制": ("staff_authorized", None),
    "在职在编干部职工": ("staff_actual", None),
    "在职在编人员": ("staff_actual", None),
    "在职在编": ("staff_actual", None),
    "在职人员": ("staff_actual", None),
    "在职人数": ("staff_actual", None),
    "实有人数": ("staff_actual", None),
    "实有人员": ("staff_actual", None),
    "离退休人员": ("staff_retired", None),
    "离退休": ("staff_retired", None),
    "退休人员": ("staff_retired", None),
    "退休": ("staff_retired", None),
}
_LABEL = "|".join(sorted(map(re.escape, STAFF_LABELS), key=len, reverse=True))
_STAFF = re.compile(rf"(?P<label>{_LABEL})[^0-9，,。；;（(]{{0,6}}?(?P<n>\d{{1,5}})\s*(?P<unit>人|名)")
_UNIT_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{0,6}?)(?P<name>[\u4e00-\u9fff]{2,16}?(?:中心|站|所|院|队|馆|办公室|服务部))")
_SUB_ITEM = re.compile(r"(?P<label>[\u4e00-\u9fff]{1,10}?)(?P<n>\d{1,4})\s*(?P<unit>人|名)")
_NOT_STAFF = re.compile(r"岁|学历|本科|大专|研究生|中专|硕士|博士|平均年龄|占")


def _subject(sentence: str, department_words: tuple[str, ...]) -> tuple[str, str | None]:
    m = _UNIT_NAME.match(sentence)
    if m and not any(w in m.group(0) for w in department_words):
        return "unit", m["name"]
    return "department", None


# Words that make a staffing sentence the department's own, not a subordinate unit's.
DEPARTMENT_WORDS = ("局", "委员会", "本部门", "本单位")


def extract_staffing(report_id: str, sentences: list[Sentence], start_seq: int,
                     department_words: tuple[str, ...] = DEPARTMENT_WORDS) -> list[Amount]:
    """Headcount amounts (kind count, unit person) from staffing sentences."""
    out: list[Amount] = []
    for s in sentences:
        if not re.search(_LABEL, s.text):
            continue
        subject_type, subject_name = _subject(s.text, department_words)
        for m in _STAFF.finditer(s.text):
            measure, detail = STAFF_LABELS[m["label"]]
            out.append(_amount(report_id, start_seq + len(out), s, m, measure, detail, subject_type, subject_name))
            # A breakdown in brackets or after 其中 right behind the total: （其中局长1名、副局长2名…）
            tail = s.text[m.end(): m.end() + 120]
            bracket = re.match(r"\s*[（(](?:其中|含)?(?P<body>[^）)]*)[）)]", tail)
            if bracket and measure != "staff_authorized":
                base = m.end() + bracket.start("body")
                for sub in _SUB_ITEM.finditer(bracket["body"]):
                    if _NOT_STAFF.search(sub["label"]):
                        continue
                    label = re.sub(r"^(其中|含|共|有)", "", sub["label"])
                    out.append(_amount(report_id, start_seq + len(out), s, sub, measure, label, subject_type,
                                       subject_name, offset=base))
    return _dedupe(out)


def _amount(report_id: str, seq: int, s: Sentence, m: re.Match[str], measure: str, detail: str | None,
            subject_type: str, subject_name: str | None, offset: int = 0) -> Amount:
    start = s.start + offset + m.start("n")
    end = s.start + offset + m.end("unit")
    return Amount(
        report_id=report_id, seq=seq, measure=measure, kind="count", phase="stated", value=Decimal(m["n"]),
        value_unit="person", source_value=m["n"], source_unit=m["unit"],
        source_text=s.text[offset + m.start(): offset + m.end()], sentence=s.text, char_start=start, char_end=end,
        subject_type=subject_type, subject_name=subject_name, detail=detail,
    )


def _dedupe(amounts: list[Amount]) -> list[Amount]:
    seen: set[tuple[int, int]] = set()
    out = []
    for a in amounts:
        if (a.char_start, a.char_end) not in seen:
            seen.add((a.char_start, a.char_end))
            out.append(a)
    return out
