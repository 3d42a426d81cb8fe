with

source as (

    select * from {{ source('landing', 'other_figures') }} as other_figures
    where {{ is_live('other_figures') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as other_figure_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- text
        label,
        reason,

        ---------- numerics
        cast(value as decimal(24, 4)) as value,
        source_value,
        source_unit,

        ---------- provenance
        sentence,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
