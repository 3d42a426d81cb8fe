{{ config(alias='部门', post_hook="{{ zh_view_comments('dim_department') }}") }}
{{ zh_view('dim_department') }}
