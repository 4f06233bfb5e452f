"""The first producer: reportlab, with the CID font STSong-Light or an embedded TrueType CJK
font from Debian's packages (a .ttc's first face).  Page flow, text and the document; the
tables are laid out by ``reportlab_grid``."""

from __future__ import annotations

import io
from functools import cache

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from .breaks import wrap
from .layouts import CID_FONT, FONT_FILES, Layout
from .printed import Document, Para, Table, title_lines

LATIN = "Helvetica"
FALLBACK = "wqy-microhei"


@cache
def font_name(key: str) -> str:
    """Register a font once per process; its reportlab name."""
    if key == CID_FONT:
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return CID_FONT
    path, index = FONT_FILES[key]
    pdfmetrics.registerFont(TTFont(key, path, subfontIndex=index))
    return key


def _has(font: str, ch: str) -> bool:
    if font == CID_FONT:
        return not (0xA0 <= ord(ch) <= 0xFF)  # Latin-1 it does not map back to Unicode
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]
    return ord(ch) in face.charToGlyph


def runs(text: str, key: str) -> list[tuple[str, str]]:
    """(font, text) runs: a character the font lacks is printed in a fallback font, as a word
    processor would."""
    main = font_name(key)
    out: list[tuple[str, str]] = []
    for ch in text:
        font = main
        if not _has(main, ch):
            font = font_name(FALLBACK) if _has(font_name(FALLBACK), ch) else LATIN
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def width(text: str, key: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(t, f, size) for f, t in runs(text, key))


class Writer:
    """Pages, a cursor, the running header and the page numbers."""

    def __init__(self, layout: Layout, doc: Document, total: int = 0):
        self.layout, self.doc, self.total = layout, doc, total
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, invariant=1, pageCompression=1)
        self.page = 0
        self.w, self.h = A4
        self.left = self.right = self.top = self.bottom = 72.0
        self.y = 0.0

    @property
    def text_width(self) -> float:
        return self.w - self.left - self.right

    def new_page(self, *, wide: bool = False) -> None:
        if self.page:
            self._furniture()
            self.c.showPage()
        self.page += 1
        wide = wide and self.layout.wide == "landscape"
        self.w, self.h = landscape(A4) if wide else A4
        self.c.setPageSize((self.w, self.h))
        self.left = self.right = 36.0 if wide else 54.0
        self.top = self.bottom = 50.0 if wide else 64.0
        self.y = self.h - self.top

    def _furniture(self) -> None:
        if self.page == 1:
            return  # the cover has neither
        font = self.layout.font
        if self.layout.running_header:
            text = self.doc.running_header
            self.draw((self.w - width(text, font, 9)) / 2, self.h - 30, text, 9, font)
        number = self.layout.page_number.format(n=self.page, total=self.total or "?")
        self.draw((self.w - width(number, font, 9)) / 2, 26, number, 9, font)

    def finish(self) -> bytes:
        self._furniture()
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()

    def room(self) -> float:
        return self.y - self.bottom

    def draw(self, x: float, y: float, text: str, size: float, font: str, *, bold: bool = False) -> None:
        """Text at baseline ``y``; bold as word processors fake it (fill and stroke)."""
        t = self.c.beginText(x, y)
        if bold:
            self.c.setLineWidth(size * 0.03)
        t.setTextRenderMode(2 if bold else 0)  # text state outlives the text object: always set
        for f, run in runs(text, font):
            t.setFont(f, size)
            t.textOut(run)
        self.c.drawText(t)

    def centred(self, text: str, size: float, *, bold: bool = False, after: float = 0.0) -> None:
        font = self.layout.font
        while width(text, font, size) > self.text_width and size > 8:
            size -= 0.5  # a title stays on one line
        if self.room() < size * 2:
            self.new_page()
        self.y -= size * 1.3
        self.draw((self.w - width(text, font, size)) / 2, self.y, text, size, font, bold=bold)
        self.y -= size * 0.4 + after

    def paragraph(self, text: str, size: float, *, bold: bool = False, kind: str = "text") -> None:
        font = self.layout.font
        indent = 2 * size if self.layout.indent else 0.0
        lines = wrap(text, kind, self.text_width, lambda s: width(s, font, size), first=self.text_width - indent)
        lead = size * 1.6
        if not self.layout.indent:
            self.y -= size * 0.8  # space between paragraphs instead of indents
        for i, line in enumerate(lines):
            if self.room() < lead:
                self.new_page()
            self.y -= lead
            self.draw(self.left + (indent if i == 0 else 0), self.y + size * 0.4, line, size, font, bold=bold)

    def two_ends(self, left: str, right: str, size: float) -> None:
        font = self.layout.font
        self.y -= size * 1.6
        self.draw(self.left, self.y, left, size, font)
        self.draw(self.w - self.right - width(right, font, size), self.y, right, size, font)
        self.y -= size * 0.6


def render(doc: Document, layout: Layout) -> bytes:
    """The document as a PDF; laid out twice when the page numbers say the page count."""
    data, pages = _render(doc, layout, 0)
    if "{total}" in layout.page_number:
        data, _ = _render(doc, layout, pages)
    return data


def _render(doc: Document, layout: Layout, total: int) -> tuple[bytes, int]:
    from .reportlab_grid import draw_table

    w = Writer(layout, doc, total)
    w.new_page()
    first_table = True
    for block in doc.blocks:
        if isinstance(block, Table):
            if block.title:
                w.new_page(wide=block.wide)
                _table_top(w, doc, block)
            elif first_table:
                w.y -= 6
            draw_table(w, block)
            continue
        _para(w, block)
    return w.finish(), w.page


def _para(w: Writer, p: Para) -> None:
    if p.style == "cover":
        w.y -= 200
        w.centred(p.text, 22, bold=True)
        w.y -= 320
    elif p.style == "date":
        w.centred(p.text, 14)
    elif p.style == "contents-title":
        w.new_page()
        w.centred(p.text, 18, bold=True, after=10)
    elif p.style == "contents":
        w.paragraph(p.text, 11)
    elif p.style == "part":
        w.new_page()
        w.centred(p.text, 16, bold=True, after=8)
    elif p.style == "divider":
        w.new_page()
        w.y -= 200
        w.centred(p.text, 22, bold=True)
    else:
        w.paragraph(p.text, 12, bold=p.style == "heading")


def _table_top(w: Writer, doc: Document, t: Table) -> None:
    lines = title_lines(t, w.layout.title)
    if len(lines) == 2:
        w.centred(lines[0], 11)
    w.centred(lines[-1], 15, bold=True, after=2)
    if t.unit_line:
        w.two_ends(f"单位名称：{doc.department}", "单位：万元", 9)
    else:
        w.two_ends(f"{doc.year}年度", "单位：万元", 9)
