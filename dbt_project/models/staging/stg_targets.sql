{#- level3 … deviation_reason come from the indicator grid of the standard self-evaluation forms
    (一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施); NULL for the
    targets of a narrative report's target table. -#}

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
        level3,

        ---------- target
        target_text,
        operator,
        cast(target_value as decimal(24, 4)) as target_value,
        cast(target_value_max as decimal(24, 4)) as target_value_max,
        target_unit,

        ---------- actual and scoring
        actual_text,
        cast(actual_value as decimal(24, 4)) as actual_value,
        actual_unit,
        cast(weight as decimal(24, 4)) as weight,
        cast(score as decimal(24, 4)) as score,
        deviation as deviation_reason,

        ---------- provenance
        location,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
