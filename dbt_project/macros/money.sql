{#- Yuan -> 万元, exactly (decimal multiplication, no float rounding). -#}
{% macro to_wan_yuan(column_name) -%}
    cast({{ column_name }} * 0.0001 as decimal(28, 8))
{%- endmacro %}
