"""Amounts wrapped in their cells whose columns text without positions does not give.

In text extracted without positions (pdfplumber's ``extract_text()``), a row whose long amounts
wrap in narrow cells prints them on the lines above and below the line of its other amounts
(``6,800.5 6,800.5 6,800.5`` / ``0.00 … 0.00`` / ``5 5 5``): the pieces join
(``tokens.merge_wrapped_numbers``), but which columns the joined amounts stand in, among the
others, the text does not say.  Each order keeps both runs in their printed order; the orders
the row's own sums allow are its candidates.  Where more than one is left, the table's sums down
its rows (a parent's amount is its children's sum, the department's its units') must leave one
order for every such row together, or the table is reported: an amount is published in a
column only where the table's own arithmetic puts it there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import combinations

from ...catalog import TableSpec
from ...checks.rows import summed
from ...model import BudgetError, Row
from ..numbers import is_number, to_decimal
from ..tokens import Tok

Values = tuple[Decimal, ...]
CENT = Decimal("0.01")
MAX_STEPS = 200_000  # orders tried across the table before it is reported as too open


def orders(
    whole: Sequence[Tok], wrapped: Sequence[Tok], n: int, checks: Callable[[tuple[str, ...]], list[bool]]
) -> list[Values]:
    """The different rows of ``n`` amounts that keep ``whole`` and ``wrapped`` each in their
    printed order and keep every one of the row's sums (``checks``) that some such order keeps,
    in the order of the wrapped amounts' columns from the left."""
    texts = [t.text for t in whole], [t.text for t in wrapped]
    if len(texts[0]) + len(texts[1]) != n or not all(is_number(t) for t in texts[0] + texts[1]):
        loc = (whole or wrapped)[0].line
        raise BudgetError(
            f"the amounts {' '.join(texts[1])!r}, wrapped in their cells, and {' '.join(texts[0])!r} "
            f"are not the row's {n} amounts",
            line=loc,
        )
    rows = [_merged(texts[0], texts[1], set(columns)) for columns in combinations(range(n), len(texts[1]))]
    kept = [checks(row) for row in rows]
    telling = [k for k in range(len(kept[0]) if kept else 0) if any(ok[k] for ok in kept)]
    found: dict[Values, None] = {}
    for row, ok in zip(rows, kept, strict=True):
        if all(ok[k] for k in telling):
            found.setdefault(tuple(to_decimal(t) for t in row), None)
    return list(found)


def _merged(whole: list[str], wrapped: list[str], columns: set[int]) -> tuple[str, ...]:
    a, b = iter(whole), iter(wrapped)
    return tuple(next(b) if k in columns else next(a) for k in range(len(whole) + len(wrapped)))


def place(rows: list[Row], open_rows: dict[int, list[Values]], spec: TableSpec, locs: dict[int, int]) -> None:
    """Give each row of ``open_rows`` (its index in ``rows``: its candidate amounts) the one
    order that makes every sum down the table add up (to a cent per summed row), or raise
    ``BudgetError`` where none does or more than one does."""
    fields = [f.name for f in spec.amounts]
    sums = [(total, parts, f) for total, parts in _sums(rows, spec.resource) for f in range(len(fields))]
    search = _Search(rows, open_rows, fields, sums)
    found = search.solutions()
    if not found and search.steps <= MAX_STEPS:
        # a column's sum that no order of its rows makes add up is the source's (the checks
        # report it): it tells nothing of where the amounts stand, and the other sums still do
        telling = [s for s in search.sums if _may_add_up(rows, open_rows, fields, s)]
        if len(telling) < len(search.sums):
            search = _Search(rows, open_rows, fields, telling)
            found = search.solutions()
    _settle(rows, open_rows, fields, search, found, locs)


def _may_add_up(rows: list[Row], open_rows: dict[int, list[Values]], fields: list[str], s: Sum) -> bool:
    """Whether some order of the rows of sum ``s`` alone makes it add up (or too many are open
    to tell), searching those rows only."""
    own = {k: open_rows[k] for k in (s[0], *s[1]) if k in open_rows}
    search = _Search(rows, own, fields, [s])
    return bool(search.solutions()) or search.steps > MAX_STEPS


