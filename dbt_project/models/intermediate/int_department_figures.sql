{#- The department's own headline figures of each current self-evaluation (look-alikes left out): no class, fund-source or
    detail breakdown, no unit or project. A figure stated more than once (narrative and table)
    counts once: its first statement. One row per report × measure × phase × kind. -#}

with

amounts as (

    select * from {{ ref('stg_amounts') }}
    where subject_type = 'department'
      and func_code is null
      and econ_code is null
      and fund_source is null
      and detail is null

),

current_reports as (

    -- look-alikes (budget disclosures, notices …) are not self-evaluations: their figures stay out
    select report_id from {{ ref('int_report_versions') }}
    where is_current and report_kind is distinct from 'other'

),

first_stated as (

    select
        amounts.report_id,
        amounts.measure,
        amounts.phase,
        amounts.kind,
        arg_min(amounts.value, amounts.seq) as value,
        min(amounts.seq) as first_seq,
        count(*) as statement_count

    from amounts
    inner join current_reports on amounts.report_id = current_reports.report_id
    group by amounts.report_id, amounts.measure, amounts.phase, amounts.kind

),

final as (

    select
        report_id,
        measure,
        phase,
        kind,
        value,
        case when kind = 'money' then {{ to_wan_yuan('value') }} end as value_wan_yuan,
        first_seq,
        statement_count

    from first_stated

)

select * from final
