"""The order a reader looks a term up in: Chinese by pinyin (as a Chinese dictionary orders its
words: syllable by syllable, by the syllable's letters, then its tone), English alphabetically;
and the letter a term is filed under in an index.

Pinyin is pypinyin's (its phrase dictionary reads a character by the word it is in: 重点 zhòng,
银行 háng); punctuation and quotes (“三公”经费) are passed over."""

from __future__ import annotations

import unicodedata

from pypinyin import Style, lazy_pinyin

from ..chinese import has_chinese

OTHER = "#"  # the index letter of a term that starts with no letter


def _syllables(text: str) -> list[str]:
    """The term's syllables in pinyin with tone numbers ('san1', 'gong1'), its Latin words and
    digits as they are, lower-cased; punctuation left out."""
    parts = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    return [p.casefold() for p in parts if any(c.isalnum() for c in p)]


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
