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


def is_amount_piece(text: str, after_amount: bool = False) -> bool:
    """An amount, or a piece of one wrapped in a narrow cell (``107466.`` / ``24``); not a year,
    unless it is four digits alone printed after an amount on its line (``after_amount``): then
    it is an amount or a piece of one like those around it (``20429 2033 8272.`` over ``4.75
    42.55 14``: 204294.75, 203342.55, 8272.14 wrapped), where a year row's label comes first."""
    t = squash_number(text)
    if not is_fragment(t) or t in ("-", "."):
        return False
    return not _YEAR.match(t) or (after_amount and t.isdigit())


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


def style(cells: Sequence[dict[int, str]]) -> int | None:
    """The number of decimals the table prints its amounts with (``cells``: each printed
    line's number pieces by column), when nine in ten of its pieces have it, or when every
    piece without it joins the nearest piece above or below it in its column into a number
    with it (``22508.4`` over ``6`` in a narrow cell); ``None`` when the table mixes forms
    (``5,574.9``, ``370``, ``0.00``)."""
    counts: dict[int, int] = {}
    for line in cells:
        for t in line.values():
            if is_number(t):
                counts[_decimals(t)] = counts.get(_decimals(t), 0) + 1
    total = sum(counts.values())
    if not total:
        return None
    d, n = max(counts.items(), key=lambda kv: kv[1])
    if n * 10 >= total * 9:
        return d
    odd = [
        (k, col) for k, line in enumerate(cells) for col, t in line.items() if not (is_number(t) and _decimals(t) == d)
    ]
    return d if all(_wrap_of(cells, k, col, d) for k, col in odd) else None


WRAP_REACH = 2  # lines between a wrapped number's pieces (the row's other cells centred between)


def _wrap_of(cells: Sequence[dict[int, str]], k: int, col: int, form: int) -> bool:
    """Whether the piece on line ``k`` in column ``col`` joins the nearest piece above or
    below it in the column into a number of ``form`` decimals."""
    above = next((cells[i][col] for i in range(k - 1, max(-1, k - 1 - WRAP_REACH), -1) if col in cells[i]), None)
    below = next((cells[i][col] for i in range(k + 1, min(len(cells), k + 1 + WRAP_REACH)) if col in cells[i]), None)
    t = cells[k][col]
    joined = [above + t] if above is not None else []
    joined += [t + below] if below is not None else []
    return any(is_number(j) and _decimals(j) == form for j in joined)


def _decimals(t: str) -> int:
    return len(t.split(".", 1)[1]) if "." in t else 0


RowTest = Callable[[int, int], bool]
ALIGNMENTS = ("centre", "top", "bottom")
MAX_ROW_LINES = 10
ODD_FORM = 4.0  # the cost of an amount not in the table's form (rather than joined with a piece)
NO_LABEL = 1.0  # the cost of a row without a label (rather than its pieces joined with a row's)


def group_rows(
    lines: Sequence[PrintedLine],
    cols: Sequence[tuple[float, float]],
    fits: RowTest | None = None,
    column: Callable[[Piece], int] | None = None,
) -> list[list[int]]:
    """The printed lines of each row: ``lines`` (a page of a table's body) cut into runs of
    lines, each with amounts, such that in every column a row's pieces join into one number
    (a number wrapped in a narrow cell: ``21141.1`` / ``2``, or ``1,450`` / ``.52`` printed
    above and below the row's other cells when they are centred), and each row's label
    stands where the table aligns its cells against the row's amounts: centred, at the top
    or at the bottom, whichever the whole page is most consistent with; a line of amounts
    without a label is no row of its own where its pieces can join the row between them.
    ``fits(i, j)``: whether lines ``i:j`` may be one row at all (their labels' lines can be
    one cell's); ``column(piece)``: a label piece's column.  Empty when no cut puts every number together.  Raises ``AmbiguousRows`` where another cut
    fits the page about as well (a line of a wrapped label that may end the row above as well
    as start the row below): the text does not tell, and the reader does not guess."""
    cells = [_line_cells(pl, cols) for pl in lines]
    form = style(cells)
    cuts = _cheapest(lines, cells, form, frozenset(), fits)
    rows = cuts[0][1] if cuts else []
    heads = _possible_heads(cells) if form is None else frozenset()
    others = _cheapest(lines, cells, form, heads, fits) if heads else cuts
    other = others[0][1] if others else []
    tied = [c for cost, c in others if cost <= others[0][0] + 1e-9 and _joins(c, heads, cells)]
    if tied and tied[0] != rows:
        other = tied[0]  # a cut as cheap that joins a whole number with the piece below it
    if len(tied) <= 1 and other != rows and _unlabelled(lines, rows) and not _unlabelled(lines, other):
        return other  # pieces that are no row of their own (no label): wrapped in the row between them
    if other != rows:
        allowed = _allowed_cuts(lines, cells, form, heads, fits, column)
        if len(allowed) == 1 and allowed[0] in (rows, *tied, other):
            return allowed[0]  # the one cut that puts every row's label where an alignment does
        k, col = min(heads)
        raise AmbiguousRows(
            f"a number may be wrapped in its cell or whole ({cells[k][col]!r} over a short piece, "
            "in a table of mixed decimals): the rows cannot be told",
            lines[k].loc,
        )
    if rows:
        _settled(lines, cells, form, rows, fits, column)
    return rows


