with

source as (

    select * from {{ source('landing', 'sections') }} as sections
    where {{ is_live('sections') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as section_id,
        report_id,
        cast(seq as integer) as seq,
        cast(parent_seq as integer) as parent_seq,
        batch_id,

        ---------- text
        cast(level as integer) as level,
        number as heading_number,
        title,
        topic,
        text,

        ---------- provenance
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
