{#- Surrogate key of a department: its region and normalized name (null when unnamed). -#}
{% macro department_key(region_code, department) -%}
    case
        when {{ department }} is not null
            then substr(md5(coalesce({{ region_code }}, '') || '|' || {{ department }}), 1, 16)
    end
{%- endmacro %}

{#- Key of a per-report row: report_id || '-' || seq. -#}
{% macro row_id(seq_column='seq') -%}
    report_id || '-' || cast({{ seq_column }} as varchar)
{%- endmacro %}

{#- A 16-hex key of several text parts (nulls as empty strings). -#}
{% macro hash_key(parts) -%}
    substr(md5(concat_ws('|'
        {%- for part in parts %}, coalesce(cast({{ part }} as varchar), ''){% endfor -%}
    )), 1, 16)
{%- endmacro %}
