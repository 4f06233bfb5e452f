"""The PDF reader (``generator/read/pdf.py``), one behaviour at a time, on small PDFs drawn here:
what a page's text and tables become as ``Line``s."""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from pdf_fixtures import FONT, Grid, Style, Writer, draw, draw_grid, header_grid, width
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from generator.model import BudgetError, Line
from generator.read.pdf import join_pieces, read_pdf_lines
from generator.read.pdf_unruled import _no_amounts_above


def pdf(*pages: Callable[[canvas.Canvas], None]) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for page in pages:
        page(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def lines_of(data: bytes) -> list[Line]:
    return read_pdf_lines(data, "test.pdf")[0]


def texts(data: bytes) -> list[str]:
    return [ln.text for ln in lines_of(data)]


# ---------------------------------------------------------------------------- characters and words


def test_bold_printed_twice_reads_once() -> None:
    def page(c: canvas.Canvas) -> None:
        draw(c, 72, 700, "第一部分 部门概况", 16, bold=True)  # printed twice, 0.35pt apart
        c.setFont(FONT, 12)
        c.drawString(72, 650, "正文")
        c.drawString(72, 650, "正文")  # drawn twice in the same place

    assert texts(pdf(page)) == ["第一部分 部门概况", "正文"]


def test_spaces_are_kept_where_printed_and_cjk_stays_solid() -> None:
    def page(c: canvas.Canvas) -> None:
        draw(c, 72, 760, "2024 年预算数 IDC 机房 Windows 10 “三公”经费", 12)
        draw(c, 72, 730, "两端对齐的中文行字距加宽", 12, spread=1.5)  # justified: wider letter spacing
        c.setFont(FONT, 12)
        c.drawString(72, 700, "Windows")  # two words set apart without a space character
        c.drawString(72 + width("Windows", 12) + 4, 700, "10")
        c.drawString(72, 670, "单位名称：深圳市测试中心")
        c.drawString(400, 670, "单位：万元")  # far apart on one line: one space

    assert texts(pdf(page)) == [
        "2024 年预算数 IDC 机房 Windows 10 “三公”经费",
        "两端对齐的中文行字距加宽",
        "Windows 10",
        "单位名称：深圳市测试中心 单位：万元",
    ]


def test_slanted_watermark_is_left_out() -> None:
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 12)
        c.drawString(72, 700, "正文一行。")
        c.saveState()
        c.translate(200, 400)
        c.rotate(45)
        c.setFont(FONT, 40)
        c.drawString(0, 0, "内部资料")
        c.restoreState()

    assert texts(pdf(page)) == ["正文一行。"]


def test_join_pieces_follows_the_data_contract() -> None:
    assert join_pieces(["机关事业单位基本养", "老保险缴费"]) == "机关事业单位基本养老保险缴费"
    assert join_pieces(["Windows", "10"]) == "Windows 10"
    assert join_pieces(["CIM", "平台"]) == "CIM平台"
    assert join_pieces(["3,020", ".16"]) == "3,020.16"  # a number wrapped in a narrow cell
    assert join_pieces(["66", "7.95"]) == "667.95"


# ---------------------------------------------------------------------------- paragraphs


def test_paragraphs_are_joined_by_layout_and_go_on_over_pages() -> None:
    first = "负责全区政务服务体系建设，统筹推进数字政府和智慧城市建设工作，" * 6 + "完成上级交办的任务"
    second = "深圳市测试中心 2024 年主要工作目标包括："
    last = "这一段从本页开始，" * 12 + "在下一页结束。"
    w = Writer(Style(page_number="- {n} -"))
    w.new_page()
    w.centred("第一部分 部门概况", 16, bold=True)
    w.paragraph("一、部门职责", 12, bold=True)
    w.paragraph(first, 12)  # its last line is full and it ends without a full stop
    w.paragraph(second, 12)
    while w.room() > 60:
        w.paragraph("填充的一段文字。", 12)
    w.paragraph(last, 12)
    lines = lines_of(w.finish())
    assert all(ln.paragraph for ln in lines)
    got = [ln.text for ln in lines]
    assert got[:4] == ["第一部分 部门概况", "一、部门职责", first, second]
    assert got[-1] == last and lines[-1].page == 1
    assert "- 1 -" not in got and "- 2 -" not in got


def test_paragraphs_set_apart_by_space_instead_of_indents() -> None:
    w = Writer(Style(indent=False))
    w.new_page()
    a = "没有首行缩进的段落，段落之间空出一些距离，" * 3 + "到这里结束。"
    w.paragraph(a, 12)
    w.paragraph("第二段。", 12)
    assert [ln.text for ln in lines_of(w.finish())] == [a, "第二段。"]


def test_a_long_title_wrapped_over_two_centred_lines_is_one_line() -> None:
    w = Writer(Style())
    w.new_page()
    w.centred("深圳市福田区民意速办和智慧城市建设中心整体支出绩效目标表", 20, bold=True)  # too wide: wraps
    w.centred("（2024年度）", 12)
    w.paragraph("正文。" * 30, 12)
    w.paragraph("第二段。", 12)
    assert texts(w.finish()) == [
        "深圳市福田区民意速办和智慧城市建设中心整体支出绩效目标表",
        "（2024年度）",
        "正文。" * 30,
        "第二段。",
    ]


def _lines(c: canvas.Canvas, x: float, y: float, lines: list[str], *, lead: float = 18.0, size: float = 12) -> float:
    """Lines of text, one under the other from ``y`` down; returns where the next would go."""
    c.setFont(FONT, size)
    for text in lines:
        c.drawString(x, y, text)
        y -= lead
    return y


FULL = "预算" * 18 + "全"  # 37 characters: a full line from 72 to 516 at 12 pt


def test_a_line_ending_short_because_the_next_character_holds_its_punctuation_goes_on() -> None:
    # 理 would have fitted at the end of the line above, but not 理。: a line does not start
    # with a full stop, so the two went to the next line together; the paragraph goes on.
    short = "预算" * 17 + "管a"  # ends 18 pt short of the margin: room for 理, not for 理。

    def page(c: canvas.Canvas) -> None:
        _lines(c, 72, 760, [FULL, short, "理。下一句。"])

    assert texts(pdf(page)) == [FULL + short + "理。下一句。"]


