{{ config(alias='预算年度', post_hook="{{ zh_view_comments('dim_fiscal_year') }}") }}
{{ zh_view('dim_fiscal_year') }}
