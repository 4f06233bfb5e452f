"""Rules for printed text that every reader shares: what counts as CJK, printed width, labels and
long text as the data contract normalises them, page numbers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..chinese import SET_SOLID

CJK = SET_SOLID  # what Chinese text sets solid (generator/chinese.py)
PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")
DASHED_PAGE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$")
# ``续表`` (or ``（续）``, ``表3（续）``) above a table going on over a page (white space removed):
# it says only that, and is neither part of the table nor of the text.
CONTINUED = re.compile(r"^(?:续表[\d一二三四五六七八九十]*|[（(]续表?[)）]|表[\d一二三四五六七八九十]+[（(]续[)）])$")

_CJK_CHAR = re.compile(f"[{CJK}]")
SPACES = re.compile(r"\s+")
_BLANKS = re.compile(r"[ \t]+")
_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
YEAR = re.compile(r"^(19|20)\d\d$")  # a year as printed alone: 2024


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


def cell_gap(text: str, k: int) -> bool:
    """Is the space at ``k`` between two Chinese characters (``…改善或提升 显著``, ``城市 费、…``)?
    Chinese text prints no space: text extracted from a page sets one for a gap between two
    cells."""
    return 0 < k < len(text) - 1 and text[k] == " " and not text[k - 1].isascii() and not text[k + 1].isascii()


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


# A CJK font may draw a radical and the ideograph it looks like with one glyph; a PDF's text
# layer then gives the glyph one of the two code points, often the radical's (the lower one):
# 门 printed, ⻔ in the text (Chromium printing Noto CJK does so).  No budget text is written in
# radicals, so each is read as its equivalent ideograph.  Kangxi Radicals (U+2F00–U+2FD5): their
# compatibility decomposition (NFKC).  CJK Radicals Supplement (U+2E80–U+2EF3), which has none:
# Unicode's Equivalent_Unified_Ideograph (EquivalentUnifiedIdeograph.txt, Unicode 15.0), as
# pairs, radical then ideograph.  Left out: ⺕ and ⺫, whose Unicode equivalents (U+2B739, 目)
# are not what fonts sharing their glyph print (彐, 罒): the reader cannot tell which it is.
RADICALS_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月"
    "⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王⺪𤴔⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌"
    "⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅"
    "⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄"
    "⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)
# The door radical ⼾: its decomposition is the traditional 戶 (U+6236), which Simplified Chinese
# has not (GB 2312 lacks it); Simplified Chinese fonts draw the radical as 户 (U+6237), the
# character of every 财政专户 in a budget.
SIMPLIFIED_FORMS = {"⼾": "户"}


def _radicals() -> dict[int, str]:
    table = {ord(a): b for a, b in zip(RADICALS_SUPPLEMENT[::2], RADICALS_SUPPLEMENT[1::2], strict=True)}
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    table.update({ord(a): b for a, b in SIMPLIFIED_FORMS.items()})
    return table


RADICALS = _radicals()


def unify_radicals(text: str) -> str:
    """Radicals a text layer gives for the ideographs printed → the ideographs (``RADICALS``)."""
    return text.translate(RADICALS)
