-- 问题：各省科学技术支出（功能分类206）占部门支出总额的比重是多少？
-- Question: What share of the departments' total spending goes to science and technology (functional class 206), by province?
-- A report's 206 spending is the largest executed 206 figure it states (a report may state it for the
-- whole expenditure and again for project expenditure); reports that state no 206 figure count as 0.
with science as (
    select report_id, max(value_wan_yuan) as science_wan_yuan
    from fct_budget_amounts
    where func_code = '206' and phase = 'executed' and kind = 'money' and subject_type = 'department'
    group by report_id
)
select
    g.province,
    count(*) as reports,
    round(sum(coalesce(s.science_wan_yuan, 0)), 2) as science_wan_yuan,
    round(sum(f.expenditure_total_wan_yuan), 2) as expenditure_wan_yuan,
    round(100 * sum(coalesce(s.science_wan_yuan, 0)) / sum(f.expenditure_total_wan_yuan), 2) as science_share_pct
from fct_department_finances as f
join dim_report as r using (report_id)
join dim_region as g on g.region_code = r.region_code
left join science as s using (report_id)
where f.phase = 'executed' and f.expenditure_total_wan_yuan > 0
group by g.province
order by science_share_pct desc, g.province;
