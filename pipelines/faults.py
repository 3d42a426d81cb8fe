"""Fault injection for the crash-safety tests: stop the process at a named point.

With ``JIXIAO_FAULT_AT=<point>`` set, a run that reaches that point writes the point's name
to ``JIXIAO_FAULT_MARKER`` and sleeps, so a test can SIGKILL it exactly there. Unset (always,
outside the tests), ``checkpoint`` does nothing.

Points: ``parse`` (mid-parse), ``land`` (batch files written, manifest not yet swapped),
``validate`` (validation running), ``publish`` (old version archived, new file not yet
swapped in). ``dbt build`` is interrupted by the test itself while the build file grows.

With ``JIXIAO_FAULT_RAISE_ONCE=<point>`` instead, the first run to reach the point raises
``TransientFault`` (and writes the marker); later runs pass: a transient failure, for the
retry tests of scheduled runs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path


class TransientFault(RuntimeError):
    """An injected failure that does not happen again."""


def checkpoint(point: str) -> None:
    if os.environ.get("JIXIAO_FAULT_RAISE_ONCE") == point:
        marker = Path(os.environ["JIXIAO_FAULT_MARKER"])
        if not marker.exists():
            marker.write_text(point, encoding="utf-8")
            raise TransientFault(f"injected transient failure at {point}")
    if os.environ.get("JIXIAO_FAULT_AT") != point:
        return
    marker = os.environ.get("JIXIAO_FAULT_MARKER")
    if marker:
        Path(marker).write_text(point, encoding="utf-8")
    time.sleep(3600)
