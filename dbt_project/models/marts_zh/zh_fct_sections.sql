{{ config(alias='报告章节', post_hook="{{ zh_view_comments('fct_sections') }}") }}
{{ zh_view('fct_sections') }}
