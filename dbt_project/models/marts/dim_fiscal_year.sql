with

reports as (

    select * from {{ ref('int_report_versions') }}
    where is_current and fiscal_year is not null

),

years as (

    select
        fiscal_year,
        count(*) as report_count,
        count(distinct department_key) as department_count

    from reports
    group by fiscal_year

),

final as (

    select
        fiscal_year,
        cast(fiscal_year as varchar) || '年度' as fiscal_year_label,
        'FY' || cast(fiscal_year as varchar) as fiscal_year_label_en,
        make_date(fiscal_year, 1, 1) as year_start,
        make_date(fiscal_year, 12, 31) as year_end,
        fiscal_year + 1 as evaluation_year,
        report_count,
        department_count

    from years

)

select * from final
