-- 问题：哪些项目的预算执行率低于90%？
-- Question: Which projects spent less than 90 % of their budget (the adjusted budget where stated)?
select
    d.department,
    p.fiscal_year,
    p.project_name,
    p.budget_wan_yuan,
    p.execution_rate_basis,
    p.executed_wan_yuan,
    round(p.execution_rate_pct, 2) as execution_rate_pct,
    p.stated_execution_rate_pct
from fct_projects as p
join dim_department as d using (department_key)
where p.execution_rate_pct < 90
order by p.execution_rate_pct, d.department, p.project_name;
