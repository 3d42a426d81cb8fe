with

files as (

    select * from {{ ref('stg_files') }}

),

final as (

    select
        ---------- ids
        source_file,
        file_sha256,
        report_id,
        batch_id,

        ---------- fate
        status,
        reason,
        is_live,

        ---------- file
        format,
        size_bytes,
        parser_version,
        processed_at

    from files

)

select * from final
