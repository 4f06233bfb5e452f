"""Tables printed without vertical rules — three-line tables (三线表: a rule on top, one under
the header, one at the bottom), rules under every row, or no rules at all: cut into rows and
cells by the positions of their words, into the rows a ruled table gives (one tab-separated
cell per column).

- **Where**: the text lines after a catalog title (up to a ruled table, a note, a part heading
  or the next title, over as many pages as the table runs, its title printed again or not),
  and part 7's key-projects table (from its 项目名称 … 绩效目标 header).
- **Columns** of amounts are the stretches where the body's amounts stand (``grid.columns``,
  over all the table's pages); a column holding only classification codes left of them is
  labels, and a dash in an amount column is that cell's (none).  Label columns are the
  stretches between them, and before the first, cut where no label's ink crosses the white
  space between two columns as the lines with two or more labels show it.  A table whose
  kind has a fixed number of amount columns (the two-sided summaries, key projects) and whose
  amounts stand in another number is not read.
- **Header and body**: the body starts under the rule below the header, or, without one, at
  the first row's first line (its amounts' line, or the label lines set tight above it that
  are no header's); it ends at the bottom rule, or at the last row's last line.  The header is
  one row (its lines' words put into the columns); on the pages a table goes on to, the
  header printed again is left out.
- **Rows**: the body's lines on each page cut into rows (``pdf_rows.table_rows``: where every
  column's pieces join into one number and the labels align with their amounts).  The 三公
  table's unit, merged down over its year rows, is read in its block's first row.
- **What cannot be read** — rows no cut settles, amounts in other columns than the kind has —
  is not given to the parser to read some other way: a line in its place says why
  (``Line.unreadable``), and the table is reported.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..catalog import TableSpec, match_title, squash
from ..model import BudgetError
from .grid import columns
from .layout import header_words, table_shape
from .numbers import CODE, squash_number
from .pdf_page import Chunk, PageText
from .pdf_rows import Form, Printed, Run, column_of, line_runs, table_rows
from .pdf_text import TextLine, cell_text, line_text
from .tokens import DASHES

NOTE_OR_PART = re.compile(r"^(注[:：]|备注|本套报表|第[一二三四五六七八九]部分|[一二]、(?:文字|表格)部分)")
UNIT_LINE = re.compile(r"(单位|名称)\s*[:：]")
PART_SEVEN = re.compile(r"^第七部分")


# ---------------------------------------------------------------------------- the document


def split_unruled(pages: list[PageText]) -> None:
    """Tables printed without vertical rules (or without any): the text lines of a table
    region are replaced by the table's rows.  A region that cannot be read as a table is left
    as it is, a catalog table's region then marked as not readable."""
    found = [(_prepare(region, expected), expected, region) for expected, region in _regions(pages)]
    document = Form.of([r for f, _, _ in found if f is not None for r in _isolated(f)])
    for table_id, (prepared, expected, _) in enumerate(found):
        if prepared is not None:
            _cut_region(prepared, -2 - table_id, expected, Form.of(_isolated(prepared), document))
    for p in pages:
        p.chunks = [c for c in p.chunks if c.line is not None or c.cells is not None or c.unreadable]


@dataclass(frozen=True)
class Expected:
    """What a table of a kind has: how many amount columns it can have; whether its labels
    left of the amounts are cells of their own (a unit, a code, a name); whether its first
    column's cells are merged down over blocks of rows (the 三公 table's units)."""

    counts: tuple[int, ...]
    split: bool
    merged_down: bool = False
    words: frozenset[str] = frozenset()  # its header's words


KEY_PROJECTS = Expected(
    (1,), False, words=frozenset(("项目名称（一级项目）", "项目名称", "预算数（万元）", "绩效目标"))
)


