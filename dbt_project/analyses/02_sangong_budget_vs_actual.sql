-- 问题：三公经费各分项的预算与实际支出各是多少，较上年变化多少？
-- Question: 三公经费 by component: budget, actual, and the change against the previous year?
-- The change is the report's own statement where it makes one, else actual minus the previous year's
-- actual (as this report states it, or as last year's report of the same department states it).
select
    d.department,
    s.fiscal_year,
    s.component,
    s.component_zh,
    s.budget_wan_yuan,
    s.actual_wan_yuan,
    s.actual_wan_yuan - s.budget_wan_yuan as actual_minus_budget_wan_yuan,
    coalesce(
        s.yoy_change_wan_yuan,
        s.actual_wan_yuan - coalesce(s.prior_year_wan_yuan, previous.actual_wan_yuan)
    ) as yoy_change_wan_yuan,
    case
        when s.yoy_change_wan_yuan is not null then 'stated'
        when s.actual_wan_yuan is null then null
        when s.prior_year_wan_yuan is not null then 'prior year as stated'
        when previous.actual_wan_yuan is not null then 'previous report'
    end as yoy_change_source
from fct_sangong as s
join dim_department as d using (department_key)
left join fct_sangong as previous
    on previous.department_key = s.department_key
    and previous.fiscal_year = s.fiscal_year - 1
    and previous.component = s.component
order by d.department, s.fiscal_year, s.component;
