"""Whose are a label's lines printed off its row's amounts' line, in text without positions
(pdfplumber's ``extract_text()``, plain ``pdftotext``).  A label wrapped in its cell stands as its
document's producer set the table's cells: centred on the row's amounts, at the cell's top (its
first line on the amounts' line, the rest below) or at its bottom (its last line there, the rest
above).  The text gives the lines in the page's order, so the label lines between two rows'
amounts may be the row above's, the row below's, or some of each.  Each alignment is tried on
the whole table; the one that fits it is taken, and where two fit and read the rows differently
the table is reported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import TYPE_CHECKING

from ...model import BudgetError
from ..numbers import PROCUREMENT_CODE
from ..tokens import label_of
from ..words import display_width, is_full
from .indicator_classes import WORDS
from .unit_tails import unit_tails

if TYPE_CHECKING:
    from .amounts import RawRow

Lines = list[tuple[int, str]]


def aligned(raw: list[RawRow], known: set[str], above: str = "") -> list[RawRow]:
    """The rows with each label line given to its row, by the one alignment of the table's
    cells that fits (centred, at the top, at the bottom): the lines between the rows' amounts
    read as each alignment sets them, the rows' labels whole (each line before another of the
    same label full: its next word would not have fitted on it).  ``above``: the line above the
    first row's (the header's last), which at the bottoms may be that row's label's first."""
    if not rows_on_lines(raw):
        return _centred_on_code(unit_tails(raw, known))  # amounts one per line: labels come first
    readings: dict[str, list[RawRow]] = {}
    for name, read in READINGS.items():
        rows = read(_copy(raw), known)
        if rows is not None:
            readings[name] = rows
    distinct: dict[tuple[tuple[str, tuple[str, ...]], ...], str] = {}
    for name, rows in readings.items():
        distinct.setdefault(_key(rows), name)
    if len(distinct) > 1:
        raise _ambiguous(readings, list(distinct.values()))
    if "bottom" in readings:
        _header_apart(readings["bottom"], above, known)
    if readings:
        return next(iter(readings.values()))
    # No alignment fits every row: the centred reading, which keeps a line it cannot place
    # with the row it was printed before, and reports a coded row it cannot centre.
    return _centred_on_code(unit_tails(_centred(raw), known))


def _header_apart(rows: list[RawRow], above: str, known: set[str]) -> None:
    """Cells at their bottoms, the first row's label may start above the line the body was
    found to start at: a line of one word of Chinese, no amounts (``中共深圳罗湖区`` over
    ``委宣传部 4,675.65 …``), may be that label's first as well as the header's last — unless the
    label is a unit known word for word (the header's ``码`` over ``深圳市测试中心 100.00 …``)."""
    words = above.split()
    if (
        rows
        and rows[0].head
        and label_of(rows[0].head) not in known
        and len(words) == 1
        and not words[0].isascii()
        and not any(c.isdigit() for c in words[0])
    ):
        raise BudgetError(
            f"the line {above.strip()!r} above the first row may be its label's first line (cells at their "
            "bottoms) or the header's last: which, the text does not tell",
            line=rows[0].head[0].line,
        )


def _copy(raw: list[RawRow]) -> list[RawRow]:
    return [replace(r, head=list(r.head), nums=list(r.nums), floating=list(r.floating)) for r in raw]


def _key(rows: list[RawRow]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((label_of(r.head), tuple(t.text for t in r.nums)) for r in rows)


def _ambiguous(readings: dict[str, list[RawRow]], names: list[str]) -> BudgetError:
    a, b = readings[names[0]], readings[names[1]]
    k = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if _key([x]) != _key([y])), min(len(a), len(b)))
    row = a[k] if k < len(a) else b[k]
    line = min((t.line for t in [*row.nums, *row.head]), default=None)
    x = label_of(a[k].head) if k < len(a) else "(none)"
    y = label_of(b[k].head) if k < len(b) else "(none)"
    return BudgetError(
        f"row {k + 1} reads {x!r} with the cells {WORDS[names[0]]} and {y!r} with them {WORDS[names[1]]}: "
        "which, the text does not say",
        line=line,
    )


def _middle(raw: list[RawRow], known: set[str]) -> list[RawRow] | None:
    """Labels centred on their amounts: as many of a label's lines above the amounts' line as
    below it, every row.  A unit's name that may go on below its amounts or not (``unit_tails``)
    is reported where the rest of the table reads centred."""
    rows = _centred(raw)
    try:
        rows = unit_tails(rows, known)
    except BudgetError as e:
        at = next((k for k, r in enumerate(rows) if any(t.line == e.line for t in r.head)), None)
        if at is None or not _balanced([r for k, r in enumerate(rows) if k not in (at - 1, at)]):
            return None
        raise
    return rows if _balanced(rows) else None


def _balanced(rows: list[RawRow]) -> bool:
    for r in rows:
        above, _, below = _spread(r)
        if len(above) != len(below):
            return False
    return True


def _top(raw: list[RawRow], known: set[str]) -> list[RawRow] | None:
    """Labels at the cells' tops: each starts on its amounts' line and goes on below it, so the
    label lines after a row's amounts are all that row's."""
    rooms = _rooms(raw)
    for k, r in enumerate(raw):
        above, own, below = _spread(r)
        if below or (r.nums and above and not own):
            return None
        if not above:
            continue
        prev = raw[k - 1] if k else None
        last = _spread(prev)[1] if prev is not None and prev.nums else []
        if prev is None or not last or not _full_run([last[-1][1], *(t for _, t in above)], rooms[_coded(prev)]):
            return None
        lines = {line for line, _ in above}
        prev.head.extend(t for t in r.head if t.line in lines and not is_code(t.text))
        r.head = [t for t in r.head if not (t.line in lines and not is_code(t.text))]
    return [r for r in raw if r.head or r.nums]


