with

figures as (

    select * from {{ ref('stg_other_figures') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

final as (

    select
        ---------- ids
        figures.other_figure_id,
        figures.report_id,
        reports.department_key,
        reports.fiscal_year,
        figures.seq,

        ---------- figure
        figures.label,
        figures.reason,
        figures.value,
        figures.source_value,
        figures.source_unit,

        ---------- provenance
        figures.sentence,
        figures.char_start,
        figures.char_end

    from figures
    inner join reports on figures.report_id = reports.report_id

)

select * from final
