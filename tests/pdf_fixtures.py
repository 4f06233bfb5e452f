"""Budget PDFs made here, for the tests: a whole budget document rendered from a ``Budget``.

The published PDFs are not available, so the tests render one per seed budget from what the
text route reads (``read_budget(<slug>.txt)``): A4 pages, a cover and a contents page, the nine
text parts (one printed paragraph per paragraph of the ``sections`` text, first lines
indented), then every table the budget has, laid out the way departments publish them —
landscape pages for wide tables, ruled grids, multi-level headers with merged cells, narrow
columns with their header printed one character per line (or turned), numbers wrapping in
narrow cells, cells wrapped over several lines, merged cells down the rows (三公 units,
performance indicator classes), tables running over pages with their header printed again,
page numbers in the footer.  The built-in CID font ``STSong-Light`` prints the Chinese (no
font download); the few Latin-1 characters it cannot map back (· ²) are printed in Helvetica,
as a word processor would fall back to another font.

``Style`` varies the layout between budgets (title forms, repeated titles, justified text,
paragraph spacing instead of indents, turned headers, thousands separators, page-number
forms, tables without vertical rules) so the reader is not fitted to one layout.

Line breaks are only put where joining the lines back by the data contract's rule gives the
text back (``parse.join_lines``: no space between CJK, one space between ASCII words), the
way typesetting breaks lines anyway; numbers in narrow cells wrap anywhere.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from generator.catalog import BY_RESOURCE, RESOURCES
from generator.model import Budget, Row
from generator.read.words import _is_cjk

FONT = "STSong-Light"
LATIN = "Helvetica"  # for the Latin-1 characters STSong-Light does not map back to Unicode
NUMERALS = "一二三四五六七八九十"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


@dataclass(frozen=True)
class Style:
    """How a fixture document is laid out."""

    title: str = "numbered"  # "numbered": a 表N line above a bare title; "as-is": the title alone
    repeat_title: bool = False  # title and unit line printed again on every page of a table
    justify: bool = False  # prose lines spread to the right margin
    indent: bool = True  # paragraphs start with a two-character indent (else: space between them)
    turned_headers: bool = False  # narrow-column headers turned 90° instead of stacked
    thousands: bool = True  # 5,574.90 (else 5574.90)
    page_number: str = "- {n} -"
    rules: str = "grid"  # "open": summary and amount tables without vertical rules; "none": without any
    body_size: float = 12.0
    table_size: float = 7.5


STYLES: dict[str, Style] = {
    "futian-public-opinion-smart-city-center": Style(repeat_title=True),
    "luohu-government-services-data-bureau": Style(justify=True, page_number="{n}", thousands=False),
    "luohu-internet-information-center": Style(
        indent=False, turned_headers=True, page_number="第 {n} 页", rules="open"
    ),
    "luohu-smart-city-center": Style(table_size=8.0, body_size=10.5),
    "shenzhen-big-data-center": Style(repeat_title=True, justify=True, page_number="— {n} —", rules="none"),
}


# ---------------------------------------------------------------------------- text


def _runs(text: str) -> list[tuple[str, str]]:
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = LATIN if 0xA0 <= ord(ch) <= 0xFF else FONT
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in _runs(text))


def draw(c: canvas.Canvas, x: float, y: float, text: str, size: float, *, bold: bool = False, spread: float = 0):
    """Text at baseline ``y``; bold is printed twice, a little offset (as many PDFs do it)."""
    for dx in (0.0, 0.35) if bold else (0.0,):
        t = c.beginText(x + dx, y)
        t.setCharSpace(spread)
        for font, run in _runs(text):
            t.setFont(font, size)
            t.textOut(run)
        if spread:
            t.setCharSpace(0)  # letter spacing is graphics state: do not let it leak
        c.drawText(t)


def atoms(text: str) -> list[str]:
    """Units a line may break between: a CJK character, an ASCII word; a space next to a CJK
    character cannot be a break (joining would lose it), so it is glued into one unit."""
    out: list[str] = []
    space = False
    for ch in text:
        if ch == " ":
            space = True
            continue
        cjk = _is_cjk(ch)
        if out and space and (cjk or _is_cjk(out[-1][-1])):
            out[-1] += " " + ch  # "2024 年": keep together
        elif out and space:
            out.append(" " + ch)  # a break may fall on this space
        elif out and not cjk and not _is_cjk(out[-1][-1]):
            out[-1] += ch
        else:
            out.append(ch)
        space = False
    return out


def wrap(text: str, room: float, size: float, first: float | None = None) -> list[str]:
    """Greedy line breaking at safe places; ``first``: the room on the first line."""
    lines: list[str] = []
    cur = ""
    for a in atoms(text):
        limit = first if (first is not None and not lines) else room
        candidate = cur + a if cur else a.lstrip(" ")
        if cur and width(candidate, size) > limit:
            lines.append(cur)
            cur = a.lstrip(" ")
        else:
            cur = candidate
    if cur:
        lines.append(cur)
    return lines


def wrap_number(text: str, room: float, size: float) -> list[str]:
    """A number in a narrow cell wraps anywhere (3,020 / .16)."""
    lines: list[str] = []
    cur = ""
    for ch in text:
        if cur and width(cur + ch, size) > room:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    return [*lines, cur] if cur else lines


def amount(value: object, style: Style) -> str:
    """An amount as printed; a string is printed as it is (a test printing a broken cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    assert isinstance(value, Decimal)
    return format(value, ",f") if style.thousands else format(value, "f")


# ---------------------------------------------------------------------------- pages


class Writer:
    """Pages, a cursor and the footer."""

    def __init__(self, style: Style):
        self.style = style
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, invariant=1, pageCompression=1)
        self.page = 0
        self.w, self.h = A4
        self.left = self.right = 72.0
        self.top = self.bottom = 72.0
        self.y = 0.0

    @property
    def text_width(self) -> float:
        return self.w - self.left - self.right

    def new_page(self, *, wide: bool = False) -> None:
        if self.page:
            self._footer()
            self.c.showPage()
        self.page += 1
        self.w, self.h = landscape(A4) if wide else A4
        self.c.setPageSize((self.w, self.h))
        margin = 36.0 if wide else 72.0
        self.left = self.right = margin
        self.top, self.bottom = (48.0, 48.0) if wide else (72.0, 72.0)
        self.y = self.h - self.top

    def _footer(self) -> None:
        text = self.style.page_number.format(n=self.page)
        draw(self.c, (self.w - width(text, 9)) / 2, 28, text, 9)

    def finish(self) -> bytes:
        self._footer()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()

    def room(self) -> float:
        return self.y - self.bottom

    def centred(self, text: str, size: float, *, bold: bool = False, after: float = 0.0, one_line: bool = False):
        while one_line and width(text, size) > self.text_width:
            size -= 0.5  # a title stays on one line
        for line in wrap(text, self.text_width, size):
            if self.room() < size * 1.6:
                self.new_page()
            self.y -= size * 1.2
            draw(self.c, (self.w - width(line, size)) / 2, self.y, line, size, bold=bold)
            self.y -= size * 0.4
        self.y -= after

    def paragraph(self, text: str, size: float, *, bold: bool = False) -> None:
        style = self.style
        indent = 2 * size if style.indent else 0.0
        lines = wrap(text, self.text_width, size, first=self.text_width - indent)
        lead = size * 1.6
        if not style.indent:
            self.y -= size * 0.9  # space between paragraphs instead of indents
        for i, line in enumerate(lines):
            if self.room() < lead:
                self.new_page()
            self.y -= lead
            x = self.left + (indent if i == 0 else 0)
            spread = 0.0
            if style.justify and i < len(lines) - 1 and len(line) > 1:
                spread = (self.left + self.text_width - x - width(line, size)) / (len(line) - 1)
            draw(self.c, x, self.y + size * 0.4, line, size, bold=bold, spread=spread)

    def two_ends(self, left: str, right: str, size: float) -> None:
        """``部门名称：…`` on the left and ``单位：万元`` on the right of one line."""
        self.y -= size * 1.5
        draw(self.c, self.left, self.y, left, size)
        draw(self.c, self.w - self.right - width(right, size), self.y, right, size)
        self.y -= size * 0.6


