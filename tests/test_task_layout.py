"""The tasks table (年度主要任务) of ``pdftotext -layout`` text whose names and contents wrap in
their cells (generator/read/tables/task_layout.py): read where the lines allow one reading
only, reported where they allow none or several.  The tables are written out here the way
pdftotext lays them out (each piece at the character column of its place; see test_layout)."""

from __future__ import annotations

import pytest
from test_layout import line, lines

from generator.model import BudgetError
from generator.read.tables.task_layout import wrapped_tasks
from generator.read.tables.tasks import SIDE

NAME, CONTENT = 5, 22
AMOUNTS = (-60, -74, -86)

FULL_A = "主要包括人员经费、物业管理费、公车运维、公用经"  # 23 characters: the column's width
FULL_B = "主要包括一般事务管理、办公设备购置费、购置费、"


def amounts(*nums: str) -> list[tuple[int, str]]:
    return [(c, n) for c, n in zip(AMOUNTS, nums, strict=True)]


def table(*printed: list[tuple[int, str]]) -> str:
    return "\n".join(line(*p) if p else "" for p in printed)


# cells centred on their rows: a two-line content around its amounts' line, the side label a
# character a line (one run on to a name by a space), a name wrapped around its amounts
CENTRED = table(
    [(CONTENT, FULL_A)],
    [(NAME, "基本支出"), *amounts("2266.85", "2266.85", "0.00")],
    [(CONTENT, "费定额等")],
    [(1, "年")],
    [(CONTENT, FULL_B)],
    [(1, "度 一般管理事务"), *amounts("1258.73", "1258.73", "0.00")],
    [(CONTENT, "劳务派遣人员费用。")],
    [(1, "主")],
    [(1, "要"), (NAME, "民意速办和智慧"), (CONTENT, "主要包括政务服务管理费、电子政务运行维护费、民")],
    [*amounts("5290.57", "5290.57", "0.00")],
    [(1, "任"), (NAME, "城市"), (CONTENT, "意速办费用。")],
    [(1, "务")],
    [(NAME, "离退休干部管理 保障退休人员福利。"), *amounts("12.30", "12.30", "0.00")],
    [(NAME, "金额合计"), *amounts("8827.45", "8827.45", "0.00")],
)


def test_wrapped_names_and_contents_are_read_where_one_cut_fits() -> None:
    rows = wrapped_tasks(lines(CENTRED), SIDE)
    assert rows == [
        ("基本支出", ["2266.85", "2266.85", "0.00"], FULL_A + "费定额等"),
        ("一般管理事务", ["1258.73", "1258.73", "0.00"], FULL_B + "劳务派遣人员费用。"),
        (
            "民意速办和智慧城市",
            ["5290.57", "5290.57", "0.00"],
            "主要包括政务服务管理费、电子政务运行维护费、民意速办费用。",
        ),
        ("离退休干部管理", ["12.30", "12.30", "0.00"], "保障退休人员福利。"),
        ("金额合计", ["8827.45", "8827.45", "0.00"], ""),
    ]


def _two_rows(second_line: str) -> str:
    """Two tasks whose contents meet between their amounts' lines: the first's second line
    (``second_line``) may end it, or run on to the line below."""
    return table(
        [(CONTENT, FULL_A)],
        [(NAME, "基本支出"), (CONTENT, second_line), *amounts("1.00", "1.00", "0.00")],
        [(CONTENT, FULL_B)],
        [(NAME, "一般管理事务"), (CONTENT, FULL_A), *amounts("2.00", "2.00", "0.00")],
        [(CONTENT, "劳务派遣人员费用。")],
    )


def test_a_full_line_that_may_end_a_content_or_run_on_is_reported() -> None:
    # both cuts put each content centred on its amounts to within half a line
    with pytest.raises(BudgetError, match="2 ways to cut"):
        wrapped_tasks(lines(_two_rows(FULL_B)), SIDE)


def test_a_line_ended_short_ends_its_content() -> None:
    rows = wrapped_tasks(lines(_two_rows("费定额等")), SIDE)
    assert [r[2] for r in rows] == [FULL_A + "费定额等", FULL_B + FULL_A + "劳务派遣人员费用。"]


def test_a_side_label_not_whole_is_reported() -> None:
    text = CENTRED.replace(line((1, "务")), "")
    with pytest.raises(BudgetError, match="side label reads '年度主要任'"):
        wrapped_tasks(lines(text), SIDE)


def test_a_name_run_on_to_a_short_text_by_a_space_is_reported() -> None:
    text = CENTRED.replace("保障退休人员福利。", "保障退休")
    with pytest.raises(BudgetError, match="may be a name or a name and a content"):
        wrapped_tasks(lines(text), SIDE)


def test_no_cut_when_a_content_stands_off_its_row() -> None:
    # the second task's one-line content two lines below its amounts: no alignment puts it there
    text = table(
        [(NAME, "基本支出"), (CONTENT, FULL_A), *amounts("1.00", "1.00", "0.00")],
        [(NAME, "一般管理事务"), *amounts("2.00", "2.00", "0.00")],
        [],
        [(CONTENT, "劳务派遣人员费用。")],
    )
    with pytest.raises(BudgetError, match="no way to cut"):
        wrapped_tasks(lines(text), SIDE)


def test_a_name_run_on_to_its_content_without_a_space_is_reported() -> None:
    # pdftotext gives a narrow name cell's text and the content beside it as one word: the
    # row has no name of its own, and the content's other line starts right of that word
    text = table(
        [(9, "基本支出主要包括人员经费、物业管理费、公车运维、公用"), *amounts("1.00", "1.00", "0.00")],
        [(13, "经费定额等")],
        [(NAME, "一般管理事务"), (13, "主要包括一般事务管理、办公设备购置费、购置"), *amounts("2.00", "2.00", "0.00")],
    )
    with pytest.raises(BudgetError, match=r"do not start at one column|without a name"):
        wrapped_tasks(lines(text), SIDE)


def test_every_row_has_a_name() -> None:
    text = CENTRED.replace(line((NAME, "基本支出"), *amounts("2266.85", "2266.85", "0.00")),
                           line(*amounts("2266.85", "2266.85", "0.00")))  # fmt: skip
    with pytest.raises(BudgetError, match="a row without a name"):
        wrapped_tasks(lines(text), SIDE)


def test_a_name_one_line_off_its_amounts_is_its_rows() -> None:
    # pdftotext puts a one-line name, beside the side label's 主要, on the content's first
    # line, the amounts on a line of their own between the content's two
    text = table(
        [(CONTENT, FULL_A)],
        [(NAME, "基本支出"), *amounts("1.00", "1.00", "0.00")],
        [(CONTENT, "费定额等")],
        [(1, "年度")],
        [(1, "主要 政务服务"), (CONTENT, FULL_B)],
        [*amounts("2.00", "2.00", "0.00")],
        [(1, "任务"), (CONTENT, "劳务派遣人员费用。")],
        [(NAME, "金额合计"), *amounts("3.00", "3.00", "0.00")],
    )
    rows = wrapped_tasks(lines(text), SIDE)
    assert [(name, content) for name, _, content in rows] == [
        ("基本支出", FULL_A + "费定额等"),
        ("政务服务", FULL_B + "劳务派遣人员费用。"),
        ("金额合计", ""),
    ]
