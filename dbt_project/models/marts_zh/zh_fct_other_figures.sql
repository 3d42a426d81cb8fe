{{ config(alias='其他数值', post_hook="{{ zh_view_comments('fct_other_figures') }}") }}
{{ zh_view('fct_other_figures') }}