def test_paragraphs_set_apart_by_space_most_of_them_short() -> None:
    # Most paragraphs one line long: the gaps between paragraphs are the more frequent; a
    # paragraph whose last line is full still ends where the space between paragraphs is.
    def page(c: canvas.Canvas) -> None:
        y = 760.0
        for k in range(5):
            y = _lines(c, 72, y, [f"第{k}段。"]) - 12
        for _ in range(2):
            y = _lines(c, 72, y, [FULL, FULL[:-1] + "。"]) - 12
        _lines(c, 72, y, ["十、最后一段。"])

    two = FULL + FULL[:-1] + "。"
    assert texts(pdf(page)) == [*(f"第{k}段。" for k in range(5)), two, two, "十、最后一段。"]


def test_a_line_running_past_the_margin_does_not_move_it() -> None:
    # One line (that could not be broken) runs 13 pt past the right margin; the margin stays
    # where the other lines end, so a line ending 3 pt short of it is full.
    def page(c: canvas.Canvas) -> None:
        y = _lines(c, 72, 760, [FULL] * 20)
        y = _lines(c, 72, y, [FULL + "“"])  # the opening quote cannot end a line: it runs on
        _lines(c, 75, y, [FULL[:-1] + ",", "续。"])  # ends 3 pt short of the margin

    assert texts(pdf(page)) == [FULL * 20 + FULL + "“" + FULL[:-1] + ",续。"]


@pytest.mark.parametrize("number", ["- 3 -", "3", "第 3 页", "— 3 —", "3/12", "第3页 共12页"])
def test_page_numbers_are_left_out(number: str) -> None:
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 12)
        c.drawString(72, 700, "正文。")
        c.setFont(FONT, 9)
        c.drawCentredString(297, 30, number)

    assert texts(pdf(page)) == ["正文。"]


@pytest.mark.parametrize("number", ["- 3 -", "3"])
def test_a_number_in_the_margin_above_the_page_number_is_kept(number: str) -> None:
    # A table's last row ends in the bottom margin: the last piece of its amount (``0.0`` / ``0``)
    # stands there alone, above the page number.  A page prints one page number: the one beyond.
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 12)
        c.drawString(72, 700, "正文。")
        c.setFont(FONT, 9)
        c.drawRightString(300, 70, "0")
        c.drawCentredString(297, 30, number)

    assert texts(pdf(page)) == ["正文。", "0"]


def test_running_header_is_left_out() -> None:
    def page(n: int) -> Callable[[canvas.Canvas], None]:
        def draw_page(c: canvas.Canvas) -> None:
            c.setFont(FONT, 9)
            c.drawString(72, 815, "2024 年深圳市测试中心部门预算")
            c.setFont(FONT, 12)
            c.drawString(72, 700, f"第{n}页的正文。")

        return draw_page

    assert texts(pdf(*[page(n) for n in range(1, 5)])) == [f"第{n}页的正文。" for n in range(1, 5)]


# ---------------------------------------------------------------------------- ruled tables


def _table(style: Style, rows: int, *, again: str = "title") -> bytes:
    """A 支出总表 of ``rows`` code rows; ``again``: what a continuation page repeats above
    the header when the style repeats the title ("title" and unit line, or "unit" line)."""
    w = Writer(style)
    w.new_page()
    pages = []

    def top() -> None:
        if again == "title" or not pages:
            w.centred("表三：支出总表", 15, bold=True)
        w.two_ends("部门名称：深圳市测试中心", "单位：万元", 9)
        pages.append(w.page)

    top()
    widths, head, n = header_grid(
        [
            ("预算单位", 60),
            ("科目", [("编码", 40), ("名称", 60)]),
            ("2024 年预算数", [("合计", 30), ("政府性基金预算拨款", 20)]),
        ]
    )
    grid = Grid(widths, head, n)
    kinds = ["text", "text", "text", "number", "number"]
    grid.add_row(["深圳市测试中心本级", "", "", "3,020.16", "0.00"], kinds)
    for i in range(rows):
        grid.add_row(["", f"20103{i % 10:02d}", "行政运行 IDC 机房", "1.00", ""], kinds)
    draw_grid(w, grid, 8, top_block=top)
    return w.finish()


HEADER = ["预算单位\t科目\t\t2024 年预算数\t", "\t编码\t名称\t合计\t政府性基金预算拨款"]


@pytest.mark.parametrize("turned", [False, True], ids=["stacked", "turned"])
def test_table_rows_merged_headers_wrapped_cells(turned: bool) -> None:
    # A merged header cell's text stands once, where it starts; a header printed one character
    # per line (or turned) in a narrow column reads as one word; a label wrapped in its cell
    # and a number wrapped in a narrow cell are joined; an empty cell stays empty.
    lines = lines_of(_table(Style(turned_headers=turned), 2))
    assert [ln.text for ln in lines] == [
        "表三：支出总表",
        "部门名称：深圳市测试中心 单位：万元",
        *HEADER,
        "深圳市测试中心本级\t\t\t3,020.16\t0.00",
        "\t2010300\t行政运行 IDC 机房\t1.00\t",
        "\t2010301\t行政运行 IDC 机房\t1.00\t",
    ]
    assert [ln.paragraph for ln in lines] == [True, True] + [False] * 5


def test_table_going_on_over_pages_drops_its_repeated_header() -> None:
    lines = lines_of(_table(Style(), 60))
    rows = [ln for ln in lines if "\t" in ln.text]
    assert [ln.text for ln in rows[:2]] == HEADER
    assert all(ln.text not in HEADER for ln in rows[2:])
    assert len(rows) == 2 + 61 and {ln.page for ln in rows} == {1, 2, 3}


def test_table_continued_under_its_unit_line_printed_again() -> None:
    lines = [ln.text for ln in lines_of(_table(Style(repeat_title=True), 60, again="unit"))]
    assert lines[:4] == ["表三：支出总表", "部门名称：深圳市测试中心 单位：万元", *HEADER]
    assert len(lines) == 4 + 61  # the unit line and header printed again are left out


def test_table_with_its_title_printed_again_keeps_it_for_the_parser() -> None:
    # The parser starts a new page of the table at the title, and skips the header it repeats.
    lines = [ln.text for ln in lines_of(_table(Style(repeat_title=True), 60))]
    assert lines.count("表三：支出总表") == lines.count(HEADER[1]) == 3


def test_grid_without_its_left_and_right_border() -> None:
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 780, "表七：一般公共预算支出表（按功能分类）")
        xs, ys = [72, 170, 220, 340, 430, 523], [750, 732, 714, 696]
        for y in ys:
            c.line(xs[0], y, xs[-1], y)
        for x in xs[1:-1]:
            c.line(x, ys[0], x, ys[-1])  # inner rules only
        rows = [["预算单位", "科目编码", "科目名称", "合计", "基本支出"], ["深圳市测试中心", "", "", "100.00", "60.00"]]
        rows.append(["", "201", "一般公共服务支出", "100.00", "60.00"])
        c.setFont(FONT, 9)
        for r, row in enumerate(rows):
            for k, t in enumerate(row):
                c.drawString(xs[k] + 3, ys[r] - 13, t)

    assert texts(pdf(page))[1:] == [
        "预算单位\t科目编码\t科目名称\t合计\t基本支出",
        "深圳市测试中心\t\t\t100.00\t60.00",
        "\t201\t一般公共服务支出\t100.00\t60.00",
    ]


