with

reports as (

    select * from {{ ref('stg_reports') }}
    where department_key is not null

),

regions as (

    select * from {{ ref('dim_region') }}

),

departments as (

    select
        department_key,
        any_value(department) as department,
        any_value(region_code) as region_code,
        arg_max(department_raw, fiscal_year) as department_raw_latest,
        string_agg(distinct department_raw, '; ' order by department_raw) as department_raw_names,
        mode(admin_level) as admin_level,
        min(fiscal_year) as first_fiscal_year,
        max(fiscal_year) as last_fiscal_year,
        count(*) as report_count

    from reports
    group by department_key

),

final as (

    select
        departments.department_key,
        departments.department,
        departments.department_raw_latest,
        departments.department_raw_names,
        departments.region_code,
        regions.province,
        regions.city,
        regions.county,
        coalesce(departments.admin_level, regions.admin_level) as admin_level,
        departments.first_fiscal_year,
        departments.last_fiscal_year,
        departments.report_count

    from departments
    left join regions on departments.region_code = regions.region_code

)

select * from final
