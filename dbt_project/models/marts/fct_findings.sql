with

findings as (

    select * from {{ ref('stg_findings') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

final as (

    select
        ---------- ids
        findings.finding_id,
        findings.report_id,
        reports.department_key,
        reports.fiscal_year,
        findings.seq,

        ---------- rule
        findings.rule,
        findings.severity,
        findings.message,

        ---------- both sides
        findings.left_label,
        findings.left_value,
        findings.right_label,
        findings.right_value,
        findings.left_value - findings.right_value as difference,

        ---------- provenance
        findings.left_text,
        findings.left_char_start,
        findings.left_char_end,
        findings.right_text,
        findings.right_char_start,
        findings.right_char_end

    from findings
    inner join reports on findings.report_id = reports.report_id

)

select * from final