# ---------------------------------------------------------------------------- grids


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "text"  # "text" | "number" | "head"


@dataclass
class Grid:
    widths: list[float]
    head: list[Cell]
    head_rows: int
    body: list[Cell] = field(default_factory=list)
    body_rows: int = 0
    repeat_head: bool = True
    rules: str = "grid"  # "open": horizontal rules only; "none": no rules

    def add_row(self, texts: list[str], kinds: list[str], spans: dict[int, tuple[int, int]] | None = None) -> int:
        """A body row: one text per starting cell; ``spans``: column → (rowspan, colspan)."""
        r = self.body_rows
        spans = spans or {}
        col = 0
        for text, kind in zip(texts, kinds, strict=True):
            rs, cs = spans.get(col, (1, 1))
            self.body.append(Cell(text, r, col, rs, cs, kind))
            col += cs
        self.body_rows += 1
        return r


Header = list[tuple[str, "float | Header"]]


def header_grid(tree: Header) -> tuple[list[float], list[Cell], int]:
    """A header tree (text, width) / (text, [children]) → leaf widths and merged header cells."""

    def depth(nodes: Header) -> int:
        return max(1 + (depth(sub) if isinstance(sub, list) else 0) for _t, sub in nodes)

    rows = depth(tree)
    widths: list[float] = []
    cells: list[Cell] = []

    def place(nodes: Header, level: int) -> None:
        for text, sub in nodes:
            col = len(widths)
            if isinstance(sub, list):
                place(sub, level + 1)
                cells.append(Cell(text, level, col, 1, len(widths) - col, "head"))
            else:
                widths.append(float(sub))
                cells.append(Cell(text, level, col, rows - level, 1, "head"))

    place(tree, 0)
    return widths, cells, rows


