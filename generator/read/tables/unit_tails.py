"""A unit's name wrapped around its row's amounts in text without positions (pdfplumber's
``extract_text()``): the name's lines above the amounts' line come before the amounts, the lines
below them after, where the next row's label starts (``深圳市宝安区城市更新和土地整`` / ``0.00`` /
``备局`` / ``深圳市宝安区城市更新和土地整`` / ``0.00`` / ``备局（本级）``).  The text does not say where
one row's label ends and the next one's starts; the document's own unit names do, where exactly one
cut makes the row's label a unit known word for word before (the metadata's department and parent,
the tables' 单位名称 lines, the units of the tables read before)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...model import BudgetError
from ..tokens import label_of

if TYPE_CHECKING:
    from ..tokens import Tok
    from .amounts import RawRow


def unit_tails(raw: list[RawRow], known: set[str]) -> list[RawRow]:
    """Rows whose label (no code before it) is not a known unit as read, and becomes one with
    the first lines of the next row's label, before that row's amounts' line (all of them, for a
    row of label lines only): those lines are the unit's.  Where the label is a unit already and
    would be another one with those lines too, which one is printed the text cannot say: the
    table is reported."""
    for k in range(1, len(raw)):
        prev, row = raw[k - 1], raw[k]
        if not prev.nums or not prev.head or prev.head[0].text[:1].isdigit():
            continue
        lines = _lines(row.head)
        if row.nums:
            above = sum(1 for ln in lines if ln[0].line < min(t.line for t in row.nums))
            cuts = range(1, min(above, len(lines) - 1) + 1)  # the row keeps a line of its label
        else:
            cuts = range(len(lines), len(lines) + 1)  # a row of label lines only: all of them
        name = label_of(prev.head)
        fits = [c for c in cuts if label_of([*prev.head, *(t for ln in lines[:c] for t in ln)]) in known]
        if name in known and fits:
            raise BudgetError(
                f"the unit {name!r} may go on below its amounts (as {label_of(lines[0])!r}) or not: "
                "the text does not say where its row ends",
                line=lines[0][0].line,
            )
        if name in known or len(fits) != 1:
            continue
        moved = [t for ln in lines[: fits[0]] for t in ln]
        prev.head.extend(moved)
        row.head = [t for t in row.head if not any(t is m for m in moved)]
    return [r for r in raw if r.head or r.nums]


def _lines(toks: list[Tok]) -> list[list[Tok]]:
    """Tokens grouped by the line they stand on, in the lines' order (a row's code, put first,
    may stand on a line below its name's first)."""
    out: list[list[Tok]] = []
    for t in sorted(toks, key=lambda t: t.line):
        if out and out[-1][0].line == t.line:
            out[-1].append(t)
        else:
            out.append([t])
    return out
