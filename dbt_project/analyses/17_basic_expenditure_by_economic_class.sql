-- 问题：基本支出按经济分类（工资福利、商品和服务、对个人和家庭的补助……）如何构成？
-- Question: What is basic expenditure spent on, by economic class (wages, goods and services, transfers to households ...)?
select
    c.econ_code,
    c.name_zh,
    c.name_en,
    count(distinct a.report_id) as reports,
    round(sum(a.value_wan_yuan), 2) as executed_wan_yuan,
    round(100 * sum(a.value_wan_yuan) / sum(sum(a.value_wan_yuan)) over (), 2) as share_pct
from fct_budget_amounts as a
join dim_econ_class as c using (econ_code)
where a.measure = 'basic_expenditure' and a.phase = 'executed' and a.kind = 'money'
  and a.subject_type = 'department' and not a.is_restated and c.level = '类'
group by all
order by executed_wan_yuan desc, c.econ_code;
