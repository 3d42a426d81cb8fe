-- 问题：哪些报告的基本支出不等于人员经费与公用经费之和？
-- Question: Which reports state a basic expenditure that is not personnel plus public (operating) expenditure?
select
    r.department,
    f.fiscal_year,
    f.phase,
    f.basic_expenditure_wan_yuan,
    f.personnel_expenditure_wan_yuan,
    f.public_expenditure_wan_yuan,
    f.basic_minus_parts_wan_yuan as gap_wan_yuan
from fct_department_finances as f
join dim_report as r using (report_id)
where abs(f.basic_minus_parts_wan_yuan) > 0.01
order by abs(f.basic_minus_parts_wan_yuan) desc, r.department;
