"""Two-sided summaries: 收支总表 and 财政拨款收支总表 (income items beside expenditure items)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..numbers import is_number, squash_number, to_decimal
from ..regions import Context, Region, body_lines
from ..tokens import is_tab
from ..words import display_width, is_full, label

INCOME_ITEM = re.compile(r"(拨款|资金|收入|结余、结转|结余|收入合计|收入总计|差额)$")
EXPENDITURE_ITEM = re.compile(r"^(结转下年|本年支出合计|支出总计)")
SIDES = ("income", "expenditure")


def two_sided_rows(region: Region, ctx: Context) -> list[Row]:
    def is_start(page: list[Line], k: int) -> bool:
        # the header ends with its last "2024 年预算数" cell (the row may be split over lines)
        heads = [i for i, ln in enumerate(page[:12]) if re.search(r"预算数|年预算", squash(ln.text))]
        if heads:
            return k == heads[-1] + 1
        return k > 0 and not re.fullmatch(r"(收入|支出|项目)+", squash(page[k].text))

    lines = body_lines(region, ctx, is_start)
    if not any(is_tab(ln) for ln in lines) and _pairs_on_lines(lines):
        return rows_on_lines(lines, ctx)
    sides: dict[str, list[Row]] = {"income": [], "expenditure": []}
    pending: list[str] = []
    for ln in lines:
        if is_tab(ln):
            cs = [c.strip() for c in ln.text.split("\t")]
            pairs = []
            for col in range(0, len(cs), 2):
                lab = cs[col] if col < len(cs) else ""
                amt = squash_number(cs[col + 1]) if col + 1 < len(cs) else ""
                if lab or amt:
                    pairs.append((col // 2, lab, amt))
            for side_i, lab, amt in pairs:
                _add_pair(sides, SIDES[min(side_i, 1)], lab, amt, ln, ctx)
            continue
        toks = ln.text.split()
        found: list[tuple[str, str]] = []
        for t in toks:
            if is_number(t) or (t.startswith("-") and is_number(t[1:])):
                found.append((label("".join(pending)), t))
                pending = []
            else:
                pending.append(t)
        if len(found) == 2:
            _add_pair(sides, "income", *found[0], ln, ctx)
            _add_pair(sides, "expenditure", *found[1], ln, ctx)
        elif len(found) == 1:
            lab, amt = found[0]
            side = "income" if INCOME_ITEM.search(lab) and not EXPENDITURE_ITEM.match(lab) else "expenditure"
            _add_pair(sides, side, lab, amt, ln, ctx)
        elif len(found) > 2:
            raise BudgetError(f"more than two label/amount pairs on one line: {ln.text!r}", line=ln.loc)
    if pending:
        raise BudgetError(
            f"label without an amount at the end of the table: {''.join(pending)!r}",
            line=lines[-1].loc if lines else None,
        )
    return [{"side": s, **r} for s in SIDES for r in sides[s]]


def _add_pair(sides: dict[str, list[Row]], side: str, lab: str, amt: str, ln: Line, ctx: Context) -> None:
    lab = label(lab)
    if not lab and not amt:
        return
    if amt and not is_number(amt):
        raise BudgetError(f"not an amount: {amt!r} (item {lab!r})", line=ln.loc)
    sides[side].append({"item": lab, "amount": to_decimal(amt) if amt else None})


# ---------------------------------------------------------------------------- pairs on lines


def _amounts(words: list[str]) -> list[int]:
    return [k for k, t in enumerate(words) if is_number(t) or (t.startswith("-") and is_number(t[1:]))]


def _pairs_on_lines(lines: list[Line]) -> bool:
    """Whether the table prints an income item and an expenditure item on one line (cells apart
    by spaces, as pdfplumber's ``extract_text`` gives them), rather than one cell per line."""
    return sum(len(_amounts(ln.text.split())) == 2 for ln in lines) >= 3


@dataclass
class _Row:
    line: Line
    cells: list[list[str]]  # income item, income amount, expenditure item, expenditure amount
    above: list[str]  # label-only lines just above it and below it that are its items' rest
    below: list[str]
    closed: bool = False  # after 收入总计: an expenditure item


def rows_on_lines(lines: list[Line], ctx: Context) -> list[Row]:
    """Rows printed one to a line: the income item, its amount, the expenditure item and its
    amount.  An item wrapped in its cell and centred on its row puts a line above the row and a
    line below it; such a line belongs to the side of the row next to it whose item is missing
    from the row's own line (and where that cannot be told, the table is reported)."""
    rows: list[_Row] = []
    loose: list[tuple[int, str]] = []  # label-only lines: (index of the next row, text)
    words_of: list[list[str]] = []  # each label-only line's words
    closed = False  # 收入总计 seen: the lines after it are expenditure only
    for ln in lines:
        words = ln.text.split()
        at = _amounts(words)
        if not at:
            loose.append((len(rows), label("".join(words))))
            words_of.append(words)
            continue
        rows.append(_Row(ln, _cells(words, at, closed, ln), [], [], closed))
        closed = closed or squash(rows[-1].cells[0][0] if rows[-1].cells[0] else "").endswith("收入总计")
    widths = [display_width("".join(c)) for r in rows for c in r.cells[::2]]
    taken = _both_wrapped(rows, loose, words_of)
    left = [x for j, x in enumerate(loose) if j not in taken]
    # how wide a full line is: the items on the rows' lines, the lines left, each piece of a line of two
    pieces = [display_width(w) for j in taken for w in words_of[j]]
    room = max([*widths, *(display_width(t) for _, t in left), *pieces])
    _place_loose(rows, left, room)
    sides: dict[str, list[Row]] = {"income": [], "expenditure": []}
    for r in rows:
        _side_of_alone(r)
        missing = _missing(r)
        for k, side in ((0, "income"), (2, "expenditure")):
            item = label("".join(r.cells[k]))
            if missing == k:
                item = label("".join([*r.above, item, *r.below]))
            if r.cells[k + 1] and not item:  # its item's lines cannot be told apart from the other side's
                raise BudgetError(f"an amount without its item: {r.line.text!r}", line=r.line.loc)
            if r.cells[k + 1] or item:
                _add_pair(sides, side, item, r.cells[k + 1][0] if r.cells[k + 1] else "", r.line, ctx)
    return [{"side": s, **row} for s in SIDES for row in sides[s]]


def _cells(words: list[str], at: list[int], closed: bool, ln: Line) -> list[list[str]]:
    if len(at) > 2:
        raise BudgetError(f"more than two label/amount pairs on one line: {ln.text!r}", line=ln.loc)
    if len(at) == 2:
        return [words[: at[0]], [words[at[0]]], words[at[0] + 1 : at[1]], [words[at[1]]]]
    lab, amt = words[: at[0]], [words[at[0]]]
    income = not closed and INCOME_ITEM.search(label("".join(lab))) and not EXPENDITURE_ITEM.match(label("".join(lab)))
    return [lab, amt, [], []] if income else [[], [], lab, amt]


def _missing(r: _Row) -> int | None:
    """Which item of a row is missing from its line (0 income, 2 expenditure): of a row with
    both amounts, the one item it lacks; of an amount alone on its line, its own item."""
    if r.cells[1] and r.cells[3]:
        empty = [k for k in (0, 2) if not r.cells[k]]
        return empty[0] if len(empty) == 1 else None
    k = 0 if r.cells[1] else 2
    return k if (r.cells[k + 1] and not r.cells[k]) else None


def _runs_on(r: _Row, nxt: str, room: int) -> bool:
    """Does the item a row misses run on below it: its last line so far is full."""
    k = _missing(r)
    last = r.above[-1] if r.above else "".join(r.cells[k]) if k is not None else ""
    return bool(last) and is_full(last, nxt, room)


def _side_of_alone(r: _Row) -> None:
    """An amount alone on its line, its item printed above and below it: whose side it is, by
    the item (an income item's words, unless the income side has ended with 收入总计)."""
    if not (r.cells[1] or r.cells[3]) or (r.cells[1] and r.cells[3]) or r.cells[0] or r.cells[2]:
        return
    item = label("".join([*r.above, *r.below]))
    amount = r.cells[1] or r.cells[3]
    income = not r.closed and INCOME_ITEM.search(item) and not EXPENDITURE_ITEM.match(item)
    r.cells = [[], amount, [], []] if income else [[], [], [], amount]


def _both_wrapped(rows: list[_Row], loose: list[tuple[int, str]], words_of: list[list[str]]) -> set[int]:
    """A row that prints both amounts and neither item (``0.00 309.53``): both items wrapped in
    their cells and centred on it, each line above and below it a piece of each, the income
    column's first, apart by a space (``1.一般公共预算拨款结 三、社会保障和就业支`` / ``0.00 309.53`` /
    ``余、结转 出``).  Its lines are the two-word lines right above it (those a row above of the
    same kind has not taken) and as many right below it; its items, their first words and their
    second words.  Reported: none above, fewer below, items so joined that are not an income
    item and an expenditure item, a two-word line left below it, and a line of one word next to
    its lines that may be one of its items' (above: it is full; below: a last piece is full, as
    where one item is two lines tall and the other four).  Returns the lines taken (indices)."""
    rooms = _column_rooms(rows, words_of)
    taken: set[int] = set()
    for i, r in enumerate(rows):
        if not _both_missing(r):
            continue
        above = [j for j, (k, _) in enumerate(loose) if k == i and j not in taken]
        below = [j for j, (k, _) in enumerate(loose) if k == i + 1]
        up = _two_words(above[::-1], words_of)[::-1]
        down = _two_words(below, words_of)[: len(up)]
        pieces = [words_of[j] for j in [*up, *down]]
        income, spent = label("".join(p[0] for p in pieces)), label("".join(p[1] for p in pieces))
        ok = bool(up) and len(down) == len(up) and _income_item(income) and not _income_item(spent)
        rest_above, rest_below = above[: len(above) - len(up)], below[len(down) :]
        if ok and rest_above and is_full(loose[rest_above[-1]][1], min(pieces[0], key=len), min(rooms)):
            ok = False  # the line above may be the first of the taller item's
        if ok and rest_below and len(words_of[rest_below[0]]) == 2:
            ok = i + 1 < len(rows) and _both_missing(rows[i + 1])  # the next row's, or no one's
        elif ok and rest_below:
            nxt = loose[rest_below[0]][1]
            ok = not any(is_full(p, nxt, room) for p, room in zip(pieces[-1], rooms, strict=True))
        if not ok:
            raise BudgetError(
                f"a row of two amounts without their items, {r.line.text!r}: its items' lines cannot be told",
                line=r.line.loc,
            )
        r.cells[0], r.cells[2] = [income], [spent]
        taken.update([*up, *down])
    return taken


def _column_rooms(rows: list[_Row], words_of: list[list[str]]) -> tuple[int, int]:
    """How wide the income items' column and the expenditure items' column are at least: their
    widest item on a row's line, or piece on a line of two."""
    two = [ws for ws in words_of if len(ws) == 2]
    return (
        max([display_width("".join(r.cells[0])) for r in rows] + [display_width(ws[0]) for ws in two]),
        max([display_width("".join(r.cells[2])) for r in rows] + [display_width(ws[1]) for ws in two]),
    )


def _both_missing(r: _Row) -> bool:
    return bool(r.cells[1] and r.cells[3]) and not r.cells[0] and not r.cells[2]


def _two_words(idx: list[int], words_of: list[list[str]]) -> list[int]:
    """The lines of ``idx``, in that order, while each holds two words."""
    out: list[int] = []
    for j in idx:
        if len(words_of[j]) != 2:
            break
        out.append(j)
    return out


def _income_item(item: str) -> bool:
    return bool(INCOME_ITEM.search(item)) and not EXPENDITURE_ITEM.match(item)


def _place_loose(rows: list[_Row], loose: list[tuple[int, str]], room: int) -> None:
    """Each label-only line to the row above or below it whose item is missing: a line between
    two rows goes to the row below when only that one misses an item, to the one above when
    only that one does; between two that both miss one, the first of the lines goes up when
    the item above ends in a full line (it runs on), else both go down."""
    by_gap: dict[int, list[str]] = {}
    for k, text in loose:
        by_gap.setdefault(k, []).append(text)
    for k, texts in by_gap.items():
        up = rows[k - 1] if k > 0 and _missing(rows[k - 1]) is not None else None
        down = rows[k] if k < len(rows) and _missing(rows[k]) is not None else None
        if up is not None and down is not None and len(texts) == 2 and _runs_on(up, texts[0], room):
            up.below.append(texts[0])
            down.above.append(texts[1])
        elif (up is not None and down is not None and len(texts) <= 2) or (down is not None and up is None):
            down.above.extend(texts)
        elif up is not None and down is None:
            up.below.extend(texts)
        else:
            line = rows[min(k, len(rows) - 1)].line if rows else None
            raise BudgetError(
                f"an item printed on a line of its own, {''.join(texts)[:20]!r}, cannot be told to belong to "
                "the row above or the row below",
                line=line.loc if line else None,
            )