def _regions(pages: list[PageText]) -> list[tuple[Expected, list[Printed]]]:
    """Every region and the columns its table has: after a catalog title, up to a ruled
    table, a note, a part heading or the next title; and part 7's key-projects table, from its
    header to a note or the next part."""
    regions: list[tuple[Expected, list[Printed]]] = []
    region: list[Printed] | None = None
    part_seven = False
    last: TableSpec | None = None  # the catalog table of the last region
    for p in pages:
        for i, c in enumerate(p.chunks):
            if c.line is None:
                region = last = None  # a ruled table
                continue
            squashed = re.sub(r"\s+", "", c.line.text)
            spec = match_title(c.line.text) if not squashed.startswith(("(", "（", "-")) else None
            if spec is not None:
                if spec is last and regions:
                    region = regions[-1][1]  # the title printed again on the table's next page
                else:
                    region = []
                    shape = Expected(*table_shape(spec), spec.kind == "three-public", header_words(spec))
                    regions.append((shape, region))
                last = spec
                continue
            if NOTE_OR_PART.match(squashed):
                region = None
                part_seven = bool(PART_SEVEN.match(squashed))
                continue
            if part_seven and region is None and _key_projects_header(p, i):
                region = _lines_above(p, i)
                regions.append((KEY_PROJECTS, region))
                last = None
            if region is not None:
                region.append(Printed(p, i, c.line))
    return regions


def _key_projects_header(p: PageText, i: int) -> bool:
    """Is the line the key-projects table's header (项目名称 …, 绩效目标 on it or set tight below)?"""
    ln = p.chunks[i].line
    assert ln is not None
    if "项目名称" not in re.sub(r"\s+", "", ln.text):
        return False
    band = [ln]
    for c in p.chunks[i + 1 : i + 3]:
        if c.line is None or not _tight(band[-1], c.line):
            break
        band.append(c.line)
    return any("绩效目标" in re.sub(r"\s+", "", b.text) for b in band)


def _lines_above(p: PageText, i: int) -> list[Printed]:
    """The lines set tight above a line: the upper lines of header cells wrapped around it."""
    k = i
    while k > 0 and (above := p.chunks[k - 1].line) is not None and _tight(above, p.chunks[k].line):
        k -= 1
    out = []
    for j in range(k, i):
        ln = p.chunks[j].line
        assert ln is not None
        out.append(Printed(p, j, ln))
    return out


def _tight(a: TextLine, b: TextLine | None) -> bool:
    """Is ``b`` (below ``a``) set as close to it as the lines of one cell are?"""
    return b is not None and b.top - a.bottom <= 0.5 * min(a.size, b.size)


# ---------------------------------------------------------------------------- a region


@dataclass
class Layout:
    """Where a table's cells stand: its amount columns and label columns, left to right."""

    amounts: list[tuple[float, float]]
    labels: list[tuple[float, float]]

    @property
    def all(self) -> list[tuple[float, float]]:
        return sorted(self.amounts + self.labels)


@dataclass
class Prepared:
    """A region read so far: its lines, the pages where its table stands (each with where its
    header and body are), and its columns (or why it has none a table of its kind can have)."""

    region: list[Printed]
    parts: list[tuple[list[Printed], tuple[int, int, int]]]
    layout: Layout | None

    def bodies(self) -> list[list[Printed]]:
        return [pls[start:end] for pls, (_, start, end) in self.parts]


def _prepare(region: list[Printed], expected: Expected) -> Prepared | None:
    """A region's runs, table pages and columns; None when it holds no table's rows."""
    for pl in region:
        pl.runs = line_runs(pl.line)
    pages: dict[int, list[Printed]] = {}
    for pl in region:
        pages.setdefault(pl.page.number, []).append(pl)
    zone = columns([(r.x0, r.x1) for pl in region for r in pl.amounts])
    parts: list[tuple[list[Printed], tuple[int, int, int]]] = []
    for pls in pages.values():
        span = _span(
            pls,
            first=not parts,
            header=lambda pl: _header_line(pl, zone, expected.words),
            boxed=lambda pl: _over(pl, zone),
        )
        if span is not None:
            parts.append((pls, span))
    if not parts:
        return None
    return Prepared(region, parts, _layout([pl for pls, (_, start, end) in parts for pl in pls[start:end]], expected))


