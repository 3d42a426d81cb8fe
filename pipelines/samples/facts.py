"""The numbers behind one department report, generated so that every identity holds.

Money is an exact ``Decimal`` in yuan and always a multiple of the report's quantum (100 yuan
when the report writes 万元 with two places, 1 yuan for four places, 1 fen for 元), so that
whatever unit a figure is written in, it is written exactly and the parts add up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from .regions import Region
from .vocab import DeptKind, ProjectSpec

WAN = Decimal(10000)


def money(rng: random.Random, lo_wan: float, hi_wan: float, q: Decimal) -> Decimal:
    """A random amount between ``lo_wan`` and ``hi_wan`` 万元, as a multiple of ``q`` yuan."""
    lo = int(Decimal(str(lo_wan)) * WAN / q)
    hi = int(Decimal(str(hi_wan)) * WAN / q)
    return rng.randint(lo, max(lo, hi)) * q


def split(rng: random.Random, total: Decimal, weights: list[float], q: Decimal) -> list[Decimal]:
    """``total`` in parts proportional to ``weights`` (multiples of ``q``), summing exactly."""
    units = int(total / q)
    s = sum(weights)
    parts = [int(units * w / s) * q for w in weights[:-1]]
    parts.append(total - sum(parts, Decimal(0)))
    return parts


def scale(x: Decimal, f: float, q: Decimal) -> Decimal:
    """``x`` times ``f``, rounded to a multiple of ``q``."""
    return (x * Decimal(str(f)) / q).to_integral_value() * q


@dataclass
class StaffUnit:
    """One budget unit's headcounts (the bureau itself first, then subordinate units)."""

    name: str
    is_department: bool
    authorized: int
    actual: int
    retired: int
    by_type: dict[str, int] = field(default_factory=dict)  # 行政编制 / 事业编制 / 工勤编制


@dataclass
class TargetRow:
    """One sub-item row of the performance-target table."""

    sub_item: str
    cost: Decimal
    cells: dict[str, tuple[str, str | None, Decimal | None, Decimal | None, str | None]]
    # cells[kind] = (text, operator, value, value_max, unit); kinds: cost time quantity quality benefit


@dataclass
class ProjectFacts:
    """A budget project of the department with its money (yuan) and targets."""

    spec: ProjectSpec
    name: str
    ptype: str
    purpose: str
    budget: Decimal
    budget_local: Decimal
    actual: Decimal
    actual_local: Decimal
    note: str | None = None
    targets: list[TargetRow] = field(default_factory=list)

    @property
    def func_code(self) -> str:
        return self.spec.func_code


