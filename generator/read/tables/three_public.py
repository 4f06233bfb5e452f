"""The “三公”经费 table: one row per (unit, year row, fund)."""

from __future__ import annotations

import re

from ...catalog import squash
from ...model import BudgetError, Row
from ..numbers import to_decimal
from ..regions import Context, Region, amount_start, body_lines
from ..tokens import tokenize
from ..words import label


def three_public_rows(region: Region, ctx: Context) -> list[Row]:
    lines = body_lines(region, ctx, amount_start(ctx))
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
            return
        nums = [to_decimal(v) for v in values]
        names = ("total", "overseas", "reception", "vehicles", "vehicle_purchase", "vehicle_operation")
        if len(nums) == 6:
            rows.append({"unit": unit, "year": year, "fund": "general_budget", **dict(zip(names, nums, strict=True))})
        elif len(nums) == 18:
            for f, fund in enumerate(("general_budget", "government_fund", "state_capital")):
                rows.append(
                    {"unit": unit, "year": year, "fund": fund, **{nm: nums[c * 3 + f] for c, nm in enumerate(names)}}
                )
        else:
            raise BudgetError(f"year row {year}: expected 6 or 18 amounts, found {len(nums)}", line=lines[0].loc)

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
