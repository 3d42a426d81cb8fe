{#- The marts under Chinese names (schema marts_zh).

    Every mart column's description ends with its Chinese term in ASCII brackets, e.g.
    "Fiscal year evaluated, not the publication year (预算年度).". That term is the column's name
    in the Chinese view, so the English description, the DuckDB comment and the Chinese name come
    from one place (models/marts/*.yml). tests/test_warehouse_docs.py checks every mart column
    has a term and that the terms of a mart are distinct. -#}

{#- The Chinese term at the end of a description, or none. -#}
{% macro zh_term(description) -%}
    {%- set found = modules.re.search('\\(([^()]+)\\)\\.?\\s*$', (description or '') | trim) -%}
    {{ return(found.group(1) | trim if found else none) }}
{%- endmacro %}


{#- The documented columns of a mart, in yml order: [{name, zh, description}]. -#}
{% macro zh_columns(model_name) -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ model_name] -%}
    {%- set columns = [] -%}
    {%- for column in node.columns.values() -%}
        {%- set zh = zh_term(column.description) -%}
        {%- if zh is none -%}
            {%- do exceptions.raise_compiler_error(
                model_name ~ '.' ~ column.name ~ ': the description must end with its Chinese term in brackets') -%}
        {%- endif -%}
        {%- do columns.append({'name': column.name, 'zh': zh, 'description': column.description}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#- A relation without its database: views must not name the build file's catalog, which is the
    build file's name (the published file is opened under another name). -#}
{% macro without_database(relation) -%}
    {%- if relation is string -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(relation.include(database=false)) }}
{%- endmacro %}


{#- select <column> as <中文名>, ... from <mart>. -#}
{% macro zh_view(model_name) -%}
    {%- set relation = ref(model_name) -%}
    {%- if execute -%}
        select
        {%- for column in zh_columns(model_name) %}
            {{ adapter.quote(column.name) }} as {{ adapter.quote(column.zh) }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ without_database(relation) }}
    {%- else -%}
        select * from {{ without_database(relation) }}
    {%- endif -%}
{%- endmacro %}


{#- Post-hook of a Chinese view: the mart's comments, on the view and on each column. -#}
{% macro zh_view_comments(model_name) -%}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.' ~ model_name] -%}
    comment on view {{ this }} is {{ duckdb_escape_comment(this.identifier ~ ' = ' ~ model_name ~ ' (中文视图). ' ~ node.description) }};
    {%- for column in zh_columns(model_name) %}
    comment on column {{ this }}.{{ adapter.quote(column.zh) }} is {{ duckdb_escape_comment(column.name ~ ': ' ~ column.description) }};
    {%- endfor %}
{%- endmacro %}
