-- 问题：哪些报告的自评等级与自评得分不相符（按财预〔2020〕10号的分档）？
-- Question: Which reports give a grade that does not match their score (by the bands of 财预〔2020〕10号)?
select
    r.department,
    e.fiscal_year,
    e.report_kind,
    e.report_subject,
    e.self_score,
    e.grade,
    stated.name_zh as grade_says,
    by_score.name_zh as score_says
from fct_self_evaluations as e
join dim_report as r using (report_id)
join dim_grade_band as stated on stated.grade_band = e.grade_band_stated
join dim_grade_band as by_score on by_score.grade_band = e.grade_band_by_score
where not e.grade_agrees_with_score
order by r.department, e.fiscal_year;
