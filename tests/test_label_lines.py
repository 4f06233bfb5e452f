"""Whose are a wrapped label's lines in text without positions: cells centred, at their tops or at
their bottoms (``read/tables/label_lines.py``)."""

from __future__ import annotations

from decimal import Decimal as D

from test_parse_quirks import parse

ZEROS = " 0.00" * 9
BASIC = "表四：基本支出总表\n单位名称：深圳市测试中心 单位：万元\n支出项目类别 总计\n"
FUNCTION = "表七：一般公共预算支出表（按功能分类）\n单位名称：深圳市测试中心 单位：万元\n预算单位 科目编码 科目名称 支出总计 基本支出 项目支出\n"


def basic(*lines: str) -> list[tuple[str, str, int]]:
    rows = parse((3, BASIC + "\n".join(lines))).rows("basic-expenditure")
    return [(r["unit"], r["name"], r["level"]) for r in rows]


# the rows of both tables below, each label whole
WHOLE = [
    ("深圳市测试中心", "深圳市测试中心", 0),
    ("深圳市测试中心", "工资福利支出", 1),
    ("深圳市测试中心", "机关事业单位基本养老保险缴费", 2),
    ("深圳市测试中心", "基本工资", 2),
]


def amounts(total: str) -> str:
    return f" {total} {total} {total}" + ZEROS


def test_labels_at_the_cells_tops_go_on_below_their_amounts() -> None:
    # a narrow label column (6 characters), the cells' text at their tops: a label's first line
    # is on its amounts' line, the rest below it, before the next row's line
    assert (
        basic(
            "深圳市测试中" + amounts("60.00"),
            "心",
            "工资福利支出" + amounts("60.00"),
            "机关事业单位" + amounts("50.00"),
            "基本养老保险",
            "缴费",
            "基本工资" + amounts("10.00"),
        )
        == WHOLE
    )


def test_labels_at_the_cells_bottoms_start_above_their_amounts() -> None:
    assert (
        basic(
            "深圳市测试中",
            "心" + amounts("60.00"),
            "工资福利支出" + amounts("60.00"),
            "机关事业单位",
            "基本养老保险",
            "缴费" + amounts("50.00"),
            "基本工资" + amounts("10.00"),
        )
        == WHOLE
    )


def test_coded_names_at_the_cells_tops() -> None:
    # the code and the name's first line on the amounts' line, the name going on below: the
    # line below is that row's, not the next coded row's (which would have it above its code)
    table = FUNCTION + "\n".join(
        [
            "深圳市测试中心 100.00 60.00 40.00",
            "20805 行政事业单位养老 100.00 60.00 40.00",
            "支出",
            "2080505 机关事业单位基本 73.35 60.00 13.35",
            "养老保险缴费支出",
            "2080506 机关事业单位职业 26.65 0.00 26.65",
            "年金缴费支出",
        ]
    )
    rows = parse((6, table)).rows("general-budget-by-function")
    assert [(r["code"], r["name"], r["total"]) for r in rows[1:]] == [
        ("20805", "行政事业单位养老支出", D("100.00")),
        ("2080505", "机关事业单位基本养老保险缴费支出", D("73.35")),
        ("2080506", "机关事业单位职业年金缴费支出", D("26.65")),
    ]


def test_a_table_that_reads_both_centred_and_at_the_tops_is_reported() -> None:
    # 机关事业单位 may be the last line of 工资福利支出 (at the tops, full, as the line before it)
    # or the first of 机关事业单位基本养老保险缴费 (centred on its amounts): the text does not say
    b = parse(
        (
            3,
            BASIC
            + "\n".join(
                [
                    "深圳市测试中心" + amounts("60.00"),
                    "工资福利支出" + amounts("60.00"),
                    "机关事业单位",
                    "基本养老保险" + amounts("50.00"),
                    "缴费",
                    "基本工资" + amounts("10.00"),
                ]
            ),
        )
    )
    assert "basic-expenditure" not in b.tables
    failure = next(f for f in b.failures if f.resource == "basic-expenditure")
    assert "centred" in failure.reason and "tops" in failure.reason


def test_a_line_above_the_first_row_that_may_start_its_label_at_the_bottoms_is_reported() -> None:
    # cells at their bottoms: 中共深圳罗湖区 over 委宣传部's amounts may be the unit's first line as
    # well as the header's last (no unit is known by that name): reported, not published as the
    # unit 委宣传部 (a header's 码 over a unit known word for word stays the header's:
    # test_parse_quirks' test_a_header_line_of_words_above_a_first_row_on_one_line_stays_the_headers)
    table = FUNCTION + "\n".join(
        [
            "中共深圳罗湖区",
            "委宣传部 100.00 60.00 40.00",
            "201 一般公共服务支出 100.00 60.00 40.00",
        ]
    )
    b = parse((6, table))
    assert "general-budget-by-function" not in b.tables
    assert any("above the first row" in f.reason for f in b.failures)
