{#- 三公经费 per report and component, as the report states them. The components are the money
    measures named sangong_* in the measure vocabulary (total, overseas travel, vehicles and their
    purchase / operation, reception). -#}

with

components as (

    select measure, name_zh from {{ ref('measures') }}
    where measure like 'sangong\_%' escape '\' and kind = 'money'

),

figures as (

    select figures.*
    from {{ ref('int_department_figures') }} as figures
    inner join components on figures.measure = components.measure

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

pivoted as (

    select
        report_id,
        measure as component,
        max(value_wan_yuan) filter (where phase = 'approved') as budget_wan_yuan,
        max(value_wan_yuan) filter (where phase = 'adjusted') as adjusted_budget_wan_yuan,
        max(value_wan_yuan) filter (where phase = 'executed') as actual_wan_yuan,
        max(value_wan_yuan) filter (where phase = 'prior_year') as prior_year_wan_yuan,
        max(value_wan_yuan) filter (where phase = 'yoy_change') as yoy_change_wan_yuan,
        max(cast(value as double)) filter (where phase = 'yoy_change_rate') as yoy_change_rate_pct,
        max(value_wan_yuan) filter (where phase = 'budget_variance') as budget_variance_wan_yuan

    from figures
    group by report_id, measure

),

final as (

    select
        ---------- ids
        pivoted.report_id || '-' || pivoted.component as sangong_id,
        pivoted.report_id,
        reports.department_key,
        reports.fiscal_year,
        pivoted.component,
        components.name_zh as component_zh,

        ---------- as stated (万元; the change rate in percent)
        pivoted.budget_wan_yuan,
        pivoted.adjusted_budget_wan_yuan,
        pivoted.actual_wan_yuan,
        pivoted.prior_year_wan_yuan,
        pivoted.yoy_change_wan_yuan,
        pivoted.yoy_change_rate_pct,
        pivoted.budget_variance_wan_yuan,

        ---------- derived from the stated figures (null unless both are stated)
        pivoted.actual_wan_yuan - pivoted.budget_wan_yuan as actual_minus_budget_wan_yuan,
        pivoted.actual_wan_yuan - pivoted.prior_year_wan_yuan as actual_minus_prior_year_wan_yuan

    from pivoted
    inner join reports on pivoted.report_id = reports.report_id
    inner join components on pivoted.component = components.measure
    where pivoted.budget_wan_yuan is not null
       or pivoted.adjusted_budget_wan_yuan is not null
       or pivoted.actual_wan_yuan is not null
       or pivoted.prior_year_wan_yuan is not null
       or pivoted.yoy_change_wan_yuan is not null
       or pivoted.yoy_change_rate_pct is not null
       or pivoted.budget_variance_wan_yuan is not null

)

select * from final