def _rules(
    c: canvas.Canvas, xs: list[float], ys: list[float], *, skip: set[tuple[str, int, int]] = frozenset()
) -> None:
    """A grid of rules at ``xs`` × ``ys`` (``ys`` top down), leaving out the rule pieces in
    ``skip``: ("h", row boundary, column) and ("v", column boundary, row)."""
    for j, y in enumerate(ys):
        for i in range(len(xs) - 1):
            if ("h", j, i) not in skip:
                c.line(xs[i], y, xs[i + 1], y)
    for i, x in enumerate(xs):
        for j in range(len(ys) - 1):
            if ("v", i, j) not in skip:
                c.line(x, ys[j], x, ys[j + 1])


def _cell(c: canvas.Canvas, xs: list[float], ys: list[float], row: int, col: int, text: str, *, centred: bool) -> None:
    y = (ys[row] + ys[row + 1]) / 2 - 3
    if centred:
        c.drawCentredString((xs[col] + xs[col + 1]) / 2, y, text)
    else:
        c.drawString(xs[col] + 3, y, text)


@pytest.mark.parametrize("header", [True, False], ids=["under-a-header", "whole-page"])
def test_merged_cell_left_open_at_the_page_foot_keeps_its_text(header: bool) -> None:
    # 年度绩效指标 spans the rows down to the page's foot, where the producer leaves its border
    # open (the cell goes on over the page): its text stands once, in the first row it spans.
    # When it spans all the page's rows, its column has no cell closed, only its side rules.
    xs, ys = [60, 120, 300, 420], [700, 682, 664, 646, 628]
    rows = [["", "三级指标", "目标值"], ["", "指标甲", "≥90%"], ["", "指标乙", "100%"], ["", "指标丙", "满足"]]
    if not header:
        rows, ys = rows[1:], ys[1:]

    def page(c: canvas.Canvas) -> None:
        _rules(c, xs, ys, skip={("h", j, 0) for j in range(2 if header else 1, len(ys))})
        c.setFont(FONT, 9)
        for r, row in enumerate(rows):
            for k, t in enumerate(row):
                _cell(c, xs, ys, r, k, t, centred=header and r == 0)
        _cell(c, xs, ys, len(rows) // 2, 0, "年度绩效指标", centred=True)

    expected = ["年度绩效指标\t指标甲\t≥90%", "\t指标乙\t100%", "\t指标丙\t满足"]
    assert texts(pdf(page)) == (["\t三级指标\t目标值"] if header else []) + expected


def test_grid_going_on_over_a_page_without_its_top_rule() -> None:
    # The producer leaves out the top border at the page's head: the vertical rules start there.
    xs, ys = [60, 140, 300, 420], [700, 682, 664, 646]
    rows = [["", "指标甲", "显著"], ["", "指标乙", "安全"], ["满意度指标", "指标丙", "≥90%"]]

    def page(c: canvas.Canvas) -> None:
        _rules(c, xs, ys, skip={("h", 0, 0), ("h", 0, 1), ("h", 0, 2), ("h", 1, 0)})
        c.setFont(FONT, 9)
        for r, row in enumerate(rows):
            for k, t in enumerate(row):
                _cell(c, xs, ys, r, k, t, centred=False)
        c.drawString(xs[0] + 3, ys[1] - 3, "效益指标")  # merged over the first two rows

    assert texts(pdf(page)) == ["效益指标\t指标甲\t显著", "\t指标乙\t安全", "满意度指标\t指标丙\t≥90%"]


def test_cell_text_overflowing_the_table_s_bottom_edge_stays_in_its_cell() -> None:
    # A merged cell going on over the page, too short on this page for its text: the text's last
    # line stands on the table's bottom rule (its top just above it, its middle below).
    xs, ys = [60, 140, 300, 420], [700, 682, 664]

    def page(c: canvas.Canvas) -> None:
        _rules(c, xs, ys)
        c.setFont(FONT, 9)
        for r, row in enumerate([["数量指标", "指标甲", "10 个"], ["质量指", "指标乙", "≥90%"]]):
            for k, t in enumerate(row):
                _cell(c, xs, ys, r, k, t, centred=False)
        c.drawString(xs[0] + 3, ys[2] - 6.2, "标")

    assert texts(pdf(page)) == ["数量指标\t指标甲\t10 个", "质量指标\t指标乙\t≥90%"]


def test_a_single_row_of_ruled_cells_is_a_table_row() -> None:
    # The last row of a table, alone on the page it goes on to; a box around a title is not.
    def page(c: canvas.Canvas) -> None:
        c.rect(60, 760, 300, 20)
        c.setFont(FONT, 12)
        c.drawString(66, 766, "表十四：部门整体支出绩效目标表")
        xs, ys = [60, 140, 300, 420], [700, 682]
        _rules(c, xs, ys)
        c.setFont(FONT, 9)
        for k, t in enumerate(["其他满意度指标", "无", "无"]):
            _cell(c, xs, ys, 0, k, t, centred=False)

    assert texts(pdf(page)) == ["表十四：部门整体支出绩效目标表", "其他满意度指标\t无\t无"]


def test_cell_text_running_on_below_the_table_stays_in_its_cell() -> None:
    # A narrow merged cell too short on the page: 年度 inside it, 绩效 and 指标 below the table
    # at the cell's line pitch; the note under the table, wider than the cell, stays text.
    xs, ys = [60, 90, 300, 420], [700, 682]

    def page(c: canvas.Canvas) -> None:
        _rules(c, xs, ys)
        c.setFont(FONT, 9)
        for n, text in enumerate(["年度", "绩效", "指标"]):
            c.drawString(xs[0] + 3, ys[0] - 12 - 11 * n, text)
        _cell(c, xs, ys, 0, 1, "指标甲", centred=False)
        _cell(c, xs, ys, 0, 2, "≥90%", centred=False)
        c.drawString(xs[0] + 3, ys[1] - 40, "注：本表金额单位为万元。")

    assert texts(pdf(page)) == ["年度绩效指标\t指标甲\t≥90%", "注：本表金额单位为万元。"]


def test_continued_table_drops_a_heading_printed_again_and_its_continuation_mark() -> None:
    # A heading in the middle of a table (一级指标 … 目标值, under rows divided otherwise) is
    # printed again at the top of the next page under 续表; the rows there span the columns of
    # the first page's second-to-last boundary.
    xs, ys = [60, 160, 260, 380, 440, 500], [760 - 18 * k for k in range(5)]
    heading = ["一级指标", "二级指标", "三级指标", "目标值"]

    def first(c: canvas.Canvas) -> None:
        c.setFont(FONT, 9)
        c.drawString(60, 780, "表：部门整体支出绩效目标表")
        _rules(c, xs, ys, skip={("v", 4, j) for j in range(1, 5)})
        for k, t in enumerate(["部门名称", "深圳市测试中心", "主管部门", "深圳市测试局", "2024"]):
            _cell(c, xs, ys, 0, k, t, centred=False)
        for k, t in enumerate(heading):
            c.drawCentredString((xs[k] + xs[k + 1 if k < 3 else 5]) / 2, ys[1] - 12, t)
        for r, row in enumerate([["产出指标", "数量指标", "指标甲", "≥90%"], ["", "", "指标乙", "100%"]], 2):
            for k, t in enumerate(row):
                _cell(c, xs, ys, r, k, t, centred=False)

    def second(c: canvas.Canvas) -> None:
        c.setFont(FONT, 9)
        c.drawString(60, 780, "续表")
        cols = [60, 160, 260, 380, 500]
        _rules(c, cols, ys[:4])
        for k, t in enumerate(heading):
            _cell(c, cols, ys, 0, k, t, centred=True)
        for r, row in enumerate([["", "", "指标丙", "满足"], ["效益指标", "社会效益指标", "指标丁", "有效"]], 1):
            for k, t in enumerate(row):
                _cell(c, cols, ys, r, k, t, centred=False)

    assert texts(pdf(first, second)) == [
        "表：部门整体支出绩效目标表",
        "部门名称\t深圳市测试中心\t主管部门\t深圳市测试局\t2024",
        "一级指标\t二级指标\t三级指标\t目标值\t",
        "产出指标\t数量指标\t指标甲\t≥90%\t",
        "\t\t指标乙\t100%\t",
        "\t\t指标丙\t满足",
        "效益指标\t社会效益指标\t指标丁\t有效",
    ]


def test_continued_table_whose_next_page_splits_a_column_drops_its_heading_printed_again() -> None:
    # The next page repeats the heading, then prints a part of the table further down (the
    # indicators under the tasks) whose grid splits a column the first page did not: its
    # column boundaries are the first page's and more, and it is still the same table.
    xs, ys = [60, 160, 260, 380, 500], [760 - 18 * k for k in range(4)]
    heading = ["一级指标", "二级指标", "三级指标", "目标值"]

    def first(c: canvas.Canvas) -> None:
        c.setFont(FONT, 9)
        c.drawString(60, 780, "表：部门整体支出绩效目标表")
        _rules(c, xs, ys)
        for r, row in enumerate([heading, ["产出指标", "数量指标", "指标甲", "≥90%"], ["", "", "指标乙", "100%"]]):
            for k, t in enumerate(row):
                _cell(c, xs, ys, r, k, t, centred=r == 0)

    def second(c: canvas.Canvas) -> None:
        c.setFont(FONT, 9)
        split = [60, 160, 210, 260, 380, 500]
        _rules(c, split, ys, skip={("v", 2, 0), ("v", 2, 1)})
        for k, t in enumerate(heading):
            _cell(c, xs, ys, 0, k, t, centred=True)
        for k, t in enumerate(["", "", "指标丙", "满足"]):
            _cell(c, xs, ys, 1, k, t, centred=False)
        for k, t in enumerate(["效益指标", "社会", "效益", "指标丁", "有效"]):
            _cell(c, split, ys, 2, k, t, centred=False)

    got = texts(pdf(first, second))
    assert got[:4] == [
        "表：部门整体支出绩效目标表",
        "一级指标\t二级指标\t三级指标\t目标值",
        "产出指标\t数量指标\t指标甲\t≥90%",
        "\t\t指标乙\t100%",
    ]
    assert "一级指标\t二级指标\t三级指标\t目标值" not in got[4:]
    assert got[4:] == ["\t\t\t指标丙\t满足", "效益指标\t社会\t效益\t指标丁\t有效"]  # cells of this page's grid


# ---------------------------------------------------------------------------- tables without rules


@pytest.mark.parametrize("rules", ["open", "none"])
def test_table_without_rules_is_cut_by_position(rules: str) -> None:
    w = Writer(Style())
    w.new_page()
    w.centred("表七：一般公共预算支出表（按功能分类）", 15, bold=True)
    w.two_ends("部门名称：深圳市测试中心", "单位：万元", 9)
    widths, head, n = header_grid(
        [("预算单位", 70), ("科目编码", 50), ("科目名称", 90), ("合计", 36), ("基本支出", 50)]
    )
    grid = Grid(widths, head, n, rules=rules)
    kinds = ["text", "text", "text", "number", "number"]
    grid.add_row(["深圳市测试中心本级单位", "", "", "12,345.67", "60.00"], kinds)
    grid.add_row(["", "201", "一般公共服务支出", "100.00", "60.00"], kinds)
    grid.add_row(["", "20101", "人大事务和机关事业单位养老", "40.00", ""], kinds)
    draw_grid(w, grid, 8)
    rows = [ln.text for ln in lines_of(w.finish()) if "\t" in ln.text]
    assert rows == [
        "预算单位\t科目编码\t科目名称\t合计\t基本支出",
        "深圳市测试中心本级单位\t\t\t12,345.67\t60.00",
        "\t201\t一般公共服务支出\t100.00\t60.00",
        "\t20101\t人大事务和机关事业单位养老\t40.00\t",
    ]


Cells = list[list[str]]  # a row: each cell's printed lines


def _three_line(
    c: canvas.Canvas, y: float, xs: list[float], head: Cells, rows: list[Cells], *, size: float = 8, rules: bool = True
) -> float:
    """A 三线表 from ``y`` down (with ``rules=False``, the same table printed without any): a
    rule over the header, one under it, one under the body; each row's cells centred on the
    row, numbers set right, labels left, the header centred.  Returns where the table ends."""
    lead, pad = size * 1.25, 4

    def rule(y: float) -> None:
        if rules:
            c.line(xs[0], y, xs[-1], y)

    c.setFont(FONT, size)
    rule(y)
    for k, row in enumerate([head, *rows]):
        height = max(len(cell) for cell in row) * lead + 2 * pad
        for i, cell in enumerate(row):
            first = y - (height - len(cell) * lead) / 2 - size
            for n, text in enumerate(cell):
                if k == 0:
                    c.drawCentredString((xs[i] + xs[i + 1]) / 2, first - n * lead, text)
                elif re.fullmatch(r"[\d,.\-]+", text):  # an amount (or a dash for none)
                    c.drawRightString(xs[i + 1] - pad, first - n * lead, text)
                else:
                    c.drawString(xs[i] + pad, first - n * lead, text)
        y -= height
        if k == 0:
            rule(y)
    rule(y)
    return y


FUNCTION_XS = [60, 130, 166, 252, 290, 336, 382]
FUNCTION_HEAD: Cells = [["预算单位"], ["科目编码"], ["科目名称"], ["支出总计"], ["基本支出"], ["项目支出"]]


def _title_and_unit(c: canvas.Canvas, title: str, right: float) -> None:
    """A table's title, and its unit line from the table's left edge to ``right``."""
    c.setFont(FONT, 14)
    c.drawCentredString(297, 790, title)
    c.setFont(FONT, 9)
    c.drawString(60, 770, "单位名称：深圳市测试中心")
    c.drawRightString(right, 770, "单位：万元")


def test_three_line_table_rows_from_positions() -> None:
    # Rules over and under the header and under the body only: rows from where the words stand.
    # A label wrapped over lines above and below its amounts, a number wrapped in a narrow cell
    # (12,345.6 / 7) beside single-line cells, an empty cell kept in its column.
    rows: list[Cells] = [
        [["深圳市测试", "中心本级"], [], [], ["12,345.6", "7"], ["60.00"], ["12,285.67"]],
        [[], ["201"], ["一般公共服务支出"], ["100.00"], ["60.00"], ["40.00"]],
        [[], ["20101"], ["人大事务和机", "关事业单位养", "老"], ["40.00"], [], ["40.00"]],
    ]

    def page(c: canvas.Canvas) -> None:
        _title_and_unit(c, "表七：一般公共预算支出表（按功能分类）", FUNCTION_XS[-1])
        _three_line(c, 760, FUNCTION_XS, FUNCTION_HEAD, rows)

    assert texts(pdf(page)) == [
        "表七：一般公共预算支出表（按功能分类）",
        "单位名称：深圳市测试中心 单位：万元",
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出",
        "深圳市测试中心本级\t\t\t12,345.67\t60.00\t12,285.67",
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00",
        "\t20101\t人大事务和机关事业单位养老\t40.00\t\t40.00",
    ]


@pytest.mark.parametrize("rules", [True, False])
def test_a_year_wrapped_in_a_narrow_header_cell_stays_in_the_header(rules: bool) -> None:
    # The header's last column is narrow: ``2024年采购预算`` wraps into ``202`` / ``4年采`` /
    # ``购预算``.  Its digits stand over the amounts' column, on lines that are the header's
    # (words over the other amount columns too): the body starts at the unit's row all the
    # same, under the rule or without one.
    xs = [*FUNCTION_XS, 410]
    head: Cells = [*FUNCTION_HEAD, ["202", "4年采", "购预算"]]
    rows: list[Cells] = [
        [["深圳市测试", "中心"], [], [], ["100.00"], ["60.00"], ["40.00"], ["9.00"]],
        [[], ["201"], ["一般公共服务支出"], ["100.00"], ["60.00"], ["40.00"], ["9.00"]],
    ]

    def page(c: canvas.Canvas) -> None:
        _title_and_unit(c, "表三：支出总表", xs[-1])
        _three_line(c, 760, xs, head, rows, rules=rules)

    assert texts(pdf(page))[2:] == [
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出\t202 4年采购预算",
        "深圳市测试中心\t\t\t100.00\t60.00\t40.00\t9.00",
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00\t9.00",
    ]


@pytest.mark.parametrize("again", ["continued", "title"])
def test_three_line_table_going_on_over_a_page(again: str) -> None:
    # On the next page: 续表 (or the title and unit line printed again), the header printed
    # again (left out), the rows (in the first page's columns, though no unit row is there).
    first: list[Cells] = [[["深圳市测试中心"], [], [], ["100.00"], ["60.00"], ["40.00"]]]
    more: list[Cells] = [
        [[], ["20101"], ["人大事务"], ["40.00"], [], ["40.00"]],
        [[], ["20102"], ["政协事务"], ["60.00"], ["60.00"], []],
    ]
    title = "表七：一般公共预算支出表（按功能分类）"

    def top(c: canvas.Canvas) -> None:
        _title_and_unit(c, title, FUNCTION_XS[-1])

    def page_one(c: canvas.Canvas) -> None:
        top(c)
        _three_line(c, 760, FUNCTION_XS, FUNCTION_HEAD, first)

    def page_two(c: canvas.Canvas) -> None:
        if again == "title":
            top(c)
        else:
            c.setFont(FONT, 9)
            c.drawString(60, 775, "续表")
        _three_line(c, 760, FUNCTION_XS, FUNCTION_HEAD, more)

    unit = "单位名称：深圳市测试中心 单位：万元"
    assert texts(pdf(page_one, page_two)) == [
        title,
        unit,
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出",
        "深圳市测试中心\t\t\t100.00\t60.00\t40.00",
        *([title] if again == "title" else []),
        "\t20101\t人大事务\t40.00\t\t40.00",
        "\t20102\t政协事务\t60.00\t60.00\t",
    ]


def test_amounts_of_two_rows_are_no_wrapped_number() -> None:
    # One row of both would align its labels better (2730 centred on its goal, 1170 printed on
    # its goal's first line), but its amounts do not stand on one cell's consecutive lines:
    # 27301170 is no number wrapped in its cell.
    xs = [60, 160, 210, 520]
    head: Cells = [["项目名称"], ["预算数"], ["绩效目标"]]
    rows: list[Cells] = [
        [["新闻发布业务工作"], ["2730"], ["全年预计举行新闻发布会", "至少十八场，与媒体合作", "进行渠道传播。"]],
        [["网信工作", ""], ["1170", ""], ["指导辖区网络信息系统开", "展网络安全隐患排查处置。"]],
    ]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 16)
        c.drawCentredString(297, 790, "第七部分 重点项目预算绩效情况说明")
        _three_line(c, 760, xs, head, rows, size=9, rules=False)

    assert texts(pdf(page))[1:] == [
        "项目名称\t预算数\t绩效目标",
        "新闻发布业务工作\t2730\t全年预计举行新闻发布会至少十八场，与媒体合作进行渠道传播。",
        "网信工作\t1170\t指导辖区网络信息系统开展网络安全隐患排查处置。",
    ]


