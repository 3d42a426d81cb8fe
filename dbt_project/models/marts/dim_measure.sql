with

measures as (

    select * from {{ ref('measures') }}

),

final as (

    select
        measure,
        kind,
        name_zh,
        definition_en,
        common_labels_zh,
        case kind
            when 'money' then 'yuan'
            when 'rate' then 'percent'
            when 'score' then 'points'
            else 'person or count'
        end as canonical_unit,
        kind = 'money' as is_money

    from measures

)

select * from final
