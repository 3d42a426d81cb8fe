{#
    One row per code of a classification seed (func_classes or econ_classes), with the level
    in English and the 3-digit class the code rolls up to. Both classification dimensions use it.
#}
{% macro classification_dim(seed_name, code_column) %}

with

classes as (

    select * from {{ ref(seed_name) }}

),

final as (

    select
        code as {{ code_column }},
        level,
        case level
            when '类' then 'class'
            when '款' then 'section'
            when '项' then 'item'
        end as level_en,
        name_zh,
        name_en,
        parent_code,
        substr(code, 1, 3) as class_code,
        confidence,
        note

    from classes

)

select * from final

{% endmacro %}
