with

versions as (

    select * from {{ ref('int_report_versions') }}
    where is_current

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

final as (

    select
        ---------- ids
        versions.report_id,
        versions.department_key,
        versions.fiscal_year,
        versions.region_code,

        ---------- report
        versions.report_kind,
        versions.kind_reason,
        versions.title,
        versions.report_subject,
        versions.department,
        versions.department_raw,
        versions.admin_level,
        versions.town,
        versions.self_score,
        versions.grade,
        versions.report_date,
        versions.report_date_text,
        versions.published_date,

        ---------- versions
        versions.version_key,
        versions.version_count,

        ---------- source file
        versions.source_file,
        versions.file_sha256,
        versions.format,
        versions.encoding,
        versions.char_count,
        versions.parser_version,
        versions.parse_warnings,
        versions.batch_id,
        versions.processed_at,

        ---------- counts
        coalesce(amounts.amount_count, 0) as amount_count,
        coalesce(findings.finding_count, 0) as finding_count,
        coalesce(findings.finding_error_count, 0) as finding_error_count

    from versions
    left join amounts on versions.report_id = amounts.report_id
    left join findings on versions.report_id = findings.report_id

)

select * from final
