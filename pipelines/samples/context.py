"""What the department-report writers share: the plan, the context, heading numbers and
the sentence primitives (shares, year-on-year changes, class breakdowns)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import vocab
from .facts import Facts
from .numfmt import cn_ordinal
from .regions import Region
from .writer import Writer

HUNDRED = Decimal(100)
WAN = Decimal(10000)

# Rules a report can be made to break on purpose (names from docs/extraction.md).
RULES = (
    "parts_sum_to_total",
    "expenditure_equals_basic_plus_project",
    "basic_equals_personnel_plus_public",
    "sangong_components_sum",
    "share_matches_amount",
    "yoy_rate_matches_amounts",
    "narrative_matches_table",
    "headcount_breakdown_sums",
    "grade_matches_score",
)

GRADE_SCHEMES = (("优", "良", "中", "差"), ("优秀", "良好", "合格", "不合格"))


def grade_for(score: Decimal, scheme: tuple[str, ...]) -> str:
    """The grade of ``score`` under the 10号 bands (优 ≥90, 良 80-90, 中 60-80, 差 <60)."""
    if score >= 90:
        return scheme[0]
    if score >= 80:
        return scheme[1]
    if score >= 60:
        return scheme[2]
    return scheme[3]


@dataclass
class Plan:
    """Which statements and tables this report contains (decided before writing)."""

    staff_style: str  # totals / units / none
    revenue_style: str  # sources / basic_project / none
    exp_budget: bool
    exp_shares: bool
    exp_yoy: bool
    exp_exec: bool
    exp_func: bool
    basic_split: bool
    basic_econ: bool
    basic_vs_budget: bool
    basic_func: bool
    project_func: bool
    project_kuan: bool
    project_names: bool
    project_econ: bool
    project_fiscal: bool
    funding_table: bool
    target_tables: bool
    summary_table: bool
    sangong: bool
    sangong_counts: bool
    assets: bool
    balance: bool
    project_scores: bool


@dataclass
class Ctx:
    """Everything the section writers share."""

    rng: random.Random
    w: Writer
    region: Region
    kind: vocab.DeptKind
    year: int
    facts: Facts
    plan: Plan
    dept_full: str
    dept_local: str
    we: str
    rule: str | None
    grade_scheme: tuple[str, ...]
    pct_decimals: int
    para_gap: str
    projects_truth: list[dict[str, Any]] = field(default_factory=list)
    targets_truth: list[dict[str, Any]] = field(default_factory=list)
    table_rows: list[dict[str, Any]] = field(default_factory=list)
    n_tables: int = 0
    broken: bool = False  # set once the chosen rule has been broken

    @property
    def L(self) -> str:  # noqa: N802 - the level word, as in 全{L}
        return self.region.kind

    def fmt(self, s: str, **more: str) -> str:
        """Fill the prose placeholders ({L} {gov} {G} {we} {year} {fin} {site}); others stay."""
        values = {"L": self.L, "gov": self.region.gov, "G": "股" if self.region.kind == "县" else "科",
                  "we": self.we, "year": str(self.year), "fin": self.region.finance_bureau,
                  "site": f"{self.dept_full}门户网站", **more}
        for k, v in values.items():
            s = s.replace("{" + k + "}", v)
        return s

    def end_para(self) -> None:
        """End the paragraph (some reports leave a blank line between paragraphs)."""
        self.w.add("\n" + self.para_gap)

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        """One of ``options``."""
        return self.rng.choice(list(options))

    def big_unit(self, yuan: Decimal) -> str | None:
        """亿元 for some round amounts of a hundred million yuan or more (else the report's unit)."""
        if yuan >= 100_000_000 and yuan % WAN == 0 and self.rng.random() < 0.6:
            return "亿元"
        return None

    def pct(self, part: Decimal, total: Decimal) -> Decimal:
        """``part`` as a percentage of ``total`` (exact; rounding happens when written)."""
        return part / total * HUNDRED if total else Decimal(0)


# -- small sentence helpers -------------------------------------------------------------------

def share(c: Ctx, prefix: str, part_idx: int, total_idx: int, measure: str, **kw: Any) -> int:
    """占…的X%: a share of a stated total, computed from the figures as written."""
    a = c.w.amounts
    value = c.pct(a[part_idx]["value"], a[total_idx]["value"])
    if c.rule == "share_matches_amount" and not c.broken and value > 10:
        value += Decimal(c.rng.choice([-1, 1]) * c.rng.randint(3, 9))
        c.broken = True
    return c.w.rate(prefix, value, measure, "share", decimals=c.pct_decimals,
                    links={"share_of": total_idx, "part": part_idx}, **kw)


def yoy(c: Ctx, cur_idx: int, prior: Decimal, measure: str, *, lead: str = "，较上年", **kw: Any) -> None:
    """较上年增加/减少X万元，增长/下降Y%: both computed from the figures as written."""
    cur = c.w.amounts[cur_idx]["value"]
    change = cur - prior
    if change == 0:
        change = c.facts.q
        prior = cur - change
    neg = change < 0
    verb = c.pick(["减少", "下降"]) if neg else c.pick(["增加", "增长"])
    change_idx = c.w.money(f"{lead}{verb}", abs(change), measure, "yoy_change", negative=neg,
                           links={"current": cur_idx}, **kw)
    if c.rng.random() < 0.15 and c.rule != "yoy_rate_matches_amounts":
        return  # the change in money only
    rate = abs(change) / prior * HUNDRED
    if c.rule == "yoy_rate_matches_amounts" and not c.broken:
        rate += Decimal(c.rng.randint(4, 15))
        c.broken = True
    prefix = "，" + (c.pick(["下降", "降幅为", "减幅"]) if neg else c.pick(["增长", "增幅为", "上升"]))
    kw.pop("unit", None)
    c.w.rate(prefix, rate, measure, "yoy_change_rate", negative=neg, decimals=c.pct_decimals,
             links={"current": cur_idx, "change": change_idx}, **kw)


def func_name(c: Ctx, code: str) -> str:
    """A functional class name as reports write it."""
    return c.pick(vocab.FUNC_NAMES[code])


def breakdown(c: Ctx, parent_idx: int, parts: dict[str, Decimal], measure: str, phase: str, key: str,
               *, lead: str = "其中：", sep: str = "，", shares: bool = False) -> None:
    """其中：A x万元，B y万元…: a breakdown by functional or economic class."""
    c.w.add(lead)
    items = [(k, v) for k, v in parts.items() if v]
    for i, (code, value) in enumerate(items):
        name = func_name(c, code) if key == "func_code" else c.pick(vocab.ECON_NAMES[code])
        idx = c.w.money(name + c.pick(["", "", "支出" if not name.endswith(("支出", "补助")) else ""]),
                        value, measure, phase, links={"part_of": parent_idx}, **{key: code})
        if shares:
            share(c, c.pick(["，占比", "，占"]), idx, parent_idx, measure, **{key: code})
        if i < len(items) - 1:
            c.w.add(sep if not shares else "；")


# -- sections ---------------------------------------------------------------------------------

class Numbering:
    """Heading numbers for each level, in one of the styles seen in reports."""

    def __init__(self, rng: random.Random) -> None:
        self.l1_style = rng.choices(["cn", "part"], [0.9, 0.1])[0]
        self.l2_paren = rng.choice(["（", "("])
        self.l3_sep = rng.choice([".", "．", "、"])
        self.counts = [0, 0, 0, 0]

    def next(self, level: int) -> tuple[str, str]:
        """The number and the gap before the title of the next heading of ``level``."""
        self.counts[level - 1] += 1
        for i in range(level, 4):
            self.counts[i] = 0
        n = self.counts[level - 1]
        if level == 1:
            if self.l1_style == "part":
                return f"第{cn_ordinal(n)}部分", " "
            return f"{cn_ordinal(n)}、", ""
        if level == 2:
            close = "）" if self.l2_paren == "（" else ")"
            return f"{self.l2_paren}{cn_ordinal(n)}{close}", ""
        if level == 3:
            return f"{n}{self.l3_sep}", ""
        return f"（{n}）", ""


def heading(c: Ctx, num: Numbering, level: int, title: str, topic: str | None) -> None:
    """Write the next heading of ``level`` (recorded in the sections truth)."""
    number, gap = num.next(level)
    c.w.heading(level, number, title, topic, gap)
