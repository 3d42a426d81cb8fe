{#- Generic tests written here (no dbt packages: dbt deps needs the internet). -#}

{#- Fails for every row where the SQL expression is not true; a null result fails too.
    The expression is complete (`score between 0 and 100`) even when the test sits under a
    column, so column_name is accepted and ignored. Narrow the rows with `config: where:`. -#}
{% test expression_is_true(model, expression, column_name=None) %}
    select *
    from {{ model }}
    where not coalesce(({{ expression }}), false)
{% endtest %}

{#- Fails when the model has no rows (nba-monte-carlo's empty_table check). -#}
{% test not_empty(model) %}
    select 'empty' as problem
    from (select count(*) as n from {{ model }}) as counted
    where n = 0
{% endtest %}

{#- A primary key: no nulls and no duplicates, in one query (one test node instead of two).
    Returns the offending key values and how often each occurs. -#}
{% test primary_key(model, column_name) %}
    select {{ column_name }} as key_value, count(*) as occurrences
    from {{ model }}
    group by {{ column_name }}
    having {{ column_name }} is null or count(*) > 1
{% endtest %}
