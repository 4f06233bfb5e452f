"""Amounts wrapped in their cells around the line of a row's other amounts, in text without
positions (generator/read/tables/wrapped_columns.py, tokens.merge_wrapped_numbers): put in
their columns only where the table's own sums leave one order, else the table is reported."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_parse_quirks import SRC, TABLES, TEXT, assert_only_reported

from generator.catalog import BY_RESOURCE
from generator.model import BudgetError, Line, Metadata
from generator.read.parse import parse_document
from generator.read.tables.wrapped_columns import orders, place
from generator.read.tokens import Tok, tokenize

META = Metadata(id="2024-t", year=2024, slug="t", department="深圳市测试中心", parent_department="")
WIDE = Metadata(id="2024-t", year=2024, slug="t", department="深圳市测试服务管理中心", parent_department="")
ZEROS = " 0.00" * 9
BASIC = BY_RESOURCE["basic-expenditure"]


def wrapped(label: str, amount: str) -> list[str]:
    """A row whose first three amounts (总计, 小计, one more) wrap after their first decimal:
    their heads on the line above the row's line, their last digit on the line below."""
    head, tail = amount[:-1], amount[-1]
    return [f"{head} {head} {head}", f"{label}{ZEROS}", f"{tail} {tail} {tail}"]


def whole(label: str, amount: str) -> str:
    return f"{label} {amount} {amount} {amount}{ZEROS}"


def basic_table(*rows: str) -> list[Line]:
    table = ["表四：基本支出总表", "单位名称：深圳市测试中心 单位：万元", "支出项目类别 总计", *rows]
    text = "\n".join([TEXT, *TABLES[:3], *table, *TABLES[4:]])
    return [Line(t, i) for i, t in enumerate(text.split("\n"), 1)]


def test_wrapped_amounts_go_where_the_table_s_sums_put_them() -> None:
    # 总计, 小计 and 一般公共预算拨款 wrap in their narrow cells; where each row's 6,800.55 stands
    # among its zeros, the row alone does not tell (一般公共预算, 政府性基金 or 国有资本经营
    # add up alike), but 奖金, printed whole, is 一般公共预算's, so its parent's is too, and so
    # the unit's and every other child's
    lines = basic_table(
        *wrapped("深圳市测试中心", "6,800.55"),
        *wrapped("工资福利支出", "6,773.04"),
        *wrapped("基本工资", "6,745.53"),
        whole("奖金", "27.51"),
        whole("商品和服务支出", "27.51"),
        whole("办公费", "27.51"),
    )
    b = parse_document(lines, META, SRC)
    rows = b.rows("basic-expenditure")
    assert [(r["name"], r["total"], r["fiscal_subtotal"], r["general_budget"], r["government_fund"]) for r in rows] == [
        ("深圳市测试中心", D("6800.55"), D("6800.55"), D("6800.55"), D("0.00")),
        ("工资福利支出", D("6773.04"), D("6773.04"), D("6773.04"), D("0.00")),
        ("基本工资", D("6745.53"), D("6745.53"), D("6745.53"), D("0.00")),
        ("奖金", D("27.51"), D("27.51"), D("27.51"), D("0.00")),
        ("商品和服务支出", D("27.51"), D("27.51"), D("27.51"), D("0.00")),
        ("办公费", D("27.51"), D("27.51"), D("27.51"), D("0.00")),
    ]
    assert all(r[f.name] == D("0.00") for r in rows for f in BASIC.amounts[3:])
    assert not b.failures


def test_wrapped_amounts_that_every_column_order_adds_up_alike_are_reported() -> None:
    # no row printed whole: 一般公共预算拨款 or 政府性基金 for all of them add up as well
    lines = basic_table(
        *wrapped("深圳市测试中心", "6,800.55"),
        *wrapped("工资福利支出", "6,800.55"),
        *wrapped("基本工资", "6,800.55"),
    )
    b = parse_document(lines, META, SRC)
    assert_only_reported(b, "basic-expenditure")
    assert "more than one order" in b.failures[0].reason


