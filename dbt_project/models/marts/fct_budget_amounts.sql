-- budget levels, spending, rates, counts and scores: the figures of int_budget_figures where not is_change.
select * exclude (is_change)
from {{ ref('int_budget_figures') }}
where not is_change