def test_table_without_rules_set_tight_keeps_its_header_out_of_the_first_row() -> None:
    # No rules and little white space: the header's last line stands as close above the first
    # row's label (wrapped above its amounts) as that label's lines do to each other.
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表七：一般公共预算支出表（按功能分类）")
        c.setFont(FONT, 8)
        y = 760.0
        for line in (
            [
                (64, "预算单位"),
                (134, "科目编码"),
                (170, "科目名称"),
                (256, "支出总计"),
                (294, "基本支出"),
                (340, "项目支出"),
            ],
            [(64, "深圳市测试")],
            [(64, "中心本级"), (286, "100.00"), (332, "60.00"), (378, "40.00")],
            [(64, "")],
            [(138, "201"), (174, "一般公共服务支出"), (286, "100.00"), (332, "60.00"), (378, "40.00")],
        ):
            for x, text in line:
                (c.drawRightString if text[:1].isdigit() and x > 250 else c.drawString)(x, y, text)
            y -= 10

    assert texts(pdf(page))[1:] == [
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出",
        "深圳市测试中心本级\t\t\t100.00\t60.00\t40.00",
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00",
    ]


def test_unit_name_across_the_label_columns_leaves_code_and_name_apart() -> None:
    # The unit row's name stands across the unit, code and name columns (a cell merged over
    # them): the code rows still show where the code and the name columns are.
    xs = [60, 100, 140, 252, 290, 336, 382]
    rows: list[Cells] = [
        [["深圳市测试中心本级单位"], [], [], ["100.00"], ["60.00"], ["40.00"]],
        [[], ["201"], ["一般公共服务支出"], ["100.00"], ["60.00"], ["40.00"]],
        [[], ["20101"], ["人大事务"], ["40.00"], [], ["40.00"]],
    ]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表七：一般公共预算支出表（按功能分类）")
        _three_line(c, 760, xs, FUNCTION_HEAD, rows)

    assert texts(pdf(page))[2:] == [
        "深圳市测试中心本级单位\t\t100.00\t60.00\t40.00",
        "201\t一般公共服务支出\t100.00\t60.00\t40.00",
        "20101\t人大事务\t40.00\t\t40.00",
    ]


