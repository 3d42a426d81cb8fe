{{ config(alias='其他表格', post_hook="{{ zh_view_comments('fct_table_rows') }}") }}
{{ zh_view('fct_table_rows') }}
