"""The rows of a table without rules: its body's printed lines (and their runs) cut into rows
by where the words stand — the lines of each row, its amounts joined into numbers.

- **Runs** (``line_runs``): a line's pieces of text set apart by more than a word space; a run
  that is a number (or a piece of one) is an amount.
- **Rows** (``table_rows``): the lines cut into runs of lines, each holding amounts, where in
  every column a row's pieces join into one number (a number wrapped in a narrow cell: each
  piece but the last filled its cell, the next on the cell's next line; a joined number in the
  table's ``Form``), no cut falls between two lines that overlap, no row goes on across a rule,
  and each row's labels stand where the table aligns its cells against the amounts — centred,
  at the top or at the bottom, whichever the page is most consistent with.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..model import BudgetError
from .grid import is_amount_piece, traced_rows
from .numbers import decimals, is_number, squash_number
from .pdf_page import PageText
from .pdf_text import TextLine, has_ink, line_text
from .tokens import DASHES

# ---------------------------------------------------------------------------- lines and runs


@dataclass
class Run:
    """A run of a printed line: its characters, set apart from the line's other runs by more
    than a word space (a cell of a table without rules)."""

    chars: list[dict]
    x0: float
    x1: float
    text: str
    amount: bool = False


@dataclass
class Printed:
    """A printed line of a table without rules, and where it is."""

    page: PageText
    index: int  # its chunk on the page
    line: TextLine
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom

    @property
    def mid(self) -> float:
        return (self.line.top + self.line.bottom) / 2

    @property
    def amounts(self) -> list[Run]:
        return [r for r in self.runs if r.amount]

    @property
    def labels(self) -> list[Run]:
        return [r for r in self.runs if not r.amount]


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,-%"


def line_runs(ln: TextLine) -> list[Run]:
    """A line's runs: cut where the gap between two characters is wider than letter spacing
    (0.4 em), unless the PDF prints a space there and the gap is a word space (up to 1 em); and
    where a space stands between two numbers (a space joins no number: two cells' amounts).  A
    run that is a number (or a piece of one) is taken for an amount."""
    groups: list[list[dict]] = []
    spaces: list[dict] = []  # the space characters since the last character with ink
    for ch in ln.spaced:
        if not has_ink(ch):
            spaces.append(ch)
            continue
        if groups:
            last = next(c for c in reversed(groups[-1]) if has_ink(c))
            gap = ch["x0"] - last["x1"]
            size = float(ch.get("size") or 10.0)
            numbers = bool(spaces) and _numeric(last["text"][-1]) and _numeric(ch["text"][0])  # two amounts
            if not numbers and (gap <= 0.4 * size or (spaces and gap <= 1.0 * size)):
                groups[-1] += [*spaces, ch]  # a word space is kept in the run's text
                spaces = []
                continue
        groups.append([ch])
        spaces = []
    out: list[Run] = []
    after = False  # an amount stands before the run on its line
    for g in groups:
        text = line_text(g)
        out.append(Run(g, g[0]["x0"], g[-1]["x1"], text, amount=is_amount_piece(text, after)))
        after = after or out[-1].amount
    return out  # (classification codes are told from amounts by their column: ``_layout``)


def column_of(r: Run, cols: Sequence[tuple[float, float]]) -> int:
    """The column a run overlaps most (or stands nearest to)."""

    def fit(k: int) -> tuple[float, float]:
        a, b = cols[k]
        return (min(r.x1, b) - max(r.x0, a), -abs((r.x0 + r.x1) / 2 - (a + b) / 2))

    return max(range(len(cols)), key=fit)


# ---------------------------------------------------------------------------- the form of amounts


FORM_SAMPLE = 20  # amounts a table needs to tell its own form; else the document's


def _decimals_of(amounts: list[str]) -> int | None:
    """The number of decimals nine in ten of the amounts have (None: they mix forms, or too few)."""
    counts: dict[int, int] = {}
    for t in amounts:
        counts[decimals(t)] = counts.get(decimals(t), 0) + 1
    total = sum(counts.values())
    if total < FORM_SAMPLE:
        return None
    d, n = max(counts.items(), key=lambda kv: kv[1])
    return d if n * 10 >= total * 9 else None


def _zero(number: str) -> bool:
    return not number.strip("0.,-")


@dataclass(frozen=True)
class Form:
    """The decimals a table prints its amounts with, and its zeros with (some tables print
    zeros in a form of their own: 0 among 5,574.90); None where it mixes forms."""

    amounts: int | None = None
    zeros: int | None = None

    @classmethod
    def of(cls, amounts: list[str], fallback: Form | None = None) -> Form:
        """The form of a table's amounts (each part the ``fallback``'s where it has too few)."""
        numbers = [t for t in amounts if is_number(t)]
        nonzero = [t for t in numbers if not _zero(t)]
        zeros = [t for t in numbers if _zero(t)]
        fallback = fallback or cls()
        return cls(
            _decimals_of(nonzero) if len(nonzero) >= FORM_SAMPLE else fallback.amounts,
            _decimals_of(zeros) if len(zeros) >= FORM_SAMPLE else fallback.zeros,
        )

    def decimals(self, number: str) -> int | None:
        return self.zeros if _zero(number) else self.amounts


# ---------------------------------------------------------------------------- rows

ALIGNMENTS = ("centre", "top", "bottom")
MAX_ROW_LINES = 60
ROW = 0.25  # pt²: a row's worth of misalignment (two rows as well aligned as one are two)
ODD_FORM = 4.0  # pt²: the cost of an amount not in the table's form (rather than joined with a piece)
# pt²: a row of amounts without a label (a blank row of the template) does not count as a row
# (``ROW``) and costs one more, so that the pieces of numbers wrapped in their cells (``0.000`` /
# ``0``, the row's other cells set at its top) join their row rather than stand as a row of their own
UNLABELLED = 2 * ROW


def table_rows(
    lines: Sequence[Printed],
    amount_cols: Sequence[tuple[float, float]],
    rules: Sequence[float] = (),
    form: Form = Form(),
) -> list[list[int]]:
    """The lines of each row (indices into ``lines``, a page of a table's body, top to bottom):
    the cut, among those that put every column's pieces together into one number, cut no two
    overlapping lines apart and keep no rule (``rules``: the heights of the horizontal rules
    across the table) inside a row, whose rows' labels stand most consistently where the table
    aligns them against the row's amounts (``form``: the decimals the table's amounts and zeros
    have; a number of another form costs, a wrapped one cannot have it).  Raises ``BudgetError`` when
    no cut does."""
    cells: list[dict[int, list[Run]]] = []
    for pl in lines:
        cells.append({})
        for r in pl.amounts:
            cells[-1].setdefault(column_of(r, amount_cols), []).append(r)
    widths = [0.0] * len(amount_cols)
    for c in cells:
        for k, rs in c.items():
            widths[k] = max([widths[k], *(r.x1 - r.x0 for r in rs)])
    ruled = {k for k in range(1, len(lines)) if any(lines[k - 1].mid < y < lines[k].mid for y in rules)}
    found = [f for f in (_partition(lines, cells, widths, a, ruled, form) for a in ALIGNMENTS) if f is not None]
    if not found:
        raise BudgetError(
            "the lines of the table cannot be put together into rows: numbers wrapped in their cells do not join",
            line=lines[0].page.number if lines else None,
        )
    return _one_cut(lines, min(found, key=lambda f: f[0]), found)


def _one_cut(
    lines: Sequence[Printed], best: tuple[float, list[list[int]]], found: list[tuple[float, list[list[int]]]]
) -> list[list[int]]:
    """The rows: the cheapest cut, when no other alignment cuts the lines otherwise about as well
    (within a row's worth of misalignment, ``ROW``).  A label wrapped over three lines around its
    amounts reads as well as a centred cell as its first two lines read as a bottom-aligned one,
    its last as the next row's.  Of such cuts, the one whose rows are set apart (every gap between
    two rows wider than every gap between two lines of one row: cells have padding, lines of a cell
    do not) is the rows; when none or several are, which lines belong to which row is not told,
    and the reader does not guess."""
    near = {repr(rows): rows for cost, rows in found if cost <= best[0] + ROW}
    if len(near) == 1:
        return best[1]
    spaced = [rows for rows in near.values() if _set_apart(lines, rows)]
    if len(spaced) == 1:
        return spaced[0]
    other = next(rows for rows in near.values() if rows != best[1])
    k = next(a[0] for a, b in zip(other, best[1], strict=False) if a != b)
    raise BudgetError(
        "a label wrapped in its cell may end the row above or start the row below, the cells "
        "aligned either way as well: which lines belong to which row cannot be told",
        line=lines[k].page.number,
    )


def _set_apart(lines: Sequence[Printed], rows: list[list[int]]) -> bool:
    """Whether every gap between two rows' lines is wider than every gap inside a row."""
    inner = [lines[b].top - lines[a].top for row in rows for a, b in itertools.pairwise(row)]
    outer = [lines[b[0]].top - lines[a[-1]].top for a, b in itertools.pairwise(rows)]
    return not inner or not outer or max(inner) + 0.5 < min(outer)


