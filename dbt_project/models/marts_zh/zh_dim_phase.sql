{{ config(alias='预算阶段', post_hook="{{ zh_view_comments('dim_phase') }}") }}
{{ zh_view('dim_phase') }}
