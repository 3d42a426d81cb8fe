{#- Department-level headline money per report and budget phase, one column per measure. -#}
{%- set measures = [
    'revenue_total', 'fiscal_appropriation', 'carryover_prior_year', 'balance_year_end',
    'expenditure_total', 'basic_expenditure', 'personnel_expenditure', 'public_expenditure',
    'project_expenditure', 'sangong_total', 'sangong_overseas', 'sangong_vehicle',
    'sangong_vehicle_purchase', 'sangong_vehicle_operation', 'sangong_reception',
] -%}

with

figures as (

    select * from {{ ref('int_department_figures') }}
    where kind = 'money'
      and phase in ('approved', 'adjusted', 'executed', 'prior_year')

),

reports as (

    select report_id, department_key, fiscal_year, admin_level from {{ ref('int_report_versions') }}
    where is_current

),

pivoted as (

    select
        report_id,
        phase,
        {%- for measure in measures %}
        max(value_wan_yuan) filter (where measure = '{{ measure }}') as {{ measure }}_wan_yuan
        {%- if not loop.last %},{% endif %}
        {%- endfor %}

    from figures
    group by report_id, phase

),

final as (

    select
        ---------- ids
        pivoted.report_id || '-' || pivoted.phase as report_phase_id,
        pivoted.report_id,
        reports.department_key,
        reports.fiscal_year,
        reports.admin_level,
        pivoted.phase,

        ---------- figures (万元)
        {%- for measure in measures %}
        pivoted.{{ measure }}_wan_yuan,
        {%- endfor %}

        ---------- identities: stated total minus the sum of its stated parts (null unless all stated)
        basic_expenditure_wan_yuan
            - (personnel_expenditure_wan_yuan + public_expenditure_wan_yuan) as basic_minus_parts_wan_yuan,
        expenditure_total_wan_yuan
            - (basic_expenditure_wan_yuan + project_expenditure_wan_yuan) as expenditure_minus_parts_wan_yuan,
        sangong_total_wan_yuan
            - (sangong_overseas_wan_yuan + sangong_vehicle_wan_yuan + sangong_reception_wan_yuan)
            as sangong_minus_parts_wan_yuan

    from pivoted
    inner join reports on pivoted.report_id = reports.report_id

)

select * from final
