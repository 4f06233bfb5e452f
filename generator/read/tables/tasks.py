"""The 绩效目标表's first table: the main tasks of the year (task, content, total, fiscal, other)."""

from __future__ import annotations

import re
from itertools import pairwise

from ...catalog import squash
from ...model import BudgetError, Line, Row, Table
from ..numbers import is_number, squash_number, to_decimal
from ..regions import Context, Region
from ..tokens import is_tab
from ..words import display_width, join_lines, label
from .indicator_layout import _runs_on
from .performance import _indicator_start, _lines
from .task_layout import wrapped_tasks
from .task_stream import centred_tasks


def task_table(region: Region, ctx: Context) -> Table | None:
    """年度主要任务: from the header 总额/其中：财政拨款 to 年度总体目标 (or the indicators)."""
    lines = _lines(region, ctx)
    if any(ln.layout for ln in lines):
        return layout_task_table(lines, region)
    hdr = next((i for i, ln in enumerate(lines) if re.search(r"其中[:：]财政", squash(ln.text))), None)
    if hdr is None:
        return None
    goal_i = next((i for i, ln in enumerate(lines) if squash(ln.text).startswith(("年度总体目标", "年度总"))), None)
    end = goal_i if goal_i is not None and goal_i > hdr else (_indicator_start(lines) or len(lines))
    task_lines = lines[hdr + 1 : end]
    acc = ""
    while task_lines and "其中：其他资金".startswith(acc + squash(task_lines[0].text).replace(":", "：")):
        acc += squash(task_lines[0].text).replace(":", "：")  # the header's last cell, wrapped
        task_lines = task_lines[1:]
    while task_lines and not is_tab(task_lines[0]) and _header_piece(task_lines[0].text):
        task_lines = task_lines[1:]  # the header's cells wrapped (其中：财政拨 / 款)
    if task_lines and not any(is_tab(ln) for ln in task_lines):
        centred = centred_tasks(task_lines, SIDE_PIECES)
        if centred is not None:
            rows = [_task(name, content, nums) for name, content, nums in centred]
            return Table("performance-tasks", rows, region.start, region.title)
    return Table("performance-tasks", task_rows(task_lines, ctx), region.start, region.title)


def layout_task_table(lines: list[Line], region: Region) -> Table | None:
    """The tasks of ``pdftotext -layout`` text, read by position: each task's three amounts on
    one line; its content is long text set left-aligned in the column left of them (most of
    its lines start at one character column), running on while a line is full; its name stands
    left of the content; the table's side label (年度主要任务, a character or two per line) is
    left out.  Where the lines do not give one reading, the table is reported
    (``task_layout.wrapped_tasks``)."""
    start = next(
        (i for i, ln in enumerate(lines) if "任务名称" in squash(ln.text) or "主要内容" in squash(ln.text)), None
    )
    if start is None:
        return None
    goal = next((i for i in range(start, len(lines)) if squash(lines[i].text).startswith("年度总体目标")), None)
    end = goal if goal is not None else (_indicator_start(lines) or len(lines))
    body = lines[start + 1 : end]
    while body and _header_piece(body[0].text):
        body = body[1:]  # the header's cells wrapped below its first line (其中：财政拨 / 款); below
        # them, a line of 主要 or 任务 is the side label's
    rows = wrapped_tasks(body, SIDE)
    return Table(
        "performance-tasks", [_task(name, content, nums) for name, nums, content in rows], region.start, region.title
    )


def _header_piece(text: str) -> bool:
    """A line of the header's words wrapped in their cells (其中：财政拨 / 款, 金额)."""
    words = [squash(w) for w in text.split()]
    return bool(words) and all(any(w in h for h in HEADER) for w in words)


HEADER = ("任务名称", "主要内容", "预算金额（万元）", "总额", "其中：财政拨款", "其中：其他资金")


SIDE = "年度主要任务"
SIDE_PIECES = {SIDE[i:j] for i in range(len(SIDE)) for j in range(i + 1, len(SIDE) + 1)}


