with

table_rows as (

    select * from {{ ref('stg_table_rows') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

final as (

    select
        ---------- ids
        table_rows.table_row_id,
        table_rows.report_id,
        reports.department_key,
        reports.fiscal_year,
        table_rows.table_seq,
        table_rows.row_number,

        ---------- cells (JSON arrays of text)
        table_rows.table_title,
        table_rows.header_json,
        table_rows.cells_json,

        ---------- provenance
        table_rows.location,
        table_rows.char_start,
        table_rows.char_end

    from table_rows
    inner join reports on table_rows.report_id = reports.report_id

)

select * from final