def test_two_amounts_set_a_space_apart_are_two_cells() -> None:
    # A producer prints a space between two cells' amounts, the cells narrow: two amounts.
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表七：一般公共预算支出表（按功能分类）")
        c.setFont(FONT, 8)
        c.drawString(64, 700, "深圳市测试中心")
        c.drawString(200, 700, "100.00 60.00 40.00")
        c.drawString(64, 690, "一般公共服务支出")
        c.drawString(200, 690, "100.00 60.00 40.00")

    assert texts(pdf(page))[1:] == ["深圳市测试中心\t100.00\t60.00\t40.00", "一般公共服务支出\t100.00\t60.00\t40.00"]


def test_rules_between_rows_of_a_table_without_vertical_rules_part_its_rows() -> None:
    # Horizontal rules under every row: no row goes on across one, however its cells align
    # (here one row's label set at the top of its cell, the next one's at the bottom).
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表八：一般公共预算支出表（按经济分类）")
        c.setFont(FONT, 8)
        y = 700.0
        for k, (label, amount) in enumerate(
            [("机关事业单位", "10.00"), ("基本养老保险", ""), ("缴费", ""), ("住房公积", ""), ("金", "20.00")]
        ):
            c.drawString(64, y - 10 * k - (4 if k >= 3 else 0), label)
            if amount:
                c.drawRightString(200, y - 10 * k - (4 if k >= 3 else 0), amount)
        for rule in (y + 10, y - 24, y - 48):
            c.line(60, rule, 220, rule)

    assert texts(pdf(page))[1:] == ["机关事业单位基本养老保险缴费\t10.00", "住房公积金\t20.00"]


