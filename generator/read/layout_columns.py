"""Which column each amount of a page of ``pdftotext -layout`` text stands in, when the page's
amounts run into each other's columns (amounts too wide for their cells): found from its full
lines, and each other line's amounts by where they end — pdftotext gives a word's left edge,
and its characters a column each whatever their width, so a number set after Chinese text on
its line, or beside a label wrapped around it, may stand a few columns left of its column's
other numbers.  Where an amount's column is not certain, none is given.
"""

from __future__ import annotations

import itertools

from .grid import Piece, PrintedLine, columns
from .numbers import CODE


def amount_columns(page: list[PrintedLine]) -> list[tuple[float, float]]:
    """The columns of a page's amounts (``grid.columns``); a stretch only a character wide
    that ends at most one column right of the column before it, touching it, is that column
    (pdftotext places right-aligned numbers a column apart from line to line: ``547.90`` / ``0``)."""
    out: list[tuple[float, float]] = []
    for a, b in columns([(p.x0, p.x1) for pl in page for p in pl.amounts]):
        if out and a <= out[-1][1] and b <= out[-1][1] + 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def full_row_columns(
    page: list[PrintedLine], m: int, coded: bool = False
) -> tuple[list[tuple[float, float]], dict[int, int]] | None:
    """The ``m`` amount columns of a page whose amounts' spans run into each other (amounts too
    wide for their cells, which pdftotext sets one space apart, ``2,640.99 2,640.99``, pushing
    the rest of the line right), from its full lines: a line that prints ``m`` amounts prints one
    in each column, in order.  Every other line's amounts are placed by where they end
    (``_placed``).  The
    columns (where the full lines' amounts stand) and each amount's column (by ``id``); None
    when the page's columns are found already, no line is full, or any amount's column is not
    certain."""
    if len(amount_columns(page)) == m:
        return None
    full = [pl for pl in page if len(pl.amounts) == m]
    if not full or any(len(pl.amounts) > m for pl in page):
        return None
    if coded and any(_code_alone(pl) for pl in full):
        return None  # a code whose name is wrapped around it, and a row with an empty cell
    if any(_runs_into_amounts(pl, page) for pl in page):
        return None
    ends = [sorted(pl.amounts[k].x1 for pl in full) for k in range(m)]
    found = _placed(page, ends, m)
    if found is None:
        return None
    starts = [sorted(pl.amounts[k].x0 for pl in full) for k in range(m)]
    # each column where its full lines' middle amount stands (the first from its leftmost: the
    # labels end there)
    cols = [(xs[0] if k == 0 else xs[len(xs) // 2], ends[k][len(xs) // 2]) for k, xs in enumerate(starts)]
    if any(a[1] > b[0] for a, b in itertools.pairwise(cols)):
        return None
    return cols, found


def _code_alone(pl: PrintedLine) -> bool:
    """Whether a line's first amount may be a classification code standing alone on its line
    (its name wrapped onto the lines around it): a number of a code's digits with no label
    before it (``370`` after ``2050201 学前教育`` is an amount)."""
    first = pl.amounts[0]
    return bool(CODE.match(first.text)) and not any(q.x1 <= first.x0 for q in pl.labels)


def _runs_into_amounts(pl: PrintedLine, page: list[PrintedLine]) -> bool:
    """Whether a label set one space before an amount may be two lines run into one: on a line
    pdftotext had no room for, a label wider than its cell, which the PDF prints on two lines
    that pdftotext may run into one in either order (``20103 事务政府办公厅（室）及相关机构
    26791.38``) — so wider than every other label starting at its column on the page.  (A
    line of a label wrapped in its cell, no wider, is only set close: ``室）及相关机 26791.38``.)"""
    for q in pl.labels:
        if any(0 <= a.x0 - q.x1 <= 1 for a in pl.amounts):
            others = [len(x.text) for p in page for x in p.labels if x is not q and abs(x.x0 - q.x0) <= 1]
            if not others or len(q.text) > max(others):
                return True
    return False


def _nearest(x: float, ends: list[list[float]]) -> int:
    """The column whose middle amount ends nearest ``x``."""
    return min(range(len(ends)), key=lambda k: abs(x - ends[k][len(ends[k]) // 2]))


def _end_column(p: Piece, ends: list[list[float]]) -> int | None:
    """The one column where a full line's amount ends within a character of where ``p`` ends,
    when that column is also the nearest; None when there is none or more than one."""
    ks = [k for k, e in enumerate(ends) if e[0] - 1 <= p.x1 <= e[-1] + 1]
    return ks[0] if len(ks) == 1 and _nearest(p.x1, ends) == ks[0] else None


def _placed(page: list[PrintedLine], ends: list[list[float]], m: int) -> dict[int, int] | None:
    """Each amount's column (by ``id``): a full line's in order; another line's where it ends
    (``_end_column``), in order, and those that end where no column or more than one ends
    filling, one a column, the columns between the placed ones that they fill exactly
    (``_filled``); failing that, a line's amounts with the heads of numbers wrapped in their
    cells on the line above (whose tails stand on the line below, each ending where its head
    ends) filling them together (``_wrapped_around``).  None when any is left unplaced."""
    found: dict[int, int] = {}
    pending: set[int] = set()  # the lines with amounts not placed
    for i, pl in enumerate(page):
        ks: list[int | None] = [*range(m)] if len(pl.amounts) == m else [_end_column(p, ends) for p in pl.amounts]
        known = [k for k in ks if k is not None]
        if any(a >= b for a, b in itertools.pairwise(known)):
            return None
        filled = _filled(ks, m)
        if filled is None:
            pending.add(i)
        else:
            found.update({id(p): k for p, k in zip(pl.amounts, filled, strict=True)})
    for i in range(1, len(page) - 1):
        if pending & {i - 1, i, i + 1} and (more := _wrapped_around(page, i, ends, m)) is not None:
            if any(found.get(key, k) != k for key, k in more.items()):
                return None  # the line's own amounts placed otherwise
            found.update(more)
            pending -= {i - 1, i, i + 1}
    return None if pending else found


def _filled(ks: list[int | None], m: int) -> list[int] | None:
    """The columns of a line's amounts in order, ``None`` where not known: each run of unknown
    ones standing where exactly as many columns lie between the known ones around it (or the
    table's first or last column) takes them in order; None when a run is not so."""
    out: list[int] = []
    run = 0
    for k in [*ks, m]:
        if k is None:
            run += 1
            continue
        start = out[-1] + 1 if out else 0
        if run:
            if k - start != run:
                return None
            out.extend(range(start, k))
            run = 0
        out.append(k)
    return out[:-1]


def _wrapped_around(page: list[PrintedLine], i: int, ends: list[list[float]], m: int) -> dict[int, int] | None:
    """Line ``i``'s amounts and the line above's as one line (``_filled``) when each of the line
    above's stands over one of the line below's, ending where it ends (a number wrapped in its
    cell, its head above the row's line and its tail below): the tails take their heads'
    columns.  None when they do not pair so, or do not fill the columns."""
    heads, row, tails = page[i - 1].amounts, page[i].amounts, page[i + 1].amounts
    if not heads or len(heads) != len(tails):
        return None
    partner = _pairs(heads, tails)
    if partner is None:
        return None
    both = sorted([*heads, *row], key=lambda p: p.x1)
    ks = [_end_column(p, ends) for p in both]
    known = [k for k in ks if k is not None]
    filled = _filled(ks, m) if all(a < b for a, b in itertools.pairwise(known)) else None
    if filled is None:
        return None
    out = {id(p): k for p, k in zip(both, filled, strict=True)}
    out.update({id(t): out[id(h)] for h, t in partner})
    return out


def _pairs(heads: list[Piece], tails: list[Piece]) -> list[tuple[Piece, Piece]] | None:
    """Each head with the one tail ending within a character of where it ends, in order; None
    when they do not pair one to one so."""
    pairs = list(zip(heads, tails, strict=True))
    return pairs if all(abs(h.x1 - t.x1) <= 1 for h, t in pairs) else None