def _line_cells(pl: PrintedLine, cols: Sequence[tuple[float, float]]) -> dict[int, str]:
    """A line's number pieces by column.  Two of them in one column (``8   8`` under ``1225.2
    1225.2``: each the end of its own amount, one standing nearer the next column) cannot be told
    apart: which column each belongs to is not known, and the rows are not read."""
    out: dict[int, str] = {}
    for p in pl.amounts:
        col = column_of(p, cols)
        if col in out:
            raise AmbiguousRows(
                f"two numbers of one line ({out[col]!r} and {squash_number(p.text)!r}) stand in one column: "
                "which column each belongs to cannot be told",
                pl.loc,
            )
        out[col] = squash_number(p.text)
    return out


def _settled(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    form: int | None,
    rows: list[list[int]],
    fits: RowTest | None,
    column: Callable[[Piece], int] | None,
) -> None:
    """Raise ``AmbiguousRows`` unless ``rows`` is the one cut the layout allows: every row's
    numbers whole in the table's form, and its label where one alignment puts it — centred
    on its amounts to within half a line (pdftotext puts a line centred between two others on
    either), or each label cell's first (top) or last (bottom) line on its amounts' line."""
    found = _allowed_cuts(lines, cells, form, frozenset(), fits, column)
    others = [cut for cut in found if cut != rows]
    if others:
        raise _unsure(lines, rows, others[0])
    if not found:
        raise AmbiguousRows(
            "no cut into rows puts every row's label where the table aligns its cells: which lines belong "
            "to which row cannot be told from text laid out by pdftotext (the PDF itself can)",
            lines[0].loc,
        )


def _allowed_cuts(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    form: int | None,
    heads: frozenset[tuple[int, int]],
    fits: RowTest | None,
    column: Callable[[Piece], int] | None,
) -> list[list[list[int]]]:
    """The cuts into rows the layout allows at some alignment (``_allowed``), two at most per
    alignment; with ``heads``, those whole numbers may be joined with the piece below them."""
    found: dict[tuple[int, ...], list[list[int]]] = {}
    for align in ALIGNMENTS:
        for _, cut in _partition(lines, cells, form, align, heads, fits, column or _one_column):
            found.setdefault(tuple(r[0] for r in cut), cut)
    return list(found.values())


def _unsure(lines: Sequence[PrintedLine], rows: list[list[int]], other: list[list[int]]) -> AmbiguousRows:
    """The error for two cuts that fit: the first line they put in different rows."""
    starts = {r[0] for r in rows} ^ {r[0] for r in other}
    k = min(starts)
    text = " ".join(p.text for p in lines[k].pieces)
    return AmbiguousRows(
        f"the line {text!r} may start a row or end the row above: which lines belong to which "
        "row cannot be told from text laid out by pdftotext (the PDF itself can)",
        lines[k].loc,
    )


def _joins(cut: list[list[int]], heads: frozenset[tuple[int, int]], cells: list[dict[int, str]]) -> bool:
    """Whether a cut puts one of ``heads`` in a row with the piece below it in its column,
    joined into a number with as many decimals as one the table prints whole."""
    forms = {_decimals(t) for line in cells for t in line.values() if is_number(t)}
    for row in cut:
        for k, col in heads:
            below = [cells[m][col] for m in row if m > k and col in cells[m]]
            if k in row and below and _decimals(cells[k][col] + below[0]) in forms:
                return True
    return False


class AmbiguousRows(ValueError):
    """Two cuts into rows fit the pieces: a whole number, or one wrapped in its cell."""

    def __init__(self, message: str, loc: int) -> None:
        super().__init__(message)
        self.loc = loc


def _unlabelled(lines: Sequence[PrintedLine], rows: list[list[int]]) -> bool:
    """Whether a row of the cut has no label on any of its lines."""
    return any(not any(lines[k].labels for k in members) for members in rows)