def _cut_region(prepared: Prepared, table_id: int, expected: Expected, form: Form) -> None:
    """Replace the region's text lines by table rows, when its body's amounts stand in the
    columns a table of its kind has; else by what says the table cannot be read."""
    region, parts, layout = prepared.region, prepared.parts, prepared.layout
    try:
        if layout is None:
            raise BudgetError(
                f"its amounts stand in other columns than a table of its kind has "
                f"({' or '.join(map(str, expected.counts))}): cannot tell which column each amount belongs to",
                line=parts[0][0][0].page.number,
            )
        _no_amounts_above(parts)
        rows = [
            table_rows(body, layout.amounts, _rules(pls), form)
            for (pls, _), body in zip(parts, prepared.bodies(), strict=True)
        ]
    except BudgetError as e:
        _unreadable(region, e.detail, e.line)
        return
    first = _first_key(parts[0][0][parts[0][1][1] :], rows[0], layout)
    for n, ((pls, (head, start, end)), page_rows) in enumerate(zip(parts, rows, strict=True)):
        if n == 0 and head < start:
            _replace(pls[head:start], [list(range(start - head))], layout, table_id)
        else:
            for pl in pls[head:start]:
                pl.page.chunks[pl.index] = Chunk(pl.top)  # the header printed again
        _replace(pls[start:end], page_rows, layout, table_id, merged_down=first if expected.merged_down else None)


def _no_amounts_above(parts: list[tuple[list[Printed], tuple[int, int, int]]]) -> None:
    """A line taken for the header's that holds an amount no header prints (with a point, or of
    five digits or more: a header's digits are a year, a piece of one, or a column's number) is a
    row's, or part of one (the top pieces of amounts wrapped in their cells): where the body
    begins is not known, and the table is reported rather than read without that line."""
    for pls, (head, start, _) in parts:
        for pl in pls[head:start]:
            pieces = [r.text for r in pl.amounts if "." in r.text or sum(ch.isdigit() for ch in r.text) >= 5]
            if pieces:
                raise BudgetError(
                    f"a line above the table's first row holds amounts ({' '.join(pieces)}): "
                    "where its rows begin cannot be told",
                    line=pl.page.number,
                )


def _unreadable(region: list[Printed], why: str, page: int | None) -> None:
    """The table of a region cannot be read: its lines are replaced by what says so (on the
    page where it cannot be read), for the parser to report the table — never to read its
    words some other way."""
    at = next((pl for pl in region if pl.page.number == page), region[0])
    for pl in region:
        pl.page.chunks[pl.index] = Chunk(pl.top, unreadable=why if pl is at else "")


def _header_line(pl: Printed, zone: list[tuple[float, float]], words: frozenset[str]) -> bool:
    """A line of a header: words over the amount columns, or one of a header's words."""
    return _over(pl, zone) or squash(pl.line.text) in words


def _over(pl: Printed, zone: list[tuple[float, float]]) -> bool:
    """Does a line have words over the amount columns (as a header's line has; a dash there
    is a row's cell for none)?"""
    return any(r.x1 > a and r.x0 < b for r in pl.labels if r.text.strip() not in DASHES for a, b in zone)


