-- stated comparisons (同比增减, 与预算差额 and their rates): the figures of int_budget_figures where is_change.
select * exclude (is_change)
from {{ ref('int_budget_figures') }}
where is_change
