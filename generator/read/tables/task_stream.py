"""The 年度主要任务 table in text without positions (pdfplumber's ``extract_text``) whose contents are
centred on their rows: each task's name and three amounts stand on one line, its content's lines
as many above that line as below it (the middle one, if any, beside the name); the side label
年度主要任务 is printed a piece at a time at the start of lines.  Read only when the cut is certain:
every row's name is on its amounts' line, the lines between two rows split as centring says,
and each content's lines run on into each other (``indicator_layout._runs_on``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from ...model import Line
from ..numbers import is_number, squash_number
from ..words import display_width, join_lines
from .indicator_layout import _runs_on


@dataclass
class Task:
    name: str
    amounts: list[str]
    content: list[str] = field(default_factory=list)


def centred_tasks(lines: list[Line], side: set[str]) -> list[tuple[str, str, list[str]]] | None:
    """(name, content, amounts as printed) per task, or None when the lines are not of this form
    (or the cut cannot be told): the caller reads them another way, or reports the table."""
    tasks: list[Task] = []
    gaps: list[list[str]] = [[]]  # the content lines before the first task, between two, after the last
    for ln in lines:
        toks = _without_side(ln.text.split(), side)
        if not toks:
            continue
        if len(toks) >= 4 and all(is_number(squash_number(t)) for t in toks[-3:]):
            if any(is_number(squash_number(t)) for t in toks[:-3]):
                return None  # more numbers than the three amounts
            tasks.append(Task(toks[0], [squash_number(t) for t in toks[-3:]], [" ".join(toks[1:-3])]))
            gaps.append([])
        elif len(toks) <= 3 and all(is_number(squash_number(t)) for t in toks):
            return None  # amounts without their task's name on their line
        else:
            gaps[-1].append(" ".join(toks))
    if not tasks or not _cut(tasks, gaps):
        return None
    return [(t.name, join_lines(t.content), t.amounts) for t in tasks]


def _without_side(toks: list[str], side: set[str]) -> list[str]:
    while toks and toks[0] in side:
        toks = toks[1:]
    return toks


def _cut(tasks: list[Task], gaps: list[list[str]]) -> bool:
    """Each task's content: as many lines below its row as above it; every line of the gaps
    placed, and each content's lines running on into each other."""
    above = gaps[0]
    for k, task in enumerate(tasks):
        below = gaps[k + 1][: len(above)]
        if len(below) < len(above):
            return False
        task.content = [*above, *[t for t in task.content if t], *below]
        above = gaps[k + 1][len(above) :]
    if above:
        return False  # lines after the last task that belong to none
    room = max((display_width(t) for task in tasks for t in task.content), default=0)
    return all(_runs_on(a, b, room) for task in tasks for a, b in pairwise(task.content))
