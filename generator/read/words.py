"""Rules for printed text that every reader shares: what counts as CJK, printed width, labels and
long text as the data contract normalises them, page numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from ..chinese import SET_SOLID

CJK = SET_SOLID  # what Chinese text sets solid (generator/chinese.py)
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


# What a width counted in characters cannot tell (proportional digits, narrow punctuation), in
# half-width units: a line is full when the next word would not fit even with this much room.
SLACK_UNITS = 3


def is_full(text: str, nxt: str, room: int) -> bool:
    """Is ``text`` a full line of a column ``room`` wide (half-width units): would the first
    word of the line after it not have fitted on it?  A width counted in characters is exact
    for Chinese but not for digits, Latin letters and spaces, which a proportional font sets
    narrower or wider: half a unit of doubt for each of them."""
    doubt = SLACK_UNITS + sum(1 for ch in text if ch.isascii()) / 2
    return display_width(text) + first_word_width(nxt) > room - doubt


def first_word_width(text: str) -> int:
    """Printed width of what a line starts with, up to where it could have been broken: one
    character next to which a break is possible (``joins_tight``), else an ASCII word."""
    text = text.strip()
    if not text or joins_tight(text[0]):
        return display_width(text[:1])
    word = re.match(r"[^\s]+?(?=\s|[^\x00-\x7f]|$)", text)
    return display_width(word.group(0) if word else text[:1])


def joins_tight(ch: str) -> bool:
    """A line break next to this character disappears when lines are joined: the data
    contract's rule, a break becomes a space only between two ASCII characters (words or
    numbers); next to CJK text, full-width punctuation or a sign such as ≥ it is no space."""
    return not ch.isascii()


def join_lines(parts: list[str]) -> str:
    """Long text joined across line breaks (``joins_tight``)."""
    out = ""
    for p in parts:
        p = _BLANKS.sub(" ", p.strip())
        if not p:
            continue
        if out and not joins_tight(out[-1]) and not joins_tight(p[0]) and out[-1] != " ":
            out += " "
        out += p
    return out.strip()


# Chinese printed with some fonts reaches the text layer as radicals: a font that draws 门 and
# the radical ⻔ with one glyph may map the glyph back to the radical's code point.  The Kangxi
# radicals (U+2F00–2FD5) map back by NFKC; the CJK Radicals Supplement (U+2E80–2EFF) has no
# decomposition, only Unicode's EquivalentUnifiedIdeograph.txt (Debian's unicode-data package
# installs it), read when it is there.
EQUIVALENT_IDEOGRAPHS = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
_RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


@cache
def _supplement() -> dict[str, str]:
    try:
        data = EQUIVALENT_IDEOGRAPHS.read_text(encoding="utf-8")
    except OSError:
        return {}
    table: dict[str, str] = {}
    for line in data.splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) == 2 and fields[0].strip() and ".." not in fields[0]:
            cp = int(fields[0], 16)
            if 0x2E80 <= cp <= 0x2EFF:
                table[chr(cp)] = chr(int(fields[1], 16))
    return table


def unify_radicals(text: str) -> str:
    """Radicals a text layer gives for the ideographs printed → the ideographs."""
    if not _RADICAL.search(text):
        return text
    supplement = _supplement()
    return _RADICAL.sub(lambda m: supplement.get(m.group(0)) or unicodedata.normalize("NFKC", m.group(0)), text)
