-- 问题：哪些部门某一年有部门整体自评报告，下一年却没有？
-- Question: Which departments have a department-overall report one year and none the next?
-- Only years up to the latest year in the warehouse count as "next".
select
    d.department,
    r.fiscal_year as reported_in,
    r.fiscal_year + 1 as missing_in
from dim_report as r
join dim_department as d using (department_key)
where r.report_kind = 'department_overall'
  and r.fiscal_year < (select max(fiscal_year) from dim_report where report_kind = 'department_overall')
  and not exists (
      select 1 from dim_report as later
      where later.department_key = r.department_key
        and later.report_kind = 'department_overall'
        and later.fiscal_year = r.fiscal_year + 1
  )
order by d.department, r.fiscal_year;
