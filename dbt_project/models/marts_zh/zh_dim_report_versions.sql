{{ config(alias='报告版本', post_hook="{{ zh_view_comments('dim_report_versions') }}") }}
{{ zh_view('dim_report_versions') }}
