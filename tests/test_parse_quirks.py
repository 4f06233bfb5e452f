"""Each extraction quirk of the three text styles, on a tiny hand-made budget."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from generator.model import Budget, BudgetError, Line, Metadata, Source
from generator.read.numbers import exact_partitions, is_number, squash_number
from generator.read.parse import parse_document
from generator.read.tables.indicators import indicator_rows
from generator.read.text import decode_text
from generator.read.words import display_width, join_lines, label

META = Metadata(id="2024-test", year=2024, slug="test", department="深圳市测试中心", parent_department="深圳市测试局")
SRC = Source(file="test.txt", sha256="0" * 64, kind="text")

# The nine standard tables every budget prints, as minimal tab-separated tables; a test
# replaces one of them with the quirk it is about.
SUMMARY = """表一：收支总表
单位名称：深圳市测试中心\t单位：万元
收入\t\t支出\t
项 目\t2024 年预算数\t项 目\t2024 年预算数
一、财政拨款\t100.00\t一般公共服务支出\t100.00
本年收入合计\t100.00\t本年支出合计\t100.00
收入总计\t100.00\t支出总计\t100.00"""
INCOME = """表二：收入总表
单位名称：深圳市测试中心\t单位：万元
预算单位\t收入总计\t一般公共预算拨款
深圳市测试中心\t100.00\t100.00\t60.00\t40.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00"""
EXPENDITURE = """表三：支出总表
单位名称：深圳市测试中心\t单位：万元
预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出
深圳市测试中心\t\t\t100.00\t60.00\t40.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00
\t201\t一般公共服务支出\t100.00\t60.00\t40.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00"""
BASIC = """表四：基本支出总表
单位名称：深圳市测试中心\t单位：万元
支出项目类别\t总计
深圳市测试中心\t60.00\t60.00\t60.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00
工资福利支出\t60.00\t60.00\t60.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00
基本工资\t60.00\t60.00\t60.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00"""
PROJECT = """表五：项目支出总表
单位名称：深圳市测试中心\t单位：万元
支出项目类别\t总计
深圳市测试中心\t40.00\t40.00\t40.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00
信息化项目\t40.00\t40.00\t40.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00\t0.00"""
FISCAL = SUMMARY.replace("表一：收支总表", "表六：财政拨款收支总表")
FUNCTION = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心\t单位：万元
预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出
深圳市测试中心\t\t\t100.00\t60.00\t40.00
\t201\t一般公共服务支出\t100.00\t60.00\t40.00"""
ECONOMIC = FUNCTION.replace("表七：一般公共预算支出表（按功能分类）", "表八：一般公共预算支出表（按经济分类）").replace(
    "201\t一般公共服务支出", "301\t工资福利支出"
)
THREE = """表九：财政拨款“三公”经费支出表
单位名称：深圳市测试中心\t单位：万元
预算单位\t年度\t合计
深圳市测试中心\t2023 年\t1.00\t0.00\t0.00\t1.00\t0.00\t1.00
\t2024 年\t2.00\t0.00\t0.00\t2.00\t0.00\t2.00
\t增减变化金额\t1.00\t0.00\t0.00\t1.00\t0.00\t1.00"""
TEXT = """第一部分 部门概况
一、部门职责
负责测试。
第九部分 名词解释
一、基本支出：指为保障机构正常运转
而发生的支出。
二、项目支出：指在基本支出之外的支出。"""
TABLES = [SUMMARY, INCOME, EXPENDITURE, BASIC, PROJECT, FISCAL, FUNCTION, ECONOMIC, THREE]


def doc(*replace: tuple[int, str], extra: str = "") -> list[Line]:
    tables = list(TABLES)
    for i, t in replace:
        tables[i] = t
    text = "\n".join([TEXT, *tables, extra])
    return [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]


def parse(*replace: tuple[int, str], extra: str = ""):
    return parse_document(doc(*replace, extra=extra), META, SRC)


def assert_only_reported(b: Budget, resource: str) -> None:
    """The one table ``resource`` is left out of the package and named as unreadable, never
    published with a guessed number; every other table is read."""
    assert resource not in b.tables
    assert [f.resource for f in b.failures] == [resource]


def test_minimal_budget_reads_every_standard_table() -> None:
    b = parse()
    assert set(b.tables) >= {
        "income-expenditure-summary",
        "income-summary",
        "expenditure-summary",
        "basic-expenditure",
        "project-expenditure",
        "fiscal-appropriation-summary",
        "general-budget-by-function",
        "general-budget-by-economic",
        "three-public-expenses",
        "sections",
        "glossary",
    }
    assert b.rows("income-summary")[0]["basic_appropriation"] == D("60.00")
    assert [r["line"] for r in b.rows("expenditure-summary")] == [1, 2]


def test_glossary_definition_joined_across_lines() -> None:
    rows = parse().rows("glossary")
    assert rows[0] == {"term": "基本支出", "definition": "指为保障机构正常运转而发生的支出。", "line": 1}


def test_number_broken_across_lines_one_cell_per_line() -> None:
    # 001 style: "3,020" / ".16", "0.0" / "0", code split "20103" / "01"
    table = """表三：支出总表
单位名称：深圳市测试中心 单位：万元
预算单|位
科目编|码
深圳市测|试中心
100|.00
60.0|0
40.00 0.00
0.00 0.00 0.0|0
0.00 0.00
201
一般公共服|务支出
100|.00
60.0|0
40.00 0.00 0.00 0.00 0.00 0.00 0.00
20103
01
行政运行
100.00 60.00 40.00 0.00 0.00 0.00 0.00 0.00 0.00""".replace("|", "\n")
    rows = parse((2, table)).rows("expenditure-summary")
    assert [(r["code"], r["name"], r["level"], r["total"], r["basic"]) for r in rows] == [
        ("", "", 0, D("100.00"), D("60.00")),
        ("201", "一般公共服务支出", 1, D("100.00"), D("60.00")),
        ("2010301", "行政运行", 3, D("100.00"), D("60.00")),
    ]
    assert rows[0]["unit"] == "深圳市测试中心" and rows[1]["unit"] == "深圳市测试中心"


def test_digits_inside_a_header_cell_do_not_start_the_body() -> None:
    # A tab-separated header whose cell holds a year wrapped in it (``202 4年政府采购预算``,
    # from a PDF's narrow header cell): the header, not the first row; the unit row below it.
    for cell in ("202 4年政府采购预算小计", "2 024 年采购预算", "20 24年政府采购"):
        table = EXPENDITURE.replace("项目支出\n", f"项目支出\t{cell}\n")
        rows = parse((2, table)).rows("expenditure-summary")
        assert [(r["unit"], r["code"], r["total"]) for r in rows] == [
            ("深圳市测试中心", "", D("100.00")),
            ("深圳市测试中心", "201", D("100.00")),
        ], cell


def test_a_year_wrapped_in_a_header_cell_of_space_separated_text_does_not_start_the_body() -> None:
    # pdfplumber's text of a narrow 2024年政府采购 header cell: 202 on a line among other cells'
    # pieces, 4 年政 two lines down; neither an amount nor a code with its name
    header = "表三：支出总表\n单位名称：深圳市测试中心 单位：万元\n对附 202 向小\n事业 向中\n属单 上缴 4 年政 型、\n"
    header += "预算单位 科目编码 科目名称 支出总计 基本支出 项目支出\n"
    body = "深圳市测试中心 100.00 60.00 40.00" + " 0.00" * 6 + "\n201 一般公共服务支出 100.00 60.00 40.00" + " 0.00" * 6
    b = parse((2, header + body))
    assert not b.failures, b.failures
    assert [(r["unit"], r["code"], r["total"]) for r in b.rows("expenditure-summary")] == [
        ("深圳市测试中心", "", D("100.00")),
        ("深圳市测试中心", "201", D("100.00")),
    ]


def test_number_split_by_line_break_resolved_by_arithmetic() -> None:
    # 000 style: "3.8" then "4" on the next line is 3.84 (total = sum of parts decides)
    table = """表五：项目支出总表
单位名称：深圳市测试中心 单位：万元
支出项目类别
深圳市测试中心
40.00 36.16 36.16 0 0 0 0 0 0 0 0 0 0 3.8
4"""
    row = parse((4, table)).rows("project-expenditure")[0]
    assert row["total"] == D("40.00") and row["carryover"] == D("3.84")


def test_tab_numbers_split_column_by_column_and_spaced_digits() -> None:
    # 004 style: "66" / "7.95" in the same column of the next line, "0 . 0 0" spaced out
    table = (
        "表二：收入总表\n单位名称：深圳市测试中心\n单位：万元\n预算单位\t收入总计\n"
        "深圳市测试中心\t10\t10\t6\t4\t0.\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0 . 0 0\n"
        "\t0.00\t0.00\t0.00\t0.00\t00\t.00\t.00\t.00\t.00\t.00\t.00\t.00\t.00\t.00\t"
    )
    row = parse((1, table)).rows("income-summary")[0]
    assert row["total"] == D("100.00") and row["basic_appropriation"] == D("60.00")
    assert row["duty_project_appropriation"] == D("40.00") and row["carryover"] == D("0.00")


