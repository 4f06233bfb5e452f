"""第七部分's key-projects table in ``pdftotext -layout`` text, read by position: the amounts
stand in one column, one per project; the goals are long text set left-aligned in the column
right of them (most of their lines start at one character column), each goal's cell centred
on its amount; the projects' names stand left of the amounts.  A goal runs on to its next line
while the line is full; the goals pair with the amounts in order (``indicator_layout``)."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import TYPE_CHECKING

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..grid import Piece, columns
from ..layout import pieces
from ..numbers import is_number, squash_number, to_decimal
from ..words import display_width, join_lines, label
from .indicator_layout import CLOSE, Cell, Text, _cut, _indent, _lines_of

if TYPE_CHECKING:
    from .key_projects import KeyProjects


def layout_key_projects(lines: list[Line], end_hdr: int) -> KeyProjects:
    from .key_projects import KeyProjects

    start = header_start(lines, end_hdr)
    end = next(
        (i for i in range(end_hdr + 1, len(lines)) if lines[i].text.strip().startswith(("备注", "注：", "注:"))),
        len(lines),
    )
    body_from = end_hdr + 1
    while body_from < end and header_piece(lines[body_from].text):
        body_from += 1  # the rest of a header cell wrapped below the header's main line (元）)
    header = _header(lines[start:body_from])
    return KeyProjects(header, start, end, _rows(lines[body_from:end]))


def header_start(lines: list[Line], end_hdr: int) -> int:
    """The header's first line: the lines of header pieces above its last (``预算数（万``)."""
    start = end_hdr
    while start > 0 and end_hdr - start < 8 and header_piece(lines[start - 1].text):
        start -= 1
    return start


def header_piece(text: str) -> bool:
    """A line holding only pieces of the header's cells (``预算数（万``, ``元）``), not a
    sentence that names them (``…重点项目绩效目标情况如下：``)."""
    ps = [_folded(squash(p.text)) for p in pieces(text)]
    ws = [_folded(w) for w in text.split()]  # text without positions: one space between cells
    return any(bool(xs) and all(any(x in c for c in HEADER_CELLS) for x in xs) for xs in (ps, ws))


HEADER_CELLS = ("项目名称(一级项目)", "项目名称(二级项目)", "预算数(万元)", "预算金额(万元)", "项目绩效目标")


def _folded(text: str) -> str:
    return text.replace("（", "(").replace("）", ")")


def _header(lines: list[Line]) -> list[str]:
    """The header's cells: its pieces grouped by the columns they stand in, read down."""
    found = [(q, y) for y, ln in enumerate(lines) for p in pieces(ln.text) for q in _cell_pieces(p)]
    cols = columns([(p.x0, p.x1) for p, _ in found])
    cells: list[list[tuple[int, str]]] = [[] for _ in cols]
    for p, y in found:
        k = next(k for k, (a, b) in enumerate(cols) if a <= p.x0 < b or a < p.x1 <= b)
        cells[k].append((y, p.text))
    return [join_lines([t for _, t in sorted(c)]) for c in cells if c]


def _cell_pieces(p: Piece) -> list[Piece]:
    """A run of the header's text cut where one space parts two cells' pieces (``预算数（万元
    绩效目标``: a cell's text set at its top runs up to the next one), not a cell's own words
    (``项目名称 (一级项目)``)."""
    out: list[Piece] = []
    at = p.x0
    for word in p.text.split(" "):
        joined = f"{out[-1].text} {word}" if out else ""
        if out and any(_folded(squash(joined)) in c for c in HEADER_CELLS):
            out[-1] = Piece(joined, out[-1].x0, out[-1].x1 + 1 + len(word))
        else:
            out.append(Piece(word, at, at + len(word)))
        at += len(word) + 1
    return out


def _rows(body: list[Line]) -> list[Row]:
    """The rows, page by page (pdftotext lays each page out by itself: the goals' column may
    start at another character column on the next page, under the header printed again)."""
    return [
        {"project": name, "amount": to_decimal(nums[0]), "printed": nums[0], "goal": goal}
        for page in _pages(body)
        for name, nums, goal in paired(page, amounts=1)
    ]


def _pages(body: list[Line]) -> list[list[Line]]:
    """The body's lines cut where a page starts, without the header a page prints again."""
    pages: list[list[Line]] = [[]]
    for ln in body:
        if ln.new_page and pages[-1]:
            pages.append([])
        pages[-1].append(ln)
    for k, page in enumerate(pages[1:], start=1):
        end = next((i for i, ln in enumerate(page[:8]) if squash(ln.text).endswith("绩效目标")), None)
        if end is not None and all(header_piece(ln.text) for ln in page[:end]):
            while end + 1 < len(page) and header_piece(page[end + 1].text):
                end += 1
            pages[k] = page[end + 1 :]
    return [p for p in pages if p]


