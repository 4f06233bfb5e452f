"""The typed model every later stage reads: one ``Budget`` per document."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

Value = str | Decimal | int | None
Row = dict[str, Value]


class BudgetError(Exception):
    """A document that cannot be read; the message names the file, table and line."""

    def __init__(self, message: str, *, source: str = "", table: str = "", line: int | None = None):
        self.source = source
        self.table = table
        self.line = line
        self.line_word = "line"  # "page" when ``line`` is a PDF's page (``Line.loc``)
        self.detail = message
        super().__init__(self._format())

    def _format(self) -> str:
        where = [w for w in (self.source, self.table, f"{self.line_word} {self.line}" if self.line else "") if w]
        return ": ".join([*where, self.detail]) if where else self.detail

    def in_pdf(self) -> BudgetError:
        """The location is a page of a PDF: say so."""
        self.line_word = "page"
        self.args = (self._format(),)
        return self

    def located(self, source: str) -> BudgetError:
        if not self.source:
            self.source = source
            self.args = (self._format(),)
        return self


def format_value(value: Value) -> str:
    """A cell as CSV text: amounts exactly as printed (Decimal keeps the printed digits)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


_WEB_URL = re.compile(r"^https?://[^\s/?#\\]+[^\s\\]*$", re.IGNORECASE)


def web_url(url: str) -> str:
    """``url`` if it is an http:// or https:// address, else "": the only links the site and the
    packages give to anywhere (never javascript:, data: or any other scheme)."""
    url = url.strip()
    return url if _WEB_URL.match(url) and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url) else ""


@dataclass
class Metadata:
    """What the maintainer says about a document in its ``<slug>.yml``."""

    id: str  # <year>-<slug>
    year: int
    slug: str
    department: str = ""  # Chinese name as printed
    department_en: str = ""
    parent_department: str = ""  # 主管部门
    parent_department_en: str = ""
    district: str = ""  # e.g. 罗湖区, or 市本级 for the city level
    district_en: str = ""
    source_url: str = ""
    source_note: str = ""


@dataclass
class Source:
    file: str  # file name
    sha256: str
    kind: str  # "text" | "pdf"
    pages: int | None = None


@dataclass
class Table:
    resource: str
    rows: list[Row]
    start: int  # line (text) or page (pdf) where the table starts
    title: str = ""  # the title as printed


@dataclass(frozen=True)
class TableFailure:
    """A standard table the document prints but the reader could not read exactly: it is left
    out of the package (never published with a guessed number) and reported."""

    resource: str  # the catalog's resource name
    title: str  # the title as printed
    reason: str  # what went wrong (English, as BudgetError messages are)
    loc: int | None = None  # where: a line of a text file, a page of a PDF
    loc_kind: str = "line"  # "line" | "page"

    def __str__(self) -> str:
        where = f"{self.loc_kind} {self.loc}: " if self.loc else ""
        return f"{self.title} ({self.resource}): {where}{self.reason}"


@dataclass
class Budget:
    meta: Metadata
    source: Source
    tables: dict[str, Table] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    failures: list[TableFailure] = field(default_factory=list)  # tables printed but not read

    @property
    def id(self) -> str:
        return self.meta.id

    def rows(self, resource: str) -> list[Row]:
        table = self.tables.get(resource)
        return table.rows if table else []


@dataclass(frozen=True)
class Line:
    """One line of a document as the readers give it: cells separated by tabs (PDF and
    tab-separated extractions) or spaces (other extractions).  ``line`` is the 1-based
    line in a text file; ``page`` the 1-based page of a PDF (None for text).
    ``paragraph``: the line is a whole paragraph of text, its printed lines already joined
    by the reader from the layout (PDFs), so the parser need not guess where it ends.
    ``grid``: a table row read by position, its cells in the table's columns (the amounts
    last, one cell per amount column, empty where nothing is printed).
    ``layout``: a line of ``pdftotext -layout`` text, its pieces at their character columns.
    ``new_page``: the first line of a page of a text extraction.
    ``after_blank``: a line of ``pdftotext -layout`` text that follows an empty line on its page
    (pdftotext prints one where the page leaves more room between lines than their pitch).
    ``unordered``: a line of text in a PDF's reading order (``pdftotext`` without ``-layout``),
    which does not keep a table's cells in their rows.
    ``unreadable``: a table the reader found but could not read (a PDF's table without rules
    whose rows or columns its words' positions do not settle); ``text`` says why."""

    text: str
    line: int
    page: int | None = None
    paragraph: bool = False
    grid: bool = False
    layout: bool = False
    new_page: bool = False
    after_blank: bool = False
    unordered: bool = False
    unreadable: bool = False

    @property
    def loc(self) -> int:
        return self.page if self.page is not None else self.line
