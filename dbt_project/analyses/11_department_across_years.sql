-- 问题：同一部门历年的支出总额并排对比（每年一列）。
-- Question: The same department's total spending across years, side by side (one column per year).
-- Departments with reports in at least two years; change the measure column to compare another figure.
pivot (
    select d.department, f.fiscal_year, f.expenditure_total_wan_yuan
    from fct_department_finances as f
    join dim_department as d using (department_key)
    where f.phase = 'executed' and d.fiscal_year_count >= 2
)
on fiscal_year
using max(expenditure_total_wan_yuan)
order by department;
