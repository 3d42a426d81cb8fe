"""Every format reads into the same records: a generated report written as txt, docx, html and
pdf parses to identical records; Traditional text parses like its Simplified original; score
sheets and funding tables in .xlsx/.xls become table blocks with the right cells."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pipelines.document import Document
from pipelines.model import ParsedReport
from pipelines.parsing import parse_document
from pipelines.readers import read_document
from pipelines.readers.text_tables import find_tables
from pipelines.samples import generate_report
from pipelines.samples.render_formats import write_report

FORMATS = ["docx", "html", "pdf"]
CASES = {
    "department": (11, {}),
    "inconsistent": (12, {"inconsistent": True}),
    "project": (13, {"kind": "project"}),
    "notice": (14, {"kind": "other"}),
}


def records(parsed: ParsedReport) -> dict[str, Any]:
    """What must not depend on the format: everything but spans, locations and file identity."""
    r = parsed.report
    return {
        "report": (r.title, r.department, r.department_raw, r.region_code, r.fiscal_year, r.report_kind,
                   r.report_date, r.report_date_text, r.self_score, r.grade),
        "amounts": Counter((a.measure, a.kind, a.phase, a.value, a.func_code, a.econ_code, a.fund_source,
                            a.subject_type, a.subject_name, a.detail, a.origin) for a in parsed.amounts),
        "scores": Counter((s.scope, s.score, s.subject_name, s.max_score, s.grade) for s in parsed.scores),
        "projects": Counter((p.project_name, p.project_type, p.purpose, p.budget_total, p.budget_local,
                             p.actual_total, p.actual_local, p.notes, p.source_unit, p.is_total_row)
                            for p in parsed.projects),
        "targets": Counter((t.project_name, t.sub_item, t.target_kind, t.level1, t.level2, t.target_text,
                            t.operator, t.target_value, t.target_value_max, t.target_unit) for t in parsed.targets),
        "findings": Counter((f.rule, f.severity, f.left_value, f.right_value) for f in parsed.findings),
    }


def assert_spans_point_at_text(doc: Document) -> None:
    for block in doc.blocks:
        assert 0 <= block.start <= block.end <= len(doc.text)
        for cell in block.cells:
            # (a txt cell wrapped onto a continuation line spans the line break)
            assert doc.text[cell.start:cell.end].replace("\n", "") == cell.text, (block.location, cell)


@pytest.fixture(scope="module")
def txt_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, dict[str, Any]]]:
    """Each case's report text and the records parsed from its .txt."""
    base = tmp_path_factory.mktemp("txt")
    out = {}
    for name, (seed, options) in CASES.items():
        text, _ = generate_report(seed, **options)
        path = write_report(text, base / f"{name}.txt", "txt")
        out[name] = (text, records(parse_document(read_document(path))))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(CASES))
def test_same_report_gives_same_records_in_every_format(
    tmp_path: Path, txt_records: dict[str, tuple[str, dict[str, Any]]], case: str, fmt: str,
) -> None:
    text, expected = txt_records[case]
    path = write_report(text, tmp_path / f"report.{fmt}", fmt)
    doc = read_document(path)
    assert doc.format == fmt
    assert_spans_point_at_text(doc)
    got = records(parse_document(doc))
    for key in expected:
        assert got[key] == expected[key], f"{case} as {fmt}: {key} differ"
    if case in ("department", "inconsistent"):
        assert expected["amounts"] and expected["report"][1]  # the comparison is not vacuous
    if case == "inconsistent":
        assert expected["findings"]


def test_tables_keep_their_cells_in_every_format(tmp_path: Path) -> None:
    """The funding table's cells (text, place, spans) are the ones the txt layout shows."""
    text, _ = generate_report(11, kind="department_overall")
    want = [[(c.row, c.col, c.rowspan, c.colspan, c.text) for c in t.cells] for t in find_tables(text)]
    assert want
    for fmt in FORMATS:
        doc = read_document(write_report(text, tmp_path / f"r.{fmt}", fmt))
        got = [[(c.row, c.col, c.rowspan, c.colspan, c.text) for c in t.cells] for t in doc.tables()]
        assert got == want, fmt


