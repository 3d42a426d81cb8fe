with

amounts as (

    select * from {{ ref('stg_amounts') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('stg_reports') }}
    -- look-alikes (budget disclosures, notices …) are not self-evaluations: their figures stay out
    where report_kind is distinct from 'other'

),

final as (

    select
        ---------- ids
        amounts.amount_id,
        amounts.report_id,
        reports.department_key,
        reports.fiscal_year,
        amounts.seq,

        ---------- what the figure is
        amounts.measure,
        amounts.phase,
        amounts.kind,
        amounts.func_code,
        amounts.econ_code,
        amounts.fund_source,
        amounts.subject_type,
        amounts.subject_name,
        amounts.detail,

        ---------- value (canonical unit) and as written
        amounts.value,
        amounts.value_unit,
        case
            when amounts.kind = 'money' then {{ to_wan_yuan('amounts.value') }}
        end as value_wan_yuan,
        amounts.source_value,
        amounts.source_unit,

        ---------- provenance
        amounts.source_text,
        amounts.sentence,
        amounts.char_start,
        amounts.char_end,
        amounts.section,
        amounts.origin

    from amounts
    inner join reports on amounts.report_id = reports.report_id

)

select * from final