def test_a_dash_for_none_in_an_amount_column_is_a_cell() -> None:
    # A row printing a dash where it has no amount is a row of its own, the dash its cell.
    xs = [60, 160, 220, 280]
    head: Cells = [["支出项目类别"], ["总计"], ["财政拨款"]]
    rows: list[Cells] = [[["工资福利支出"], ["10.00"], ["10.00"]], [["对企业补助"], ["-"], ["-"]]]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表四：基本支出总表")
        _three_line(c, 760, xs, head, rows)

    assert texts(pdf(page))[1:] == ["支出项目类别\t总计\t财政拨款", "工资福利支出\t10.00\t10.00", "对企业补助\t-\t-"]


def test_three_line_three_public_table_reads_each_unit_in_its_first_year_row() -> None:
    # The 三公 table's unit cell is merged down over its year rows, its name centred on them
    # (on the middle row's line): it is read in the block's first row, as a grid gives it.
    xs = [60, 170, 230, 280, 330, 380]
    head: Cells = [["预算单位"], ["年度"], ["合计"], ["出国"], ["接待"]]
    years = ["2023年", "2024年", "增减变化金额"]
    rows: list[Cells] = [
        [[unit if k == 1 else ""], [year], [f"{n}.00"], ["0"], [f"{n}.00"]]
        for unit, n in (("深圳市测试中心", 5), ("深圳市测试中心（本级）", 3))
        for k, year in enumerate(years)
    ]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表九：一般公共预算“三公”经费支出表")
        _three_line(c, 760, xs, head, [[cell if cell != [""] else [] for cell in row] for row in rows])

    got = texts(pdf(page))[2:]
    assert [row.split("\t")[:2] for row in got] == [
        ["深圳市测试中心", "2023年"],
        ["", "2024年"],
        ["", "增减变化金额"],
        ["深圳市测试中心（本级）", "2023年"],
        ["", "2024年"],
        ["", "增减变化金额"],
    ]


def test_three_line_three_public_unit_wrapped_over_its_year_rows() -> None:
    # The unit's name wraps in its narrow merged cell over lines that stand beside its year
    # rows: all of them are the unit's, read in its block's first row (a block starts at 2023年).
    xs = [60, 86, 146, 196, 246]
    head: Cells = [["单位"], ["年度"], ["合计"], ["接待"]]
    years = ["2023年", "2024年", "增减变化金额"]
    names = (["深圳", "市测", "试中", "心本", "级"], ["深圳", "市测", "试中", "心下", "属单", "位"])
    rows: list[Cells] = [[[], [year], ["5.00"], ["1.00"]] for _ in names for year in years]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表九：一般公共预算“三公”经费支出表")
        _three_line(c, 760, xs, head, rows)
        c.setFont(FONT, 8)
        for block, name in enumerate(names):  # centred on its three rows (each 18 pt high)
            y = 760 - 18 - 54 * block - 27 + len(name) * 5 - 8
            for n, text in enumerate(name):
                c.drawString(64, y - 10 * n, text)

    got = [row.split("\t")[:2] for row in texts(pdf(page))[2:]]
    assert got == [
        ["深圳市测试中心本级", "2023年"],
        ["", "2024年"],
        ["", "增减变化金额"],
        ["深圳市测试中心下属单位", "2023年"],
        ["", "2024年"],
        ["", "增减变化金额"],
    ]