def _settle(
    rows: list[Row],
    open_rows: dict[int, list[Values]],
    fields: list[str],
    search: _Search,
    found: list[dict[int, Values]],
    locs: dict[int, int],
) -> None:
    first = min(open_rows)
    if search.steps > MAX_STEPS:
        raise BudgetError(
            f"the amounts of {len(open_rows)} rows (the first {_name(rows[first])!r}) are wrapped in their cells in "
            "columns the text does not give, and too many orders of them are open to try",
            line=locs[first],
        )
    if not found:
        raise BudgetError(
            f"the amounts of row {_name(rows[first])!r} are wrapped in their cells in columns the text does not "
            "give, and no order of them makes the table's sums add up",
            line=locs[first],
        )
    if len(found) > 1:
        k = next(k for k in sorted(open_rows) if len({s[k] for s in found}) > 1)
        raise BudgetError(
            f"the amounts of row {_name(rows[k])!r} are wrapped in their cells in columns the text does not give, "
            "and more than one order of them makes the table's sums add up: which column each stands in "
            "cannot be told",
            line=locs[k],
        )
    for k, values in found[0].items():
        rows[k].update(zip(fields, values, strict=True))


def _name(row: Row) -> str:
    """The row's label (``project`` is an amount in some tables, a label in others)."""
    return next((v for k in ("name", "project", "unit", "code") if isinstance(v := row.get(k), str) and v), "")


def _sums(rows: list[Row], resource: str) -> list[tuple[int, list[int]]]:
    """(row, the rows it sums) by index: a parent and its children, the department and its units."""
    at = {id(r): k for k, r in enumerate(rows)}
    return [(at[id(total)], [at[id(r)] for r in parts]) for total, parts in summed(resource, rows)]


Sum = tuple[int, list[int], int]  # a row, the rows it sums, the column


class _Search:
    """Depth-first over the open rows' candidates in table order, each column's sum checked as
    soon as its rows allow: its printed total against the rows already placed, plus the least
    and the most the rows still open can add."""

    def __init__(self, rows: list[Row], open_rows: dict[int, list[Values]], fields: list[str], sums: list[Sum]) -> None:
        self.rows, self.open, self.fields = rows, open_rows, fields
        # only the sums an order can change: one that does not add up among rows printed whole
        # is the source's, which the checks report, and says nothing of where amounts stand
        self.sums = [s for s in sums if s[0] in open_rows or any(k in open_rows for k in s[1])]
        self.order = sorted(open_rows)
        self.chosen: dict[int, Values] = {}
        self.steps = 0
        self.found: list[dict[int, Values]] = []
        self.touching = {k: [s for s in self.sums if k == s[0] or k in s[1]] for k in self.order}

    def solutions(self) -> list[dict[int, Values]]:
        if all(self._holds(s) for s in self.sums):
            self._go(0)
        return self.found

    def _go(self, i: int) -> None:
        if len(self.found) > 1 or self.steps > MAX_STEPS:
            return
        if i == len(self.order):
            self.found.append(dict(self.chosen))
            return
        k = self.order[i]
        for values in self.open[k]:
            self.steps += 1
            self.chosen[k] = values
            if all(self._holds(s) for s in self.touching[k]):
                self._go(i + 1)
            del self.chosen[k]

    def _value(self, k: int, f: int) -> Decimal | None:
        if k in self.chosen:
            return self.chosen[k][f]
        v = self.rows[k].get(self.fields[f])
        return v if isinstance(v, Decimal) else None

    def _holds(self, s: Sum) -> bool:
        total, parts, f = s
        if total in self.open and total not in self.chosen:
            return True  # checked once the total's own order is chosen
        printed = self._value(total, f)
        if printed is None:
            return True
        low = high = Decimal(0)
        for k in parts:
            if k in self.open and k not in self.chosen:
                options = [c[f] for c in self.open[k]]
                low, high = low + min(options), high + max(options)
            else:
                v = self._value(k, f) or Decimal(0)
                low, high = low + v, high + v
        slack = CENT * max(len(parts), 1)
        return low - slack <= printed <= high + slack
