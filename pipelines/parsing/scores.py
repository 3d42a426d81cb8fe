"""Self-evaluation scores and grades."""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines.model import Score
from pipelines.parsing.sentences import Sentence

_SCORE = re.compile(
    r"(?P<label>(自评|评价|评分|综合|总)[^。；]{0,12}?(得分|分值|总分|分数|评分))"
    r"[^0-9。；]{0,6}?(?P<value>\d{1,3}(?:\.\d{1,2})?)\s*分"
)
_GRADE = re.compile(r"(?:结论|等级|评级|评定|评价结果)[^。；]{0,6}?[“\"「]?(?P<grade>优秀|良好|合格|不合格|优|良|中|差|[ABCD]级?)[”\"」]?")
GRADE_WORDS = ("优秀", "良好", "合格", "不合格", "优", "良", "中", "差")


def extract_scores(report_id: str, sentences: list[Sentence]) -> list[Score]:
    """Every score stated in the text, with its scope (department_overall or project) and grade."""
    scores: list[Score] = []
    for s in sentences:
        for m in _SCORE.finditer(s.text):
            value = Decimal(m["value"])
            if value > 100:
                continue
            before = s.text[: m.start("value")]
            scope = "project" if re.search(r"项目", before) and not re.search(r"部门整体|整体支出", before) else "department_overall"
            grade_m = _GRADE.search(s.text, m.end())
            grade = grade_m["grade"] if grade_m else None
            start = s.start + m.start("value")
            end = s.start + m.end()
            scores.append(Score(report_id, len(scores) + 1, scope, value, s.text, start, end, grade=grade))
    return scores
