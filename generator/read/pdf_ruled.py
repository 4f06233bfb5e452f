"""Tables found by their ruling lines (pdfplumber's ``lines`` strategy): cells → rows of cell
texts, one per column slot, a merged cell's text once where it starts."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .grid import columns
from .pdf_text import cell_text, has_ink

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


@dataclass
class RuledRows:
    rows: list[list[str | None]]  # cell texts per column slot; None where no cell starts
    tops: list[float]
    headings: list[bool]  # the row is a heading: no amounts, every text centred in its cell
    stray: list[dict]  # characters in no cell


def table_rows(cells: list[Box], chars: list[dict], open_columns: Sequence[float] = ()) -> RuledRows:
    """A ruled table's cells → its rows of cell texts.

    A row is a distinct cell top, a column slot a distinct cell x0 (or one of ``open_columns``,
    the left edges of columns ruled at their sides only, whose cells are all left open);
    ``None`` where a merged cell covers the slot (the merged cell's text stands once, where it
    starts)."""
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
        y = min(max((ch["top"] + ch["bottom"]) / 2, ys[0]), ys[-1] - 0.01)  # overflowing the table's edge
        at = owner.get((bisect.bisect_right(xs, x) - 1, bisect.bisect_right(ys, y) - 1))
        if at is None:
            stray.append(ch)
        else:
            inside[at].append(ch)
    slots = sorted({c[0] for c in cells} | set(open_columns))
    tops = sorted({c[1] for c in cells})
    slot_of = {x: i for i, x in enumerate(slots)}
    row_of = {y: i for i, y in enumerate(tops)}
    rows: list[list[str | None]] = [[None] * len(slots) for _ in tops]
    centred = [True] * len(tops)
    covered: set[tuple[int, int]] = set()
    for k, (x0, top, x1, bottom) in enumerate(cells):
        rows[row_of[top]][slot_of[x0]] = cell_text(inside[k])
        centred[row_of[top]] &= _centred(inside[k], x0, x1)
        for i in range(slot_of[x0], bisect.bisect_left(slots, x1)):
            covered.update((i, j) for j in range(row_of[top], bisect.bisect_left(tops, bottom)))
    stray = _open_cells(rows, slots, tops, covered, stray)
    # Rows with amounts keep only the slots where some amount row has a cell of its own: a
    # slot that exists because a header (or another part of the table) is divided
    # differently is not a column of these rows.
    amount = [any(c and is_amount(c) for c in r) for r in rows]
    if any(amount):
        used = [any(r[i] is not None for r, a in zip(rows, amount, strict=True) if a) for i in range(len(slots))]
        rows = [[c for c, u in zip(r, used, strict=True) if u] if a else r for r, a in zip(rows, amount, strict=True)]
    headings = [c and not a and any(r) for c, a, r in zip(centred, amount, rows, strict=True)]
    return RuledRows(rows, tops, headings, stray)


def _centred(chars: list[dict], x0: float, x1: float) -> bool:
    """Is the text of a cell (x0–x1) centred in it?  (An empty cell does not say otherwise.)"""
    ink = [c for c in chars if has_ink(c)]
    if not ink:
        return True
    left = min(c["x0"] for c in ink) - x0
    right = x1 - max(c["x1"] for c in ink)
    return abs(left - right) <= max(1.5, 0.3 * max(c["size"] for c in ink))


def _open_cells(
    rows: list[list[str | None]],
    slots: list[float],
    tops: list[float],
    covered: set[tuple[int, int]],
    stray: list[dict],
) -> list[dict]:
    """Characters in a stretch of a column that no cell covers: a merged cell that goes on over
    the page, whose border the producer leaves open at the page's foot (or head).  Its text
    stands once, in the stretch's first row.  Returns the characters still in no cell."""
    groups: dict[tuple[int, int], list[dict]] = {}
    rest = []
    for ch in stray:
        i = bisect.bisect_right(slots, (ch["x0"] + ch["x1"]) / 2) - 1
        j = max(0, bisect.bisect_right(tops, (ch["top"] + ch["bottom"]) / 2) - 1)
        if i < 0 or j < 0 or (i, j) in covered:
            rest.append(ch)
            continue
        while j > 0 and (i, j - 1) not in covered:
            j -= 1
        groups.setdefault((i, j), []).append(ch)
    for (i, j), chars in groups.items():
        rows[j][i] = cell_text(chars)
    return rest


@dataclass
class Found:
    """A table found on a page: its cells, its bounding box, the columns it has beyond them."""

    cells: list[Box]
    bbox: Box
    open_columns: list[float]  # left edges of columns ruled at their sides only


