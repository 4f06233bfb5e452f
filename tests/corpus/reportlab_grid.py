"""Tables laid out by the reportlab producer: cells wrapped at the safe places (amounts
anywhere), rows as tall as their cells, bands over as many pages as they need, headers printed
again (or not) on continuation pages, a 续表 line, full grid / three-line rules / none, cells
merged down the rows centred in their block, or set at its top or bottom (``Layout.valign``; a
block over a page break is printed on the page where it starts, as near where it belongs as that
page allows)."""

from __future__ import annotations

from dataclasses import dataclass

from .breaks import atoms, wrap
from .printed import Band, Cell, Table
from .reportlab_pdf import Writer, width


@dataclass
class Sized:
    cell: Cell
    lines: list[str]


class Grid:
    """A table's columns at the page's width and its cells' lines."""

    def __init__(self, w: Writer, table: Table):
        self.w, self.table = w, table
        self.size = w.layout.table_size if table.title else 9.5
        self.font = w.layout.table_font
        self.pad = 2.0 if table.rules == "grid" else 4.0
        self.lead = self.size * 1.25
        scale = min(1.0, w.text_width / sum(table.widths))
        self.widths = self._room_for_words([x * scale for x in table.widths])
        self.x0 = w.left + (w.text_width - sum(self.widths)) / 2

    def _room_for_words(self, widths: list[float]) -> list[float]:
        """Each column at least as wide as the widest run its labels cannot break (a code, an
        ASCII word), the room taken from the other columns (amounts wrap anywhere)."""
        need = [0.0] * len(widths)
        for band in self.table.bands:
            for c in [*band.head, *band.body]:
                if c.colspan == 1 and c.kind in ("label", "text") and c.text:
                    widest = max(self.measure(a.strip()) for a in atoms(c.text, c.kind))
                    need[c.col] = max(need[c.col], widest + 2 * self.pad + 0.5)
        short = sum(max(0.0, n - x) for n, x in zip(need, widths, strict=True))
        spare = sum(x for n, x in zip(need, widths, strict=True) if n <= x)
        if not short or not spare:
            return widths
        return [n if n > x else x * (1 - short / spare) for n, x in zip(need, widths, strict=True)]

    def measure(self, text: str) -> float:
        return width(text, self.font, self.size)

    def sized(self, cells: list[Cell]) -> list[Sized]:
        out = []
        for c in cells:
            room = self.cell_width(c) - 2 * self.pad
            out.append(Sized(c, wrap(c.text, c.kind, room, self.measure) if c.text else []))
        return out

    def cell_width(self, c: Cell) -> float:
        return sum(self.widths[c.col : c.col + c.colspan])

    def need(self, s: Sized) -> float:
        return max(1, len(s.lines)) * self.lead + 2 * self.pad

    def heights(self, cells: list[Sized], nrows: int) -> list[float]:
        hs = [self.lead + 2 * self.pad] * nrows
        for s in cells:
            if s.cell.rowspan == 1:
                hs[s.cell.row] = max(hs[s.cell.row], self.need(s))
        for s in cells:
            if s.cell.rowspan > 1:
                span = range(s.cell.row, min(nrows, s.cell.row + s.cell.rowspan))
                short = self.need(s) - sum(hs[r] for r in span)
                if short > 0:
                    hs[span[-1]] += short
        return hs


def draw_table(w: Writer, table: Table) -> None:
    grid = Grid(w, table)
    first = True
    for band in table.bands:
        first = _draw_band(w, grid, band, first)
    if table.note:
        w.y -= 14
        w.draw(w.left, w.y, table.note, 8, w.layout.font)
    w.y -= 10


