-- 问题：绩效指标按一级、二级指标分类各有多少，完成了多少？
-- Question: How many performance targets are there per level-1 / level-2 category, and how many were met?
-- met counts targets whose actual value meets the target; assessed counts those with an actual value to compare.
select
    coalesce(c.level1_zh, t.level1, '(未分类)') as level1,
    coalesce(c.level2_zh, t.level2, '(未分类)') as level2,
    c.level2_en,
    count(*) as targets,
    count(t.is_met) as assessed,
    count(*) filter (where t.is_met) as met,
    count(distinct t.report_id) as reports
from fct_targets as t
left join dim_indicator_category as c using (indicator_category_key)
group by all
order by targets desc, level1, level2;