def test_wrapped_zeros_read_in_the_table_s_form() -> None:
    # A narrow table printing every zero as 0.00: 0.00 wraps as 0.0 / 0 beside a label wrapped
    # the same way (增减变化 / 金额): one row, as the table's form of zeros says, not two.
    xs = [60, 130, 180, 206, 232, 258, 284, 310, 336]
    head: Cells = [["预算单位"], ["年度"], *([["甲"]] * 6)]
    full: Cells = [["5.00"], ["0.00"], ["0.00"], ["0.00"], ["0.00"], ["5.00"]]
    rows: list[Cells] = [
        [["深圳市测试中心"], ["2023年"], *full],
        [[], ["2024年"], *full],
        [[], ["增减变化", "金额"], *([["0.0", "0"]] * 6)],
    ] * 3

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表九：一般公共预算“三公”经费支出表")
        _three_line(c, 760, xs, head, rows)

    got = [row.split("\t")[1:] for row in texts(pdf(page))[2:]]
    change = ["增减变化金额", *(["0.00"] * 6)]
    assert got == [["2023年", *(c[0] for c in full)], ["2024年", *(c[0] for c in full)], change] * 3


@pytest.mark.parametrize("rules", [True, False])
def test_an_amount_wrapped_into_four_digits_over_the_rest_is_read_whole(rules: bool) -> None:
    # Narrow cells: 204294.75 wraps as 20429 / 4.75 and 195070.41 as 1950 / 70.41.  The top line's
    # 1950 looks like a year, but printed after an amount on its line it is a piece of one: the
    # line is the row's (not the header's), and the amounts are read whole.
    xs = FUNCTION_XS
    rows: list[Cells] = [
        [["深圳市测试中心"], [], [], ["20429", "4.75"], ["1950", "70.41"], ["9224.34"]],
        [[], ["201"], ["一般公共服务支出"], ["20429", "4.75"], ["1950", "70.41"], ["9224.34"]],
    ]

    def page(c: canvas.Canvas) -> None:
        _title_and_unit(c, "表三：支出总表", xs[-1])
        _three_line(c, 760, xs, FUNCTION_HEAD, rows, rules=rules)

    assert texts(pdf(page))[3:] == [
        "深圳市测试中心\t\t\t204294.75\t195070.41\t9224.34",
        "\t201\t一般公共服务支出\t204294.75\t195070.41\t9224.34",
    ]


def test_lines_of_a_cell_set_unevenly_apart_still_read_as_centred() -> None:
    # As Chromium sets a table without rules: a cell's lines 11.72 and 12.45 pt apart (rounded
    # line heights), rows 16 pt apart.  21208's name stands centred on its amounts over three lines;
    # read as bottom-aligned instead, its last line (支出) would start the next row's name.  Standing
    # off by 0.37 pt is as centred as a cell prints: the rows set apart are the rows.
    tops = [136.72, 148.44, 160.89, 177.01, 193.12, 205.57, 217.29, 233.4]
    printed = [
        ("深圳市龙岗", "", "", None),
        ("区公共资源", "", "", ("50", "0", "50")),
        ("交易中心", "", "", None),
        ("", "212", "城乡社区支出", ("50", "0", "50")),
        ("", "", "国有土地使用权", None),
        ("", "21208", "出让收入安排的", ("50", "0", "50")),
        ("", "", "支出", None),
        ("", "2120803", "城市建设支出", ("50", "0", "50")),
    ]

    def page(c: canvas.Canvas) -> None:
        _title_and_unit(c, "表十：政府性基金预算支出表", FUNCTION_XS[-1])
        c.setFont(FONT, 8)
        for x0, x1, (head,) in zip(FUNCTION_XS, FUNCTION_XS[1:], FUNCTION_HEAD, strict=False):
            c.drawCentredString((x0 + x1) / 2, 842 - 110, head)
        for top, (unit, code, name, amounts) in zip(tops, printed, strict=True):
            y = 842 - top - 8
            for x, text in zip(FUNCTION_XS, (unit, code, name), strict=False):
                c.drawString(x + 4, y, text)
            for x, text in zip(FUNCTION_XS[4:], amounts or (), strict=False):
                c.drawRightString(x - 4, y, text)

    assert texts(pdf(page))[3:] == [
        "深圳市龙岗区公共资源交易中心\t\t\t50\t0\t50",
        "\t212\t城乡社区支出\t50\t0\t50",
        "\t21208\t国有土地使用权出让收入安排的支出\t50\t0\t50",
        "\t2120803\t城市建设支出\t50\t0\t50",
    ]


def test_number_wrapped_before_the_character_its_point_holds() -> None:
    # 84530.11 in a cell that holds 84530 but not 84530.: the line breaks before the 0, which the
    # point holds (a line does not start with a point), leaving 8453 short of the cell's width.
    xs = [60, 160, 199, 231]
    head: Cells = [["项目"], ["总计"], ["小计"]]
    rows: list[Cells] = [
        [["深圳市测试中心"], ["849431.", "31"], ["8453", "0.11"]],
        [["信息化服务类项目"], ["145038.", "40"], ["145038"]],
    ]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表五：项目支出总表")
        _three_line(c, 760, xs, head, rows)

    assert texts(pdf(page))[2:] == ["深圳市测试中心\t849431.31\t84530.11", "信息化服务类项目\t145038.40\t145038"]


