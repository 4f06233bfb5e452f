"""The “三公” table in text without positions (pdfplumber's ``extract_text()``, a text file whose
cells are apart by spaces): each line gives, left to right, a piece of the unit's cell, a piece of
the year cell (``2023年``, ``增减变化金额``, maybe wrapped) and the row's amounts.  The unit is a
cell merged down its block of year rows (2023, 2024, the change), printed once, centred and maybe
wrapped: its pieces stand before, among and after its rows' lines.

Read only where the text settles it: the year cells' pieces read as whole year labels, one per
row of amounts (a row's amounts on one line, or every amount wrapped in two, ``4.6`` / ``7``);
a unit piece among a block's rows (or before the first block, after the last) is that block's;
and every block's unit must be a name known word for word before this table (the metadata's
department and parent, a table's 单位名称 line, the units of the tables read before: ``Context``);
the pieces between two blocks are cut where exactly one cut makes them so (none, or two, and the
table is reported).
Anything else is reported (``BudgetError``), never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise, product

from ...model import BudgetError, Line, Row
from ..numbers import is_fragment, is_number, squash_number, to_decimal
from ..regions import Context
from ..tokens import DASHES
from ..words import label

FUNDS = ("general_budget", "government_fund", "state_capital")
NAMES = ("total", "overseas", "reception", "vehicles", "vehicle_purchase", "vehicle_operation")
CHANGE = "增减变化金额"
# A year cell as printed: a year, or the change (增减变化金额, or 增减变化 alone).
YEAR_LABEL = re.compile(r"(20\d\d)年|增减变化(?:金额)?")
_YEAR_PIECE = re.compile(r"^(?:20\d\d)?年$")
_YEAR = re.compile(r"^20\d\d$")
Amounts = tuple[list[int], list[str]]  # a row's amounts as printed, and where their lines stand
MAX_CUTS = 4096  # the ways to cut the pieces between blocks that are tried, at most


@dataclass
class _Row:
    year: str  # "2023", "2024" or "change"
    at: list[int]  # where its year cell's pieces and its amounts stand in the text's order
    amounts: list[str] = field(default_factory=list)


def stream_rows(lines: list[Line], ctx: Context) -> list[Row]:
    """The table's rows (unit, year, fund and the six amounts), read as the module says."""
    loc = lines[0].loc if lines else None
    units, years, amounts = _pieces(lines)
    rows = _year_rows_of(years, amounts, loc)
    blocks = _blocks(rows)
    names = _units(blocks, units, set(ctx.units), loc)
    out: list[Row] = []
    for block, unit in zip(blocks, names, strict=True):
        for r in block:
            out.extend(year_rows(unit, r.year, r.amounts, loc))
    return out


def _pieces(lines: list[Line]) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[Amounts]]:
    """Each line's unit piece, year piece and amounts, with their places in the text's order."""
    units: list[tuple[int, str]] = []
    years: list[tuple[int, str]] = []
    amounts: list[Amounts] = []
    at = 0
    for ln in lines:
        toks = _joined_years(ln.text.split())
        first = next((k for k, t in enumerate(toks) if _amount(t)), len(toks))
        if any(not _amount(t) for t in toks[first:]):
            raise BudgetError(f"words after the amounts of a line: {ln.text.strip()!r}", line=ln.loc)
        words = toks[:first]
        k = len(words)
        while k > 0 and _year_piece(words[k - 1]):
            k -= 1
        for kind, text in (("unit", "".join(words[:k])), ("year", "".join(words[k:]))):
            if text:
                (units if kind == "unit" else years).append((at, text))
                at += 1
        if toks[first:]:
            amounts.append(([at], ["" if t in DASHES else squash_number(t) for t in toks[first:]]))
            at += 1
    return units, years, amounts


