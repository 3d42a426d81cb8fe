"""Report understanding: ``parse_document(doc) -> ParsedReport``.

Modules, each with one job: ``normalize`` (width folding, same length), ``numbers``
(number + unit -> exact Decimal), ``lexicon`` (label -> measure / class code tables),
``sentences`` (spans), ``metadata``, ``sections``, ``amounts``, ``staffing``, ``scores``,
``tables``, ``findings``, and ``report`` which runs them all and never raises.
"""

from pipelines.parsing.report import parse_document

__all__ = ["parse_document"]