def paired(
    body: list[Line], amounts: int, drop: frozenset[str] | set[str] = frozenset(), wrapped: bool = True
) -> list[tuple[str, list[str], str]]:
    """Rows of a table whose cells are a name, ``amounts`` amounts and a long text set in a
    column of its own (the key projects: name, amount, goal; the tasks: name, content and
    three amounts): (name, the amounts as printed, the long text).  The long text's cell runs
    on while its line is full and pairs with the row's amounts in order; pieces in ``drop``
    (a side label's characters) are left out.  Without ``wrapped``, a long text must stand on
    its row's own line, one line each (else the table is reported)."""
    by_line = [
        [Text(p.text, y, p.x0) for p in pieces(ln.text) if squash(p.text) not in drop] for y, ln in enumerate(body)
    ]
    edge = _goal_edge([t for ts in by_line for t in ts], body)
    anchors_at = [(y, nums) for y, ts in enumerate(by_line) if (nums := _amounts(ts, edge, amounts))]
    if not anchors_at:
        return []
    taken = {id(t) for _, nums in anchors_at for t in nums}
    rest = [t for ts in by_line for t in ts if id(t) not in taken]
    texts = [t for ts in by_line for t in _long_texts(ts, edge) if id(t) not in taken]
    names = [t for t in rest if not any(t is x for x in texts)]
    anchors = [Cell([nums[0]]) for _, nums in anchors_at]
    text_lines = _lines_of(texts)
    if not wrapped and [t.y for t in text_lines] != [y for y, _ in anchors_at]:
        raise BudgetError(
            "text wrapped in its cells: which lines belong to which row cannot be told from text laid out by "
            "pdftotext (the PDF itself can)",
            line=body[0].loc,
        )
    at_edge = [t for t in text_lines if abs(t.x0 - edge) <= 1.5] or text_lines
    room = max((display_width(t.text) for t in at_edge), default=0)
    cut = _cut(text_lines, anchors, room, edge)
    if cut is None:
        raise BudgetError("the long texts and the amounts of the table do not pair up", line=body[0].loc)
    settled(text_lines, anchors, cut, [ln.loc for ln in body], room, edge)
    ended(text_lines, cut, [ln.loc for ln in body], room, edge)
    _not_at_an_edge(text_lines, [y for y, _ in anchors_at], cut, body)
    out = []
    for (_, nums), (a, b) in zip(anchors_at, cut, strict=True):
        lines = text_lines[a:b]
        top = min([nums[0].y, *(t.y for t in lines)])
        bottom = max([nums[0].y, *(t.y for t in lines)])
        name = label("".join(t.text for t in sorted(names, key=lambda t: (t.y, t.x0)) if top <= t.y <= bottom))
        out.append((name, [squash_number(t.text) for t in nums], join_lines([t.text for t in lines])))
    return out


def settled(
    texts: list[Text], anchors: list[Cell], cut: list[tuple[int, int]], locs: list[int], room: int, edge: float
) -> None:
    """Two long texts' cells meet at a line that may end the one above or start the one below,
    both cells centred on their amounts either way to within half a line (pdftotext puts an
    amount centred between two lines on either): ``…从零到有`` / ``的突破，…``, the text does not
    tell which, so the table is reported.  Moving the cells' border either way puts the lines on
    either side of it in one cell, so where the line above it cannot run on (a sentence ended
    well short of the line's end) the border is where it is, and it is not moved onto a line a
    text cannot end with (``_may_end``).  ``locs``: each line's number in the document, by ``y``.
    Where the text gives no positions (pdfplumber's ``extract_text``), the amount stands on one
    of the lines, so the same holds with every line starting at the column's ``edge``."""

    for k, ((a, b), (_, c)) in enumerate(itertools.pairwise(cut)):
        last = texts[b - 1]
        if last.text.rstrip().endswith(CLOSE) and display_width(last.text) <= room - _indent(last, edge) - ENDED:
            continue
        for m in (b - 1, b + 1):
            if (
                a < m < c
                and max(off_centre(texts, anchors, a, m, k), off_centre(texts, anchors, m, c, k + 1)) <= 0.5
                and _may_end(texts[m - 1], room, edge)
            ):
                raise BudgetError(
                    f"the line {texts[min(b, m)].text!r} may end one long text or start the next, both as well "
                    "centred on their amounts: which cannot be told from text laid out by pdftotext "
                    "(the PDF itself can)",
                    line=locs[texts[min(b, m)].y],
                )


def ended(texts: list[Text], cut: list[tuple[int, int]], locs: list[int], room: int, edge: float) -> None:
    """Each long text of the cut ends where one may (``_may_end``): else its lines went on in the
    next row's, the cells set at their tops or bottoms, not centred on their amounts, and the
    texts and the amounts do not pair (``…排查处置，`` / ``深入分析…``): ``BudgetError``."""
    for a, b in cut:
        if a < b and not _may_end(texts[b - 1], room, edge):
            raise BudgetError(
                f"a long text read centred on its row would end mid-sentence ({texts[b - 1].text.rstrip()[-12:]!r}): "
                "the long texts and the amounts of the table do not pair up",
                line=locs[texts[b - 1].y],
            )


