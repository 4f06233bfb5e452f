"""The order a reader looks a term up in: Chinese by pinyin (as a Chinese dictionary orders its
words: syllable by syllable, by the syllable's letters, then its tone), English alphabetically;
and the letter a term is filed under in an index.

Pinyin is pypinyin's (its phrase dictionary reads a character by the word it is in: 重点 zhòng,
银行 háng); punctuation and quotes (“三公”经费) are passed over.  What it said of each text is
remembered (``pinyin``): importing pypinyin takes most of a second (its phrase dictionary), so a
build gives the memo its last build kept (``remember``, ``said``) and imports it only for a text
it has not seen."""

from __future__ import annotations

import unicodedata

from ..chinese import has_chinese

OTHER = "#"  # the index letter of a term that starts with no letter

# What pypinyin said of each text: ("tone3" or "plain", text) → its syllables as it gave them.
_said: dict[tuple[str, str], tuple[str, ...]] = {}


def pinyin(text: str, tones: bool = True) -> tuple[str, ...]:
    """pypinyin's syllables of ``text``: with tone numbers (``tones``: 'san1', a neutral tone 5),
    else plain ('shen', 'zhen'); what is not Chinese as it is."""
    key = ("tone3" if tones else "plain", text)
    hit = _said.get(key)
    if hit is None:
        from pypinyin import Style, lazy_pinyin

        parts = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True) if tones else lazy_pinyin(text)
        hit = _said[key] = tuple(parts)
    return hit


def said() -> dict[tuple[str, str], tuple[str, ...]]:
    """Everything pypinyin said in this process (and was remembered), to be kept."""
    return dict(_said)


def remember(memo: dict[tuple[str, str], tuple[str, ...]]) -> None:
    """What pypinyin said before (``said`` of an earlier process with the same pypinyin)."""
    _said.update(memo)


def _syllables(text: str) -> list[str]:
    """The term's syllables in pinyin with tone numbers ('san1', 'gong1'), its Latin words and
    digits as they are, lower-cased; punctuation left out."""
    return [p.casefold() for p in pinyin(text) if any(c.isalnum() for c in p)]


def _letters(text: str) -> str:
    """English text without accents, quotes or punctuation, lower-cased: what it is ordered by."""
    plain = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in w if c.isalnum()) for w in plain.casefold().split()).strip()


def _words(text: str, lang: str) -> list[str]:
    return _syllables(text) if lang == "zh" or has_chinese(text) else _letters(text).split()


def initial(text: str, lang: str) -> str:
    """The letter ``text`` is filed under on a page of ``lang``: its first pinyin letter
    (Chinese) or its first letter (English), upper case; ``OTHER`` for a term that starts with
    a digit, and on an English page for a term still in Chinese."""
    if lang == "en" and has_chinese(text):
        return OTHER
    words = _words(text, lang)
    first = words[0][:1].upper() if words else ""
    return first if "A" <= first <= "Z" else OTHER


def sort_key(text: str, lang: str) -> tuple[bool, tuple[str, ...], str]:
    """A key that orders the terms of a page of ``lang``: by pinyin (Chinese), alphabetically
    (English); the terms filed under ``OTHER`` last, so that every letter's terms are together."""
    return (initial(text, lang) == OTHER, tuple(_words(text, lang)), text)
