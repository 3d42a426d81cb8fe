{{ config(alias='部门收支', post_hook="{{ zh_view_comments('fct_department_finances') }}") }}
{{ zh_view('fct_department_finances') }}
