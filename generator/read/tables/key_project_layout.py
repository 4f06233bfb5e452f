"""第七部分's key-projects table in ``pdftotext -layout`` text, read by position: the amounts
stand in one column, one per project; the goals are long text set left-aligned in the column
right of them (most of their lines start at one character column), each goal's cell centred
on its amount; the projects' names stand left of the amounts.  A goal runs on to its next line
while the line is full; the goals pair with the amounts in order (``indicator_layout``)."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..grid import columns
from ..layout import pieces
from ..numbers import is_number, squash_number, to_decimal
from ..words import display_width, join_lines, label
from .indicator_layout import Cell, Text, _cut, _lines_of

if TYPE_CHECKING:
    from .key_projects import KeyProjects

HEADER_WORDS = ("项目名称", "预算数", "绩效目标", "一级项目", "万元")


def layout_key_projects(lines: list[Line], end_hdr: int) -> KeyProjects:
    from .key_projects import KeyProjects

    start = _header_start(lines, end_hdr)
    end = next(
        (i for i in range(end_hdr + 1, len(lines)) if lines[i].text.strip().startswith(("备注", "注：", "注:"))),
        len(lines),
    )
    body_from = end_hdr + 1
    while body_from < end and _header_piece(lines[body_from].text):
        body_from += 1  # the rest of a header cell wrapped below the header's main line (元）)
    header = _header(lines[start:body_from])
    return KeyProjects(header, start, end, _rows(lines[body_from:end]))


def _header_start(lines: list[Line], end_hdr: int) -> int:
    start = end_hdr
    while start > 0 and end_hdr - start < 3 and _header_piece(lines[start - 1].text):
        start -= 1
    return start


def _header_piece(text: str) -> bool:
    """A line holding only pieces of the header's words (``预算数（万``, ``元）``)."""
    ps = [squash(p.text) for p in pieces(text)]
    return bool(ps) and all(any(w in p or p in w or p in "（万元）" for w in HEADER_WORDS) for p in ps)


def _header(lines: list[Line]) -> list[str]:
    """The header's cells: its pieces grouped by the columns they stand in, read down."""
    found = [(p, y) for y, ln in enumerate(lines) for p in pieces(ln.text)]
    cols = columns([(p.x0, p.x1) for p, _ in found])
    cells: list[list[tuple[int, str]]] = [[] for _ in cols]
    for p, y in found:
        k = next(k for k, (a, b) in enumerate(cols) if a <= p.x0 < b or a < p.x1 <= b)
        cells[k].append((y, p.text))
    return [join_lines([t for _, t in sorted(c)]) for c in cells if c]


def _rows(body: list[Line]) -> list[Row]:
    by_line = [[Text(p.text, y, p.x0) for p in pieces(ln.text)] for y, ln in enumerate(body)]
    edge = _goal_edge([t for ts in by_line for t in ts], body)
    amounts = [a for ts in by_line if (a := _amount(ts, edge)) is not None]
    if not amounts:
        return []
    rest = [t for ts in by_line for t in ts if all(t is not a for a in amounts)]
    goals = [t for t in rest if t.x0 >= edge - 1.5]
    names = [t for t in rest if t.x0 < edge - 1.5]
    anchors = [Cell([t]) for t in amounts]
    goal_lines = _lines_of(goals)
    room = max((display_width(t.text) for t in goal_lines), default=0)
    cut = _cut(goal_lines, anchors, room)
    if cut is None:
        raise BudgetError("the goals and the amounts of the key projects do not pair up", line=body[0].loc)
    return [_row(anchors[k], goal_lines[a:b], names) for k, (a, b) in enumerate(cut)]


def _amount(line: list[Text], edge: float) -> Text | None:
    """A project's amount: a number printed after the project's name on its line, or alone
    at the start of a line left of where the goals start (a number inside a goal is neither)."""
    for k, t in enumerate(line):
        before = line[:k]
        if is_number(squash_number(t.text)) and all(b.x0 < edge - 1.5 for b in before):
            return t if before or t.x0 < edge - 1 else None
        if t.x0 >= edge - 1.5:
            return None
    return None


def _goal_edge(rest: list[Text], body: list[Line]) -> float:
    """Where the goals' lines start: the column most long lines start at."""
    starts = Counter(round(t.x0) for t in rest if display_width(t.text) >= 20)
    if not starts:
        raise BudgetError("no goals beside the key projects' amounts", line=body[0].loc)
    return float(starts.most_common(1)[0][0])


def _row(anchor: Cell, goal: list[Text], names: list[Text]) -> Row:
    top = min(anchor.top, goal[0].y) if goal else anchor.top
    bottom = max(anchor.bottom, goal[-1].y) if goal else anchor.bottom
    name = label("".join(t.text for t in sorted(names, key=lambda t: (t.y, t.x0)) if top <= t.y <= bottom))
    printed = squash_number(anchor.texts[0].text)
    return {
        "project": name,
        "amount": to_decimal(printed),
        "printed": printed,
        "goal": join_lines([t.text for t in goal]),
    }