def _not_at_an_edge(texts: list[Text], rows: list[int], cut: list[tuple[int, int]], body: list[Line]) -> None:
    """The texts read centred on their rows must be the one reading: where each could as well
    start on its row's line (cells at their tops) or end on it (at their bottoms), every text
    ending a sentence, and that reads them differently, which is meant the text does not tell:
    ``BudgetError``."""
    for name, other in (("tops", _top_cut(texts, rows)), ("bottoms", _bottom_cut(texts, rows))):
        if (
            other is None
            or other == cut
            or not all(texts[b - 1].text.rstrip().endswith(CLOSE) for a, b in other if a < b)
        ):
            continue
        k = next(k for k, (c, o) in enumerate(zip(cut, other, strict=True)) if c != o)
        raise BudgetError(
            f"the long texts pair with their rows centred on them and set at their cells' {name} alike "
            f"(from row {k + 1} on): which, the text does not tell",
            line=body[rows[k]].loc,
        )


def _top_cut(texts: list[Text], rows: list[int]) -> list[tuple[int, int]] | None:
    """Each text from its row's line to the next row's (None where a text stands above the first
    row's line, or a row's line holds none)."""
    starts = [next((i for i, t in enumerate(texts) if t.y >= y), len(texts)) for y in rows]
    if starts[0] != 0 or any(s >= len(texts) or texts[s].y != y for s, y in zip(starts, rows, strict=True)):
        return None
    return list(zip(starts, [*starts[1:], len(texts)], strict=True))


def _bottom_cut(texts: list[Text], rows: list[int]) -> list[tuple[int, int]] | None:
    """Each text from after the row above's line to its row's line (None where a text stands
    below the last row's line, or a row's line holds none)."""
    ends = [next((i for i, t in enumerate(texts) if t.y > y), len(texts)) for y in rows]
    if ends[-1] != len(texts) or any(e == 0 or texts[e - 1].y != y for e, y in zip(ends, rows, strict=True)):
        return None
    return list(zip([0, *ends[:-1]], ends, strict=True))


def off_centre(texts: list[Text], anchors: list[Cell], a: int, b: int, k: int) -> float:
    """How far the middle of the long text of lines ``a:b`` stands from row ``k``'s amounts, in lines."""
    return abs((texts[a].y + texts[b - 1].y) / 2 - anchors[k].mid)


ENDED = 4  # half-width columns short of a full line (two characters): a sentence's end, not a line broken early
MID_SENTENCE = ("，", "、", ",")  # a text's line ending so goes on in the next


def _may_end(t: Text, room: int, edge: float) -> bool:
    """Whether a long text's cell may end with the line ``t``: not in the middle of a sentence
    (``…排查处置，``), nor on a line it fills to within two characters without ending a sentence
    (``…3. 与中央、省、市媒体``: the text went on in the next line)."""
    text = t.text.rstrip()
    full = display_width(text) >= room - _indent(t, edge) - ENDED
    return not text.endswith(MID_SENTENCE) and not (full and not text.endswith(CLOSE))


def _long_texts(line: list[Text], edge: float) -> list[Text]:
    """The pieces of a line that are the long texts': from the first that starts where they do
    or a little left of it (pdftotext shifts a line left to make room for an amount beside it)
    to the end of the line, numbers in them included."""
    k = next((k for k, t in enumerate(line) if t.x0 >= edge - SHIFT), len(line))
    return line[k:]


SHIFT = 4  # character columns
LONG = 20  # display columns: a long text's line, never a name's


def _amounts(line: list[Text], edge: float, n: int) -> list[Text]:
    """A row's amounts on its line: ``n`` numbers, after the row's name (for one amount: left
    of where the long texts start; for more: at the end of the line)."""
    if n == 1:
        found = _amount(line, edge)
        return [found] if found is not None else []
    nums = [t for t in line if is_number(squash_number(t.text))]
    return nums[-n:] if len(nums) >= n and all(is_number(squash_number(t.text)) for t in line[-n:]) else []


def _amount(line: list[Text], edge: float) -> Text | None:
    """A project's amount: a number printed after the project's name on its line, or alone
    at the start of a line, ending before the goals start (a number inside a goal, on a line
    shifted left to the amounts, is neither)."""
    for k, t in enumerate(line):
        before = line[:k]
        if is_number(squash_number(t.text)) and all(b.x0 < edge - SHIFT for b in before):
            return t if before or t.x0 + display_width(t.text) <= edge else None
        if t.x0 >= edge - SHIFT and not is_number(squash_number(t.text)):
            return None
    return None


def _goal_edge(rest: list[Text], body: list[Line]) -> float:
    """Where the goals' lines start: the column most long lines start at."""
    starts = Counter(round(t.x0) for t in rest if display_width(t.text) >= LONG)
    if not starts:
        raise BudgetError("no goals beside the key projects' amounts", line=body[0].loc)
    return float(starts.most_common(1)[0][0])
