"""Two-sided summaries: 收支总表 and 财政拨款收支总表 (income items beside expenditure items)."""

from __future__ import annotations

import re

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..numbers import is_number, squash_number, to_decimal
from ..regions import Context, Region, body_lines
from ..tokens import is_tab
from ..words import label

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
