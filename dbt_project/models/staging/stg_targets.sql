with

source as (

    select * from {{ source('landing', 'targets') }} as targets
    where {{ is_live('targets') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as target_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- text
        project_name,
        sub_item,
        target_kind,
        level1,
        level2,
        target_text,
        operator,
        target_unit,
        level3,
        actual_text,
        actual_unit,
        deviation,

        ---------- numerics
        cast(target_value as decimal(24, 4)) as target_value,
        cast(target_value_max as decimal(24, 4)) as target_value_max,
        cast(actual_value as decimal(24, 4)) as actual_value,
        cast(weight as decimal(24, 4)) as weight,
        cast(score as decimal(24, 4)) as score,

        ---------- provenance
        location,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
