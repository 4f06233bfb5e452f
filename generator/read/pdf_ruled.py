"""Tables found by their ruling lines (pdfplumber's ``lines`` strategy): cells → rows of cell
texts, one per column slot, a merged cell's text once where it starts."""

from __future__ import annotations

import bisect
import re
from typing import Any

from .pdf_text import cell_text

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def is_amount(text: str) -> bool:
    return bool(AMOUNT.match(re.sub(r"\s+", "", text)))


Box = tuple[float, float, float, float]


def table_rows(cells: list[Box], chars: list[dict]) -> tuple[list[list[str | None]], list[float], list[dict]]:
    """A ruled table's cells → (rows of cell texts, the rows' tops, characters in no cell).

    A row is a distinct cell top, a column slot a distinct cell x0; ``None`` where a merged
    cell covers the slot (the merged cell's text stands once, where it starts)."""
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    owner: dict[tuple[int, int], int] = {}
    for k, (x0, top, x1, bottom) in enumerate(cells):
        for i in range(bisect.bisect_left(xs, x0), bisect.bisect_left(xs, x1)):
            for j in range(bisect.bisect_left(ys, top), bisect.bisect_left(ys, bottom)):
                owner[(i, j)] = k
    inside: list[list[dict]] = [[] for _ in cells]
    stray: list[dict] = []
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        at = owner.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))
        if at is None:
            stray.append(ch)
        else:
            inside[at].append(ch)
    slots = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    slot_of = {x: i for i, x in enumerate(slots)}
    row_of = {y: i for i, y in enumerate(tops)}
    rows: list[list[str | None]] = [[None] * len(slots) for _ in tops]
    for k, (x0, top, _x1, _bottom) in enumerate(cells):
        rows[row_of[top]][slot_of[x0]] = cell_text(inside[k])
    # Rows with amounts keep only the slots where some amount row has a cell of its own: a
    # slot that exists because a header (or another part of the table) is divided
    # differently is not a column of these rows.
    amount = [any(c and is_amount(c) for c in r) for r in rows]
    if any(amount):
        used = [any(r[i] is not None for r, a in zip(rows, amount, strict=True) if a) for i in range(len(slots))]
        rows = [[c for c, u in zip(r, used, strict=True) if u] if a else r for r, a in zip(rows, amount, strict=True)]
    return rows, tops, stray


def implied_borders(edges: list[dict]) -> list[dict]:
    """The left and right borders of a grid printed without them: where horizontal rules of
    the same extent have vertical rules between them, vertical edges at the rules' ends,
    over the height the inner rules span (a cell needs edges on all four sides)."""
    horizontal = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= 20]
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3]
    stacks: dict[tuple[int, int], list[dict]] = {}
    for e in horizontal:
        stacks.setdefault((round(e["x0"] / 3), round(e["x1"] / 3)), []).append(e)
    out = []
    for rules in stacks.values():
        if len(rules) < 2:
            continue
        x0, x1 = min(e["x0"] for e in rules), max(e["x1"] for e in rules)
        ys = [e["top"] for e in rules]
        inner = [
            v
            for v in vertical
            if x0 + 3 < v["x0"] < x1 - 3
            and any(abs(v["top"] - y) <= 3 for y in ys)
            and any(abs(v["bottom"] - y) <= 3 for y in ys)
        ]
        if not inner:
            continue
        top, bottom = min(v["top"] for v in inner), max(v["bottom"] for v in inner)
        for x in (x0, x1):
            if not any(abs(v["x0"] - x) <= 3 and v["top"] <= top + 3 and v["bottom"] >= bottom - 3 for v in vertical):
                out.append(
                    {
                        "object_type": "line",
                        "x0": x,
                        "x1": x,
                        "top": top,
                        "bottom": bottom,
                        "width": 0,
                        "height": bottom - top,
                    }
                )
    return out