def test_empty_printed_cell_is_missing_not_zero() -> None:
    table = (
        "表二：收入总表\n单位名称：深圳市测试中心\t单位：万元\n预算单位\t收入总计\n"
        "深圳市测试局\t100.00\t100.00\t60.00\t40.00\t0.00" + "\t" * 10 + "\n"
        "深圳市测试中心\t100.00\t100.00\t60.00\t40.00" + "\t0.00" * 11
    )
    rows = parse((1, table)).rows("income-summary")
    assert rows[0]["unit"] == "深圳市测试局" and rows[0]["special_fund_appropriation"] == D("0.00")
    assert rows[0]["government_investment_appropriation"] is None and rows[0]["carryover"] is None
    assert rows[1]["carryover"] == D("0.00")


def test_parent_department_row_above_the_unit_row() -> None:
    table = BASIC.replace(
        "深圳市测试中心\t60.00", "深圳市测试局\t60.00\t60.00\t60.00" + "\t0.00" * 9 + "\n深圳市测试中心\t60.00", 1
    )
    rows = parse((3, table)).rows("basic-expenditure")
    assert [(r["unit"], r["name"], r["level"]) for r in rows] == [
        ("深圳市测试局", "深圳市测试局", 0),
        ("深圳市测试中心", "深圳市测试中心", 0),
        ("深圳市测试中心", "工资福利支出", 1),
        ("深圳市测试中心", "基本工资", 2),
    ]


def test_table_continuing_over_pages_with_repeated_header() -> None:
    page2 = (
        "\n表 7\n一般公共预算支出表（按功能分类）\n单位名称：深圳市测试中心\t单位：万元\n"
        "预算单位\t科目编码\t科目名称\t支出总计\t基本支出\t项目支出\n\t20101\t人大事务\t100.00\t60.00\t40.00"
    )
    rows = parse((6, FUNCTION + page2)).rows("general-budget-by-function")
    assert [r["code"] for r in rows] == ["", "201", "20101"]
    assert [r["line"] for r in rows] == [1, 2, 3]


def test_label_wrapped_onto_the_next_line_space_separated() -> None:
    # 003 style
    table = """表七：一般公共预算支出表（按功能分类）
部门名称：深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试中心 100.00 60.00 40.00
20103
政府办公厅（室）及相关机
构事务
100.00 60.00 40.00"""
    rows = parse((6, table)).rows("general-budget-by-function")
    assert rows[1]["name"] == "政府办公厅（室）及相关机构事务" and rows[1]["code"] == "20103"
    assert rows[1]["level"] == 2


def test_blank_template_rows_dropped_and_empty_table_kept() -> None:
    table = """表十一：国有资本经营预算支出表
单位名称:深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试中心 0 0 0
0 0 0
0 0 0"""
    procurement = "表十三：政府采购项目支出表\n单位名称:深圳市测试中心\n单位: 万元\n单位\t品目编码\t采购品目\t金额\n\t\t\t0.00\n\t\t\t0.00"
    b = parse(extra=table + "\n" + procurement)
    assert len(b.rows("state-capital-expenditure")) == 1  # the unit's all-zero total row stays
    assert "procurement" in b.tables and b.rows("procurement") == []
    assert "special-transfer-expenditure" not in b.tables  # not printed: absent


@pytest.mark.parametrize(
    "title,resource",
    [
        ("表一：收支总表", "income-expenditure-summary"),
        ("表 1", None),
        ("表六：政府预算拨款收支总表", "fiscal-appropriation-summary"),
        ("财政拨款收支总表", "fiscal-appropriation-summary"),
        ("表七：一般公共预算支出表 (按功能科目)", "general-budget-by-function"),
        ("一般公共预算支出表（按功能分类）", "general-budget-by-function"),
        ("表九：一般公共预算“三公”经费支出表", "three-public-expenses"),
        ("财政拨款“三公”经费支出表", "three-public-expenses"),
        ("表十四：部门（单位）整体支出绩效目标表", "performance-tasks"),
        ("(十四）部门整体支出绩效目标表", None),  # a contents-page entry is no title
    ],
)
def test_title_variants(title: str, resource: str | None) -> None:
    from generator.catalog import match_title
    from generator.read.regions import is_table_title

    line = Line(title, 1)
    got = match_title(title).resource if is_table_title(line) and match_title(title) else None
    assert got == resource


def test_two_sided_summary_one_cell_per_line() -> None:
    table = """表一：收支总表
单位名称:深圳市测试中心 单位：万元
收入 支出
项 目 2024 年预算数 项 目 2024 年预算数
政府预算资金 100 一般公共服务支出 90
一般公共预算资金 100 行政运行 90
住房保障支出 10
本年收入合计 100 本年支出合计 100
上年结余、结转 0 结转下年 0
1.一般公共预算拨款结
余、结转
0
收入总计 100 支出总计 100"""
    rows = parse((0, table)).rows("income-expenditure-summary")
    income = [(r["item"], r["amount"]) for r in rows if r["side"] == "income"]
    expenditure = [(r["item"], r["amount"]) for r in rows if r["side"] == "expenditure"]
    assert income == [
        ("政府预算资金", D(100)),
        ("一般公共预算资金", D(100)),
        ("本年收入合计", D(100)),
        ("上年结余、结转", D(0)),
        ("1.一般公共预算拨款结余、结转", D(0)),
        ("收入总计", D(100)),
    ]
    assert [i for i, _ in expenditure] == [
        "一般公共服务支出",
        "行政运行",
        "住房保障支出",
        "本年支出合计",
        "结转下年",
        "支出总计",
    ]
    assert rows[0]["line"] == 1 and rows[-1]["line"] == len(rows)


def test_three_public_split_by_fund() -> None:
    vals = "\t".join(
        [
            "3.00",
            "0.00",
            "0.00",
            "1.00",
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            "2.00",
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            "0.00",
            "2.00",
            "0.00",
            "0.00",
        ]
    )
    table = (
        f"表九：财政拨款“三公”经费支出表\n单位名称：深圳市测试中心\t单位：万元\n预算单位\t年度\t总计\n"
        f"深圳市测试中心\t2023 年\t{vals}\n\t2024 年\t{vals}\n\t增减变化金额\t{vals}"
    )
    rows = parse((8, table)).rows("three-public-expenses")
    assert len(rows) == 9
    assert rows[0] == {
        "unit": "深圳市测试中心",
        "year": "2023",
        "fund": "general_budget",
        "total": D("3.00"),
        "overseas": D("1.00"),
        "reception": D("0.00"),
        "vehicles": D("2.00"),
        "vehicle_purchase": D("0.00"),
        "vehicle_operation": D("2.00"),
        "line": 1,
    }
    assert [r["fund"] for r in rows[:3]] == ["general_budget", "government_fund", "state_capital"]
    assert rows[-1]["year"] == "change"


def test_procurement_levels() -> None:
    table = """表十三：政府采购项目支出表
单位名称:深圳市测试中心 单位：万元
单位 品目编码 采购品目 金额
深圳市测试中心 300.00
C 服务 300.00
C16000000 信息技术服务 300.00
C16010000 软件开发服务 300.00
C16010300 应用软件开发服务 300.00
C16010301 通用应用软件开发服务 300.00"""
    rows = parse(extra=table).rows("procurement")
    assert [(r["code"], r["level"]) for r in rows] == [
        ("", 0),
        ("C", 1),
        ("C16000000", 2),
        ("C16010000", 3),
        ("C16010300", 4),
        ("C16010301", 5),
    ]


def test_sections_join_wrapped_lines_and_drop_page_numbers() -> None:
    text = "第一部分 部门概况\n一、部门职责\n负责数字政府和智慧城区基础设施的建设、管理和运维；负责数字政府\n3\n和智慧城区项目建设。\n"
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(TABLES)).split("\n"), start=1)]
    b = parse_document(lines, META, SRC)
    assert (
        b.rows("sections")[0]["text"]
        == "一、部门职责\n负责数字政府和智慧城区基础设施的建设、管理和运维；负责数字政府和智慧城区项目建设。"
    )


def test_paragraph_ends_at_a_short_line_measured_in_printed_width() -> None:
    # The first line holds more characters than the glossary line but is short on paper
    # (ASCII is half-width, quotes are full-width): only the first ends its paragraph.
    full = "主要用于确保政务网、服务器、存储等设备的扩展需求和正常运"
    body = [
        "3.民意速办和智慧城市 5,290.57 万元,主要包括：",
        "一是电子政务运行维护 3404.48 万元,主要用于确保政务网、",
        full,
        full,
        "四、其他收入：指除上述“财政拨款收入”、“事业收入",
        "”等以外的收入。",
    ]
    assert display_width("“事业收") == 8 and display_width("5,290.57") == 8
    assert len(body[0]) > len(body[4]) and display_width(body[0]) < display_width(body[4])
    text = "第三部分 部门预算支出具体情况\n" + "\n".join(body) + "\n"
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(TABLES)).split("\n"), start=1)]
    paras = parse_document(lines, META, SRC).rows("sections")[0]["text"].split("\n")
    assert paras[0] == "3.民意速办和智慧城市 5,290.57 万元,主要包括："
    assert paras[1].startswith("一是电子政务") and paras[1].endswith("正常运")
    assert paras[2] == "四、其他收入：指除上述“财政拨款收入”、“事业收入”等以外的收入。"


