"""Tables of ``pdftotext -layout`` text read by position (generator/read/layout.py, grid.py,
tables/indicator_layout.py), one behaviour at a time, on small tables written out here the
way pdftotext lays them out: each piece of text at the character column of its place."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal as D

import pytest

from generator.catalog import BY_RESOURCE
from generator.model import BudgetError, Line
from generator.read.layout import grid_lines, is_layout, paragraph_starts, pieces
from generator.read.tables.indicators import indicator_rows
from generator.read.text import decode_text
from generator.read.text_parts import paragraphs

FUNCTION = BY_RESOURCE["general-budget-by-function"]
INCOME = BY_RESOURCE["income-summary"]
SUMMARY = BY_RESOURCE["income-expenditure-summary"]


def lines(text: str, first: int = 1) -> list[Line]:
    """Layout lines; a line holding only ``\\f`` starts a new page."""
    out: list[Line] = []
    new_page = False
    for n, t in enumerate(text.split("\n"), start=first):
        if t == "\f":
            new_page = True
            continue
        out.append(Line(t, n, layout=True, new_page=new_page and bool(t.strip())))
        new_page = new_page and not t.strip()
    return out


def cells(text: str, spec=FUNCTION) -> list[list[str]]:
    return [ln.text.split("\t") for ln in grid_lines(spec, [lines(text)])]


def line(*texts: tuple[int, str]) -> str:
    """A printed line as pdftotext lays it out: each text from its column (a negative column:
    the text ends there, as right-aligned numbers do)."""
    out = ""
    for col, text in texts:
        start = -col - len(text) if col < 0 else col
        out = out.ljust(start) + text if len(out) < start else out + " " + text
    return out


AMOUNTS = (-45, -57, -70)  # where the amount columns end


def amount_row(label: tuple[int, str] | None, *amounts: str) -> str:
    return line(*([label] if label else []), *((c, a) for c, a in zip(AMOUNTS, amounts, strict=False) if a))


def test_pieces_split_at_wide_gaps_and_beside_numbers() -> None:
    ps = pieces("  政府预算资金                     5,320.02 教育支出          370")
    assert [(p.text, p.x0) for p in ps] == [("政府预算资金", 2), ("5,320.02", 29), ("教育支出", 38), ("370", 52)]


def test_a_layout_extraction_is_recognised() -> None:
    layout = lines("\n".join(f"  行政运行{k}        {k}0.00        {k}0.00       0.00" for k in range(6)))
    assert is_layout(layout)
    assert not is_layout([Line(f"行政运行 {k}0.00 {k}0.00 0.00", k) for k in range(6)])


NARROW = """\
                                                  支出总表
单位名称：深圳市南山区教育装备中心                                                   单位：万元
               预算单位     码      科目名称     支出总计 基本支出 项目支出 经营 位补 上级
              深圳市南山区                    29,309.0 6,800.55 22,508.4 0.00 0.00 0.00
              教育装备中心                           1                 6
                       201     一般公共服务   26,791.3 4,312.92 22,478.4 0.00 0.00 0.00
                               支出              8                 6
                       2010350 事业运行     26,791.3 4,312.92 22,478.4 0.00 0.00 0.00
                                               8                 6
                       205     教育支出        30.00 0.00 30.00 0.00 0.00 0.00
                       20508 进修及培训         30.00 0.00 30.00 0.00 0.00 0.00
                       2050803 培训支出        30.00 0.00 30.00 0.00 0.00 0.00
"""


def test_a_layout_extraction_of_narrow_columns_is_recognised() -> None:
    """Narrow columns: pdftotext -layout sets the amounts one space apart, yet lays each line out
    at its columns; text from any other tool prints those lines with one space between words."""
    assert is_layout(lines(NARROW))
    plain = "\n".join(re.sub(r"\s+", " ", ln).strip() for ln in NARROW.splitlines())
    assert not is_layout(lines(plain))


TABLE = """\
   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出
深圳市测试中心                             100.00        60.00        40.00
               201     一般公共服务支出        100.00        60.00        40.00
               20101   人大事务               40.00                     40.00
               2010101 行政运行               60.00        60.00"""


def test_empty_cells_keep_their_column() -> None:
    rows = cells(TABLE)
    assert rows[2][-3:] == ["40.00", "", "40.00"]  # nothing printed under 基本支出
    assert rows[3][-3:] == ["60.00", "60.00", ""]
    assert rows[0][-3:] == ["100.00", "60.00", "40.00"]


def test_codes_and_names_are_label_cells() -> None:
    rows = cells(TABLE)
    assert [c for c in rows[1][:-3] if c] == ["201", "一般公共服务支出"]
    assert [c for c in rows[0][:-3] if c] == ["深圳市测试中心"]


def test_a_label_wrapped_above_and_below_its_amounts() -> None:
    text = """\
   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出
深圳市测试中心                             100.00        60.00        40.00
               2080505 机关事业单位基本养老
                                        60.00        60.00         0.00
                       保险缴费支出
               2089999 其他支出               40.00         0.00        40.00"""
    rows = cells(text)
    assert len(rows) == 3
    assert [c for c in rows[1] if c] == ["2080505", "机关事业单位基本养老保险缴费支出", "60.00", "60.00", "0.00"]


def test_a_number_wrapped_in_its_cell_above_and_below_the_row() -> None:
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        line((-70, "1,450")),
        amount_row((0, "深圳市测试中心"), "2,100.52", "650.00"),
        line((-70, ".52")),
        *(amount_row((15, f"20{k} 测试支出"), f"{k}00.00", f"{k}0.00", f"{k}0.00") for k in range(1, 9)),
    ]
    got = cells("\n".join(rows))
    assert got[0][-3:] == ["2,100.52", "650.00", "1,450.52"]
    assert len(got) == 9


def test_a_number_wrapped_after_its_first_decimal_in_a_two_decimal_table() -> None:
    # 22508.46 in a narrow cell: 22508.4 on the row's line, 6 under it; the table's other
    # amounts all have two decimals, so the pieces are one number, not 22508.4 and 6
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((0, "深圳市测试中心"), "22508.4", "0.00", "22508.4"),
        amount_row((0, "测试"), "6", "", "6"),
        *(amount_row((15, f"20{k} 测试支出"), f"{k}00.00", f"{k}0.00", f"{k}0.00") for k in range(1, 5)),
    ]
    got = cells("\n".join(rows))
    assert got[0][-3:] == ["22508.46", "0.00", "22508.46"]
    assert [c for c in got[0][:-3] if c] == ["深圳市测试中心测试"]
    assert len(got) == 5


def test_two_pieces_of_one_line_in_one_column_are_reported() -> None:
    # 1225.28 wrapped in two narrow cells side by side: 1225.2 / 8 each, the first 8 set nearer
    # the second column than its own.  Joined by column, the second amount would read 1225.288 and
    # the first 1225.2: which column each 8 belongs to, the text does not say.
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((15, "221 住房保障支出"), "1225.2", "1225.2", "0.00"),
        line((-54, "8"), (-57, "8")),
        *(amount_row((15, f"20{k} 测试支出"), f"{k}00.00", f"{k}0.00", f"{k}0.00") for k in range(1, 5)),
    ]
    with pytest.raises(BudgetError, match=r"two numbers of one line \('8' and '8'\) stand in one column"):
        cells("\n".join(rows))


def test_a_number_whole_or_wrapped_is_wrapped_where_only_that_puts_every_label_by_its_amounts() -> None:
    # 5320.0 over 2 where the table prints 5574.9, 880.33 and 4227: one number 5320.02, or
    # 5320.0 and a row of its own printing 2 a line above its label 交易中心, which no
    # alignment of a row's cells does (a one-line label stands on its amounts' line): the
    # layout allows only the first
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        line((0, "深圳市龙岗")),
        line((-57, "5320.0")),
        amount_row((0, "区公共资源"), "5574.9", "", "254.88"),
        line((-57, "2")),
        line((0, "交易中心")),
        amount_row((15, "201 测试支出"), "4227", "880.33", "0"),
    ]
    got = cells("\n".join(rows))
    assert [r[-3:] for r in got] == [["5574.9", "5320.02", "254.88"], ["4227", "880.33", "0"]]
    assert [c for c in got[0][:-3] if c] == ["深圳市龙岗区公共资源交易中心"]


def test_a_number_wrapped_under_a_row_that_may_be_a_row_of_its_own_is_reported() -> None:
    # 15,960.0 over 6 beside a unit's name wrapped on the same two lines, in a table of mixed
    # decimals (12,681, 638.07): one row of 15,960.06, or two rows of 15,960.0 and 6, each with
    # a line of the name, fit as well
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((0, "深圳市罗湖区智"), "15,960.0", "12,681", "638.07"),
        amount_row((0, "慧城市建设中心"), "6"),
    ]
    with pytest.raises(BudgetError, match="wrapped in its cell or whole"):
        cells("\n".join(rows))


def test_cells_set_at_their_tops_with_two_cuts_as_cheap_that_join_a_wrapped_number_are_reported() -> None:
    # cells set at their tops: 11,444.2 over 9 beside a unit's name wrapped over three lines, then
    # 10,578.7 over 5 alone.  Two cuts are as cheap and both join a whole number with the piece
    # below it: the second row's pieces joined in both, the first's (11,444.29, or 11,444.2 and a
    # row 城市更新和土地整备中心 of 9) in one only.  Taking the first of them published 11,444.2.
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((0, "深圳市宝安区"), "11,444.2", "11,444.2", "0"),
        amount_row((0, "城市更新和土"), "9", "9"),
        line((0, "地整备中心")),
        amount_row((15, "301 工资福利支出"), "10,578.7", "10,578.7", "0"),
        amount_row(None, "5", "5"),
        amount_row((15, "30101 基本工资"), "1,011.53", "1,011.53", "0"),
    ]
    with pytest.raises(BudgetError, match=r"wrapped in its cell or whole \('11,444.2' over a short piece"):
        cells("\n".join(rows))


def test_a_number_cut_among_its_decimals_under_a_row_that_may_be_a_row_of_its_own_is_reported() -> None:
    # 0.0 over 0 in a column of 0.00, beside a unit's name wrapped on the same two lines, in a
    # table of mixed decimals (a parent's 0.0 printed whole): one row of 0.00, or two rows of
    # 0.0 and 0, each with a line of the name, fit as well, though 0.0 is shorter than 0.00 (the
    # document names the second unit, whose lines are one row's label)
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((0, "中共深圳市"), "667.95", "0.0", "0.0"),
        amount_row((0, "委宣传部"), "", "", "0"),
        line((0, "深圳市测")),
        amount_row((0, "试服务管"), "667.95", "0.00", "0.00"),
        line((0, "理和测试")),
        line((0, "中心")),
    ]
    with pytest.raises(BudgetError, match=r"wrapped in its cell or whole \('0.0' over a short piece"):
        grid_lines(FUNCTION, [lines("\n".join(rows))], frozenset({"深圳市测试服务管理和测试中心"}))


def test_pieces_without_a_label_join_the_row_between_them() -> None:
    # 0.00000 wrapped around its row in a table of mixed decimals: 0.0000 above, 0 below, as
    # whole as 0.0000 and 0 are; lines of amounts without a label are no rows of their own
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((15, "201 测试支出"), "100.00", "60.00", "0.0000"),
        line((-70, "0.0000")),
        amount_row((15, "210 测试支出"), "50.00", "50.00"),
        line((-70, "0")),
        amount_row((15, "211 测试支出"), "5.00", "5.00", "0"),
    ]
    got = cells("\n".join(rows))
    assert [r[-3:] for r in got] == [
        ["100.00", "60.00", "0.0000"],
        ["50.00", "50.00", "0.00000"],
        ["5.00", "5.00", "0"],
    ]


def test_a_column_of_one_whole_amount_on_every_row_is_no_code_column() -> None:
    # 650 in the total column of every row looks like a classification code (three digits),
    # but a classification never lists one code twice in a row: the column is amounts
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        amount_row((0, "深圳市测试中心"), "650", "0", "650"),
        amount_row((15, "212     城乡社区支出"), "650", "0", "650"),
        amount_row((15, "21208   土地出让支出"), "650", "0", "650"),
        amount_row((15, "2120803 城市建设支出"), "650", "0", "650"),
    ]
    got = cells("\n".join(rows), BY_RESOURCE["government-fund-expenditure"])
    assert [r[-3:] for r in got] == [["650", "0", "650"]] * 4
    assert [c for c in got[3][:-3] if c] == ["2120803", "城市建设支出"]


def test_a_right_aligned_zero_a_column_right_of_its_column_is_in_it() -> None:
    # pdftotext sets 0 one character right of where 880.33 ends: the same column, not a fourth
    rows = [
        "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
        line((0, "深圳市测试中心"), (-45, "5524.9"), (-57, "880.33"), (-70, "4644.57")),
        line((15, "205     教育支出"), (-45, "370"), (-58, "0"), (-70, "370")),
        line((15, "206     科学技术支出"), (-45, "5154.9"), (-57, "880.33"), (-70, "4274.57")),
    ]
    got = cells("\n".join(rows))
    assert [r[-3:] for r in got] == [
        ["5524.9", "880.33", "4644.57"],
        ["370", "0", "370"],
        ["5154.9", "880.33", "4274.57"],
    ]


def test_a_continuation_page_laid_out_at_other_columns() -> None:
    text = """\
   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出
