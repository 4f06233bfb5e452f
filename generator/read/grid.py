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

import itertools
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


def classify(line: PrintedLine) -> None:
    """Sort a line's pieces into amounts and labels.  A classification code printed before a
    name (``2050201 学前教育``) is a label, not an amount."""
    line.amounts, line.labels = [], []
    for k, p in enumerate(line.pieces):
        later_text = any(not is_amount_piece(q.text) for q in line.pieces[k + 1 :])
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


def continues_amounts(above: PrintedLine, below: PrintedLine, cols: Sequence[tuple[float, float]]) -> bool:
    """Does ``below`` only finish numbers wrapped in their cells on ``above``?  Each of its
    amounts stands in a column where ``above`` has one, joined they make a number, and at least
    one of those above cannot end a number as printed (``107466.``, ``21,``) or the join keeps
    every amount of the line in the table's own form (two decimals)."""
    if not below.amounts or any(is_amount_piece(p.text) is False for p in below.amounts):
        return False
    top = {column_of(p, cols): squash_number(p.text) for p in above.amounts}
    pairs = []
    for p in below.amounts:
        k = column_of(p, cols)
        if k not in top:
            return False
        pairs.append((top[k], squash_number(p.text)))
    if not all(is_number(a + b) for a, b in pairs):
        return False
    return any(not is_number(a) for a, _ in pairs) or all(
        _two_decimals(a + b) and not _two_decimals(a) for a, b in pairs
    )


def _two_decimals(t: str) -> bool:
    return "." in t and len(t.split(".", 1)[1]) == 2


ALIGNMENTS = ("centre", "top", "bottom")


def group_rows(lines: Sequence[PrintedLine], anchors: Sequence[list[int]], lead: int, tail: int) -> list[list[int]]:
    """The printed lines of each row.  ``anchors``: the lines with amounts of each row (one, or
    two for wrapped numbers), in order; the lines between them hold only label text.  ``lead``:
    how many label lines before the first anchor may belong to the first row (the rest are the
    header); ``tail``: likewise after the last anchor."""
    best: tuple[float, list[list[int]]] | None = None
    for align in ALIGNMENTS:
        cost, rows = _assign(lines, anchors, lead, tail, align)
        if best is None or cost < best[0] - 1e-9:
            best = (cost, rows)
    assert best is not None
    return best[1]


def _assign(
    lines: Sequence[PrintedLine], anchors: Sequence[list[int]], lead: int, tail: int, align: str
) -> tuple[float, list[list[int]]]:
    """Split the label lines between anchors (dynamic programming over the splits)."""
    n = len(anchors)
    gaps: list[list[int]] = []
    first, last = anchors[0][0], anchors[-1][-1]
    gaps.append(list(range(first - lead, first)))
    for a, b in itertools.pairwise(anchors):
        gaps.append(list(range(a[-1] + 1, b[0])))
    gaps.append(list(range(last + 1, last + 1 + tail)))
    # split s of gap r: its first s lines go to row r-1, the rest to row r.  Gap 0's "row -1" is
    # the header, gap n's "row n" is what follows the table.
    inf = float("inf")
    best: list[dict[int, tuple[float, int]]] = [{s: (0.0, -1) for s in range(len(gaps[0]) + 1)}]
    for r in range(n):
        nxt: dict[int, tuple[float, int]] = {}
        for s_next in range(len(gaps[r + 1]) + 1):
            for s, (c, _) in best[r].items():
                members = gaps[r][s:] + anchors[r] + gaps[r + 1][:s_next]
                cost = c + _cost(lines, members, anchors[r], align)
                if cost < nxt.get(s_next, (inf, 0))[0]:
                    nxt[s_next] = (cost, s)
        best.append(nxt)
    s_end = min(best[n], key=lambda s: (best[n][s][0], -s))
    cost = best[n][s_end][0]
    splits = [s_end]
    for r in range(n, 0, -1):
        splits.append(best[r][splits[-1]][1])
    splits.reverse()  # splits[r]: the split of gap r
    rows = [gaps[r][splits[r] :] + anchors[r] + gaps[r + 1][: splits[r + 1]] for r in range(n)]
    return cost, rows


def _cost(lines: Sequence[PrintedLine], members: list[int], anchor: list[int], align: str) -> float:
    labelled = [i for i in members if lines[i].labels]
    if not labelled:
        return 0.0
    ys = [lines[i].y for i in labelled]
    top, bottom = lines[anchor[0]].y, lines[anchor[-1]].y
    if align == "top":
        return (min(ys) - top) ** 2
    if align == "bottom":
        return (max(ys) - bottom) ** 2
    return ((min(ys) + max(ys)) / 2 - (top + bottom) / 2) ** 2


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
