{#- The self-evaluation result of each current report: its headline score and grade, the band
    the written grade names and the band the score falls in (DOMAIN.md §5, seeds grade_bands and
    grade_labels), and whether they agree. Grade words no seed row knows (a local scheme) give no
    band and no verdict. -#}

with

reports as (

    select * from {{ ref('int_report_versions') }}
    where is_current and report_kind in ('department_overall', 'project')

),

headline_scores as (

    -- the score row behind the headline score: its maximum and its sentence
    select
        scores.report_id,
        arg_min(scores.max_score, scores.seq) as max_score,
        arg_min(scores.sentence, scores.seq) as sentence,
        arg_min(scores.char_start, scores.seq) as char_start,
        arg_min(scores.char_end, scores.seq) as char_end

    from {{ ref('stg_scores') }} as scores
    inner join reports
        on scores.report_id = reports.report_id
        and scores.scope = reports.report_kind
        and scores.score = reports.self_score
    group by scores.report_id

),

labels as (

    select * from {{ ref('grade_labels') }}

),

bands as (

    select * from {{ ref('grade_bands') }}

),

graded as (

    select
        reports.report_id,
        reports.department_key,
        reports.fiscal_year,
        reports.report_kind,
        reports.report_subject,
        reports.self_score,
        headline_scores.max_score,
        reports.grade,
        labels.grade_band as grade_band_stated,
        score_band.grade_band as grade_band_by_score,
        headline_scores.sentence,
        headline_scores.char_start,
        headline_scores.char_end

    from reports
    left join headline_scores on reports.report_id = headline_scores.report_id
    left join labels on trim(reports.grade, ' "“”''「」') = labels.grade_text
    left join bands as score_band
        on reports.self_score >= score_band.min_score
        and (score_band.max_score_exclusive is null or reports.self_score < score_band.max_score_exclusive)

),

final as (

    select
        ---------- ids
        report_id,
        department_key,
        fiscal_year,

        ---------- what is evaluated
        report_kind,
        report_subject,

        ---------- score and grade
        self_score,
        max_score,
        cast(self_score * 100 / nullif(coalesce(max_score, 100), 0) as double) as score_pct_of_max,
        grade,
        grade_band_stated,
        grade_band_by_score,
        case
            when grade_band_stated is null or grade_band_by_score is null then null
            else grade_band_stated = grade_band_by_score
        end as grade_agrees_with_score,

        ---------- provenance
        sentence,
        char_start,
        char_end

    from graded

)

select * from final
