{{ config(alias='项目资金', post_hook="{{ zh_view_comments('fct_projects') }}") }}
{{ zh_view('fct_projects') }}