def test_one_line_per_paragraph_extraction_cut_only_at_page_breaks() -> None:
    # Tab-separated extractions put each paragraph on one line; a page break cuts a line
    # mid-sentence (no closing punctuation), and the next line runs on.
    long = "深圳市测试中心部门预算收入 68,098.25 万元，较 2023 年年初预算减少 26,195.48 万元，下降 27.8%。" * 3
    body = [
        "二、实施部门预算绩效管理的项目情况及工作要求",
        long,
        "预算收支减少主要原因：是 2024 年年初预算未安排政府投资项目经费。",
        "1. 政务综合管理 30,778.88 万元，主要包括政务短信平台服务工作 1,035 万元，" * 2 + "较 2023 年年初",
        "预算减少 2,637.46 万元。",
    ]
    text = "第二部分 部门预算收支总体情况\n" + "\n".join(body) + "\n"
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(TABLES)).split("\n"), start=1)]
    paras = parse_document(lines, META, SRC).rows("sections")[0]["text"].split("\n")
    assert paras == [body[0], long, body[2], body[3] + body[4]]


def test_key_project_table_in_part_seven_is_one_line_per_row() -> None:
    text = """第七部分 重点项目预算绩效情况说明
2024 年，本部门重点项目绩效目标情况如下：
项目名
称（一级
项目）
预算数
（万元）
绩效目标
信息化
运维
1,793.34
开展互联网出口带宽项目，
保障网络运行。
预算准
备金
20
用于单位应急。
备注：涉密项目按规定不予公开。
"""
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(TABLES)).split("\n"), start=1)]
    b = parse_document(lines, META, SRC)
    assert b.rows("key-projects") == [
        {"line": 1, "project": "信息化运维", "amount": D("1793.34"), "goal": "开展互联网出口带宽项目，保障网络运行。"},
        {"line": 2, "project": "预算准备金", "amount": D("20"), "goal": "用于单位应急。"},
    ]
    assert b.rows("sections")[0]["text"] == (
        "2024 年，本部门重点项目绩效目标情况如下：\n"
        "项目名称（一级项目） 预算数（万元） 绩效目标\n"
        "信息化运维 1,793.34 开展互联网出口带宽项目，保障网络运行。\n"
        "预算准备金 20 用于单位应急。\n"
        "备注：涉密项目按规定不予公开。"
    )


def _levels(text: str) -> list[tuple[str, str]]:
    rows = indicator_rows([Line(t, i) for i, t in enumerate(text.strip().split("\n"), start=1)])
    return [(str(r["level2"]), str(r["indicator"])) for r in rows]


def test_indicator_labels_in_the_middle_of_their_block() -> None:
    # 数量指标 (4 rows) is printed between its 2nd and 3rd row, 时效指标 (2 rows) between its
    # two rows, 成本指标 beside its only row.
    text = """
甲 1台
乙 2台
产出指标 数量指标
丙 3台
丁 4台
戊 100%
时效指标
己 1天
成本指标 庚 ≤5万元
"""
    assert _levels(text) == [
        ("数量指标", "甲"),
        ("数量指标", "乙"),
        ("数量指标", "丙"),
        ("数量指标", "丁"),
        ("时效指标", "戊"),
        ("时效指标", "己"),
        ("成本指标", "庚"),
    ]


def test_indicator_label_of_a_block_running_onto_the_next_page_stands_above_its_centre() -> None:
    # 质量指标 covers rows 5-10 but its block runs over a page break, so its label is printed
    # near the foot of the first page, after row 6 — above the block's centre, never below.
    # 时效指标 (rows 11-12) is printed at its centre.  Least squares alone would pull rows 9-10
    # into 时效指标; the label can only have moved up.
    rows = "\n".join(f"指标{i} {i}台" for i in range(1, 13))
    lines = rows.split("\n")
    text = "\n".join([*lines[:2], "产出指标 数量指标", *lines[2:6], "质量指标", *lines[6:11], "时效指标", lines[11]])
    levels = [lv for lv, _ in _levels(text)]
    assert levels == ["数量指标"] * 4 + ["质量指标"] * 6 + ["时效指标"] * 2


# ---------------------------------------------------------------------------- helpers


def test_label_keeps_space_only_between_ascii_words() -> None:
    assert label("机关事业单位基本养老保险缴 费") == "机关事业单位基本养老保险缴费"
    assert label("IDC 机房维护") == "IDC机房维护"
    assert label("Windows 10 授权") == "Windows 10授权"


def test_join_lines() -> None:
    assert (
        join_lines(["本年度完成互联网出口带宽租赁不少于", "14GB，服务"])
        == "本年度完成互联网出口带宽租赁不少于14GB，服务"
    )
    assert join_lines(["CIM", "platform"]) == "CIM platform"


def test_number_helpers() -> None:
    assert squash_number("66 7. 95") == "667.95" and squash_number("0 . 0 0") == "0.00"
    assert is_number("5,574.90") and not is_number("5,57.90") and not is_number("0.")
    assert exact_partitions(("3,020", ".16", "0.0", "0"), (True, True, True), 2) == [("3,020.16", "0.00")]


# ---------------------------------------------------------------------------- bad input


def test_a_table_that_will_not_parse_costs_that_table_only() -> None:
    table = FUNCTION + "\n\t20101\t人大事务\t100.00\t60.00"
    b = parse((6, table))
    assert_only_reported(b, "general-budget-by-function")  # never published with a guessed number
    failure = b.failures[0]
    assert failure.title == "表七：一般公共预算支出表（按功能分类）" and failure.loc_kind == "line"
    assert "expected 3 amounts" in failure.reason and failure.loc is not None
    assert str(failure).startswith(
        f"表七：一般公共预算支出表（按功能分类） (general-budget-by-function): line {failure.loc}: "
    )
    # every other table is read as before
    assert set(b.tables) == set(parse().tables) - {"general-budget-by-function"}
    assert b.rows("income-summary") == parse().rows("income-summary")


def test_a_header_read_as_a_row_reports_its_table_only() -> None:
    # the header's words read as the first unit's name (a reader that did not see where the
    # header ends), or as a row of their own: the table is reported, the others published
    unit = EXPENDITURE.replace("深圳市测试中心\t\t\t100.00", "预算单位 科目编码 科目名称 深圳市测试中心\t\t\t100.00")
    again = FUNCTION + "\n预算单位 科目名称\t\t\t100.00\t60.00\t40.00"
    b = parse((2, unit), (6, again))
    assert {f.resource for f in b.failures} == {"expenditure-summary", "general-budget-by-function"}
    assert not {"expenditure-summary", "general-budget-by-function"} & set(b.tables)
    first, second = sorted(b.failures, key=lambda f: f.resource)
    assert str(first).startswith("表三：支出总表 (expenditure-summary): line ")
    assert (
        "row 1 ('预算单位科目编码科目名称深圳市测试中心') holds the table's column headings 预算单位, 科目编码, 科目名称"
        in first.reason
    )
    assert "row 3 " in second.reason and "预算单位, 科目名称" in second.reason
    assert set(b.tables) == set(parse().tables) - {"expenditure-summary", "general-budget-by-function"}


def test_not_a_budget() -> None:
    lines = [Line("这是一份会议纪要。", 1), Line("与预算无关。", 2)]
    with pytest.raises(BudgetError, match="no budget tables found"):
        parse_document(lines, META, SRC)


def test_cut_off_half_way() -> None:
    lines = doc()
    cut = [ln for ln in lines if ln.line < next(x.line for x in lines if "表七" in x.text)]
    with pytest.raises(BudgetError, match=r"missing although every budget prints them.*cut off"):
        parse_document(cut, META, SRC)


def test_dash_printed_for_none_is_a_missing_value() -> None:
    table = FUNCTION.replace(
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00", "\t201\t一般公共服务支出\t100.00\t100.00\t-"
    )
    assert table != FUNCTION
    rows = parse((6, table)).rows("general-budget-by-function")
    assert rows[-1]["basic"] == D("100.00") and rows[-1]["project"] is None


# ---------------------------------------------------------------------------- PDF input


