{{ config(alias='支出经济分类', post_hook="{{ zh_view_comments('dim_econ_class') }}") }}
{{ zh_view('dim_econ_class') }}
