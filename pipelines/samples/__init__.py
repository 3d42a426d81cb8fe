"""Sample self-evaluation reports with labelled truth, for measuring the parser.

``generate_report`` makes one report (text + truth dict following docs/extraction.md);
``generate_corpus`` writes many of them as ``<name>.txt``, with the truth in ``.truth/<name>.json``;
``generate_forms`` writes self-evaluation forms (``forms``) in every shape (``form_shapes``).
"""

from .build import generate_report
from .corpus import generate_corpus, generate_forms, read_truth, to_json, truth_path

__all__ = ["generate_corpus", "generate_forms", "generate_report", "read_truth", "to_json", "truth_path"]