def _partition(
    lines: Sequence[Printed],
    cells: list[dict[int, list[Run]]],
    widths: list[float],
    align: str,
    ruled: set[int],
    form: Form,
) -> tuple[float, list[list[int]]] | None:
    """The cheapest cut (dynamic programming over where rows end); no row goes on across a
    line ``k`` in ``ruled`` (a rule stands between lines ``k - 1`` and ``k``)."""
    n = len(lines)
    inf = float("inf")
    best = [0.0] + [inf] * n
    back = [0] * (n + 1)
    reach = list(itertools.accumulate((pl.bottom for pl in lines), max))  # the lowest ink so far
    for j in range(1, n + 1):
        if j < n and lines[j].top < reach[j - 1] - 0.5:
            continue  # a line overlapping one above it is in that line's row
        for i in range(j - 1, max(-1, j - 1 - MAX_ROW_LINES), -1):
            if i + 1 in ruled and i + 1 < j:
                break  # a rule inside the row
            if best[i] == inf:
                continue
            cost = _row_cost(lines, cells, widths, i, j, align, form)
            if cost is not None:
                cost -= ROW  # of two cuts as well aligned, the one with more rows
            if cost is not None and best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    if best[n] == inf:
        return None
    return best[n], traced_rows(back)


def _row_cost(
    lines: Sequence[Printed],
    cells: list[dict[int, list[Run]]],
    widths: list[float],
    i: int,
    j: int,
    align: str,
    form: Form,
) -> float | None:
    """The cost of lines ``i:j`` as one row, or None when they cannot be one: a row has
    amounts, and in each column its pieces join into one number, each piece but the last
    filling the column (it wrapped because the next piece's start did not fit) and the next
    piece on the cell's next line."""
    joined: dict[int, list[tuple[float, Run]]] = {}
    for k in range(i, j):
        for col, rs in cells[k].items():
            joined.setdefault(col, []).extend((lines[k].mid, r) for r in rs)
    if not joined:
        return None
    odd = 0.0
    for col, parts in joined.items():
        if len(parts) == 1 and parts[0][1].text.strip() in DASHES:
            continue  # none, printed as a dash
        number = "".join(squash_number(r.text) for _, r in parts)
        if not is_number(number):
            return None
        expected = form.decimals(number)
        if expected is not None and decimals(number) != expected:
            if len(parts) > 1:
                return None  # pieces joined into a number of another form
            odd += ODD_FORM
        if not all(_wrapped(r, y, nxt, y_next, widths[col]) for (y, r), (y_next, nxt) in itertools.pairwise(parts)):
            return None
    if j < len(lines) and _runs_on_below(lines, cells, widths, joined, j):
        return None
    labelled = [lines[k].mid for k in range(i, j) if lines[k].labels]
    if not labelled:
        return odd + UNLABELLED
    amounts = [lines[k].mid for k in range(i, j) if cells[k]]
    if align == "top":
        return odd + _misaligned(min(labelled) - min(amounts))
    if align == "bottom":
        return odd + _misaligned(max(labelled) - max(amounts))
    return odd + _misaligned((min(labelled) + max(labelled)) / 2 - (min(amounts) + max(amounts)) / 2)


