{{ config(alias='人员编制', post_hook="{{ zh_view_comments('fct_staffing') }}") }}
{{ zh_view('fct_staffing') }}
