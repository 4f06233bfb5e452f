"""Rules for printed text that every reader shares: what counts as CJK, printed width, labels and
long text as the data contract normalises them, page numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、，。；：！？（）《》【】·…—"
PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")
DASHED_PAGE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$")

_CJK_CHAR = re.compile(f"[{CJK}]")
SPACES = re.compile(r"\s+")
_BLANKS = re.compile(r"[ \t]+")
_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _is_cjk(ch: str) -> bool:
    return _CJK_CHAR.match(ch) is not None


@lru_cache(maxsize=1 << 14)
def display_width(text: str) -> int:
    """Printed width in half-width units: a CJK character (and the punctuation a Chinese
    font prints full-width, such as “ ” and —) is as wide as two ASCII ones."""
    return sum(2 if ord(ch) > 0x7F and unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def label(text: str) -> str:
    """A label as data: white space removed, except one space between two ASCII words."""
    text = SPACES.sub(" ", text.strip())
    return _LONE_SPACE.sub("", text)


def join_lines(parts: list[str]) -> str:
    """Long text joined across line breaks: no space between CJK, one between ASCII words."""
    out = ""
    for p in parts:
        p = _BLANKS.sub(" ", p.strip())
        if not p:
            continue
        if out and not _is_cjk(out[-1]) and not _is_cjk(p[0]) and out[-1] != " ":
            out += " "
        out += p
    return out.strip()
