"""Budget PDFs → lines, with pdfplumber.  The PDF route meets the text route here: from the
``Line``s this module returns on, both share every line of code (``parse.py``).

What a page becomes:

- **Tables** are found by their ruling lines (pdfplumber's ``lines`` strategy).  Each table
  row becomes one tab-separated ``Line``: one cell per column slot in column order, a merged
  cell's text once (in the row and column where it starts), ``""`` for an empty cell or a
  slot a merged cell covers.  A cell's text is read line by line and joined the way the
  data contract joins text (no space between CJK, one between ASCII words); a number that
  wraps inside a narrow cell (``3,020`` / ``.16``) is joined back without a space, and a
  header printed one character per line (vertical text in a narrow column) reads as one word.
- **A table that goes on over a page** (it starts the page, right below where the previous
  page's table ended, with the same columns) continues the table: the header rows it repeats
  are dropped, so the table reads as if it were printed in one piece.
- **Where ruling lines are missing** (a table printed with horizontal rules only, or with
  none), the lines of a table region (after a catalog title) are cut into rows and cells by
  position: rows are the bands between the horizontal rules (or lines grouped by the white
  space between rows), columns the x ranges where the body rows have ink.
- **Text** outside tables is read line by line (characters grouped by their vertical
  position, spaces where the PDF has a space or a gap), then lines are joined into
  paragraphs by layout: a line continues the one above when the first word of the line could
  not have fitted at the end of the one above (so the one above was full), it is not
  indented, it has the same size, and no wider gap than the usual line spacing separates
  them; paragraphs go on across page breaks.  Each paragraph is one ``Line`` with
  ``paragraph=True``, so the parser does not have to guess where paragraphs end.
- **Page numbers** in the top and bottom margins (``- 12 -``, ``12``, ``第 12 页``) are dropped.
- **Duplicate characters** (bold printed by over-printing, text drawn twice) are removed
  before anything else (the test of pdfplumber's ``dedupe_chars``), and text set at a slant
  (a watermark) is left out.

A PDF that cannot be read — not a PDF, truncated, damaged, encrypted, scanned without a text
layer, fonts without a Unicode mapping — raises ``BudgetError`` saying which and what to do.
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..catalog import match_title
from ..model import BudgetError, Line
from .words import joins_tight

TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
SPACES = {" ", "\u00a0", "\u3000", "\u2002", "\u2003", "\u2009"}
CJK_RANGES = (
    (0x2E80, 0x9FFF),  # CJK radicals, punctuation, kana, unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # vertical forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x2010, 0x2027),  # dashes, quotes “ ” ‘ ’, … (printed full width by Chinese fonts)
    (0x2160, 0x2193),  # roman numerals, arrows
    (0x2460, 0x24FF),  # circled numbers ①
    (0x2500, 0x25FF),  # box drawing, shapes
)
PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?(?:\s*[-–—－])?$"
)
NUMBER_PIECE = re.compile(r"^-?[\d,]*\.?[\d,]*$")
AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


_WIDE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")


def is_cjk(ch: str) -> bool:
    """A character printed full width (CJK text is set solid: no gap between characters)."""
    return _WIDE.match(ch) is not None


def join_pieces(pieces: Sequence[str]) -> str:
    """Lines of one cell or paragraph → one text: no space where a CJK character meets the
    break, one space between two ASCII words; the pieces of a number wrapped in a narrow
    cell are joined without a space."""
    pieces = [p for p in (p.strip() for p in pieces) if p]
    if len(pieces) > 1 and all(NUMBER_PIECE.match(p) and any(c.isdigit() or c == "." for c in p) for p in pieces):
        return "".join(pieces)
    out = ""
    for p in pieces:
        if out and not joins_tight(out[-1]) and not joins_tight(p[0]):
            out += " "
        out += p
    return out


# ---------------------------------------------------------------------------- characters → lines


@dataclass
class TextLine:
    """One printed line: its text and where it stands."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: list[dict] = field(default_factory=list, repr=False)  # its characters with ink
    spaced: list[dict] = field(default_factory=list, repr=False)  # and its space characters

    @functools.cached_property
    def first_word(self) -> float:
        """Width of the first word (up to where the line could have been broken)."""
        return _first_word_width(self.spaced)

    @functools.cached_property
    def segments(self) -> list[tuple[float, float, str]]:
        """Runs of text split at gaps wider than a space (the cells of a rule-less table)."""
        return _segments(self.chars)