class GridLayout:
    """Wrapped cell contents and row heights of a grid at a font size."""

    def __init__(self, grid: Grid, size: float, style: Style):
        self.grid, self.size, self.style = grid, size, style
        self.pad = 4.0 if grid.rules != "grid" else 2.0  # without rules, white space parts the columns
        self.lead = size * 1.25
        self.content: dict[int, list[str]] = {}
        self.turned: set[int] = set()
        for k, cell in enumerate([*grid.head, *grid.body]):
            self.content[k] = self._lines(cell)

    def cell_width(self, cell: Cell) -> float:
        return sum(self.grid.widths[cell.col : cell.col + cell.colspan])

    def _lines(self, cell: Cell) -> list[str]:
        room = self.cell_width(cell) - 2 * self.pad
        if not cell.text:
            return []
        if cell.kind == "number":
            return wrap_number(cell.text, room, self.size)
        if cell.kind == "head" and room < 3 * self.size and len(cell.text) > 2:
            return list(cell.text.replace(" ", ""))  # printed one character per line
        return wrap(cell.text, room, self.size)

    def need(self, k: int, cell: Cell) -> float:
        lines = self.content[k]
        if cell.kind == "head" and self.style.turned_headers and len(lines) > 2 and all(len(x) == 1 for x in lines):
            return width("".join(lines), self.size) + 2 * self.pad
        return len(lines) * self.lead + 2 * self.pad

    def heights(self, cells: list[Cell], offset: int, nrows: int) -> list[float]:
        hs = [self.size * 1.25 + 2 * self.pad] * nrows
        for k, cell in enumerate(cells):
            if cell.rowspan == 1:
                hs[cell.row] = max(hs[cell.row], self.need(k + offset, cell))
        for k, cell in enumerate(cells):
            if cell.rowspan > 1:
                span = range(cell.row, min(nrows, cell.row + cell.rowspan))
                short = self.need(k + offset, cell) - sum(hs[r] for r in span)
                if short > 0:
                    hs[span[-1]] += short
        return hs


