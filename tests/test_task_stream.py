"""The 年度主要任务 table in text without positions (pdfplumber's extract_text): contents centred on
their rows (``generator/read/tables/task_stream.py``), or read from the lines before the amounts
only when they run on (``tasks.task_rows``)."""

from __future__ import annotations

import pytest

from generator.model import BudgetError, Line, Metadata, Source
from generator.read.regions import Context
from generator.read.tables.task_stream import centred_tasks
from generator.read.tables.tasks import SIDE_PIECES, task_rows

CENTRED = """主要包括人员经费、物业管理费、公车运维、公用经费
基本支出 2,266.85 2,266.85 0.00
定额等
主要包括一般事务管理、办公设备购置费、购置费、劳
一般管理事务 1,258.73 1,258.73 0.00
年度 务派遣人员费用。
主要
主要包括政务服务管理费、电子政务运行维护费、民意
任务 民意速办和智慧城市 5,290.57 5,290.57 0.00
速办费用。
信息化运维 信息化运维 953.52 953.52 0.00
金额合计 9,769.67 9,769.67 0.00"""


def _lines(text: str) -> list[Line]:
    return [Line(t, i) for i, t in enumerate(text.split("\n"), start=1)]


def test_contents_centred_on_their_rows_split_as_many_lines_above_as_below() -> None:
    rows = centred_tasks(_lines(CENTRED), SIDE_PIECES)
    assert rows == [
        ("基本支出", "主要包括人员经费、物业管理费、公车运维、公用经费定额等", ["2,266.85", "2,266.85", "0.00"]),
        (
            "一般管理事务",
            "主要包括一般事务管理、办公设备购置费、购置费、劳务派遣人员费用。",
            ["1,258.73", "1,258.73", "0.00"],
        ),
        (
            "民意速办和智慧城市",
            "主要包括政务服务管理费、电子政务运行维护费、民意速办费用。",
            ["5,290.57", "5,290.57", "0.00"],
        ),
        ("信息化运维", "信息化运维", ["953.52", "953.52", "0.00"]),
        ("金额合计", "", ["9,769.67", "9,769.67", "0.00"]),
    ]


def test_amounts_without_their_name_on_their_line_are_not_this_form() -> None:
    text = CENTRED.replace("基本支出 2,266.85", "基本支\n2,266.85").replace("定额等", "出\n定额等")
    assert centred_tasks(_lines(text), SIDE_PIECES) is None


def test_lines_that_centring_cannot_place_are_not_this_form() -> None:
    # the last row has no content above it, yet a line follows it
    assert centred_tasks(_lines(CENTRED + "\n另一行"), SIDE_PIECES) is None
    # a content's lines that do not run on into each other (a short line before another)
    text = CENTRED.replace("主要包括人员经费、物业管理费、公车运维、公用经费", "短行\n主要包括人员经费")
    assert centred_tasks(_lines(text), SIDE_PIECES) is None


def test_contents_read_before_their_amounts_must_run_on_else_the_table_is_reported() -> None:
    ctx = Context(Metadata(id="2024-t", year=2024, slug="t", department="深圳市测试中心"), Source("t.txt", "0", "text"))
    before = "基本支出\n主要包括人员经费、物业管理费、公车运维、公用\n经费定额等\n2,266.85 2,266.85 0.00"
    rows = task_rows(_lines(before), ctx)
    assert [(r["task"], r["content"]) for r in rows] == [
        ("基本支出", "主要包括人员经费、物业管理费、公车运维、公用经费定额等")
    ]
    # the centred form read as if every content stood before its amounts: 定额等 would start
    # the next task's content, and it does not run on into the line after it
    with pytest.raises(BudgetError, match="which lines belong to which task"):
        task_rows(_lines(CENTRED), ctx)


TWO_LINES_BESIDE = """主要包括人员经费、物业管理费、公车运维、公用经费
基本支出 2,266.85 2,266.85 0.00
定额等。
主要包括一般事务管理、办公设备购置费、购置费、劳
一般管理事务 务派遣人员费用。 1,258.73 1,258.73 0.00
金额合计 3,525.58 3,525.58 0.00"""


def test_a_two_line_content_whose_second_line_is_beside_its_name_is_read_centred() -> None:
    # a content of two lines is centred between them: its row's line may be taken as the second
    # (一般管理事务 … 务派遣人员费用。, nothing below it); one cut only places every line
    assert centred_tasks(_lines(TWO_LINES_BESIDE), SIDE_PIECES) == [
        ("基本支出", "主要包括人员经费、物业管理费、公车运维、公用经费定额等。", ["2,266.85", "2,266.85", "0.00"]),
        (
            "一般管理事务",
            "主要包括一般事务管理、办公设备购置费、购置费、劳务派遣人员费用。",
            ["1,258.73", "1,258.73", "0.00"],
        ),
        ("金额合计", "", ["3,525.58", "3,525.58", "0.00"]),
    ]


