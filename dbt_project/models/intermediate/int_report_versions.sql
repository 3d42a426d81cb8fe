{#- Every live report file with the version it is of its report.

    A report is identified by (department, fiscal year, kind, subject): the subject is the
    department for a department-overall report and the project for a project report. Files of
    one report are its versions; the newest is current: the later report date, then the later
    run (files parsed in one run are equally new, whatever order the parallel parse finished
    them in), then the larger file path (so the choice never depends on timing or row order). A report whose
    identity is incomplete or ambiguous (no department, region, year or subject, or kind 'other')
    is a report of its own: 县科技局 with no region could be any county's. The same bytes loaded
    twice never get here twice (the inbox keys files by content hash). -#}

with

reports as (

    select * from {{ ref('stg_reports') }}

),

files as (

    select report_id, batch_id, max(processed_at) as processed_at
    from {{ ref('stg_files') }}
    where is_live
    group by report_id, batch_id

),

batches as (

    -- when each run started: files parsed in one run are equally new, whatever order the
    -- parallel parse finished them in
    select batch_id, min(processed_at) as batch_started_at
    from {{ ref('stg_files') }}
    group by batch_id

),

project_scores as (

    -- the project a project report scores, as the score sentence names it
    select report_id, arg_min(subject_name, seq) as project_name
    from {{ ref('stg_scores') }}
    where scope = 'project' and subject_name is not null
    group by report_id

),

subjects as (

    select
        reports.*,
        files.processed_at,
        batches.batch_started_at,
        case reports.report_kind
            when 'department_overall' then reports.department
            when 'project' then regexp_replace(coalesce(project_scores.project_name, reports.title), '\s', '', 'g')
        end as report_subject

    from reports
    left join files
        on reports.report_id = files.report_id and reports.batch_id = files.batch_id
    left join batches on reports.batch_id = batches.batch_id
    left join project_scores on reports.report_id = project_scores.report_id

),

keyed as (

    select
        *,
        case
            when department_key is not null
                and region_code is not null
                and fiscal_year is not null
                and report_kind in ('department_overall', 'project')
                and report_subject is not null
                then {{ hash_key(['department_key', 'fiscal_year', 'report_kind', 'report_subject']) }}
            else {{ hash_key(["'report'", 'report_id']) }}
        end as version_key

    from subjects

),

ranked as (

    select
        *,
        row_number() over newest_first as version_rank,
        count(*) over (partition by version_key) as version_count,
        first_value(report_id) over newest_first as current_report_id

    from keyed
    window newest_first as (
        partition by version_key
        order by report_date desc nulls last, batch_started_at desc nulls last, source_file desc
    )

),

final as (

    select
        *,
        version_rank = 1 as is_current

    from ranked

)

select * from final
