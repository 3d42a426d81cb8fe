{{ config(alias='评价等级', post_hook="{{ zh_view_comments('dim_grade_band') }}") }}
{{ zh_view('dim_grade_band') }}
