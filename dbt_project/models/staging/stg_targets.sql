{#- level3 … deviation_reason come from the standard self-evaluation forms (一级/二级/三级指标,
    年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施). Until the parser lands them they are
    NULL; the names tried, first found wins, are listed in dbt_project/README.md. -#}
{%- set landed = landed_columns(source('landing', 'targets')) -%}

with

source as (

    select * from {{ source('landing', 'targets') }} as targets
    where {{ is_live('targets') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as target_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- indicator
        project_name,
        sub_item,
        target_kind,
        level1,
        level2,
        {{ optional_column(landed, ['level3', 'indicator_l3'], 'varchar', 'level3') }},

        ---------- target
        target_text,
        operator,
        cast(target_value as decimal(24, 4)) as target_value,
        cast(target_value_max as decimal(24, 4)) as target_value_max,
        target_unit,

        ---------- actual and scoring
        {{ optional_column(landed, ['actual_text', 'actual_raw'], 'varchar', 'actual_text') }},
        {{ optional_column(landed, ['actual_value', 'actual'], 'decimal(24, 4)', 'actual_value') }},
        {{ optional_column(landed, ['actual_unit'], 'varchar', 'actual_unit') }},
        {{ optional_column(landed, ['weight', 'weight_points'], 'decimal(24, 4)', 'weight') }},
        {{ optional_column(landed, ['score', 'score_points'], 'decimal(24, 4)', 'score') }},
        {{ optional_column(landed, ['deviation_reason', 'deviation_note', 'deviation'], 'varchar', 'deviation_reason') }},

        ---------- provenance
        location,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