def test_contents_that_two_cuts_place_are_not_this_form() -> None:
    # 公用经费定额等。全年 … 保障 runs on: it may end the first content (two lines, the second
    # beside 基本支出) or start the second (two lines, the second beside 一般管理事务)
    text = """主要包括人员经费、物业管理费、公车运维、公用经费
基本支出 定额等、办公设备购置费、购置费、劳务派遣人员 2,266.85 2,266.85 0.00
费用以及公用经费定额等、全年办公设备购置费、保障
一般管理事务 办公设备购置费、购置费、劳务派遣人员费用。 1,258.73 1,258.73 0.00
金额合计 3,525.58 3,525.58 0.00"""
    assert centred_tasks(_lines(text), SIDE_PIECES) is None


def test_a_content_line_taken_for_a_tasks_name_reports_the_table() -> None:
    # the centred contents of TWO_LINES_BESIDE read as if every content stood before its amounts:
    # the first task's name would be its content's first line, a sentence's
    ctx = Context(Metadata(id="2024-t", year=2024, slug="t", department="深圳市测试中心"), Source("t.txt", "0", "text"))
    with pytest.raises(BudgetError, match="is a content's, not a name's") as e:
        task_rows(_lines(TWO_LINES_BESIDE), ctx)
    assert e.value.line == 2
    # a name wrapped over lines of its own, without a sentence's punctuation, is still read
    wrapped = "离退休干部\n管理\n主要用于干部健康管理经费支出。\n28.70 28.70 0.00"
    assert [(r["task"], r["content"]) for r in task_rows(_lines(wrapped), ctx)] == [
        ("离退休干部管理", "主要用于干部健康管理经费支出。")
    ]


def test_a_name_wrapped_around_its_amounts_on_a_line_of_their_own_is_read() -> None:
    # a task's name of two lines centred on its amounts puts them on a line of their own, each
    # of the name's lines before a line of the content; the line above is wider than a
    # content's line can be, so its first word is the name's; a number inside a content beside
    # a name (至少 18 场) is no amount
    text = """主要包括人员经费、物业管理费、公车运维、公用经费
基本支出 定额等，全年至少 18 场，每场费用共计一万元，主要包括 2,266.85 2,266.85 0.00
人民网直播页面搭建的设计费、制作费、平台占用费等。
全年预计举行新闻发布会至少十八场，费用主要包括发布
罗湖发布宣传引导经费(社会热点 会发布视频制作、发布会现场摄录、速记等发布工作经
1,258.73 1,258.73 0.00
舆情应对引导) 费，与中央等媒体平台进行合作，围绕公众关注的热点
问题以及全区重点工作发挥央媒平台优势。
金额合计 3,525.58 3,525.58 0.00"""
    assert centred_tasks(_lines(text), SIDE_PIECES) == [
        (
            "基本支出",
            "主要包括人员经费、物业管理费、公车运维、公用经费定额等，全年至少 18 场，每场费用共计一万元，主要包括"
            "人民网直播页面搭建的设计费、制作费、平台占用费等。",
            ["2,266.85", "2,266.85", "0.00"],
        ),
        (
            "罗湖发布宣传引导经费(社会热点舆情应对引导)",
            "全年预计举行新闻发布会至少十八场，费用主要包括发布会发布视频制作、发布会现场摄录、速记等发布工作经费，"
            "与中央等媒体平台进行合作，围绕公众关注的热点问题以及全区重点工作发挥央媒平台优势。",
            ["1,258.73", "1,258.73", "0.00"],
        ),
        ("金额合计", "", ["3,525.58", "3,525.58", "0.00"]),
    ]
    # the line above the amounts no wider than a content's: whose its first word is, not said
    narrow = text.replace(
        "罗湖发布宣传引导经费(社会热点 会发布视频制作、发布会现场摄录、速记等发布工作经", "罗湖发布 会发布视频"
    )
    assert centred_tasks(_lines(narrow), SIDE_PIECES) is None


def test_a_name_that_opens_a_bracket_it_does_not_close_is_not_this_form() -> None:
    """``任务 （智慧城市 5,290.57 …``: the row's first word is a piece of a name wrapped in its cell
    (``信息化新建项目`` / ``（非政府投资项`` / ``目）``), the rest of the name on lines the text
    does not tell: not read as the task ``（智慧城市``."""
    text = CENTRED.replace("任务 民意速办和智慧城市 5,290.57", "任务 （智慧城市 5,290.57")
    assert centred_tasks(_lines(text), SIDE_PIECES) is None
    closed = CENTRED.replace("任务 民意速办和智慧城市 5,290.57", "任务 民意速办（智慧城市） 5,290.57")
    assert [r[0] for r in centred_tasks(_lines(closed), SIDE_PIECES) or []][2] == "民意速办（智慧城市）"


def test_a_name_wrapped_at_its_cells_top_beside_a_contents_line_is_not_this_form() -> None:
    # cells at their tops: 民意速办和智慧 / 城市 beside the content's lines; read centred, 城市 went
    # into the content (…运行维护城市 费、…): not this form
    text = """基本支出 主要包括人员经费、物业管理费、公车运维、 15,867.95 15,867.95 0.00
公用经费定额等
民意速办和智慧 主要包括政务服务管理费、电子政务运行维护 37,033.99 37,033.99 0.00
城市 费、民意速办费用。
信息化运维 信息化运维 6,674.64 6,674.64 0.00"""
    assert centred_tasks(_lines(text), SIDE_PIECES) is None
