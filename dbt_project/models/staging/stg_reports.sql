with

source as (

    select * from {{ source('landing', 'reports') }} as reports
    where {{ is_live('reports') }}

),

renamed as (

    select
        ---------- ids
        report_id,
        {{ department_key('region_code', 'department') }} as department_key,
        file_sha256,
        batch_id,

        ---------- text
        title,
        source_file,
        format,
        parser_version,
        encoding,
        department,
        department_raw,
        report_kind,
        kind_reason,
        grade,
        report_date_text,
        parse_warnings,

        ---------- region
        region_code,
        province,
        city,
        county,
        admin_level,
        town,

        ---------- numerics
        cast(fiscal_year as integer) as fiscal_year,
        cast(self_score as decimal(24, 4)) as self_score,
        cast(char_count as bigint) as char_count,

        ---------- dates
        report_date,
        published_date

    from source

)

select * from renamed
