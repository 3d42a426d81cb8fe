-- 问题：报告所述支出同比增长率，与其所述金额重新计算的结果是否一致？
-- Question: Does the year-on-year spending growth rate a report states match the one its own amounts give?
-- Recomputed rate = stated change / (this year's executed - stated change): the previous year's figure.
with stated as (
    select
        report_id,
        max(value) filter (where phase = 'yoy_change_rate') as stated_rate_pct,
        max(value_wan_yuan) filter (where phase = 'yoy_change') as change_wan_yuan
    from fct_budget_changes
    where measure = 'expenditure_total' and subject_type = 'department'
      and func_code is null and econ_code is null and fund_source is null and detail is null
    group by report_id
)
select
    r.department,
    r.fiscal_year,
    f.expenditure_total_wan_yuan as executed_wan_yuan,
    s.change_wan_yuan,
    s.stated_rate_pct,
    round(100 * s.change_wan_yuan / (f.expenditure_total_wan_yuan - s.change_wan_yuan), 2) as recomputed_rate_pct,
    abs(s.stated_rate_pct - round(100 * s.change_wan_yuan / (f.expenditure_total_wan_yuan - s.change_wan_yuan), 2)) <= 0.5
        as rates_agree
from stated as s
join fct_department_finances as f on f.report_id = s.report_id and f.phase = 'executed'
join dim_report as r on r.report_id = s.report_id
where s.stated_rate_pct is not null and s.change_wan_yuan is not null
order by rates_agree, r.department, r.fiscal_year;