def test_paragraphs_laid_out_by_the_pdf_reader_stand_as_they_are() -> None:
    # The PDF reader joins a paragraph's printed lines from the layout and marks the line
    # (Line.paragraph): a long paragraph that does not end a sentence, or one that does, stays
    # one paragraph however long it is; a table row inside a text part is not running text.
    long = "负责全区政务服务体系建设，统筹推进数字政府建设" * 4
    text = [
        "第一部分 部门概况",
        "一、部门职责",
        long,
        "负责测试。",
        "项目名称\t预算数（万元）\t绩效目标",
        "第九部分 名词解释",
        "一、基本支出：指为保障机构正常运转而发生的支出。",
    ]
    lines = [Line(t, i, page=1 + i // 4, paragraph="\t" not in t) for i, t in enumerate(text, start=1)]
    tables = [Line(t, 100 + i, page=9) for i, t in enumerate("\n".join(TABLES).split("\n"))]
    b = parse_document(lines + tables, META, SRC)
    sections = b.rows("sections")
    assert sections[0]["text"] == f"一、部门职责\n{long}\n负责测试。"
    assert b.rows("glossary") == [{"term": "基本支出", "definition": "指为保障机构正常运转而发生的支出。", "line": 1}]
    assert b.tables["sections"].start == 1  # the page where the text starts


def test_empty_cells_in_a_coded_tab_row_are_missing_values() -> None:
    # "\t201\t名称\t100.00\t\t40.00": the code before the name is not the row's first amount,
    # so the empty cell among the amounts keeps its place (PDF tables leave cells blank).
    table = FUNCTION.replace(
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00", "\t201\t一般公共服务支出\t100.00\t\t40.00"
    )
    row = parse((6, table)).rows("general-budget-by-function")[-1]
    assert (row["code"], row["total"], row["basic"], row["project"]) == ("201", D("100.00"), None, D("40.00"))


def test_key_projects_whose_goals_are_centred_on_their_rows_in_text_without_positions() -> None:
    # pdfplumber's extract_text: a project's name and amount on one line, its goal's lines
    # above and below it; a number inside a goal (圳 12345 热线, 达到 6 个) is no amount, and
    # the header printed again on a new page is no goal's text
    full = "以达到市政务服务数据管理局九成以上的通过率为运维目标，细化政务热线数"
    body = [
        "预算准备金主要用于应付突发事件，应急工作的补充，费用支出的调剂补充",
        "预算准备金 90.00",
        "资金应急保障支出及时率达到 100%。",
        "政务服务热线以政务热线工单运营支撑服务经费、知识库建设经费、政务热",
        "线数据分析应用为中心，按照市区两级政务服务数据管理局的要求完成“深",
        "圳 12345 政务服务便民热线”系统上知识库信息的日常更新与维护、培训",
        "政务服务热线 216.00 " + full,
        "据分类制定标签、管理审核标签，利用标签后的数据进行分析统计，对热线民",
        "生诉求深入挖掘，本年度二级指标达到 6 个。",
        "预算数（万",
        "项目名称（一级项目） 绩效目标",
        "元）",
        "综合事务 75.00 保障机关工作正常开展。",
    ]
    text = "第七部分 重点项目预算绩效情况说明\n2024 年，本部门重点项目绩效目标情况如下：\n预算数（万\n项目名称（一级项目） 绩效目标\n元）\n"
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(body) + "\n" + "\n".join(TABLES)).split("\n"), start=1)]
    budget = parse_document(lines, META, SRC)
    rows = budget.rows("key-projects")
    # the header's 预算数（万元） wrapped around its main line: one cell again, in its place
    part7 = next(r["text"] for r in budget.rows("sections") if r["part"] == 7)
    assert part7.startswith("2024 年，本部门重点项目绩效目标情况如下：\n项目名称（一级项目） 预算数（万元） 绩效目标\n")
    assert [(r["project"], r["amount"]) for r in rows] == [
        ("预算准备金", D("90.00")),
        ("政务服务热线", D("216.00")),
        ("综合事务", D("75.00")),
    ]
    assert rows[1]["goal"].startswith("政务服务热线以") and rows[1]["goal"].endswith("本年度二级指标达到 6 个。")
    assert "圳 12345 政务服务便民热线" in rows[1]["goal"]
    assert rows[2]["goal"] == "保障机关工作正常开展。"


def _key_projects_of(body: list[str]) -> Budget:
    text = "第七部分 重点项目预算绩效情况说明\n2024 年，本部门重点项目绩效目标情况如下：\n项目名称（一级项目） 预算数（万元） 绩效目标\n"
    lines = [Line(t, i) for i, t in enumerate((text + "\n".join(body) + "\n" + "\n".join(TABLES)).split("\n"), start=1)]
    return parse_document(lines, META, SRC)


# Goal lines each as wide as the goals' column (30 characters), the last of each goal shorter.
GOAL_LINES = [
    "预算准备金用于单位应急及其他机动经费，可满足本年度应急性资金支出需",
    "求，本年度预算准备金占部门预算金额的比例低于百分之一，资金使用符合",
    "有关规定。",
    "本年度完成智慧罗湖无线城区租用热点的数量二千零五十个，保障前端设备",
    "正常的监控设备的数量一千九百个，保障光纤传输正常幼儿园的数量一百三",
    "十所（数量类指标），资金支出合规率达到百分之百（成本指标类），为辖",
    "区市民提供免费上网服务。",
]


def test_key_project_name_wrapped_around_its_amount_on_a_line_of_its_own() -> None:
    # pdfplumber's extract_text: a name of two lines centred on its amount puts the amount on a
    # line of its own, each of the name's lines before a line of the goal; the line above is
    # wider than the goal's column holds, so its first word is the name's
    g = GOAL_LINES
    body = [
        g[0],
        "预算准备金 260.00 " + g[1],
        g[2],
        g[3],
        "智慧城区与数字政府建设 " + g[4],
        "21,021.00",
        "管理 " + g[5],
        g[6],
        "综合事务 75.00 保障机关工作正常开展。",
    ]
    rows = _key_projects_of(body).rows("key-projects")
    assert [(r["project"], r["amount"]) for r in rows] == [
        ("预算准备金", D("260.00")),
        ("智慧城区与数字政府建设管理", D("21021.00")),
        ("综合事务", D("75.00")),
    ]
    assert [r["goal"] for r in rows] == ["".join(g[:3]), "".join(g[3:]), "保障机关工作正常开展。"]


def test_key_project_lines_around_a_lone_amount_no_wider_than_a_goals_are_reported() -> None:
    # the same, but the line above the amount is no wider than a goal's line alone: whether its
    # first word is the name's or the goal's, the text does not say
    g = GOAL_LINES
    body = [g[0], "预算准备金 260.00 " + g[1], g[2], g[3], "智慧城区 " + g[4][4:], "21,021.00", "管理 " + g[5], g[6]]
    assert_only_reported(_key_projects_of(body), "key-projects")


def test_a_key_projects_goal_starting_with_a_units_character_beside_its_amount_is_its_rows() -> None:
    # ``政务服务热线 216.00 月报和年报…``: 月 may be a quantity's unit (``达到 6 个``), but here it
    # begins a word (月报), and the amount has the decimals every row's amount has: the row's line
    g = GOAL_LINES
    body = [
        g[0],
        "预算准备金 260.00 " + g[1],
        g[2],
        "政务服务热线以工单运营支撑服务经费为中心，撰写形成热线数据的周报、",
        "政务服务热线 216.00 月报和年报，为政府决策提供支撑，本年度二级指标达到六个，保障热线的",
        "正常运行。",
        "综合事务 75.00 保障机关工作正常开展。",
    ]
    rows = _key_projects_of(body).rows("key-projects")
    assert [(r["project"], r["amount"]) for r in rows] == [
        ("预算准备金", D("260.00")),
        ("政务服务热线", D("216.00")),
        ("综合事务", D("75.00")),
    ]
    assert rows[1]["goal"] == (
        "政务服务热线以工单运营支撑服务经费为中心，撰写形成热线数据的周报、"
        "月报和年报，为政府决策提供支撑，本年度二级指标达到六个，保障热线的正常运行。"
    )


def test_a_number_and_a_unit_beginning_a_word_without_the_rows_decimals_is_no_row() -> None:
    # ``…全年 210 年预计报道`` (a year split off its 全): no row's amount has no decimals here, so
    # it is the goal's text, and with it the goals pair with the amounts in one way only
    g = GOAL_LINES
    body = [g[0], "预算准备金 260.00 " + g[1], "新闻发布 210 年预计报道新闻发布会至少十八场，与中央省市媒体合作传播。"]
    rows = _key_projects_of(body).rows("key-projects")
    assert [(r["project"], r["amount"]) for r in rows] == [("预算准备金", D("260.00"))]
    assert rows[0]["goal"].endswith("新闻发布 210 年预计报道新闻发布会至少十八场，与中央省市媒体合作传播。")


def test_a_goals_line_short_of_the_widest_by_its_quotation_marks_runs_on() -> None:
    # the widest goal line holds quotation marks, measured at full width (``“五个一”``): a line
    # a little shorter than it is still a full line of the column, and runs on into the next
    g = GOAL_LINES
    body = [
        g[0],
        "预算准备金 260.00 " + g[1],
        g[2],
        "“五个一”持续深化放管服改革，提升线上线下一体化政务服务能力和水平，",
        "政务服务 900.00 统筹全区各层级大厅一体化建设工作，进一步优化营商环境，提升群众的幸",
        "福感和满意度，增强获得感，提升服务水平，本年度二级指标达到",
        "六个。",
        "综合事务 75.00 保障机关工作正常开展。",
    ]
    rows = _key_projects_of(body).rows("key-projects")
    assert [r["project"] for r in rows] == ["预算准备金", "政务服务", "综合事务"]
    assert rows[1]["goal"].startswith("“五个一”") and rows[1]["goal"].endswith("本年度二级指标达到六个。")


def test_goals_that_pair_with_the_amounts_only_off_their_centres_are_reported() -> None:
    # four lines of goal above the first row's line and none below: the goal is not centred on
    # its amount, so which lines are whose is not what the text says
    g = GOAL_LINES
    body = [g[0], g[1], g[3], g[4], "预算准备金 260.00 " + g[2], "综合事务 75.00 保障机关工作正常开展。"]
    assert_only_reported(_key_projects_of(body), "key-projects")