深圳市测试中心                             100.00        60.00        40.00
               201     一般公共服务支出        100.00        60.00        40.00
\f
          205   教育支出          70.00     50.00     20.00
          206   科学技术支出      30.00               30.00"""
    rows = cells(text)
    assert [c for c in rows[3] if c] == ["206", "科学技术支出", "30.00", "30.00"]
    assert rows[3][-3:] == ["30.00", "", "30.00"]


def test_amounts_in_more_columns_than_the_table_has_are_reported() -> None:
    text = (
        TABLE
        + "\n"
        + line((15, "2010102"), (23, "一般行政管理事务"), (-45, "1.00"), (-57, "2.00"), (-70, "3.00"), (-90, "4.00"))
    )
    with pytest.raises(BudgetError, match="columns where the table has 3"):
        cells(text)


PACKED = [
    "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
    # long amounts that pdftotext sets from further left, one space apart: their spans run into
    # the next column's
    line((0, "深圳市测试中心"), (30, "2,640,000.99"), (43, "2,640,000.99"), (56, "2,640,000.99")),
    line((15, "201"), (23, "一般公共服务支出"), (-45, "2,640,000.99"), (-57, "640,000.99"), (-70, "2,000,000.00")),
    line((15, "20101"), (23, "人大事务"), (-45, "40.00"), (-70, "40.00")),
    line((15, "2010101"), (23, "行政运行"), (-45, "60.00"), (-57, "60.00"), (-70, "0.00")),
]


def test_amounts_whose_spans_run_into_each_other_are_placed_by_the_full_lines() -> None:
    # a line with as many amounts as the table has columns prints one in each, in order; the
    # others' amounts are in the column where the full lines' amounts end
    got = cells("\n".join(PACKED))
    assert [r[-3:] for r in got] == [
        ["2,640,000.99", "2,640,000.99", "2,640,000.99"],
        ["2,640,000.99", "640,000.99", "2,000,000.00"],
        ["40.00", "", "40.00"],
        ["60.00", "60.00", "0.00"],
    ]
    assert [c for c in got[2][:-3] if c] == ["20101", "人大事务"]


def test_an_amount_ending_between_the_full_lines_columns_is_reported() -> None:
    text = "\n".join([*PACKED, line((15, "2010102"), (23, "一般行政管理事务"), (-51, "5.00"))])
    with pytest.raises(BudgetError, match="columns where the table has 3"):
        cells(text)


@pytest.mark.parametrize(
    ("ks", "m", "filled"),
    [
        ([None, 1, None, 3], 4, [0, 1, 2, 3]),  # each unknown the one column its neighbours leave
        ([0, None, None], 3, [0, 1, 2]),
        ([None, 2], 4, None),  # column 0 or 1: not told
        ([1, None, 3, None], 6, None),  # 4 or 5 after 3
        ([0, 2], 3, [0, 2]),  # known amounts keep their columns, blanks between them
        ([], 3, []),
    ],
)
def test_amounts_of_unknown_column_take_the_columns_they_fill_exactly(ks, m, filled) -> None:
    from generator.read.layout_columns import _filled

    assert _filled(ks, m) == filled


def wrapped_row(tail_end: int) -> str:
    """政协事务's 40,000.99 wrapped in its cell (40,000. over 99), its head and tail set left of
    the second column's end, the row's first amount left of the first's."""
    return "\n".join(
        [
            line((23, "政协事务"), (44, "40,000.")),
            line((15, "20102"), (33, "2,040,000.99"), (-70, "2,000,000.00")),
            line((tail_end - 2, "99")),
        ]
    )


def test_a_number_wrapped_in_its_cell_is_placed_with_its_rows_other_amounts() -> None:
    # the head above the row's line and the tail below end alike; with the row's own amounts
    # they fill the three columns in order
    rows = cells("\n".join([*PACKED, wrapped_row(51)]))
    assert rows[-1][-3:] == ["2,040,000.99", "40,000.99", "2,000,000.00"]


def test_a_number_above_a_row_that_no_tail_below_ends_with_is_reported() -> None:
    with pytest.raises(BudgetError, match="columns where the table has 3"):
        cells("\n".join([*PACKED, wrapped_row(54)]))


def test_an_amount_of_a_codes_digits_after_its_rows_name_is_no_code() -> None:
    # 370 is a number a code could be, but 学前教育 stands before it: the line is a full row
    text = "\n".join([*PACKED, line((15, "2050201"), (23, "学前教育"), (-45, "370"), (-57, "0"), (-70, "370"))])
    assert cells(text)[-1][-3:] == ["370", "0", "370"]


def test_a_wrapped_names_line_set_one_space_before_its_amount_keeps_the_page_readable() -> None:
    # 政府办公厅（室 is no wider than the other names starting at its column: a line of a name
    # wrapped in its cell that pdftotext set close to the amount, not two lines run into one
    text = "\n".join(
        [
            *PACKED,
            line((15, "20103"), (23, "政府办公厅（室"), (31, "60.00"), (-57, "60.00"), (-70, "0.00")),
            line((23, "）及相关机构事务")),
        ]
    )
    assert cells(text)[-1][-4:] == ["政府办公厅（室）及相关机构事务", "60.00", "60.00", "0.00"]


def test_a_label_run_into_the_amounts_on_such_a_page_is_reported() -> None:
    # 政府办公厅（室）及相关机构 / 事务 wrapped in its cell, set by pdftotext on one line with its
    # second line first and one space from the amounts: which line comes first is not told
    text = "\n".join(
        [
            *PACKED,
            line((15, "20103"), (21, "事务政府办公厅（室）及相关机构"), (37, "60.00"), (-57, "60.00"), (-70, "0.00")),
        ]
    )
    with pytest.raises(BudgetError, match="columns where the table has 3"):
        cells(text)


def test_a_page_of_fewer_columns_after_one_placed_by_its_full_lines_is_reported() -> None:
    # the next page's two columns may be two of the three, or columns run together: not told
    text = "\n".join([*PACKED, "\f", line((15, "205"), (23, "教育支出"), (-45, "70.00"), (-70, "20.00"))])
    with pytest.raises(BudgetError, match="columns where the table has 3"):
        cells(text)


def test_a_parent_row_printing_only_some_of_its_cells() -> None:
    spec = BY_RESOURCE["basic-expenditure"]
    header = "   支出项目类别   总计   小计   一般公共   基金   国资   专户   事业   经营   上级   附属   其他   结转"
    rows = cells(
        header
        + "\n中共深圳市测试局   100.00         100.00\n深圳市测试中心     100.00  100.00  100.00   0.00   0.00   0.00   0.00   0.00   0.00   0.00   0.00   0.00",
        spec,
    )
    assert rows[0][-12:] == ["100.00", "", "100.00", *[""] * 9]


def test_two_sided_summary_items_between_amounts() -> None:
    text = "\n".join(
        [
            line((18, "收入"), (55, "支出")),
            line((11, "项目"), (24, "2024 年预算数"), (50, "项目"), (62, "2024 年预算数")),
            line((0, "一、财政拨款"), (-37, "5,320.02"), (38, "一般公共服务支出"), (-74, "370")),
            line((0, "本年收入合计"), (-37, "5,320.02"), (38, "本年支出合计"), (-74, "5,320.02")),
            line((38, "结转下年"), (-74, "0")),
        ]
    )
    rows = cells(text, SUMMARY)
    assert rows == [
        ["一、财政拨款", "5,320.02"],
        ["本年收入合计", "5,320.02"],
        ["", "", "一般公共服务支出", "370"],
        ["", "", "本年支出合计", "5,320.02"],
        ["", "", "结转下年", "0"],
    ]


def test_a_wrapped_item_whose_amount_stands_on_its_second_line_is_reported() -> None:
    # Narrow cells centre a two-line item on its amount, which pdftotext puts on the first line
    # on one side and on the second on the other: the line without an amount (政府办公厅（室）及相关)
    # may end the row above or start the row below, and the text cannot say which.
    text = "\n".join(
        [
            line((18, "收入"), (55, "支出")),
            line((11, "项目"), (24, "2024 年预算数"), (50, "项目"), (62, "2024 年预算数")),
            line((0, "一、财政拨款"), (-37, "5,320.02"), (38, "一、一般公共服务支出"), (-74, "370")),
            line((0, "1.一般公共预算拨款"), (-37, "5,320.02"), (38, "政府办公厅（室）及相关")),
            line((38, "机构事务"), (-74, "370")),
            line((0, "本年收入合计"), (-37, "5,320.02"), (38, "本年支出合计"), (-74, "5,320.02")),
        ]
    )
    with pytest.raises(BudgetError, match="cannot be told from text laid out by pdftotext"):
        cells(text, SUMMARY)


