"""Page furniture: page numbers, running headers and footers.  They are not part of the
document, and inside a table they would read as rows (a running header carrying the
department's name reads as a unit row).

They are recognised by what makes them furniture, not by a list of known strings: a line in
a page's margin (its first or last line of text, or the top or bottom band of a PDF page) that
recurs, with only its numbers changed, on many pages; a page number's own forms
(``- 12 -``, ``第 12 页``, ``12/40``); and a line that repeats the document's title.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ..catalog import match_title, squash

# A page number as printed alone on a line: - 12 -, — 12 —, 第 12 页, 第 12 页 共 40 页, 12/40, 12
PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*)?(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*(?:[/／]|共)\s*\d{1,4}\s*页?)?(?:\s*[-–—－])?$"
)
# The same, but never a bare number (a table cell on a line of its own looks like one).
MARKED_PAGE_NUMBER = re.compile(
    r"^(?:[-–—－]\s*\d{1,4}\s*[-–—－]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*[/／]\s*\d{1,4})$"
)
UNIT_LINE = re.compile(r"单位\s*[:：]|万元")
AMOUNT = re.compile(r"\d\.\d")  # a line with an amount in it is a row, not furniture
_DIGITS = re.compile(r"\d+")

# A line in the margin of at least this share of the pages (and of three of them) is running.
SHARE = 0.3


def key(text: str) -> str:
    """What stays the same when a running line recurs: its text without white space, numbers
    (page numbers, dates) replaced by ``#``."""
    return _DIGITS.sub("#", squash(text))


def may_run(text: str) -> bool:
    """Lines that are never furniture, however often they recur: tables' titles and unit lines
    (a long table prints them again on every page), and lines with amounts (rows)."""
    return bool(text.strip()) and match_title(text) is None and not UNIT_LINE.search(text) and not AMOUNT.search(text)


def running_keys(margins: Sequence[set[str]]) -> set[str]:
    """The keys that stand in the margin of enough pages (``margins``: per page, the keys of
    its margin lines)."""
    counts: dict[str, int] = {}
    for page in margins:
        for k in page:
            counts[k] = counts.get(k, 0) + 1
    need = max(3, SHARE * len(margins))
    return {k for k, n in counts.items() if n >= need}


def text_furniture(pages: Sequence[Sequence[str]], title: str = "") -> list[set[int]]:
    """Per page of a text extraction, the indexes of its furniture lines: its page number (one:
    a number left in the margin once it is gone is a table's cell, ``0``); lines
    that recur in the margins of many pages (peeled off the top and bottom, two at most on
    each side); and lines repeating the document's ``title`` (its first line)."""
    drop: list[set[int]] = [set() for _ in pages]
    title_key = key(title) if len(squash(title)) >= 6 and may_run(title) and not PAGE_NUMBER.match(title) else None
    first = _first(pages)
    numbered: set[int] = set()  # the pages whose number is found: a page prints one
    for _ in range(2):  # a page may have two running lines, a header and a number
        edges = [_edges(page, gone) for page, gone in zip(pages, drop, strict=True)]
        margins = [{key(pages[p][i]) for i in idx if may_run(pages[p][i])} for p, idx in enumerate(edges)]
        running = running_keys(margins) if len(pages) >= 3 else set()
        for p, idx in enumerate(edges):
            for i in idx:
                text = pages[p][i].strip()
                k = key(text)
                number = p not in numbered and PAGE_NUMBER.match(text) is not None
                if (p, i) != first and (number or (may_run(text) and (k in running or k == title_key))):
                    drop[p].add(i)
                    if number:
                        numbered.add(p)
    if title_key is not None:
        for p, page in enumerate(pages):
            drop[p] |= {i for i, t in enumerate(page) if key(t) == title_key and (p, i) != first}
    return drop


def _edges(page: Sequence[str], gone: set[int]) -> list[int]:
    """The first and last line of text on the page that are not yet known to be furniture."""
    idx = [i for i, t in enumerate(page) if t.strip() and i not in gone]
    return sorted({idx[0], idx[-1]}) if idx else []


def _first(pages: Sequence[Sequence[str]]) -> tuple[int, int]:
    for p, page in enumerate(pages):
        for i, t in enumerate(page):
            if t.strip():
                return p, i
    return -1, -1


def split_pages(lines: Sequence[str]) -> list[list[int]]:
    """The pages of a text extraction, as lists of line indexes: at form feeds (pdftotext puts
    one between pages), else after page-number lines (``- 12 -``, ``第 12 页``) when they count
    up through the document, or bare numbers counting up page by page (``bare_page_numbers``);
    else one page."""
    if sum("\f" in t for t in lines) >= 2:
        pages: list[list[int]] = [[]]
        for i, t in enumerate(lines):
            parts = t.split("\f")
            if len(parts) > 1 and pages[-1]:
                pages.extend([] for _ in parts[1:])
            pages[-1].append(i)
        return [p for p in pages if p]
    marks = [i for i, t in enumerate(lines) if MARKED_PAGE_NUMBER.match(t.strip())]
    numbers = [int(_DIGITS.findall(lines[i])[0]) for i in marks]
    if not (len(marks) >= 3 and sum(b > a for a, b in itertools.pairwise(numbers)) >= 0.8 * (len(marks) - 1)):
        marks = bare_page_numbers(lines)
    if len(marks) >= 3:
        bounds = [0, *(i + 1 for i in marks), len(lines)]
        return [list(range(a, b)) for a, b in itertools.pairwise(bounds) if b > a]
    return [list(range(len(lines)))]


BARE_NUMBER = re.compile(r"^\d{1,4}$")
# Bare page numbers are told from numbers on lines of their own (an amount's wrapped digits, a
# column of row numbers) by counting up one by one over at least this many pages and over most
# of the document.
BARE_RUN = 5
BARE_SPAN = 0.5


def bare_page_numbers(lines: Sequence[str]) -> list[int]:
    """The indexes of page numbers printed bare (``12``): the longest run of lines holding only
    a number that counts up by one, n, n+1, n+2, … in the order of the text, over most of it.
    A number that is not the only line of its value between the run's neighbours (an amount's
    wrapped digits equal to the page number) is not taken for one: that page is not split off."""
    found = [(i, int(t.strip())) for i, t in enumerate(lines) if BARE_NUMBER.match(t.strip())]
    best: dict[int, tuple[int, int]] = {}  # value → (longest run ending in it so far, its last index)
    prev: dict[int, int] = {}  # index → the run's index before it
    for i, v in found:
        length, j = best.get(v - 1, (0, -1))
        prev[i] = j
        if length + 1 >= best.get(v, (0, -1))[0]:
            best[v] = (length + 1, i)
    if not best:
        return []
    length, end = max(best.values())
    run = [end]
    while prev[run[-1]] >= 0:
        run.append(prev[run[-1]])
    run.reverse()
    if len(run) < BARE_RUN or run[-1] - run[0] < BARE_SPAN * len(lines):
        return []
    at: dict[int, list[int]] = {}
    for i, v in found:
        at.setdefault(v, []).append(i)
    bounds = [-1, *run, len(lines)]
    value = dict(found)
    return [i for k, i in enumerate(run) if sum(bounds[k] < j < bounds[k + 2] for j in at[value[i]]) == 1]
