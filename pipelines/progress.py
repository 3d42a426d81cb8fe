"""Progress reporting from inside the flow to whoever runs it (the CLI shows a live bar)."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def stage(self, name: str, total: int | None = None) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class SilentReporter:
    def stage(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


_current: Reporter = SilentReporter()


def set_reporter(reporter: Reporter) -> None:
    global _current
    _current = reporter


def reporter() -> Reporter:
    return _current
