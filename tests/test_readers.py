"""Reading text files: encodings detected from the bytes; bad files refused with a reason."""

from pathlib import Path

import pytest

from pipelines.readers import UnreadableFile, read_document

SAMPLE = "某县科学技术局2022年度部门整体支出绩效自评报告\n一、概况\n本局2022年支出总额123.45万元。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings_are_detected_from_bytes(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(SAMPLE.encode(encoding))
    doc = read_document(path)
    assert doc.text == SAMPLE
    assert doc.encoding in (encoding, "utf-16" if encoding == "utf-16" else encoding)


def test_report_id_is_the_content_hash(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SAMPLE, encoding="utf-8")
    b.write_text(SAMPLE, encoding="utf-8")
    assert read_document(a).report_id == read_document(b).report_id


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("garbage.txt", bytes(range(256)) * 40, "not a text file"),
        ("notes.xyz", SAMPLE.encode(), "unsupported file type '.xyz'"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnreadableFile, match=reason):
        read_document(path)


def test_pinyin_glosses_of_mirror_sites_are_removed_with_spans_kept(tmp_path: Path) -> None:
    page = ("<html><body><p>青藤鎮(zhèn)2022年度項(xiàng)目支出績(jì)效自評報(bào)告</p>"
            "<table><tr><td>單(dān)位</td><td>金額</td></tr><tr><td>青藤鎮(zhèn)人民政府</td><td>120.5</td></tr></table>"
            "</body></html>")
    path = tmp_path / "glossed.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "(zh" not in doc.text and "青藤镇2022年度项目支出绩效自评报告" in doc.text
    cells = [c for b in doc.blocks for c in b.cells]
    assert [c.text for c in cells] == ["单位", "金额", "青藤镇人民政府", "120.5"]
    assert all(doc.text[c.start:c.end] == c.text for c in cells)
    assert any("pinyin glosses" in w for w in doc.warnings)
