"""A table's header read as one of its rows is reported, never published (read/tables/headings.py)."""

from __future__ import annotations

import csv
from decimal import Decimal as D
from pathlib import Path

import pytest

from generator.catalog import BY_RESOURCE, headings
from generator.model import BudgetError, Row
from generator.read.tables.headings import check_no_header_row, headings_in

GOLDEN = Path(__file__).parent / "golden"


def found(resource: str, row: Row) -> list[str]:
    return headings_in(row, headings(BY_RESOURCE[resource]))


@pytest.mark.parametrize(
    ("resource", "row"),
    [
        # a header over its label columns read as the first row's unit (then filled down)
        ("expenditure-summary", {"unit": "预算单位 科目编码 科目名称 某某区卫生监督所", "code": "", "name": ""}),
        ("general-budget-by-economic", {"unit": "科目名称支出总计基本支出项目支出", "code": "301", "name": "x"}),
        ("income-summary", {"unit": "预算单位收入总计一般公共预算拨款"}),
        ("basic-expenditure", {"unit": "某中心", "name": "支出项目类别 总计 财政拨款小计"}),
        # the header's cells read as a row's cells, one heading in each
        ("performance-indicators", {"level1": "一级指标", "level2": "二级指标", "indicator": "三级指标", "target": ""}),
        ("performance-tasks", {"task": "任务名称", "content": "主要内容", "total": D("1.00")}),
        # another year's header (2025年预算数): the column is still 预算数
        ("income-expenditure-summary", {"side": "income", "item": "项目 2025 年预算数", "amount": D(0)}),
        ("procurement", {"unit": "预算单位", "code": "", "item": "品目编码 采购品目"}),
        ("three-public-expenses", {"unit": "预算单位", "year": "年度", "fund": "general_budget"}),
        ("key-projects", {"project": "项目名称（一级项目） 预算数（万元）", "amount": D(1), "goal": ""}),
    ],
)
def test_a_row_holding_two_of_its_tables_headings_is_a_header(resource: str, row: Row) -> None:
    assert len(found(resource, row)) >= 2
    with pytest.raises(BudgetError, match="column headings") as e:
        check_no_header_row(resource, [{"unit": "某某区卫生监督所"}, row], 7)
    assert e.value.line == 7 and "row 2 " in e.value.detail


@pytest.mark.parametrize(
    ("resource", "row"),
    [
        # one heading is a label's own word: 项目 in 项目支出, 基本支出 an item of the 收支总表
        ("income-expenditure-summary", {"side": "expenditure", "item": "二、项目支出", "amount": D(1)}),
        ("income-expenditure-summary", {"side": "expenditure", "item": "基本支出", "amount": D(1)}),
        ("project-expenditure", {"unit": "某局", "project": "一般公共预算拨款项目", "level": 1}),
        (
            "performance-indicators",
            {"level1": "产出指标", "level2": "数量指标", "indicator": "x", "target": "达到目标值"},
        ),
        ("key-projects", {"project": "智慧城市项目", "amount": D(1), "goal": "绩效目标：完成建设。"}),
        # a heading inside a longer one found is the same heading (预算数 in 2024年预算数)
        ("income-expenditure-summary", {"side": "income", "item": "2024年预算数", "amount": D(1)}),
    ],
)
def test_a_row_with_one_heading_at_most_is_a_row(resource: str, row: Row) -> None:
    assert len(found(resource, row)) <= 1
    check_no_header_row(resource, [row], 1)


def test_no_row_of_the_hand_checked_goldens_holds_any_of_its_tables_headings() -> None:
    tables = [p for p in sorted(GOLDEN.glob("*/*.csv")) if p.stem in BY_RESOURCE and p.stem != "sections"]
    assert len(tables) > 50
    for p in tables:
        with p.open(encoding="utf-8") as f:
            rows: list[Row] = list(csv.DictReader(f))
        for row in rows:
            assert found(p.stem, row) == [], (p, row)
        check_no_header_row(p.stem, rows, 1)


def test_every_printed_column_of_every_table_is_a_heading() -> None:
    for spec in BY_RESOURCE.values():
        words = headings(spec)
        assert all(f.zh.replace(" ", "") in words for f in spec.fields)
        assert list(words) == sorted(words, key=len, reverse=True)  # the longest first