def test_key_projects_border_that_may_move_by_a_line_in_text_without_positions_is_reported() -> None:
    # the second goal's first line ends a sentence at the line's end (…排查处置。): the first goal
    # of four lines may take it (its amount on one of the middle two), the second then of two:
    # both cuts centred, which is meant the text does not say
    body = [
        "1. 全年预计举行新闻发布会至少十八场。 2. 人民网新闻发布厅全年",
        "新闻发布业务工作 210.00 预计报道新闻发布会至少十八场。 3. 与中央、省、市各级主流媒",
        "体合作，围绕本区发布，对热点问题及全区重点工作进行渠道传播。",
        "目标1：指导辖区网络信息系统开办主体进行网络安全隐患排查处置。",
        "网信工作 90.00 深入分析存在的问题及短板，防范化解风险隐患。目标 2: 提升网络安",
        "全工作水平, 防范网络攻击, 为辖区全面振兴发展提供清朗网络空间。",
    ]
    assert_only_reported(_key_projects_of(body), "key-projects")
    body[3] = body[3].replace("处置。", "处置，")  # a goal does not end with a comma: one cut
    rows = _key_projects_of(body).rows("key-projects")
    assert [r["goal"][:5] for r in rows] == ["1. 全年", "目标1：指"]


def test_a_goals_line_reading_as_a_name_and_a_year_is_reported() -> None:
    # cells set at their tops, a goal line a row: after a line ending with ；, ``时效指标类在 2024
    # 年度…`` reads as the project 时效指标类在 of 2024 as well as the goal going on: reported
    body = [
        "预算准备金 260.00 预算准备金用于单位应急及其他机动经费，可满足本年度应急性资金支出需",
        "求，资金支出合规率达到百分之百；",
        "时效指标类在 2024 年度项目资金完成率达到百分之百。",
        "综合事务 75.00 保障机关工作正常开展。",
    ]
    assert_only_reported(_key_projects_of(body), "key-projects")
    body[2] = "时效指标类在本年度项目资金完成率达到百分之百。"
    assert [r["project"] for r in _key_projects_of(body).rows("key-projects")] == ["预算准备金", "综合事务"]


def test_indicator_classes_wrapped_among_rows_that_cannot_be_placed_are_reported() -> None:
    # a class label wrapped in its merged cell stands between the rows' lines (数量指 / 标),
    # among a side label's characters (度, 绩, 效): where the lines are not understood, the
    # table is reported, not published with its rows under another class
    text = """产出指标
智慧罗湖无线城区租用AP的数量 2050 个
度
信息安全等级保护二级系统数量 ≥10 个
绩
效
数量指
标 短信可发送条数 ≥1200 万条
质量指
标
短信平台无故障率 ≥99%"""
    with pytest.raises(BudgetError, match=r"prints the class 数量指标|not centred"):
        _levels(text)


def test_tasks_header_whose_fiscal_cell_wraps_after_cai_zheng_is_found() -> None:
    # a narrow column: 其中：财政 / 拨款 (and 其中：其他 / 资金), the header's main line holding
    # neither 其中：财政拨款 nor 其中：财政拨
    tasks = (
        "表十四：部门整体支出绩效目标表\n2024年度 单位：万元\n部门（单位）名称 深圳市测试中心 主管部门 深圳市测试局\n"
        "预算金额（万元）\n任务名称 主要内容 其中：财政 其中：其他\n总额\n拨款 资金\n"
        "基本支出 主要用于人员经费。 100.00 100.00 0.00\n金额合计 100.00 100.00 0.00\n年度总体目标"
    )
    b = parse_document(doc(extra=tasks), META, SRC)
    assert [(r["task"], r["content"], r["total"]) for r in b.rows("performance-tasks")] == [
        ("基本支出", "主要用于人员经费。", D("100.00")),
        ("金额合计", "", D("100.00")),
    ]


def test_header_printed_again_where_a_table_goes_on_over_a_page_without_its_title() -> None:
    # text without positions: the next page starts with 续表 and the header lines again, no title
    page2 = ["续表", "支出项目类别 总计", "一般公共预 小计", "算拨款", "奖金 60.00 60.00 60.00" + " 0.00" * 9]
    basic = (
        "表四：基本支出总表\n单位名称：深圳市测试中心 单位：万元\n支出项目类别 总计\n一般公共预 小计\n算拨款\n"
        "深圳市测试中心 120.00 120.00 120.00" + " 0.00" * 9 + "\n工资福利支出 120.00 120.00 120.00" + " 0.00" * 9 + "\n"
        "基本工资 60.00 60.00 60.00" + " 0.00" * 9 + "\n第 1 页\n" + "\n".join(page2) + "\n第 2 页\n第 3 页"
    )
    lines = decode_text("\n".join([TEXT, *[basic if t is BASIC else t for t in TABLES]]).encode(), "t.txt")
    rows = parse_document(lines, META, SRC).rows("basic-expenditure")
    assert [(r["name"], r["level"], r["total"]) for r in rows] == [
        ("深圳市测试中心", 0, D("120.00")),
        ("工资福利支出", 1, D("120.00")),
        ("基本工资", 2, D("60.00")),
        ("奖金", 2, D("60.00")),
    ]


def test_units_named_by_a_table_that_cannot_be_read_are_not_known_from_it() -> None:
    # the 支出总表 reads a row without a code as a unit's, then fails: the 基本支出总表's row
    # much like that name is an item, not a unit
    expenditure = (
        "表三：支出总表\n单位名称：深圳市测试中心 单位：万元\n预算单位 科目编码 科目名称 支出总计\n"
        "深圳市测试中心 100.00 60.00 40.00" + " 0.00" * 6 + "\n"
        "机关事业单位基本养老保险缴费支出 100.00 60.00 40.00" + " 0.00" * 6 + "\n20805 行政事业单位养老支出 1.00 2.00"
    )
    basic = BASIC.replace("基本工资", "机关事业单位基本养老保险缴费")
    b = parse((2, expenditure), (3, basic))
    assert "expenditure-summary" in {f.resource for f in b.failures}
    rows = b.rows("basic-expenditure")
    assert [(r["unit"], r["name"], r["level"]) for r in rows][-1] == (
        "深圳市测试中心",
        "机关事业单位基本养老保险缴费",
        2,
    )


def test_labels_wrapped_and_centred_on_their_amounts_in_text_without_positions() -> None:
    # a narrow label column (6 characters): a two-line label puts a line above its amounts and
    # one below; a three-line one a line above, one beside them and one below
    zeros = " 0.00" * 9
    table = "\n".join(
        [
            "表四：基本支出总表",
            "单位名称：深圳市测试中心 单位：万元",
            "支出项目类别 总计",
            "深圳市龙岗区",
            "公共资源交易 60.00 60.00 60.00" + zeros,
            "中心",
            "工资福利支出 60.00 60.00 60.00" + zeros,
            "职工基本医疗",
            "50.00 50.00 50.00" + zeros,
            "保险缴费",
            "基本工资 10.00 10.00 10.00" + zeros,
        ]
    )
    meta = Metadata(id="2024-t", year=2024, slug="t", department="深圳市龙岗区公共资源交易中心", parent_department="")
    lines = [Line(t, i) for i, t in enumerate("\n".join([TEXT, *TABLES[:3], table, *TABLES[4:]]).split("\n"), 1)]
    rows = parse_document(lines, meta, SRC).rows("basic-expenditure")
    assert [(r["unit"], r["name"], r["level"]) for r in rows] == [
        ("深圳市龙岗区公共资源交易中心", "深圳市龙岗区公共资源交易中心", 0),
        ("深圳市龙岗区公共资源交易中心", "工资福利支出", 1),
        ("深圳市龙岗区公共资源交易中心", "职工基本医疗保险缴费", 2),
        ("深圳市龙岗区公共资源交易中心", "基本工资", 2),
    ]


def test_a_wrapped_unit_name_in_a_table_of_one_amount_a_row() -> None:
    # the 采购 table: one amount a row, a unit's name wrapped around it; the codes, cells of
    # their own, do not count in how wide a full line of the name is
    table = """表十三：政府采购项目支出表
单位名称:深圳市测试中心 单位：万元
单位 品目编码 采购品目 金额
深圳市测试局（本
300.00
级）
C 服务 300.00
C16000000 信息技术服务 300.00
C16010000 软件开发服务 300.00"""
    rows = parse(extra=table).rows("procurement")
    assert [(r["unit"], r["code"], r["item"]) for r in rows] == [
        ("深圳市测试局（本级）", "", ""),
        ("深圳市测试局（本级）", "C", "服务"),
        ("深圳市测试局（本级）", "C16000000", "信息技术服务"),
        ("深圳市测试局（本级）", "C16010000", "软件开发服务"),
    ]


def test_a_key_projects_header_wrapped_around_its_main_line_is_put_together_by_cell() -> None:
    from generator.read.tables.key_projects import centred_header

    # ）closes the cell not yet whole (预算数（万元）, not 项目名称（一级项目）); spaces on a line kept
    assert centred_header(["预算数（万", "项目名称（一级项目） 绩效目标", "元）"]) == [
        "项目名称（一级项目）",
        "预算数（万元）",
        "绩效目标",
    ]
    assert centred_header(["预算数(万元", "项目名称 (一级项目) 绩效目标", ")"]) == [
        "项目名称 (一级项目)",
        "预算数(万元)",
        "绩效目标",
    ]
    with pytest.raises(BudgetError, match="not a heading"):
        centred_header(["预算数（万", "项目名称 备注 绩效目标", "元）"])