def _runs_on_below(
    lines: Sequence[Printed],
    cells: list[dict[int, list[Run]]],
    widths: list[float],
    joined: dict[int, list[tuple[float, Run]]],
    j: int,
) -> bool:
    """Whether a number of the row ending above line ``j`` goes on in it: its last piece is cut
    short of two decimals (``61029.4``) and wrapped (``_wrapped``) on to the digits line ``j``
    holds in that column, which complete it (``1``).  Such a row cannot end there (cells set at their bottoms print the piece on the
    line of the next row's label, wrapped too)."""
    for col, parts in joined.items():
        y, r = parts[-1]
        below = cells[j].get(col)
        if not below or not _wrapped(r, y, below[0], lines[j].mid, widths[col]):
            continue
        head, tail = squash_number(r.text), squash_number(below[0].text)
        if tail.isdigit() and ("." not in head or decimals(head) < 2) and decimals(head + tail) == 2:
            return True
    return False


def _wrapped(r: Run, y: float, nxt: Run, y_next: float, width: float) -> bool:
    """Whether ``r`` (on a line at height ``y``) may be a piece of a number wrapped in its cell
    of ``width`` on to ``nxt``: it wrapped because the next piece's first character (with the point
    or comma it holds) did not fit, and the next piece stands on the cell's next line."""
    return r.x1 - r.x0 + _lead_width(nxt) >= width - 0.3 * _size(r) and y_next - y <= 1.6 * _size(r)


SLACK = 0.5  # pt: how far a cell's lines may stand off where its alignment puts them, as printed (line
# heights rounded: Chromium sets a cell's lines 11.72 and 12.45 pt apart), and still be aligned


def _misaligned(d: float) -> float:
    """The cost of a row's labels standing ``d`` off where the alignment puts them."""
    return max(0.0, abs(d) - SLACK) ** 2


def _lead_width(r: Run) -> float:
    """The width of what a run starts with that a line cannot be broken within: its first
    character, with the point, comma or percent sign after it (a line does not start with one)."""
    ink = [c for c in r.chars if has_ink(c)]
    end = ink[1] if len(ink) > 1 and ink[1]["text"] in ".,%" else ink[0]
    return float(end["x1"] - ink[0]["x0"])


def _size(r: Run) -> float:
    return float(r.chars[0].get("size") or 10.0)