def find_tables(page: Any) -> list[Found]:
    """The ruled tables of a pdfplumber page, top to bottom.  A column beside a table, ruled at
    its outer side over the table's height but with no cell closed (a merged cell going on
    over the page), is part of the table."""
    settings = {
        **TABLE_SETTINGS,
        "explicit_vertical_lines": implied_borders(page.edges),
        "explicit_horizontal_lines": implied_ends(page.edges),
    }
    vertical = [e for e in page.edges if e["orientation"] == "v"]
    out = []
    for t in page.find_tables(settings):
        if len({c[0] for c in t.cells}) < 2:
            continue  # a box drawn around a title or a note is not a table (a row of cells is)
        x0, top, x1, bottom = t.bbox
        reach = max(c[2] - c[0] for c in t.cells)  # a column at most as wide as the table's widest cell
        left = _side_rule(vertical, top, bottom, (x0 - reach, x0 - 3), max)
        right = _side_rule(vertical, top, bottom, (x1 + 3, x1 + reach), min)
        opens = ([left] if left is not None else []) + ([x1] if right is not None else [])
        bbox = (left if left is not None else x0, top, right if right is not None else x1, bottom)
        out.append(Found(list(t.cells), bbox, opens))
    return sorted(out, key=lambda t: t.bbox[1])


def overflowing(table: Found, inside: list[dict], loose: list[dict]) -> list[dict]:
    """The characters of a cell's text that runs on past the table's bottom edge (a merged cell
    too short on the page for its text): the lines below the table that follow the cell's last
    line at its line pitch and stand within the cell's column (nothing else on them)."""
    bottom = table.bbox[3]
    taken: list[dict] = []
    for x0, top, x1, end in table.cells:
        if abs(end - bottom) > 1:
            continue
        tops = sorted({round(c["top"], 1) for c in inside if x0 <= (c["x0"] + c["x1"]) / 2 < x1 and c["top"] >= top})
        if not tops or not any(has_ink(c) for c in inside):
            continue
        size = max(float(c.get("size") or 10.0) for c in inside)
        pitch = tops[-1] - tops[-2] if len(tops) > 1 and tops[-1] - tops[-2] < 2 * size else 1.25 * size
        last = tops[-1]
        while last + pitch >= bottom - 0.5 * size:
            line = [c for c in loose if abs(c["top"] - (last + pitch)) <= 0.3 * size]
            below = [c for c in line if x0 <= (c["x0"] + c["x1"]) / 2 < x1]
            if not below or len(below) < len(line):
                break  # nothing there, or a line of text that is not the cell's alone
            taken += below
            last += pitch
    return taken


def _side_rule(
    vertical: list[dict],
    top: float,
    bottom: float,
    within: tuple[float, float],
    nearest: Callable[[list[float]], float],
) -> float | None:
    """The x of the nearest vertical rule ``within`` an x range beside a table that runs the
    table's whole height."""
    runs: dict[int, list[tuple[float, float]]] = {}
    for e in vertical:
        if within[0] <= e["x0"] <= within[1] and e["bottom"] > top and e["top"] < bottom:
            runs.setdefault(round(e["x0"]), []).append((max(e["top"], top), min(e["bottom"], bottom)))
    full = [float(x) for x, spans in runs.items() if _covered(spans) >= 0.95 * (bottom - top)]
    return nearest(full) if full else None


def _covered(spans: list[tuple[float, float]]) -> float:
    total, end = 0.0, -1e9
    for a, b in sorted(spans):
        if b > end:
            total += b - max(a, end)
            end = b
    return total


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


def implied_ends(edges: list[dict]) -> list[dict]:
    """The top (or bottom) border of a grid going on over a page, which some producers leave
    out at the page's head (or foot): where three or more vertical rules start (or end) at one
    height and no horizontal rule runs there between any of the vertical rules that reach it, a
    horizontal edge across them."""
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3]
    horizontal = [e for e in edges if e["orientation"] == "h"]
    out = []
    for key in ("top", "bottom"):
        ends: dict[int, list[float]] = {}
        for e in vertical:
            ends.setdefault(round(e[key]), []).append(float(e["x0"]))
        for y, xs in ends.items():
            if len(columns([(x - 1.5, x + 1.5) for x in xs])) < 3:
                continue
            reach = [float(e["x0"]) for e in vertical if e["top"] <= y + 1.5 and e["bottom"] >= y - 1.5]
            x0, x1 = min(reach), max(reach)
            if any(
                abs(h["top"] - y) <= 1.5 and h["x1"] > x0 + 1 and h["x0"] < x1 - 1 and h["x1"] - h["x0"] > 3
                for h in horizontal
            ):
                continue
            out.append(
                {
                    "object_type": "line",
                    "x0": min(xs),
                    "x1": max(xs),
                    "top": float(y),
                    "bottom": float(y),
                    "width": max(xs) - min(xs),
                    "height": 0,
                }
            )
    return out
