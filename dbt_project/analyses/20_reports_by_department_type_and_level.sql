-- 问题：按部门类型与行政级别，各有多少份报告、多少个部门？
-- Question: How many reports and departments are there per department type and administrative level?
select
    d.org_category_zh,
    d.department_type_zh,
    d.admin_level,
    count(distinct d.department_key) as departments,
    count(r.report_id) as reports
from dim_report as r
join dim_department as d using (department_key)
group by all
order by reports desc, d.department_type_zh, d.admin_level;
