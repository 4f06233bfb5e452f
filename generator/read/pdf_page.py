"""One PDF page → its chunks: text lines and ruled-table rows, top to bottom, with the
horizontal rules outside ruled tables (for tables printed without vertical rules); and the page
furniture recognised across pages (page numbers, running headers and footers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .pdf_ruled import find_tables, overflowing, table_rows
from .pdf_text import TextLine, dedupe, group_lines, has_ink, ideographs, slanted
from .words import CONTINUED

PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?(?:\s*[-–—－])?$"
)


@dataclass
class Chunk:
    """A text line or a table row on a page; a page is a list of chunks in reading order."""

    top: float
    line: TextLine | None = None
    cells: list[str] | None = None
    table: int = -1  # which table of the page a row belongs to
    columns: tuple[float, ...] = ()  # the table's column boundaries (to recognise continuations)
    heading: bool = False  # a table row that is a heading (no amounts, its texts centred in their cells)
    unreadable: str = ""  # a table found here that cannot be read: why


@dataclass
class PageText:
    number: int
    width: float
    height: float
    chunks: list[Chunk] = field(default_factory=list)
    chars: int = 0  # characters with ink
    images: int = 0
    unmapped: int = 0  # characters the fonts give no Unicode for: "(cid:123)"
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # horizontal rules: x0, x1, y


def read_page(page: Any, number: int) -> PageText:
    """A pdfplumber page → its text lines and ruled-table rows, top to bottom, and the
    horizontal rules outside ruled tables (for tables without vertical rules)."""
    chars = ideographs(dedupe([c for c in page.chars if c["text"] != "\n" and not slanted(c)]))
    out = PageText(number, float(page.width), float(page.height), images=len(page.images))
    out.chars = sum(1 for c in chars if has_ink(c))
    out.unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if not out.chars:
        return out
    tables = find_tables(page)
    loose = []
    in_table: list[list[dict]] = [[] for _ in tables]
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        for i, t in enumerate(tables):
            x0, top, x1, bottom = t.bbox
            # a character standing on a table's edge is the last (or first) line of a cell's
            # text that does not fit in the cell
            if x0 <= x < x1 and ch["top"] < bottom and ch["bottom"] > top:
                in_table[i].append(ch)
                break
        else:
            loose.append(ch)
    for i, t in enumerate(tables):
        taken = overflowing(t, in_table[i], loose)
        if taken:
            in_table[i] += taken
            loose = [ch for ch in loose if not any(ch is c for c in taken)]
    for i, t in enumerate(tables):
        ruled = table_rows(t.cells, in_table[i], t.open_columns)
        loose.extend(ruled.stray)
        columns = tuple(sorted({c[0] for c in t.cells} | {t.bbox[2]}))
        for row, top, heading in zip(ruled.rows, ruled.tops, ruled.headings, strict=True):
            cells = ["" if c is None else c for c in row]
            out.chunks.append(Chunk(top, cells=cells, table=i, columns=columns, heading=heading))
    for ln in group_lines([c for c in loose if c.get("upright", True)]):
        out.chunks.append(Chunk(ln.top, line=ln))
    boxes = [t.bbox for t in tables]
    for e in page.edges:
        if e["orientation"] == "h" and e["x1"] - e["x0"] >= 20:
            y = float(e["top"])
            if not any(b[0] - 2 <= e["x0"] and e["x1"] <= b[2] + 2 and b[1] - 2 <= y <= b[3] + 2 for b in boxes):
                out.rules.append((float(e["x0"]), float(e["x1"]), y))
    out.chunks.sort(key=lambda c: c.top)
    return out


MARGIN_TOP, MARGIN_BOTTOM = 0.08, 0.90


def drop_running_lines(pages: list[PageText]) -> None:
    """Page numbers in the top and bottom margins, and running headers or footers (the same
    line in the same margin on at least half the pages), are not part of the document."""

    def in_margin(p: PageText, ln: TextLine) -> bool:
        return ln.top > MARGIN_BOTTOM * p.height or ln.bottom < MARGIN_TOP * p.height

    counts: dict[str, int] = {}
    for p in pages:
        seen = {re.sub(r"\d+", "#", c.line.text) for c in p.chunks if c.line is not None and in_margin(p, c.line)}
        for key in seen:
            counts[key] = counts.get(key, 0) + 1
    running = {k for k, n in counts.items() if len(pages) >= 4 and n * 2 >= len(pages)}
    for p in pages:
        found = [
            c.line
            for c in p.chunks
            if c.line is not None
            and in_margin(p, c.line)
            and (PAGE_NUMBER.match(c.line.text) or re.sub(r"\d+", "#", c.line.text) in running)
        ]
        gone = {id(ln) for ln in _page_number_once(p, found, in_margin)}
        p.chunks = [c for c in p.chunks if c.line is None or id(c.line) not in gone]


def _page_number_once(
    p: PageText, found: list[TextLine], in_margin: Callable[[PageText, TextLine], bool]
) -> list[TextLine]:
    """The furniture ``found`` in the page's margins, less the bare numbers (``0``, ``12``) that
    are not its page number: a page prints one, so a bare number is one only where the page has
    no page number of another form (``- 16 -``, ``第 16 页``) and no line but a running one stands
    beyond it in its margin — else it is a table's cell (the last piece of an amount wrapped in
    its cell, printed in the margin)."""
    other_forms = [ln for ln in found if not ln.text.strip().isdigit()]  # running lines, - 16 -, 第 16 页
    if any(PAGE_NUMBER.match(ln.text) for ln in other_forms):
        return other_forms
    taken = {id(ln) for ln in other_forms}
    around = [c.line for c in p.chunks if c.line is not None and in_margin(p, c.line) and id(c.line) not in taken]

    def outermost(ln: TextLine) -> bool:
        low = ln.top > p.height / 2
        return not any(o is not ln and (o.top > ln.bottom if low else o.bottom < ln.top) for o in around)

    return [*other_forms, *(ln for ln in found if id(ln) not in taken and outermost(ln))]


def drop_continuation_marks(pages: list[PageText]) -> None:
    """``续表`` (or ``（续）``) printed above a table going on over a page says only that: it is
    not part of the table or of the text."""
    for p in pages:
        p.chunks = [c for c in p.chunks if c.line is None or not CONTINUED.match(re.sub(r"\s+", "", c.line.text))]