def _draw_band(w: Writer, grid: Grid, band: Band, first: bool) -> bool:
    """The band from the cursor on, over as many pages as it needs; ``first``: no rule drawn
    above it yet (its table's top).  Returns whether that is still so."""
    head, body = grid.sized(band.head), grid.sized(band.body)
    head_h = grid.heights(head, band.head_rows)
    body_h = grid.heights(body, band.body_rows)
    starts: dict[int, list[Sized]] = {}
    for s in body:
        starts.setdefault(s.cell.row, []).append(s)
    if w.room() < sum(head_h) + (body_h[0] if band.body_rows else 0) + 2:
        _continue_page(w, grid)  # a band does not start at the foot of a page
    r, show_head = 0, True
    while True:
        top = w.y
        under_head = None
        if show_head and band.head_rows:
            _draw_rows(w, grid, head, head_h, range(band.head_rows), top, header=True)
            w.y -= sum(head_h)
            under_head = w.y
        rows = _rows_on_page(w, grid, body_h, starts, r) or ([r] if r < band.body_rows else [])
        _draw_rows(w, grid, body, body_h, rows, w.y, header=False)
        w.y -= sum(body_h[x] for x in rows)
        if grid.table.rules == "three-line":
            _three_line(w, grid, top if first else None, under_head, w.y)
        first = grid.table.rules != "three-line" and first
        r = rows[-1] + 1 if rows else band.body_rows
        if r >= band.body_rows:
            return first
        _continue_page(w, grid)
        show_head, first = w.layout.repeat_header, True


def _rows_on_page(w: Writer, grid: Grid, hs: list[float], starts: dict[int, list[Sized]], r: int) -> list[int]:
    rows: list[int] = []
    y = w.y
    while r < len(hs):
        need = hs[r]
        for s in starts.get(r, []):
            if s.cell.rowspan > 1:  # a merged cell starting here needs room for its text on this page
                need = max(need, grid.need(s))
        if y - need < w.bottom:
            break
        rows.append(r)
        y -= hs[r]
        r += 1
    return rows


def _continue_page(w: Writer, grid: Grid) -> None:
    w.new_page(wide=grid.table.wide)
    if w.layout.continued and grid.table.title:
        w.y -= 4
        w.draw(w.left, w.y - 9, "续表", 9, w.layout.font)
        w.y -= 16


def _three_line(w: Writer, grid: Grid, top: float | None, under_head: float | None, bottom: float) -> None:
    """三线表: a rule on top of the table (on each page), one under the header, one at the bottom."""
    c = w.c
    x1 = grid.x0 + sum(grid.widths)
    if top is not None:
        c.setLineWidth(1.0)
        c.line(grid.x0, top, x1, top)
    if under_head is not None:
        c.setLineWidth(0.5)
        c.line(grid.x0, under_head, x1, under_head)
    c.setLineWidth(1.0)
    c.line(grid.x0, bottom, x1, bottom)


def _draw_rows(w: Writer, grid: Grid, cells: list[Sized], hs: list[float], rows, y0: float, header: bool) -> None:
    rows = list(rows)
    if not rows:
        return
    first, last = rows[0], rows[-1]
    ys = {first: y0}
    for r in rows:
        ys[r + 1] = ys[r] - hs[r]
    for s in cells:
        end = s.cell.row + s.cell.rowspan - 1
        if end < first or s.cell.row > last:
            continue
        top_r, bot_r = max(s.cell.row, first), min(end, last)
        frag_top, frag_h = ys[top_r], ys[top_r] - ys[bot_r + 1]
        if grid.table.rules == "grid":
            w.c.setLineWidth(0.5)
            w.c.rect(grid.x0 + sum(grid.widths[: s.cell.col]), frag_top - frag_h, grid.cell_width(s.cell), frag_h)
        if s.cell.row < first or not s.lines:
            continue  # a merged cell continued from the page before is printed empty
        whole = sum(hs[s.cell.row : end + 1]) if not header else frag_h
        _cell_text(w, grid, s, frag_top, frag_h, whole)


def _cell_text(w: Writer, grid: Grid, s: Sized, top: float, frag_h: float, whole: float) -> None:
    """The cell's lines set in the whole cell as the layout aligns them (centred, at its top or its
    bottom), kept inside the fragment on this page."""
    block = len(s.lines) * grid.lead
    room = {"top": 0.0, "middle": (whole - block) / 2, "bottom": whole - block - grid.pad}[grid.w.layout.valign]
    offset = min(room, frag_h - block - grid.pad)
    offset = max(offset, grid.pad)
    y = top - offset - grid.lead + (grid.lead - grid.size) / 2 + grid.size * 0.2
    xs = grid.x0 + sum(grid.widths[: s.cell.col])
    cw = grid.cell_width(s.cell)
    for line in s.lines:
        lw = grid.measure(line)
        if s.cell.kind == "number":
            x = xs + cw - grid.pad - lw
        elif s.cell.kind == "head":
            x = xs + (cw - lw) / 2
        else:
            x = xs + grid.pad
        w.draw(x, y, line, grid.size, grid.font)
        y -= grid.lead
