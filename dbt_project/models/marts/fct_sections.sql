with recursive

sections as (

    select * from {{ ref('stg_sections') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

heading_paths as (

    -- title path from the top heading down, e.g. 四、存在的问题 > （一）资金使用
    select
        report_id,
        seq,
        heading_number || title as heading_path,
        1 as depth

    from sections
    where parent_seq is null

    union all

    select
        child.report_id,
        child.seq,
        parent.heading_path || ' > ' || child.heading_number || child.title as heading_path,
        parent.depth + 1 as depth

    from sections as child
    inner join heading_paths as parent
        on child.report_id = parent.report_id and child.parent_seq = parent.seq
    where parent.depth < 20  -- guards against a cycle in bad data

),

final as (

    select
        ---------- ids
        sections.section_id,
        sections.report_id,
        reports.department_key,
        reports.fiscal_year,
        sections.seq,
        case
            when sections.parent_seq is not null
                then sections.report_id || '-' || cast(sections.parent_seq as varchar)
        end as parent_section_id,

        ---------- heading
        sections.level,
        sections.heading_number,
        sections.title,
        coalesce(paths.heading_path, sections.heading_number || sections.title) as heading_path,
        sections.topic,

        ---------- text
        sections.text,
        length(sections.text) as text_length,

        ---------- provenance
        sections.char_start,
        sections.char_end

    from sections
    inner join reports on sections.report_id = reports.report_id
    left join (
        select report_id, seq, min_by(heading_path, depth) as heading_path
        from heading_paths
        group by report_id, seq
    ) as paths
        on sections.report_id = paths.report_id and sections.seq = paths.seq

)

select * from final
