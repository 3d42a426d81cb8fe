{{ config(alias='预算金额', post_hook="{{ zh_view_comments('fct_budget_amounts') }}") }}
{{ zh_view('fct_budget_amounts') }}
