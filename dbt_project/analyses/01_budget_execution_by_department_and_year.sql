-- 问题：各部门各年度的预算执行情况如何（年初预算、调整后预算、实际支出、执行率）？
-- Question: How did each department execute its budget, year by year (approved, adjusted, spent, rate)?
-- The execution rate divides by the adjusted budget where the report states one, else by the approved one.
select
    d.department,
    f.fiscal_year,
    max(f.expenditure_total_wan_yuan) filter (where f.phase = 'approved') as approved_wan_yuan,
    max(f.expenditure_total_wan_yuan) filter (where f.phase = 'adjusted') as adjusted_wan_yuan,
    max(f.expenditure_total_wan_yuan) filter (where f.phase = 'executed') as executed_wan_yuan,
    round(100 * executed_wan_yuan / coalesce(adjusted_wan_yuan, approved_wan_yuan), 2) as execution_rate_pct
from fct_department_finances as f
join dim_department as d using (department_key)
group by d.department, f.fiscal_year
order by d.department, f.fiscal_year;
