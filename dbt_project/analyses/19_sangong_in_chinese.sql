-- 问题：用中文表名和列名查询：各部门各年度三公经费的预算数与实际支出。
-- Question: The same 三公经费 question with the Chinese views (schema marts_zh): budget and actual per department and year.
select
    部门."部门名称",
    三公."预算年度",
    三公."分项名称",
    三公."预算数（万元）",
    三公."实际支出（万元）"
from marts_zh."三公经费" as 三公
join marts_zh."部门" as 部门 on 部门."部门键" = 三公."部门键"
where 三公."分项" = 'sangong_total'
order by 部门."部门名称", 三公."预算年度";
