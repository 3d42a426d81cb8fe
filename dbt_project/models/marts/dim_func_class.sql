with

classes as (

    select * from {{ ref('func_classes') }}

),

final as (

    select
        code as func_code,
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
