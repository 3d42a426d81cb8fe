{{ config(alias='预算变动', post_hook="{{ zh_view_comments('fct_budget_changes') }}") }}
{{ zh_view('fct_budget_changes') }}