def _cheapest(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    form: int | None,
    heads: frozenset[tuple[int, int]],
    fits: RowTest | None = None,
) -> list[tuple[float, list[list[int]]]]:
    """The two cheapest different cuts at any alignment, cheapest first; with ``heads``, those
    whole numbers may be joined with the piece below them."""
    found: dict[tuple[int, ...], float] = {}
    rows: dict[tuple[int, ...], list[list[int]]] = {}
    for align in ALIGNMENTS:
        for cost, cut in _partition(lines, cells, form, align, heads, fits):
            key = tuple(r[0] for r in cut)
            if key not in found or cost < found[key] - 1e-9:
                found[key], rows[key] = cost, cut
    return sorted(((c, rows[k]) for k, c in found.items()), key=lambda kv: kv[0])[:2]


_TAIL = re.compile(r"^\.?\d{1,2}$")


def _possible_heads(cells: Sequence[dict[int, str]]) -> frozenset[tuple[int, int]]:
    """In a table of mixed forms, the whole numbers that may as well be the first piece of a
    number wrapped in its cell, the nearest piece below them one or two digits: as long as the
    longest piece of their column (``5320.0`` / ``2``), or cut among its decimals in a column
    that prints every other piece with as many decimals as they joined would have (``0.0`` /
    ``0`` in a column of ``0.00``)."""
    longest: dict[int, int] = {}
    forms: dict[int, list[int]] = {}
    for line in cells:
        for col, t in line.items():
            longest[col] = max(longest.get(col, 0), len(t))
            forms.setdefault(col, []).append(_decimals(t))
    out = set()
    for k, line in enumerate(cells):
        for col, t in line.items():
            at = next((i for i in range(k + 1, min(len(cells), k + 1 + WRAP_REACH)) if col in cells[i]), None)
            below = cells[at][col] if at is not None else None
            if below is None or not _TAIL.match(below) or not is_number(t + below):
                continue
            if len(t) == longest[col] or _cut_decimals(t, below, forms[col]):
                out.add((k, col))
    return frozenset(out)


def _cut_decimals(head: str, tail: str, column: list[int]) -> bool:
    """Whether ``head`` over ``tail`` may be one number cut among its decimals: ``head`` has a
    decimal point, ``tail`` only digits, and the column's other pieces (``column``: every
    piece's decimals) all have as many decimals as the two joined."""
    if "." not in head or not tail.isdigit():
        return False
    others = list(column)
    others.remove(_decimals(head))
    others.remove(_decimals(tail))
    return bool(others) and all(d == _decimals(head + tail) for d in others)


def _partition(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    form: int | None,
    align: str,
    heads: frozenset[tuple[int, int]] = frozenset(),
    fits: RowTest | None = None,
    strict: Callable[[Piece], int] | None = None,
) -> list[tuple[float, list[list[int]]]]:
    """The two cheapest cuts into rows (dynamic programming over where rows end, keeping the
    two cheapest ways to reach each line), cheapest first; with ``strict`` (a label piece's
    column), only cuts whose every row the layout allows (``_allowed``), at no cost."""
    n = len(lines)
    # best[j]: up to two (cost, start of the last row, which of the start's ways)
    best: list[list[tuple[float, int, int]]] = [[(0.0, 0, 0)]] + [[] for _ in range(n)]
    for j in range(1, n + 1):
        ways = []
        for i in range(j - 1, max(-1, j - 1 - MAX_ROW_LINES), -1):
            if not best[i] or (fits is not None and not fits(i, j)):
                continue
            cost = _row_cost(lines, cells, i, j, form, align, heads)
            if strict is not None:
                cost = 0.0 if cost is not None and _allowed(lines, cells, i, j, form, align, strict) else None
            if cost is not None:
                ways += [(c + cost, i, r) for r, (c, _, _) in enumerate(best[i])]
        best[j] = sorted(ways, key=lambda w: w[0])[:2]
    return [(best[n][r][0], _traced(best, r)) for r in range(len(best[n]))]


def _traced(best: list[list[tuple[float, int, int]]], r: int) -> list[list[int]]:
    rows = []
    j = len(best) - 1
    while j > 0:
        _, i, r = best[j][r]
        rows.append(list(range(i, j)))
        j = i
    return rows[::-1]


def traced_rows(back: list[int]) -> list[list[int]]:
    """The rows of the cheapest cut into rows, from where each cut's last row starts
    (``back[j]``: the first line of the row that ends before line ``j``)."""
    rows = []
    j = len(back) - 1
    while j > 0:
        rows.append(list(range(back[j], j)))
        j = back[j]
    return rows[::-1]