def _size(ch: dict) -> float:
    return float(ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0)


def _ink(ch: dict) -> bool:
    t = ch["text"]
    return bool(t.strip()) and t not in SPACES


def _line_text(chars: list[dict]) -> str:
    """Characters of one line (left to right) → text: a space where the PDF prints one, or
    where a gap is wider than letter spacing (solid CJK text needs a wide gap)."""
    out: list[str] = []
    prev: dict | None = None
    for ch in chars:
        if not _ink(ch):
            if out and out[-1] != " ":
                out.append(" ")
            continue
        t = ch["text"]
        if prev is not None and out[-1] != " ":
            gap = ch["x0"] - prev["x1"]
            size = max(_size(ch), _size(prev))
            cjk = is_cjk(prev["text"][-1]) and is_cjk(t[0])
            if gap > (0.8 if cjk else 0.2) * size:
                out.append(" ")
        out.append(t)
        prev = ch
    return "".join(out).strip()


def _first_word_width(chars: list[dict]) -> float:
    """Width of what the line starts with up to the first place the line could have been
    broken: after a CJK character, or at a space between two ASCII words (a break where a
    space meets a CJK character would lose the space: ``2024 年`` is not broken)."""
    first: dict | None = None
    end: dict | None = None
    space = False
    for ch in chars:
        if not _ink(ch):
            space = first is not None
            continue
        if first is None or end is None:
            first = end = ch
            continue
        if not space:
            cjk = is_cjk(end["text"][-1]) and is_cjk(ch["text"][0])
            space = ch["x0"] - end["x1"] > (0.8 if cjk else 0.2) * max(_size(ch), _size(end))
        x, y = joins_tight(end["text"][-1]), joins_tight(ch["text"][0])
        if (not space and (x or y)) or (space and not x and not y):
            break  # a line could break here
        end, space = ch, False
    if first is None or end is None:
        return 0.0
    return float(end["x1"] - first["x0"])


def _runs(ink: list[dict]) -> list[list[dict]]:
    """The line's characters cut where the gap is wider than a space: the cells of a table
    printed without rules."""
    runs: list[list[dict]] = []
    for ch in ink:
        if runs and ch["x0"] - runs[-1][-1]["x1"] <= 0.4 * _size(ch):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _segments(ink: list[dict]) -> list[tuple[float, float, str]]:
    return [(r[0]["x0"], r[-1]["x1"], _line_text(r)) for r in _runs(ink)]


