"""Rebuilding tables laid out one cell per line (tab-indented, blank line between rows)."""

from pipelines.readers.text import document_from_text

FUNDING_TABLE = "\n".join([
    "资金情况表",
    "金额单位：万元",
    "\t名称", "\t类别", "\t预算数", "\t执行数",
    "",
    "\t", "\t", "\t合计", "\t其中：本级", "\t合计", "\t其中：本级",
    "",
    "\t宣传经费", "\t专项", "\t12.5", "\t10", "\t11", "\t9.5",
    "",
    "\t培训经费", "\t专项", "\t8（含结转）", "\t8", "\t7", "\t7",
    "",
    "\t\t总计", "\t20.5", "\t18", "\t18", "\t16.5",
    "",
    "后面是正文。",
])


def _doc(text: str):
    return document_from_text(text, source_path="t.txt", file_sha256="0" * 64, fmt="txt", encoding="utf-8")


def test_spanned_headers_and_total_row_are_placed_in_their_columns() -> None:
    doc = _doc(FUNDING_TABLE)
    (table,) = doc.tables()
    grid = [[c.text if c else None for c in row] for row in table.grid()]
    assert table.n_cols == 6
    assert grid[0] == ["名称", "类别", "预算数", "预算数", "执行数", "执行数"]
    assert grid[1] == ["名称", "类别", "合计", "其中：本级", "合计", "其中：本级"]
    assert grid[2] == ["宣传经费", "专项", "12.5", "10", "11", "9.5"]
    assert grid[4] == ["总计", "总计", "20.5", "18", "18", "16.5"]


def test_cell_spans_point_at_the_cell_text() -> None:
    doc = _doc(FUNDING_TABLE)
    (table,) = doc.tables()
    for cell in table.cells:
        if cell.text:
            assert doc.text[cell.start:cell.end] == cell.text


def test_wrapped_header_cell_is_joined_and_text_after_table_is_a_paragraph() -> None:
    text = "\n".join(["1、一个项目", "\t细化内容", "\t成本目标", "（资金安排）", "\t数量目标", "",
                      "\t宣传", "\t5万元", "\t3场以上", "", "下一段文字。"])
    doc = _doc(text)
    (table,) = doc.tables()
    assert [c.text for c in table.cells if c.row == 0] == ["细化内容", "成本目标（资金安排）", "数量目标"]
    paragraphs = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"]
    assert paragraphs == ["1、一个项目", "下一段文字。"]


def test_text_without_tabs_has_no_tables() -> None:
    assert _doc("一、概况\n本局支出100万元。\n\n二、问题\n无。").tables() == []


def test_pipe_rows_become_a_table_with_cell_spans_and_no_markdown_rule() -> None:
    text = "标题\n| 项目 | 预算数 | 执行数 |\n|---|---|---|\n| 甲经费 | 10 | 9.5 |\n| 合计 | 10 |  |\n正文。"
    doc = _doc(text)
    (table,) = doc.tables()
    assert table.columns_known is False
    rows = [[c.text for c in table.cells if c.row == r] for r in range(table.n_rows)]
    assert rows == [["项目", "预算数", "执行数"], ["甲经费", "10", "9.5"], ["合计", "10", ""]]
    for cell in table.cells:
        assert doc.text[cell.start:cell.end] == cell.text
    assert [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "paragraph"] == ["标题", "正文。"]


def test_space_aligned_rows_become_a_table_but_prose_with_double_spaces_does_not() -> None:
    table_text = "项目资金    年初预算数    全年预算数    全年执行数\n年度资金总额    80    80    79.5\n本年财政拨款    80    80    79.5\n"
    (table,) = _doc(table_text).tables()
    assert [c.text for c in table.cells if c.row == 1] == ["年度资金总额", "80", "80", "79.5"]
    prose = ("一、  本局全年支出情况良好，各项资金使用规范，按照年初计划推进各项工作。\n"
             "二、  存在的问题主要是部分项目推进偏慢，需要在下一年度加以改进和完善。\n")
    assert _doc(prose).tables() == []
