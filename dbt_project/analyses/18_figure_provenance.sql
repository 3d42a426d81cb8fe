-- 问题：某个数字出自报告的哪一句话？（此处：各报告的三公经费实际支出）
-- Question: Where in the report does a figure come from? (Here: each report's actual 三公经费.)
select
    r.department,
    r.fiscal_year,
    r.source_file,
    a.value_wan_yuan,
    a.source_value,
    a.source_unit,
    a.source_text,
    a.sentence,
    a.char_start,
    a.char_end
from fct_budget_amounts as a
join dim_report as r using (report_id)
where a.measure = 'sangong_total' and a.phase = 'executed' and a.subject_type = 'department'
  and a.fund_source is null and a.detail is null and not a.is_restated
order by r.department, r.fiscal_year, a.seq;