def draw_grid(w: Writer, grid: Grid, size: float, *, top_block=None, wide: bool = False) -> None:
    """Lay a grid out over as many pages as it needs, the header printed on each page (and
    the title block, when the style repeats it)."""
    style = w.style
    lay = GridLayout(grid, size, style)
    head_h = lay.heights(grid.head, 0, grid.head_rows)
    body_h = lay.heights(grid.body, len(grid.head), grid.body_rows)
    starts: dict[int, list[tuple[int, Cell]]] = {}
    for k, cell in enumerate(grid.body):
        starts.setdefault(cell.row, []).append((k + len(grid.head), cell))
    total_w = sum(grid.widths)
    first_page = True
    r = 0
    while r < grid.body_rows or first_page:
        if not first_page:
            w.new_page(wide=wide)
            if style.repeat_title and top_block is not None and grid.repeat_head:
                top_block()
        elif grid.body_rows and w.room() < sum(head_h) + body_h[0] and w.y < w.h - w.top - 1:
            w.new_page(wide=wide)  # a table starting low on a page of text begins on the next one
        first_page = False
        x0 = w.left + (w.text_width - total_w) / 2
        y = w.y
        if grid.repeat_head or r == 0:
            _draw_head(w, lay, head_h, x0, y)
            y -= sum(head_h)
        top = y
        page_rows: list[int] = []
        while r < grid.body_rows:
            need = body_h[r]
            # a merged cell starting here must have room for its text on this page
            for k, cell in starts.get(r, []):
                if cell.rowspan > 1:
                    need = max(need, lay.need(k, cell))
            if y - need < w.bottom and page_rows:
                break
            if y - need < w.bottom:
                raise ValueError(f"row {r} of a grid is taller than a page")
            page_rows.append(r)
            y -= body_h[r]
            r += 1
        if page_rows:
            _draw_body(w, lay, body_h, x0, top, page_rows)
        w.y = y


def _draw_body(w: Writer, lay: GridLayout, hs: list[float], x0: float, y0: float, rows: list[int]) -> None:
    grid = lay.grid
    first, last = rows[0], rows[-1]
    ys = {first: y0}
    for r in rows:
        ys[r + 1] = ys[r] - hs[r]
    for k, cell in enumerate(grid.body):
        end = cell.row + cell.rowspan - 1
        if end < first or cell.row > last:
            continue
        top_r, bot_r = max(cell.row, first), min(end, last)
        text = cell.row >= first  # a merged cell continued from the page before is printed empty
        _draw_cell(w, lay, cell, k + len(grid.head), x0, ys[top_r], ys[top_r] - ys[bot_r + 1], text)


def _draw_head(w: Writer, lay: GridLayout, hs: list[float], x0: float, y0: float) -> None:
    ys = [y0]
    for h in hs:
        ys.append(ys[-1] - h)
    n = len(hs)
    for k, cell in enumerate(lay.grid.head):
        _draw_cell(w, lay, cell, k, x0, ys[cell.row], ys[cell.row] - ys[min(n, cell.row + cell.rowspan)], True)


def _draw_cell(w: Writer, lay: GridLayout, cell: Cell, k: int, x0: float, top: float, height: float, text: bool):
    c = w.c
    xs = x0 + sum(lay.grid.widths[: cell.col])
    cw = lay.cell_width(cell)
    c.setLineWidth(0.5)
    if lay.grid.rules == "grid":
        c.rect(xs, top - height, cw, height, stroke=1, fill=0)
    elif lay.grid.rules == "none":
        pass
    else:
        c.line(xs, top, xs + cw, top)
        c.line(xs, top - height, xs + cw, top - height)
    if not text:
        return
    lines = lay.content[k]
    size = lay.size
    if not lines:
        return
    vertical = cell.kind == "head" and len(lines) > 2 and all(len(x) == 1 for x in lines)
    if vertical and w.style.turned_headers:
        word = "".join(lines)
        c.saveState()
        length = width(word, size)
        c.translate(xs + cw / 2 + size * 0.35, top - height / 2 - length / 2)
        c.rotate(90)
        draw(c, 0, 0, word, size)
        c.restoreState()
        return
    block = len(lines) * lay.lead
    y = top - (height - block) / 2 - lay.lead + (lay.lead - size) / 2 + size * 0.15
    for line in lines:
        lw = width(line, size)
        if cell.kind == "number":
            x = xs + cw - lay.pad - lw
        elif cell.kind == "head":
            x = xs + (cw - lw) / 2
        else:
            x = xs + lay.pad
        draw(c, x, y, line, size, bold=cell.kind == "head" and w.style.repeat_title)
        y -= lay.lead


# ---------------------------------------------------------------------------- the tables

