{#- Only rows of committed batches are live: the landing manifest lists (report_id, batch_id)
    with status 'loaded'. A batch file written before a crash, or superseded by a re-parse,
    stays invisible. A filter (semi-join), not an enrichment: staging rows stay 1:1 with live rows. -#}
{% macro is_live(alias) -%}
    exists (
        select 1
        from {{ source('landing', 'manifest') }} as manifest
        where manifest.status = 'loaded'
          and manifest.report_id = {{ alias }}.report_id
          and manifest.batch_id = {{ alias }}.batch_id
    )
{%- endmacro %}


{#- Lower-case names of the columns a landed table has right now (empty while dbt only parses).
    The landed schema follows pipelines/model.py, so a column the parser adds later appears here
    as soon as it is landed. -#}
{% macro landed_columns(relation) %}
    {%- if not execute -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set described = run_query('describe select * from ' ~ relation) -%}
    {{ return(described.columns[0].values() | map('lower') | list) }}
{% endmacro %}


{#- A column the parser may or may not land yet: the first of `names` the landed table has, cast
    to `type`, else a typed NULL. Staging models list these columns with the names they expect
    (dbt_project/README.md, "Columns expected from the parser"); no model changes when they land. -#}
{% macro optional_column(available, names, type, alias) -%}
    {%- set found = [] -%}
    {%- for name in names if name | lower in available -%}
        {%- do found.append(name) -%}
    {%- endfor -%}
    {%- if found -%}
        cast({{ adapter.quote(found[0]) }} as {{ type }}) as {{ alias }}
    {%- else -%}
        cast(null as {{ type }}) as {{ alias }}
    {%- endif -%}
{%- endmacro %}
