-- 问题：哪些报告存在数据不一致的问题？各方的数字和原文分别是什么？
-- Question: Which reports have figures that don't add up, and what do both sides say, in the report's own words?
select
    r.department,
    r.fiscal_year,
    r.source_file,
    f.rule,
    f.severity,
    f.message,
    f.left_label,
    f.left_value,
    f.left_text,
    f.right_label,
    f.right_value,
    f.right_text,
    f.difference
from fct_findings as f
join dim_report as r using (report_id)
order by f.severity, r.department, r.fiscal_year, f.rule;
