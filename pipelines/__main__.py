"""``python -m pipelines`` is the ``jixiao`` command."""

from pipelines.cli import app

app(prog_name="jixiao")
