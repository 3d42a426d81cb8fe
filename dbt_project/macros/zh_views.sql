{#- The marts under Chinese names (schema marts_zh).

    Every mart column's description ends with its Chinese term in ASCII brackets, e.g.
    "Fiscal year evaluated, not the year of publication (预算年度).". persist_docs writes the
    descriptions into DuckDB comments when the mart is built; the Chinese view reads them back
    (the view is built after its mart) and names each column by its term. So the English
    description, the comment and the Chinese name all come from models/marts/*.yml.
    tests/test_warehouse_docs.py checks every mart column has a term and that a mart's terms
    are distinct. -#}

{#- The Chinese term at the end of a description, or none. -#}
{% macro zh_term(description) -%}
    {%- set found = modules.re.search('\\(([^()]+)\\)\\.?\\s*$', (description or '') | trim) -%}
    {{ return(found.group(1) | trim if found else none) }}
{%- endmacro %}


{#- The commented columns of a built mart, in table order: [{name, zh, comment}]. -#}
{% macro zh_columns(model_name) -%}
    {%- set described = run_query(
        "select column_name, comment from duckdb_columns()"
        ~ " where database_name = current_database() and schema_name = 'main'"
        ~ " and table_name = '" ~ model_name ~ "' and comment is not null order by column_index") -%}
    {%- set columns = [] -%}
    {%- for row in described.rows -%}
        {%- set zh = zh_term(row[1]) -%}
        {%- if zh is none -%}
            {%- do exceptions.raise_compiler_error(
                model_name ~ '.' ~ row[0] ~ ': the description must end with its Chinese term in brackets') -%}
        {%- endif -%}
        {%- do columns.append({'name': row[0], 'zh': zh, 'comment': row[1]}) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{#- A relation without its database: a view must not name the build file's catalog (the build
    file's name); the published file is opened under other names. -#}
{% macro without_database(relation) -%}
    {%- if relation is string -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(relation.include(database=false)) }}
{%- endmacro %}


{#- select <column> as <中文名>, ... from <mart>. -#}
{% macro zh_view(model_name) -%}
    {%- set relation = ref(model_name) -%}
    {%- set columns = zh_columns(model_name) if execute else [] -%}
    {%- if columns -%}
        select
        {%- for column in columns %}
            {{ adapter.quote(column.name) }} as {{ adapter.quote(column.zh) }}{{ ',' if not loop.last }}
        {%- endfor %}
        from {{ without_database(relation) }}
    {%- else -%}
        {#- parsing, or the mart is not built yet -#}
        select * from {{ without_database(relation) }}
    {%- endif -%}
{%- endmacro %}


{#- Post-hook of a Chinese view: the mart's comments, on the view and on each column. -#}
{% macro zh_view_comments(model_name) -%}
    {%- if not execute -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set table_comment = run_query(
        "select comment from duckdb_tables() where database_name = current_database()"
        ~ " and schema_name = 'main' and table_name = '" ~ model_name ~ "'").columns[0].values() -%}
    {%- set description = table_comment[0] if table_comment and table_comment[0] else '' -%}
    comment on view {{ this }} is {{ duckdb_escape_comment(this.identifier ~ ' = ' ~ model_name ~ ' (中文视图). ' ~ description) }};
    {%- for column in zh_columns(model_name) %}
    comment on column {{ this }}.{{ adapter.quote(column.zh) }} is {{ duckdb_escape_comment(column.name ~ ': ' ~ column.comment) }};
    {%- endfor %}
{%- endmacro %}