def test_a_unit_name_wrapped_below_the_amounts_before_a_coded_row() -> None:
    # the wrapped name's last line stands alone between the unit's amounts and the next row's
    # code: it is the unit's (alone, a row of label lines without amounts cannot be)
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试局（本
100.00 60.00 40.00
级）
201 一般公共服务支出 100.00 60.00 40.00"""
    rows = parse((6, table)).rows("general-budget-by-function")
    assert [(r["unit"], r["code"], r["name"], r["total"]) for r in rows] == [
        ("深圳市测试局（本级）", "", "", D("100.00")),
        ("深圳市测试局（本级）", "201", "一般公共服务支出", D("100.00")),
    ]


def test_a_code_printed_beside_the_amounts_of_a_name_wrapped_around_them() -> None:
    # 机关事业单位基本养老保险缴费支 / 2080505 73.35 … / 出: the code is the row's, not a
    # piece of its first amount (2080505 73.35 would read as 208050573.35 across the space)
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试中心 100.00 60.00 40.00
20805 行政事业单位养老支出 100.00 60.00 40.00
机关事业单位基本养老保险缴费支
2080505 73.35 60.00 13.35
出
2080506 机关事业单位职业年金缴费支出 26.65 0.00 26.65"""
    rows = parse((6, table)).rows("general-budget-by-function")
    assert [(r["code"], r["name"], r["total"]) for r in rows[1:]] == [
        ("20805", "行政事业单位养老支出", D("100.00")),
        ("2080505", "机关事业单位基本养老保险缴费支出", D("73.35")),
        ("2080506", "机关事业单位职业年金缴费支出", D("26.65")),
    ]


def test_surplus_zero_amounts_are_dropped_only_from_tab_separated_cells() -> None:
    # apart by spaces, an amount wrapped in its narrow cell (0.0000 / 0) looks like a surplus
    # zero: the row is reported, not read with a zero dropped
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试中心 100.00 60.00 40.00 0.00
201 一般公共服务支出 100.00 60.00 40.00"""
    b = parse((6, table))
    assert "general-budget-by-function" in {f.resource for f in b.failures}
    tabbed = table.replace("深圳市测试中心 100.00 60.00 40.00 0.00", "深圳市测试中心\t100.00\t60.00\t40.00\t0.00")
    rows = parse((6, tabbed)).rows("general-budget-by-function")
    assert (rows[0]["total"], rows[0]["project"]) == (D("100.00"), D("40.00"))


def test_a_unit_name_wrapped_in_a_column_narrower_than_the_items_names() -> None:
    # the 预算单位 column is narrower than the 科目名称 one: how full a unit's line is, the units'
    # lines say, not the items' (which stand in a column of their own, after their codes)
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
预算单位 科目编码 科目名称 支出总计 基本支出 项目支出
深圳市测试中
100.00 60.00 40.00
心
208 社会保障和就业支出 100.00 60.00 40.00
20805 行政事业单位养老支出 100.00 60.00 40.00"""
    rows = parse((6, table)).rows("general-budget-by-function")
    assert [(r["unit"], r["code"], r["total"]) for r in rows] == [
        ("深圳市测试中心", "", D("100.00")),
        ("深圳市测试中心", "208", D("100.00")),
        ("深圳市测试中心", "20805", D("100.00")),
    ]


def test_a_procurement_code_beside_the_amount_of_an_item_wrapped_around_it() -> None:
    table = """表十三：政府采购项目支出表
单位名称:深圳市测试中心 单位：万元
单位 品目编码 采购品目 金额
深圳市测试中心 300.00
C 服务 300.00
电信和其他信息传输服
C17000000 300.00
务
C17990000 其他电信和信息传输服务 300.00"""
    rows = parse(extra=table).rows("procurement")
    assert [(r["unit"], r["code"], r["item"], r["level"]) for r in rows] == [
        ("深圳市测试中心", "", "", 0),
        ("深圳市测试中心", "C", "服务", 1),
        ("深圳市测试中心", "C17000000", "电信和其他信息传输服务", 2),
        ("深圳市测试中心", "C17990000", "其他电信和信息传输服务", 3),
    ]


def test_indicators_one_cell_per_line_side_label_pieces_and_the_header_again_are_no_cells() -> None:
    # the side label 年度绩效指标 a piece at a time on lines of its own, the header printed again
    # on a continuation page: neither a target's end nor an indicator
    text = """
产出指标
数量指标
订阅学习刊物
≥4 批次
年度
开展党建活动次数
≥12 次
一级指标 二级指标 三级指标 目标值
绩效
推文发布数
≥400 条
"""
    rows = indicator_rows([Line(t, i) for i, t in enumerate(text.strip().split("\n"), start=1)])
    assert [(r["indicator"], r["target"]) for r in rows] == [
        ("订阅学习刊物", "≥4 批次"),
        ("开展党建活动次数", "≥12 次"),
        ("推文发布数", "≥400 条"),
    ]


def test_an_indicator_whose_target_is_not_told_from_its_text_is_reported() -> None:
    # a target in words the reader does not know, on the indicator's line: not told apart
    text = """
产出指标
质量指标
图文直播数量
18 场
传播及时性 重大、热点新闻在3日内进行传播
时效指标
图文直播次数
≥4 次
"""
    with pytest.raises(BudgetError, match="without its target"):
        _levels(text)


def test_three_public_amounts_outside_any_year_row_report_the_table() -> None:
    # Amounts wrapped in narrow cells (4. / 67), the 2023 row's first line taken for the header:
    # no year row holds the amounts read, the table is reported, not published empty.
    table = (
        "表九：财政拨款“三公”经费支出表\n单位名称：深圳市测试中心 单位：万元\n预算单位 年度 合计\n"
        "1. 0. 0. 1. 0. 1.\n2023年\n50 00 00 50 00 50\n深圳市测试\n2. 0. 0. 2. 0. 2.\n"
        "中心 2024年\n50 00 00 50 00 50\n增减变 1. 0. 0. 1. 0. 1.\n化金额 00 00 00 00 00 00"
    )
    fund = FUNCTION.replace("表七：一般公共预算支出表（按功能分类）", "表十：政府性基金预算支出表")
    b = parse((8, table), extra=fund)  # not the last table (a last table without rows is cut short)
    assert "government-fund-expenditure" in b.tables
    assert_only_reported(b, "three-public-expenses")


# The “三公” table in text apart by spaces: the unit a cell merged down its year rows, centred.
THREE_HEAD = "表九：财政拨款“三公”经费支出表\n单位名称：深圳市测试中心 单位：万元\n预算单位 年度 合计\n"
YEAR_2023 = "1.00 0.00 0.00 1.00 0.00 1.00"
YEAR_2024 = "1.50 0.00 0.00 1.50 0.00 1.50"
CHANGE = "0.50 0.00 0.00 0.50 0.00 0.50"
TWO_UNITS = INCOME.replace(
    "深圳市测试中心\t100.00", "深圳市测试局\t100.00\t100.00\t60.00\t40.00" + "\t0.00" * 11 + "\n深圳市测试中心\t100.00"
)


def _three(body: str, *replace: tuple[int, str]) -> list[tuple[str, str, D]]:
    b = parse((8, THREE_HEAD + body), *replace)
    assert not b.failures, b.failures
    return [(r["unit"], r["year"], r["total"]) for r in b.rows("three-public-expenses")]


def test_three_public_unit_wrapped_among_its_year_rows_in_text_apart_by_spaces() -> None:
    # pdfplumber's text of a centred unit: its pieces between the year rows' lines
    body = f"2023年 {YEAR_2023}\n深圳市测试\n2024年 {YEAR_2024}\n中心\n增减变化金额 {CHANGE}"
    unit = "深圳市测试中心"
    assert _three(body) == [(unit, "2023", D("1.00")), (unit, "2024", D("1.50")), (unit, "change", D("0.50"))]


def test_three_public_unit_and_change_cell_wrapped_side_by_side() -> None:
    # a unit's piece beside the year cell's on one line (中 增减变化金), the change's last
    # character below its amounts' line, beside nothing (额)
    body = f"2023年 {YEAR_2023}\n深圳市测试 2024年 {YEAR_2024}\n中 增减变化金\n心 {CHANGE}\n额"
    assert [u for u, _, _ in _three(body)] == ["深圳市测试中心"] * 3


def test_three_public_amounts_each_wrapped_over_two_lines_around_their_year_cell() -> None:
    body = (
        "1.0 0.0 0.0 1.0 0.0 1.0\n2023年\n0 0 0 0 0 0\n深圳市测试 1.5 0.0 0.0 1.5 0.0 1.5\n2024年\n"
        "中心 0 0 0 0 0 0\n增减变化 0.5 0.0 0.0 0.5 0.0 0.5\n金额 0 0 0 0 0 0"
    )
    assert _three(body) == [
        ("深圳市测试中心", "2023", D("1.00")),
        ("深圳市测试中心", "2024", D("1.50")),
        ("深圳市测试中心", "change", D("0.50")),
    ]


def test_three_public_pieces_between_two_units_cut_where_both_are_units_printed_elsewhere() -> None:
    # 试局 / 深圳市测 between the first unit's change row and the second's 2023 row: cut after 试局
    a, b, c = f"2023年 {YEAR_2023}\n", f"2024年 {YEAR_2024}\n", f"增减变化金额 {CHANGE}\n"
    body = f"{a}深圳市测\n{b}{c}试局\n深圳市测\n{a}试中心\n{b}{c}"
    assert [u for u, _, _ in _three(body, (1, TWO_UNITS))] == ["深圳市测试局"] * 3 + ["深圳市测试中心"] * 3


