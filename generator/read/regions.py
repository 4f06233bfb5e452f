"""The document after its text parts: regions (one per table, from its title on, over its pages),
and the reading context (the units known so far)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..catalog import TableSpec, match_title, squash
from ..model import Line, Metadata, Source
from .numbers import CODE, is_fragment, is_number, squash_number
from .tokens import cells, is_tab
from .words import DASHED_PAGE, YEAR, label

NOTE = re.compile(r"^(?:注[:：]|备注[:：]|本套报表|注：)")
TABLE_NUMBER = re.compile(r"^表\s*(?:\d+|[一二三四五六七八九十]+)[:：]?$")


@dataclass
class Context:
    meta: Metadata
    source: Source
    units: list[str] = field(default_factory=list)  # unit names known so far
    warnings: list[str] = field(default_factory=list)

    def add_unit(self, name: str) -> None:
        if name and name not in self.units:
            self.units.append(name)

    def is_unit(self, name: str) -> bool:
        for u in self.units:
            if name == u:
                return True
            if len(name) >= 6 and SequenceMatcher(None, name, u).ratio() >= 0.85:
                return True
        return False

    def starts_unit(self, text: str) -> bool:
        return any(len(u) >= 4 and text.startswith(u[: min(6, len(u))]) for u in self.units)


def is_table_title(ln: Line) -> bool:
    s = squash(ln.text)
    if s.startswith(("(", "（", "-")):
        return False
    return match_title(ln.text) is not None


@dataclass
class Region:
    spec: TableSpec
    title: str
    start: int
    pages: list[list[Line]]


def split_regions(lines: list[Line]) -> list[Region]:
    regions: list[Region] = []
    for ln in lines:
        t = ln.text.strip()
        if TABLE_NUMBER.match(squash(t)):
            continue
        spec = match_title(t) if is_table_title(ln) else None
        if spec is not None:
            if regions and regions[-1].spec is spec:
                regions[-1].pages.append([])  # the table goes on over a page with its header again
            else:
                regions.append(Region(spec, label(t), ln.loc, [[]]))
            continue
        if regions and not DASHED_PAGE.match(t):
            regions[-1].pages[-1].append(ln)
    return regions


def skip_unit_line(page: list[Line]) -> list[Line]:
    """Drop the ``单位名称：… 单位：万元`` lines (possibly wrapped) at the top of a page."""
    for i, ln in enumerate(page[:8]):
        s = squash(ln.text)
        if "万元" in s or s == "元":
            return page[i + 1 :]
        if re.search(r"单位[:：]万$", s) and i + 1 < len(page) and squash(page[i + 1].text).startswith("元"):
            return page[i + 2 :]
        if re.search(r"单位[:：]$", s) and i + 1 < len(page) and "万元" in squash(page[i + 1].text):
            return page[i + 2 :]
    return page


def body_lines(region: Region, ctx: Context, is_start) -> list[Line]:
    """The data lines of a table: on the first page everything from the first data row,
    on later pages everything that is not a repeat of the first page's header."""
    out: list[Line] = []
    header: set[str] = set()
    if all(ln.grid for page in region.pages for ln in page):
        return [ln for page in region.pages for ln in page]  # rows read by position: no header
    for p, page in enumerate(region.pages):
        page = _table_lines(page)
        if p == 0:
            i = _body_start(page, is_start)
            header = {squash(ln.text) for ln in page[:i]}
            out.extend(without_repeated_header(page[i:], header))
        else:
            k = 0
            while k < len(page) and squash(page[k].text) in header:
                k += 1
            out.extend(without_repeated_header(page[k:], header))
    return out


def line_above_body(region: Region, is_start) -> Line | None:
    """The line just above a table's data lines on its first page (its header's last), if any."""
    if not region.pages or all(ln.grid for page in region.pages for ln in page):
        return None
    page = _table_lines(region.pages[0])
    i = _body_start(page, is_start)
    return page[i - 1] if 0 < i < len(page) else None


def _table_lines(page: list[Line]) -> list[Line]:
    """A page's lines of the table: no 单位名称 line, no note."""
    return [ln for ln in skip_unit_line(page) if not NOTE.match(ln.text.strip())]


def _body_start(page: list[Line], is_start) -> int:
    """Where the first page's data lines start (``is_start``), or the page's end."""
    return next((k for k in range(len(page)) if is_start(page, k)), len(page))