def group_lines(chars: list[dict]) -> list[TextLine]:
    """Characters → printed lines, top to bottom."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[dict]] = []
    centre = 0.0
    for ch in chars:
        c = (ch["top"] + ch["bottom"]) / 2
        if groups and abs(c - centre) <= 0.45 * min(_size(ch), _size(groups[-1][0])):
            groups[-1].append(ch)
            centre += (c - centre) / len(groups[-1])
        else:
            groups.append([ch])
            centre = c
    lines = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        ink = [c for c in g if _ink(c)]
        text = _line_text(g)
        if not ink or not text:
            continue
        lines.append(
            TextLine(
                text=text,
                x0=min(c["x0"] for c in ink),
                x1=max(c["x1"] for c in ink),
                top=min(c["top"] for c in ink),
                bottom=max(c["bottom"] for c in ink),
                size=statistics.median(_size(c) for c in ink),
                chars=ink,
                spaced=g,
            )
        )
    return lines


def _rotated_text(chars: list[dict]) -> str:
    """Text turned by 90° (a header in a narrow column): columns of characters, each read in
    the direction the text runs."""
    cols: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["x0"] + c["x1"]) / 2):
        cx = (ch["x0"] + ch["x1"]) / 2
        if cols and abs(cx - (cols[-1][0]["x0"] + cols[-1][0]["x1"]) / 2) <= 0.45 * _size(ch):
            cols[-1].append(ch)
        else:
            cols.append([ch])
    upward = (chars[0].get("matrix") or (1, 0, 0, 1, 0, 0))[1] > 0  # running bottom to top
    pieces = []
    for col in cols:
        col.sort(key=lambda c: -c["bottom"] if upward else c["top"])
        pieces.append("".join(c["text"] for c in col if _ink(c)))
    if not upward:
        pieces.reverse()  # top-to-bottom text: its lines follow each other right to left
    return join_pieces(pieces)


def cell_text(chars: list[dict]) -> str:
    upright = [c for c in chars if c.get("upright", True)]
    turned = [c for c in chars if not c.get("upright", True) and _ink(c)]
    parts = []
    if upright:
        parts.append(join_pieces([ln.text for ln in group_lines(upright)]))
    if turned:
        parts.append(_rotated_text(turned))
    return join_pieces(parts)


# ---------------------------------------------------------------------------- a page


@dataclass
class Chunk:
    """A text line or a table row on a page; a page is a list of chunks in reading order."""

    top: float
    line: TextLine | None = None
    cells: list[str] | None = None
    table: int = -1  # which table of the page a row belongs to
    columns: tuple[float, ...] = ()  # the table's column boundaries (to recognise continuations)


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


def _is_amount(text: str) -> bool:
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
    amount = [any(c and _is_amount(c) for c in r) for r in rows]
    if any(amount):
        used = [any(r[i] is not None for r, a in zip(rows, amount, strict=True) if a) for i in range(len(slots))]
        rows = [[c for c, u in zip(r, used, strict=True) if u] if a else r for r, a in zip(rows, amount, strict=True)]
    return rows, tops, stray


def dedupe(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Characters printed twice in (nearly) the same place — bold made by over-printing, text
    drawn again by a careless producer — are read once.  The same test as pdfplumber's
    ``dedupe_chars`` (same text, font and size within ``tolerance`` points), on a grid of
    buckets so it stays linear."""
    kept: list[dict] = []
    seen: dict[tuple, list[dict]] = {}
    for ch in chars:
        key = (ch["text"], ch.get("fontname"), round(float(ch.get("size") or 0), 1))
        bx, by = int(ch["x0"] // 4), int(ch["top"] // 4)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((*key, bx + dx, by + dy), ()):
                    if abs(other["x0"] - ch["x0"]) <= tolerance and abs(other["top"] - ch["top"]) <= tolerance:
                        duplicate = True
        if not duplicate:
            kept.append(ch)
            seen.setdefault((*key, bx, by), []).append(ch)
    return kept


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


def _slanted(ch: dict) -> bool:
    """Text set at an angle (a watermark across the page), neither level nor turned by 90°."""
    m = ch.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(m[0]) > 0.01 and abs(m[1]) > 0.01


def read_page(page: Any, number: int) -> PageText:
    """A pdfplumber page → its text lines and ruled-table rows, top to bottom, and the
    horizontal rules outside ruled tables (for tables without vertical rules)."""
    chars = dedupe([c for c in page.chars if c["text"] != "\n" and not _slanted(c)])
    out = PageText(number, float(page.width), float(page.height), images=len(page.images))
    out.chars = sum(1 for c in chars if _ink(c))
    out.unmapped = sum(1 for c in chars if c["text"].startswith("(cid:"))
    if not out.chars:
        return out
    tables = []
    settings = {**TABLE_SETTINGS, "explicit_vertical_lines": implied_borders(page.edges)}
    for t in page.find_tables(settings):
        if len({c[0] for c in t.cells}) >= 2 and len({c[1] for c in t.cells}) >= 2:
            tables.append(t)  # a box drawn around a title or a note is not a table
    tables.sort(key=lambda t: t.bbox[1])
    loose = []
    in_table: list[list[dict]] = [[] for _ in tables]
    for ch in chars:
        x = (ch["x0"] + ch["x1"]) / 2
        y = (ch["top"] + ch["bottom"]) / 2
        for i, t in enumerate(tables):
            x0, top, x1, bottom = t.bbox
            if x0 <= x < x1 and top <= y < bottom:
                in_table[i].append(ch)
                break
        else:
            loose.append(ch)
    for i, t in enumerate(tables):
        rows, tops, stray = table_rows(t.cells, in_table[i])
        loose.extend(stray)
        columns = tuple(sorted({c[0] for c in t.cells} | {t.bbox[2]}))
        for row, top in zip(rows, tops, strict=True):
            out.chunks.append(Chunk(top, cells=["" if c is None else c for c in row], table=i, columns=columns))
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
        p.chunks = [
            c
            for c in p.chunks
            if c.line is None
            or not in_margin(p, c.line)
            or not (PAGE_NUMBER.match(c.line.text) or re.sub(r"\d+", "#", c.line.text) in running)
        ]


# ---------------------------------------------------------------------------- tables without rules

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
        amounts = [ln for *_, ln in entries if any(_is_amount(t) for *_, t in ln.segments)]
        gaps += [b.top - a.bottom for a, b in itertools.pairwise(amounts) if b.top > a.bottom]
    split = statistics.median(gaps) / 2 if gaps else 0.0
    for n, entries in enumerate(by_page.values()):
        page_bands = _bands(entries, continued=n > 0, split=split)
        bands.extend(page_bands)
        body = [
            k for k, band in enumerate(page_bands) if any(_is_amount(t) for *_, ln in band for *_, t in ln.segments)
        ]
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
            for run in _runs(ln.chars):
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


# ---------------------------------------------------------------------------- the document


def _margins(pages: list[PageText]) -> dict[int, tuple[float, float]]:
    """Left and right text margins per page width (portrait and landscape pages differ): the
    leftmost start and rightmost end of a line; the right margin at least as far from the
    page's edge as the left one (when no line reaches it, short lines are not full ones)."""
    out: dict[int, tuple[float, float]] = {}
    for p in pages:
        for c in p.chunks:
            if c.line is not None:
                w = round(p.width)
                left, right = out.get(w, (c.line.x0, c.line.x1))
                out[w] = (min(left, c.line.x0), max(right, c.line.x1))
    return {w: (left, max(right, w - left)) for w, (left, right) in out.items()}


def _usual_gap(pages: list[PageText]) -> float:
    """The usual white space between two lines of a paragraph."""
    gaps = []
    for p in pages:
        for a, b in zip(p.chunks, p.chunks[1:], strict=False):
            if a.line is not None and b.line is not None and abs(a.line.size - b.line.size) < 0.5:
                gap = b.line.top - a.line.bottom
                if gap >= 0:
                    gaps.append(gap)
    return statistics.median(gaps) if gaps else 3.0


def continues(
    a: TextLine, b: TextLine, margins: tuple[float, float], gap: float | None, usual: float, body: float = 0.0
) -> bool:
    """Is ``b`` the next line of ``a``'s paragraph?  (``gap``: the space between them, None
    across a page break; ``body``: the size of the body text.)"""
    left, right = margins
    if abs(a.size - b.size) > 0.5:
        return False
    if gap is not None and gap > max(1.5 * usual, usual + 0.5 * a.size):
        return False  # a blank line between them
    middle = (left + right) / 2
    if (
        a.size > body + 1
        and a.x1 - a.x0 > 0.8 * (right - left)
        and abs((a.x0 + a.x1) / 2 - middle) < a.size
        and abs((b.x0 + b.x1) / 2 - middle) < b.size
        and b.x0 > left + b.size
    ):
        return True  # a title (larger than the text) too long for one line, wrapped and centred
    if b.x0 > left + 0.5 * b.size:
        return False  # indented (a paragraph's first line) or centred
    # The first word of b would have fitted at the end of a: a ended where its paragraph did.
    # (``right`` is the widest line seen, at most the true margin: when in doubt, a was full.)
    return a.x1 + b.first_word > right - 0.3 * a.size


@dataclass
class _Table:
    """The table being read, across pages."""

    columns: tuple[float, ...]
    header: list[list[str]]  # its first rows, as printed on its first page
    page: int  # the page of its last row
    open: bool = True  # nothing but its rows since
    body: bool = False  # a row with amounts has been read (the header is complete)


def assemble(pages: list[PageText]) -> list[Line]:
    margins = _margins(pages)
    usual = _usual_gap(pages)
    sizes = [c.line.size for p in pages for c in p.chunks if c.line is not None]
    body = statistics.median(sizes) if sizes else 0.0
    lines: list[Line] = []
    para: list[str] = []
    para_page = 0
    last: TextLine | None = None  # the last printed line of the paragraph being read
    last_page = 0
    table: _Table | None = None

    def flush() -> None:
        nonlocal para, last
        if para:
            lines.append(Line(join_pieces(para), len(lines) + 1, para_page, paragraph=True))
        para, last = [], None

    for page in pages:
        seen_tables: set[int] = set()
        repeat = 0  # header rows of a continued table still to skip (-1: none)
        # a continued table may be preceded by its unit line (or 续表) printed again
        lead = 0
        while lead < len(page.chunks) and (ln0 := page.chunks[lead].line) is not None and FURNITURE.search(ln0.text):
            lead += 1
        for n, c in enumerate(page.chunks):
            if n < lead and lead < len(page.chunks) and _continues_table(table, page, page.chunks[lead]):
                continue
            if c.cells is not None:
                flush()
                if c.table not in seen_tables:
                    seen_tables.add(c.table)
                    if n == lead and _continues_table(table, page, c) and table is not None:
                        repeat, table.page = 0, page.number
                    else:
                        table, repeat = _Table(c.columns, [], page.number), -1
                assert table is not None
                if repeat >= 0:
                    # the header printed again at the top of a continued table's page
                    if repeat < len(table.header) and _same_row(table.header[repeat], c.cells):
                        repeat += 1
                        continue
                    repeat = -1
                elif not table.body and len(table.header) < 12:
                    if any(_is_amount(x) for x in c.cells):
                        table.body = True
                    else:
                        table.header.append(c.cells)
                table.open = True
                lines.append(Line("\t".join(c.cells), len(lines) + 1, page.number))
                continue
            ln = c.line
            assert ln is not None
            if table is not None:
                table.open = False
            if last is not None:
                if last_page == page.number:
                    gap: float | None = ln.top - last.bottom
                    adjacent = True
                else:
                    gap = None  # a paragraph going on over a page break
                    adjacent = n == 0 and last_page == page.number - 1
                m = margins.get(round(page.width), (ln.x0, ln.x1))
                if adjacent and continues(last, ln, m, gap, usual, body):
                    para.append(ln.text)
                    last, last_page = ln, page.number
                    continue
            flush()
            para, para_page, last, last_page = [ln.text], page.number, ln, page.number
        if page.chunks and page.chunks[-1].cells is not None:
            flush()
    flush()
    return lines


FURNITURE = re.compile(r"^(?:续表|[（(]续[)）])|单位\s*[:：]|^(?:单位|部门)名称|万元\s*[)）]?$")


def _continues_table(table: _Table | None, page: PageText, chunk: Chunk) -> bool:
    """Is ``chunk`` (at the top of ``page``) a row of ``table``, which ended the page before?"""
    return (
        chunk.cells is not None
        and table is not None
        and table.open
        and table.page == page.number - 1
        and _same_columns(table.columns, chunk.columns)
    )


def _same_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 for x, y in zip(a, b, strict=True))


