"""The parser on hostile input: it never raises, stays quiet on sane text, and stays fast.

``parse_document`` records a failing stage in ``Report.parse_warnings`` instead of raising;
these tests hold it to more than that: no stage may fail (no warnings) on random, garbled or
truncated text, and a parse of a pathological input (a 200 KB line, 1 MB of digits,
deeply repeated 其中/、 lists, thousands of tab lines) must finish within a fixed budget, so
no super-linear regex or loop can creep in unnoticed.

Hypothesis runs derandomized with modest example counts, so CI is deterministic and fast.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers.text import document_from_text
from pipelines.samples import generate_report

FAST = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# Hang guards, not speed targets (those live in bench/): generous enough for a loaded CI machine
# (measured ~0.5-2 s), small enough to catch super-linear regexes or loops.
BUDGET_1MB = 15.0  # seconds for a 1 MB input
BUDGET_SMALL = 10.0  # seconds for anything under 250 KB

# Characters reports are made of: CJK, digits (both widths), units, punctuation, table tabs.
_REPORT_ALPHABET = (
    "一二三四五六七八九十其中基本项目支出收入预算执行年初全年较上年增加减少下降占比合计总计万元亿元%％"
    "科学技术局县区市部门整体绩效自评得分等级优良中差编制在职退休人次批次经费资金三公公务接待用车"
    "0123456789０１２３４５６７８９.．,，、；;。：:（）()“”\t\n -~"
)
SAMPLE = generate_report("robust-0", kind="department_overall")[0]
PROJECT_SAMPLE = generate_report("robust-1", kind="project")[0]


def _parse(text: str) -> tuple[ParsedReport, float]:
    doc = document_from_text(text, source_path="robust.txt", file_sha256="0" * 64, fmt="txt", encoding="utf-8")
    t0 = time.perf_counter()
    parsed = parse_document(doc)
    return parsed, time.perf_counter() - t0


def _check_clean(text: str, budget: float = BUDGET_SMALL) -> ParsedReport:
    parsed, seconds = _parse(text)
    assert parsed.report.parse_warnings is None, parsed.report.parse_warnings
    assert seconds < budget, f"{seconds:.2f}s for {len(text)} characters"
    return parsed


@FAST
@given(st.text(max_size=400))
def test_any_unicode_text(text: str) -> None:
    _check_clean(text)


@FAST
@given(st.text(alphabet=_REPORT_ALPHABET, max_size=1500))
def test_report_like_noise(text: str) -> None:
    _check_clean(text)


@FAST
@given(st.lists(st.sampled_from(SAMPLE.split("\n")), min_size=1, max_size=60),
       st.text(alphabet="\ufffd\u00e9\u00c3\u00a4\x00\x0b\u200b\ufeffÐ¿ÑÐ°íàü", max_size=30))
def test_shuffled_lines_with_mojibake(lines: list[str], garbage: str) -> None:
    """Lines of a real-looking report in any order, with mis-decoded bytes spliced in."""
    text = "\n".join(line[: len(line) // 2] + garbage + line[len(line) // 2:] if i % 3 == 0 else line
                     for i, line in enumerate(lines))
    _check_clean(text)


@FAST
@given(st.sampled_from([SAMPLE, PROJECT_SAMPLE]), st.floats(min_value=0.0, max_value=1.0))
def test_truncated_reports(sample: str, where: float) -> None:
    """A generated report cut at any point still parses cleanly (whatever is left is read)."""
    _check_clean(sample[: int(len(sample) * where)])


def test_full_generated_reports_parse_cleanly() -> None:
    for i in range(5):
        text, truth = generate_report(f"robust-full-{i}")
        parsed = _check_clean(text)
        assert parsed.report.department == truth["report"]["department"]


def test_a_200kb_single_line() -> None:
    line = ("2020年本局支出合计1234.56万元，其中基本支出234.56万元、项目支出1000万元，较上年增加12.3%；" * 5000)[:200_000]
    _check_clean(line)


def test_a_megabyte_of_digits() -> None:
    _check_clean("1234567890" * 100_000, BUDGET_1MB)


def test_a_megabyte_of_digits_with_units() -> None:
    _check_clean(("9" * 997 + "万元\n") * 1000, BUDGET_1MB)


def test_deeply_repeated_parts() -> None:
    """其中…其中…, and one enormous 、-separated list, in one sentence."""
    nested = "支出总额100万元" + "，其中基本支出50万元" * 3000 + "。"
    listed = "项目支出9000万元，其中：" + "、".join(f"科普活动经费支出{i}万元" for i in range(5000)) + "。"
    _check_clean(nested)
    _check_clean(listed)


def test_thousands_of_tab_lines() -> None:
    """A 'table' of thousands of cell lines, with and without numbers."""
    header = "\t项目名称\n\t预算金额\n\t其中：县级资金\n\t支出金额\n\t其中：县级资金\n\n"
    rows = "".join(f"\t科普活动经费{i}\n\t{i}.5\n\t{i}\n\t{i}\n\t{i}\n\n" for i in range(2500))
    _check_clean("金额单位：万元\n" + header + rows)
    _check_clean("\t" + "\n\t".join("成本指标 时效指标 数量指标" for _ in range(5000)))


def test_long_runs_of_separators_and_brackets() -> None:
    _check_clean("（" * 50_000 + "）" * 50_000)
    _check_clean("，" * 100_000 + "10万元")
    _check_clean("占" * 50_000 + "的50%")
    _check_clean("年" * 50_000 + "2020年度" * 10_000)


def test_oversized_input_is_truncated_with_a_warning() -> None:
    """Text beyond the parse limit is not read; the report says so (the only warning allowed)."""
    parsed, seconds = _parse("科学技术局。" * 180_000)
    assert parsed.report.parse_warnings is not None and "truncated" in parsed.report.parse_warnings
    assert seconds < 2 * BUDGET_1MB
