"""The 年度主要任务 table in text without positions (pdfplumber's ``extract_text``) whose contents are
centred on their rows: each task's name and three amounts stand on one line, its content's lines
as many above that line as below it (the middle one, if any, beside the name); the side label
年度主要任务 is printed a piece at a time at the start of lines.  Read only when the cut is certain:
every row's name is on its amounts' line, the lines between two rows split as centring says,
and each content's lines run on into each other (``indicator_layout._runs_on``).  A name wrapped
over two lines around its amounts on a line of their own is read as ``name_pieces`` says."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from ...model import Line
from ..numbers import is_number, squash_number
from ..words import cell_gap, display_width, join_lines
from .indicator_layout import _runs_on
from .key_project_stream import SENTENCE
from .name_pieces import names_around, unbalanced


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
    texts = [t for ln in lines if (t := " ".join(_without_side(ln.text.split(), side)))]
    texts, names = names_around(texts, _three_amounts, _task_line)
    for y, text in enumerate(texts):
        toks = text.split()
        if y in names:
            tasks.append(Task(names[y], [squash_number(t) for t in toks], [""]))
            gaps.append([])
        elif _task_line(text):
            if any(is_number(squash_number(t)) for t in [toks[0], toks[-4]]):
                return None  # more numbers than the three amounts (one inside the content, 至少 18 场, is none)
            tasks.append(Task(toks[0], [squash_number(t) for t in toks[-3:]], [" ".join(toks[1:-3])]))
            gaps.append([])
        elif _amounts_only(text):
            return None  # amounts without their task's name on their line
        elif _two_cells(text):
            return None  # a name's line beside a content's (cells at their tops or bottoms)
        elif toks:
            gaps[-1].append(text)
    if not tasks or any(unbalanced(t.name) for t in tasks) or not _cut(tasks, gaps):
        return None
    return [(t.name, join_lines(t.content), t.amounts) for t in tasks]


def _two_cells(text: str) -> bool:
    """A line of two cells' text, a name's and a content's (``城市 费、民意速办费用。``): one space
    between two Chinese characters, which a content's text never prints (pdftotext sets it for a
    gap between columns), after a first word of no sentence."""
    word = text.partition(" ")[0]
    return cell_gap(text, len(word)) and SENTENCE.search(word) is None


def _task_line(text: str) -> bool:
    toks = text.split()
    return len(toks) >= 4 and all(is_number(squash_number(t)) for t in toks[-3:])


def _three_amounts(text: str) -> bool:
    toks = text.split()
    return len(toks) == 3 and all(is_number(squash_number(t)) for t in toks)


def _amounts_only(text: str) -> bool:
    toks = text.split()
    return 0 < len(toks) <= 3 and all(is_number(squash_number(t)) for t in toks)


def _without_side(toks: list[str], side: set[str]) -> list[str]:
    while toks and toks[0] in side:
        toks = toks[1:]
    return toks


def _cut(tasks: list[Task], gaps: list[list[str]]) -> bool:
    """Each task's content: its lines around its row as centring says, every line of the gaps
    placed, and each content's lines running on into each other.  A content's lines stand as
    many below its row as above it, the middle one beside its name; with a line beside the name,
    one more or one fewer below too: a content of an even number of lines is centred between two
    of them, and its row's line may be taken as either (``主要用于…`` / ``政务服务 章”项目…
    4,964.70 …``, nothing below).  True when exactly one cut does so, its contents then set on
    the tasks."""
    room = max(display_width(t) for t in [*(t for g in gaps for t in g), *(t for k in tasks for t in k.content)])

    @cache
    def cuts(k: int, start: int) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """The cuts (two at most) of tasks ``k`` on, the lines of ``gaps[k]`` from ``start`` task ``k``'s."""
        above = gaps[k][start:]
        if k == len(tasks):
            return ((),) if not above else ()
        beside = [t for t in tasks[k].content if t]
        found: list[tuple[tuple[str, ...], ...]] = []
        for n in [len(above) - 1, len(above), len(above) + 1] if beside else [len(above)]:
            content = (*above, *beside, *gaps[k + 1][:n])
            if 0 <= n <= len(gaps[k + 1]) and all(_runs_on(a, b, room) for a, b in pairwise(content)):
                found.extend((content, *rest) for rest in cuts(k + 1, n))
        return tuple(found[:2])

    found = cuts(0, 0)
    if len(found) != 1:
        return False
    for task, content in zip(tasks, found[0], strict=True):
        task.content = list(content)
    return True