def test_a_sum_the_source_gets_wrong_in_every_order_leaves_the_others_to_place_the_amounts() -> None:
    # 工资福利支出's 6,773.15 is not its children's 6,745.53 + 27.51 in any column: the source's
    # error (the checks report it), which says nothing of where the amounts stand; the other
    # columns' sums (政府性基金 and 国有资本经营 of the children add up to the parent's 0.00
    # only with 基本工资's amount in 一般公共预算) still do, and the amounts stay as printed
    lines = basic_table(
        *wrapped("深圳市测试中心", "6,800.66"),
        *wrapped("工资福利支出", "6,773.15"),
        *wrapped("基本工资", "6,745.53"),
        whole("奖金", "27.51"),
        whole("商品和服务支出", "27.51"),
    )
    b = parse_document(lines, META, SRC)
    assert not b.failures
    rows = b.rows("basic-expenditure")
    assert [(r["name"], r["general_budget"], r["government_fund"]) for r in rows] == [
        ("深圳市测试中心", D("6800.66"), D("0.00")),
        ("工资福利支出", D("6773.15"), D("0.00")),
        ("基本工资", D("6745.53"), D("0.00")),
        ("奖金", D("27.51"), D("0.00")),
        ("商品和服务支出", D("27.51"), D("0.00")),
    ]


def test_wrapped_amounts_no_order_of_which_adds_up_in_their_own_row_are_reported() -> None:
    # 小计 6,800.55 is not 一般公共预算 + 政府性基金 + 国有资本经营 with 6,900.55 in any of them
    lines = basic_table(
        "6,800.5 6,800.5 6,900.5",
        f"深圳市测试中心{ZEROS}",
        "5 5 5",
        whole("工资福利支出", "27.51"),
    )
    b = parse_document(lines, META, SRC)
    assert_only_reported(b, "basic-expenditure")
    assert "no order of them adds up" in b.failures[0].reason


def toks(*texts: str) -> list[Tok]:
    return [Tok(t, 1, False) for t in texts]


def test_orders_keep_each_run_in_its_printed_order() -> None:
    got = orders(toks("1.00", "2.00"), toks("9.00"), 3, lambda row: [])
    assert got == [
        (D("9.00"), D("1.00"), D("2.00")),
        (D("1.00"), D("9.00"), D("2.00")),
        (D("1.00"), D("2.00"), D("9.00")),
    ]
    assert orders(toks("0.00", "0.00"), toks("5.00"), 3, lambda row: [row[0] == "5.00"]) == [
        (D("5.00"), D("0.00"), D("0.00"))
    ]
    with pytest.raises(BudgetError, match="are not the row's 4 amounts"):
        orders(toks("1.00"), toks("9.00"), 4, lambda row: [])


def test_a_row_s_sum_no_order_keeps_is_the_source_s_and_the_others_still_tell() -> None:
    # the first check (a total 0.13 off its parts, as printed) fails in every order: it says
    # nothing of the order, which the second one settles
    def checks(row: tuple[str, ...]) -> list[bool]:
        return [False, row[0] == "5.00"]

    assert orders(toks("0.00", "0.00"), toks("5.00"), 3, checks) == [(D("5.00"), D("0.00"), D("0.00"))]
    # two sums each kept by some order but by no order together: none is left
    assert orders(toks("0.00", "0.00"), toks("5.00"), 3, lambda row: [row[0] == "5.00", row[1] == "5.00"]) == []


def test_place_takes_the_one_order_the_sums_leave() -> None:
    # the department's row (printed whole) is its units' sum: 单位甲's amounts can stand only
    # where 单位乙's leave the department's
    spec = BY_RESOURCE["income-summary"]
    names = [f.name for f in spec.amounts]
    zero = (D(0),) * len(names)
    a = (D(5), D(5), *zero[2:])
    b = (D(5), D(0), D(5), *zero[3:])

    def row(unit: str, values: tuple[D, ...]) -> dict[str, object]:
        return {"unit": unit, **dict(zip(names, values, strict=True))}

    both = tuple(x + y for x, y in zip(a, b, strict=True))
    rows = [row("部门", both), row("单位甲", zero), row("单位乙", a)]
    place(rows, {1: [a, b]}, spec, {1: 2})  # type: ignore[arg-type]
    assert [rows[1][k] for k in names[:3]] == [D(5), D(0), D(5)]
    rows = [row("部门", zero), row("单位甲", zero), row("单位乙", zero)]
    sums = [tuple(x + y for x, y in zip(p, q, strict=True)) for p in (a, b) for q in (a, b)]
    with pytest.raises(BudgetError, match="more than one order"):
        place(rows, {0: list(dict.fromkeys(sums)), 1: [a, b], 2: [a, b]}, spec, {0: 1, 1: 2, 2: 3})  # type: ignore[arg-type]
    rows = [row("部门", a), row("单位甲", zero), row("单位乙", a)]
    with pytest.raises(BudgetError, match="no order of them"):
        place(rows, {1: [a, b]}, spec, {1: 2})  # type: ignore[arg-type]


