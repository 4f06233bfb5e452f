"""Whether a line of text without positions ended before its column's right margin, told from
its characters alone (pdfplumber's ``extract_text()``, ``pdftotext`` without ``-layout``).

A renderer fills a line until the next unbreakable piece would not fit.  A line that could have
held the next line's first piece therefore ended its paragraph.  The widths are bounded, not
guessed: an ideograph is one em in every CJK font; full-width punctuation one em or, where a
renderer compresses it (、。 beside each other, quotes from a Latin font), half of one; digits,
Latin letters and spaces between a fifth of an em and one em.  The column's width is bounded from
below by the widest line at its narrowest; a line "has room" only when even at its widest, with
the next piece at its widest, it stays inside that bound.  A paragraph's first line may be
indented (two em, 首行缩进); the document says whether its first lines are.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

# Chinese line breaking (禁则): no line starts with closing punctuation, none ends with opening.
NO_LINE_START = frozenset("）)」』】〕”’》〉］｝，。、；：？！…%,.;:?!")
NO_LINE_END = frozenset("（(「『【〔“‘《〈［｛")
INDENT = 2.0  # em: a paragraph's first line indented by two characters
SENTENCE_END = re.compile(r"[。：:；！？”]$")


def _wide(ch: str) -> bool:
    return ord(ch) > 0x7F and unicodedata.east_asian_width(ch) in "WFA"


def _ideograph(ch: str) -> bool:
    return _wide(ch) and unicodedata.category(ch) == "Lo"


def _cjk_punctuation(ch: str) -> bool:
    """Punctuation of the CJK blocks (、。（）：，), which CJK fonts draw one em wide; not the
    ambiguous characters (· “ ” — ≥), which may come from a Latin font, narrower."""
    return "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


_ASCII_BOUNDS = {**dict.fromkeys("0123456789", (0.44, 0.6)), **dict.fromkeys(" .,:;'", (0.2, 0.5)), "%": (0.5, 0.9)}


def _bounds(ch: str, solid: bool) -> tuple[float, float]:
    if _ideograph(ch):
        return 1.0, 1.0
    if _cjk_punctuation(ch):
        return (1.0 if solid else 0.5), 1.0
    return _ASCII_BOUNDS.get(ch, (0.2, 1.0))


def em_width(text: str, solid: bool = False) -> tuple[float, float]:
    """The printed width of ``text`` in em: at least, at most (``solid``: full-width punctuation
    is set one em wide)."""
    lo = hi = 0.0
    for ch in text:
        a, b = _bounds(ch, solid)
        lo, hi = lo + a, hi + b
    return lo, hi


def first_piece(text: str) -> str:
    """What a line starts with up to the first place where any renderer may break it: between
    two CJK characters, not before closing punctuation nor after opening punctuation.  ASCII
    runs stay whole, and so does a space beside CJK text (``较 2023 年``): some renderers do not
    break there."""
    text = text.strip()
    for k in range(1, len(text)):
        a, b = text[k - 1], text[k]
        if _wide(a) and _wide(b) and a not in NO_LINE_END and b not in NO_LINE_START:
            return text[:k]
    return text


@dataclass(frozen=True)
class Column:
    width: float  # em: at most the text column's width (the widest line at its narrowest)
    indent: float  # em: how far a paragraph's first line may be indented


def column(texts: list[str], first: list[bool], last: list[bool]) -> Column:
    """The column the lines ``texts`` were set in.  ``first``: the line is surely a paragraph's
    first (after a heading); ``last``: the line may end its paragraph."""
    inside = [
        k for k in range(1, len(texts) - 1) if not first[k] and not last[k] and not last[k - 1]
    ]  # lines surely inside a paragraph, neither its first nor its last: full
    return Column(_width(texts, inside), _indent(texts, first, last, inside))


def _width(texts: list[str], inside: list[int]) -> float:
    """At most the column's width: the widest line at its narrowest.  Where the lines surely
    inside paragraphs are all full with full-width punctuation one em wide (no such line has room
    for the next line's first piece), punctuation is taken as set solid; else at half its width."""
    solid = max((em_width(t, solid=True)[0] for t in texts), default=0.0)
    full = all(em_width(texts[k])[1] + em_width(first_piece(texts[k + 1]))[1] > solid for k in inside)
    if inside and full:
        return solid
    return max((em_width(t)[0] for t in texts), default=0.0)


def _indent(texts: list[str], first: list[bool], last: list[bool], inside: list[int]) -> float:
    """First lines are indented when the wrapped first lines are at least 1.5 em shorter than
    the lines inside paragraphs (medians of the lines without ASCII, whose widths are told
    best); not told (no such lines) counts as indented, which only ever asks more room of a line."""
    firsts = [_nominal(t) for t, f, e in zip(texts, first, last, strict=True) if f and not e and _nominal(t)]
    others = [_nominal(texts[k]) for k in inside if _nominal(texts[k])]
    if not firsts or not others:
        return INDENT
    return INDENT if statistics.median(others) - statistics.median(firsts) >= 1.5 else 0.0


def _nominal(text: str) -> float:
    """The width in em of a line of ideographs and CJK punctuation only, the punctuation one em
    (0: a line with other characters, whose widths are not told)."""
    return 0.0 if any(not _ideograph(ch) and not _cjk_punctuation(ch) for ch in text) else float(len(text))


def has_room(text: str, nxt: str, col: Column, may_be_first: bool) -> bool:
    """Could ``text`` have held the first piece of ``nxt``, however its characters were set
    (and, when it may be a paragraph's first line, indented)?"""
    indent = col.indent if may_be_first else 0.0
    return em_width(text)[1] + em_width(first_piece(nxt))[1] + indent <= col.width
