{{ config(alias='一致性问题', post_hook="{{ zh_view_comments('fct_findings') }}") }}
{{ zh_view('fct_findings') }}
