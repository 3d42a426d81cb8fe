{#- Level-1 × level-2 categories of the indicator framework. The seed writes each level as
    "中文 (English)"; the Chinese part is what the parser maps a target to. -#}

with

framework as (

    select * from {{ ref('indicator_framework') }}

),

split as (

    select
        trim(regexp_extract(level1, '^[^(（]+')) as level1_zh,
        nullif(trim(regexp_extract(level1, '[(（]([^)）]*)[)）]', 1)), '') as level1_en,
        trim(regexp_extract(level2, '^[^(（]+')) as level2_zh,
        nullif(trim(regexp_extract(level2, '[(（]([^)）]*)[)）]', 1)), '') as level2_en,
        example_level3,
        typical_unit,
        direction,
        applies_to,
        source_framework

    from framework

),

categories as (

    select
        level1_zh,
        level2_zh,
        any_value(level1_en) as level1_en,
        any_value(level2_en) as level2_en,
        string_agg(distinct example_level3, '; ' order by example_level3) as example_level3,
        string_agg(distinct typical_unit, '; ' order by typical_unit) as typical_unit,
        string_agg(distinct direction, '; ' order by direction) as direction,
        string_agg(distinct applies_to, '; ' order by applies_to) as applies_to,
        string_agg(distinct source_framework, '; ' order by source_framework) as source_framework

    from split
    group by level1_zh, level2_zh

),

final as (

    select
        {{ hash_key(['level1_zh', 'level2_zh']) }} as indicator_category_key,
        level1_zh,
        level1_en,
        level2_zh,
        level2_en,
        example_level3,
        typical_unit,
        direction,
        applies_to,
        source_framework

    from categories

)

select * from final
