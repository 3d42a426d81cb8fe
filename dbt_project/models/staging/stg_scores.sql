with

source as (

    select * from {{ source('landing', 'scores') }} as scores
    where {{ is_live('scores') }}

),

renamed as (

    select
        ---------- ids
        {{ row_id() }} as score_id,
        report_id,
        cast(seq as integer) as seq,
        batch_id,

        ---------- text
        scope,
        subject_name,
        grade,

        ---------- numerics
        cast(score as decimal(24, 4)) as score,
        cast(max_score as decimal(24, 4)) as max_score,

        ---------- provenance
        sentence,
        cast(char_start as bigint) as char_start,
        cast(char_end as bigint) as char_end

    from source

)

select * from renamed