UNIT_FUNDS: Header = [
    ("事业收入", 34),
    ("事业单位经营收入", 34),
    ("上级补助收入", 34),
    ("附属单位上缴收入", 34),
    ("其他收入", 34),
]
HEADERS: dict[str, Header] = {
    "income-summary": [
        ("预算单位", 112),
        ("收入总计", 46),
        (
            "本年收入",
            [
                (
                    "财政拨款",
                    [
                        (
                            "一般公共预算拨款",
                            [
                                ("小计", 46),
                                ("基本支出拨款", 44),
                                ("履职类项目拨款", 44),
                                ("财政专项资金拨款", 40),
                                ("政府投资项目拨款", 40),
                            ],
                        ),
                        ("政府性基金预算拨款", 26),
                        ("国有资本经营预算拨款", 26),
                    ],
                ),
                ("财政专户管理资金", 26),
                ("单位资金", UNIT_FUNDS),
            ],
        ),
        ("上年结余、结转", 44),
    ],
    "expenditure-summary": [
        ("预算单位", 110),
        ("科目编码", 40),
        ("科目名称", 120),
        ("支出总计", 48),
        ("基本支出", 44),
        ("项目支出", 48),
        ("事业单位经营支出", 30),
        ("对附属单位补助支出", 30),
        ("上缴上级支出", 30),
        (
            "2024 年政府采购预算",
            [("小计", 40), ("其中：面向中小企业政府采购项目", 24), ("其中：面向小型、微型企业政府采购项目", 24)],
        ),
    ],
    "basic-expenditure": [
        ("支出项目类别", 130),
        ("总计", 46),
        (
            "财政拨款",
            [("小计", 46), ("一般公共预算拨款", 46), ("政府性基金预算拨款", 40), ("国有资本经营预算拨款", 40)],
        ),
        ("财政专户管理资金", 40),
        ("单位资金", UNIT_FUNDS),
        ("上年结余、结转", 44),
    ],
    "project-expenditure": [
        ("支出项目类别（一级项目）", 130),
        (
            "2024 年预算",
            [
                ("总计", 46),
                (
                    "财政拨款",
                    [
                        (
                            "一般公共预算拨款",
                            [("小计", 46), ("履职类项目拨款", 44), ("财政专项资金拨款", 34), ("政府投资项目拨款", 40)],
                        ),
                        ("政府性基金预算拨款", 30),
                        ("国有资本经营预算拨款", 30),
                    ],
                ),
                ("财政专户管理资金", 26),
                ("单位资金", [(t, 26) for t, _w in UNIT_FUNDS]),
                ("上年结余、结转", 40),
            ],
        ),
    ],
    "functional": [
        ("预算单位", 120),
        ("科目", [("科目编码", 50), ("科目名称", 150)]),
        ("2024 年预算数", [("支出总计", 60), ("基本支出", 56), ("项目支出", 56)]),
    ],
    "special-transfer-expenditure": [
        ("预算单位", 110),
        ("科目编码", 50),
        ("科目名称", 110),
        ("项目名称", 130),
        ("项目金额", 60),
    ],
    "procurement": [("预算单位", 140), ("品目编码", 70), ("采购品目", 170), ("金额", 80)],
    "two-sided": [
        ("收入", [("项目", 170), ("2024 年预算数", 70)]),
        ("支出", [("项目", 180), ("2024 年预算数", 70)]),
    ],
}
VEHICLES: Header = [("小计", 0), ("公务用车购置费", 0), ("公务用车运行维护费", 0)]
THREE_PUBLIC: Header = [
    ("“三公”经费合计", 0),
    ("因公出国（境）费", 0),
    ("公务接待费", 0),
    ("公务用车购置及运行维护费", VEHICLES),
]
FUNDS = ("一般公共预算", "政府性基金", "国有资本经营")


def _three_public_header(funds: int) -> Header:
    def leaf(text: str) -> tuple[str, float | Header]:
        if funds == 1:
            return (text, 62.0)
        return (text, [(f, 24.0) for f in FUNDS])

    tree: Header = [("预算单位", 120), ("年度", 56)]
    for text, sub in THREE_PUBLIC:
        if isinstance(sub, list):
            tree.append((text, [leaf(t) for t, _w in sub]))
        else:
            tree.append(leaf(text))
    return tree


def _grid(tree: Header) -> Grid:
    widths, head, rows = header_grid(tree)
    return Grid(widths, head, rows)


