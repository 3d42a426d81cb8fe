with

phases as (

    select * from {{ ref('phases') }}

),

final as (

    select
        phase,
        name_zh,
        definition_en,
        coalesce(may_be_negative, false) as may_be_negative,
        coalesce(is_change, false) as is_change,
        kinds

    from phases

)

select * from final
