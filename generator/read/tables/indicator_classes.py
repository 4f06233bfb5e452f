"""The indicator classes (二级指标) placed over their rows: a class is printed once, in a cell
merged down its block of rows, in the cell's vertical middle.  Given where each class is
printed among the rows, the blocks are cut so that each class stands as near as it can to its
block's centre — and only when no other cut comes close: where two cuts fit about as well,
which rows are whose is not certain, and the table is reported (``BudgetError``).

The centre is measured in the rows' own printed lines (an item as tall as its taller cell:
a wrapped indicator of two lines is two lines tall, a row of tab-separated cells one), and
where the text gives pages too (``pdftotext -layout``), a merged cell is centred on the height
of all its rows over the pages it runs on; where that centre falls on another page than the
label's (a cell's text does not cross a page break), the label stands in the middle of its
block's row nearest to that centre on its own page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ...model import BudgetError
from .indicator_groups import SNAP, Group, told_apart

if TYPE_CHECKING:
    from .indicators import Entry

INF = float("inf")
MARGIN = 0.5  # lines² (or rows²): how much worse every other placement of the classes must fit
# lines: how far a class set at its cell's top or bottom may stand from its block's first or
# last line (a class on a line of its own between two rows is at neither)
EDGE = 0.25


class Measure:
    """Where a class stands from its block's centre, for any block ``a:b`` of the items."""

    def __init__(self, items: list[Entry]) -> None:
        self.paged = all(it.page is not None and it.span is not None for it in items)
        self.tall = [float(it.tall) for it in items]
        self.spans = [it.span for it in items]
        self.above = [0.0]  # the height of the items above item k
        for t in self.tall:
            self.above.append(self.above[-1] + t)
        self.pages: dict[int | None, tuple[int, int]] = {}  # a page's first item and the one after its last
        for k, it in enumerate(items):
            first, _ = self.pages.get(it.page, (k, k + 1))
            self.pages[it.page] = (first, k + 1)

    def edge(self, a: int, b: int, lab: Entry, q: float, align: str) -> float:
        """How far the middle the class printed at ``q`` would have at the top of the block
        ``a:b`` (``align`` "top": its first line on the block's first) or at its bottom
        ("bottom") stands below ``q``: a class at its cell's top or bottom.  Where the pages are
        known, the block's part on the class's page."""
        if a == b:  # a class of no rows: its own row
            return self.above[a] - self.at(q)
        if self.paged and lab.page is not None:
            first, end = self.pages.get(lab.page, (0, 0))
            a, b = max(a, first), min(b, end)
            if a >= b:
                return INF
        if lab.printed:  # laid out by position: the lines themselves
            span = self.spans[a] if align == "top" else self.spans[b - 1]
            if span is not None:
                return span[0] - lab.printed[0] if align == "top" else span[1] - lab.printed[-1]
        half = (len(lab.printed) or (2 if lab.ends else 1)) / 2  # half the class's own lines
        line = self.above[a] + half if align == "top" else self.above[b] - half
        return line - self.at(q)

    def at(self, q: float) -> float:
        """The height above position ``q`` (``k + f``: item k, ``f`` of its lines above)."""
        k = int(q)
        return self.above[k] + ((q - k) * self.tall[k] if k < len(self.tall) else 0.0)

    def offset(self, a: int, b: int, lab: Entry, q: float) -> float:
        """How far the centre of the block ``a:b`` stands below its class printed at ``q``."""
        if a == b or not self.paged or lab.page is None:
            return (self.above[a] + self.above[b]) / 2 - self.at(q)
        first, end = self.pages.get(lab.page, (0, 0))
        lo, hi = max(a, first), min(b, end)
        if lo >= hi:
            return INF  # a class is printed beside rows of its block
        centre = (self.above[a] + self.above[b]) / 2
        if centre > self.above[hi]:
            centre = self.at(hi - 0.5)
        elif centre < self.above[lo]:
            centre = self.at(lo + 0.5)
        return centre - self.at(q)


def holds_beside(lab: Entry, a: int, b: int) -> bool:
    """Whether the block ``a:b`` holds every row printed on the class's lines (a row on one of
    them is one of its rows; so a class of no rows has a row of its own, beside no indicator)."""
    return lab.beside is None or a <= lab.beside[0] <= lab.beside[1] < b


ALIGNMENTS = ("middle", "top", "bottom")
WORDS = {"middle": "centred", "top": "at their tops", "bottom": "at their bottoms"}  # for messages


def place(
    items: list[Entry],
    labels: list[tuple[float, Entry]],
    *,
    upward_only: bool,
    unique: bool = True,
    align: str = "middle",
) -> list[int] | None:
    """Where each class's block starts (and, last, the number of items); None when no cut
    holds every class inside its block.  ``upward_only``: a class stands at or above its
    block's centre (text without page breaks, where a block run onto the next page prints its
    class near the first page's foot).  ``align``: the classes stand in their cells' middles,
    at their tops or at their bottoms."""
    found = fit(items, labels, upward_only=upward_only, unique=unique, align=align)
    return found[0] if found is not None else None


