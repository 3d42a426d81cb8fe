-- 问题：各年度、各类部门的自评得分分布如何？
-- Question: How are self-evaluation scores distributed, by fiscal year and department type?
select
    e.fiscal_year,
    d.department_type_zh,
    e.report_kind,
    count(*) as reports,
    count(e.self_score) as scored,
    round(avg(e.self_score), 2) as average_score,
    min(e.self_score) as lowest_score,
    max(e.self_score) as highest_score
from fct_self_evaluations as e
join dim_department as d using (department_key)
group by all
order by e.fiscal_year, d.department_type_zh, e.report_kind;
