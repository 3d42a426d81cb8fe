{#- Project funding, one row per project of a report: a project report's own project, or a
    project a department report lists (its funding table or its narrative). Money comes from the
    project's figures (subject_type 'project', measures in var project_funding_measures), first
    statement of each; the funding table's row adds type, purpose and local funds. The execution
    rate is executed / budget, the budget being the adjusted one (全年预算数) where stated, else
    the approved one (年初预算数): execution_rate_basis says which (DOMAIN.md §6). A project's
    self-evaluation form or cover sheet (origin 'form') adds its header: 主管部门 / 实施单位 with
    their codes, 年度总体目标 expected and achieved, 实际到位资金. -#}
{%- set measures = var('project_funding_measures') -%}

with

reports as (

    select report_id, department_key, fiscal_year, report_kind, self_score, grade
    from {{ ref('int_report_versions') }}
    where is_current and report_kind is distinct from 'other'  -- a look-alike's project lists stay out

),

money as (

    select amounts.*
    from {{ ref('stg_amounts') }} as amounts
    inner join reports on amounts.report_id = reports.report_id
    where amounts.subject_type = 'project'
      and amounts.kind = 'money'
      and amounts.subject_name is not null
      and amounts.measure in ({% for m in measures %}'{{ m }}'{{ ',' if not loop.last }}{% endfor %})

),

stated_rates as (

    select report_id, subject_name as project_name, arg_min(value, seq) as stated_execution_rate_pct
    from {{ ref('stg_amounts') }}
    where subject_type = 'project' and kind = 'rate' and measure = 'execution_rate' and subject_name is not null
    group by report_id, subject_name

),

table_rows as (

    select *
    from {{ ref('stg_projects') }}
    where not is_total_row and project_name is not null and project_name <> ''
    qualify row_number() over (partition by report_id, project_name order by seq) = 1

),

scores as (

    select report_id, subject_name as project_name, arg_min(score, seq) as score, arg_min(grade, seq) as grade
    from {{ ref('stg_scores') }}
    where scope = 'project' and subject_name is not null
    group by report_id, subject_name

),

money_pivoted as (

    select
        report_id,
        subject_name as project_name,
        min(char_start) as first_char_start,
        arg_min(value, seq) filter (where phase = 'approved' and fund_source is null and detail is null) as approved,
        arg_min(value, seq) filter (where phase = 'adjusted' and fund_source is null and detail is null) as adjusted,
        arg_min(value, seq) filter (where phase = 'executed' and fund_source is null and detail is null) as executed,
        coalesce(
            arg_min(value, seq) filter (where phase = 'adjusted' and fund_source = 'fiscal_appropriation'),
            arg_min(value, seq) filter (where phase = 'approved' and fund_source = 'fiscal_appropriation')
        ) as fiscal_appropriation_budget,
        coalesce(
            arg_min(value, seq) filter (where phase = 'adjusted' and fund_source = 'other'),
            arg_min(value, seq) filter (where phase = 'approved' and fund_source = 'other')
        ) as other_funds_budget,
        string_agg(distinct fund_source, '; ' order by fund_source) as fund_sources

    from money
    group by report_id, subject_name

),

projects as (

    select report_id, project_name from money_pivoted
    union
    select table_rows.report_id, table_rows.project_name
    from table_rows
    inner join reports on table_rows.report_id = reports.report_id

),

combined as (

    select
        projects.report_id,
        projects.project_name,
        least(money_pivoted.first_char_start, table_rows.char_start) as first_char_start,
        table_rows.project_type,
        table_rows.purpose,
        table_rows.notes,
        table_rows.project_code,
        table_rows.supervising_department,
        table_rows.supervising_code,
        table_rows.implementing_unit,
        table_rows.implementing_code,
        table_rows.objective_text,
        table_rows.achievement_text,
        coalesce(table_rows.origin, 'narrative') as origin,
        table_rows.location,
        coalesce(money_pivoted.approved, table_rows.budget_total) as approved,
        coalesce(money_pivoted.adjusted, table_rows.budget_adjusted) as adjusted,
        table_rows.received_total as received,
        coalesce(money_pivoted.executed, table_rows.actual_total) as executed,
        table_rows.budget_local,
        table_rows.actual_local,
        money_pivoted.fiscal_appropriation_budget,
        money_pivoted.other_funds_budget,
        money_pivoted.fund_sources,
        stated_rates.stated_execution_rate_pct,
        scores.score,
        scores.grade

    from projects
    left join money_pivoted
        on projects.report_id = money_pivoted.report_id and projects.project_name = money_pivoted.project_name
    left join table_rows
        on projects.report_id = table_rows.report_id and projects.project_name = table_rows.project_name
    left join stated_rates
        on projects.report_id = stated_rates.report_id and projects.project_name = stated_rates.project_name
    left join scores
        on projects.report_id = scores.report_id and projects.project_name = scores.project_name

),

final as (

    select
        ---------- ids
        combined.report_id || '-' || cast(
            row_number() over (
                partition by combined.report_id order by combined.first_char_start nulls last, combined.project_name
            ) as varchar
        ) as project_id,
        combined.report_id,
        reports.department_key,
        reports.fiscal_year,

        ---------- project
        combined.project_name,
        combined.project_code,
        combined.project_type,
        combined.purpose,
        combined.supervising_department,
        combined.supervising_code,
        combined.implementing_unit,
        combined.implementing_code,
        combined.objective_text,
        combined.achievement_text,
        combined.origin,
        reports.report_kind = 'project' as is_project_report,

        ---------- funding (万元)
        {{ to_wan_yuan('combined.approved') }} as approved_wan_yuan,
        {{ to_wan_yuan('combined.adjusted') }} as adjusted_wan_yuan,
        {{ to_wan_yuan('combined.executed') }} as executed_wan_yuan,
        {{ to_wan_yuan('combined.received') }} as received_wan_yuan,
        {{ to_wan_yuan('coalesce(combined.adjusted, combined.approved)') }} as budget_wan_yuan,
        case
            when combined.adjusted is not null then 'adjusted'
            when combined.approved is not null then 'approved'
        end as execution_rate_basis,
        cast(
            combined.executed * 100 / nullif(coalesce(combined.adjusted, combined.approved), 0) as double
        ) as execution_rate_pct,
        cast(combined.stated_execution_rate_pct as double) as stated_execution_rate_pct,

        ---------- fund sources (万元)
        combined.fund_sources,
        {{ to_wan_yuan('combined.fiscal_appropriation_budget') }} as fiscal_appropriation_budget_wan_yuan,
        {{ to_wan_yuan('combined.other_funds_budget') }} as other_funds_budget_wan_yuan,
        {{ to_wan_yuan('combined.budget_local') }} as local_budget_wan_yuan,
        {{ to_wan_yuan('combined.actual_local') }} as local_executed_wan_yuan,

        ---------- self-evaluation
        coalesce(combined.score, case when reports.report_kind = 'project' then reports.self_score end) as self_score,
        coalesce(combined.grade, case when reports.report_kind = 'project' then reports.grade end) as grade,

        ---------- provenance
        combined.notes,
        combined.location,
        combined.first_char_start

    from combined
    inner join reports on combined.report_id = reports.report_id

)

select * from final
