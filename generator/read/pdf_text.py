"""A PDF page's characters → printed lines and cell texts (pdfplumber's character dicts).

- Characters printed twice in one place (bold by over-printing) are read once, text set at a
  slant (a watermark) is left out, and radicals a font's text layer gives for the ideographs
  it prints are read as those ideographs (``ideographs``).
- Lines are characters grouped by their vertical position, with a space where the PDF has a
  space character or a gap wider than letter spacing; a line's *runs* are the stretches of it
  apart by more than a word space (the cells of a table printed without rules).
- A cell's lines are joined the way the data contract joins text (no space between CJK, one
  between ASCII words); a number wrapped inside a narrow cell is joined without a space, and
  text turned by 90° (a header in a narrow column) is read in the direction it runs.
"""

from __future__ import annotations

import functools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from .words import RADICALS, joins_tight

SPACES = {" ", "\u00a0", "\u3000", "\u2002", "\u2003", "\u2009"}
CJK_RANGES = (
    (0x2E80, 0x9FFF),  # CJK radicals, punctuation, kana, unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # vertical forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x2010, 0x2027),  # dashes, quotes “ ” ‘ ’, … (printed full width by Chinese fonts)
    (0x2160, 0x2193),  # roman numerals, arrows
    (0x2460, 0x24FF),  # circled numbers ①
    (0x2500, 0x25FF),  # box drawing, shapes
)
NUMBER_PIECE = re.compile(r"^-?[\d,]*\.?[\d,]*$")

_WIDE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in CJK_RANGES) + "]")


def is_cjk(ch: str) -> bool:
    """A character printed full width (CJK text is set solid: no gap between characters)."""
    return _WIDE.match(ch) is not None


def join_pieces(pieces: Sequence[str]) -> str:
    """Lines of one cell or paragraph → one text: no space where a CJK character meets the
    break, one space between two ASCII words; the pieces of a number wrapped in a narrow
    cell are joined without a space."""
    pieces = [p for p in (p.strip() for p in pieces) if p]
    if len(pieces) > 1 and all(NUMBER_PIECE.match(p) and any(c.isdigit() or c == "." for c in p) for p in pieces):
        return "".join(pieces)
    out = ""
    for p in pieces:
        if out and not joins_tight(out[-1]) and not joins_tight(p[0]):
            out += " "
        out += p
    return out


# ---------------------------------------------------------------------------- characters → lines


