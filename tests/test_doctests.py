"""Run the ``>>>`` examples in the pure helpers (they are documentation that must stay true)."""

import doctest
import importlib

import pytest

MODULES = [
    "pipelines.parsing.normalize",
    "pipelines.parsing.numbers",
    "pipelines.parsing.lexicon",
    "pipelines.parsing.money_words",
    "pipelines.parsing.amounts",
    "pipelines.parsing.tables",
    "pipelines.parsing.orgnames",
    "pipelines.parsing.regions",
    "pipelines.parsing.department",
    "pipelines.parsing.fiscal_year",
    "pipelines.parsing.kinds",
    "pipelines.parsing.metadata",
    "pipelines.readers.text",
    "pipelines.readers.base",
    "pipelines.readers.docx",
    "pipelines.readers.layout",
    "pipelines.readers.sheets",
    "pipelines.readers.traditional",
    "pipelines.parsing.forms.align",
    "pipelines.parsing.forms.labels",
    "pipelines.parsing.forms.tokens",
    "pipelines.parsing.forms.facts",
    "pipelines.parsing.forms.glued",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