def test_pdf_table_running_over_pages_is_one_table(tmp_path: Path) -> None:
    rows = "".join(f"\t项目{i}\n\t经常性项目\n\t{i * 10}.5\n\n" for i in range(1, 81))
    text = "某县科学技术局项目明细\n单位：万元\n\t项目名称\n\t类型\n\t金额\n\n" + rows + "\n以上为全部项目。\n"
    doc = read_document(write_report(text, tmp_path / "long.pdf", "pdf"))
    (table,) = doc.tables()
    assert table.n_rows == 81 and table.n_cols == 3
    assert [c.text for c in table.cells if c.row == 80] == ["项目80", "经常性项目", "800.5"]
    assert doc.text.rstrip().endswith("以上为全部项目。")


# --- docx specifics ----------------------------------------------------------------------

def test_docx_reads_numbering_merges_and_order(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("某县教育局2021年度部门整体支出绩效自评报告")
    d.add_paragraph("基本情况", style="List Number")
    d.add_paragraph("资金情况", style="List Number")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "金额"
    t.cell(1, 1).text, t.cell(1, 2).text = "预算", "执行"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "培训费", "12.5", "11"
    d.add_paragraph("表后正文。")
    path = tmp_path / "r.docx"
    d.save(str(path))
    doc = read_document(path)
    lines = doc.text.split("\n")
    assert lines[:3] == ["某县教育局2021年度部门整体支出绩效自评报告", "1.基本情况", "2.资金情况"]
    (table,) = doc.tables()
    cells = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells}
    assert cells == {(0, 0): ("项目", 2, 1), (0, 1): ("金额", 1, 2), (1, 1): ("预算", 1, 1),
                     (1, 2): ("执行", 1, 1), (2, 0): ("培训费", 1, 1), (2, 1): ("12.5", 1, 1), (2, 2): ("11", 1, 1)}
    assert [b.kind for b in doc.blocks] == ["paragraph"] * 3 + ["table", "paragraph"]
    assert_spans_point_at_text(doc)


# --- html specifics ----------------------------------------------------------------------

def test_html_drops_boilerplate_and_detects_gbk(tmp_path: Path) -> None:
    text, _ = generate_report(11)
    utf8 = read_document(write_report(text, tmp_path / "a.html", "html"))
    gbk = read_document(write_report(text, tmp_path / "b.htm", "html", encoding="gbk"))
    assert gbk.encoding == "gb18030" and utf8.encoding == "utf-8"
    assert gbk.text == utf8.text
    for boilerplate in ("首页", "当前位置", "版权所有", "打印本页", "访问统计", "setFont"):
        assert boilerplate not in utf8.text
    # page metadata stays in the text for the parser, which reads it and keeps it out of everything else
    assert "发布时间" in utf8.text
    report = parse_document(utf8).report
    assert report.published_date is not None and "发布" not in (report.title or "")


def test_html_charset_that_lies_is_detected_from_bytes(tmp_path: Path) -> None:
    page = ('<html><head><meta charset="utf-8"></head><body><div id="content">'
            "<p>某县财政局2021年度部门整体支出绩效自评报告</p><table><tr><td>项目</td><td>金额</td></tr>"
            "<tr><td>培训费</td><td>12.5</td></tr></table></div></body></html>")
    path = tmp_path / "lying.html"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert doc.text.startswith("某县财政局2021年度部门整体支出绩效自评报告\n")
    assert [c.text for c in doc.tables()[0].cells] == ["项目", "金额", "培训费", "12.5"]