def _same_row(a: list[str], b: list[str]) -> bool:
    return [re.sub(r"\s+", "", x) for x in a] == [re.sub(r"\s+", "", x) for x in b]


# ---------------------------------------------------------------------------- entry point


def _check_bytes(data: bytes, name: str) -> None:
    if not data.strip():
        raise BudgetError("the file is empty", source=name)
    if b"%PDF-" not in data[:1024]:
        raise BudgetError(
            "not a PDF (no %PDF- header): check that the file is the published PDF and not, for example, "
            "a web page saved under a .pdf name",
            source=name,
        )
    if b"%%EOF" not in data[-4096:]:
        raise BudgetError(
            "truncated PDF: the file stops before the PDF's end-of-file marker (%%EOF), probably an "
            "incomplete download; download the document again",
            source=name,
        )


def _encrypted(name: str) -> BudgetError:
    return BudgetError(
        "encrypted PDF: it needs a password to open; ask the publisher for an unprotected copy, or remove the "
        "password (e.g. `qpdf --decrypt --password=PASSWORD in.pdf out.pdf`) and add that file",
        source=name,
    )


def _damaged(name: str, e: BaseException) -> BudgetError:
    return BudgetError(
        f"damaged PDF: it cannot be parsed ({type(e).__name__}: {str(e)[:100]}); download it again, or repair "
        "it (e.g. `qpdf in.pdf repaired.pdf`) and add the repaired file",
        source=name,
    )