def fit(
    items: list[Entry],
    labels: list[tuple[float, Entry]],
    *,
    upward_only: bool,
    unique: bool = True,
    align: str = "middle",
) -> tuple[list[int], float] | None:
    """``place``'s cut and what it costs (how far, squared, the classes stand from where
    ``align`` sets them in their blocks)."""
    measure, n, k = Measure(items), len(items), len(labels)

    def cost(i: int, a: int, b: int) -> float:
        q, lab = labels[i]
        if not a <= q <= b or (lab.same_line and not a <= q - 0.5 < b):
            return INF
        if not holds_beside(lab, a, b):
            return INF
        if align != "middle":
            edge = measure.edge(a, b, lab, q, align)
            return INF if abs(edge) > EDGE else edge**2
        off = measure.offset(a, b, lab, q)
        return INF if upward_only and off < 0 else off**2

    ahead = [[INF] * (n + 1) for _ in range(k + 1)]  # ahead[i][b]: classes 0..i-1, block i-1 ending at b
    back = [[0] * (n + 1) for _ in range(k + 1)]
    behind = [[INF] * (n + 1) for _ in range(k + 1)]  # behind[i][a]: classes i..k-1, block i starting at a
    ahead[0][0], behind[k][n] = 0.0, 0.0
    for i in range(k):
        for a in range(n + 1):
            if ahead[i][a] < INF:
                for b in range(a, n + 1):
                    c = ahead[i][a] + cost(i, a, b)
                    if c < ahead[i + 1][b]:
                        ahead[i + 1][b], back[i + 1][b] = c, a
    for i in range(k - 1, -1, -1):
        for a in range(n + 1):
            behind[i][a] = min((cost(i, a, b) + behind[i + 1][b] for b in range(a, n + 1)), default=INF)
    best = ahead[k][n]
    if best == INF:
        return None
    bounds = [n]
    for i in range(k, 0, -1):
        bounds.append(back[i][bounds[-1]])
    bounds.reverse()
    if unique:
        _unique(labels, bounds, best, ahead, behind)
    return bounds, best


def _unique(
    labels: list[tuple[float, Entry]],
    bounds: list[int],
    best: float,
    ahead: list[list[float]],
    behind: list[list[float]],
) -> None:
    """Every other cut must fit clearly worse: any other differs in where some class's block
    starts, and the best cut with block i starting elsewhere costs ``ahead[i][v] +
    behind[i][v]``.  Else which class a row belongs to is not certain: ``BudgetError``."""
    for i in range(1, len(labels)):
        other = min((ahead[i][v] + behind[i][v] for v in range(len(ahead[i])) if v != bounds[i]), default=INF)
        if other < best + MARGIN:
            raise BudgetError(
                f"the rows of the class {labels[i - 1][1].text} and of {labels[i][1].text} cannot be told "
                "apart by where the classes are printed"
            )


def snapped_apart(
    items: list[Entry], labels: list[tuple[float, Entry]], bounds: list[int], groups: Sequence[Group] = ()
) -> None:
    """Text laid out by position (``pdftotext -layout``): a class centred between two rows is
    set on the line of one of them, so where a class set on a row's line stands is told only to
    half a line (a class on a line of its own stands where it is set).  When the cut placed
    each class so and another cut does too, which rows are whose is not certain — unless the
    level-1 classes (``groups``) stand where this cut puts them and where none of the others
    does: else ``BudgetError``."""
    if not all(lab.printed for _, lab in labels):
        return
    measure, n, k = Measure(items), len(items), len(labels)

    def fits(i: int, a: int, b: int) -> bool:
        q, lab = labels[i]
        if not a <= q <= b or not holds_beside(lab, a, b):
            return False
        room = SNAP if lab.beside is not None else 0.0
        return abs(measure.offset(a, b, lab, q)) <= room + 1e-9

    if not all(fits(i, bounds[i], bounds[i + 1]) for i in range(k)):
        return  # the cut is not one of them: the rows' lines do not describe this table's
    ahead = [[False] * (n + 1) for _ in range(k + 1)]  # classes 0..i-1 fit, block i-1 ending at b
    behind = [[False] * (n + 1) for _ in range(k + 1)]  # classes i..k-1 fit, block i starting at a
    ahead[0][0], behind[k][n] = True, True
    for i in range(k):
        for a in range(n + 1):
            if ahead[i][a]:
                for b in range(a, n + 1):
                    ahead[i + 1][b] = ahead[i + 1][b] or fits(i, a, b)
    for i in range(k - 1, -1, -1):
        for a in range(n + 1):
            behind[i][a] = any(behind[i + 1][b] and fits(i, a, b) for b in range(a, n + 1))

    def step(i: int, a: int, b: int) -> bool:
        return behind[i + 1][b] and fits(i, a, b)

    split = next(
        (i for i in range(1, k) if any(ahead[i][v] and behind[i][v] for v in range(n + 1) if v != bounds[i])), None
    )
    if split is not None and not told_apart(items, labels, bounds, groups, step):
        raise BudgetError(
            f"the rows of the class {labels[split - 1][1].text} and of {labels[split][1].text} cannot be told "
            "apart: a class centred between two rows is set on the line of one of them"
        )
