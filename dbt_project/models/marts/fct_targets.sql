{#- Performance targets, one row per target (a cell or row of a target table), with the level-1 /
    level-2 category of the indicator framework. level3, the actual value, weight, score and
    deviation reason come from the indicator grid of a self-evaluation form (NULL for a
    narrative report's target table). is_met compares the
    actual with the target by its operator, only when both are numbers in the same unit. -#}

with

targets as (

    select * from {{ ref('stg_targets') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

categories as (

    select * from {{ ref('dim_indicator_category') }}

),

level2_only as (

    -- a level-2 name that belongs to one category only identifies it without its level 1
    select level2_zh, any_value(indicator_category_key) as indicator_category_key
    from categories
    group by level2_zh
    having count(*) = 1

),

final as (

    select
        ---------- ids
        targets.target_id,
        targets.report_id,
        reports.department_key,
        reports.fiscal_year,
        coalesce(by_pair.indicator_category_key, level2_only.indicator_category_key) as indicator_category_key,
        targets.seq,

        ---------- indicator
        targets.project_name,
        targets.sub_item,
        targets.target_kind,
        targets.level1,
        targets.level2,
        targets.level3,

        ---------- target
        targets.target_text,
        targets.operator,
        targets.target_value,
        targets.target_value_max,
        targets.target_unit,

        ---------- actual and scoring
        targets.actual_text,
        targets.actual_value,
        targets.actual_unit,
        case
            when targets.actual_value is null or targets.target_value is null then null
            when targets.actual_unit is not null and targets.target_unit is not null
                and targets.actual_unit <> targets.target_unit then null
            when targets.operator = '>=' then targets.actual_value >= targets.target_value
            when targets.operator = '>' then targets.actual_value > targets.target_value
            when targets.operator = '<=' then targets.actual_value <= targets.target_value
            when targets.operator = '<' then targets.actual_value < targets.target_value
            when targets.operator = '=' then targets.actual_value = targets.target_value
            when targets.operator = 'range'
                then targets.actual_value between targets.target_value
                    and coalesce(targets.target_value_max, targets.target_value)
        end as is_met,
        targets.weight,
        targets.score,
        cast(targets.score * 100 / nullif(targets.weight, 0) as double) as score_pct_of_weight,
        targets.deviation_reason,

        ---------- provenance
        targets.location,
        targets.char_start,
        targets.char_end

    from targets
    inner join reports on targets.report_id = reports.report_id
    left join categories as by_pair
        on targets.level1 = by_pair.level1_zh and targets.level2 = by_pair.level2_zh
    left join level2_only on targets.level2 = level2_only.level2_zh

)

select * from final
