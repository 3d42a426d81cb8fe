-- 问题：按支出功能分类，哪些类、款、项的实际支出最多？
-- Question: Which functional classes (类 / 款 / 项) account for the most spending?
-- Per report, a class's spending is the largest executed figure stated for it (see 03).
with per_report as (
    select report_id, func_code, max(value_wan_yuan) as spent_wan_yuan
    from fct_budget_amounts
    where func_code is not null and phase = 'executed' and kind = 'money' and subject_type = 'department'
    group by report_id, func_code
)
select
    c.func_code,
    c.level,
    c.name_zh,
    c.name_en,
    round(sum(p.spent_wan_yuan), 2) as spent_wan_yuan,
    count(*) as reports
from per_report as p
join dim_func_class as c using (func_code)
group by all
order by spent_wan_yuan desc, c.func_code
limit 10;
