"""What the parser extracts from one report: plain dataclasses, one per landed table.

Each dataclass is one row of one landed Parquet table (``schema.TABLES`` maps table name
to class); the Arrow schema is derived from the annotations, so the model is the only
place a column is declared. Every extracted figure carries provenance: the character span
(``char_start``/``char_end``, into ``Document.text``) and the sentence or cell it came from.

Money is an exact ``Decimal`` in yuan; rates are percentages (``98.5`` means 98.5 %).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Report:
    """One row per report (grain: report_id = content hash of the file)."""

    report_id: str
    source_file: str
    file_sha256: str
    format: str
    parser_version: str
    char_count: int
    title: str | None = None
    department: str | None = None  # normalized full name, e.g. 信丰县科学技术局
    department_raw: str | None = None  # as the report names itself, e.g. 县科技局
    region_code: str | None = None  # 6-digit administrative division code
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_level: str | None = None  # province / city / county / town
    fiscal_year: int | None = None  # the year evaluated, not the publication year
    report_kind: str | None = None  # department_overall / project / other
    report_date: dt.date | None = None
    report_date_text: str | None = None
    self_score: Decimal | None = None  # the department-overall self-evaluation score
    grade: str | None = None  # as written: 优 / 良 / 优秀 ...
    encoding: str | None = None
    parse_warnings: str | None = None  # stages that failed on this report (the rest still loads)
    kind_reason: str | None = None  # why report_kind: e.g. "budget disclosure (部门预算/决算), not a self-evaluation"
    town: str | None = None  # the 镇 / 乡 / 街道 of a town-level unit (region_code stays the county's)
    published_date: dt.date | None = None  # the web page's 发布日期, when the text carries it


@dataclass
class Amount:
    """One figure (money, rate, count or score) that belongs to the department, its units or projects."""

    report_id: str
    seq: int
    measure: str  # from the measure vocabulary (dbt_project/seeds/measures.csv)
    kind: str  # money / rate / count / score
    phase: str  # approved / adjusted / executed / prior_year / yoy_change / ...
    value: Decimal  # yuan for money, percent for rates, persons for counts
    value_unit: str  # yuan / percent / person / points
    source_value: str  # the number as written, e.g. "1,631.046"
    source_unit: str  # the unit as written, e.g. 万元
    source_text: str  # the matched fragment, e.g. 其中：科学技术支出1234.56万元
    sentence: str  # the sentence or table cell it came from
    char_start: int
    char_end: int
    func_code: str | None = None  # 支出功能分类 when the figure is a functional breakdown
    econ_code: str | None = None  # 支出经济分类 when the figure is an economic breakdown
    fund_source: str | None = None  # e.g. fiscal_appropriation when the text restricts it
    subject_type: str = "department"  # department / unit / project
    subject_name: str | None = None
    detail: str | None = None  # finer label, e.g. 行政编制 for a staffing breakdown
    section: str | None = None  # heading path of the section it appears in
    origin: str = "narrative"  # narrative / table


@dataclass
class Score:
    """A self-evaluation score and what it scores."""

    report_id: str
    seq: int
    scope: str  # department_overall / project
    score: Decimal
    sentence: str
    char_start: int
    char_end: int
    subject_name: str | None = None
    max_score: Decimal | None = None
    grade: str | None = None


@dataclass
class Section:
    """A heading and the text under it (grain: report_id, seq)."""

    report_id: str
    seq: int
    level: int
    number: str  # as written: 一、 （一） 1. （1） 第一部分 ...
    title: str
    text: str
    char_start: int
    char_end: int
    parent_seq: int | None = None
    topic: str | None = None  # problems / measures / results_use / ... when recognised


@dataclass
class ProjectFunding:
    """A row of the project funding table, or a project as a self-evaluation form states it (origin form)."""

    report_id: str
    seq: int
    project_name: str
    char_start: int
    char_end: int
    location: str
    project_type: str | None = None
    purpose: str | None = None
    budget_total: Decimal | None = None  # yuan
    budget_local: Decimal | None = None
    actual_total: Decimal | None = None
    actual_local: Decimal | None = None
    notes: str | None = None
    source_unit: str | None = None
    is_total_row: bool = False
    # From a self-evaluation form (项目支出绩效自评表, 项目绩效评价自评报告 cover sheet):
    budget_adjusted: Decimal | None = None  # 全年预算数 (adjusted), yuan
    received_total: Decimal | None = None  # 实际到位资金, yuan
    supervising_department: str | None = None  # 主管部门, without its code
    supervising_code: str | None = None  # the code written before it: 318-某县某镇人民政府 -> 318
    implementing_unit: str | None = None  # 实施单位 / 项目单位, without its code
    implementing_code: str | None = None
    objective_text: str | None = None  # 年度总体目标: 预期目标
    achievement_text: str | None = None  # 年度总体目标: 实际完成情况
    origin: str = "table"  # table (a project funding table) / form (a self-evaluation form)


@dataclass
class Target:
    """A performance target (a cell of the target table, or an indicator row of a self-evaluation form),
    mapped to the indicator framework."""

    report_id: str
    seq: int
    project_name: str | None
    sub_item: str | None
    target_kind: str  # cost / time / quantity / quality / benefit / execution (the budget-execution row)
    level1: str | None  # 产出指标 / 效益指标 / 满意度指标 / 预算执行
    level2: str | None  # 数量指标 / 质量指标 / 时效指标 / 成本指标 / 社会效益 ...
    target_text: str
    char_start: int
    char_end: int
    location: str
    operator: str | None = None  # >= <= = range, or None when not parseable
    target_value: Decimal | None = None
    target_value_max: Decimal | None = None
    target_unit: str | None = None
    # From the indicator grid of a self-evaluation form:
    level3: str | None = None  # 三级指标, the indicator's own name
    actual_text: str | None = None  # 实际完成值 as written
    actual_value: Decimal | None = None
    actual_unit: str | None = None
    weight: Decimal | None = None  # 分值 / 权重, points
    score: Decimal | None = None  # 得分, points
    deviation: str | None = None  # 偏差原因分析及改进措施


@dataclass
class TableRow:
    """Any other table, as generic rows (header and cell texts as JSON arrays)."""

    report_id: str
    table_seq: int
    row: int
    header_json: str
    cells_json: str
    location: str
    char_start: int
    char_end: int
    title: str | None = None


@dataclass
class OtherFigure:
    """A figure that is not the department's own money (enterprise R&D, loans, contract volume, events...)."""

    report_id: str
    seq: int
    value: Decimal
    source_value: str
    source_unit: str
    reason: str
    sentence: str
    char_start: int
    char_end: int
    label: str | None = None


@dataclass
class Finding:
    """A failed consistency rule: the report's parts don't add up."""

    report_id: str
    seq: int
    rule: str
    severity: str  # error / warning
    message: str
    left_label: str
    left_value: Decimal | None
    right_label: str
    right_value: Decimal | None
    left_char_start: int | None = None
    left_char_end: int | None = None
    left_text: str | None = None
    right_char_start: int | None = None
    right_char_end: int | None = None
    right_text: str | None = None


@dataclass
class ParsedReport:
    """Everything extracted from one report."""

    report: Report
    amounts: list[Amount] = field(default_factory=list)
    scores: list[Score] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    projects: list[ProjectFunding] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    table_rows: list[TableRow] = field(default_factory=list)
    other_figures: list[OtherFigure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class FileRecord:
    """Every file seen in the inbox and what became of it (the landing manifest)."""

    file_sha256: str
    source_file: str
    size_bytes: int
    status: str  # loaded / quarantined / duplicate
    parser_version: str
    batch_id: str
    processed_at: dt.datetime
    report_id: str | None = None
    format: str | None = None
    reason: str | None = None
    suites_digest: str | None = None  # the quality rules a quality verdict was reached under
