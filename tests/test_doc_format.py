"""The legacy .doc path: a Word 97-2003 file written by the project reads into the same
records as the same report in .docx.

``tests/fixtures/doc/report.doc`` is made from ``report.txt`` by ``pipelines.samples.word97``
(see the folder's README). antiword is installed by ``make setup`` (``scripts/bootstrap.sh``);
this test fails rather than skips without it, so CI proves the path works.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pipelines.parsing import parse_document
from pipelines.readers import read_document
from pipelines.readers.doc import convert_doc, find_converter
from pipelines.samples.render_formats import write_report
from pipelines.samples.word97 import word_streams, write_doc
from tests.test_formats import records

FIXTURES = Path(__file__).parent / "fixtures" / "doc"
NEEDS_ANTIWORD = "antiword is missing: run `make setup` (installs it with apt-get) or `apt-get install antiword`"


def fixture_text() -> str:
    return (FIXTURES / "report.txt").read_text(encoding="utf-8")


def test_the_fixture_is_what_the_writer_makes(tmp_path: Path) -> None:
    lines = fixture_text().split("\n")[:-1]
    assert write_doc(lines, tmp_path / "again.doc").read_bytes() == (FIXTURES / "report.doc").read_bytes()
    streams = word_streams(lines)
    assert streams["WordDocument"][:4] == bytes.fromhex("ECA5C100")  # Word 97 FIB: wIdent, nFib 0x00C1


def test_antiword_is_installed_by_setup() -> None:
    assert shutil.which("antiword"), NEEDS_ANTIWORD


def test_doc_gives_the_same_records_as_docx(tmp_path: Path) -> None:
    antiword = shutil.which("antiword")
    assert antiword, NEEDS_ANTIWORD
    data = (FIXTURES / "report.doc").read_bytes()
    doc = convert_doc(data, "report.doc", ("antiword", antiword))  # LibreOffice, when installed, is preferred
    assert doc.format == "doc"
    assert doc.text.strip() == fixture_text().strip()
    from_doc = records(parse_document(doc))
    from_docx = records(parse_document(read_document(write_report(fixture_text(), tmp_path / "report.docx", "docx"))))
    assert sum(from_doc["amounts"].values()) > 20 and from_doc["report"][4] == 2018  # a real report, not an empty one
    for key in from_docx:
        assert from_doc[key] == from_docx[key], f".doc and .docx differ in {key}"



def test_the_inbox_reads_doc_files(tmp_path: Path) -> None:
    assert find_converter() is not None, NEEDS_ANTIWORD
    doc = read_document(FIXTURES / "report.doc")
    assert doc.format == "doc" and "部门整体支出绩效自评报告" in doc.text
