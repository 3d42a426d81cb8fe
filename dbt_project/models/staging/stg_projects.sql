{#- The form columns (主管部门, 实施单位 and their codes, 年度总体目标, 全年预算数, 实际到位资金) are
    landed by the table interpreter for self-evaluation forms (origin = 'form'); project_code
    (项目编码) is NULL until the parser lands it (dbt_project/README.md). -#}
{%- set landed = landed_columns(source('landing', 'projects')) -%}

with

source as (

    select * from {{ source('landing', 'projects') }} as projects
    where {{ is_live('projects') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as project_row_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- text
        trim(project_name) as project_name,
        project_type,
        purpose,
        notes,
        source_unit,
        {{ optional_column(landed, ['project_code'], 'varchar', 'project_code') }},
        supervising_department,
        supervising_code,
        implementing_unit,
        implementing_code,
        objective_text,
        achievement_text,
        coalesce(origin, 'table') as origin,

        ---------- numerics (yuan)
        cast(budget_total as decimal(24, 4)) as budget_total,
        cast(budget_local as decimal(24, 4)) as budget_local,
        cast(actual_total as decimal(24, 4)) as actual_total,
        cast(actual_local as decimal(24, 4)) as actual_local,
        cast(budget_adjusted as decimal(24, 4)) as budget_adjusted,
        cast(received_total as decimal(24, 4)) as received_total,

        ---------- booleans
        coalesce(is_total_row, false) as is_total_row,

        ---------- provenance
        location,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