def amount_grid(resource: str, rows: list[Row], style: Style, amounts: list[str]) -> Grid:
    key = resource if resource in HEADERS else "functional"
    grid = _grid(HEADERS[key])
    n = len(amounts)
    coded = key in ("expenditure-summary", "functional", "special-transfer-expenditure", "procurement")
    for row in rows:
        values = [amount(row.get(a), style) for a in amounts]
        if resource in ("basic-expenditure", "project-expenditure"):
            label = str(row["name" if resource == "basic-expenditure" else "project"])
            grid.add_row([label, *values], ["text"] + ["number"] * n)
        elif resource == "income-summary":
            grid.add_row([str(row["unit"]), *values], ["text"] + ["number"] * n)
        elif resource == "special-transfer-expenditure":
            if row["code"]:
                texts = ["", str(row["code"]), str(row["name"]), str(row["project"])]
            else:
                texts = [str(row["unit"]), "", "", ""]
            grid.add_row([*texts, *values], ["text"] * 4 + ["number"])
        elif coded:
            name = "item" if resource == "procurement" else "name"
            texts = ["", str(row["code"]), str(row[name])] if row["code"] else [str(row["unit"]), "", ""]
            grid.add_row([*texts, *values], ["text"] * 3 + ["number"] * n)
    if not rows:  # a table printed with blank template rows only
        cols = len(grid.widths)
        grid.add_row([""] * (cols - n) + [amount(Decimal("0.00"), style)] * n, ["text"] * (cols - n) + ["number"] * n)
    return grid


def two_sided_grid(rows: list[Row], style: Style) -> Grid:
    grid = _grid(HEADERS["two-sided"])
    income = [r for r in rows if r["side"] == "income"]
    spend = [r for r in rows if r["side"] == "expenditure"]
    for a, b in zip_longest(income, spend):
        texts = []
        for r in (a, b):
            texts += [str(r["item"]), amount(r["amount"], style)] if r else ["", ""]
        grid.add_row(texts, ["text", "number", "text", "number"])
    return grid


def three_public_grid(rows: list[Row], style: Style) -> Grid:
    funds = 3 if any(r["fund"] != "general_budget" for r in rows) else 1
    grid = _grid(_three_public_header(funds))
    names = ("total", "overseas", "reception", "vehicles", "vehicle_purchase", "vehicle_operation")
    blocks: list[tuple[str, list[tuple[str, list[Row]]]]] = []
    for r in rows:
        if not blocks or blocks[-1][0] != r["unit"]:
            blocks.append((str(r["unit"]), []))
        years = blocks[-1][1]
        if not years or years[-1][0] != r["year"]:
            years.append((str(r["year"]), []))
        years[-1][1].append(r)
    for unit, years in blocks:
        for i, (year, per_fund) in enumerate(years):
            values = [amount(per_fund[f][nm], style) for nm in names for f in range(funds)]
            label = "增减变化金额" if year == "change" else f"{year}年"
            if i == 0:
                grid.add_row([unit, label, *values], ["text", "text"] + ["number"] * len(values), {0: (len(years), 1)})
            else:  # the unit's merged cell covers column 0
                r = grid.body_rows
                kinds = ["text"] + ["number"] * len(values)
                grid.body.extend(
                    Cell(t, r, col + 1, 1, 1, k) for col, (t, k) in enumerate(zip([label, *values], kinds, strict=True))
                )
                grid.body_rows += 1
    return grid


