"""Text extractions of budget PDFs → lines, without the page furniture (page numbers, running
headers and footers: ``furniture.py``); the lines of ``pdftotext -layout`` text are marked as
such, so their tables are read by position (``layout.py``)."""

from __future__ import annotations

from dataclasses import replace

from ..model import BudgetError, Line
from .furniture import split_pages, text_furniture
from .layout import is_layout
from .words import unify_radicals


def decode_text(data: bytes, name: str) -> list[Line]:
    if not data.strip():
        raise BudgetError("the file is empty", source=name)
    if b"\x00" in data[:4096]:
        raise BudgetError("this is a binary file, not a text extraction of a budget", source=name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly anything
        raise BudgetError("the file is neither UTF-8 nor GB18030 text", source=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = unify_radicals(text)
    lines = without_furniture(text.split("\n"))
    if is_layout(lines):
        lines = [replace(ln, layout=True) for ln in lines]
    elif text.count("\f") >= 2:  # pdftotext without -layout: its reading order
        lines = [replace(ln, unordered=True) for ln in lines]
    return lines


def without_furniture(texts: list[str]) -> list[Line]:
    """The lines (numbered from 1, as in the file) that are not page furniture."""
    pages = split_pages(texts)
    title = next((t for t in texts if t.strip()), "")
    drop = text_furniture([[texts[i] for i in page] for page in pages], title)
    gone = {page[i] for page, idx in zip(pages, drop, strict=True) for i in idx}
    firsts = {next((i for i in page if i not in gone and texts[i].strip()), -1) for page in pages[1:]}
    return [
        Line(t.replace("\f", ""), n, new_page=n - 1 in firsts)
        for n, t in enumerate(texts, start=1)
        if n - 1 not in gone
    ]
