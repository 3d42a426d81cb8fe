"""Self-evaluation forms (项目支出绩效自评表, 部门整体支出绩效自评表, 项目绩效评价自评报告 cover
sheets) in any shape -> amounts, targets, scores and project rows.

- ``labels``: the lexicon (data): header cells, row labels, fields, indicator levels;
- ``tokens``: a document as one stream of classified cell tokens (table cells with their
  row and column; paragraph text split at whitespace and ``|``);
- ``interpret``: the reader: titles, fields, totals and headers open forms and blocks;
- ``block_rows``: the rows of a block, read against its columns (by column when the table's
  columns are known, aligned by type (``align``) when they were rebuilt from text, in order in
  a stream);
- ``structure``: what a form is read into (columns, values, indicator rows, forms);
- ``facts``: the records (docs/extraction.md, "Forms").
"""

from pipelines.parsing.forms.facts import FormFacts, glued_total_score, read_form_facts

__all__ = ["FormFacts", "glued_total_score", "read_form_facts"]
