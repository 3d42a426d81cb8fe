{{ config(alias='指标类别', post_hook="{{ zh_view_comments('dim_indicator_category') }}") }}
{{ zh_view('dim_indicator_category') }}
