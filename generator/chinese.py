"""What counts as Chinese, and how Chinese text numbers things: one place for both.

The reader joins lines by ``SET_SOLID`` (``read/parse.py`` re-exports it as ``CJK``); the
site asks ``has_chinese`` whether a text needs a translation and marks ``CHINESE_RUN`` as
``lang="zh"`` on English pages; the checks, the pages and the translations read list
numbering (一、 （一） 1.) with ``numbering``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Han characters (CJK unified ideographs, extension A, compatibility ideographs): a text with
# one of them is Chinese.
IDEOGRAPHS = "\u3400-\u9fff\uf900-\ufaff"
# CJK symbols and punctuation, and full-width forms.
PUNCTUATION = "\u3000-\u303f\uff00-\uffef"
# What Chinese text sets solid: no space where two of these meet when a text's lines are
# joined (the ideographs, CJK punctuation and full-width forms, and the punctuation printed
# full width beside them).
SET_SOLID = PUNCTUATION + IDEOGRAPHS + "“”‘’、，。；：！？（）《》【】·…—"

_IDEOGRAPH = re.compile(f"[{IDEOGRAPHS}]")
# A run of Chinese: an ideograph, then ideographs and Chinese punctuation.
CHINESE_RUN = re.compile(f"[{IDEOGRAPHS}][{IDEOGRAPHS}{PUNCTUATION}]*")


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Chinese character (and so needs a translation)."""
    return _IDEOGRAPH.search(text) is not None


# ---------------------------------------------------------------------------- numbers

NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    """``n`` (1–99) in Chinese numerals: 1 → 一, 10 → 十, 11 → 十一, 23 → 二十三; else in digits."""
    if 1 <= n <= 10:
        return NUMERALS[n - 1]
    if 11 <= n <= 19:
        return "十" + NUMERALS[n - 11]
    if 20 <= n <= 99:
        return NUMERALS[n // 10 - 1] + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")
    return str(n)


def numeral_value(text: str) -> int:
    """The number Chinese numerals write (一 → 1, 十一 → 11, 二十三 → 23); 0 when not one."""
    if not text or any(ch not in NUMERALS for ch in text):
        return 0
    if "十" not in text:
        return NUMERALS.index(text) + 1 if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    t = NUMERALS.index(tens) + 1 if tens else 1
    o = NUMERALS.index(ones) + 1 if ones else 0
    return t * 10 + o if len(tens) <= 1 and len(ones) <= 1 and t < 10 and o < 10 else 0


# The numbering a list item, a heading or a summary's item is printed with: 一、 （一） 1.
DIGIT_MARK = r"\d{1,2}\s*[.．、]"
NUMBERING = re.compile(rf"^(?:(?P<cn>[{NUMERALS}]+)、|[（(](?P<paren>[{NUMERALS}]+)[）)]|(?P<digit>{DIGIT_MARK}))\s*")


class Numbered(NamedTuple):
    kind: str  # "cn" (一、), "paren" (（一）), "digit" (1.), "" (none)
    number: int  # its number (0 when none)
    rest: str  # the text after it


def numbering(text: str) -> Numbered:
    """How ``text`` is numbered, and the text without its numbering."""
    m = NUMBERING.match(text)
    if not m:
        return Numbered("", 0, text)
    rest = text[m.end() :]
    if m.group("cn"):
        return Numbered("cn", numeral_value(m.group("cn")), rest)
    if m.group("paren"):
        return Numbered("paren", numeral_value(m.group("paren")), rest)
    return Numbered("digit", int(re.sub(r"\D", "", m.group("digit"))), rest)