def test_two_coded_lines_read_as_one_row_are_reported() -> None:
    # 30108's name wraps and its amounts stand on its second line: a cut that puts the line
    # "30108 机关事业单位基本养老" under 30107's amounts joins two rows, which no row can be
    def coded(code: str, name: str, *amounts: str) -> str:
        return line((8, code), (16, name), *((c, a) for c, a in zip(AMOUNTS, amounts, strict=True)))

    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市测试中心"), "100.00", "60.00", "40.00"),
            coded("301", "工资福利支出", "100.00", "60.00", "40.00"),
            coded("30107", "绩效工资", "40.00", "40.00", "0.00"),
            line((8, "30108"), (16, "机关事业单位基本养老")),
            amount_row((16, "保险缴费"), "60.00", "20.00", "40.00"),
        ]
    )
    try:
        rows = cells(text)
    except BudgetError as e:
        assert "codes 30107 and 30108 fall into one row" in str(e)
    else:  # read right, or not at all: never 30108's name under 30107's amounts
        names = ["".join(c for c in r[:-3] if c and not c.isdigit()) for r in rows]
        assert names[2:] == ["绩效工资", "机关事业单位基本养老保险缴费"]


def test_a_wrapped_name_whose_middle_line_starts_left_of_the_others_is_read_in_line_order() -> None:
    # pdftotext sets a line that opens with a full-width bracket a column or two left of the
    # cell's other lines: 政府办公厅 / （室）及相关 / 机构事务 are one name's three lines, in
    # that order, not a column 14's text followed by a column 16's (（室）及相关政府办公厅机构事务)
    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市测试中心"), "100.00", "60.00", "40.00"),
            line((16, "政府办公厅")),
            line((8, "20103"), (14, "（室）及相关"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
            line((16, "机构事务")),
            line((8, "2010305"), (16, "专项业务活动"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
        ]
    )
    names = ["".join(c for c in r[:-3] if c and not c.isdigit()) for r in cells(text)]
    assert names == ["深圳市测试中心", "政府办公厅（室）及相关机构事务", "专项业务活动"]


def test_a_names_lines_taking_turns_between_three_columns_are_reported() -> None:
    # three columns' lines taking turns in one row: which of them are one cell's cannot be told
    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市测试中心"), "100.00", "60.00", "40.00"),
            line((16, "其他政府办")),
            line((14, "（公厅）及")),
            line((8, "20103"), (18, "相关机构"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
            line((16, "事务支出")),
            line((8, "2010305"), (16, "专项业务活动"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
        ]
    )
    with pytest.raises(BudgetError, match="label lines take turns between more than two columns"):
        cells(text)


@pytest.mark.parametrize("name", ["务 政府办公厅（室）及相关机构事", "政府办公厅（室）及相关机构事 务"])
def test_a_wrapped_name_set_on_its_first_line_is_reported(name: str) -> None:
    # A name wrapped in a narrow cell whose last line pdftotext sets on the first line's line of
    # text, one space apart, before or after it: the text cannot say which comes first.
    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市测试中心"), "100.00", "60.00", "40.00"),
            line((8, "201"), (16, "一般公共服务支出"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
            line((8, "20103"), (14, name), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
        ]
    )
    with pytest.raises(BudgetError, match="two printed lines set on one line of text"):
        cells(text)


def test_letter_spaced_labels_are_no_wrapped_name() -> None:
    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "合 计"), "100.00", "60.00", "40.00"),
            line((8, "201"), (16, "一般公共服务支出"), *zip(AMOUNTS, ("100.00", "60.00", "40.00"), strict=True)),
        ]
    )
    assert [r[0] for r in cells(text)] == ["合 计", ""]  # read, not reported


IND, TGT = 25, 60  # where indicators and targets start
HEADER = line((6, "一级指标"), (14, "二级指标"), (34, "三级指标"), (88, "目标值"))
INDICATORS = "\n".join(
    [
        HEADER,
        line((IND, "智慧罗湖无线城区租用AP的数量"), (TGT, "2050 个")),
        line((IND, "保障罗湖区电子防控视频监控系统正常运行的监控点")),
        line((14, "数量指标"), (TGT - 9, "1918 个")),
        line((IND, "数量")),
        line((IND, "接入监控系统幼儿园数量"), (TGT, "130 所")),
        line((5, "产出指标")),
        line((IND, "全年VPN链路可用率"), (TGT, "≥99%")),
        line((IND, "短信平台无故障率"), (TGT, "≥99%")),
        line((14, "质量指标")),  # between its second and third rows: its four rows' middle
        line((IND, "全年互联网带宽无故障率"), (TGT, "≥99%")),
        line((IND, "政务外网链路可用率"), (TGT, "≥99%")),
    ]
)


def test_indicators_wrapped_and_their_targets_beside_them() -> None:
    rows = indicator_rows(lines(INDICATORS))
    assert [(r["indicator"], r["target"]) for r in rows] == [
        ("智慧罗湖无线城区租用AP的数量", "2050 个"),
        ("保障罗湖区电子防控视频监控系统正常运行的监控点数量", "1918 个"),
        ("接入监控系统幼儿园数量", "130 所"),
        ("全年VPN链路可用率", "≥99%"),
        ("短信平台无故障率", "≥99%"),
        ("全年互联网带宽无故障率", "≥99%"),
        ("政务外网链路可用率", "≥99%"),
    ]
    assert [r["level2"] for r in rows] == ["数量指标"] * 3 + ["质量指标"] * 4
    assert {r["level1"] for r in rows} == {"产出指标"}


def test_the_indicator_header_printed_again_on_a_new_page_is_no_row() -> None:
    text = "\n".join(
        [
            INDICATORS,
            "\f",
            HEADER,
            line((IND, "光纤故障修复响应时间"), (TGT, "≤2 小时")),
            line((14, "时效指标")),
            line((IND, "光纤运行维护响应时间"), (TGT, "≤30 分钟")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["indicator"] for r in rows][-2:] == ["光纤故障修复响应时间", "光纤运行维护响应时间"]
    assert all("指标" not in r["target"] for r in rows)


def test_classes_that_do_not_settle_which_rows_are_theirs_are_reported() -> None:
    text = "\n".join(
        [
            HEADER,
            line((IND, "智慧罗湖无线城区租用AP的数量"), (TGT, "2050 个")),
            line((14, "数量指标"), (IND, "信息安全等级保护二级系统数量"), (TGT, "≥10 个")),
            line((IND, "全年VPN链路可用率"), (TGT, "≥99%")),  # 数量's last row, or 质量's first?
            line((14, "质量指标"), (IND, "短信平台无故障率"), (TGT, "≥99%")),
            line((IND, "全年互联网带宽无故障率"), (TGT, "≥99%")),
        ]
    )
    with pytest.raises(BudgetError, match="cannot be told apart"):
        indicator_rows(lines(text))


def test_classes_set_on_the_first_of_their_two_rows_are_reported() -> None:
    """pdftotext sets a class centred between its two rows on the line of one of them: on a
    row's line, a class of two rows and a class of one (or three) stand alike, so 时效指标's
    first row may be 质量指标's last: reported, not guessed."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "开放目录数"), (TGT, "≥4000 个")),
            line((14, "数量指标"), (IND, "电子证照新增总量"), (TGT, "≥50 万张")),
            line((IND, "抽查监测政府网站数量"), (TGT, "≥50 个")),
            line((14, "质量指标"), (IND, "短信送达率"), (TGT, "≥98%")),
            line((IND, "政务外网链路可用率"), (TGT, "≥99%")),  # 质量's second row, or 时效's first?
            line((14, "时效指标"), (IND, "故障响应时间"), (TGT, "≤2 小时")),
            line((IND, "运维响应时间"), (TGT, "≤30 分钟")),
        ]
    )
    with pytest.raises(BudgetError, match="a class centred between two rows is set on the line of one"):
        indicator_rows(lines(text))


def test_a_level1_class_tells_apart_cuts_its_level2_classes_leave() -> None:
    """数量指标 on its third row's line may be the class of its five rows or of four (half a
    line off), and then 时效指标, set between two rows, a class of none with a row of its own:
    the level-2 classes alone leave both cuts.  产出指标, set on a line of its own between the
    fifth and sixth of its ten rows, is their middle; under the other cut it would stand over
    eleven rows, half a row lower."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "播出条数"), (TGT, "14 条")),
            line((IND, "调查摸排报告"), (TGT, "≥1 份")),
            line((14, "数量指标"), (IND, "网络安全宣传作品"), (TGT, "≥1 份")),
            line((IND, "图文直播内容达标程度"), (TGT, "1")),
            line((IND, "图文直播数量"), (TGT, "18 场")),
            line((5, "产出指标")),
            line((IND, "正面发布内容比例"), (TGT, "1")),
            line((14, "质量指标")),
            line((IND, "通报反馈率"), (TGT, "≥95%")),
            line((IND, "传播及时性"), (TGT, "≤3 日")),
            line((14, "时效指标")),
            line((IND, "图文直播次数"), (TGT, "≥4 次")),
            line((14, "成本指标"), (IND, "总成本"), (TGT, "≤310 万")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["level2"] for r in rows] == ["数量指标"] * 5 + ["质量指标"] * 2 + ["时效指标"] * 2 + ["成本指标"]
    assert {r["level1"] for r in rows} == {"产出指标"}
    without = "\n".join(t for t in text.split("\n") if "产出指标" not in t)
    with pytest.raises(BudgetError, match="a class centred between two rows is set on the line of one"):
        indicator_rows(lines(without))


def test_a_level1_class_that_stands_alike_under_both_cuts_tells_nothing() -> None:
    # 质量指标's second row or 时效指标's first: seven rows under 产出指标 either way
    text = "\n".join(
        [
            HEADER,
            line((IND, "开放目录数"), (TGT, "≥4000 个")),
            line((14, "数量指标"), (IND, "电子证照新增总量"), (TGT, "≥50 万张")),
            line((IND, "抽查监测政府网站数量"), (TGT, "≥50 个")),
            line((5, "产出指标"), (14, "质量指标"), (IND, "短信送达率"), (TGT, "≥98%")),
            line((IND, "政务外网链路可用率"), (TGT, "≥99%")),
            line((14, "时效指标"), (IND, "故障响应时间"), (TGT, "≤2 小时")),
            line((IND, "运维响应时间"), (TGT, "≤30 分钟")),
        ]
    )
    with pytest.raises(BudgetError, match="a class centred between two rows is set on the line of one"):
        indicator_rows(lines(text))


def test_a_page_whose_every_indicator_is_set_after_its_class_is_reported() -> None:
    # a continuation page of one row, 播出条数 set one space after 数量指标: the only text not
    # set after a class is the target, which would be taken for the indicators' column
    # (read before: the indicator '播出条数14条' with no target)
    text = "\n".join([HEADER, line((14, "数量指标"), (19, "播出条数"), (TGT, "14 条"))])
    with pytest.raises(BudgetError, match=r"line 2: the indicators' column cannot be told: every indicator"):
        indicator_rows(lines(text))


def test_text_left_of_the_indicators_beside_no_class_is_reported_with_its_line() -> None:
    text = "\n".join(
        [
            HEADER,
            line((IND, "提升窗口人员形象"), (TGT, "显著")),
            line((14, "社会效益指标"), (IND, "保障中心日常运转"), (TGT, "显著")),
            line((IND, "政务服务提升程度"), (TGT, "显著")),
            line((IND - 2, "不适用"), (TGT, "不适用")),
        ]
    )
    with pytest.raises(
        BudgetError, match=r"line 5: text stands left of the indicators that is no indicator class \('不适用'\)"
    ):
        indicator_rows(lines(text))


def test_a_class_wrapped_on_its_rows_lines_has_those_rows() -> None:
    """A class's lines stand inside its merged cell: 质量指 / 标 set on the lines of two rows has
    those rows, and is no class of no rows (that has a row of its own, beside no indicator);
    so is 时效指 / 标, and 数量指标's block ends where 质量's begins."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "播出条数"), (TGT, "14 条")),
            line((IND, "调查摸排报告"), (TGT, "≥1 份")),
            line((14, "数量指"), (IND, "网络安全宣传作品"), (TGT, "≥1 份")),
            line((14, "标")),
            line((IND, "图文直播内容达标程度"), (TGT, "1")),
            line((IND, "图文直播数量"), (TGT, "18 场")),
            line((14, "质量指"), (IND, "正面发布内容比例"), (TGT, "1")),
            line((14, "标"), (IND, "通报反馈率"), (TGT, "≥95%")),
            line((14, "时效指"), (IND, "传播及时性"), (TGT, "≤3 日")),
            line((14, "标"), (IND, "图文直播次数"), (TGT, "≥4 次")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["level2"] for r in rows] == ["数量指标"] * 5 + ["质量指标"] * 2 + ["时效指标"] * 2


def test_targets_that_do_not_pair_with_indicators_are_reported() -> None:
    text = "\n".join(
        [
            HEADER,
            line((IND, "智慧罗湖无线城区租用AP的数量"), (TGT, "2050 个")),
            line((TGT, "≥99%")),
            line((TGT, "≥98%")),
            line((IND, "接入监控系统幼儿园数量"), (TGT, "130 所")),
            line((14, "数量指标")),
        ]
    )
    with pytest.raises(BudgetError):
        indicator_rows(lines(text))


def test_income_row_with_wrapped_unit_name() -> None:
    header = "   预算单位   收入总计   小计   基本   履职   专项   投资   基金   国资   专户   事业   经营   上级   附属   其他   结转"
    amounts = "   ".join(["100.00", "100.00", "100.00", *["0.00"] * 12])
    text = f"{header}\n深圳市罗湖区智慧城\n              {amounts}\n市建设中心"
    rows = cells(text, INCOME)
    assert rows[0][0] == "深圳市罗湖区智慧城市建设中心" and D(rows[0][1]) == D("100.00")


def test_part_seven_header_below_a_sentence_naming_its_columns() -> None:
    # the sentence above the table names 绩效目标 but is no header cell; the header's
    # 预算数（万元） is wrapped above and below its line
    from generator.read.tables.key_projects import key_projects
    from generator.read.text_parts import key_project_text

    text = "\n".join(
        [
            "2024年，本单位重点项目绩效目标情况如下：",
            line((15, "预算数（万")),
            line((2, "项目名称（一级项目）"), (40, "绩效目标")),
            line((16, "元）")),
            line((2, "信息化运维项目"), (-30, "953.52"), (31, "通过本项目的实施，保证网络正常运行。")),
            line((2, "一般管理事务"), (-30, "1,258.73"), (31, "保障机关办公室正常工作开展。")),
        ]
    )
    body = lines(text)
    kp = key_projects(body)
    assert kp is not None and kp.start == 1
    assert key_project_text(body, kp).split("\n") == [
        "2024年，本单位重点项目绩效目标情况如下：",
        "项目名称（一级项目） 预算数（万元） 绩效目标",
        "信息化运维项目 953.52 通过本项目的实施，保证网络正常运行。",
        "一般管理事务 1,258.73 保障机关办公室正常工作开展。",
    ]


def test_a_name_wrapped_around_its_code_line_stays_in_its_column() -> None:
    # names start at two edges (after a 7-digit code, after a 3-digit one): each line of a
    # wrapped name goes to the column it starts in, read top to bottom (就业 and 基本养老保险
    # are one line each: 机关事业单位 and 支出 cannot follow them, ended short, in their cells)
    def coded(code: str, at: int, name: str, *amounts: str) -> str:
        return line((8, code), (at, name), *((c, a) for c, a in zip(AMOUNTS, amounts, strict=True)))

    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市测试中心"), "226.31", "226.31", "0.00"),
            coded("208", 18, "就业", "226.31", "226.31", "0.00"),
            line((16, "机关事业单位")),
            coded("2080506", 16, "职业年金缴费", "70.31", "70.31", "0.00"),
            line((16, "支出")),
            coded("2080505", 16, "基本养老保险", "156.00", "156.00", "0.00"),
        ]
    )
    rows = cells(text)
    assert ["".join(c for c in r[:-3] if c and not c.isdigit()) for r in rows][2] == "机关事业单位职业年金缴费支出"


def unit_rows(*units: tuple[str, str]) -> str:
    """A table of units, each a name wrapped on two lines, its amounts on the first."""
    rows = ["   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出"]
    for first, second in units:
        rows += [amount_row((3, first), "10.00", "10.00", "0.00"), line((3, second))]
    return "\n".join(rows)


def test_a_line_that_may_end_the_row_above_or_start_the_row_below_is_reported() -> None:
    # each unit's second line may end its name (the cell's text at the top, or centred with
    # the amounts on its first line) or start the next unit's (centred, three lines around
    # its amounts): both lines as wide, the text does not tell
    text = unit_rows(("深圳市罗湖区测试", "数据管理中心本级"), ("深圳市罗湖区测试", "数据管理中心二级"))
    with pytest.raises(BudgetError, match="'数据管理中心本级' may start a row or end the row above"):
        cells(text)


def test_a_line_ended_short_of_its_cell_ends_its_label() -> None:
    # 局 ends short of the cell's width, so no text follows it in its cell: it ends the name
    # above (a wrapped label's lines but the last are full), it does not start the next one
    text = unit_rows(("深圳市罗湖区政务服务数据管理", "局"), ("深圳市罗湖区政务服务数据管理", "局（本级）"))
    assert [r[0] for r in cells(text)] == ["深圳市罗湖区政务服务数据管理局", "深圳市罗湖区政务服务数据管理局（本级）"]


def test_a_row_is_as_tall_as_its_tallest_cell() -> None:
    # 心 ends the unit's name: as the next row's unit it would stand a line above a row whose
    # every cell is one line (201, 一般公共服务支出, its amounts), which no cell spans
    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            amount_row((0, "深圳市宝安区城市更新和土地整备中"), "100.00", "60.00", "40.00"),
            line((0, "心")),
            amount_row((15, "201 一般公共服务支出"), "100.00", "60.00", "40.00"),
        ]
    )
    assert [r[0] for r in cells(text)] == ["深圳市宝安区城市更新和土地整备中心", ""]


def test_a_code_is_printed_with_its_name() -> None:
    # 政府办公厅（室）及相 / 20103 / 关机构事务: the name's first line as the end of 201's
    # name would leave 20103 a row of a code alone, its name's last line starting 2010350's
    def coded(code: str, name: str, *amounts: str) -> str:
        return line((8, code), (16, name), *((c, a) for c, a in zip(AMOUNTS, amounts, strict=False)))

    text = "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            coded("201", "一般公共服务支出", "100.00", "60.00", "40.00"),
            line((16, "政府办公厅（室）及相")),
            coded("20103", "", "100.00", "60.00", "40.00"),
            line((16, "关机构事务")),
            coded("2010350", "事业运行", "100.00", "60.00", "40.00"),
        ]
    )
    names = ["".join(c for c in r[:-3] if c and not c.isdigit()) for r in cells(text)]
    assert names == ["一般公共服务支出", "政府办公厅（室）及相关机构事务", "事业运行"]


def test_each_side_of_a_two_sided_row_prints_its_item() -> None:
    # 一、一般公共服务支出 and 政府办公厅（室）及相 are both full lines: only that the second row's
    # expenditure amount needs its item keeps 政府办公厅（室）及相 in that row
    text = "\n".join(
        [
            line((18, "收入"), (55, "支出")),
            line((11, "项目"), (24, "预算数"), (50, "项目"), (62, "预算数")),
            line((0, "一、财政拨款"), (-37, "370.00"), (38, "一、一般公共服务支出"), (-74, "370.00")),
            line((38, "政府办公厅（室）及相")),
            line((0, "1.一般公共预算拨款"), (-37, "370.00"), (-74, "370.00")),
            line((38, "关机构事务")),
            line((0, "本年收入合计"), (-37, "370.00"), (38, "本年支出合计"), (-74, "370.00")),
        ]
    )
    assert [r[2] for r in cells(text, SUMMARY) if len(r) > 2] == [
        "一、一般公共服务支出",
        "政府办公厅（室）及相关机构事务",
        "本年支出合计",
    ]


def test_each_side_of_a_two_sided_summary_is_cut_into_rows_on_its_own() -> None:
    """``政府办公厅（室）及相关机`` / ``构事务 468,250.58``: an expenditure item wrapped with its
    amount on its last line, beside two one-line income rows.  Cut across both sides, its first
    line would be a row of its own beside ``1.一般公共预算拨款`` (an item without an amount) or
    the sides' rows would be joined; each side cut on its own, the item is one row."""
    text = "\n".join(
        [
            line((18, "收入"), (55, "支出")),
            line((11, "项目"), (24, "预算数"), (50, "项目"), (62, "预算数")),
            line((0, "一、财政拨款"), (-37, "474,465.95"), (38, "一、一般公共服务支出"), (-80, "468,250.58")),
            line((0, "1.一般公共预算拨款"), (-37, "474,465.95"), (38, "政府办公厅（室）及相关机")),
            line((38, "构事务"), (-80, "468,250.58")),
            line((0, "2.政府性基金预算拨款"), (-37, "0.00"), (38, "事业运行"), (-80, "10,864.56")),
            line((0, "3.国有资本经营预算拨款"), (-37, "0.00"), (38, "其他政府办公厅（室）及相")),
            line((38, "关机构事务支出"), (-80, "457,386.09")),
            line((0, "本年收入合计"), (-37, "474,465.95"), (38, "本年支出合计"), (-80, "474,465.95")),
        ]
    )
    assert cells(text, SUMMARY) == [
        ["一、财政拨款", "474,465.95"],
        ["1.一般公共预算拨款", "474,465.95"],
        ["2.政府性基金预算拨款", "0.00"],
        ["3.国有资本经营预算拨款", "0.00"],
        ["本年收入合计", "474,465.95"],
        ["", "", "一、一般公共服务支出", "468,250.58"],
        ["", "", "政府办公厅（室）及相关机构事务", "468,250.58"],
        ["", "", "事业运行", "10,864.56"],
        ["", "", "其他政府办公厅（室）及相关机构事务支出", "457,386.09"],
        ["", "", "本年支出合计", "474,465.95"],
    ]


def test_a_line_short_of_the_pages_widest_from_its_column_ends_its_cell() -> None:
    """``拨款结余、结转`` / ``收入总计``: alike in width, so by themselves one cell's lines; but
    ``1.一般公共预算拨款`` shows how wide text from that column runs before it wraps, and
    ``拨款结余、结转`` stops short of it: the cell's last line, and 收入总计 a row of its own."""
    text = "\n".join(
        [
            line((20, "收入"), (50, "支出")),
            line((16, "项目"), (28, "预算数"), (46, "项目"), (55, "预算数")),
            line((0, "一般公共预算资金"), (-37, "5320.02"), (38, "教育支出"), (-70, "5320.02")),
            line((0, "本年收入合计"), (-37, "5320.02"), (38, "普通教育"), (-70, "5320.02")),
            line((0, "上年结余、结转"), (-37, "254.88"), (38, "学前教育"), (-70, "5320.02")),
            line((0, "1.一般公共预算拨款"), (-37, "204.88"), (38, "本年支出合计"), (-70, "5320.02")),
            line((0, "结余、结转")),
            line((0, "2.政府性基金预算拨"), (-37, "50"), (38, "结转下年"), (-70, "254.88")),
            line((0, "款结余、结转")),
            line((0, "3.国有资本经营预算"), (-37, "0")),
            line((0, "拨款结余、结转")),
            line((0, "收入总计"), (-37, "5574.9"), (38, "支出总计"), (-70, "5574.9")),
        ]
    )
    assert [r for r in cells(text, SUMMARY) if r[0]] == [
        ["一般公共预算资金", "5320.02"],
        ["本年收入合计", "5320.02"],
        ["上年结余、结转", "254.88"],
        ["1.一般公共预算拨款结余、结转", "204.88"],
        ["2.政府性基金预算拨款结余、结转", "50"],
        ["3.国有资本经营预算拨款结余、结转", "0"],
        ["收入总计", "5574.9"],
    ]


def test_a_label_line_above_a_two_sided_tables_first_row_is_reported() -> None:
    # 一、一般公共服务 over the expenditure side's amounts above the first row: the first
    # item's first line, or a line of the header — not a header's words, so not told
    text = "\n".join(
        [
            line((18, "收入"), (55, "支出")),
            line((11, "项目"), (24, "预算数"), (50, "项目"), (62, "预算数")),
            line((38, "一、一般公共服务")),
            line((0, "一、财政拨款"), (-37, "370.00"), (-74, "370.00")),
            line((38, "支出")),
            line((0, "本年收入合计"), (-37, "370.00"), (38, "本年支出合计"), (-74, "370.00")),
        ]
    )
    with pytest.raises(
        BudgetError, match="'一、一般公共服务', above the table's first row, may be a line of its header"
    ):
        cells(text, SUMMARY)


def test_part_seven_without_its_unreadable_table_keeps_no_piece_of_its_header() -> None:
    from generator.read.text_parts import key_project_text

    text = "\n".join(
        [
            "2024年，本单位重点项目绩效目标情况如下：",
            line((13, "预算数（万元")),
            line((0, "项目名称（一级项目）"), (40, "绩效目标")),
            line((13, "）")),
            line((25, "1.通过本项目的实施，保障运行。")),
        ]
    )
    assert key_project_text(lines(text), None) == "2024年，本单位重点项目绩效目标情况如下："


def test_key_projects_numbers_inside_goals_are_no_amounts() -> None:
    # goal lines start a little left of the goals' column on some rows (发布数据服务大于 100 项,
    # 2024 年应急…): their numbers are the goal's text, not a project's amount
    from generator.read.tables.key_projects import key_projects

    text = "\n".join(
        [
            line((0, "项目名称（一级项目）"), (14, "预算数（万元）"), (40, "绩效目标")),
            line((24, "开展互联网出口带宽及统一短信平台项目、信息化运维项目、区政务光纤")),
            line(
                (0, "信息化与网络安全"),
                (-22, "23313.42"),
                (24, "网维护项目以及政务网及教育城域网网络运维及信息安全服务等。本"),
            ),
            line((24, "年度完成互联网出口带宽租赁不少于 14GB（数量类指标）。")),
            line((22, "发布数据服务大于"), (39, "100"), (43, "项，电子合同签约服务的签约主体机构的数量不")),
            line((0, "大数据管理工作"), (-21, "9698"), (22, "低于 200 项（数量指标类）。")),
            line((24, "主要用于保障辅助性人员工资福利，开展资产清查服务，保障罗湖区委")),
            line(
                (0, "综合事务"), (-21, "1591.2"), (24, "（政府）领导日常信息化办公以及开展党建工作，办公设备正常率大")
            ),
            line((24, "于 95%（质量指标类）。")),
        ]
    )
    kp = key_projects(lines(text))
    assert kp is not None
    assert [(r["project"], r["printed"]) for r in kp.rows] == [
        ("信息化与网络安全", "23313.42"),
        ("大数据管理工作", "9698"),
        ("综合事务", "1591.2"),
    ]
    assert (
        kp.rows[1]["goal"]
        == "发布数据服务大于 100 项，电子合同签约服务的签约主体机构的数量不低于 200 项（数量指标类）。"
    )


def _two_goals(second_first: str) -> list[Line]:
    """Two key projects, each goal of three lines centred on its amount; the first goal's last
    line ends a sentence at the line's end, so moving the border between the goals by a line
    leaves both centred to within half a line."""
    return lines(
        "\n".join(
            [
                line((0, "项目名称（一级项目）"), (14, "预算数（万元）"), (40, "绩效目标")),
                line((20, "1. 全年预计举行新闻发布会至少十八场。 2. 人民网新闻发布厅全年")),
                line(
                    (0, "新闻发布业务工作"),
                    (-23, "210"),
                    (24, "预计报道新闻发布会至少十八场。 3. 与中央、省、市各级主流媒"),
                ),
                line((20, "体合作，围绕本区发布，对热点问题及全区重点工作进行渠道传播。")),
                line((20, second_first)),
                line(
                    (0, "网信工作"), (-23, "90"), (24, "深入分析存在的问题及短板，防范化解风险隐患。目标 2: 提升网络安")
                ),
                line((20, "全工作水平, 防范网络攻击, 为辖区全面振兴发展提供清朗网络空间。")),
            ]
        )
    )


def test_key_projects_border_moved_only_onto_a_line_a_goal_cannot_end_with_is_where_it_is() -> None:
    # moved up, the first goal would end on a full line mid-sentence (…省、市各级主流媒); moved
    # down, on a line ending with a comma (…排查处置，): neither can end a goal, so the border
    # is where it is
    from generator.read.tables.key_projects import key_projects

    kp = key_projects(_two_goals("目标1：指导辖区网络信息系统开办主体进行网络安全隐患排查处置，"))
    assert kp is not None
    assert [r["project"] for r in kp.rows] == ["新闻发布业务工作", "网信工作"]
    assert kp.rows[0]["goal"].endswith("对热点问题及全区重点工作进行渠道传播。")
    assert kp.rows[1]["goal"].startswith("目标1：指导辖区网络信息系统")


def test_key_projects_border_that_may_move_onto_a_sentences_end_is_reported() -> None:
    # the second goal's first line ends a sentence (…排查处置。): the first goal may take it as
    # its last line, both goals centred to within half a line either way: reported
    from generator.read.tables.key_projects import key_projects

    with pytest.raises(BudgetError, match="may end one long text or start the next"):
        key_projects(_two_goals("目标1：指导辖区网络信息系统开办主体进行网络安全隐患排查处置。"))


def test_key_projects_over_two_pages_under_their_header_printed_again() -> None:
    # page 2 prints the header again (its cells wrapped: 预算数（万元 / ）) and sets the goals
    # three columns further right; a goal's line stopping a little short, mid-sentence, runs on
    # (a renderer keeps 到 95% together)
    from generator.read.tables.key_projects import key_projects

    header = [
        line((14, "预算数（万元")),
        line((0, "项目名称（一级项目）"), (30, "绩效目标")),
        line((14, "）")),
    ]
    text = "\n".join(
        [
            *header,
            line((24, "预算准备金主要用于应付突发事件，应急工作的补充，费用支出的调剂")),
            line((0, "预算准备金"), (-22, "90.00"), (24, "补充，以备资金缺口。保障机关工作正常开展，使各科室满意达")),
            line((24, "到 95%以上。")),
            line((0, "离退休干部管理"), (-22, "12.30"), (24, "主要用于开展干部疗养项目。")),
            "\f",
            *header,
            line((27, "政务服务热线以政务热线工单运营支撑服务经费、知识库建设经费、政")),
            line((0, "政务服务热线"), (-24, "216.00"), (27, "务热线数据分析应用为中心。")),
        ]
    )
    kp = key_projects(lines(text))
    assert kp is not None
    assert [(r["project"], r["printed"], r["goal"]) for r in kp.rows] == [
        ("预算准备金", "90.00", "预算准备金主要用于应付突发事件，应急工作的补充，费用支出的调剂补充，以备资金缺口。"
         "保障机关工作正常开展，使各科室满意达到 95%以上。"),
        ("离退休干部管理", "12.30", "主要用于开展干部疗养项目。"),
        ("政务服务热线", "216.00", "政务服务热线以政务热线工单运营支撑服务经费、知识库建设经费、政务热线数据分析应用为中心。"),
    ]  # fmt: skip


# ---------------------------------------------------------------------------- running text


def text_lines(text: str) -> list[Line]:
    """Layout lines of running text as ``read.text`` gives them: a line after an empty one on
    its page marked ``after_blank``; ``\\f`` starts a page."""
    out = lines(text)
    return [
        replace(ln, after_blank=k > 0 and not ln.new_page and not out[k - 1].text.strip()) for k, ln in enumerate(out)
    ]


def test_paragraphs_start_at_indented_lines_only() -> None:
    # a full line closing a sentence runs on when the next line is not indented (。较 …), and a
    # numbered item at a line's start is no paragraph of its own (；6. …); an indented line
    # starts one, even after a short line that does not close a sentence
    text = "\n".join([
        "  一是保障网络运行。主要用于光纤运维工作等。",
        "较 2023 年预算增加 30 万元；5.保障专区工作；",
        "6.推动各项工作流程再优化。",
        "  （九）受理政务服务投诉",
        "  （十）承担改革落实工作。",
    ])  # fmt: skip
    assert paragraphs(text_lines(text)) == [
        "一是保障网络运行。主要用于光纤运维工作等。较 2023 年预算增加 30 万元；5.保障专区工作；6.推动各项工作流程再优化。",
        "（九）受理政务服务投诉",
        "（十）承担改革落实工作。",
    ]


def test_paragraphs_start_after_empty_lines_and_headings() -> None:
    # no indents: an empty line starts a paragraph even after a full line (水平；/ 三是); a
    # heading and a list's items may follow without one; a full line closing a sentence runs on
    text = "\n".join([
        "二、机构设置",
        "为加强统筹协调力度，整合我局下属三家事业单位，核定事业编 47 名。",
        "较上年增加 2 名，设内设机构 9 个，具体包括：",
        "1.信息化运维项目。",
        "",
        "二是不断提升民意速办效率和水平。完善民意速办平台，提升办理效率和水平；",
        "",
        "三是不断加强网站工作统筹谋划。",
    ])  # fmt: skip
    assert paragraphs(text_lines(text)) == [
        "二、机构设置",
        "为加强统筹协调力度，整合我局下属三家事业单位，核定事业编 47 名。较上年增加 2 名，设内设机构 9 个，具体包括：",
        "1.信息化运维项目。",
        "二是不断提升民意速办效率和水平。完善民意速办平台，提升办理效率和水平；",
        "三是不断加强网站工作统筹谋划。",
    ]


def test_a_page_break_leaves_paragraphs_to_the_words() -> None:
    # no empty line can stand above a page's first line: there the words decide (a short line
    # closing a sentence ends its paragraph); an indent is a mark on any page
    text = "一是保障网络运行，完成光纤运维。\n\n二是提升效率，完成平台建设工作，保障各项业务\n\f\n正常开展。\n\n三是加强统筹。"
    assert paragraphs(text_lines(text)) == [
        "一是保障网络运行，完成光纤运维。",
        "二是提升效率，完成平台建设工作，保障各项业务正常开展。",
        "三是加强统筹。",
    ]
    assert paragraph_starts(text_lines(text))[3] == "unknown"


def test_empty_lines_of_layout_text_are_marked() -> None:
    rows = "\n".join(f"科目{k}                    {k}0.00          {k}1.00" for k in range(6))
    got = decode_text(f"一、部门职责\n\n（一）贯彻执行政策。\n{rows}\n".encode(), "x.txt")
    assert [(ln.text, ln.after_blank) for ln in got[:3]] == [
        ("一、部门职责", False),
        ("", False),
        ("（一）贯彻执行政策。", True),
    ]
    assert all(ln.layout for ln in got)


def test_an_item_of_a_list_running_inline_is_no_paragraph_of_its_own() -> None:
    # at a page's start the layout does not tell: 6. begins the line, but 5. ran inline after a
    # sentence's end on the line before, so the list runs inline; a list after 具体包括： does not
    text = "一是服务大厅 581 万元：4.完成大厅管理及运行工作；5.保障我大厅开办企业专区工作正常开展；\n\f\n6.推动各项工作流程再优化。"
    assert paragraphs(text_lines(text)) == [text.replace("\n\f\n", "")]
    listed = [Line("（四）项目支出 7,502.82 万元，具体包括：", 1), Line("1.信息化运维项目 953.52 万元。", 2)]
    assert paragraphs(listed) == ["（四）项目支出 7,502.82 万元，具体包括：", "1.信息化运维项目 953.52 万元。"]


def test_a_class_is_centred_on_its_rows_not_on_the_side_labels_lines() -> None:
    """The side label's characters set on lines of their own among the first rows add lines
    to the page, not to the rows: 数量指标 stands at the middle of its six rows (three above
    it), 质量指标 at the middle of its four."""
    row = [line((IND, f"指标{k}"), (TGT, f"{k} 个")) for k in range(10)]
    text = "\n".join(
        [
            HEADER,
            row[0],
            line((0, "年")),
            row[1],
            line((0, "度")),
            row[2],
            line((0, "绩")),
            line((14, "数量指标")),
            *row[3:8],
            line((14, "质量指标")),
            *row[8:],
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["level2"] for r in rows] == ["数量指标"] * 6 + ["质量指标"] * 4


def test_an_indicators_height_is_its_taller_cells_lines() -> None:
    """A target set between a wrapped indicator's two lines stands on a line of its own in the
    text: the row is two lines tall, not three."""
    from generator.read.tables.indicator_layout import layout_indicators

    items = [p for p in layout_indicators(lines(INDICATORS)) if p.kind == "item"]
    assert [p.tall for p in items] == [1, 2, 1, 1, 1, 1, 1]


ROWS = [line((IND, f"指标{k}"), (TGT, f"{k} 个")) for k in range(14)]


def test_a_class_whose_rows_run_onto_the_next_page_is_centred_on_all_of_them() -> None:
    """质量指标's six rows, four at the first page's foot and two on the next: its label stands
    at the middle of the six (three rows above it), on the first page."""
    text = "\n".join(
        [
            HEADER,
            *ROWS[0:2],
            line((14, "数量指标")),
            *ROWS[2:7],
            line((14, "质量指标")),
            ROWS[7],
            "\f",
            HEADER,
            *ROWS[8:11],
            line((14, "时效指标")),
            ROWS[11],
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["level2"] for r in rows] == ["数量指标"] * 4 + ["质量指标"] * 6 + ["时效指标"] * 2


def test_a_class_whose_centre_falls_on_the_next_page_does_not_settle_its_rows() -> None:
    """质量指标 printed beside its last row on the first page (its rows' middle is on the
    next) stands there whichever rows are its: where they start and end only the classes
    beside it can say, and a row less or more moves their centres by half a row: reported."""
    text = "\n".join(
        [
            HEADER,
            *ROWS[0:2],
            line((14, "数量指标")),
            *ROWS[2:5],
            line((14, "质量指标"), (IND, "指标5"), (TGT, "5 个")),
            "\f",
            HEADER,
            *ROWS[6:10],
            line((14, "时效指标")),
            *ROWS[10:12],
        ]
    )
    with pytest.raises(BudgetError, match="cannot be told apart"):
        indicator_rows(lines(text))


def test_a_class_set_one_space_from_its_row_and_a_header_wrapped_in_its_cells() -> None:
    """Narrow columns: the header's cells wrapped (``一级指`` / ``标``: its pieces, next to the
    line of 三级指标, are no row), and a class one space from the indicator beside it, the
    indicator pushed left of its column by the class (``可持续影响指标 无``): the class and the
    indicator apart, the indicator in its column."""
    text = "\n".join(
        [
            line((6, "一级指"), (14, "二级指")),
            line((34, "三级指标"), (TGT, "目标值")),
            line((6, "标"), (14, "标")),
            line((IND, "干部健康管理经费"), (TGT, "≤41000 元")),
            line((14, "成本指标")),
            line((IND, "综合事务项目成本"), (TGT, "≤22 万元")),
            line((14, "经济效益指标"), (IND, "无"), (TGT, "无")),
            line((5, "效益指标"), (14, "可持续影响指标 无"), (TGT, "无")),
            line((14, "生态效益指标"), (IND, "无"), (TGT, "无")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level2"], r["indicator"], r["target"]) for r in rows] == [
        ("成本指标", "干部健康管理经费", "≤41000 元"),
        ("成本指标", "综合事务项目成本", "≤22 万元"),
        ("经济效益指标", "无", "无"),
        ("可持续影响指标", "无", "无"),
        ("生态效益指标", "无", "无"),
    ]


def test_an_indicator_without_a_target_by_position() -> None:
    """No target on an indicator's line nor beside it but those on other indicators' lines: its
    target cell is empty, the targets below it stay with their rows."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "开放目录数"), (TGT, "≥4000 个")),
            line((14, "数量指标"), (IND, "电子证照新增总量"), (TGT, "≥50 万张")),
            line((IND, "抽查监测政府网站数量"), (TGT, "≥50 个")),
            line((IND, "月运维达标评分")),
            line((IND, "短信送达率"), (TGT, "≥98%")),
            line((14, "质量指标")),
            line((IND, "政务外网统一互联网出口链路可用率"), (TGT, "≥99%")),
            line((IND, "政务云平台可用率"), (TGT, "≥99%")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level2"], r["indicator"], r["target"]) for r in rows][2:] == [
        ("数量指标", "抽查监测政府网站数量", "≥50 个"),
        ("质量指标", "月运维达标评分", ""),
        ("质量指标", "短信送达率", "≥98%"),
        ("质量指标", "政务外网统一互联网出口链路可用率", "≥99%"),
        ("质量指标", "政务云平台可用率", "≥99%"),
    ]


def test_a_table_setting_units_both_close_and_apart_is_reported() -> None:
    """pdftotext -layout drops a narrow printed space (``4 份`` comes out ``4份``): where one
    target sets its number and unit close and another apart, which had a space is not known."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "政务云季度巡检报告"), (TGT, "4份")),
            line((14, "数量指标"), (IND, "短信年发送总量"), (TGT, "≥24800 万条")),
            line((IND, "抽查监测政务新媒体数量"), (TGT, "≥280 个")),
        ]
    )
    with pytest.raises(BudgetError, match="whether a space is printed"):
        indicator_rows(lines(text))


# A page of indicators as pdftotext -layout gives it (Chromium, Noto Sans CJK, full grid): 数量指标
# is printed centred on its sixteen rows, between the two lines of 召开关于…会议, which
# pdftotext sets on the first.  Read without the rule, 参与党建活动人数 (数量指标's last row) came
# out under 质量指标.  (``≥1500 条信息`` given its space, so that the spacing rule does not
# report the page first.)
TWO_LINE_ROW_PAGE = (
    "年度                     订阅（购置）学习刊物               ≥4 批次\n"
    "绩效                     知识库运维管理及更新量              ≥1500 条信息\n"
    "指标\n"
    "                       开展党建活动次数                 ≥12 次\n"
    "                       处理合同个数；法律咨询及处理其他法律事务完成率 ≥70 个；100%\n"
    "                       印制创文公益广告数量；印制创文宣传手册；印制行业 ≥100 张；≥50 份；≥10 份\n"
    "                       规范\n"
    "                       日报、周报、月报、年报和突发舆情分析报告     ≥70 篇\n"
    "                       供月度知识库运营管理报告             12 次\n"
    "             数量指标      召开关于罗湖区民生诉求（政务热线）专题会或培训会 ≥4 场\n"
    "                       议\n"
    "                       整理档案数量完成率                1\n"
    "                       健康管理干部数量                 10 人\n"
    "                       推文发布数                    ≥400 条\n"
    "                       技术论证完成率                  =100%\n"
    "                       叫号数量                     ≥21 万\n"
    "                       免费刻章数量                   ≥12000\n"
    "                       办结分派至罗湖区的“民生诉求工单”        ≥40000 宗工单\n"
    "                       参与党建活动人数                 ≥200 人次\n"
    "                       创文工作检查指标合格率              有所提升\n"
    "                       资金支出合规率                  1\n"
    "                       日报、周报、月报、年报和突发舆情分析报告报送率 ≥90%\n"
    "     产出指标              市级对知识库信息质量的审核通过率         1\n"
    "             质量指标      健康管理干部级别符合率              1\n"
    "                       方案最终通过率                  ≥95%\n"
    "                       党建活动模式创新情况               有所提升\n"
    "                       合同审核数量                   100 个\n"
    "                       档案整理工作规范率                1\n"
    "                       党建活动参与率                  ≥90%\n"
    "                       干部健康管理工作完成及时率            1\n"
    "                       资金应急保障支出及时率              1\n"
    "                       党建相关工作及时率；资金支出及时率        100%；100%\n"
    "                       项目资金支出及时率                ≥90%\n"
    "             时效指标      知识库运维整改及时率               ≥90%\n"
    "                       “民生诉求工单”转办及时率            ≥90%\n"
    "                       项目完成及时率                  1\n"
    "                       经费支出及时率                  1\n"
    "                       方案最终通过率                  ≥95%\n"
    "                       干部健康管理经费                 ≤41000 元\n"
    "                       预算准备金项目成本                ≤30 万\n"
    "             成本指标      综合事务项目成本                 ≤22 万元\n"
    "                       项目支出进度达标率                ≥95%\n"
    "                       政务服务热线项目成本               ≤65 万\n"
)


def test_a_class_beside_a_row_of_two_lines_may_stand_at_its_middle() -> None:
    """数量指标 on the first line of a row of two: on that line the rows around it balance with
    the fifteen above it, at the row's middle (where the merged cell's centre is) with the
    sixteen: which rows are its depends on where on the row it stands: reported."""
    with pytest.raises(BudgetError, match="beside a row of 2 lines"):
        indicator_rows(lines(HEADER + "\n" + TWO_LINE_ROW_PAGE.rstrip("\n")))


def test_classes_cut_over_three_lines_in_narrow_columns() -> None:
    """Narrow merged cells cut their classes over three lines (``可持续`` / ``影响指`` / ``标``,
    ``服务对`` / ``象满意`` / ``度指标``), the level-one class's pieces beside the level-two one's
    (``满意度 度指标`` / ``指标  其他满``): each made whole of the pieces starting in one column on
    the lines below each other, centred on its rows; none left in the indicators' column."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "对促进政务信息公开情况的影响程度"), (TGT, "显著")),
            line((14, "社会效益指标"), (IND, "信息系统安全应急响应能力提升"), (TGT, "显著")),
            line((14, "生态效")),
            line((IND, "不适用"), (TGT, "不适用")),
            line((14, "益指标")),
            line((14, "可持续")),
            line((14, "影响指"), (IND, "不适用"), (TGT, "不适用")),
            line((14, "标")),
            line((12, "服务对")),
            line((12, "象满意"), (IND, "用户满意度"), (TGT, "≥90%")),
            line((8, "满意度 度指标")),
            line((8, "指标"), (13, "其他满")),
            line((12, "意度指"), (IND, "不适用"), (TGT, "不适用")),
            line((12, "标")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in rows] == [
        ("效益指标", "社会效益指标", "对促进政务信息公开情况的影响程度", "显著"),
        ("效益指标", "社会效益指标", "信息系统安全应急响应能力提升", "显著"),
        ("效益指标", "生态效益指标", "不适用", "不适用"),
        ("效益指标", "可持续影响指标", "不适用", "不适用"),
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
        ("满意度指标", "其他满意度指标", "不适用", "不适用"),
    ]


def test_a_class_cut_over_three_lines_whose_middle_piece_stands_one_space_from_its_row() -> None:
    """``可持续`` / ``影响指 不适用`` / ``标`` and ``服务对`` / ``象满意 用户满意度`` / ``度指标``:
    pdftotext keeps one space between a class's middle piece and the indicator beside it (and
    the level-one class's piece one space from the level-two one's, ``满意度 度指标``): each piece's
    first words, joined down the column, are the class; the rest is the row's indicator."""
    text = "\n".join(
        [
            HEADER,
            line((14, "生态效益指标"), (IND, "不适用"), (TGT, "不适用")),
            line((14, "可持续")),
            line((14, "影响指 不适用"), (TGT, "不适用")),
            line((14, "标")),
            line((12, "服务对")),
            line((12, "象满意 用户满意度"), (TGT, "≥90%")),
            line((8, "满意度 度指标")),
            line((8, "指标"), (13, "其他满")),
            line((12, "意度指"), (IND, "不适用"), (TGT, "不适用")),
            line((12, "标")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in rows] == [
        ("效益指标", "生态效益指标", "不适用", "不适用"),
        ("效益指标", "可持续影响指标", "不适用", "不适用"),
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
        ("满意度指标", "其他满意度指标", "不适用", "不适用"),
    ]


def test_the_side_label_set_one_space_from_a_class_is_set_apart_from_it() -> None:
    """The side label 年度绩效指标 printed down the leftmost column a character a line, one space
    from the level-one class beside it (``指 产出指`` / ``标 标``): its characters, spelling a
    piece of the side label down the column, are set apart, and the class is made whole."""
    text = "\n".join(
        [
            HEADER,
            line((2, "年"), (IND, "叫号数量"), (TGT, "≥21 万")),
            line((2, "度"), (IND, "免费刻章数量"), (TGT, "≥12000")),
            line((2, "绩"), (IND, "办结分派至罗湖区的民生诉求工单"), (TGT, "≥40000 宗")),
            line((2, "效")),
            line((2, "指 产出指"), (IND, "参与党建活动人数"), (TGT, "≥200 人次")),
            line((2, "标 标"), (14, "质量指"), (IND, "创文工作检查指标合格率"), (TGT, "有所提升")),
            line((14, "标")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in rows] == [
        ("产出指标", "质量指标", "叫号数量", "≥21 万"),
        ("产出指标", "质量指标", "免费刻章数量", "≥12000"),
        ("产出指标", "质量指标", "办结分派至罗湖区的民生诉求工单", "≥40000 宗"),
        ("产出指标", "质量指标", "参与党建活动人数", "≥200 人次"),
        ("产出指标", "质量指标", "创文工作检查指标合格率", "有所提升"),
    ]


def test_a_target_in_words_pushed_two_columns_left_by_its_indicator_is_cut_off_it() -> None:
    """``年度巡检及节假日和重要节点保障工作 及时有效``: a long indicator pushes its target (words,
    not a number) two columns left of the targets' column, one space apart: the space is the
    cell's edge, and the row's target is ``及时有效`` (not an indicator run on into the next
    row's, ``…保障工作及时有效资金支出合规率`` beside the next row's target)."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "光纤运行维护响应时间"), (TGT, "≤30 分钟")),
            line((IND, "年度巡检及节假日和重要节点保障工作要求及各类专项检查和应急值守岗 及时有效")),
            line((14, "成本指标"), (IND, "资金支出合规率"), (TGT, "100%")),
        ]
    )
    assert IND + len("年度巡检及节假日和重要节点保障工作要求及各类专项检查和应急值守岗 ") == TGT - 2
    rows = indicator_rows(lines(text))
    assert [(r["indicator"], r["target"]) for r in rows] == [
        ("光纤运行维护响应时间", "≤30 分钟"),
        ("年度巡检及节假日和重要节点保障工作要求及各类专项检查和应急值守岗", "及时有效"),
        ("资金支出合规率", "100%"),
    ]


def test_an_indicator_line_reaching_into_the_targets_column_is_reported() -> None:
    """An indicator's line reaching past the targets' column with no space there to cut it at
    (``…值守岗及时有效达标``, set close): which of its words are a target cannot be told, and read
    as one indicator's it would join the next row's; reported."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "光纤运行维护响应时间"), (TGT, "≤30 分钟")),
            line((IND, "年度巡检及节假日和重要节点保障工作要求及各类专项检查和应急值守岗及时有效达标")),
            line((14, "成本指标"), (IND, "资金支出合规率"), (TGT, "100%")),
        ]
    )
    with pytest.raises(BudgetError, match="reaches into the targets' column"):
        indicator_rows(lines(text))


def test_an_indicator_run_on_into_a_target_pushed_left_of_its_column_is_reported() -> None:
    """``完成属地网站、网络治理情况调查摸排报告 ≥1 份``: a long indicator pushes its target left of
    the targets' column (its characters wider than the grid pdftotext sets them on), so the
    first space past the column is inside the target: the cut by the column is not where a
    target starts, and the table is reported, not published as ``…报告≥1`` / ``份``."""
    text = "\n".join(
        [
            HEADER,
            line((16, "《第一现场》等主流媒体播出条数"), (40, "14 条")),
            line((16, "完成属地网站、网络治理情况调查摸排报告 ≥1 份")),
            line((10, "数量指标"), (16, "网络安全宣传作品"), (40, "≥1 份")),
            line((16, "图文直播数量"), (40, "18 场")),
        ]
    )
    with pytest.raises(BudgetError, match="runs on into its target"):
        indicator_rows(lines(text))


def test_an_indicator_line_holding_what_may_be_its_target_is_reported() -> None:
    """``全市党政机关网站和新媒体季度监测报告 4 份``: the target run on into the indicator one
    space apart, short of the targets' column, nothing beside it: read as indicator text, it
    would pair every target below it with the row above; reported."""
    text = "\n".join(
        [
            HEADER,
            line((IND, "政务云季度巡检报告"), (TGT, "4 份")),
            line((14, "数量指标"), (IND, "全市党政机关网站和新媒体季度监测报告 4 份")),
            line((IND, "政府在线英文版网站专题策划"), (TGT, "≥4 个")),
            line((IND, "政府在线中文版网站专题策划"), (TGT, "≥4 个")),
        ]
    )
    with pytest.raises(BudgetError, match="may be its target"):
        indicator_rows(lines(text))


UNITS = frozenset({"中共深圳市测试区委宣传部", "深圳市测试区互联网信息中心"})
WRAPPED_UNITS = [
    "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
    line((0, "中共深圳市测")),
    amount_row(None, "100.00", "60.00", "40.00"),
    line((0, "试区委宣传部")),
    line((0, "深圳市测试区")),
    amount_row((0, "互联网信息中"), "100.00", "60.00", "40.00"),
    line((0, "心")),
    amount_row((15, "201     一般公共服务支出"), "100.00", "60.00", "40.00"),
]


def test_a_wrapped_unit_name_that_may_end_the_row_above_is_reported() -> None:
    # 深圳市测试区 may end the row above (its label four lines, centred a half line off its
    # amounts) as well as start the next: the layout does not tell
    with pytest.raises(BudgetError, match="may start a row or end the row above"):
        cells("\n".join(WRAPPED_UNITS))


def test_a_wrapped_unit_name_the_document_prints_is_one_rows_label() -> None:
    # the document names its units (单位名称, the metadata's department and parent): the cut
    # whose row's label is 深圳市测试区互联网信息中心 word for word is the one printed
    got = [ln.text.split("\t") for ln in grid_lines(FUNCTION, [lines("\n".join(WRAPPED_UNITS))], UNITS)]
    assert [[c for c in r if c] for r in got] == [
        ["中共深圳市测试区委宣传部", "100.00", "60.00", "40.00"],
        ["深圳市测试区互联网信息中心", "100.00", "60.00", "40.00"],
        ["201", "一般公共服务支出", "100.00", "60.00", "40.00"],
    ]


THREE_PUBLIC = BY_RESOURCE["three-public-expenses"]
YEARS_HEADER = (
    "      预算单位          年度    合计   因公出国（境）费  公务接待费  小计  公务用车购置费  公务用车运行维护费"
)
SIX = (-40, -48, -56, -64, -72, -80)


def year_row(label: tuple[int, str] | None, year: str, *amounts: str) -> str:
    return line(*([label] if label else []), (25, year), *zip(SIX, amounts, strict=True))


def test_a_three_public_units_name_wrapped_between_its_year_rows() -> None:
    # the unit's cell spans its three year rows; its name, two lines, is printed between them:
    # the year is a cell of its own, so 2024年 between the name's lines does not end the name
    rows = [
        YEARS_HEADER,
        year_row(None, "2023年", "4.67", "0.00", "1.00", "3.67", "0.00", "3.67"),
        line((6, "深圳市测试区民意速办和智慧城市")),
        year_row(None, "2024年", "7.34", "0.00", "0.00", "7.34", "0.00", "7.34"),
        line((6, "建设中心")),
        year_row(None, "增减变化金额", "2.67", "0.00", "-1.00", "3.67", "0.00", "3.67"),
    ]
    got = [ln.text.split("\t") for ln in grid_lines(THREE_PUBLIC, [lines("\n".join(rows))])]
    assert [r[:3] for r in got] == [
        ["", "2023年", "4.67"],
        ["深圳市测试区民意速办和智慧城市建设中心", "2024年", "7.34"],
        ["", "增减变化金额", "2.67"],
    ]


def test_two_procurement_codes_in_one_row_are_reported() -> None:
    # C16010300's name wrapped onto the line of its amount, one space from its code on the line
    # above (务 stands in the item column): read centred, the line goes with C16010000's row,
    # which a row's one code forbids; at the tops, with the row below: reported either way
    rows = [
        "   预算单位      品目编码    采购品目                金额",
        line((0, "深圳市测试中心"), (-45, "3,900.00")),
        line((15, "C"), (25, "服务"), (-45, "3,900.00")),
        line((15, "C16010000 软件开发服务"), (-45, "3,900.00")),
        line((15, "C16010300 应用软件开发服")),
        line((25, "务"), (-45, "3,900.00")),
    ]
    with pytest.raises(BudgetError, match=r"codes C16010000 and C16010300 fall into one row|may start a row"):
        cells("\n".join(rows), BY_RESOURCE["procurement"])


def test_classes_at_their_cells_tops_head_the_rows_below_them() -> None:
    """Cells set at their tops: each class on its block's first line (数量指 / 标 over two rows),
    the rows below it its own; centred on them no cut fits nearly as well (时效指标 on the first
    of its three rows), so the classes head their blocks, not centred in them."""
    text = "\n".join(
        [
            HEADER,
            line((14, "数量指"), (IND, "播出条数"), (TGT, "14 条")),
            line((14, "标"), (IND, "调查摸排报告"), (TGT, "≥1 份")),
            line((IND, "网络安全宣传作品"), (TGT, "≥1 份")),
            line((IND, "图文直播数量"), (TGT, "18 场")),
            line((14, "质量指标"), (IND, "正面发布内容比例"), (TGT, "1")),
            line((IND, "通报反馈率"), (TGT, "≥95%")),
            line((IND, "图文直播内容达标程度"), (TGT, "1")),
            line((14, "时效指标"), (IND, "传播及时性"), (TGT, "≤3 日")),
            line((IND, "图文直播次数"), (TGT, "≥4 次")),
            line((IND, "发布及时率"), (TGT, "≥95%")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [r["level2"] for r in rows] == ["数量指标"] * 4 + ["质量指标"] * 3 + ["时效指标"] * 3


def test_key_project_goals_at_their_cells_tops_are_not_read_centred() -> None:
    # each goal starts on its row's line (cells at their tops): read centred on the rows, the
    # first goal would end on 排查处置，, mid-sentence, and the next start inside a sentence: the
    # goals and the amounts do not pair, reported
    from generator.read.tables.key_projects import key_projects

    text = "\n".join(
        [
            line((0, "项目名称（一级项目）"), (14, "预算数（万元）"), (40, "绩效目标")),
            line(
                (0, "新闻发布业务工作"),
                (-23, "210"),
                (24, "1. 全年预计举行新闻发布会至少十八场。 2. 人民网新闻发布厅全年"),
            ),
            line((24, "预计报道新闻发布会至少十八场，对热点问题及全区重点工作进行传播。")),
            line((0, "网信工作"), (-23, "90"), (24, "目标1：指导辖区网络信息系统开办主体进行网络安全隐患排查处置，")),
            line((24, "深入分析存在的问题及短板，防范化解风险隐患。目标 2: 提升网络安")),
            line((24, "全工作水平, 防范网络攻击, 为辖区全面振兴发展提供清朗网络空间。")),
            line((24, "目标 3: 开展网络安全宣传周活动，提升全民网络安全意识和防护技")),
            line((24, "能。")),
        ]
    )
    with pytest.raises(BudgetError, match="end mid-sentence"):
        key_projects(lines(text))


def test_a_header_cell_set_at_its_top_runs_up_to_the_next_one() -> None:
    # 预算数（万元 set at its cell's top runs up to 绩效目标, one space apart; its ） below
    from generator.read.tables.key_projects import key_projects

    text = "\n".join(
        [
            line((0, "项目名称（一级项目）"), (14, "预算数（万元 绩效目标")),
            line((14, "）")),
            line((0, "信息化运维项目"), (-23, "953.52"), (24, "通过本项目的实施，保证网络正常运行。")),
        ]
    )
    kp = key_projects(lines(text))
    assert kp is not None and kp.header == ["项目名称（一级项目）", "预算数（万元）", "绩效目标"]


def test_a_target_pushed_left_by_its_indicator_one_space_apart_is_reported() -> None:
    """Cells at their tops: a long indicator on its first line pushes its target left of the
    targets' column, one space after it (``…改善或提升 显著``); read as the indicator's text, the
    row would have no target: which words are the target cannot be told, reported."""
    text = "\n".join(
        [
            HEADER,
            line((14, "社会效益指标"), (IND, "政务服务提升程度"), (TGT, "显著")),
            line((IND, "对工作效率、管理和决策支持的改善或提升 显著")),
            line((IND, "程度")),
            line((IND, "提高企业办事效率"), (TGT, "显著")),
        ]
    )
    with pytest.raises(BudgetError, match="may be its target"):
        indicator_rows(lines(text))


def test_a_procurement_name_one_space_from_its_code_stands_in_its_column() -> None:
    # cells at their tops: a long name pushed to one space from its code, its last character on
    # the line below in the item column: the code and the name apart, 务 the name's (it went
    # to the row below: 通用应用软件开发服 and 行业应用软件开发服务务)
    rows = [
        "   预算单位      品目编码    采购品目                金额",
        line((0, "深圳市测试中心"), (-45, "400.00")),
        line((15, "C"), (25, "服务"), (-45, "400.00")),
        line((15, "C16010301 通用应用软件开发服"), (-45, "100.00")),
        line((25, "务")),
        line((15, "C16010302 行业应用软件开发服"), (-45, "300.00")),
        line((25, "务")),
    ]
    assert [r[1:3] for r in cells("\n".join(rows), BY_RESOURCE["procurement"])][2:] == [
        ["C16010301", "通用应用软件开发服务"],
        ["C16010302", "行业应用软件开发服务"],
    ]


def test_key_project_goals_that_pair_centred_and_at_the_bottoms_alike_are_reported() -> None:
    # each goal ends a sentence on its row's line (cells at their bottoms); read centred, the
    # second goal's last line 目标 1, … 目 would go with it, every goal still centred: which, the
    # text does not tell
    from generator.read.tables.key_projects import key_projects

    text = "\n".join(
        [
            line((0, "项目名称（一级项目）"), (14, "预算数（万元）"), (40, "绩效目标")),
            line((24, "目标1：指导辖区网络信息系统开办主体进行网络安全隐患排查处置，")),
            line((24, "深入分析存在的问题及短板，防范化解风险隐患。目标 2: 提升网络安")),
            line((0, "网信工作"), (-23, "630"), (24, "全工作水平, 防范网络攻击, 为辖区全面振兴发展提供清朗网络空间。")),
            line((24, "目标 1, 通过开三会一课等党建活动, 强化党员党性修养。 目")),
            line((0, "基层党组织党建工作"), (-23, "2.1"), (24, "标 2, 购买相关书籍, 加强理论学习。")),
            line(
                (0, "预算准备金"), (-23, "70"), (24, "为应对突发、应急等事件, 做为费用支出的调剂补充, 以备资金缺口。")
            ),
        ]
    )
    with pytest.raises(BudgetError, match="at their cells' bottoms alike"):
        key_projects(lines(text))


def test_a_class_wrapped_at_its_cells_top_heads_the_row_on_its_first_line() -> None:
    """Cells at their tops, the first class on the first row's line: a class wrapped over two
    lines (服务对象满意度 / 指标) heads the row on its first line; read in the order of the
    lines, its middle after that row, the row went to no class and the class had none."""
    text = "\n".join(
        [
            HEADER,
            line((6, "产出指标"), (14, "数量指标"), (IND, "播出条数"), (TGT, "14 条")),
            line((IND, "调查摸排报告"), (TGT, "≥1 份")),
            line((6, "满意度指标"), (14, "服务对象满意度"), (IND, "用户满意度"), (TGT, "≥90%")),
            line((14, "指标")),
            line((14, "其他满意度指标"), (IND, "群众投诉率"), (TGT, "≤10%")),
        ]
    )
    rows = indicator_rows(lines(text))
    assert [(r["level2"], r["indicator"]) for r in rows] == [
        ("数量指标", "播出条数"),
        ("数量指标", "调查摸排报告"),
        ("服务对象满意度指标", "用户满意度"),
        ("其他满意度指标", "群众投诉率"),
    ]


def _unit_over_four_lines(next_label: str) -> str:
    def row(*labels: tuple[int, str], amounts: tuple[str, ...] = ()) -> str:
        return line(*labels, *((c, a) for c, a in zip(AMOUNTS, amounts, strict=False)))

    return "\n".join(
        [
            "   预算单位      科目编码    科目名称           支出总计      基本支出      项目支出",
            row((1, "深圳市福田")),
            row((1, "区民意速办"), amounts=("100.00", "60.00", "40.00")),
            row((1, "和智慧城市")),
            row((1, "建设中心")),
            row((1, next_label), amounts=("100.00", "60.00", "40.00")),
            row((1, "智慧城市")),
            row((12, "201"), (20, "一般公共服务支出"), amounts=("100.00", "60.00", "40.00")),
        ]
    )


def test_a_known_unit_whose_last_line_is_a_character_short_ends_there() -> None:
    # 建设中心 may end the unit above or start the row below, both centred; the document prints
    # the unit 深圳市福田区民意速办和智慧城市建设中心, and its last line, a character short of its
    # widest, ends it: the next line starts with a character a line may start with. Where the
    # next starts with one it may not (）), the line may have been cut a character early: reported
    unit = frozenset({"深圳市福田区民意速办和智慧城市建设中心"})
    rows = [ln.text.split("\t") for ln in grid_lines(FUNCTION, [lines(_unit_over_four_lines("民意速办和"))], unit)]
    assert [r[0] for r in rows] == ["深圳市福田区民意速办和智慧城市建设中心", "民意速办和智慧城市", ""]
    with pytest.raises(BudgetError, match="may start a row or end the row above"):
        grid_lines(FUNCTION, [lines(_unit_over_four_lines("）民意速办"))], unit)
