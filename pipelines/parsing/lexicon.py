"""Label lexicons: words in a report -> measure, class code, phase, fund source.

Loaded once from the vocabularies in ``dbt_project/seeds`` (the same files dbt turns into
dimension tables) plus the synonyms below. To teach the parser a new wording, add it here
or to the seed CSV: no parsing code changes.
"""

from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from pipelines.parsing.normalize import label_key
from pipelines.settings import VOCAB_DIR

# Synonyms beyond measures.csv's common_labels_zh (label -> measure).
EXTRA_MEASURE_LABELS: dict[str, str] = {
    "预算收入总额": "revenue_total",
    "收入预算总额": "revenue_total",
    "本年收入合计": "revenue_total",
    "部门预算支出": "expenditure_total",
    "年度支出": "expenditure_total",
    "整体支出": "expenditure_total",
    "三公经费": "sangong_total",
    "三公经费预算": "sangong_total",
    "因公出国（境）费": "sangong_overseas",
    "因公出国(境)费": "sangong_overseas",
    "因公出国（境）经费": "sangong_overseas",
    "因公出国（境）费用": "sangong_overseas",
    "出国（境）费": "sangong_overseas",
    "公务用车购置及运行维护费": "sangong_vehicle",
    "公务用车购置及运行费": "sangong_vehicle",
    "公务用车购置费": "sangong_vehicle_purchase",
    "公务用车运行维护费": "sangong_vehicle_operation",
    "公务用车运行费": "sangong_vehicle_operation",
    "公务接待费": "sangong_reception",
    "公务接待费用": "sangong_reception",
    "业务接待费": "sangong_reception",
    "接待费": "sangong_reception",
    "人员经费支出": "personnel_expenditure",
    "公用经费支出": "public_expenditure",
    "日常公用经费": "public_expenditure",
    "机关运行经费": "public_expenditure",  # 决算: the basic public (operating) spending of an administrative unit
    "项目支出": "project_expenditure",
    "项目经费": "project_expenditure",
    "专项经费": "project_expenditure",
    "专项资金": "project_expenditure",
    "项目资金": "project_expenditure",
    "项目收入": "project_expenditure",
    "基本收入": "basic_revenue",
    "基本支出": "basic_expenditure",
    "上年结转": "carryover_prior_year",
    "上年结余": "carryover_prior_year",
    "年初结转和结余": "carryover_prior_year",
    "年末结转和结余": "balance_year_end",
    "年末结余": "balance_year_end",
    "结余资金": "balance_year_end",
    "资产总计": "assets_total",
    "资产总额": "assets_total",
    "负债总计": "liabilities_total",
    "负债总额": "liabilities_total",
    "预算执行率": "execution_rate",
    "执行率": "execution_rate",
    "实际使用率": "execution_rate",
    "资金使用率": "execution_rate",
    "资金到位率": "funds_in_place_rate",
}

# Abbreviated class names seen in reports (name -> code).
EXTRA_CLASS_NAMES: dict[str, str] = {
    "商品服务支出": "302",
    "商品和服务支出": "302",
    "工资福利支出": "301",
    "对个人和家庭补助": "303",
    "对个人和家庭的补助": "303",
    "对个人和家庭的补助支出": "303",
    "对企业补助": "312",
    "对企业的补助": "312",
    "对企业补助支出": "312",
    "资本性支出": "310",
    "住房保障": "221",
    "卫生健康": "210",
    "社会保障和就业": "208",
    "科学技术": "206",
    "一般公共服务": "201",
    "农林水": "213",
    "资源勘探工业信息等": "215",
    "其他资源勘探工业信息等支出": "21599",
    "灾害防治及应急管理": "224",
}

# Revenue lines that are not measures of their own: revenue_total with the label as detail.
REVENUE_DETAILS: tuple[str, ...] = (
    "事业单位经营收入", "附属单位上缴收入", "上级补助收入", "经营收入", "事业收入", "其他收入",
)

# Measures whose figures have no budget phase (a level at a date), and defaults when no phase word is given.
STATED_MEASURES = frozenset({"assets_total", "liabilities_total"})
DEFAULT_PHASES: dict[str, str] = {"balance_year_end": "executed"}

FUND_SOURCES: dict[str, str] = {
    "财政拨款": "fiscal_appropriation",
    "一般公共预算": "fiscal_appropriation",
    "政府性基金": "government_fund",
    "国有资本经营": "state_capital",
    "其他资金": "other",
    "其他收入": "other",
    "事业收入": "other",
    "预算外": "other",
    "预算内": "fiscal_appropriation",
}


@dataclass(frozen=True)
class MeasureInfo:
    measure: str
    kind: str
    name_zh: str


