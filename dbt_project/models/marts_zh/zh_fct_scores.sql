{{ config(alias='自评得分', post_hook="{{ zh_view_comments('fct_scores') }}") }}
{{ zh_view('fct_scores') }}
