-- Every figure of the current self-evaluation reports, flagged: the rows of fct_budget_amounts
-- (levels: budgets, spending, rates, counts) and of fct_budget_changes (stated comparisons:
-- phases.csv is_change), which split it.
with

amounts as (

    select * from {{ ref('stg_amounts') }}

),

phases as (

    select phase, is_change from {{ ref('phases') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    -- look-alikes (budget disclosures, notices …) are not self-evaluations: their figures stay out
    where is_current and report_kind is distinct from 'other'

),

flagged as (

    select
        amounts.*,
        -- the same figure stated again (a table repeating the narrative): sum only the first
        row_number() over (
            partition by
                amounts.report_id, amounts.measure, amounts.phase, amounts.kind, amounts.func_code,
                amounts.econ_code, amounts.fund_source, amounts.subject_type, amounts.subject_name,
                amounts.detail, amounts.value
            order by amounts.seq
        ) > 1 as is_restated

    from amounts

),

final as (

    select
        ---------- ids
        flagged.amount_id,
        flagged.report_id,
        reports.department_key,
        reports.fiscal_year,
        flagged.seq,

        ---------- what the figure is
        flagged.measure,
        flagged.phase,
        flagged.kind,
        flagged.func_code,
        flagged.econ_code,
        flagged.fund_source,
        flagged.subject_type,
        flagged.subject_name,
        flagged.detail,

        ---------- value (canonical unit) and as written
        flagged.value,
        flagged.value_unit,
        case when flagged.kind = 'money' then flagged.value end as value_yuan,
        case when flagged.kind = 'money' then {{ to_wan_yuan('flagged.value') }} end as value_wan_yuan,
        flagged.is_restated,
        flagged.source_value,
        flagged.source_unit,

        ---------- provenance
        flagged.source_text,
        flagged.sentence,
        flagged.char_start,
        flagged.char_end,
        flagged.section,
        flagged.origin,

        ---------- where it lands: fct_budget_changes (a stated comparison) or fct_budget_amounts
        coalesce(phases.is_change, false) as is_change

    from flagged
    inner join reports on flagged.report_id = reports.report_id
    left join phases on flagged.phase = phases.phase

)

select * from final
