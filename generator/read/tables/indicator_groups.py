"""The 一级指标 classes as a check on a cut of the indicators into 二级指标 blocks, where the text
is laid out by position (``pdftotext -layout``): a level-1 class is printed once, in a cell
merged down the rows of all its level-2 classes, in that cell's vertical middle — and a level-2
class with no indicators has a row of its own among them (``经济效益指标`` with an empty
indicator).  So where the level-2 classes alone leave two cuts (``时效指标`` the class of two rows,
or a class of none and its rows another's), the level-1 classes may tell them apart: a cut
holding a class of no rows has a row more under its level-1 class, whose middle moves by half a
row.  A level-1 class is measured as the level-2 classes are: on a line of its own, it stands
where it is set; on a row's line, within half a line of where it is set.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .indicators import Entry

SNAP = 0.5  # rows' lines: how far from where pdftotext sets a class on a row's line it may stand
NEAR = 0.25  # lines: a class set this near another's line is set on it
CUTS = 200  # how many cuts the level-1 classes are tried on before the table is reported


@dataclass(frozen=True)
class Group:
    """A level-1 class and its level-2 classes (``first`` to ``last`` of the labels, in order)."""

    label: Entry
    first: int
    last: int


def level1_groups(level1: list[Entry], labels: list[tuple[float, Entry]], of: list[str]) -> list[Group]:
    """The level-1 classes over runs of level-2 classes: ``of[i]`` the level-1 class of label i.
    A level-1 class printed other than once, or over two runs apart, is no check (left out)."""
    runs: dict[str, list[int]] = {}
    for i, name in enumerate(of):
        runs.setdefault(name, []).append(i)
    out = []
    for name, members in runs.items():
        printed = [e for e in level1 if e.text == name]
        if len(printed) == 1 and members == list(range(members[0], members[-1] + 1)):
            out.append(Group(printed[0], members[0], members[-1]))
    return out


class Rows:
    """The rows a cut makes: the items in order, and a row of its own for each class of none."""

    def __init__(self, items: list[Entry], labels: list[tuple[float, Entry]], cut: list[int]) -> None:
        self.items, self.labels, self.cut = items, labels, cut
        self.heights: list[float] = []
        self.item_row: dict[int, int] = {}  # each item's row
        self.class_row: dict[int, int] = {}  # each class of none's row
        self.classes: list[tuple[int, int]] = []  # each class's first row and the one after its last
        for i in range(len(labels)):
            first = len(self.heights)
            if cut[i] == cut[i + 1]:
                self.class_row[i] = first
                self.heights.append(float(max(1, len(labels[i][1].printed))))
            for k in range(cut[i], cut[i + 1]):
                self.item_row[k] = len(self.heights)
                self.heights.append(float(items[k].tall))
            self.classes.append((first, len(self.heights)))
        self.above = [0.0]
        for h in self.heights:
            self.above.append(self.above[-1] + h)

    def centred(self, g: Group) -> bool:
        """Whether the level-1 class stands where the middle of its classes' rows puts it (a
        group printed over pages is not measured: true)."""
        lo, hi = self.classes[g.first][0], self.classes[g.last][1]
        placed = self._where(g.label)
        if lo == hi or placed is None or not self._one_page(g):
            return True
        at, room = placed
        return abs((self.above[lo] + self.above[hi]) / 2 - at) <= room + 1e-9

    def _one_page(self, g: Group) -> bool:
        ks = range(self.cut[g.first], self.cut[g.last + 1])
        pages = {g.label.page, *(self.labels[i][1].page for i in range(g.first, g.last + 1))}
        pages |= {self.items[k].page for k in ks}
        return None not in pages and len(pages) == 1

    def _where(self, label: Entry) -> tuple[float, float] | None:
        """Where the level-1 class is printed, as a height from the top, and how far off it may
        stand: beside an item (``at`` k + f: f of its lines above), or between items — before,
        on or after the line of each class of none set there."""
        if label.at is None or label.span is None:
            return None
        q, y = label.at, label.span[0]
        k = int(q)
        if q != k:
            row = self.item_row[k]
            return self.above[row] + (q - k) * self.heights[row], SNAP
        at = self.above[self.item_row.get(k, len(self.heights))]
        for i, row in sorted(self.class_row.items(), key=lambda r: r[1]):
            lab_q, lab = self.labels[i]
            if lab_q != k or lab.span is None:
                continue
            if abs(lab.span[0] - y) <= NEAR:
                return self.above[row] + self.heights[row] / 2, SNAP
            if lab.span[0] > y:
                return min(at, self.above[row]), 0.0
        return at, 0.0


def told_apart(
    items: list[Entry],
    labels: list[tuple[float, Entry]],
    bounds: list[int],
    groups: Sequence[Group],
    step: Callable[[int, int, int], bool],
) -> bool:
    """Whether, of the cuts ``step`` lets through (``cuts``), the level-1 classes stand where
    ``bounds`` puts them and where no other puts them."""
    if not groups:
        return False
    found = cuts(len(items), len(labels), step)
    if found is None:
        return False
    return [cut for cut in found if _centred(Rows(items, labels, cut), groups)] == [bounds]


def _centred(rows: Rows, groups: Sequence[Group]) -> bool:
    return all(rows.centred(g) for g in groups)


def cuts(n: int, k: int, step: Callable[[int, int, int], bool]) -> list[list[int]] | None:
    """Every cut of ``n`` items into ``k`` blocks, class by class, that ``step`` lets through
    (``step(i, a, b)``: whether block i may be ``a:b`` and the classes after it still fit);
    None when there are more than ``CUTS``."""
    out: list[list[int]] = []

    def walk(i: int, cut: list[int]) -> None:
        if len(out) > CUTS:
            return
        if i == k:
            out.append(cut)
            return
        for b in range(cut[-1], n + 1):
            if step(i, cut[-1], b):
                walk(i + 1, [*cut, b])

    walk(0, [0])
    return None if len(out) > CUTS else out
