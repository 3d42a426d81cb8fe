with

targets as (

    select * from {{ ref('stg_targets') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('stg_reports') }}

),

final as (

    select
        ---------- ids
        targets.target_id,
        targets.report_id,
        reports.department_key,
        reports.fiscal_year,
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

        ---------- result (self-evaluation forms)
        targets.actual_text,
        targets.actual_value,
        targets.actual_unit,
        targets.weight,
        targets.score,
        targets.deviation,

        ---------- provenance
        targets.location,
        targets.char_start,
        targets.char_end

    from targets
    inner join reports on targets.report_id = reports.report_id

)

select * from final
