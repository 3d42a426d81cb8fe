with

projects as (

    select * from {{ ref('stg_projects') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('stg_reports') }}

),

final as (

    select
        ---------- ids
        projects.project_row_id,
        projects.report_id,
        reports.department_key,
        reports.fiscal_year,
        projects.seq,

        ---------- project
        projects.project_name,
        projects.project_type,
        projects.purpose,
        projects.notes,
        projects.is_total_row,
        projects.origin,
        projects.supervising_department,
        projects.supervising_code,
        projects.implementing_unit,
        projects.implementing_code,
        projects.objective_text,
        projects.achievement_text,

        ---------- money (yuan, and 万元)
        projects.budget_total,
        projects.budget_local,
        projects.actual_total,
        projects.actual_local,
        projects.budget_adjusted,
        projects.received_total,
        {{ to_wan_yuan('projects.budget_total') }} as budget_total_wan_yuan,
        {{ to_wan_yuan('projects.actual_total') }} as actual_total_wan_yuan,
        cast(projects.actual_total / nullif(projects.budget_total, 0) * 100 as double) as execution_rate_pct,
        projects.source_unit,

        ---------- provenance
        projects.location,
        projects.char_start,
        projects.char_end

    from projects
    inner join reports on projects.report_id = reports.report_id

)

select * from final
