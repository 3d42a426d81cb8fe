-- 问题：在“存在的问题”章节中检索关键词（此处为“资金”），哪些报告提到了？
-- Question: Full-text search of the 存在的问题 (problems) sections for a keyword (here 资金): which reports mention it?
-- Change the keyword in the where clause.
select
    r.department,
    r.fiscal_year,
    s.heading_path,
    s.text
from fct_sections as s
join dim_report as r using (report_id)
where s.topic = 'problems'
  and s.text like '%资金%'
order by r.department, r.fiscal_year, s.seq;
