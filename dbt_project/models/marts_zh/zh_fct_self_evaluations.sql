{{ config(alias='自评结果', post_hook="{{ zh_view_comments('fct_self_evaluations') }}") }}
{{ zh_view('fct_self_evaluations') }}
