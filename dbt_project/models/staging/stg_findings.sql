with

source as (

    select * from {{ source('landing', 'findings') }} as findings
    where {{ is_live('findings') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as finding_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- text
        rule,
        severity,
        message,
        left_label,
        right_label,

        ---------- numerics
        cast(left_value as decimal(24, 4)) as left_value,
        cast(right_value as decimal(24, 4)) as right_value,

        ---------- provenance
        left_text,
        cast(left_char_start as bigint) as left_char_start,
        cast(left_char_end as bigint) as left_char_end,
        right_text,
        cast(right_char_start as bigint) as right_char_start,
        cast(right_char_end as bigint) as right_char_end

    from source

)

select * from renamed
