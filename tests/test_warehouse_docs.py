"""The dbt project documents itself: every model described, every mart column described in English
with its Chinese term (which names the column in the marts_zh views), vocabularies with their source.
Fast: reads the yml and csv files, no dbt run (test_dbt_build.py checks the comments in a built file)."""

from __future__ import annotations

import csv
import re

import pytest
import yaml

from pipelines.settings import DBT_PROJECT_DIR

MODELS = DBT_PROJECT_DIR / "models"
ZH_TERM = re.compile(r"\(([^()]+)\)\.?\s*$")  # the same rule as macros/zh_views.sql
DOC_REF = re.compile(r"""\{\{\s*doc\(["'](\w+)["']\)\s*\}\}""")


def doc_blocks() -> dict[str, str]:
    text = (DBT_PROJECT_DIR / "docs" / "columns.md").read_text(encoding="utf-8")
    return {m[1]: m[2].strip() for m in re.finditer(r"\{% docs (\w+) %\}(.*?)\{% enddocs %\}", text, re.S)}


def resolve(description: str | None) -> str:
    blocks = doc_blocks()
    return DOC_REF.sub(lambda m: blocks[m[1]], (description or "").strip())


def documented_models(folder: str) -> dict[str, dict]:
    models = {}
    for path in (MODELS / folder).glob("*.yml"):
        for model in yaml.safe_load(path.read_text(encoding="utf-8")).get("models", []):
            models[model["name"]] = model
    return models


@pytest.mark.parametrize("folder", ["staging", "intermediate", "marts", "marts_zh"])
def test_every_model_is_documented(folder: str):
    sql = {p.stem for p in (MODELS / folder).glob("*.sql")}
    documented = documented_models(folder)
    assert sql and sql == set(documented), sql ^ set(documented)
    for name, model in documented.items():
        assert len(resolve(model.get("description"))) > 20, name
        assert re.search(r"[\u4e00-\u9fff]", model["description"]), f"{name}: no Chinese term"


def test_every_mart_column_has_an_english_description_and_a_distinct_chinese_term():
    for name, model in documented_models("marts").items():
        terms = []
        assert model.get("columns"), name
        for column in model["columns"]:
            description = resolve(column.get("description"))
            found = ZH_TERM.search(description)
            assert found and re.search(r"[\u4e00-\u9fff]", found[1]), f"{name}.{column['name']}: {description!r}"
            assert re.search(r"[A-Za-z]{3}", description[: found.start()]), f"{name}.{column['name']}: no English"
            terms.append(found[1].strip())
        duplicated = {t for t in terms if terms.count(t) > 1}
        assert not duplicated, f"{name}: Chinese terms used twice {duplicated}"
        if name.startswith("fct_") or name.startswith("dim_"):
            assert "Grain" in model["description"] or "grain" in model["description"], f"{name}: no grain"


def test_every_staging_column_is_documented():
    for name, model in documented_models("staging").items():
        for column in model["columns"]:
            assert resolve(column.get("description")), f"{name}.{column['name']}"


def test_seeds_say_where_they_come_from():
    seeds = yaml.safe_load((DBT_PROJECT_DIR / "seeds" / "schema.yml").read_text(encoding="utf-8"))["seeds"]
    on_disk = {p.stem for p in (DBT_PROJECT_DIR / "seeds").glob("*.csv")}
    assert {s["name"] for s in seeds} == on_disk
    for seed in seeds:
        assert "Source:" in seed["description"], seed["name"]


def test_grade_bands_are_those_of_the_domain_reference():
    rows = list(csv.DictReader((DBT_PROJECT_DIR / "seeds" / "grade_bands.csv").open(encoding="utf-8")))
    bands = {(r["name_zh"], r["min_score"], r["max_score_exclusive"]) for r in rows}
    assert bands == {("优", "90", ""), ("良", "80", "90"), ("中", "60", "80"), ("差", "0", "60")}  # DOMAIN.md §5


def test_department_type_patterns_are_table_driven():
    rows = list(csv.DictReader((DBT_PROJECT_DIR / "seeds" / "department_types.csv").open(encoding="utf-8")))
    assert len(rows) >= 30 and all(r["pattern"].startswith("%") for r in rows)
    assert {"%局", "%中心", "%委员会", "%街道办事处", "%镇人民政府", "%协会"} <= {r["pattern"] for r in rows}


def test_cookbook_is_linked_from_the_readme():
    readme = (DBT_PROJECT_DIR.parent / "README.md").read_text(encoding="utf-8")
    assert "docs/cookbook.md" in readme
    for mart in documented_models("marts"):
        assert f"`{mart}`" in readme, f"README does not list {mart}"


def test_marts_zh_has_a_chinese_view_of_every_fact_and_the_main_dimensions():
    zh_models = {p.stem.removeprefix("zh_") for p in (MODELS / "marts_zh").glob("zh_*.sql")}
    facts = {m for m in documented_models("marts") if m.startswith("fct_")} - {"fct_other_figures", "fct_table_rows"}
    assert facts | {"dim_report", "dim_department", "dim_region", "dim_func_class"} == zh_models
    aliases = {re.search(r"alias='([^']+)'", p.read_text(encoding="utf-8"))[1]
               for p in (MODELS / "marts_zh").glob("zh_*.sql")}
    assert {"预算金额", "三公经费", "绩效指标", "人员编制", "项目资金", "部门收支", "自评结果"} <= aliases
    assert len(aliases) == len(zh_models)