def task_rows(lines: list[Line], ctx: Context) -> list[Row]:
    rows: list[Row] = []
    buf: list[str] = []
    room = max((display_width(ln.text.strip()) for ln in lines if not _amount_line(ln)), default=0)
    for ln in lines:
        if is_tab(ln):
            cs = [squash_number(c.strip()) for c in ln.text.split("\t")]
            while cs and not cs[-1]:
                cs.pop()
            nums: list[str] = []
            while cs and cs[-1] and is_number(cs[-1]) and len(nums) < 3:
                nums.insert(0, cs.pop())
            texts = [c for c in cs if c and squash(c) not in ("年度主要任务", "年度主要", "任务")]
            if len(nums) == 3:
                lab = texts[0] if texts else ""
                content = " ".join(texts[1:])
                if buf:
                    content = join_lines([*buf, content]) if not lab else content
                rows.append(_task(lab, content, nums))
                buf = []
            elif rows and texts:
                rows[-1]["content"] = join_lines([str(rows[-1]["content"]), *texts])
            continue
        toks = ln.text.split()
        nums = []
        while toks and is_number(toks[-1]) and len(nums) < 3:
            nums.insert(0, toks.pop())
        text = " ".join(toks)
        if squash(text) in ("年度主要任务", "年度主要", "任务", "务"):
            continue
        if len(nums) == 3:
            if text:
                buf.append(text)
            row, content_lines = _split_task(buf, nums, ln.loc)
            _check_runs_on(content_lines, room, ln)
            rows.append(row)
            buf = []
        else:
            buf.append(text)
    return rows


def _check_runs_on(content: list[str], room: int, ln: Line) -> None:
    """Text without positions, a task's content read from the lines before its amounts: its
    lines must run on into each other (else they may be another task's, a content centred on
    its row putting some of its lines after the amounts: the table is reported)."""
    content = [t for t in content if t.strip()]
    if not all(_runs_on(a, b, room) for a, b in pairwise(content)):
        raise BudgetError(
            "the tasks' contents are wrapped around their rows: which lines belong to which task cannot be told",
            line=ln.loc,
        )


def _amount_line(ln: Line) -> bool:
    toks = ln.text.split()
    return any(is_number(squash_number(t)) for t in toks[-3:])


def _task(lab: str, content: str, nums: list[str]) -> Row:
    return {
        "task": label(lab),
        "content": join_lines([content]),
        "total": to_decimal(nums[0]),
        "fiscal": to_decimal(nums[1]),
        "other": to_decimal(nums[2]),
    }


SENTENCE = re.compile(r"[，。、；]")  # punctuation of a sentence (a content), never of a task's name


def _split_task(buf: list[str], nums: list[str], loc: int) -> tuple[Row, list[str]]:
    """The task's row, and its content's lines."""
    if not buf:
        return _task("", "", nums), []
    # "金额合计" rows and one-line rows: the first space-separated word is the task
    first = buf[0]
    if len(buf) == 1:
        name, _, rest = first.partition(" ")
        return _task(name, rest, nums), [rest]
    # a task name wrapped over its own lines: lines without sentence punctuation at the start
    name_parts = [buf[0]]
    k = 1
    if " " in buf[0]:
        name, _, rest = buf[0].partition(" ")
        return _task(name, join_lines([rest, *buf[1:]]), nums), [rest, *buf[1:]]
    if SENTENCE.search(buf[0]):
        # the row's first line is a sentence's, not a name's: the contents are set around their
        # rows (some of a content's lines after its amounts), which text without positions does not tell
        raise BudgetError(
            f"the task's first line {buf[0][:30]!r} is a content's, not a name's: the tasks' contents are "
            "wrapped around their rows, which lines belong to which task cannot be told",
            line=loc,
        )
    while k < len(buf) and len(buf[k]) <= 6 and not SENTENCE.search(buf[k]) and len(buf[k - 1]) <= 10:
        name_parts.append(buf[k])
        k += 1
    return _task("".join(name_parts), join_lines(buf[k:]), nums), buf[k:]