def _span(
    pls: list[Printed], *, first: bool, header: Callable[[Printed], bool], boxed: Callable[[Printed], bool]
) -> tuple[int, int, int] | None:
    """Where the table stands among a page's lines: (its header's first line, its body's first
    line, the line after its body), or None when the page holds none of its rows.  Without a
    rule under the header, the body starts at the first row's first line: its amounts' line,
    or the label lines set tight above it (no header's)."""
    anchors = _anchors(pls, boxed)
    if not anchors:
        return None
    head = 0
    if first:
        units = [k for k in range(anchors[0]) if UNIT_LINE.search(pls[k].line.text)]
        head = units[-1] + 1 if units else 0
    rules = _rules(pls)
    start = anchors[0]
    above = [y for y in rules if pls[head].top - 1 <= y <= pls[start].top + 1] if head <= start else []
    if above and any(pls[k].mid < max(above) for k in range(head, start)):
        start = next(k for k in range(head, start + 1) if pls[k].mid > max(above))
    else:
        top = max(above, default=-1e9)
        while (
            start > head
            and not pls[start - 1].amounts
            and pls[start - 1].mid > top
            and _tight(pls[start - 1].line, pls[start].line)
            and not header(pls[start - 1])
        ):
            start -= 1
    end = anchors[-1] + 1
    below = [y for y in rules if y >= pls[anchors[-1]].bottom - 1]
    while end < len(pls) and (
        pls[end].mid < min(below) if below else _tight(pls[end - 1].line, pls[end].line) and not pls[end].amounts
    ):
        end += 1
    return head, start, end


def _anchors(pls: list[Printed], boxed: Callable[[Printed], bool]) -> list[int]:
    """The lines holding amounts, less a header's lines holding digits (a year wrapped in its
    cell: ``202`` / ``4年…``): those at the top that are a header's line themselves, or stand
    above one before the next line with amounts.  A header's line is one with words over the
    amount columns (``boxed``), which no row's line has."""
    anchors = [k for k, pl in enumerate(pls) if pl.amounts]
    while anchors:
        nxt = anchors[1] if len(anchors) > 1 else len(pls)
        if not any(boxed(pls[k]) for k in range(anchors[0], nxt)):
            break
        anchors.pop(0)
    return anchors


def _rules(pls: list[Printed]) -> list[float]:
    """The heights of the horizontal rules that run across the table's lines (three-line
    tables: over the header, under it, under the body), rules drawn in pieces joined."""
    left = min(pl.line.x0 for pl in pls)
    right = max(pl.line.x1 for pl in pls)
    spans: dict[float, list[tuple[float, float]]] = {}
    for x0, x1, y in pls[0].page.rules:
        if x1 > left and x0 < right:
            key = next((k for k in spans if abs(k - y) <= 1.5), y)
            spans.setdefault(key, []).append((max(x0, left), min(x1, right)))
    return sorted(y for y, s in spans.items() if sum(b - a for a, b in columns(s)) >= 0.6 * (right - left))


def _layout(body: list[Printed], expected: Expected) -> Layout | None:
    """The table's columns from its body lines (all its pages), or None when its amounts do not
    stand in as many columns as a table of its kind has."""
    counts, split = expected.counts, expected.split
    amounts = columns([(r.x0, r.x1) for pl in body for r in pl.amounts])
    if len(amounts) > 1 and all(CODE.match(squash_number(r.text)) for pl in body for r in _in(pl.amounts, amounts[0])):
        for pl in body:  # a column of classification codes (their names wrapped above and below)
            for r in _in(pl.amounts, amounts[0]):
                r.amount = False
        amounts = amounts[1:]
    # (a table whose labels are cells of their own is read whatever its columns: the parser counts them)
    if not amounts or (not split and len(amounts) not in counts):
        return None
    for pl in body:
        for r in pl.labels:  # a dash printed in an amount's cell for "none"
            if r.text.strip() in DASHES and any(min(r.x1, b) - max(r.x0, a) > (r.x1 - r.x0) / 2 for a, b in amounts):
                r.amount = True
    zones = [(-1e9, amounts[0][0])] + [(a[1], b[0]) for a, b in itertools.pairwise(amounts)] + [(amounts[-1][1], 1e9)]
    out: list[tuple[float, float]] = []
    for z, (lo, hi) in enumerate(zones):
        lines = [[(r.x0, r.x1) for r in pl.labels if lo <= (r.x0 + r.x1) / 2 < hi] for pl in body]
        inside = [span for line in lines for span in line]
        if not inside:
            continue
        if z == 0 and split:
            out += _label_columns(lines)
        else:
            out.append((min(a for a, _ in inside), max(b for _, b in inside)))
    return Layout(sorted(amounts), out)


