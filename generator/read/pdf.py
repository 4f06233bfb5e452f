"""Budget PDFs → lines, with pdfplumber.  The PDF route meets the text route here: from the
``Line``s this module returns on, both share every line of code (``parse.py``).

What a page becomes:

- **Tables** are found by their ruling lines (pdfplumber's ``lines`` strategy; borders a
  producer leaves out at a page's edge or a grid's sides implied).  Each table row becomes one
  tab-separated ``Line``: one cell per column slot in column order, a merged cell's text once
  (in the row and column where it starts, also when its borders are left open at the page's
  foot), ``""`` for an empty cell or a slot a merged cell covers.  A cell's text is read line
  by line and joined the way the data contract joins text (no space between CJK, one between
  ASCII words); a number that wraps inside a narrow cell (``3,020`` / ``.16``) is joined back
  without a space, a header printed one character per line (vertical text in a narrow column)
  reads as one word, and text running past the table's edge stays in its cell.
- **A table that goes on over a page** (it starts the page, right below where the previous
  page's table ended, with its columns or some of them) continues the table: the header rows
  it repeats, and a heading row printed again, are dropped, as is ``续表``, so the table reads
  as if it were printed in one piece.
- **Where vertical rules are missing** (三线表, horizontal rules only, or none), a table's rows
  and cells come from the positions of its words (``pdf_unruled``): the same tab-separated rows
  a ruled table gives, or, where the positions do not settle them, a line saying the table
  cannot be read (``Line.unreadable``).
- **Text** outside tables is read line by line (characters grouped by their vertical
  position, spaces where the PDF has a space or a gap), then lines are joined into
  paragraphs by layout: a line continues the one above when the first word of the line could
  not have fitted at the end of the one above (so the one above was full; a character and the
  punctuation it holds move together), it is not indented, it has the same size, and no wider
  gap than the usual line spacing separates them; paragraphs go on across page breaks.  Each
  paragraph is one ``Line`` with ``paragraph=True``, so the parser does not have to guess
  where paragraphs end.
- **Page numbers** in the top and bottom margins (``- 12 -``, ``12``, ``第 12 页``) and
  running headers and footers (recognised by repetition) are dropped.
- **Duplicate characters** (bold printed by over-printing, text drawn twice) are removed
  before anything else (the test of pdfplumber's ``dedupe_chars``), text set at a slant (a
  watermark) is left out, and radicals a font's text layer names for the ideographs it
  prints (⻔ for 门) are read as those ideographs.

The modules: ``pdf_text`` (characters → printed lines and cell texts), ``pdf_ruled`` (tables by
their rules), ``pdf_page`` (a page's chunks, page furniture), ``pdf_unruled`` (tables without
rules, by position: where they are, their columns, header and body) and ``pdf_rows`` (their
rows); this one puts the pages together into the document's lines.

A PDF that cannot be read — not a PDF, truncated, damaged, encrypted, scanned without a text
layer, fonts without a Unicode mapping — raises ``BudgetError`` saying which and what to do.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
from dataclasses import dataclass, field

from ..model import BudgetError, Line
from .pdf_page import Chunk, PageText, TextLine, drop_continuation_marks, drop_running_lines, read_page
from .pdf_ruled import is_amount
from .pdf_text import join_pieces
from .pdf_unruled import split_unruled

__all__ = ["join_pieces", "read_pdf_lines"]

# ---------------------------------------------------------------------------- the document


def _margins(pages: list[PageText]) -> dict[int, tuple[float, float]]:
    """Left and right text margins per page width (portrait and landscape pages differ): the
    leftmost start of a line, and the end that all but a few lines stay within (a line that
    could not be broken may run past the margin); the right margin at least as far from the
    page's edge as the left one (when no line reaches it, short lines are not full ones)."""
    starts: dict[int, list[float]] = {}
    ends: dict[int, list[float]] = {}
    for p in pages:
        for c in p.chunks:
            if c.line is not None:
                starts.setdefault(round(p.width), []).append(c.line.x0)
                ends.setdefault(round(p.width), []).append(c.line.x1)
    out = {}
    for w, xs in ends.items():
        left = min(starts[w])
        right = statistics.quantiles(xs, n=20)[-1] if len(xs) >= 20 else max(xs)
        out[w] = (left, max(right, w - left))
    return out


