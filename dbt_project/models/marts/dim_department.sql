with

reports as (

    select * from {{ ref('int_report_versions') }}
    where is_current and department_key is not null

),

regions as (

    select * from {{ ref('dim_region') }}

),

types as (

    select * from {{ ref('department_types') }}

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
        count(distinct fiscal_year) as fiscal_year_count,
        count(*) as report_count

    from reports
    group by department_key

),

typed as (

    -- the matching pattern of lowest priority (then the longest) names the type
    select
        departments.department_key,
        arg_min(types.department_type, [types.priority, -length(types.pattern)]) as department_type,
        arg_min(types.name_zh, [types.priority, -length(types.pattern)]) as department_type_zh,
        arg_min(types.org_category, [types.priority, -length(types.pattern)]) as org_category,
        arg_min(types.org_category_zh, [types.priority, -length(types.pattern)]) as org_category_zh

    from departments
    inner join types on departments.department like types.pattern
    group by departments.department_key

),

final as (

    select
        ---------- ids
        departments.department_key,
        departments.region_code,

        ---------- names
        departments.department,
        departments.department_raw_latest,
        departments.department_raw_names,

        ---------- type
        coalesce(typed.department_type, 'other') as department_type,
        coalesce(typed.department_type_zh, '其他') as department_type_zh,
        coalesce(typed.org_category, 'other') as org_category,
        coalesce(typed.org_category_zh, '其他') as org_category_zh,

        ---------- region
        regions.province,
        regions.city,
        regions.county,
        coalesce(departments.admin_level, regions.admin_level) as admin_level,

        ---------- coverage
        departments.first_fiscal_year,
        departments.last_fiscal_year,
        departments.fiscal_year_count,
        departments.report_count

    from departments
    left join regions on departments.region_code = regions.region_code
    left join typed on departments.department_key = typed.department_key

)

select * from final