def _row_cost(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    i: int,
    j: int,
    form: int | None,
    align: str,
    heads: frozenset[tuple[int, int]] = frozenset(),
) -> float | None:
    """The cost of lines ``i:j`` as one row, or None when they cannot be one: a row has
    amounts, and in each column its pieces join into one number, none but the last of them
    a whole amount in the table's form."""
    joined: dict[int, list[str]] = {}
    at: dict[int, list[int]] = {}
    for k in range(i, j):
        for col, t in cells[k].items():
            joined.setdefault(col, []).append(t)
            at.setdefault(col, []).append(k)
    if not joined:
        return None
    cost = 0.0
    for col, parts in joined.items():
        number = "".join(parts)
        leading = list(zip(parts[:-1], at[col], strict=False))
        if not is_number(number) or any(_complete(t, form) and (k, col) not in heads for t, k in leading):
            return None
        if form is not None and _decimals(number) != form:
            if len(parts) > 1:
                return None  # pieces joined into a number of another form
            cost += ODD_FORM
    return cost + _alignment_cost(lines, cells, i, j, align)


def _one_column(p: Piece) -> int:
    return 0


def _allowed(
    lines: Sequence[PrintedLine],
    cells: list[dict[int, str]],
    i: int,
    j: int,
    form: int | None,
    align: str,
    column: Callable[[Piece], int],
) -> bool:
    """Whether the layout allows lines ``i:j`` as a row at ``align``: a label on one of its
    lines (unless the page prints none), no piece of a wrapped number left by itself (an amount of another form than the
    table's that the piece above or below it would complete), and its label where the
    alignment puts it (see ``_settled``)."""
    if not any(lines[k].labels for k in range(i, j)):
        # amounts without a label: a row only in a table that prints none (an empty one's total)
        return j == i + 1 and not any(pl.labels for pl in lines)
    for k in range(i, j):
        for col, t in cells[k].items():
            if form is None or not is_number(t) or _decimals(t) == form:
                continue
            alone = not any(col in cells[m] for m in range(i, j) if m != k)
            if alone and _wrap_of(cells, k, col, form):
                return False  # a piece of a number wrapped in its cell, left whole
    amounts = [lines[k].y for k in range(i, j) if cells[k]]
    top, bottom = min(amounts), max(amounts)
    if align == "centre":
        labelled = [lines[k].y for k in range(i, j) if lines[k].labels]
        return abs((min(labelled) + max(labelled)) / 2 - (top + bottom) / 2) <= 0.5
    blocks: dict[int, list[float]] = {}
    for k in range(i, j):
        for p in lines[k].labels:
            blocks.setdefault(column(p), []).append(lines[k].y)
    if align == "top":
        return all(min(ys) == top for ys in blocks.values())
    return all(max(ys) == bottom for ys in blocks.values())


def _complete(t: str, form: int | None) -> bool:
    """A piece that is a whole amount by itself (in the table's form, when it has one)."""
    return is_number(t) and (form is None or _decimals(t) == form)


def _alignment_cost(lines: Sequence[PrintedLine], cells: list[dict[int, str]], i: int, j: int, align: str) -> float:
    labelled = [lines[k].y for k in range(i, j) if lines[k].labels]
    if not labelled:
        return NO_LABEL
    amounts = [lines[k].y for k in range(i, j) if cells[k]]
    top, bottom = min(amounts), max(amounts)
    if align == "top":
        return (min(labelled) - top) ** 2
    if align == "bottom":
        return (max(labelled) - bottom) ** 2
    return ((min(labelled) + max(labelled)) / 2 - (top + bottom) / 2) ** 2


# ---------------------------------------------------------------------------- cells


def label_column(p: Piece, cols: Sequence[tuple[float, float]], amounts_from: float) -> int:
    """The label column of a piece: left of the amounts, the last column that starts at or
    left of it (labels set there start where their column does: a code, then a name);
    elsewhere the column it overlaps most (an item centred between two amount columns)."""
    if p.x0 >= amounts_from:
        return column_of(p, cols)
    return max((k for k, (a, _) in enumerate(cols) if a <= p.x0 + 0.5), default=0)


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
                labels[label_column(p, label_cols, amount_cols[0][0])].append(p.text)
        for p in lines[i].amounts:
            amounts[column_of(p, amount_cols)].append(squash_number(p.text))
    return [join_lines(c) for c in labels], [order(c) for c in amounts]