@dataclass(frozen=True)
class ClassInfo:
    code: str
    scheme: str  # func / econ
    name: str


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(VOCAB_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def measures() -> dict[str, MeasureInfo]:
    """Measure name -> info, from measures.csv."""
    return {r["measure"]: MeasureInfo(r["measure"], r["kind"], r["name_zh"]) for r in _read_csv("measures.csv")}


@lru_cache(maxsize=1)
def phases() -> set[str]:
    return {r["phase"] for r in _read_csv("phases.csv")}


@lru_cache(maxsize=1)
def measure_labels() -> list[tuple[str, str]]:
    """(label key, measure), longest label first, so the most specific label wins."""
    labels: dict[str, str] = {}
    for row in _read_csv("measures.csv"):
        for label in row["common_labels_zh"].split(";"):
            if label.strip():
                labels[label_key(label.strip())] = row["measure"]
    for label, measure in EXTRA_MEASURE_LABELS.items():
        labels[label_key(label)] = measure
    return sorted(labels.items(), key=lambda kv: -len(kv[0]))


@lru_cache(maxsize=1)
def classes() -> dict[str, ClassInfo]:
    """Class code -> info for functional (func) and economic (econ) classifications."""
    out = {r["code"]: ClassInfo(r["code"], "func", r["name_zh"]) for r in _read_csv("func_classes.csv")}
    out.update({r["code"]: ClassInfo(r["code"], "econ", r["name_zh"]) for r in _read_csv("econ_classes.csv")})
    for name, code in EXTRA_CLASS_NAMES.items():
        if code not in out:
            scheme = "econ" if code.startswith("3") else "func"
            out[code] = ClassInfo(code, scheme, name)
    return out


@lru_cache(maxsize=1)
def class_names() -> list[tuple[str, str]]:
    """(name key, code), longest first. Where names repeat, the shortest (highest) code wins."""
    names: dict[str, str] = {}
    for code, info in sorted(classes().items(), key=lambda kv: (-len(kv[0]), kv[0])):
        names[label_key(info.name)] = code
    for name, code in EXTRA_CLASS_NAMES.items():
        names[label_key(name)] = code
    return sorted(names.items(), key=lambda kv: -len(kv[0]))


class MeasureHit(NamedTuple):
    measure: str
    end: int  # where the label ends in label_key(label)
    start: int


def find_measure(label: str) -> MeasureHit | None:
    """The measure named last in ``label`` and where its label ends.

    Of overlapping labels at the end, the one starting first wins (项目支出总计 is
    项目支出, not 支出总计).

    >>> find_measure("2020年度财政拨款基本支出")
    MeasureHit(measure='basic_expenditure', end=14, start=10)
    """
    return _find_measure(label_key(label))


@lru_cache(maxsize=8192)
def _find_measure(key: str) -> MeasureHit | None:
    hits = []  # (start, end, measure)
    for name, measure in measure_labels():
        pos = key.rfind(name)
        if pos >= 0:
            hits.append((pos, pos + len(name), measure))
    if not hits:
        return None
    last_end = max(h[1] for h in hits)
    last = max((h for h in hits if h[1] == last_end), key=lambda h: h[1] - h[0])
    overlapping = [h for h in hits if h[0] < last[1] and h[1] > last[0]]
    start, end, measure = min(overlapping, key=lambda h: (h[0], -(h[1] - h[0])))
    return MeasureHit(measure, end, start)


_CLASS_SUFFIX = re.compile(r"(支出|经费|费用|资金)$")


def find_class(label: str, parent_code: str | None = None) -> str | None:
    """The class code a breakdown label names, exactly or by a close spelling.

    ``parent_code`` (e.g. 206) prefers codes under that class when names are ambiguous.
    """
    return _find_class(label_key(label).rstrip(":：为是"), parent_code)


@lru_cache(maxsize=8192)
def _find_class(key: str, parent_code: str | None) -> str | None:
    if not key:
        return None
    for name, code in class_names():
        if key.endswith(name):
            return code
    # Close spellings (e.g. 工信信息 for 工业信息): compare the tail of the label.
    candidates = [name for name, _ in class_names() if len(name) >= 4]
    tail = key[-14:]
    match = difflib.get_close_matches(tail, candidates, n=3, cutoff=0.84)
    if not match:
        return None
    codes = [dict(class_names())[m] for m in match]
    if parent_code:
        under = [c for c in codes if c.startswith(parent_code)]
        if under:
            return under[0]
    return codes[0]


def revenue_detail_in(key: str) -> str | None:
    """The revenue line a label ends with (事业收入, 其他收入 …), ignoring a trailing 为/是/colon.

    >>> revenue_detail_in("事业单位经营收入")
    '事业单位经营收入'
    """
    key = key.rstrip(":：为是")
    return next((d for d in REVENUE_DETAILS if key.endswith(d)), None)


def fund_source_in(text: str) -> str | None:
    for word, source in FUND_SOURCES.items():
        if word in text:
            return source
    return None