@pytest.mark.parametrize(
    "body",
    [
        # pieces between two blocks that no cut makes two units of the document's
        "2023年 {y23}\n深圳市测\n2024年 {y24}\n增减变化金额 {ch}\n试所\n深圳市测\n2023年 {y23}\n试中心\n2024年 {y24}\n"
        "增减变化金额 {ch}",
        # words after the table that are no unit's name (a total row's label without its amounts)
        "深圳市测试中心\n{rows}合计",
        # some amounts of a row wrapped, some not: which columns the pieces are in, the text does not say
        "1.0 1.0 1.0\n2023年 0.00 0.00 0.00\n0 0 0\n深圳市测试中心 2024年 {y24}\n增减变化金额 {ch}",
        # the year cells do not read as 2023, 2024 and the change
        "深圳市测试中心\n2023年 {y23}\n2024 {y24}\n增减变化金额 {ch}",
    ],
)
def test_three_public_text_apart_by_spaces_that_does_not_settle_the_rows_is_reported(body: str) -> None:
    rows = f"2023年 {YEAR_2023}\n2024年 {YEAR_2024}\n增减变化金额 {CHANGE}\n"
    text = THREE_HEAD + body.format(rows=rows, y23=YEAR_2023, y24=YEAR_2024, ch=CHANGE)
    fund = FUNCTION.replace("表七：一般公共预算支出表（按功能分类）", "表十：政府性基金预算支出表")
    b = parse((8, text), (1, TWO_UNITS), extra=fund)
    assert_only_reported(b, "three-public-expenses")


FISCAL_SPACED = "表六：财政拨款收支总表\n单位名称：深圳市测试中心 单位：万元\n收入项目 收入预算数 支出项目 支出预算数\n"


def test_a_two_sided_row_whose_items_both_wrap_around_it_takes_the_pieces_side_by_side() -> None:
    # text without positions: both items of one row wrapped around its amounts, their pieces
    # side by side on the lines above and below (结余、 机关… / 结转 支出), the income column's
    # first: as many such lines above the row as below it are its; the one-word lines around
    # them (转, 3.国有…) go to the rows next to them that miss an item
    table = FISCAL_SPACED + (
        "财政拨款 100.00 一、一般公共服务支出 100.00\n本年收入合计 100.00 事业运行 40.00\n"
        "1.一般公共预算拨款结余、结\n0.00 其他支出 20.00\n转\n"
        "2.政府性基金预算拨款结余、 机关事业单位基本养老保险缴费\n0.00 40.00\n结转 支出\n"
        "3.国有资本经营预算拨款结余\n0.00 其他支出 0.00\n、结转\n"
        "收入总计 100.00 支出总计 100.00"
    )
    b = parse((5, table))
    assert not b.failures, b.failures
    rows = b.rows("fiscal-appropriation-summary")
    assert [(r["item"], r["amount"]) for r in rows if r["side"] == "income"] == [
        ("财政拨款", D("100.00")),
        ("本年收入合计", D("100.00")),
        ("1.一般公共预算拨款结余、结转", D("0.00")),
        ("2.政府性基金预算拨款结余、结转", D("0.00")),
        ("3.国有资本经营预算拨款结余、结转", D("0.00")),
        ("收入总计", D("100.00")),
    ]
    assert [(r["item"], r["amount"]) for r in rows if r["side"] == "expenditure"] == [
        ("一、一般公共服务支出", D("100.00")),
        ("事业运行", D("40.00")),
        ("其他支出", D("20.00")),
        ("机关事业单位基本养老保险缴费支出", D("40.00")),
        ("其他支出", D("0.00")),
        ("支出总计", D("100.00")),
    ]


def test_a_two_sided_row_whose_items_wrap_to_different_heights_is_reported() -> None:
    # the expenditure item four lines tall, the income item two: its first line (机关…基本养) stands
    # above the lines of two pieces, full, and its last (出) below them, after a full piece: each
    # may be its or the next row's item's (上年结余、 / 结转 above, 3.国有… / 、结转 below): the text
    # does not say, the table is reported (read, 上年结余、结转机关事业单位基本养 and 出3.国有资本经营预算
    # 拨款结余、结转 would be published)
    table = FISCAL_SPACED + (
        "财政拨款 100.00 一、一般公共服务支出 100.00\n本年收入合计 100.00 事业运行 40.00\n"
        "上年结余、\n0.00 其他支出 20.00\n结转\n机关事业单位基本养\n"
        "2.政府性基金预算拨款结余、 老保险缴费支出和其\n0.00 40.00\n结转 他社会保障缴费支\n出\n"
        "3.国有资本经营预算拨款结余\n0.00 其他支出 0.00\n、结转\n"
        "收入总计 100.00 支出总计 100.00"
    )
    b = parse((5, table))
    assert "fiscal-appropriation-summary" not in b.tables
    assert [f.resource for f in b.failures] == ["fiscal-appropriation-summary"]
    assert "two amounts without their items" in b.failures[0].reason


def test_an_indicator_centred_on_its_target_keeps_its_line_below_it() -> None:
    # cells apart by spaces, an indicator wrapped in its cell and set centred on its target:
    # as many of its lines below the target's line as above it; not the next indicator's start
    text = """
产出指标
数量指标
智慧罗湖无线城区租用AP的数量 2050 个
保障罗湖区电子防控视频监控系统正常运行的监
1918 个
控点数量
接入监控系统幼儿园数量 130 所
是否满足电子合同实名认证服务、电子合同签约
满足
服务有效期1年
质量指标
短信平台无故障率 ≥99%
"""
    rows = indicator_rows([Line(t, i) for i, t in enumerate(text.strip().split("\n"), start=1)])
    assert [(r["indicator"], r["target"]) for r in rows] == [
        ("智慧罗湖无线城区租用AP的数量", "2050 个"),
        ("保障罗湖区电子防控视频监控系统正常运行的监控点数量", "1918 个"),
        ("接入监控系统幼儿园数量", "130 所"),
        ("是否满足电子合同实名认证服务、电子合同签约服务有效期1年", "满足"),
        ("短信平台无故障率", "≥99%"),
    ]


@pytest.mark.parametrize("line", ["指标 智慧罗湖无线城区租用AP及带宽在线率 ≥90%", "社会效益指"])
def test_an_indicator_line_starting_with_a_label_piece_is_reported(line: str) -> None:
    # the side label (年度 / 绩效 / 指标) or a class (社会效益指 / … / 标) wrapped among the rows'
    # lines: not read into an indicator
    text = (
        f"产出指标\n数量指标\n短信可发送条数 ≥1200 万条\n{line}\n给幼儿园安全提供监控服务 满足\n标\n"
        "互联网出口带宽 ≥14GB\n质量指标\n全年VPN链路可用率\n≥99%\n短信平台无故障率\n≥99%"
    )
    with pytest.raises(BudgetError, match="part of a label"):
        indicator_rows([Line(t, i) for i, t in enumerate(text.split("\n"), start=1)])


SPECIAL_TRANSFER = "表十二：上级专项转移支付支出表\n单位名称：深圳市测试中心 单位：万元\n预算单位 科目编码 科目名称 项目名称 项目金额\n"


def test_a_unit_wrapped_around_its_amount_ends_where_the_name_is_a_unit_known_before() -> None:
    # pdfplumber's text of a one-amount table, each unit's name centred on its amount: the
    # second line of one name and the first of the next between two amounts (心 / 深圳市测)
    table = SPECIAL_TRANSFER + "深圳市测试中\n0.00\n心\n深圳市测\n0.00\n试局"
    b = parse((1, TWO_UNITS), extra=table)
    assert not b.failures, b.failures
    assert [r["unit"] for r in b.rows("special-transfer-expenditure")] == ["深圳市测试中心", "深圳市测试局"]


def test_a_unit_that_may_go_on_below_its_amounts_or_not_is_reported() -> None:
    # 深圳市测试局 is a unit, and so is 深圳市测试局（本级）: whose line （本级） is, the text does not say
    units = TWO_UNITS.replace(
        "深圳市测试中心\t100.00",
        "深圳市测试局（本级）\t100.00\t100.00\t60.00\t40.00" + "\t0.00" * 11 + "\n深圳市测试中心\t100.00",
    )
    table = SPECIAL_TRANSFER + "深圳市测试局 0.00\n（本级）\n深圳市测试中心 0.00"
    b = parse((1, units), extra=table)
    assert_only_reported(b, "special-transfer-expenditure")


EXPENDITURE_SPACED = (
    "表三：支出总表\n单位名称：深圳市测试中心 单位：万元\n预算单位 科目编码 科目名称 支出总计 基本支出 项目支出\n"
)


def test_an_amount_wrapped_in_its_cell_that_adds_up_in_two_columns_is_placed_by_the_sums_or_reported() -> None:
    # 196,022.61 keeps the total the sum of its parts as 项目支出 or as any of the three columns
    # after it (all zero): which one it is printed in, the row does not say, and with no other
    # row the table's sums do not either
    unit = "196,022.6\n深圳市测试中心 204,294.75 8,272.14 0.00 0.00 0.00 0.00 0.00 0.00\n1"
    b = parse((2, EXPENDITURE_SPACED + unit))
    assert_only_reported(b, "expenditure-summary")
    # the unit's row is the sum of its children's: 201's 196,022.61, printed whole as 项目支出,
    # puts the unit's there
    child = "\n201 一般公共服务支出 204,294.75 8,272.14 196,022.61 0.00 0.00 0.00 0.00 0.00 0.00"
    rows = parse((2, EXPENDITURE_SPACED + unit + child)).rows("expenditure-summary")
    assert [(r["code"], r["total"], r["basic"], r["project"], r["business_operating"]) for r in rows] == [
        ("", D("204294.75"), D("8272.14"), D("196022.61"), D("0.00")),
        ("201", D("204294.75"), D("8272.14"), D("196022.61"), D("0.00")),
    ]


