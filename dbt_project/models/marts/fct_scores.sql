with

scores as (

    select * from {{ ref('stg_scores') }}

),

reports as (

    select report_id, department_key, fiscal_year from {{ ref('int_report_versions') }}
    where is_current

),

final as (

    select
        ---------- ids
        scores.score_id,
        scores.report_id,
        reports.department_key,
        reports.fiscal_year,
        scores.seq,

        ---------- score
        scores.scope,
        scores.subject_name,
        scores.score,
        scores.max_score,
        cast(scores.score / nullif(scores.max_score, 0) * 100 as double) as score_pct_of_max,
        scores.grade,

        ---------- provenance
        scores.sentence,
        scores.char_start,
        scores.char_end

    from scores
    inner join reports on scores.report_id = reports.report_id

)

select * from final
