with

reports as (

    select * from {{ ref('stg_reports') }}

),

files as (

    select * from {{ ref('stg_files') }}
    where is_live

),

amounts as (

    select report_id, count(*) as amount_count
    from {{ ref('stg_amounts') }}
    group by report_id

),

findings as (

    select
        report_id,
        count(*) as finding_count,
        count(*) filter (where severity = 'error') as finding_error_count

    from {{ ref('stg_findings') }}
    group by report_id

),

loaded as (

    select report_id, batch_id, max(processed_at) as processed_at
    from files
    group by report_id, batch_id

),

final as (

    select
        ---------- ids
        reports.report_id,
        reports.department_key,
        reports.fiscal_year,
        reports.region_code,

        ---------- report
        reports.report_kind,
        reports.kind_reason,
        reports.title,
        reports.department,
        reports.department_raw,
        reports.admin_level,
        reports.town,
        reports.self_score,
        reports.grade,
        reports.report_date,
        reports.report_date_text,
        reports.published_date,

        ---------- source file
        reports.source_file,
        reports.file_sha256,
        reports.format,
        reports.encoding,
        reports.char_count,
        reports.parser_version,
        reports.batch_id,
        loaded.processed_at,

        ---------- counts
        coalesce(amounts.amount_count, 0) as amount_count,
        coalesce(findings.finding_count, 0) as finding_count,
        coalesce(findings.finding_error_count, 0) as finding_error_count

    from reports
    left join loaded
        on reports.report_id = loaded.report_id and reports.batch_id = loaded.batch_id
    left join amounts on reports.report_id = amounts.report_id
    left join findings on reports.report_id = findings.report_id

)

select * from final