def _cause(e: BaseException) -> BaseException:
    # pdfplumber wraps pdfminer's errors: PdfminerException(original)
    while e.args and isinstance(e.args[0], BaseException):
        e = e.args[0]
    return e


def _is_password_error(e: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return isinstance(e, PDFPasswordIncorrect | PDFEncryptionError)


def read_pdf_lines(data: bytes, name: str) -> tuple[list[Line], int]:
    """A budget PDF → its lines (text paragraphs and tab-separated table rows, each with its
    page) and its number of pages.  Raises ``BudgetError`` for a PDF that cannot be read."""
    import pdfplumber

    _check_bytes(data, name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:
        raise (_encrypted(name) if _is_password_error(_cause(e)) else _damaged(name, _cause(e))) from None
    try:
        pages = [read_page(p, i) for i, p in enumerate(pdf.pages, start=1)]
    except Exception as e:
        raise (_encrypted(name) if _is_password_error(_cause(e)) else _damaged(name, _cause(e))) from None
    finally:
        pdf.close()
    if not pages:
        raise _damaged(name, ValueError("no page can be found in it"))
    total = sum(p.chars for p in pages)
    scanned = [p.number for p in pages if not p.chars and p.images]
    if total == 0 and scanned:
        raise BudgetError(
            f"no text layer: its {len(pages)} page(s) are scanned images; run OCR first (e.g. "
            "`ocrmypdf -l chi_sim in.pdf out.pdf`) and add the OCR'd PDF, or ask the publisher for the original PDF",
            source=name,
        )
    if total == 0:
        raise BudgetError("the PDF has no text at all: is it the budget document?", source=name)
    if len(scanned) * 2 > len(pages):
        raise BudgetError(
            f"no text layer on {len(scanned)} of {len(pages)} pages (scanned images): run OCR first (e.g. "
            "`ocrmypdf -l chi_sim --skip-text in.pdf out.pdf`) and add the OCR'd PDF",
            source=name,
        )
    if sum(p.unmapped for p in pages) * 5 > total:
        raise BudgetError(
            "the PDF's fonts have no Unicode mapping, so its text reads as glyph numbers (cid:…); run OCR first, "
            "or ask the publisher for a PDF with searchable text",
            source=name,
        )
    drop_running_lines(pages)
    split_unruled(pages)
    return assemble(pages), len(pages)
