with

bands as (

    select * from {{ ref('grade_bands') }}

),

labels as (

    select
        grade_band,
        string_agg(grade_text, ' / ' order by grade_text) as written_as

    from {{ ref('grade_labels') }}
    group by grade_band

),

final as (

    select
        bands.grade_band,
        bands.name_zh,
        bands.name_en,
        bands.min_score,
        bands.max_score_exclusive,
        labels.written_as,
        bands.sort_order

    from bands
    left join labels on bands.grade_band = labels.grade_band

)

select * from final