@dataclass
class TextLine:
    """One printed line: its text and where it stands."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    chars: list[dict] = field(default_factory=list, repr=False)  # its characters with ink
    spaced: list[dict] = field(default_factory=list, repr=False)  # and its space characters

    @functools.cached_property
    def first_word(self) -> float:
        """Width of the first word (up to where the line could have been broken)."""
        return _first_word_width(self.spaced)

    @functools.cached_property
    def segments(self) -> list[tuple[float, float, str]]:
        """Runs of text split at gaps wider than a space (the cells of a rule-less table)."""
        return _segments(self.chars)


def _size(ch: dict) -> float:
    return float(ch.get("size") or (ch["bottom"] - ch["top"]) or 10.0)


def has_ink(ch: dict) -> bool:
    t = ch["text"]
    return bool(t.strip()) and t not in SPACES


def line_text(chars: list[dict]) -> str:
    """Characters of one line (left to right) → text: a space where the PDF prints one, or
    where a gap is wider than letter spacing (solid CJK text needs a wide gap)."""
    out: list[str] = []
    prev: dict | None = None
    for ch in chars:
        if not has_ink(ch):
            if out and out[-1] != " ":
                out.append(" ")
            continue
        t = ch["text"]
        if prev is not None and out[-1] != " ":
            gap = ch["x0"] - prev["x1"]
            size = max(_size(ch), _size(prev))
            cjk = is_cjk(prev["text"][-1]) and is_cjk(t[0])
            if gap > (0.8 if cjk else 0.2) * size:
                out.append(" ")
        out.append(t)
        prev = ch
    return "".join(out).strip()


# Line-breaking rules of Chinese typesetting (禁则): no line starts with closing punctuation,
# none ends with opening punctuation; a character and the punctuation it holds move together.
NO_BREAK_BEFORE = set("，。、；：？！）)」』》〉】〕”’%‰…,.;:?!")
NO_BREAK_AFTER = set("（(「『《〈【〔“‘")


def _first_word_width(chars: list[dict]) -> float:
    """Width of what the line starts with up to the first place the line could have been
    broken: after a CJK character, or at a space between two ASCII words (a break where a
    space meets a CJK character would lose the space: ``2024 年`` is not broken), but not
    before closing punctuation or after opening punctuation (``理。`` and ``“12345”`` go to the
    next line whole)."""
    first: dict | None = None
    end: dict | None = None
    space = False
    for ch in chars:
        if not has_ink(ch):
            space = first is not None
            continue
        if first is None or end is None:
            first = end = ch
            continue
        if not space:
            cjk = is_cjk(end["text"][-1]) and is_cjk(ch["text"][0])
            space = ch["x0"] - end["x1"] > (0.8 if cjk else 0.2) * max(_size(ch), _size(end))
        x, y = joins_tight(end["text"][-1]), joins_tight(ch["text"][0])
        held = ch["text"][0] in NO_BREAK_BEFORE or end["text"][-1] in NO_BREAK_AFTER
        if not held and ((not space and (x or y)) or (space and not x and not y)):
            break  # a line could break here
        end, space = ch, False
    if first is None or end is None:
        return 0.0
    return float(end["x1"] - first["x0"])


def runs(ink: list[dict]) -> list[list[dict]]:
    """The line's characters cut where the gap is wider than a space: the cells of a table
    printed without rules."""
    runs: list[list[dict]] = []
    for ch in ink:
        if runs and ch["x0"] - runs[-1][-1]["x1"] <= 0.4 * _size(ch):
            runs[-1].append(ch)
        else:
            runs.append([ch])
    return runs


def _segments(ink: list[dict]) -> list[tuple[float, float, str]]:
    return [(r[0]["x0"], r[-1]["x1"], line_text(r)) for r in runs(ink)]


def group_lines(chars: list[dict]) -> list[TextLine]:
    """Characters → printed lines, top to bottom."""
    if not chars:
        return []
    chars = sorted(chars, key=lambda c: (c["top"] + c["bottom"]) / 2)
    groups: list[list[dict]] = []
    centre = 0.0
    for ch in chars:
        c = (ch["top"] + ch["bottom"]) / 2
        if groups and abs(c - centre) <= 0.45 * min(_size(ch), _size(groups[-1][0])):
            groups[-1].append(ch)
            centre += (c - centre) / len(groups[-1])
        else:
            groups.append([ch])
            centre = c
    lines = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        ink = [c for c in g if has_ink(c)]
        text = line_text(g)
        if not ink or not text:
            continue
        lines.append(
            TextLine(
                text=text,
                x0=min(c["x0"] for c in ink),
                x1=max(c["x1"] for c in ink),
                top=min(c["top"] for c in ink),
                bottom=max(c["bottom"] for c in ink),
                size=statistics.median(_size(c) for c in ink),
                chars=ink,
                spaced=g,
            )
        )
    return lines


def _rotated_text(chars: list[dict]) -> str:
    """Text turned by 90° (a header in a narrow column): columns of characters, each read in
    the direction the text runs."""
    cols: list[list[dict]] = []
    for ch in sorted(chars, key=lambda c: (c["x0"] + c["x1"]) / 2):
        cx = (ch["x0"] + ch["x1"]) / 2
        if cols and abs(cx - (cols[-1][0]["x0"] + cols[-1][0]["x1"]) / 2) <= 0.45 * _size(ch):
            cols[-1].append(ch)
        else:
            cols.append([ch])
    upward = (chars[0].get("matrix") or (1, 0, 0, 1, 0, 0))[1] > 0  # running bottom to top
    pieces = []
    for col in cols:
        col.sort(key=lambda c: -c["bottom"] if upward else c["top"])
        pieces.append("".join(c["text"] for c in col if has_ink(c)))
    if not upward:
        pieces.reverse()  # top-to-bottom text: its lines follow each other right to left
    return join_pieces(pieces)


def cell_text(chars: list[dict]) -> str:
    upright = [c for c in chars if c.get("upright", True)]
    turned = [c for c in chars if not c.get("upright", True) and has_ink(c)]
    parts = []
    if upright:
        parts.append(join_pieces([ln.text for ln in group_lines(upright)]))
    if turned:
        parts.append(_rotated_text(turned))
    return join_pieces(parts)


def dedupe(chars: list[dict], tolerance: float = 1.0) -> list[dict]:
    """Characters printed twice in (nearly) the same place — bold made by over-printing, text
    drawn again by a careless producer — are read once.  The same test as pdfplumber's
    ``dedupe_chars`` (same text, font and size within ``tolerance`` points), on a grid of
    buckets so it stays linear."""
    kept: list[dict] = []
    seen: dict[tuple, list[dict]] = {}
    for ch in chars:
        key = (ch["text"], ch.get("fontname"), round(float(ch.get("size") or 0), 1))
        bx, by = int(ch["x0"] // 4), int(ch["top"] // 4)
        duplicate = False
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for other in seen.get((*key, bx + dx, by + dy), ()):
                    if abs(other["x0"] - ch["x0"]) <= tolerance and abs(other["top"] - ch["top"]) <= tolerance:
                        duplicate = True
        if not duplicate:
            kept.append(ch)
            seen.setdefault((*key, bx, by), []).append(ch)
    return kept


def slanted(ch: dict) -> bool:
    """Text set at an angle (a watermark across the page), neither level nor turned by 90°."""
    m = ch.get("matrix") or (1, 0, 0, 1, 0, 0)
    return abs(m[0]) > 0.01 and abs(m[1]) > 0.01


# ---------------------------------------------------------------------------- radicals for ideographs


def ideographs(chars: list[dict]) -> list[dict]:
    """Characters with radicals in the text layer read as the ideographs printed (``words.RADICALS``)."""
    out = []
    for ch in chars:
        t = ch["text"]
        if t and "\u2e80" <= t[0] <= "\u2fdf":
            ch = {**ch, "text": t.translate(RADICALS)}
        out.append(ch)
    return out
