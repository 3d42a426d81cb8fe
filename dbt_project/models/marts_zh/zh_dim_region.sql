{{ config(alias='地区', post_hook="{{ zh_view_comments('dim_region') }}") }}
{{ zh_view('dim_region') }}