@dataclass
class Facts:
    """All figures of one department report."""

    year: int
    q: Decimal
    staff: list[StaffUnit]
    personnel: Decimal
    public: Decimal
    econ: dict[str, Decimal]  # 301 / 302 / 303 of basic expenditure
    basic_func: dict[str, Decimal]  # 类 code -> basic expenditure
    projects: list[ProjectFacts]
    project_econ: dict[str, Decimal]
    basic_approved: Decimal
    adjusted_total: Decimal
    carryover: Decimal
    prior_total: Decimal
    prior_project: Decimal
    sangong_budget: dict[str, Decimal]  # overseas / purchase / operation / reception
    sangong_actual: dict[str, Decimal]
    sangong_prior: Decimal
    assets: Decimal
    liabilities: Decimal
    liabilities_prior: Decimal
    score: Decimal
    # --- overrides written when a report is made inconsistent on purpose ---
    shown: dict[str, Decimal] = field(default_factory=dict)

    # derived -------------------------------------------------------------------------------
    @property
    def basic(self) -> Decimal:
        return self.personnel + self.public

    @property
    def project(self) -> Decimal:
        return sum((p.actual for p in self.projects), Decimal(0))

    @property
    def project_approved(self) -> Decimal:
        return sum((p.budget for p in self.projects), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.basic + self.project

    @property
    def total_approved(self) -> Decimal:
        return self.basic_approved + self.project_approved

    @property
    def revenue(self) -> Decimal:
        """This year's revenue incl. carry-over equals the adjusted budget (funds available)."""
        return self.adjusted_total

    @property
    def fiscal(self) -> Decimal:
        return self.adjusted_total - self.carryover

    @property
    def balance(self) -> Decimal:
        return self.revenue - self.total

    def project_func(self) -> dict[str, Decimal]:
        """Project expenditure by 类 code."""
        out: dict[str, Decimal] = {}
        for p in self.projects:
            out[p.func_code[:3]] = out.get(p.func_code[:3], Decimal(0)) + p.actual
        return out

    def project_kuan(self) -> dict[str, Decimal] | None:
        """Project expenditure by 款 code, or None when some project is booked at 类 level."""
        if any(len(p.func_code) != 5 for p in self.projects):
            return None
        out: dict[str, Decimal] = {}
        for p in self.projects:
            out[p.func_code] = out.get(p.func_code, Decimal(0)) + p.actual
        return out

    def total_func(self) -> dict[str, Decimal]:
        """Total expenditure by 类 code (basic + project)."""
        out = dict(self.basic_func)
        for k, v in self.project_func().items():
            out[k] = out.get(k, Decimal(0)) + v
        return out

    def sangong_total(self, which: str) -> Decimal:
        """The 三公 total of the budget or the actual figures."""
        d = self.sangong_budget if which == "budget" else self.sangong_actual
        return sum(d.values(), Decimal(0))

    def get(self, key: str, default: Decimal) -> Decimal:
        """The value the text shows for ``key``: an override when one was set."""
        return self.shown.get(key, default)


_TIME_TEXTS = ("全年", "全年", "{a}-{b}月", "{b}月底前", "年内")

Cell = tuple[str, str | None, Decimal | None, Decimal | None, str | None]


def _time_cell(rng: random.Random) -> Cell:
    text = rng.choice(_TIME_TEXTS)
    a = rng.randint(3, 8)
    b = rng.randint(a + 1, 12)
    if text.startswith("{a}"):
        return text.format(a=a, b=b), "range", Decimal(a), Decimal(b), "月"
    if text.startswith("{b}"):
        return text.format(b=b), "<=", Decimal(b), None, "月"
    return text, None, None, None, None


def _cost_cell(cost: Decimal) -> Cell:
    """A cost target: written in 万元 or 元, its value always in yuan (unit ``yuan``, as money is everywhere)."""
    wan = cost / WAN
    if wan == wan.quantize(Decimal("0.01")):
        shown = wan.normalize()
        return f"{shown:f}万元", "=", cost, None, "yuan"
    return f"{cost:f}元", "=", cost, None, "yuan"


def _target_rows(rng: random.Random, p: ProjectFacts, q: Decimal) -> list[TargetRow]:
    specs = list(p.spec.targets)
    costs = split(rng, p.budget, [rng.uniform(1, 3) for _ in specs], max(q, Decimal(100)))
    rows = []
    for spec, cost in zip(specs, costs, strict=True):
        cells: dict[str, Cell] = {"cost": _cost_cell(cost), "time": _time_cell(rng)}
        for kind, tmpl in (("quantity", spec.quantity), ("quality", spec.quality), ("benefit", spec.benefit)):
            t, lo, hi, u, oper = tmpl
            if lo is None or hi is None:
                cells[kind] = (t, None, None, None, None)
            elif oper == "~":
                v = rng.randint(lo, hi)
                v2 = v + rng.randint(1, 3)
                cells[kind] = (t.format(v=f"{v}-{v2}"), "range", Decimal(v), Decimal(v2), u)
            else:
                v = rng.randint(lo, hi)
                cells[kind] = (t.format(v=v), oper, Decimal(v), None, u)
        rows.append(TargetRow(spec.name, cost, cells))
    return rows


NOTES = (
    "（已纳入{L}级财政统筹安排，未在部门专项中列示）",
    "（由{L}财政统一调度，不计入部门预算专项）",
    "（含年中追加安排资金）",
    "（年初未列入部门预算，年中据实追加）",
)


def make_projects(rng: random.Random, kind: DeptKind, region: Region, year: int, q: Decimal) -> list[ProjectFacts]:
    """3-6 projects of the department with budget, local share, spending and targets."""
    n = min(len(kind.projects), rng.randint(3, 6))
    specs = rng.sample(list(kind.projects), n)
    mult = 1.0
    if region.admin_level == "city":
        mult = 25.0 if rng.random() < 0.15 else 2.5  # a few city bureaus run large S&T funds
    out = []
    for spec in specs:
        lo, hi = spec.share
        budget = money(rng, lo * mult, hi * mult, q)
        if rng.random() < 0.3:
            budget = (budget / WAN).to_integral_value() * WAN or WAN  # round 万元 like many tables
        local = budget if rng.random() < 0.75 else scale(budget, rng.uniform(0.4, 0.9), q)
        ratio = 1.0 if rng.random() < 0.4 else rng.uniform(0.88, 0.999)
        actual = scale(budget, ratio, q)
        actual_local = actual if local == budget else min(local, scale(actual, float(local / budget), q))
        name = spec.name if rng.random() < 0.7 else f"{year}年{spec.name}"
        ptype = rng.choice(spec.kinds)
        p = ProjectFacts(spec, name, ptype, spec.purpose, budget, local, actual, actual_local)
        p.targets = _target_rows(rng, p, q)
        out.append(p)
    if rng.random() < 0.3:
        rng.choice(out).note = rng.choice(NOTES).format(L=region.kind)
    return out


def make_staff(rng: random.Random, kind: DeptKind, region: Region) -> list[StaffUnit]:
    """The bureau's own headcounts, plus 0-2 subordinate units."""
    auth = rng.randint(8, 30) if region.admin_level == "county" else rng.randint(18, 60)
    short = kind.shorts[0]
    own = short if any(m in short for m in ("镇", "乡", "街道")) else f"{region.kind}{short}"  # 青石镇人民政府, 县科技局
    dept = StaffUnit(own, True, auth, auth - rng.randint(0, 3), rng.randint(2, 40))
    admin = rng.randint(auth // 2, auth - 1)
    rest = auth - admin
    worker = rng.randint(0, min(2, rest))
    by_type = {"行政编制": admin, "事业编制": rest - worker}
    if worker:
        by_type["工勤编制"] = worker
    dept.by_type = {k: v for k, v in by_type.items() if v}
    units = [dept]
    for name in rng.sample(list(kind.units), rng.randint(0, 2)):
        a = rng.randint(4, 20)
        units.append(StaffUnit(name.format(L=region.kind), False, a, a - rng.randint(0, 4), rng.randint(0, 20)))
    return units


def make_facts(rng: random.Random, kind: DeptKind, region: Region, year: int, q: Decimal) -> Facts:
    """All numbers for one department-overall report (consistent; see ``Facts.shown``)."""
    staff = make_staff(rng, kind, region)
    n_staff = sum(u.actual for u in staff)
    personnel = money(rng, 11 * n_staff, 19 * n_staff, q)
    public = money(rng, 1.2 * n_staff, 3.5 * n_staff, q)
    wages, households = split(rng, personnel, [rng.uniform(88, 97), 5.0], q)
    econ = {"301": wages, "302": public, "303": households}
    basic = personnel + public
    main = kind.main_func
    codes = [main, "208", "210", "221"]
    basic_func = dict(zip(codes, split(rng, basic, [rng.uniform(70, 80), 12, 6, 7], q), strict=True))
    projects = make_projects(rng, kind, region, year, q)
    project = sum((p.actual for p in projects), Decimal(0))
    pe = split(rng, project, [rng.uniform(30, 60), rng.uniform(30, 60), rng.uniform(0, 8)], q)
    project_econ = {k: v for k, v in zip(("302", "312", "310"), pe, strict=True) if v}
    total = basic + project
    basic_approved = scale(basic, rng.uniform(0.88, 1.02), q)
    adjusted = total + scale(total, rng.uniform(0.0, 0.06), q)
    if adjusted >= 100_000_000:  # big budgets are set in whole 万元, so they can be written in 亿元
        adjusted = (adjusted / WAN).to_integral_value(rounding=ROUND_CEILING) * WAN
    carryover = scale(adjusted, rng.uniform(0.0, 0.2), q) if rng.random() < 0.7 else Decimal(0)
    prior_total = scale(total, rng.uniform(0.75, 1.25), q)
    prior_project = scale(project, rng.uniform(0.7, 1.3), q)
    sb = {
        "overseas": Decimal(0) if rng.random() < 0.85 else money(rng, 1, 5, q),
        "purchase": Decimal(0) if rng.random() < 0.9 else money(rng, 10, 25, q),
        "operation": Decimal(0) if rng.random() < 0.25 else money(rng, 1, 8, q),
        "reception": money(rng, 0.5, 8, q),
    }
    sa = {k: (v if rng.random() < 0.3 else scale(v, rng.uniform(0.3, 0.98), q)) for k, v in sb.items()}
    s_total = sum(sa.values(), Decimal(0))
    sangong_prior = scale(s_total, rng.uniform(0.7, 1.4), q) or money(rng, 0.5, 3, q)
    assets = money(rng, 50, 900, q)
    liabilities = scale(assets, rng.uniform(0.05, 0.6), q)
    liabilities_prior = scale(liabilities, rng.uniform(0.8, 1.25), q)
    score = Decimal(rng.randint(170, 199)) / 2 if rng.random() < 0.85 else Decimal(rng.randint(150, 179)) / 2
    return Facts(
        year=year, q=q, staff=staff, personnel=personnel, public=public, econ=econ, basic_func=basic_func,
        projects=projects, project_econ=project_econ, basic_approved=basic_approved, adjusted_total=adjusted,
        carryover=carryover, prior_total=prior_total, prior_project=prior_project, sangong_budget=sb,
        sangong_actual=sa, sangong_prior=sangong_prior, assets=assets, liabilities=liabilities,
        liabilities_prior=liabilities_prior, score=score,
    )