def _joined_years(toks: list[str]) -> list[str]:
    """``2023 年`` → ``2023年``: a year and its 年 apart are one year cell."""
    out: list[str] = []
    for t in toks:
        if t.startswith("年") and out and _YEAR.match(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    return out


def _amount(tok: str) -> bool:
    return tok in DASHES or is_fragment(tok)


def _year_piece(tok: str) -> bool:
    """Can a word be (a piece of) a year cell: a year with 年, or a piece of 增减变化金额?"""
    return bool(_YEAR_PIECE.match(tok) or YEAR_LABEL.fullmatch(tok)) or tok in CHANGE


def _year_rows_of(years: list[tuple[int, str]], amounts: list[Amounts], loc: int | None) -> list[_Row]:
    """The year rows: the year cells' pieces read as whole labels, paired in order with the rows
    of amounts (one line each, or every amount wrapped over two lines)."""
    rows = _labels(years, loc)
    if len(amounts) == 2 * len(rows) != 0:
        amounts = [_unwrapped(a, b, loc) for a, b in zip(amounts[::2], amounts[1::2], strict=True)]
    if len(amounts) != len(rows):
        raise BudgetError(f"{len(rows)} year rows but {len(amounts)} lines of amounts", line=loc)
    width = {len(a) for _, a in amounts}
    if len(width) != 1 or not width <= {6, 18}:
        raise BudgetError(f"year rows of {sorted(width)} amounts, not all 6 or all 18", line=loc)
    for r, (at, values) in zip(rows, amounts, strict=True):
        r.at.extend(at)
        r.amounts = values
    for a, b in pairwise(rows):
        if max(a.at) > min(b.at):
            raise BudgetError("the year rows' cells are not in their rows' order", line=loc)
    return rows


def _labels(years: list[tuple[int, str]], loc: int | None) -> list[_Row]:
    text = "".join(t for _, t in years)
    ends: list[int] = []  # where each piece ends in the joined text
    for _, t in years:
        ends.append((ends[-1] if ends else 0) + len(t))
    rows: list[_Row] = []
    pos = 0
    while pos < len(text):
        m = YEAR_LABEL.match(text, pos)
        if m is None:
            raise BudgetError(f"the year cells read as {text!r}: not years and the change", line=loc)
        first = next(i for i, e in enumerate(ends) if e > m.start())
        last = next(i for i, e in enumerate(ends) if e >= m.end())
        rows.append(_Row(m.group(1) or "change", [years[i][0] for i in range(first, last + 1)]))
        pos = m.end()
    return rows


def _unwrapped(a: Amounts, b: Amounts, loc: int | None) -> Amounts:
    """A row's amounts wrapped each over two lines (``4.6`` / ``7``): joined column by column,
    only where every upper piece stops short of two decimals and every join has two."""
    (at, top), (at_below, below) = a, b
    if len(top) != len(below) or not all(
        "." in x and len(x.split(".", 1)[1]) < 2 and y.isdigit() and _two(x + y)
        for x, y in zip(top, below, strict=True)
    ):
        raise BudgetError("twice as many lines of amounts as year rows, not wrapped amounts", line=loc)
    return [*at, *at_below], [x + y for x, y in zip(top, below, strict=True)]


def _two(t: str) -> bool:
    return is_number(t) and len(t.split(".", 1)[1]) == 2


def _blocks(rows: list[_Row]) -> list[list[_Row]]:
    """Rows in blocks, one per unit: each block ends with its change row."""
    blocks: list[list[_Row]] = [[]]
    for r in rows:
        blocks[-1].append(r)
        if r.year == "change":
            blocks.append([])
    return [b for b in blocks if b]


def _units(blocks: list[list[_Row]], units: list[tuple[int, str]], known: set[str], loc: int | None) -> list[str]:
    """Each block's unit: its pieces among its rows' lines, and those before the first block
    or after the last; the pieces between two blocks cut where only one cut makes every unit a
    name known before (``known``: a piece of words that is no unit's, such as a total's label,
    is never read into a unit)."""
    spans = [(min(min(r.at) for r in b), max(max(r.at) for r in b)) for b in blocks]
    inner: list[list[str]] = [[] for _ in blocks]
    between: list[list[str]] = [[] for _ in blocks[1:]]
    for at, text in units:
        b = next((i for i, (lo, hi) in enumerate(spans) if at <= hi), len(spans) - 1)
        if at >= spans[b][0] or b == 0:
            inner[b].append(text)
        else:
            between[b - 1].append(text)
    cuts = [range(len(p) + 1) for p in between]
    if _count(cuts) > MAX_CUTS:
        raise BudgetError("too many unit names between the blocks of year rows to tell apart", line=loc)
    found = []
    for cut in product(*cuts):
        names = _names(inner, between, cut)
        if all(n in known for n in names):
            found.append(names)
    if len(found) != 1 or not all(found[0]):
        told = "no" if not found else "more than one" if len(found) > 1 else "an empty"
        raise BudgetError(f"the units of the “三公” table's year rows cannot be told ({told} reading)", line=loc)
    return found[0]


def _count(cuts: list[range]) -> int:
    n = 1
    for c in cuts:
        n *= len(c)
    return n


def _names(inner: list[list[str]], between: list[list[str]], cut: tuple[int, ...]) -> list[str]:
    names = []
    for b, pieces in enumerate(inner):
        head = between[b - 1][cut[b - 1] :] if b > 0 else []
        tail = between[b][: cut[b]] if b < len(between) else []
        names.append(label("".join([*head, *pieces, *tail])))
    return names


def year_rows(unit: str, year: str, values: list[str], loc: int | None) -> list[Row]:
    """One year row's rows: one fund (6 amounts) or three (18, fund by fund within each name)."""
    if any(not v for v in values):
        raise BudgetError(f"year row {year}: an amount is missing", line=loc)
    if not all(is_number(squash_number(v)) for v in values):
        raise BudgetError(f"year row {year}: cannot read the amounts {' '.join(values)!r}", line=loc)
    nums = [to_decimal(squash_number(v)) for v in values]
    if len(nums) == 6:
        return [{"unit": unit, "year": year, "fund": FUNDS[0], **dict(zip(NAMES, nums, strict=True))}]
    return [
        {"unit": unit, "year": year, "fund": fund, **{nm: nums[c * 3 + f] for c, nm in enumerate(NAMES)}}
        for f, fund in enumerate(FUNDS)
    ]