def test_key_projects_table_in_part_seven_without_rules() -> None:
    # Part 7's table inside the text: its header cells wrapped (预算数（万 / 元）), each goal over
    # several lines with words and numbers set apart by spaces, the project and amount centred.
    xs = [60, 160, 210, 520]
    head: Cells = [["项目名称（一级项目）"], ["预算数（万", "元）"], ["绩效目标"]]
    rows: list[Cells] = [
        [
            ["信息化与网络安全"],
            ["12553.38"],
            ["开展互联网出口带宽租赁不少于 14GB，服务", "接入短信平台的应用系统数量不少于 35 套。"],
        ],
        [["预算准备金"], ["140"], ["预算准备金占部门预算金额的比例低于 1%。"]],
    ]

    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 16)
        c.drawCentredString(297, 790, "第七部分 重点项目预算绩效情况说明")
        c.setFont(FONT, 12)
        c.drawString(84, 760, "2024 年，本部门重点项目绩效目标情况如下：")
        end = _three_line(c, 740, xs, head, rows, size=9)
        c.setFont(FONT, 12)
        c.drawString(60, end - 20, "备注：涉密项目按规定不予公开。")

    assert texts(pdf(page)) == [
        "第七部分 重点项目预算绩效情况说明",
        "2024 年，本部门重点项目绩效目标情况如下：",
        "项目名称（一级项目）\t预算数（万元）\t绩效目标",
        "信息化与网络安全\t12553.38\t开展互联网出口带宽租赁不少于 14GB，服务接入短信平台的应用系统数量不少于 35 套。",
        "预算准备金\t140\t预算准备金占部门预算金额的比例低于 1%。",
        "备注：涉密项目按规定不予公开。",
    ]


def test_a_table_without_rules_that_cannot_be_cut_into_rows_is_reported() -> None:
    # Two rows printed over one another (their lines overlap): in one row their amounts would
    # be one number, 100.00200.00, which they are not.  The table's words are not given to the
    # parser to read some other way; what is given says why the table cannot be read.
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表七：一般公共预算支出表（按功能分类）")
        c.setFont(FONT, 9)
        for y, (name, amount) in zip((700, 695), (("甲", "100.00"), ("乙", "200.00")), strict=True):
            c.drawString(72, y, name)
            c.drawRightString(200, y, amount)
            c.drawRightString(260, y, amount)

    lines = lines_of(pdf(page))
    assert lines[0].text == "表七：一般公共预算支出表（按功能分类）"
    assert [ln.unreadable for ln in lines] == [False, True]
    assert "cannot be put together into rows" in lines[1].text and lines[1].page == 1


@pytest.mark.parametrize(
    ("header_line", "reported"),
    [(["202"], False), (["1", "2", "3", "4"], False), (["20429", "1950"], True), (["8272.", "0.0"], True)],
)
def test_a_line_of_amounts_taken_for_the_header_s_reports_the_table(header_line: list[str], reported: bool) -> None:
    # A line above the body holding amounts no header prints (a point, five digits: the top pieces
    # of amounts wrapped in their cells) is a row's: read without it, the row would keep only its
    # bottom pieces (4.75 for 204294.75).  A header's digits (a wrapped year, column numbers) are not.
    def line(*texts: str) -> Any:
        runs = [SimpleNamespace(text=t) for t in texts]
        return SimpleNamespace(amounts=runs, page=SimpleNamespace(number=3))

    parts = [([line("支出总计"), line(*header_line), line("4.75", "70.41")], (0, 2, 3))]
    if not reported:
        _no_amounts_above(parts)
        return
    with pytest.raises(BudgetError, match="a line above the table's first row holds amounts") as e:
        _no_amounts_above(parts)
    assert e.value.line == 3


def test_a_summary_table_whose_amounts_stand_in_three_columns_is_reported() -> None:
    # A two-sided summary has two amount columns (income, expenditure): three cannot be placed.
    def page(c: canvas.Canvas) -> None:
        c.setFont(FONT, 14)
        c.drawCentredString(297, 790, "表一：收支总表")
        _three_line(c, 760, [60, 160, 220, 320, 380, 440], [["项目"], ["预算数"], ["项目"], ["预算数"], ["备注"]],
                    [[["财政拨款"], ["100.00"], ["教育支出"], ["100.00"], ["1.00"]]])  # fmt: skip

    lines = lines_of(pdf(page))
    assert [ln.unreadable for ln in lines] == [False, True]
    assert "other columns than a table of its kind has (2)" in lines[1].text


# ---------------------------------------------------------------------------- what cannot be read


def _raw_pdf(codes: bytes, to_unicode: dict[int, str] | None = None) -> bytes:
    """A one-page PDF printing the 2-byte glyph ``codes`` in a font without an embedded font
    file (Identity-H): with a ToUnicode map when ``to_unicode`` is given (code → text), else
    with no Unicode mapping at all (its text can only be read as glyph numbers)."""
    content = b"BT /F1 24 Tf 72 700 Td <%s> Tj ET" % codes.hex().encode()
    unicode_ref = b" /ToUnicode 8 0 R" if to_unicode is not None else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H /DescendantFonts [6 0 R]%s >>"
        % unicode_ref,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R >>",
        b"<< /Type /FontDescriptor /FontName /Unknown /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    if to_unicode is not None:
        chars = b"".join(
            b"<%04x> <%s>\n" % (code, text.encode("utf-16-be").hex().encode()) for code, text in to_unicode.items()
        )
        objects.append(
            _stream(
                b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def /CMapType 2 def\n"
                b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n%d beginbfchar\n%sendbfchar\n"
                b"endcmap CMapName currentdict /CMap defineresource pop end end" % (len(to_unicode), chars)
            )
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(zlib.compress(data)),
        zlib.compress(data),
    )


def _unmapped_font_pdf() -> bytes:
    return _raw_pdf(bytes.fromhex("0001000200030004"))


def test_radicals_in_the_text_layer_read_as_the_ideographs_printed() -> None:
    # A font drawing 门 and the radical ⻔ with one glyph; the text layer names the radical.
    # Kangxi radicals (⽀ ⼀) by their decomposition, the supplement's (⻔ ⻅) by Unicode's
    # equivalents, the door radical ⼾ as the 户 that Simplified Chinese fonts print.
    text = "部⻔⽀出⼀览⼾⻅"
    data = _raw_pdf(b"".join(b"\x00" + bytes([k]) for k in range(1, len(text) + 1)), dict(enumerate(text, start=1)))
    assert texts(data) == ["部门支出一览户见"]


def test_fonts_without_unicode_mapping_are_reported() -> None:
    with pytest.raises(BudgetError, match=r"test.pdf: the PDF's fonts have no Unicode mapping.*run OCR first"):
        read_pdf_lines(_unmapped_font_pdf(), "test.pdf")


def test_empty_file_and_no_text_are_reported() -> None:
    with pytest.raises(BudgetError, match="the file is empty"):
        read_pdf_lines(b"", "test.pdf")
    with pytest.raises(BudgetError, match="no text at all"):
        read_pdf_lines(pdf(lambda c: c.rect(72, 72, 100, 100)), "test.pdf")