def performance_grid(budget: Budget, style: Style) -> Grid:
    tasks = budget.rows("performance-tasks")
    indicators = budget.rows("performance-indicators")
    widths = [16.0, 56.0, 66.0, 196.0, 56.0, 58.0, 58.0]
    grid = Grid(widths, [], 0, repeat_head=False)
    meta = budget.meta

    def row(cells: list[tuple[str, int, int, int, str]]) -> None:
        # (text, col, rowspan, colspan, kind)
        r = grid.body_rows
        grid.body.extend(Cell(t, r, col, rs, cs, kind) for t, col, rs, cs, kind in cells)
        grid.body_rows += 1

    row(
        [
            ("部门（单位）名称", 0, 1, 2, "head"),
            (meta.department, 2, 1, 2, "text"),
            ("主管部门", 4, 1, 1, "head"),
            (meta.parent_department, 5, 1, 2, "text"),
        ]
    )
    row(
        [
            ("年度主要任务", 0, 2 + len(tasks), 1, "head"),
            ("任务名称", 1, 2, 2, "head"),
            ("主要内容", 3, 2, 1, "head"),
            ("预算金额（万元）", 4, 1, 3, "head"),
        ]
    )
    row([("总额", 4, 1, 1, "head"), ("其中：财政拨款", 5, 1, 1, "head"), ("其中：其他资金", 6, 1, 1, "head")])
    for t in tasks:
        row(
            [
                (str(t["task"]), 1, 1, 2, "text"),
                (str(t["content"]), 3, 1, 1, "text"),
                (amount(t["total"], style), 4, 1, 1, "number"),
                (amount(t["fiscal"], style), 5, 1, 1, "number"),
                (amount(t["other"], style), 6, 1, 1, "number"),
            ]
        )
    row([("年度总体目标", 0, 1, 3, "head"), ("", 3, 1, 4, "text")])
    row(
        [
            ("年度绩效指标", 0, 1 + max(1, len(indicators)), 1, "head"),
            ("一级指标", 1, 1, 1, "head"),
            ("二级指标", 2, 1, 1, "head"),
            ("三级指标", 3, 1, 1, "head"),
            ("目标值", 4, 1, 3, "head"),
        ]
    )
    for i, ind in enumerate(indicators):
        cells: list[tuple[str, int, int, int, str]] = []
        l1, l2 = ind["level1"], ind["level2"]
        if i == 0 or indicators[i - 1]["level1"] != l1:
            span = next((j for j in range(i, len(indicators)) if indicators[j]["level1"] != l1), len(indicators)) - i
            cells.append((str(l1), 1, span, 1, "text"))
        if i == 0 or indicators[i - 1]["level1"] != l1 or indicators[i - 1]["level2"] != l2:
            end = next(
                (
                    j
                    for j in range(i, len(indicators))
                    if (indicators[j]["level1"], indicators[j]["level2"]) != (l1, l2)
                ),
                len(indicators),
            )
            cells.append((str(l2), 2, end - i, 1, "text"))
        cells += [(str(ind["indicator"]), 3, 1, 1, "text"), (str(ind["target"]), 4, 1, 3, "text")]
        row(cells)
    if not indicators:
        row([("", 1, 1, 1, "text")])
    return grid


# ---------------------------------------------------------------------------- the document


def _part_heading(num: int, heading: str) -> str:
    return f"第{NUMERALS[num - 1]}部分 {heading}"


def _key_project_layout(budget: Budget) -> tuple[list[str], list[str], list[list[str]], list[str]] | None:
    """第七部分 as (text before, table header, table rows, text after) when its ``sections``
    text holds the key-projects table one row per line (``项目 预算数 绩效目标``); None when
    the text does not show the table (then the text is printed as it is, the table after it)."""
    seven = next((r for r in budget.rows("sections") if r["part"] == 7), None)
    projects = budget.rows("key-projects")
    if seven is None or not projects:
        return None
    paras = str(seven["text"]).split("\n")
    head = next((i for i, p in enumerate(paras) if "项目名" in p and re.sub(r"\s+", "", p).endswith("绩效目标")), None)
    if head is None or head + len(projects) >= len(paras):
        return None
    header = re.split(r"\s+(?=预算数|绩效目标)", paras[head].strip())
    if len(header) != 3:
        return None
    table: list[list[str]] = []
    for k, r in enumerate(projects):
        line = paras[head + 1 + k]
        prefix = f"{r['project']} "
        if not line.startswith(prefix):
            return None
        printed, _, goal = line[len(prefix) :].partition(" ")
        if not re.fullmatch(r"-?[\d,]+(\.\d+)?", printed) or Decimal(printed.replace(",", "")) != r["amount"]:
            return None
        if goal != r["goal"]:
            return None
        table.append([str(r["project"]), printed, goal])
    return paras[:head], header, table, paras[head + 1 + len(projects) :]


def key_projects_grid(header: list[str], rows: list[list[str]]) -> Grid:
    grid = _grid([(header[0], 110), (header[1], 60), (header[2], 281)])
    for project, printed, goal in rows:
        grid.add_row([project, printed, goal], ["text", "number", "text"])
    return grid


