"""Self-evaluation scores and grades."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Amount, Score
from pipelines.parsing.sentences import Sentence

_SCORE = re.compile(
    r"(?P<label>(自评|评价|评分|综合|总)[^。；]{0,12}?(得分|分值|总分|分数|评分))"
    r"[^0-9。；]{0,6}?(?P<value>\d{1,3}(?:\.\d{1,2})?)\s*分"
)
_GRADE = re.compile(r"(?:结论|等级|评级|评定|评价结果)[^。；]{0,6}?[“\"「]?(?P<grade>优秀|良好|合格|不合格|优|良|中|差|[ABCD]级?)[”\"」]?")


def extract_scores(report_id: str, sentences: list[Sentence]) -> list[Score]:
    """Every score stated in the text, with its scope (department_overall or project) and grade."""
    scores: list[Score] = []
    for s in sentences:
        for m in _SCORE.finditer(s.text):
            value = Decimal(m["value"])
            if value > 100:
                continue
            before = s.text[: m.start("value")]
            subject = _scored_subject(before)
            named = subject is not None and re.search(r"(经费|资金|专项|工程|项目)$", subject)
            scope = ("project" if (re.search(r"项目", before) or named) and not re.search(r"部门整体|整体支出", before)
                     else "department_overall")
            grade_m = _GRADE.search(s.text, m.end())
            grade = grade_m["grade"] if grade_m else None
            start = s.start + m.start("value")
            end = s.start + m.end()
            subject = subject if scope == "project" else None
            scores.append(Score(report_id, len(scores) + 1, scope, value, s.text, start, end, subject_name=subject,
                                max_score=Decimal(100), grade=grade))
    return scores


def _scored_subject(before: str) -> str | None:
    """What a project score scores: the words between the year (or the start) and 绩效/自评.

    A year written as 20xx年 right before the name (no 度) is part of the name.

    >>> _scored_subject("本局2020年度项目资金绩效自评综合得分为")
    '项目资金'
    >>> _scored_subject("2021年科技特派员工作经费自评得分")
    '2021年科技特派员工作经费'
    """
    clause = re.split(r"[，,、。；;：:]", before)[-1]
    m = re.search(r"(?P<name>[^，,、。]{2,30}?)(?:的)?(?:绩效|自评|综合得分|得分)", clause)
    if not m:
        return None
    name = re.sub(r"^.*?(?:19|20)\d{2}\s*年度", "", m["name"])
    name = re.sub(r"^(?:本局|我局|本单位|我单位|本部门|我部门)", "", name)
    return name if len(name) >= 2 else None


def score_amounts(report_id: str, scores: list[Score]) -> list[Amount]:
    """Every score is also an amount (measure self_score, kind score, phase stated)."""
    out = []
    for sc in scores:
        text = sc.sentence
        is_project = sc.scope == "project"
        out.append(Amount(
            report_id=report_id, seq=0, measure="self_score", kind="score", phase="stated", value=sc.score,
            value_unit="points", source_value=str(sc.score), source_unit="分", source_text=f"{sc.score}分",
            sentence=text, char_start=sc.char_start, char_end=sc.char_end,
            subject_type="project" if is_project else "department", subject_name=sc.subject_name if is_project else None,
        ))
    return out
