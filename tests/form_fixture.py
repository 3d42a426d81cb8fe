"""A hand-written 项目支出绩效自评表 (财预〔2020〕10号 template; invented names and figures) and
what must be read from it, in every shape (``pipelines.samples.form_shapes``).

Funds (万元): 年度资金总额 120 / 135.5 / 130.08 (分值 10, 执行率 96%, 得分 9.6); 本年财政拨款
100 / 115.5 / 112.3; 上年结转资金 20 / 20 / 17.78; 其他资金 blank. Eight indicator rows,
总分 100 / 95.6, 自评等级 优.
"""

from __future__ import annotations

from decimal import Decimal

from pipelines.readers.layout import Item, Para, Table, TCell

PROJECT = "乡村道路养护经费"
EXPECTED_TEXT = "完成全县农村公路日常养护120公里，修复坑槽3000平方米，保障汛期道路安全畅通。"
ACHIEVED_TEXT = "全年完成日常养护126公里，修复坑槽3150平方米，汛期水毁路段10月20日前全部修复。"

_FUNDS = [
    ("年度资金总额", "120", "135.5", "130.08", "10", "96%", "9.6"),
    ("其中：本年财政拨款", "100", "115.5", "112.3", "—", "—", "—"),
    ("上年结转资金", "20", "20", "17.78", "—", "—", "—"),
    ("其他资金", "", "", "", "—", "—", "—"),
]
# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因)
INDICATORS = [
    ("产出指标(50分)", "数量指标", "日常养护里程", "≥120公里", "126公里", "15", "15", ""),
    ("产出指标(50分)", "数量指标", "修复坑槽面积", "≥3000平方米", "3150平方米", "10", "10", ""),
    ("产出指标(50分)", "质量指标", "养护路段优良率", "≥85%", "88%", "10", "10", ""),
    ("产出指标(50分)", "时效指标", "水毁路段修复时间", "10月底前", "10月20日", "5", "5", ""),
    ("产出指标(50分)", "成本指标", "每公里养护成本", "≤1.1万元", "1.03万元", "10", "10", ""),
    ("效益指标(30分)", "社会效益指标", "群众出行条件", "明显改善", "有所改善", "20", "17",
     "部分村道路面老化，下一步加大投入"),
    ("效益指标(30分)", "可持续影响指标", "长效养护机制", "持续运行", "持续运行", "10", "10", ""),
    ("满意度指标(10分)", "服务对象满意度指标", "沿线群众满意度", "≥90%", "92%", "10", "9", ""),
]
SCORE = Decimal("95.6")
GRADE = "优"

# What must be read: (fund_source, phase) -> yuan
FUNDS_YUAN = {
    (None, "approved"): Decimal(1200000), (None, "adjusted"): Decimal(1355000), (None, "executed"): Decimal(1300800),
    ("fiscal_appropriation", "approved"): Decimal(1000000), ("fiscal_appropriation", "adjusted"): Decimal(1155000),
    ("fiscal_appropriation", "executed"): Decimal(1123000),
    ("carryover", "approved"): Decimal(200000), ("carryover", "adjusted"): Decimal(200000),
    ("carryover", "executed"): Decimal(177800),
}
# level2 -> (target_kind, operator, value, unit, weight, score)
TARGETS = [
    ("数量指标", "quantity", ">=", Decimal(120), "公里", Decimal(15), Decimal(15)),
    ("数量指标", "quantity", ">=", Decimal(3000), "平方米", Decimal(10), Decimal(10)),
    ("质量指标", "quality", ">=", Decimal(85), "%", Decimal(10), Decimal(10)),
    ("时效指标", "time", "<=", Decimal(10), "月", Decimal(5), Decimal(5)),
    ("成本指标", "cost", "<=", Decimal(11000), "yuan", Decimal(10), Decimal(10)),
    ("社会效益指标", "benefit", None, None, None, Decimal(20), Decimal(17)),
    ("可持续影响指标", "benefit", None, None, None, Decimal(10), Decimal(10)),
    ("服务对象满意度指标", "benefit", ">=", Decimal(90), "%", Decimal(10), Decimal(9)),
]


def project_form_items(title: str = "项目支出绩效自评表") -> list[Item]:
    """The form as a title, a year line and one 9-column table (as the 10号 template lays it out)."""
    cells = [TCell(0, 0, "项目名称"), TCell(0, 1, PROJECT, 1, 8)]
    cells += [TCell(1, 0, "主管部门"), TCell(1, 1, "318-青禾县交通运输局", 1, 3), TCell(1, 4, "实施单位"),
              TCell(1, 5, "318002-青禾县公路事业发展中心", 1, 4)]
    cells += [TCell(2, 0, "项目资金（万元）", 5, 1), TCell(2, 1, ""), TCell(2, 2, "年初预算数"),
              TCell(2, 3, "全年预算数"), TCell(2, 4, "全年执行数"), TCell(2, 5, "分值"), TCell(2, 6, "执行率"),
              TCell(2, 7, "得分", 1, 2)]
    for i, row in enumerate(_FUNDS):
        r = 3 + i
        cells += [TCell(r, 1, row[0])] + [TCell(r, 2 + k, v) for k, v in enumerate(row[1:6])] + [
            TCell(r, 7, row[6], 1, 2)]
    cells += [TCell(7, 0, "年度总体目标", 2, 1), TCell(7, 1, "预期目标", 1, 4), TCell(7, 5, "实际完成情况", 1, 4),
              TCell(8, 1, EXPECTED_TEXT, 1, 4), TCell(8, 5, ACHIEVED_TEXT, 1, 4)]
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    n = len(INDICATORS)
    cells += [TCell(9, 0, "绩效指标", n + 1, 1)] + [TCell(9, 1 + k, h) for k, h in enumerate(header)]
    r = 10
    prev1 = prev2 = None
    for k, (l1, l2, l3, target, actual, weight, score, dev) in enumerate(INDICATORS):
        if l1 != prev1:
            span1 = sum(1 for x in INDICATORS[k:] if x[0] == l1)
            cells.append(TCell(r, 1, l1, span1, 1))
        if (l1, l2) != prev2:
            span2 = sum(1 for x in INDICATORS[k:] if (x[0], x[1]) == (l1, l2))
            cells.append(TCell(r, 2, l2, span2, 1))
        cells += [TCell(r, 3, l3), TCell(r, 4, target), TCell(r, 5, actual), TCell(r, 6, weight), TCell(r, 7, score),
                  TCell(r, 8, dev)]
        prev1, prev2 = l1, (l1, l2)
        r += 1
    cells += [TCell(r, 0, "总分", 1, 6), TCell(r, 6, "100"), TCell(r, 7, str(SCORE)), TCell(r, 8, "")]
    cells += [TCell(r + 1, 0, "自评等级", 1, 6), TCell(r + 1, 6, GRADE, 1, 3)]
    return [Para(title, "title"), Para("（2023年度）", "year"), Table(cells, "form"),
            Para("填报单位：青禾县公路事业发展中心", "footer")]
