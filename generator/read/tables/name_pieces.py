"""Text without positions (pdfplumber's ``extract_text``): a row's name wrapped over two lines
centred on its amounts, the amounts on a line of their own between them, each of the two lines
a piece of the name and then a line of the long text beside it (a key project's goal, a task's
content): ``智慧城区与数字政府建设 传输正常…`` / ``21021`` / ``管理 用 AP 及带宽…``."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..words import SLACK_UNITS, display_width

SENTENCE = re.compile(r"[，。；、：,;:%％]")  # a sentence's punctuation: never a name's
BRACKETS = re.compile(r"[()（）]")  # a name may hold them (信息化新建项目(非政府投资项目))


def names_around(
    lines: list[str], lone: Callable[[str], bool], is_row: Callable[[str], bool]
) -> tuple[list[str], dict[int, str]]:
    """The names of the amounts' lines (``lone``) found so, by line, and the lines with the two
    around each cut to their long text's part.  Taken only where the line above is wider than
    the long text's column holds (its widest line but those next to such amounts, with room for
    what proportional type cannot tell) and without its first word is not, so that word is no
    line of that text's: the name is two lines or more, and centred, as many below the amounts as above; the lines two away must not be as
    wide (a name of four lines is left as it is).  Each piece ends at its line's first space,
    one between two Chinese characters (a name holds no such space), or after the bracket that
    closes one the name opened.  ``is_row``: a line of a row's name and amounts."""
    amounts = [y for y, t in enumerate(lines) if lone(t)]
    near = {y + d for y in amounts for d in (-1, 0, 1)}
    room = max((display_width(t) for y, t in enumerate(lines) if y not in near and not is_row(t)), default=0)
    out, names = list(lines), {}
    for y in amounts if room else []:
        if not 1 <= y < len(lines) - 1 or any(_too_wide(lines[z], room) for z in (y - 2, y + 2) if 0 <= z < len(lines)):
            continue
        above = _piece(lines[y - 1], is_row)
        below = _piece(lines[y + 1], is_row, closing=_open(above))
        name = above + below
        if not above or not below or SENTENCE.search(BRACKETS.sub("", name)):
            continue
        if not _too_wide(lines[y - 1], room) or _too_wide(lines[y - 1][len(above) :], room):
            continue  # the line above: too wide for the long text alone, not without its first word
        out[y - 1], out[y + 1] = lines[y - 1][len(above) :].strip(), lines[y + 1][len(below) :].strip()
        names[y] = name
    return out, names


def _piece(text: str, is_row: Callable[[str], bool], closing: bool = False) -> str:
    """What a line starts with up to its first space, where that space stands between two
    Chinese characters and the line is no row's; with ``closing`` (a bracket of the name is
    open), also where the piece ends with the bracket's closing one; else ""."""
    k = text.find(" ")
    if k <= 0 or is_row(text):
        return ""
    if closing and text[k - 1] in ")）":
        return text[:k]
    return text[:k] if not text[k - 1].isascii() and not text[k + 1].isascii() else ""


def _open(text: str) -> bool:
    """Does the text open a bracket it does not close?"""
    return sum(ch in "(（" for ch in text) > sum(ch in ")）" for ch in text)


def unbalanced(name: str) -> bool:
    """Whether a name opens a bracket it does not close, or closes one it did not open: a piece of
    a name wrapped in its cell (``信息化新建项目`` / ``（非政府投资项`` / ``目）``), the rest of it on
    lines the text does not tell."""
    depth = 0
    for ch in name:
        depth += ch in "（("
        depth -= ch in "）)"
        if depth < 0:
            return True
    return depth != 0


def _too_wide(text: str, room: int) -> bool:
    """Is the line wider than the column holds, even with the doubt of its ASCII characters?"""
    return display_width(text) - SLACK_UNITS - sum(1 for ch in text if ch.isascii()) / 2 > room
