{{ config(alias='三公经费', post_hook="{{ zh_view_comments('fct_sangong') }}") }}
{{ zh_view('fct_sangong') }}
