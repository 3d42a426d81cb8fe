with

versions as (

    select * from {{ ref('int_report_versions') }}

),

final as (

    select
        ---------- ids
        report_id,
        version_key,
        current_report_id,
        department_key,
        fiscal_year,

        ---------- version
        version_rank,
        version_count,
        is_current,

        ---------- report
        report_kind,
        report_subject,
        department,
        title,
        self_score,
        grade,
        report_date,

        ---------- source file
        source_file,
        file_sha256,
        format,
        parser_version,
        processed_at

    from versions

)

select * from final
