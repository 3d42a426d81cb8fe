"""Read files with docling and unstructured (run by the benchmark in .venv-bench, never imports jixiao).

    .venv-bench/bin/python bench/other_readers.py FILE... > out.json

For each tool and file: seconds, the tables found with their cell texts, or the error the
tool raised (model downloads fail offline: that is recorded, not hidden). Hub access is
switched off so a missing model fails at once instead of waiting on the network.
"""

from __future__ import annotations

import json
import os
import sys
import time
from html.parser import HTMLParser
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("SCARF_NO_ANALYTICS", "true")


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._buf: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("td", "th"):
            self._buf = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._buf is not None:
            self.cells.append("".join(self._buf).strip())
            self._buf = None

    def handle_data(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)


def _error(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message[:300]}"


def docling_reader() -> Any:
    from docling.document_converter import DocumentConverter

    converter = DocumentConverter()

    def read(path: str) -> list[list[str]]:
        doc = converter.convert(path).document
        return [[c.text for c in t.data.table_cells] for t in doc.tables]

    return read


def unstructured_reader() -> Any:
    from unstructured.partition.auto import partition

    def read(path: str) -> list[list[str]]:
        kwargs = {"strategy": "fast"} if path.endswith(".pdf") else {}
        elements = partition(filename=path, **kwargs)
        tables = []
        for el in elements:
            if el.category == "Table":
                html = getattr(el.metadata, "text_as_html", None) or ""
                parser = _Cells()
                parser.feed(html)
                tables.append(parser.cells)
        return tables

    return read


TOOLS = {"docling": docling_reader, "unstructured": unstructured_reader}


def main(paths: list[str]) -> None:
    out: dict[str, Any] = {}
    for name, make in TOOLS.items():
        entry: dict[str, Any] = {"files": {}}
        try:
            t0 = time.perf_counter()
            read = make()
            entry["setup_s"] = round(time.perf_counter() - t0, 2)
        except BaseException as exc:  # noqa: BLE001 - an import failure is a result
            entry["error"] = _error(exc)
            out[name] = entry
            continue
        for path in paths:
            t0 = time.perf_counter()
            try:
                tables = read(path)
                entry["files"][path] = {"seconds": round(time.perf_counter() - t0, 3), "tables": tables}
            except BaseException as exc:  # noqa: BLE001
                entry["files"][path] = {"seconds": round(time.perf_counter() - t0, 3), "error": _error(exc)}
        out[name] = entry
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1:])