def render_budget(budget: Budget, style: Style | None = None) -> bytes:
    """The budget as a published-looking PDF."""
    style = style or Style()
    meta = budget.meta
    w = Writer(style)
    size = style.body_size

    # cover and contents
    w.new_page()
    w.y -= 180
    w.centred(f"{meta.year}年{meta.department}部门预算", 22, bold=True)
    w.y -= 300
    w.centred(f"{meta.year}年1月", 14)
    w.new_page()
    w.centred("目 录", 18, bold=True, after=12)
    parts = budget.rows("sections")
    printed = [
        (budget.tables[r].title, budget.tables[r])
        for r in RESOURCES
        if r in budget.tables and r not in ("performance-indicators", "key-projects", "glossary", "sections")
    ]
    w.paragraph("一、文字部分", size)
    for p in parts:
        w.paragraph(_part_heading(int(p["part"]), str(p["heading"])), size)
    w.paragraph("二、表格部分", size)
    for i, (title, _t) in enumerate(printed):
        bare = re.sub(r"^表[一二三四五六七八九十\d]+[：:]", "", title)
        w.paragraph(f"（{_cn(i + 1)}）{bare}", size)

    # the text parts
    for p in parts:
        w.new_page()
        num = int(p["part"])
        w.centred(_part_heading(num, str(p["heading"])), 16, bold=True, after=8, one_line=True)
        paras = [t for t in str(p["text"]).split("\n") if t.strip()]
        if num == 7 and budget.rows("key-projects"):
            _part_seven(w, budget, paras, size)
            continue
        for text in paras:
            heading = bool(re.match(r"^[一二三四五六七八九十]+、", text)) and len(text) <= 20
            w.paragraph(text, size, bold=heading)
    w.new_page()
    w.y -= 200
    w.centred("二、表格部分", 22, bold=True)

    # the tables
    for i, (title, t) in enumerate(printed):
        _table(w, budget, title, t, i + 1, style)
    return w.finish()


def _cn(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    return "十" + NUMERALS[n - 11] if n < 20 else str(n)


def _part_seven(w: Writer, budget: Budget, paras: list[str], size: float) -> None:
    layout = _key_project_layout(budget)
    if layout is None:
        # the text as the text route reads it, then the table it was read from
        for text in paras:
            w.paragraph(text, size)
        header = ["项目名称（一级项目）", "预算数（万元）", "绩效目标"]
        rows = [[str(r["project"]), amount(r["amount"], w.style), str(r["goal"])] for r in budget.rows("key-projects")]
    else:
        before, header, rows, _after = layout
        for text in before:
            w.paragraph(text, size)
    w.y -= 8
    draw_grid(w, key_projects_grid(header, rows), 9.5)
    if layout is not None:
        for text in layout[3]:
            w.paragraph(text, size)


def _table(w: Writer, budget: Budget, title: str, table, number: int, style: Style) -> None:
    resource = table.resource
    size = style.table_size
    if resource in ("income-expenditure-summary", "fiscal-appropriation-summary"):
        grid, wide = two_sided_grid(table.rows, style), False
    elif resource == "three-public-expenses":
        grid = three_public_grid(table.rows, style)
        wide = sum(grid.widths) > 480
    elif resource == "performance-tasks":
        grid, wide = performance_grid(budget, style), False
    else:
        amounts = [f.name for f in BY_RESOURCE[resource].amounts]
        grid = amount_grid(resource, table.rows, style, amounts)
        wide = sum(grid.widths) > 480
    if resource not in ("three-public-expenses", "performance-tasks"):
        grid.rules = style.rules  # merged body cells need their rules: those tables stay ruled
    w.new_page(wide=wide)

    def top_block() -> None:
        if style.title == "numbered" and not title.startswith("表"):
            w.centred(f"表{number}", 10)
        w.centred(title, 15, bold=True, after=4, one_line=True)
        w.two_ends(f"部门名称：{budget.meta.department}", "单位：万元", 9)

    top_block()
    draw_grid(w, grid, size, top_block=top_block, wide=wide)
    if resource in ("income-expenditure-summary", "fiscal-appropriation-summary"):
        w.y -= 14
        draw(w.c, w.left, w.y, "注：本套报表金额单位转换时可能存在尾数误差。", 8)
