{{ config(alias='绩效指标', post_hook="{{ zh_view_comments('fct_targets') }}") }}
{{ zh_view('fct_targets') }}