def test_a_rows_last_amount_among_its_lines_amounts_is_no_code_of_the_next_row() -> None:
    # text apart by spaces: 650 ends its line of amounts (a code starts its line, or follows its
    # row's words), the unit's name wrapped around that line (深圳市测试中 / … / 心)
    table = (
        "表十：政府性基金预算支出表\n单位名称：深圳市测试中心 单位：万元\n预算单位 科目编码 科目名称 支出总计 基本支出 项目支出\n"
        "深圳市测试中\n650 0 650\n心\n212 城乡社区支出 650 0 650"
    )
    b = parse(extra=table)
    assert not b.failures, b.failures
    assert [(r["unit"], r["code"], r["total"], r["project"]) for r in b.rows("government-fund-expenditure")] == [
        ("深圳市测试中心", "", D("650"), D("650")),
        ("深圳市测试中心", "212", D("650"), D("650")),
    ]


ZEROS = " 0.00" * 6


def test_a_name_wrapped_above_the_line_its_code_starts_is_that_rows() -> None:
    # pdfplumber's text of a narrow 科目名称 column, each name centred on its row's amounts: a
    # line of it above, its code and a line beside the amounts, a line below (政府办公厅（ /
    # 20103 室）及相关机 … / 构事务); the line above it is no row of its own, and the line before
    # that is the row above's (一般公共服务 / 201 … / 支出)
    table = EXPENDITURE_SPACED + "\n".join(
        [
            "深圳市测试中心 100.00 60.00 40.00" + ZEROS,
            "一般公共服务",
            "201 100.00 60.00 40.00" + ZEROS,
            "支出",
            "政府办公厅（",
            "20103 室）及相关机 100.00 60.00 40.00" + ZEROS,
            "构事务",
            "2010350 事业运行 100.00 60.00 40.00" + ZEROS,
        ]
    )
    b = parse((2, table))
    assert not b.failures, b.failures
    assert [(r["code"], r["name"]) for r in b.rows("expenditure-summary")] == [
        ("", ""),
        ("201", "一般公共服务支出"),
        ("20103", "政府办公厅（室）及相关机构事务"),
        ("2010350", "事业运行"),
    ]


def test_a_name_above_its_code_that_is_not_centred_on_its_amounts_is_reported() -> None:
    # 一般 is not a full line, so 公共服务支出 does not go back to it: the 20103 row would have two
    # lines above its amounts and none below, which no centred name has: which lines are whose,
    # the text does not say (read, the rows would be 一般 and 公共服务支出政府办公厅…)
    table = EXPENDITURE_SPACED + "\n".join(
        [
            "深圳市测试中心 100.00 60.00 40.00" + ZEROS,
            "一般",
            "201 100.00 60.00 40.00" + ZEROS,
            "公共服务支出",
            "政府办公厅（",
            "20103 室）及相关机 100.00 60.00 40.00" + ZEROS,
            "2010350 事业运行 100.00 60.00 40.00" + ZEROS,
        ]
    )
    b = parse((2, table))
    assert "expenditure-summary" not in b.tables
    assert [f.resource for f in b.failures] == ["expenditure-summary"]
    assert "above its amounts" in b.failures[0].reason


def test_the_first_rows_label_wrapped_around_its_amounts_is_no_header_line() -> None:
    # pdfplumber's text: the parent's name, printed otherwise than the metadata's (no unit known
    # before starts like it), wrapped around the table's first line of amounts; its first line is
    # the row's, not the header's last (a header prints no line of amounts)
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
科目 2024 年预算数
预算单位 科目编
科目名称 支出总计 基本支出 项目支出
码
深圳测试
100.00 60.00 40.00
局（本级）
深圳市测试
100.00 60.00 40.00
中心
201 一般公共服务支出 100.00 60.00 40.00"""
    b = parse((6, table))
    assert not b.failures, b.failures
    assert [(r["unit"], r["code"], r["total"]) for r in b.rows("general-budget-by-function")] == [
        ("深圳测试局（本级）", "", D("100.00")),
        ("深圳市测试中心", "", D("100.00")),
        ("深圳市测试中心", "201", D("100.00")),
    ]


def test_a_header_line_of_words_above_a_first_row_on_one_line_stays_the_headers() -> None:
    # the first row's name on its amounts' line: the header's last line (码) is not its label
    table = """表七：一般公共预算支出表（按功能分类）
单位名称：深圳市测试中心 单位：万元
预算单位 科目编
科目名称 支出总计 基本支出 项目支出
码
深圳市测试中心 100.00 60.00 40.00
201 一般公共服务支出 100.00 60.00 40.00"""
    rows = parse((6, table)).rows("general-budget-by-function")
    assert [(r["unit"], r["code"]) for r in rows] == [("深圳市测试中心", ""), ("深圳市测试中心", "201")]


def test_amounts_cut_short_at_the_cells_tops_end_on_the_line_below() -> None:
    # cells at their tops: 60.0 cut short in its cell, its end 0 on the next line (after the
    # label's last line): the end is 60.0's, not the line's last amount's (40.000)
    table = FUNCTION.replace(
        "深圳市测试中心\t\t\t100.00\t60.00\t40.00", "深圳市测试中 100.00 60.0 40.00\n心 0"
    ).replace("\t201\t一般公共服务支出\t100.00\t60.00\t40.00", "201 一般公共服务支出 100.00 60.00 40.00")
    row = parse((6, table)).rows("general-budget-by-function")[0]
    assert (row["unit"], row["total"], row["basic"], row["project"]) == (
        "深圳市测试中心",
        D("100.00"),
        D("60.00"),
        D("40.00"),
    )


def test_bare_ends_of_wrapped_amounts_whose_cells_the_text_does_not_give_are_reported() -> None:
    # 0.000 0.000 / 0 0: two ends below a line of amounts that none of them is cut short before
    # its second decimal: which amounts they end (printed 0.0000 each), the text does not say
    table = FUNCTION.replace(
        "\t201\t一般公共服务支出\t100.00\t60.00\t40.00", "201 一般公共服务支出 0.000 0.000 0.000\n0 0"
    )
    assert_only_reported(parse((6, table)), "general-budget-by-function")


def test_key_projects_at_the_cells_tops_name_going_on_before_the_goals_second_line() -> None:
    # each row's name, amount and the goal's first line on one line, the goal going on below;
    # a name wrapped in its cell goes on at the start of the next line (the line wider than a
    # goal's full line, or the word closing a bracket the name opened); the header printed
    # again on a new page is neither a goal's line nor the end of one
    g = GOAL_LINES
    body = [
        "预算准备金 260.00 " + g[0],
        g[1],
        g[2],
        "智慧城区与数字政府建设 21,021.00 " + g[3],
        "管理 " + g[4],
        g[5],
        g[6],
        "项目名称（一级项目） 预算数（万元） 绩效目标",
        "信息化新建项目(非政府 75.00 " + g[3],
        "投资项目) " + g[4][:10],
    ]
    rows = _key_projects_of(body).rows("key-projects")
    assert [(r["project"], r["amount"]) for r in rows] == [
        ("预算准备金", D("260.00")),
        ("智慧城区与数字政府建设管理", D("21021.00")),
        ("信息化新建项目(非政府投资项目)", D("75.00")),
    ]
    assert rows[1]["goal"] == "".join(g[3:7])
    assert rows[2]["goal"] == g[3] + g[4][:10]


def test_an_end_below_a_row_of_centred_cells_may_finish_a_piece_above_it() -> None:
    from generator.read.tokens import merge_wrapped_numbers

    def merged(*texts: str) -> list[str]:
        return [ln.text for ln in merge_wrapped_numbers([Line(t, i) for i, t in enumerate(texts, 1)], 3)]

    # at the cells' tops: 60.0's end 0 on the line below, the line above without amounts
    assert merged("款 拨款", "深圳市测试中 100.00 60.0 40.00", "心 0") == [
        "款 拨款",
        "深圳市测试中 100.00 60.00 40.00",
        "心",
    ]
    # 100.0 cut short above the row's line, its end 2 below it (cells centred): 98.5, printed
    # with one decimal, is not cut short in its cell, and is not made 98.52
    texts = ("深圳市测 100.0", "试中心测 98.5 1.52", "试单位 2")
    assert "试中心测 98.5 1.52" in merged(*texts)


def test_indicator_classes_at_their_blocks_bottoms_in_text_without_positions_are_reported() -> None:
    # each class on the line of its block's last row (cells set at their bottoms): read centred,
    # 丁 went to 数量指标 and 庚 to 时效指标; set at the bottoms the classes fit exactly, but the
    # rows' own lines are set so too, which text without positions does not tell apart
    text = """
产出指标
甲 1台
乙 2台
数量指标 丙 3台
丁 4台
质量指标 戊 5台
己 6台
庚 7台
时效指标 辛 8台
"""
    with pytest.raises(BudgetError, match="at their bottoms"):
        _levels(text)
