{#- Headcounts per report, unit and staff category: the department itself or a named subordinate
    unit; the category is the report's own breakdown label (行政编制, 事业编制 …) or 合计 for the
    unit's total. Each headcount counts once (its first statement). -#}

with

staff as (

    select * from {{ ref('stg_amounts') }}
    where kind = 'count'
      and measure in ('staff_authorized', 'staff_actual', 'staff_retired')

),

reports as (

    select report_id, department_key, fiscal_year, department from {{ ref('int_report_versions') }}
    where is_current

),

labelled as (

    select
        staff.report_id,
        staff.measure,
        staff.seq,
        staff.value,
        staff.sentence,
        staff.subject_type as unit_type,
        coalesce(staff.subject_name, reports.department, '本部门') as unit_name,
        coalesce(staff.detail, '合计') as staff_category

    from staff
    inner join reports on staff.report_id = reports.report_id

),

pivoted as (

    select
        report_id,
        unit_type,
        unit_name,
        staff_category,
        min(seq) as first_seq,
        cast(arg_min(value, seq) filter (where measure = 'staff_authorized') as integer) as authorized_count,
        cast(arg_min(value, seq) filter (where measure = 'staff_actual') as integer) as actual_count,
        cast(arg_min(value, seq) filter (where measure = 'staff_retired') as integer) as retired_count,
        arg_min(sentence, seq) as sentence

    from labelled
    group by report_id, unit_type, unit_name, staff_category

),

final as (

    select
        ---------- ids
        pivoted.report_id || '-' || cast(
            row_number() over (partition by pivoted.report_id order by pivoted.first_seq) as varchar
        ) as staffing_id,
        pivoted.report_id,
        reports.department_key,
        reports.fiscal_year,

        ---------- unit and category
        pivoted.unit_type,
        pivoted.unit_name,
        pivoted.staff_category,
        pivoted.staff_category = '合计' as is_unit_total,

        ---------- headcounts (persons)
        pivoted.authorized_count,
        pivoted.actual_count,
        pivoted.retired_count,
        cast(pivoted.actual_count * 100.0 / nullif(pivoted.authorized_count, 0) as double) as staff_control_rate_pct,

        ---------- provenance
        pivoted.sentence

    from pivoted
    inner join reports on pivoted.report_id = reports.report_id

)

select * from final