GOV_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>
<table width="1000"><tr><td class="top"><a href="/">首页</a> | <a>机构概况</a></td></tr></table>
<table width="1000" class="main"><tr>
<td width="200" class="left"><ul><li><a>通知公告</a></li><li><a>财政信息</a></li></ul></td>
<td><div class="position">您现在的位置：首页 &gt; 财政信息</div>
<h1 class="title">某县教育局2021年度部门整体支出绩效自评报告</h1>
<div class="info"><span class="date">发布日期：2022-03-01</span> <span class="source">来源：县教育局</span></div>
<div class="TRS_Editor"><p style="text-indent:2em">一、基本情况</p>
<p>　　本局2021年支出总额为1234.56万元，其中基本
支出1000.00万元。</p>
<table border="1"><tr><td rowspan="2">项目名称</td><td colspan="2">金额</td></tr>
<tr><td>预算</td><td>执行</td></tr><tr><td>培训经费</td><td>12.5</td><td>11</td></tr></table>
<p>&nbsp;</p><p>某县教育局<br>2022年3月1日</p></div>
<div class="share">分享到：<a>微信</a> <a>微博</a></div></td></tr></table>
<div id="footer">版权所有 某县人民政府</div></body></html>"""


def test_html_government_page_with_layout_tables(tmp_path: Path) -> None:
    path = tmp_path / "gov.htm"
    path.write_bytes(GOV_PAGE.encode("gbk"))
    doc = read_document(path)
    lines = [ln for ln in doc.text.split("\n") if ln and not ln.startswith("\t")]
    assert lines == ["某县教育局2021年度部门整体支出绩效自评报告", "发布日期：2022-03-01 来源：县教育局", "一、基本情况",
                     "本局2021年支出总额为1234.56万元，其中基本支出1000.00万元。", "某县教育局", "2022年3月1日"]
    (table,) = doc.tables()
    assert {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells} == {
        (0, 0): ("项目名称", 2, 1), (0, 1): ("金额", 1, 2), (1, 1): ("预算", 1, 1), (1, 2): ("执行", 1, 1),
        (2, 0): ("培训经费", 1, 1), (2, 1): ("12.5", 1, 1), (2, 2): ("11", 1, 1)}
    parsed = parse_document(doc)
    assert parsed.report.title == "某县教育局2021年度部门整体支出绩效自评报告"
    assert str(parsed.report.report_date) == "2022-03-01"
    assert str(parsed.report.published_date) == "2022-03-01"
    assert all("发布日期" not in s.title for s in parsed.sections)


# --- Traditional Chinese -------------------------------------------------------------------

def _traditional(config: str, text: str) -> str:
    import opencc

    return opencc.OpenCC(config).convert(text)


@pytest.mark.parametrize(("config", "encoding"), [("s2t", "utf-8"), ("s2tw", "big5")])
def test_traditional_text_parses_like_the_simplified_original(tmp_path: Path, config: str, encoding: str) -> None:
    for seed in range(21, 60):  # a report whose characters all exist in the target encoding
        text, _ = generate_report(seed)
        trad = _traditional(config, text)
        try:
            data = trad.encode(encoding)
        except UnicodeEncodeError:
            continue
        break
    else:
        pytest.skip(f"no generated report encodes in {encoding}")
    simplified = read_document(write_report(text, tmp_path / "s.txt", "txt"))
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.original_text == trad and len(doc.text) == len(trad)
    assert doc.text == simplified.text
    assert any("Traditional" in w for w in doc.warnings)
    assert simplified.original_text is None
    assert_spans_point_at_text(doc)
    assert records(parse_document(doc)) == records(parse_document(simplified))


def test_traditional_docx_is_converted_too(tmp_path: Path) -> None:
    text, _ = generate_report(11)
    doc = read_document(write_report(_traditional("s2t", text), tmp_path / "t.docx", "docx"))
    plain = read_document(write_report(text, tmp_path / "s.docx", "docx"))
    assert doc.text == plain.text and doc.original_text is not None
    assert_spans_point_at_text(doc)


def test_conversion_falls_back_to_characters_when_a_phrase_changes_length(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.readers import traditional

    class Shrinking:
        """A converter whose phrase table maps 兩個 to a single character."""

        def convert(self, s: str) -> str:
            return s.replace("兩個", "俩").replace("經費", "经费").replace("兩", "两").replace("個", "个")

    traditional._char.cache_clear()
    monkeypatch.setattr(traditional, "_converter", lambda: Shrinking())
    out = traditional.to_simplified("兩個項目經費\n合計")
    assert out == "两个項目經費\n合計" and len(out) == len("兩個項目經費\n合計")
    traditional._char.cache_clear()


# --- spreadsheets --------------------------------------------------------------------------

SCORE_ROWS = [
    ["一级指标", "二级指标", "三级指标", "分值", "得分"],
    ["投入", "预算编制", "预算编制科学性", 10, 9.5],
    [None, "预算执行", "预算执行率", 10, 0.985],
    ["合计", None, None, 100, 92.5],
]
SCORE_CELLS = {
    (0, 0): ("一级指标", 1, 1), (0, 1): ("二级指标", 1, 1), (0, 2): ("三级指标", 1, 1), (0, 3): ("分值", 1, 1),
    (0, 4): ("得分", 1, 1), (1, 0): ("投入", 2, 1), (1, 1): ("预算编制", 1, 1), (1, 2): ("预算编制科学性", 1, 1),
    (1, 3): ("10", 1, 1), (1, 4): ("9.5", 1, 1), (2, 1): ("预算执行", 1, 1), (2, 2): ("预算执行率", 1, 1),
    (2, 3): ("10", 1, 1), (2, 4): ("98.5%", 1, 1), (3, 0): ("合计", 1, 3), (3, 3): ("100", 1, 1),
    (3, 4): ("92.50", 1, 1),
}
TITLE = "某县农业农村局2021年度部门整体支出绩效自评得分表"


def _check_score_sheet(doc: Document) -> None:
    assert doc.text.split("\n")[:2] == [TITLE, "单位：分"]
    (table,) = doc.tables()
    assert {(c.row, c.col): (c.text, c.rowspan, c.colspan) for c in table.cells} == SCORE_CELLS
    assert_spans_point_at_text(doc)


def test_xlsx_score_sheet_becomes_a_table(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "评分表"
    ws.append([TITLE])
    ws.merge_cells("A1:E1")
    ws.append(["单位：分"])
    for row in SCORE_ROWS:
        ws.append(row)
    ws.merge_cells("A4:A5")
    ws.merge_cells("A6:C6")
    ws["E5"].number_format = "0.0%"
    ws["E6"].number_format = "0.00"
    empty = wb.create_sheet("Sheet2")
    empty["A1"] = None
    path = tmp_path / "score.xlsx"
    wb.save(str(path))
    doc = read_document(path)
    assert doc.format == "xlsx"
    _check_score_sheet(doc)


def test_xls_score_sheet_becomes_a_table(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("评分表")
    ws.write_merge(0, 0, 0, 4, TITLE)
    ws.write(1, 0, "单位：分")
    styles = {(2, 4): xlwt.easyxf(num_format_str="0.0%"), (3, 4): xlwt.easyxf(num_format_str="0.00")}
    for r, row in enumerate(SCORE_ROWS):
        for c, value in enumerate(row):
            if value is None or (r + 2, c) in ((3, 0), (5, 0)):
                continue
            ws.write(r + 2, c, value, styles.get((r, c), xlwt.Style.default_style))
    ws.write_merge(3, 4, 0, 0, "投入")
    ws.write_merge(5, 5, 0, 2, "合计")
    path = tmp_path / "score.xls"
    wb.save(str(path))
    doc = read_document(path)
    assert doc.format == "xls"
    _check_score_sheet(doc)


def test_generated_funding_table_as_xlsx(tmp_path: Path) -> None:
    text, _ = generate_report(11)
    tables = find_tables(text)
    doc = read_document(write_report(text, tmp_path / "funds.xlsx", "xlsx"))
    assert [[c.text for c in t.cells] for t in doc.tables()] == [[c.text for c in t.cells] for t in tables]
