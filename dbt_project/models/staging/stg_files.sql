with

source as (

    select * from {{ source('landing', 'manifest') }}

),

renamed as (

    select
        ---------- ids
        file_sha256,
        report_id,
        batch_id,

        ---------- text
        source_file,
        status,
        reason,
        format,
        parser_version,

        ---------- numerics
        cast(size_bytes as bigint) as size_bytes,

        ---------- booleans
        status = 'loaded' as is_live,

        ---------- timestamps
        processed_at

    from source

)

select * from renamed
