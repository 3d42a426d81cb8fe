with

source as (

    select * from {{ source('landing', 'amounts') }} as amounts
    where {{ is_live('amounts') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as amount_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- classification
        measure,
        phase,
        kind,
        func_code,
        econ_code,
        fund_source,
        subject_type,
        subject_name,
        detail,

        ---------- numerics
        cast(value as decimal(24, 4)) as value,
        value_unit,
        source_value,
        source_unit,

        ---------- provenance
        source_text,
        sentence,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end,
        section,
        origin

    from source

)

select * from renamed
