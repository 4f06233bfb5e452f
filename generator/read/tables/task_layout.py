"""The tasks (年度主要任务) of ``pdftotext -layout`` text whose names and contents wrap in their
cells, read by position where the layout leaves one reading only.

What the text gives for certain: each task's three amounts on one line (the row's anchor); its
content set left-aligned in a column of its own, running on to its next line only while the
line is full (a line ended short of the column's width ends the cell); its name in the column
left of it, running on the same way; the table's side label (年度主要任务) a character or two a
line in the leftmost column, sometimes run on to a name by one space (``度 一般管理事务``).  A
row's cells are set one way in it, for the whole table: centred on the row (the amounts' line
the middle of every content to within half a line: pdftotext puts a line centred between two
on either; of every name to within a line: pdftotext may put a name's one line, beside the
side label's characters, on the line above or below its amounts'), at its top or at its
bottom; no row's line stands among the next row's.

Every way to cut the names' and the contents' lines into the rows' cells that some alignment
allows is tried (the lines keep their places in the file, so an empty line pdftotext prints
for room between lines counts as room).  One way: the table is read.  None, or more than one:
which lines belong to which row cannot be told, and the table is reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from ...catalog import squash
from ...model import BudgetError, Line
from ..layout import pieces
from ..numbers import squash_number
from ..words import display_width, join_lines, label
from .indicator_layout import Text, _lines_of, _runs_on
from .key_project_layout import LONG, _amounts, _goal_edge, _long_texts

Row = tuple[str, list[str], str]
Cut = tuple[tuple[int, int], ...]
ALIGNMENTS = ("centre", "top", "bottom")
MAX_READINGS = 64  # ways to cut one column tried before the table is reported as too loose
TEXT_REACH, NAME_REACH = 0.5, 1.0  # lines a centred content's, a centred name's middle may be off its amounts
GAP = 2  # lines between two lines of one cell (the amounts' line may stand between them)
SENTENCE = re.compile(r"[，。、；：,;:]")


def wrapped_tasks(body: list[Line], side: str) -> list[Row]:
    """The rows (name, the three amounts as printed, content) of the tasks' body lines (the
    header left out); ``side``: the table's side label.  Raises ``BudgetError`` unless the
    positions give one reading."""
    if any(ln.new_page for ln in body[1:]):
        raise _unsure("the tasks continue on the next page", body[0].loc)
    by_line = _side_label_out([[Text(p.text, ln.line, p.x0) for p in pieces(ln.text)] for ln in body], side, body)
    edge = _goal_edge([t for ts in by_line for t in ts], body)
    anchors = [(ts[0].y, nums) for ts in by_line if ts and (nums := _amounts(ts, edge, 3))]
    if not anchors:
        return []
    taken = {id(t) for _, nums in anchors for t in nums}
    names: list[Text] = []
    texts: list[Text] = []
    for ts in by_line:
        rest = [t for t in ts if id(t) not in taken]
        long = _long_texts(rest, edge)
        for t in rest[: len(rest) - len(long)]:
            _name_or_both(t, names, texts, body)
        texts += long
    name_lines, text_lines = _lines_of(names), _lines_of(texts)
    reading = _one_reading(name_lines, text_lines, [y for y, _ in anchors], edge, body)
    named = {t.y for t in names}
    for c, d in reading[1]:
        _left_aligned(text_lines[c:d], named, body)
    rows = [
        (
            label("".join(t.text for t in name_lines[a:b])),
            [squash_number(t.text) for t in nums],
            join_lines([t.text for t in text_lines[c:d]]),
        )
        for (_, nums), (a, b), (c, d) in zip(anchors, *reading, strict=True)
    ]
    if not all(name for name, _, _ in rows):
        raise _unsure("a row without a name: a name may be run on to its content", body[0].loc)
    return rows


def _left_aligned(cell: list[Text], named: set[int], body: list[Line]) -> None:
    """A content is set left-aligned in its cell: its lines on lines without a name start at
    one column (pdftotext may move a whole cell, or a line beside a name, left; never one line
    of a cell alone right).  One that does not may be a name run on to a content without a
    space (``基本支出主要包括…`` / ``经费定额等``): the table is reported."""
    alone = [t.x0 for t in cell if t.y not in named]
    off = next((t for t in cell if alone and t.x0 > min(alone) + 1.5), None)
    if off is not None:
        raise _unsure(f"the content's lines do not start at one column ({off.text!r})", body[0].loc)


def _unsure(why: str, loc: int) -> BudgetError:
    return BudgetError(
        f"text wrapped in its cells ({why}): which lines belong to which row cannot be told from text laid out "
        "by pdftotext (the PDF itself can)",
        line=loc,
    )


def _side_label_out(by_line: list[list[Text]], side: str, body: list[Line]) -> list[list[Text]]:
    """The lines without the side label: the leftmost column's pieces, each one or more of its
    characters (alone, or before a name with one space), which read down must make up the
    label exactly; any other piece there, or a label not whole, and the table is reported."""
    xs = [t.x0 for ts in by_line for t in ts]
    if not xs:
        return by_line
    left = min(xs)
    found = ""
    out: list[list[Text]] = []
    for ts in by_line:
        kept = []
        for t in ts:
            head, _, tail = t.text.partition(" ")
            if t.x0 > left + 1 or not head or not side.startswith(found + head):
                kept.append(t)
                continue
            found += head
            if tail.strip():
                kept.append(Text(tail.strip(), t.y, t.x0 + len(head) + 1))
        out.append(kept)
    if found and found != side:
        raise _unsure(f"the side label reads {found!r}, not {side!r}", body[0].loc)
    if found and any(t.x0 <= left + 1 for ts in out for t in ts if squash(t.text)):
        raise _unsure("text in the side label's column", body[0].loc)
    return out


def _name_or_both(t: Text, names: list[Text], texts: list[Text], body: list[Line]) -> None:
    """A piece left of the contents' column: a name, or a name run on to the content's line by
    one space (``离退休干部管理 主要用于…``: a name has no space and no sentence's sign, the
    content's line is long or ends a sentence); a piece with spaces that is neither is reported."""
    if " " not in t.text.strip():
        names.append(t)
        return
    head, _, tail = t.text.strip().partition(" ")
    if " " in tail or SENTENCE.search(head) or not (display_width(tail) >= LONG or tail.endswith("。")):
        raise _unsure(f"{t.text!r} may be a name or a name and a content", body[0].loc)
    names.append(Text(head, t.y, t.x0))
    texts.append(Text(tail, t.y, t.x0 + len(head) + 1))


def _one_reading(names: list[Text], texts: list[Text], ys: list[int], edge: float, body: list[Line]) -> tuple[Cut, Cut]:
    """The one cut of the names' and the contents' lines into the rows' cells that an alignment
    allows (each cell's lines running on, placed as the alignment puts it, within its row)."""
    found: set[tuple[Cut, Cut]] = set()
    name_room = max((display_width(t.text) for t in names), default=0)
    at_edge = [t for t in texts if abs(t.x0 - edge) <= 1.5] or texts
    text_room = max((display_width(t.text) for t in at_edge), default=0)
    for align in ALIGNMENTS:
        by_names = list(_cuts(names, ys, align, name_room, None, body, NAME_REACH))
        by_texts = list(_cuts(texts, ys, align, text_room, edge, body, TEXT_REACH))
        found |= {(n, c) for n in by_names for c in by_texts if _apart(names, texts, ys, n, c)}
    if len(found) != 1:
        how = "no way" if not found else f"{len(found)} ways"
        raise _unsure(f"{how} to cut the names and contents into the rows", body[0].loc)
    return found.pop()


def _cuts(
    lines: list[Text], ys: list[int], align: str, room: int, edge: float | None, body: list[Line], reach: float
) -> Iterator[Cut]:
    """Every cut of a column's lines into one (maybe empty) cell per row that ``align`` allows."""
    n, m = len(lines), len(ys)
    count = 0

    def go(i: int, k: int) -> Iterator[Cut]:
        nonlocal count
        if k == m:
            if i == n:
                count += 1
                if count > MAX_READINGS:
                    raise _unsure("too many ways to cut them into rows", body[0].loc)
                yield ()
            return
        for j in range(i, n + 1):
            if j > i + 1 and not _continues(lines[j - 2], lines[j - 1], room, edge):
                break
            if _placed([t.y for t in lines[i:j]], ys, k, align, reach):
                for rest in go(j, k + 1):
                    yield ((i, j), *rest)

    return go(0, 0)


def _continues(a: Text, b: Text, room: int, edge: float | None) -> bool:
    """Whether ``b`` may be the line after ``a`` in one cell: close below it, ``a`` full."""
    indent = max(0, round(a.x0 - edge)) if edge is not None else 0
    return 0 < b.y - a.y <= GAP and _runs_on(a.text, b.text, room - indent)


def _placed(cell: list[int], ys: list[int], k: int, align: str, reach: float) -> bool:
    """Whether a cell on lines ``cell`` stands where ``align`` puts row ``k``'s (amounts on line
    ``ys[k]``; centred: its middle within ``reach`` lines of them), between the rows above and
    below."""
    if not cell:
        return True
    if (k and cell[0] <= ys[k - 1]) or (k + 1 < len(ys) and cell[-1] >= ys[k + 1]):
        return False
    if align == "top":
        return cell[0] == ys[k]
    if align == "bottom":
        return cell[-1] == ys[k]
    return abs((cell[0] + cell[-1]) / 2 - ys[k]) <= reach


def _apart(names: list[Text], texts: list[Text], ys: list[int], by_names: Cut, by_texts: Cut) -> bool:
    """Whether every row's lines stand above the next row's."""
    spans = []
    for k, ((a, b), (c, d)) in enumerate(zip(by_names, by_texts, strict=True)):
        rows = [ys[k], *(t.y for t in names[a:b]), *(t.y for t in texts[c:d])]
        spans.append((min(rows), max(rows)))
    return all(lo[1] < hi[0] for lo, hi in pairwise(spans))