def without_repeated_header(lines: list[Line], header: set[str]) -> list[Line]:
    """The table's lines without its header printed again at the top of a page of the text
    (where no title is printed again, the region goes on over the page)."""
    out: list[Line] = []
    top = False
    for ln in lines:
        top = ln.new_page or top
        if top and squash(ln.text) in header:
            continue
        top = False
        out.append(ln)
    return out


def amount_start(ctx: Context):
    def is_start(page: list[Line], k: int) -> bool:
        ahead = squash("".join(ln.text for ln in page[k : k + 6]))
        if ctx.starts_unit(ahead) or ctx.starts_unit(_words_ahead(page, k)) or _wrapped_around(page, k):
            return True
        if is_tab(page[k]):
            return _row_cells(cells(page[k]))
        return _row_tokens(page[k].text.split())

    return is_start


def _words_ahead(page: list[Line], k: int) -> str:
    """The words of line ``k`` and the five after it, their amounts left out: a unit's name
    wrapped around its row's amounts (``深圳市大数`` / ``65340.8 65023.4`` / ``据资源管理 0.00 …``)
    read whole, when the line starts with words (text without positions)."""
    lines = page[k : k + 6]
    if not lines or is_tab(lines[0]) or not lines[0].text.split() or _amount(lines[0].text.split()[0]):
        return ""
    return squash("".join(t for ln in lines if not is_tab(ln) for t in ln.text.split() if not is_fragment(t)))


def _wrapped_around(page: list[Line], k: int) -> bool:
    """Is line ``k`` the first line of a label wrapped around the first row's amounts (text
    without positions: ``中共深圳罗湖区`` / ``4,675.65 2,503.55 2,172.10`` / ``委宣传部``)?  A
    line of words only, then a line of two amounts or more and nothing else, then words again:
    a header prints no line of amounts, so the words above them are the row's, not the header's
    (the unit's name, printed as no name known before, cannot say so)."""
    if k + 2 >= len(page) or any(is_tab(page[j]) for j in range(k, k + 3)):
        return False
    above, amounts, below = (page[j].text.split() for j in range(k, k + 3))
    return _words_only(above) and _words_only(below) and len(amounts) >= 2 and all(_amount(t) for t in amounts)


def _amount(text: str) -> bool:
    """Is a token or cell an amount (spaced-out digits joined), not a year?"""
    t = squash_number(text)
    return is_number(t) and not YEAR.match(t)


def _words_only(toks: list[str]) -> bool:
    return bool(toks) and not any(any(c.isdigit() for c in t) for t in toks)


def _row_tokens(toks: list[str]) -> bool:
    """Do a line's tokens start a table's body: an amount (not a year), or a classification
    code followed by a name?"""
    amounts = sum(1 for t in toks if _amount(squash_number(t)))
    for j, t in enumerate(toks):
        t = squash_number(t)
        after = toks[j + 1] if j + 1 < len(toks) else ""
        if _year_piece(t, after, amounts):
            continue
        if _amount(t) or (CODE.match(t) and after and _name(after)):
            return True
    return False


def _year_piece(t: str, after: str, amounts: int) -> bool:
    """Is an amount- or code-like token a piece of a year wrapped in a narrow header cell, in
    text without positions: digits before 年 (``4 年政府采购``), or the line's one number ``20x``
    with words after it (``对附 202 向小``, the header's cells side by side)?"""
    if t.isdigit() and after.startswith("年"):
        return True
    return amounts == 1 and re.fullmatch(r"20\d", t) is not None and bool(after) and not is_fragment(after)


def _name(text: str) -> bool:
    """Can a text be a classification's name (after its code)?  Not a number's piece, and not
    starting with a digit (``202`` / ``4年…`` is a year wrapped in a header's cell)."""
    return bool(text) and not is_fragment(text) and not text[0].isdigit()


def _row_cells(cs: list[str]) -> bool:
    """Do a tab-separated line's cells start a table's body: a cell that is an amount, or all
    amounts, or a code followed by a name (in its cell or the next)?  Digits inside a header's
    cell (``202 4年政府采购预算``, a year wrapped in its cell) are a label's, not a row's."""
    for j, c in enumerate(cs):
        toks = c.split()
        if not toks:
            continue
        if _amount(c):
            return True
        if len(toks) > 1 and all(is_number(squash_number(t)) or is_fragment(t) for t in toks):
            return _row_tokens(toks)
        if CODE.match(squash_number(c)) and j + 1 < len(cs) and _name(cs[j + 1]):
            return True
        if CODE.match(toks[0]) and len(toks) > 1 and _name(toks[1]):
            return True
    return False
