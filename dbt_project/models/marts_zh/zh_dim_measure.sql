{{ config(alias='度量', post_hook="{{ zh_view_comments('dim_measure') }}") }}
{{ zh_view('dim_measure') }}
