"""Text extractions of budget PDFs → lines, without the page furniture (page numbers, running
headers and footers: ``furniture.py``); the lines of ``pdftotext -layout`` text are marked as
such, so their tables are read by position (``layout.py``)."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import BudgetError, Line
from .furniture import split_pages, text_furniture
from .layout import is_layout
from .words import CONTINUED, SPACES, unify_radicals


def decode_text(data: bytes, name: str) -> list[Line]:
    text = text_of(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ").replace("\xa0", " ")
    text = unify_radicals(text)
    lines = without_furniture(text.split("\n"))
    if is_layout(lines):
        lines = [
            replace(ln, layout=True, after_blank=k > 0 and not ln.new_page and not lines[k - 1].text.strip())
            for k, ln in enumerate(lines)
        ]
    elif text.count("\f") >= 2:  # pdftotext without -layout: its reading order
        lines = [replace(ln, unordered=True) for ln in lines]
    return lines


# Control characters (C0, DEL, C1) but those text holds: tabs, line ends, pdftotext's form feeds.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def text_of(data: bytes, name: str) -> str:
    """The bytes of a text extraction as text, checked: UTF-8 (or GB18030, the other encoding
    Chinese text comes in); UTF-16 and UTF-32, NUL bytes, other control characters and UTF-8
    cut or damaged mid-file are reported as such, with the line, never read as far as they go."""
    if not data.strip():
        raise BudgetError("the file is empty", source=name)
    wide = _wide_encoding(data)
    if wide:
        raise BudgetError(f"this is {wide} text: save it as UTF-8 (e.g. iconv -f {wide} -t UTF-8)", source=name)
    n = data.count(b"\x00")
    if n:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        if n * 100 > len(data):
            raise BudgetError(
                f"NUL bytes (line {line}): this is a binary file, not a text extraction of a budget", source=name
            )
        raise BudgetError(
            f"{n} NUL byte(s), the first at line {line}: the file is damaged (text holds none)", source=name
        )
    text = _decoded(data, name)
    bad = CONTROL.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise BudgetError(
            f"control character U+{ord(bad.group()):04X} at line {line}: the file is damaged or not plain text",
            source=name,
        )
    return text


def _wide_encoding(data: bytes) -> str:
    """The name of the encoding, UTF-16 or UTF-32, when the bytes are text in one of them (by the
    byte-order mark; UTF-16 also by the zero byte of each ASCII character), else ""."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)  # UTF-16's ASCII characters: one zero byte
    if max(even, odd) >= 4 and min(even, odd) * 10 <= max(even, odd):
        try:
            head[: len(head) // 2 * 2].decode("utf-16-le" if odd > even else "utf-16-be")
            return "UTF-16"
        except UnicodeDecodeError:
            pass
    return ""


def _decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
            raise BudgetError(
                "the file ends in the middle of a character: it is cut off (extract or download it again)",
                source=name,
            ) from e
        mostly = data.decode("utf-8", "replace")
        wide = sum(1 for c in mostly if ord(c) > 0x7F)
        if mostly.count("\ufffd") < max(1, wide // 20):  # UTF-8, damaged here and there
            line = data[: e.start].count(b"\n") + 1
            raise BudgetError(f"not UTF-8 at line {line} (byte {e.start}): the file is damaged", source=name) from e
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise BudgetError(f"neither UTF-8 nor GB18030 text (line {line}, byte {e.start})", source=name) from e


def without_furniture(texts: list[str]) -> list[Line]:
    """The lines (numbered from 1, as in the file) that are not page furniture (nor ``续表``
    above a table going on over a page)."""
    pages = split_pages(texts)
    title = next((t for t in texts if t.strip()), "")
    drop = text_furniture([[texts[i] for i in page] for page in pages], title)
    gone = {page[i] for page, idx in zip(pages, drop, strict=True) for i in idx}
    gone |= {i for i, t in enumerate(texts) if CONTINUED.match(SPACES.sub("", t))}
    firsts = {next((i for i in page if i not in gone and texts[i].strip()), -1) for page in pages[1:]}
    return [
        Line(t.replace("\f", ""), n, new_page=n - 1 in firsts)
        for n, t in enumerate(texts, start=1)
        if n - 1 not in gone
    ]
