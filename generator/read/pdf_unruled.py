"""Tables printed without vertical rules (or without any): cut into rows and cells by the
positions of their words."""

from __future__ import annotations

import itertools
import re
import statistics

from ..catalog import match_title
from .pdf_page import Chunk, PageText
from .pdf_ruled import is_amount
from .pdf_text import TextLine, cell_text, runs

NOTE_OR_PART = re.compile(r"^(注[:：]|备注|本套报表|第[一二三四五六七八九]部分|[一二]、(?:文字|表格)部分)")
UNIT_LINE = re.compile(r"(单位|名称)\s*[:：]")


def split_unruled(pages: list[PageText]) -> None:
    """Tables printed without vertical rules (or without any): the text lines of a table
    region — after a catalog title, up to a ruled table, a note, a part heading or the next
    title, over as many pages as it runs — are cut into rows and cells by position."""
    regions: list[list[tuple[PageText, int]]] = []
    region: list[tuple[PageText, int]] | None = None
    for p in pages:
        for i, c in enumerate(p.chunks):
            if c.line is None:
                region = None
                continue
            squashed = re.sub(r"\s+", "", c.line.text)
            if match_title(c.line.text) is not None and not squashed.startswith(("(", "（", "-")):
                region = []
                regions.append(region)
            elif NOTE_OR_PART.match(squashed):
                region = None
            elif region is not None:
                region.append((p, i))
    for k, r in enumerate(regions):
        _cut_region(r, -2 - k)
    for p in pages:
        p.chunks = [c for c in p.chunks if c.line is not None or c.cells is not None]


def _cut_region(region: list[tuple[PageText, int]], table_id: int) -> None:
    """Replace the region's text lines by table rows, when its body rows (lines with
    amounts) stand in two or more columns."""
    by_page: dict[int, list[tuple[PageText, int, TextLine]]] = {}
    for p, i in region:
        ln = p.chunks[i].line
        assert ln is not None
        by_page.setdefault(p.number, []).append((p, i, ln))
    bands: list[list[tuple[PageText, int, TextLine]]] = []
    rows: list[list[tuple[float, float, str]]] = []
    # Without rules, lines closer together than rows usually are belong to one row (a label
    # wrapped in its cell, printed above and below the row's amounts): rows are as far apart as
    # amount lines usually are; when rows are set as tight as lines, each line is a row.
    gaps = []
    for entries in by_page.values():
        amounts = [ln for *_, ln in entries if any(is_amount(t) for *_, t in ln.segments)]
        gaps += [b.top - a.bottom for a, b in itertools.pairwise(amounts) if b.top > a.bottom]
    split = statistics.median(gaps) / 2 if gaps else 0.0
    for n, entries in enumerate(by_page.values()):
        page_bands = _bands(entries, continued=n > 0, split=split)
        bands.extend(page_bands)
        body = [k for k, band in enumerate(page_bands) if any(is_amount(t) for *_, ln in band for *_, t in ln.segments)]
        if body:
            # columns from every line of the body rows (a wrapped label stands on lines of its own)
            rows.extend(ln.segments for band in page_bands[body[0] : body[-1] + 1] for *_, ln in band)
    if not rows:
        return
    columns = _columns(rows)
    if len(columns) < 2:
        return
    starts = tuple(a for a, _b in columns)
    for band in bands:
        cells: list[list[dict]] = [[] for _ in columns]
        for *_, ln in band:
            for run in runs(ln.chars):
                # a run of text (a header over several columns too) goes whole to one column
                a, b = run[0]["x0"], run[-1]["x1"]
                k = max(range(len(columns)), key=lambda j: (min(b, columns[j][1]) - max(a, columns[j][0]), -j))
                cells[k].extend(run)
        p, i, first = band[0]
        p.chunks[i] = Chunk(first.top, cells=[cell_text(cs) for cs in cells], table=table_id, columns=starts)
        for q, j, ln in band[1:]:
            q.chunks[j] = Chunk(ln.top)  # taken into the row above; dropped below


def _bands(
    entries: list[tuple[PageText, int, TextLine]], *, continued: bool, split: float
) -> list[list[tuple[PageText, int, TextLine]]]:
    """The rows of a rule-less table on one page: the bands between its horizontal rules when
    it has them (a row's wrapped cells stay together), else groups of printed lines.  Without
    rules the table starts below the ``单位：万元`` line (or at the first line cut into several
    runs); on the pages it continues onto, at the top."""
    page = entries[0][0]
    left = min(ln.x0 for *_, ln in entries)
    right = max(ln.x1 for *_, ln in entries)
    reach = 2 * max(ln.size for *_, ln in entries)  # the rule under the last row, over the first
    lo = min(ln.top for *_, ln in entries) - reach
    hi = max(ln.bottom for *_, ln in entries) + reach
    ys = sorted({round(y, 1) for x0, x1, y in page.rules if x0 < right and x1 > left and lo <= y <= hi})
    ys = [y for k, y in enumerate(ys) if k == 0 or y - ys[k - 1] > 1.5]
    bands: list[list[tuple[PageText, int, TextLine]]] = []
    if len(ys) >= 2:
        for a, b in itertools.pairwise(ys):
            band = [e for e in entries if a <= (e[2].top + e[2].bottom) / 2 < b]
            if band:
                bands.append(band)
        return bands
    units = [k for k, (*_, ln) in enumerate(entries) if UNIT_LINE.search(ln.text)]
    if continued:
        first = 0
    elif units:
        first = units[-1] + 1
    else:
        first = next((k for k, (*_, ln) in enumerate(entries) if len(ln.segments) >= 2), len(entries))
    rest = sorted(entries[first:], key=lambda e: e[2].top)
    bottom = -1e9
    for e in rest:
        if not bands or e[2].top - bottom > split:
            bands.append([])
        bands[-1].append(e)
        bottom = max(bottom, e[2].bottom) if len(bands[-1]) > 1 else e[2].bottom
    return bands


def _columns(body: list[list[tuple[float, float, str]]]) -> list[tuple[float, float]]:
    """Column x ranges: the stretches where some body row has ink, between the gaps that no
    row's text crosses (the white space that stands in for the missing rules)."""
    lo = min(a for s in body for a, _b, _t in s)
    hi = max(b for s in body for _a, b, _t in s)
    ink = [False] * (int(hi - lo) + 2)
    for s in body:
        for a, b, _t in s:
            for x in range(int(a - lo), int(b - lo) + 1):
                ink[x] = True
    cols: list[tuple[float, float]] = []
    start = None
    for x, inked in enumerate([*ink, False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            cols.append((lo + start, lo + x))
            start = None
    return cols
