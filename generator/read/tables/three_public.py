"""The “三公”经费 table: one row per (unit, year row, fund)."""

from __future__ import annotations

import re
from decimal import Decimal

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..regions import Context, Region, amount_start, body_lines
from ..tokens import cells, is_tab, tokenize
from ..words import label
from .three_public_stream import stream_rows, year_rows

YEAR_CELL = re.compile(r"^(20\d\d)年?$")


def three_public_rows(region: Region, ctx: Context) -> list[Row]:
    lines = body_lines(region, ctx, amount_start(ctx))
    if lines and all(ln.grid for ln in lines):
        read = grid_rows(lines, ctx)
    elif any(is_tab(ln) for ln in lines):
        return tab_rows(lines, ctx)
    else:  # read from a stream of words: verified
        read = stream_rows(lines, ctx)
    _verify(read, ctx, lines[0].loc if lines else None)
    return read


def tab_rows(lines: list[Line], ctx: Context) -> list[Row]:
    """Rows of tab-separated lines (a text extraction with its cells apart by tabs)."""
    toks = tokenize(lines)
    # merge "2023" + "年" and wrapped labels
    items: list[tuple[str, str]] = []  # (kind, text): kind "text" | "num"
    for t in toks:
        kind = "num" if t.num else "text"
        if (kind == "text" and items and items[-1][0] == "text") or (
            kind == "text"
            and t.text.startswith("年")
            and items
            and items[-1][0] == "num"
            and re.match(r"^20\d\d$", items[-1][1])
        ):
            items[-1] = ("text", items[-1][1] + t.text)
        else:
            items.append((kind, t.text))
    rows: list[Row] = []
    unit = ""
    year: str | None = None
    values: list[str] = []

    def flush() -> None:
        if year is None:
            if values:  # amounts that no year row holds: the rows are not where the text says
                raise BudgetError(f"amounts outside any year row: {' '.join(values)!r}", line=lines[0].loc)
            return
        if len(values) not in (6, 18):
            raise BudgetError(f"year row {year}: expected 6 or 18 amounts, found {len(values)}", line=lines[0].loc)
        rows.extend(year_rows(unit, year, values, lines[0].loc))

    for kind, text in items:
        if kind == "text":
            s = squash(text)
            m = re.match(r"^(.*?)(20\d\d)年$", s)
            if m or "增减变化" in s or s.endswith("变化金额"):
                flush()
                if m and m.group(1):
                    unit = label(m.group(1))
                    ctx.add_unit(unit)
                year = m.group(2) if m else "change"
                values = []
            elif year is None:
                unit = label(text)
                ctx.add_unit(unit)
            else:
                flush()
                unit, year, values = label(text), None, []
        else:
            values.append(text)
    flush()
    return rows


def grid_rows(lines: list[Line], ctx: Context) -> list[Row]:
    """Rows read by position: each line a year row (its year cell, the amounts); the unit is
    a cell merged down its block of year rows, printed once (centred, maybe wrapped over the
    block's lines): a block is one 2023, 2024, change run, and its unit what its rows print."""
    parsed = [_grid_row(ln) for ln in lines]
    rows: list[Row] = []
    block: list[tuple[str, str, list[str]]] = []
    for item in [*parsed, None]:
        if block and (item is None or item[0] == "2023" or (item[0] == "2024" and block[0][0] != "2023")):
            unit = label("".join(u for _, u, _ in block))
            ctx.add_unit(unit) if unit else None
            for year, _, values in block:
                rows.extend(year_rows(unit, year, values, lines[0].loc))
            block = []
        if item is not None:
            block.append(item)
    return rows


def _grid_row(ln: Line) -> tuple[str, str, list[str]]:
    """(year, the unit's text on this line, amounts) of a grid line."""
    cs = cells(ln)
    n = 18 if len(cs) >= 18 and sum(1 for c in cs[-18:] if c) > 6 else 6
    labels, values = cs[:-n], cs[-n:]
    year, unit = "", []
    for c in labels:
        s = squash(c)
        m = YEAR_CELL.match(s)
        if m:
            year = m.group(1)
        elif "增减变化" in s or s.endswith("变化金额"):
            year = "change"
        elif c:
            unit.append(c)  # the unit's lines on this row, in printed order
    if not year:
        raise BudgetError(f"a row of the “三公” table without its year: {' '.join(labels)!r}", line=ln.loc)
    return year, "".join(unit), values


TOLERANCE = Decimal("0.02")  # the tails of converting yuan to 万元, over the terms summed


def _verify(rows: list[Row], ctx: Context, loc: int | None) -> None:
    """A table read as printed holds together: each unit's year rows are 2023, 2024 and the
    change, for one fund or three, and each row's totals are the sums of their parts (within
    the tails of converting units).  Else the reading is not certain.  (That the change is
    2024 less 2023 is the source's to answer for: the checks report it.)"""
    problem = ("no year row" if not rows else "") or _structure(rows, ctx) or _arithmetic(rows)
    if problem:
        raise BudgetError(
            f"the “三公” table as read does not hold together ({problem}): the reading is not certain", line=loc
        )


def _structure(rows: list[Row], ctx: Context) -> str:
    blocks: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        if not r["unit"] or not ctx.is_unit(str(r["unit"])):
            return f"a year row without a known unit: {r['unit']!r}"
        blocks.setdefault((str(r["unit"]), str(r["fund"])), []).append(str(r["year"]))
    for (unit, fund), years in blocks.items():
        if years not in (["2023", "2024", "change"], ["2024", "2023", "change"]):
            return f"the year rows of {unit} ({fund}) are {years}"
    return ""


def _arithmetic(rows: list[Row]) -> str:
    def d(r: Row, k: str) -> Decimal:
        v = r[k]
        return v if isinstance(v, Decimal) else Decimal(0)

    def off(total: Decimal, parts: Decimal) -> bool:
        return abs(total - parts) > max(TOLERANCE, abs(total) / 200)

    for r in rows:
        if off(d(r, "total"), d(r, "overseas") + d(r, "reception") + d(r, "vehicles")):
            return f"{r['year']}: the total is not the sum of its parts"
        if off(d(r, "vehicles"), d(r, "vehicle_purchase") + d(r, "vehicle_operation")):
            return f"{r['year']}: the vehicles' total is not purchase and operation"
    return ""