def _usual_gap(pages: list[PageText]) -> float:
    """The usual white space between two lines of a paragraph: the narrowest gap between lines
    of one size that recurs (where paragraphs are set apart by space and most are short, the
    gaps between paragraphs are the more frequent)."""
    gaps = []
    for p in pages:
        for a, b in zip(p.chunks, p.chunks[1:], strict=False):
            if a.line is not None and b.line is not None and abs(a.line.size - b.line.size) < 0.5:
                gap = b.line.top - a.line.bottom
                if gap >= 0:
                    gaps.append(gap)
    gaps.sort()
    recurring = [g for a, g in itertools.pairwise(gaps) if g - a <= 0.75]
    return recurring[0] if recurring else statistics.median(gaps) if gaps else 3.0


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
    headings: set[tuple[str, ...]] = field(default_factory=set)  # its heading rows' texts


class _Rows:
    """Which table rows go into the document: a table going on over a page (it starts the page,
    right below where the previous page's table ended, its columns those of the table or some
    of them) continues that table, and the header rows it prints again are left out — the rows
    of its first page's header, in order, or any heading row it has printed before (a header
    in the middle of the table, such as the performance indicators' 一级指标 … 目标值)."""

    def __init__(self) -> None:
        self.table: _Table | None = None
        self.repeat = -1  # header rows of a continued table still to skip (-1: none)

    def start_page(self, page: PageText, lead: int) -> bool:
        """A new page whose first ``lead`` chunks are furniture: does it continue the table?"""
        self.seen: set[int] = set()
        self.lead = lead
        first = page.chunks[lead] if lead < len(page.chunks) else None
        return first is not None and _continues_table(self.table, page, first)

    def keep(self, page: PageText, n: int, c: Chunk) -> bool:
        assert c.cells is not None
        if c.table not in self.seen:
            self.seen.add(c.table)
            if n == self.lead and self.table is not None and _continues_table(self.table, page, c):
                self.repeat, self.table.page = 0, page.number
            else:
                self.table, self.repeat = _Table(c.columns, [], page.number), -1
        table = self.table
        assert table is not None
        table.open = True
        texts = _texts(c.cells)
        if self.repeat >= 0:
            if self.repeat < len(table.header) and _same_row(table.header[self.repeat], c.cells):
                self.repeat += 1
                return False
            if c.heading and texts in table.headings:
                return False
            self.repeat = -1
        elif not table.body and len(table.header) < 12:
            if any(is_amount(x) for x in c.cells):
                table.body = True
            else:
                table.header.append(c.cells)
        if c.heading:
            table.headings.add(texts)
        return True

    def text_line(self) -> None:
        if self.table is not None:
            self.table.open = False


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
    rows = _Rows()

    def flush() -> None:
        nonlocal para, last
        if para:
            lines.append(Line(join_pieces(para), len(lines) + 1, para_page, paragraph=True))
        para, last = [], None

    for page in pages:
        # a continued table may be preceded by its unit line (or 续表) printed again
        lead = 0
        while lead < len(page.chunks) and (ln0 := page.chunks[lead].line) is not None and FURNITURE.search(ln0.text):
            lead += 1
        continued = rows.start_page(page, lead)
        for n, c in enumerate(page.chunks):
            if n < lead and continued:
                continue
            if c.unreadable:
                flush()
                lines.append(Line(c.unreadable, len(lines) + 1, page.number, unreadable=True))
                continue
            if c.cells is not None:
                flush()
                if rows.keep(page, n, c):
                    lines.append(Line("\t".join(c.cells), len(lines) + 1, page.number))
                continue
            ln = c.line
            assert ln is not None
            rows.text_line()
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
        and _some_columns(table.columns, chunk.columns)
    )


def _some_columns(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Between the same outer edges, are ``b``'s column boundaries some of ``a``'s (a part of
    the table whose cells span several of the first page's columns), or ``a``'s and more (a
    part further down the page, such as the indicators under the tasks, splits a column the
    first page did not)?"""
    if not a or not b or abs(a[0] - b[0]) > 3 or abs(a[-1] - b[-1]) > 3:
        return False
    return _within(b, a) or _within(a, b)


def _within(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Is every boundary of ``a`` one of ``b``'s?"""
    return all(any(abs(x - y) <= 3 for y in b) for x in a)


def _same_row(a: list[str], b: list[str]) -> bool:
    return [re.sub(r"\s+", "", x) for x in a] == [re.sub(r"\s+", "", x) for x in b]


def _texts(cells: list[str]) -> tuple[str, ...]:
    """A row's printed texts, empty cells left out."""
    return tuple(t for t in (re.sub(r"\s+", "", x) for x in cells) if t)


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
    drop_continuation_marks(pages)
    split_unruled(pages)
    return assemble(pages), len(pages)
