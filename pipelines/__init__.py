"""jixiao (绩效): an embedded data warehouse for budget performance self-evaluation reports.

Stages (each its own subpackage):

    readers/   bytes of any format -> one ``Document`` (text + paragraphs + tables, with spans)
    parsing/   ``Document`` -> ``ParsedReport`` (metadata, amounts, sections, tables, findings)
    landing    ``ParsedReport``s -> Parquet under ``warehouse/landing`` (atomic, manifest-committed)
    dbt        landed Parquet -> staging -> marts in a new DuckDB file
    quality/   Great Expectations suites from ``expectations/`` gate the new file
    publish    atomic swap of the validated file into ``warehouse/jixiao.duckdb``
    flows/     the Prefect flow that runs the stages; ``cli`` is the ``jixiao`` command
"""

__version__ = "0.1.0"

# Bump when parsing output can change for the same input: landed reports parsed by an
# older parser version are re-parsed on the next run.
PARSER_VERSION = "5"
