"""第七部分's key-projects table in text without positions whose goals are centred on their rows
(pdfplumber's ``extract_text``): each project's name and amount stand on one line, part of its
goal before and after it, the goal's next line running on while the line is full.  The goals
pair with the amounts in order, each goal's lines centred on its amount (the cut the layout
reader makes, ``indicator_layout._cut``); what does not pair is reported."""

from __future__ import annotations

import re

from ...model import BudgetError, Line, Row
from ..numbers import is_number, squash_number, to_decimal
from ..words import display_width, join_lines, label
from .indicator_layout import Cell, Text, _cut
from .key_project_layout import ended, header_piece, off_centre, settled
from .name_pieces import names_around

SENTENCE = re.compile(r"[，。；、：,;:%％（）()]")
# what follows a number inside a goal's sentence (达到 6 个, 不少于 35 套, 2024 年): no amount
UNIT = re.compile(r"^(个|项|人|次|万|元|%|％|年|月|日|天|小时|家|套|条|宗|所|件|场|张|份|台|芯|GB|MB|户|篇|期|批)")


def centred_rows(body: list[Line]) -> list[Row]:
    """The rows (project, amount, goal, the amount as printed) of the table's ``body``."""
    kept = [ln for ln in body if not header_piece(ln.text)]  # the header printed again
    lines = [ln.text.strip() for ln in kept]
    lines, split = _names_around_amounts(lines)
    anchors = _in_form([(y, a) for y, t in enumerate(lines) if (a := split.get(y) or _anchor(t)) is not None])
    anchors = _unit_like_rows(lines, anchors)
    if not anchors:
        raise BudgetError("no project's name and amount on a line of the key-projects table", line=body[0].loc)
    texts: list[Text] = []
    at = dict(anchors)
    for y, t in enumerate(lines):
        rest = at[y][2] if y in at else t  # beside the amount, a line of the goal's column
        if rest:
            texts.append(Text(rest, y, 0.0))
    room = _full_width([display_width(t) for y, t in enumerate(lines) if y not in at])
    cells = [Cell([Text(at[y][1], y, 0.0)]) for y, _ in anchors]
    cut = _cut(texts, cells, room)
    if cut is None or not _centred(texts, cells, cut):
        raise BudgetError("the goals and the amounts of the key-projects table do not pair up", line=body[0].loc)
    settled(texts, cells, cut, [ln.loc for ln in kept], room, 0.0)
    ended(texts, cut, [ln.loc for ln in kept], room, 0.0)
    rows: list[Row] = []
    for (_, (name, amount, _)), (first, end) in zip(anchors, cut, strict=True):
        rows.append(
            {
                "project": label(name),
                "amount": to_decimal(amount),
                "printed": amount,
                "goal": join_lines([t.text for t in texts[first:end]]),
            }
        )
    return rows


def _centred(texts: list[Text], cells: list[Cell], cut: list[tuple[int, int]]) -> bool:
    """Whether each goal's lines are centred on its row's line, to half a line (the row's line is
    one of its goal's, the middle one or one of the middle two)."""
    return all(first < end and off_centre(texts, cells, first, end, k) <= 0.5 for k, (first, end) in enumerate(cut))


FULL_SHARE = 0.9  # the share of the goals' lines no wider than a full line


def _full_width(widths: list[int]) -> int:
    """How wide a full line of the goals' column is: as wide as nine in ten of its lines or
    wider (the widest may be wider than the column holds, its quotation marks and digits
    measured at full or half width where the font sets them otherwise: ``“五个一”``)."""
    return sorted(widths)[int(FULL_SHARE * (len(widths) - 1))] if widths else 0


def _names_around_amounts(lines: list[str]) -> tuple[list[str], dict[int, tuple[str, str, str]]]:
    """A name wrapped over two lines around its amount on a line of its own (``name_pieces``):
    the lines, those around such an amount cut to the goal's part, and the rows' lines
    (project, amount, no goal beside it); a name longer than a row's line holds is none."""
    out, names = names_around(lines, lambda t: len(t.split()) == 1 and is_number(squash_number(t)), _is_row)
    for y in [y for y, name in names.items() if len(name) > 20]:
        out[y - 1], out[y + 1] = lines[y - 1], lines[y + 1]
        del names[y]
    return out, {y: (name, squash_number(lines[y]), "") for y, name in names.items()}


def _is_row(text: str) -> bool:
    return _anchor(text) is not None


def _in_form(anchors: list[tuple[int, tuple[str, str, str]]]) -> list[tuple[int, tuple[str, str, str]]]:
    """The rows' lines whose amounts have the decimals two in three of them have (a number in a
    goal's sentence, ``“深`` / ``圳 12345 政务服务便民热线”``, is none)."""
    counts: dict[int, int] = {}
    for _, (_, amount, _) in anchors:
        counts[_decimals(amount)] = counts.get(_decimals(amount), 0) + 1
    if not counts:
        return anchors
    d, n = max(counts.items(), key=lambda kv: kv[1])
    if d == 0 or n * 3 < len(anchors) * 2:
        return anchors
    return [a for a in anchors if _decimals(a[1][1]) == d]


def _unit_like_rows(
    lines: list[str], anchors: list[tuple[int, tuple[str, str, str]]]
) -> list[tuple[int, tuple[str, str, str]]]:
    """A row's line whose goal starts with a word a unit begins (``政务服务热线 936.00 月报，…``)
    is a row where its amount has the decimals every row's amount has, and they have some: a
    number in a goal's sentence with a unit after it (``达到 6 个``) has none, or others."""
    places = {_decimals(a[1]) for _, a in anchors}
    d = places.pop() if len(places) == 1 else 0
    if not d:
        return anchors
    at = {y for y, _ in anchors}
    found = [(y, a) for y, t in enumerate(lines) if y not in at and (a := _anchor(t, units=True)) is not None]
    found = [(y, a) for y, a in found if _decimals(a[1]) == d]
    return sorted([*anchors, *found]) if found else anchors


def _unit_word(rest: str, end: int) -> bool:
    """Whether the unit a goal's text starts with is a word of its own (``个，``, ``万元``)."""
    return end == len(rest) or not rest[end].isalpha() or UNIT.match(rest[end:]) is not None


def _decimals(t: str) -> int:
    return len(t.split(".", 1)[1]) if "." in t else 0


def _anchor(text: str, *, units: bool = False) -> tuple[str, str, str] | None:
    """A row's line: the project's name (no sentence in it), its amount, then maybe the
    goal's text (which does not go on as a quantity: ``达到 6 个`` is a goal's; with ``units``,
    it may, where a word starts with a unit and goes on: ``936.00 月报，``)."""
    toks = text.split()
    k = next((k for k, t in enumerate(toks) if is_number(squash_number(t))), None)
    if not k:
        return None
    name, rest = "".join(toks[:k]), " ".join(toks[k + 1 :])
    if SENTENCE.search(name) or not 2 <= len(name) <= 20:
        return None
    if (m := UNIT.match(rest)) and (not units or _unit_word(rest, m.end())):
        return None
    return name, squash_number(toks[k]), rest
