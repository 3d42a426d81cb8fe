{#- The staging and intermediate layers are views over Parquet paths that exist only where the
    file was built. After `dbt build` / `dbt run`, drop them, so the published file holds only
    tables (main, seeds) and the marts_zh views over them. `--vars '{keep_build_schemas: true}'`
    keeps them (debugging, `jixiao docs`). pipelines/dbt_runner.py checks the result. -#}
{% macro drop_build_only_schemas() %}
    {%- if execute and flags.WHICH in ('build', 'run') and not var('keep_build_schemas', false) -%}
        {%- for schema in build_only_schemas() -%}
            {%- do run_query('drop schema if exists ' ~ adapter.quote(schema) ~ ' cascade') -%}
        {%- endfor -%}
    {%- endif -%}
    select 1
{% endmacro %}


{% macro build_only_schemas() -%}
    {{ return(['staging', 'intermediate']) }}
{%- endmacro %}
