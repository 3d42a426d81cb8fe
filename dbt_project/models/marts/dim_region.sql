with

reports as (

    select * from {{ ref('int_report_versions') }}
    where is_current and region_code is not null

),

regions as (

    select
        region_code,
        mode(province) as province,
        mode(city) as city,
        mode(county) as county,
        -- a town-level unit carries its county's code: the town level is the unit's, not the code's
        mode(admin_level) filter (where admin_level <> 'town') as stated_admin_level,
        count(*) as report_count

    from reports
    group by region_code

),

final as (

    select
        region_code,
        province,
        city,
        county,
        concat_ws('', province, city, county) as region_name,
        coalesce(
            stated_admin_level,
            case
                when region_code like '%0000' then 'province'
                when region_code like '%00' then 'city'
                else 'county'
            end
        ) as admin_level,
        substr(region_code, 1, 2) || '0000' as province_code,
        case when region_code not like '%0000' then substr(region_code, 1, 4) || '00' end as city_code,
        report_count

    from regions

)

select * from final
