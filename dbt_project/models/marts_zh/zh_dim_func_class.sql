{{ config(alias='支出功能分类', post_hook="{{ zh_view_comments('dim_func_class') }}") }}
{{ zh_view('dim_func_class') }}
