-- 问题：每万元基本支出对应多少在职人员（人均基本支出多少万元）？
-- Question: How many staff per 万元 of basic expenditure (and how much basic expenditure per staff member)?
select
    d.department,
    s.fiscal_year,
    s.actual_count as staff,
    f.basic_expenditure_wan_yuan,
    round(s.actual_count / f.basic_expenditure_wan_yuan, 4) as staff_per_wan_yuan,
    round(f.basic_expenditure_wan_yuan / s.actual_count, 2) as basic_wan_yuan_per_staff
from fct_staffing as s
join fct_department_finances as f on f.report_id = s.report_id and f.phase = 'executed'
join dim_department as d on d.department_key = s.department_key
where s.unit_type = 'department' and s.is_unit_total
  and s.actual_count > 0 and f.basic_expenditure_wan_yuan > 0
order by basic_wan_yuan_per_staff desc, d.department;
