-- 问题：哪些报告有多个版本？当前使用的是哪一个？
-- Question: Which reports were loaded in more than one version, and which version do the tables use?
select
    v.department,
    v.fiscal_year,
    v.report_kind,
    v.version_rank,
    v.is_current,
    v.report_date,
    v.source_file,
    v.self_score
from dim_report_versions as v
where v.version_count > 1
order by v.department, v.fiscal_year, v.version_rank;
