{{ config(alias='报告', post_hook="{{ zh_view_comments('dim_report') }}") }}
{{ zh_view('dim_report') }}
