{#- Only rows of committed batches are live: the landing manifest lists (report_id, batch_id)
    with status 'loaded'. A batch file written before a crash, or superseded by a re-parse,
    stays invisible. -#}
{% macro is_live(alias) -%}
    exists (
        select 1
        from {{ source('landing', 'manifest') }} as manifest
        where manifest.status = 'loaded'
          and manifest.report_id = {{ alias }}.report_id
          and manifest.batch_id = {{ alias }}.batch_id
    )
{%- endmacro %}
