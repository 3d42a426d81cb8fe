"""Self-evaluation forms (项目支出绩效自评表, 部门整体支出绩效自评表, 项目绩效评价自评报告 cover
sheets) in any shape -> amounts, targets, scores and project rows.

- ``labels``: the lexicon (data): header cells, row labels, fields, indicator levels;
- ``tokens``: a document as one stream of classified cell tokens (table cells with their
  row and column; paragraph text split at whitespace and ``|``);
- ``interpret``: the reader: headers open blocks, rows are read against their columns
  (by column when the table's columns are known, by order and type otherwise);
- ``facts``: the records (docs/extraction.md, "Forms").
"""

from pipelines.parsing.forms.facts import FormFacts, glued_total_score, read_form_facts

__all__ = ["FormFacts", "glued_total_score", "read_form_facts"]
