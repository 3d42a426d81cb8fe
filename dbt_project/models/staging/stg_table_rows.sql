with

source as (

    select * from {{ source('landing', 'table_rows') }} as table_rows
    where {{ is_live('table_rows') }}

),

renamed as (

    select
        ---------- ids
        report_id || '-' || cast(table_seq as varchar) || '-' || cast("row" as varchar) as table_row_id,
        report_id,
        cast(table_seq as integer) as table_seq,
        cast("row" as integer) as row_number,
        batch_id,

        ---------- text
        title as table_title,
        header_json,
        cells_json,

        ---------- provenance
        location,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