def _label_columns(lines: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The label cells left of the amounts (a unit, a code, a name): stretches no label's ink
    crosses, as the lines holding two or more labels there show them (a unit's name in a cell
    merged over them all stands across); a label that falls in none is a column of its own."""
    cols = columns([span for line in lines if len(line) > 1 for span in line])
    alone = [span for line in lines for span in line if not any(span[1] > a and span[0] < b for a, b in cols)]
    return sorted(cols + columns(alone))


def _in(runs: list[Run], col: tuple[float, float]) -> list[Run]:
    return [r for r in runs if r.x1 > col[0] and r.x0 < col[1]]


def _replace(
    pls: list[Printed], rows: list[list[int]], layout: Layout, table_id: int, *, merged_down: str | None = None
) -> None:
    """Put each row's cells into the chunk of its first line; its other lines are taken."""
    cols = layout.all
    starts = tuple(a for a, _ in cols)
    cells: list[list[list[dict]]] = []
    for members in rows:
        cells.append([[] for _ in cols])
        for k in members:
            for r in pls[k].runs:
                cells[-1][column_of(r, cols)].extend(r.chars)
    if merged_down is not None:
        _merged_to_first_row(cells, merged_down)
    for members, row in zip(rows, cells, strict=True):
        first = pls[members[0]]
        first.page.chunks[first.index] = Chunk(
            first.top, cells=[cell_text(c) for c in row], table=table_id, columns=starts
        )
        for k in members[1:]:
            pls[k].page.chunks[pls[k].index] = Chunk(pls[k].top)  # taken into the row; dropped


def _key(row: list[list[dict]]) -> str:
    """A row's second cell's text (a 三公 row's year)."""
    return squash(line_text(sorted(row[1], key=lambda c: c["x0"]))) if len(row) > 1 else ""


def _first_key(pls: list[Printed], rows: list[list[int]], layout: Layout) -> str:
    """The second cell's text of a table's first row."""
    cols = layout.all
    cells: list[list[dict]] = [[] for _ in cols]
    for k in rows[0]:
        for r in pls[k].runs:
            cells[column_of(r, cols)].extend(r.chars)
    return _key(cells)


def _merged_to_first_row(rows: list[list[list[dict]]], first: str) -> None:
    """A first-column cell merged down over a block of rows (a 三公 unit over its year rows),
    its text centred on the block, is read in the block's first row.  A block starts where the
    second column starts its run over again (``first``, the table's first row's: 2023年);
    without that, the block is the rows around the text's row whose first column is empty, as
    many above it as below."""
    if len(rows[0]) < 2:
        return
    keys = [_key(row) for row in rows]
    starts = [r for r, key in enumerate(keys) if key and key == first]
    if starts:
        ends = [*starts[1:], len(rows)]
        for a, b in zip(starts, ends, strict=True):
            chars = [c for row in rows[a:b] for c in row[0]]
            for row in rows[a:b]:
                row[0] = []
            rows[a][0] = chars
        return
    filled = [bool(row[0]) for row in rows]
    for r, row in enumerate(rows):
        if not filled[r]:
            continue
        up = next((k for k in range(1, r + 1) if filled[r - k]), r + 1) - 1
        down = next((k for k in range(1, len(rows) - r) if filled[r + k]), len(rows) - r) - 1
        if min(up, down):
            rows[r - min(up, down)][0], row[0] = row[0], []


def _isolated(prepared: Prepared) -> list[str]:
    """The amounts standing alone in their cells (no piece of a number above or below them in
    their column, a line away): complete as printed."""
    out = []
    for body in prepared.bodies():
        for k, pl in enumerate(body):
            near = [q for q in body[max(0, k - 2) : k + 3] if q is not pl and abs(q.mid - pl.mid) <= 1.6 * pl.line.size]
            for r in pl.amounts:
                if not any(o.x1 > r.x0 and o.x0 < r.x1 for q in near for o in q.amounts):
                    out.append(squash_number(r.text))
    return out
