"""Tables from positions: printed lines of a table whose pieces of text stand at known places
(a PDF's words, or the character columns of ``pdftotext -layout`` text) → rows of cells in
their columns.  The PDF route and the layout-text route share it.

- **Columns** of amounts are the horizontal stretches where amounts stand: the spans of the
  body's amounts, merged where they overlap (numbers set right-aligned, centred or left-aligned
  in a column all overlap each other, and never the next column's).
- **Rows**: every printed line with amounts is the anchor of one row (with the line below it
  when that line only finishes numbers wrapped in their cells: ``21141.1`` / ``2``).  The lines
  between anchors hold the rest of wrapped labels.  They go to the row above or below so that
  each row's label stands where the table aligns its cells against the row's amounts —
  vertically centred, at the top or at the bottom; the alignment the whole table is most
  consistent with is chosen.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .numbers import CODE, is_fragment, is_number, squash_number
from .words import join_lines

_YEAR = re.compile(r"^(19|20)\d\d(年.*)?$")


@dataclass(frozen=True)
class Piece:
    """A run of text on one printed line, and where it stands (any unit: points, columns)."""

    text: str
    x0: float
    x1: float

    @property
    def mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PrintedLine:
    """A printed line of a table: its pieces left to right, its vertical centre, and where it is
    in the document (a line of a text file, a page of a PDF) for messages."""

    pieces: list[Piece]
    y: float
    loc: int
    amounts: list[Piece] = field(default_factory=list)  # the pieces that are amounts (or parts of)
    labels: list[Piece] = field(default_factory=list)  # the others


def is_amount_piece(text: str) -> bool:
    """An amount, or a piece of one wrapped in a narrow cell (``107466.`` / ``24``); not a year."""
    t = squash_number(text)
    return is_fragment(t) and not _YEAR.match(t) and t not in ("-", ".")


def classify(line: PrintedLine, coded: bool = False) -> None:
    """Sort a line's pieces into amounts and labels.  In a table with classification codes, a
    code printed before a name (``2050201 学前教育``) is a label, not an amount."""
    line.amounts, line.labels = [], []
    for k, p in enumerate(line.pieces):
        later_text = coded and any(not is_amount_piece(q.text) for q in line.pieces[k + 1 :])
        t = squash_number(p.text)
        if is_amount_piece(p.text) and not (CODE.match(t) and later_text):
            line.amounts.append(p)
        else:
            line.labels.append(p)


def columns(spans: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Stretches covered by overlapping spans, left to right."""
    out: list[tuple[float, float]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def column_of(p: Piece, cols: Sequence[tuple[float, float]]) -> int:
    """The column a piece overlaps most (or stands nearest to)."""

    def fit(k: int) -> tuple[float, float]:
        a, b = cols[k]
        return (min(p.x1, b) - max(p.x0, a), -abs(p.mid - (a + b) / 2))

    return max(range(len(cols)), key=fit)


# ---------------------------------------------------------------------------- rows


def style(lines: Sequence[PrintedLine]) -> int | None:
    """The number of decimals the table prints its amounts with, when nine in ten of them have
    it (``None`` when the table mixes forms: ``5,574.9``, ``370``, ``0.00``)."""
    counts: dict[int, int] = {}
    for pl in lines:
        for p in pl.amounts:
            t = squash_number(p.text)
            if is_number(t):
                counts[_decimals(t)] = counts.get(_decimals(t), 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    d, n = max(counts.items(), key=lambda kv: kv[1])
    return d if n * 10 >= total * 9 else None


def _decimals(t: str) -> int:
    return len(t.split(".", 1)[1]) if "." in t else 0


ALIGNMENTS = ("centre", "top", "bottom")
MAX_ROW_LINES = 10
ODD_FORM = 4.0  # the cost of an amount not in the table's form (rather than joined with a piece)


def group_rows(lines: Sequence[PrintedLine], cols: Sequence[tuple[float, float]]) -> list[list[int]]:
    """The printed lines of each row: ``lines`` (a page of a table's body) cut into runs of
    lines, each with amounts, such that in every column a row's pieces join into one number
    (a number wrapped in a narrow cell: ``21141.1`` / ``2``, or ``1,450`` / ``.52`` printed
    above and below the row's other cells when they are centred), and each row's label
    stands where the table aligns its cells against the row's amounts: centred, at the top
    or at the bottom, whichever the whole page is most consistent with.  Empty when no cut
    puts every number together."""
    form = style(lines)
    cells = [{column_of(p, cols): squash_number(p.text) for p in pl.amounts} for pl in lines]
    best: tuple[float, list[list[int]]] | None = None
    for align in ALIGNMENTS:
        found = _partition(lines, cells, form, align)
        if found is not None and (best is None or found[0] < best[0] - 1e-9):
            best = found
    return best[1] if best is not None else []


def _partition(
    lines: Sequence[PrintedLine], cells: list[dict[int, str]], form: int | None, align: str
) -> tuple[float, list[list[int]]] | None:
    """The cheapest cut into rows (dynamic programming over where rows end)."""
    n = len(lines)
    inf = float("inf")
    best = [0.0] + [inf] * n
    back = [0] * (n + 1)
    for j in range(1, n + 1):
        for i in range(j - 1, max(-1, j - 1 - MAX_ROW_LINES), -1):
            if best[i] == inf:
                continue
            cost = _row_cost(lines, cells, i, j, form, align)
            if cost is not None and best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    if best[n] == inf:
        return None
    rows = []
    j = n
    while j > 0:
        rows.append(list(range(back[j], j)))
        j = back[j]
    return best[n], rows[::-1]


def _row_cost(
    lines: Sequence[PrintedLine], cells: list[dict[int, str]], i: int, j: int, form: int | None, align: str
) -> float | None:
    """The cost of lines ``i:j`` as one row, or None when they cannot be one: a row has
    amounts, and in each column its pieces join into one number, none but the last of them
    a whole amount in the table's form."""
    joined: dict[int, list[str]] = {}
    for k in range(i, j):
        for col, t in cells[k].items():
            joined.setdefault(col, []).append(t)
    if not joined:
        return None
    cost = 0.0
    for parts in joined.values():
        number = "".join(parts)
        if not is_number(number) or any(_complete(t, form) for t in parts[:-1]):
            return None
        if form is not None and _decimals(number) != form:
            if len(parts) > 1:
                return None  # pieces joined into a number of another form
            cost += ODD_FORM
    return cost + _alignment_cost(lines, cells, i, j, align)


def _complete(t: str, form: int | None) -> bool:
    """A piece that is a whole amount by itself (in the table's form, when it has one)."""
    return is_number(t) and (form is None or _decimals(t) == form)


def _alignment_cost(lines: Sequence[PrintedLine], cells: list[dict[int, str]], i: int, j: int, align: str) -> float:
    labelled = [lines[k].y for k in range(i, j) if lines[k].labels]
    if not labelled:
        return 0.0
    amounts = [lines[k].y for k in range(i, j) if cells[k]]
    top, bottom = min(amounts), max(amounts)
    if align == "top":
        return (min(labelled) - top) ** 2
    if align == "bottom":
        return (max(labelled) - bottom) ** 2
    return ((min(labelled) + max(labelled)) / 2 - (top + bottom) / 2) ** 2


# ---------------------------------------------------------------------------- cells


def row_cells(
    lines: Sequence[PrintedLine],
    members: Sequence[int],
    label_cols: Sequence[tuple[float, float]],
    amount_cols: Sequence[tuple[float, float]],
    order: Callable[[list[str]], str] = "".join,
) -> tuple[list[str], list[str]]:
    """A row's label cells (one per label column, its lines joined by the data contract's rule)
    and amount cells (one per amount column, a wrapped number's pieces joined)."""
    labels: list[list[str]] = [[] for _ in label_cols]
    amounts: list[list[str]] = [[] for _ in amount_cols]
    for i in members:
        for p in lines[i].labels:
            if label_cols:
                labels[column_of(p, label_cols)].append(p.text)
        for p in lines[i].amounts:
            amounts[column_of(p, amount_cols)].append(squash_number(p.text))
    return [join_lines(c) for c in labels], [order(c) for c in amounts]