def test_one_wrapped_amount_beside_a_coded_row_goes_where_its_unit_s_sums_put_it() -> None:
    # 住房保障支出's 1,363.08 in 支出总计 or in 项目支出 adds up alike; the unit's 基本支出 is
    # its children's: the 1,363.08 beside 0.00 … is 基本支出, the wrapped one the total
    table = [
        "表三：支出总表",
        "单位名称：深圳市测试中心 单位：万元",
        "预算单位 科目编码 科目名称 支出总计 基本支出 项目支出",
        "深圳市测试中心 1,393.08 1,363.08 30.00" + " 0.00" * 6,
        "1,363.0",
        "221 住房保障支出 1,363.08" + " 0.00" * 7,
        "8",
        "205 教育支出 30.00 0.00 30.00" + " 0.00" * 6,
    ]
    text = "\n".join([TEXT, *TABLES[:2], *table, *TABLES[3:]])
    b = parse_document([Line(t, i) for i, t in enumerate(text.split("\n"), 1)], META, SRC)
    assert not b.failures
    assert [(r["code"], r["total"], r["basic"], r["project"]) for r in b.rows("expenditure-summary")] == [
        ("", D("1393.08"), D("1363.08"), D("30.00")),
        ("221", D("1363.08"), D("1363.08"), D("0.00")),
        ("205", D("30.00"), D("0.00"), D("30.00")),
    ]


def test_numbers_cut_in_their_whole_part_join_beside_a_row_s_whole_amounts() -> None:
    # 29,309.01 cut after its point in one cell and inside its whole part in the next: the
    # pieces join column by column, and go with the row of the line between
    lines = [Line("29,309. 29,30 0.0", 10), Line("深圳市测试中心 0.00 0.00", 11), Line("01 9.01 0", 12)]
    got = [(t.text, t.floating) for t in tokenize(lines, 5)]
    assert got == [
        ("29,309.01", 11),
        ("29,309.01", 11),
        ("0.00", 11),
        ("深圳市测试中心", None),
        ("0.00", None),
        ("0.00", None),
    ]
    # without the row's other amounts between, a piece like 9.01 is a whole amount of its own
    assert [t.text for t in tokenize([lines[0], lines[2]], 3)] == ["29,309.", "29,30", "0.0", "01", "9.01", "0"]


def test_a_name_s_last_line_beside_its_wrapped_amounts_ends_are_its_row_s() -> None:
    # 一般公共服务 / 201 … / 支出 9: 支出, printed on the line of the ends of 201's wrapped total,
    # is the last line of 201's name, not the first of the next row's (20133, whose code starts
    # the line of its amounts), though its line above is not full (事业运行和其他事务 is wider)
    zeros = " 0.00" * 6
    table = [
        "表三：支出总表",
        "单位名称：深圳市测试中心 单位：万元",
        "预算单位 科目编码 科目名称 支出总计 基本支出 项目支出",
        "深圳市测试",
        "1,596.3 665.4",
        "服务管理 930.90" + zeros,
        "9 9",
        "中心",
        "一般公共服务 1,596.3",
        "201 665.49 930.90" + zeros,
        "支出 9",
        "1,326.3",
        "20133 宣传事务 665.49 660.90" + zeros,
        "9",
        "2013350 事业运行和其他事务 665.49 665.49 0.00" + zeros,
        "2013399 其他宣传事务支出 660.90 0.00 660.90" + zeros,
        "20137 网信事务 270.00 0.00 270.00" + zeros,
    ]
    text = "\n".join([TEXT, *TABLES[:2], *table, *TABLES[3:]])
    b = parse_document([Line(t, i) for i, t in enumerate(text.split("\n"), 1)], WIDE, SRC)
    assert not b.failures
    assert [(r["code"], r["name"], r["total"]) for r in b.rows("expenditure-summary")] == [
        ("", "", D("1596.39")),
        ("201", "一般公共服务支出", D("1596.39")),
        ("20133", "宣传事务", D("1326.39")),
        ("2013350", "事业运行和其他事务", D("665.49")),
        ("2013399", "其他宣传事务支出", D("660.90")),
        ("20137", "网信事务", D("270.00")),
    ]