def _bottom(raw: list[RawRow], known: set[str]) -> list[RawRow] | None:
    """Labels at the cells' bottoms: each ends on its amounts' line, its other lines above it, so
    the label lines after a row's amounts are all the next row's."""
    rooms = _rooms(raw)
    for r in raw:
        if not r.head:
            continue
        above, own, below = _spread(r)
        if not r.nums or below or not own:
            return None
        if above and not _full_run([*(t for _, t in above), own[0][1]], rooms[_coded(r)]):
            return None
    return raw


def _centred(raw: list[RawRow]) -> list[RawRow]:
    """A label wrapped in its cell and centred on the row's amounts: text without positions
    puts the lines above the amounts first, then the amounts (with the middle line, if any),
    then as many lines below them.  The label-only lines a row starts with (or the whole of a
    row of label lines without amounts) go back to the row above, as many as that row's label
    has above its amounts, when each line before them ends full (the next line's first word
    would not have fitted on it)."""
    lines = [_head_lines(r) for r in raw]
    rooms = _rooms(raw)
    for k in range(1, len(raw)):
        room = rooms[_coded(raw[k - 1])]
        above, here = lines[k - 1], lines[k]
        if not above or not raw[k - 1].nums:
            continue
        top, bottom = _span(raw[k - 1])
        # the label's lines above its amounts, less those it has below them already (a line
        # printed beside the ends of its wrapped amounts)
        n = sum(1 for line, _ in above if line < top) - sum(1 for line, _ in above if line > bottom)
        whole = len(here) == n and not raw[k].nums  # a row of label lines only: all of them the tail
        if n <= 0 or (len(here) <= n and not whole):
            continue
        tail = here[:n]
        starts = {line for line, _ in tail}
        coded = any(is_code(t.text) for t in raw[k].head if t.line in starts)  # a row starts with its code
        if tail[0][0] > bottom and not coded and _full_run([above[-1][1], *(t for _, t in tail)], room):
            raw[k - 1].head.extend(t for t in raw[k].head if t.line in starts)
            raw[k].head = [t for t in raw[k].head if t.line not in starts]
            lines[k] = here[n:]
    return [r for r in raw if r.head or r.nums]


def _centred_on_code(raw: list[RawRow]) -> list[RawRow]:
    """A row whose name's lines stood above its code's line (``amounts._code_row``) is read only
    where the name is centred on its amounts: as many of its lines above them as below.  Else
    which of the lines are its and which the rows' around it, the text does not say: the table
    is reported."""
    for r in raw:
        if not r.code_below or not r.nums:
            continue
        above, _, below = _spread(r)
        if len(above) != len(below):
            raise BudgetError(
                f"the name of row {label_of(r.head)!r} has {len(above)} line(s) above its amounts and "
                f"{len(below)} below: which lines are its, the text does not say",
                line=_span(r)[0],
            )
    return raw


READINGS: dict[str, Callable[[list[RawRow], set[str]], list[RawRow] | None]] = {
    "middle": _middle,
    "top": _top,
    "bottom": _bottom,
}


def rows_on_lines(raw: list[RawRow]) -> bool:
    """Are the rows printed on lines (more than half the lines with amounts hold two of them,
    or a label too), not one cell per line?"""
    per_line: dict[int, int] = {}
    labelled = {t.line for r in raw for t in r.head}
    for r in raw:
        for t in r.nums:
            per_line[t.line] = per_line.get(t.line, 0) + 1
    on_lines = sum(n >= 2 or line in labelled for line, n in per_line.items())
    return on_lines > len(per_line) / 2


def is_code(text: str) -> bool:
    return text.isdigit() or PROCUREMENT_CODE.match(text) is not None


def _coded(r: RawRow) -> bool:
    return bool(r.head) and is_code(r.head[0].text)


def _span(r: RawRow) -> tuple[int, int]:
    """The first and the last line of the row's amounts."""
    return min(t.line for t in r.nums), max(t.line for t in r.nums)


def _spread(r: RawRow) -> tuple[Lines, Lines, Lines]:
    """The label's lines above the row's amounts, beside them and below them (all of them above,
    for a row of label lines only)."""
    lines = _head_lines(r)
    if not r.nums:
        return lines, [], []
    top, bottom = _span(r)
    return (
        [x for x in lines if x[0] < top],
        [x for x in lines if top <= x[0] <= bottom],
        [x for x in lines if x[0] > bottom],
    )


def _rooms(raw: list[RawRow]) -> dict[bool, int]:
    """How wide a full line of a label is: the widest label line of the table's rows with a
    code, or of those without (codes, cells of their own, left out; units' names and coded
    items' stand in columns of their own)."""
    rooms = {True: 0, False: 0}
    for r in raw:
        rooms[_coded(r)] = max([rooms[_coded(r)], *(display_width(t) for _, t in _head_lines(r))])
    return rooms


def _full_run(texts: list[str], room: int) -> bool:
    """Does each line end full before the next one (``words.is_full``)?"""
    return all(is_full(a, b, room) for a, b in pairwise(texts))


def _head_lines(r: RawRow) -> Lines:
    """The label's text line by line (a code, a cell of its own, left out)."""
    by: dict[int, list[str]] = {}
    for t in r.head:
        by.setdefault(t.line, [])
        if not is_code(t.text):
            by[t.line].append(t.text)
    return [(line, "".join(ts)) for line, ts in sorted(by.items()) if ts]
