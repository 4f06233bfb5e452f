"""English for the pages: standard labels from the terminology dictionary, sentences from gettext.

Two sources, one interface.  ``Translator.label`` looks a standard label up in
``content/i18n/terms.en.yml`` (classification subjects by code, summary items, projects,
units, glossary terms); ``Translator.sentence`` asks the gettext catalog of the documents' own
sentences (``content/i18n/en.po``, see ``generator/site/i18n.py``) and falls back to the label
dictionary.  Every lookup returns a ``Phrase`` that knows its language: a string with no
English yet is returned in Chinese with ``lang="zh"``, never blank, and is counted as missing
so the build can report coverage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..chinese import has_chinese, numbering
from . import format as fmt

LANGS = ("zh", "en")

TranslateFn = Callable[[str, str], tuple[str, bool]]


def _english(p: Phrase) -> Phrase:
    """English as the English pages write it: amounts and punctuation (format.english)."""
    return Phrase(fmt.english(p.text), "en") if p.lang == "en" else p


class Phrase(NamedTuple):
    """A piece of text and the language it is actually in."""

    text: str
    lang: str


def _local_translate(text: str, lang: str) -> tuple[str, bool]:
    """Nothing translated: every sentence stays Chinese."""
    return text, lang == "zh"


_TENS = ("", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC")
_ONES = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


def roman(n: int) -> str:
    """1–99 in Roman numerals."""
    return _TENS[n // 10] + _ONES[n % 10]


def split_numbering(text: str) -> tuple[str, str]:
    """(English numbering prefix, label without its numbering): 一、 → I., （一） → (1), 1. → 1."""
    kind, n, rest = numbering(text)
    if not kind or not 0 < n < 100:
        return "", text
    if kind == "cn":
        return roman(n) + ". ", rest
    if kind == "paren":
        return f"({n}) ", rest
    return f"{n}. ", rest


def normalize(text: str) -> str:
    """The key a label is looked up by: no white space, full-width parentheses."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


@dataclass
class GlossaryTerm:
    zh: str
    en: str
    also: tuple[str, ...] = ()
    also_en: tuple[str, ...] = ()


@dataclass
class Terms:
    """The terminology dictionary (content/i18n/terms.en.yml)."""

    schemes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # scheme → code → (zh, en)
    labels: dict[str, str] = field(default_factory=dict)  # normalized zh → en
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Terms:
        data: dict[str, Any] = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}
        data = data or {}
        terms = cls()
        for scheme in ("functional", "economic", "procurement"):
            entries = data.get(scheme) or {}
            terms.schemes[scheme] = {str(code): (str(v["zh"]), str(v["en"])) for code, v in entries.items()}
            for zh, en in terms.schemes[scheme].values():
                terms.labels.setdefault(normalize(zh), en)
        for section in ("labels", "units", "districts"):
            for zh, en in (data.get(section) or {}).items():
                terms.labels[normalize(str(zh))] = str(en)
        for zh, v in (data.get("glossary") or {}).items():
            term = GlossaryTerm(
                str(zh),
                str(v["en"]),
                tuple(str(a) for a in v.get("also", ())),
                tuple(str(a) for a in v.get("also_en", ())),
            )
            terms.glossary[str(zh)] = term
            terms.labels.setdefault(normalize(str(zh)), term.en)
        return terms

    def add_label(self, zh: str, en: str) -> None:
        if zh and en:
            self.labels.setdefault(normalize(zh), en)


@dataclass
class Coverage:
    found: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    # text → what it is shown for (budget ids), in the order first shown
    where: dict[str, set[str]] = field(default_factory=dict)

    def note(self, text: str, ok: bool, where: str = "") -> None:
        (self.found if ok else self.missing).add(text)
        places = self.where.setdefault(text, set())
        if where:
            places.add(where)

    @property
    def total(self) -> int:
        return len(self.found | self.missing)

    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * len(self.found - self.missing) / self.total

    def merge(self, other: Coverage) -> None:
        self.found |= other.found
        self.missing |= other.missing
        for text, places in other.where.items():
            self.where.setdefault(text, set()).update(places)


@dataclass
class Translations:
    """What pages looked up in the dictionary and the catalog: found or missing, and for which
    budget (kept with each page's cache entry, merged for the build's report)."""

    labels: Coverage = field(default_factory=Coverage)
    sentences: Coverage = field(default_factory=Coverage)

    def merge(self, other: Translations) -> Translations:
        self.labels.merge(other.labels)
        self.sentences.merge(other.sentences)
        return self

    def report(self) -> list[str]:
        """The coverage of the English pages, and the first strings still untranslated."""
        lines = []
        for name, cov in (("labels", self.labels), ("sentences", self.sentences)):
            done = len(cov.found - cov.missing)
            lines.append(f"translation coverage (en) {name}: {done}/{cov.total} ({cov.percent():.1f}%)")
        missing = sorted(self.labels.missing | self.sentences.missing)
        lines += [f"  untranslated: {s[:70]}" for s in missing[:10]]
        if len(missing) > 10:
            lines.append(f"  … and {len(missing) - 10} more untranslated strings (python -m generator strings)")
        return lines


@dataclass
class Translator:
    terms: Terms
    translate: TranslateFn = _local_translate
    labels_coverage: Coverage = field(default_factory=Coverage)
    sentences_coverage: Coverage = field(default_factory=Coverage)
    where: str = ""  # what is being rendered (a budget's id), recorded with each sentence

    def label(self, zh: str, lang: str, *, code: str | None = None, scheme: str | None = None) -> Phrase:
        """A standard label (table row name, unit, project …) in ``lang``."""
        return _english(self._label(zh, lang, code=code, scheme=scheme))

    def sentence(self, zh: str, lang: str) -> Phrase:
        """A sentence of the document (section text, definition, goal …) in ``lang``."""
        return _english(self._sentence(zh, lang))

    def _label(self, zh: str, lang: str, *, code: str | None = None, scheme: str | None = None) -> Phrase:
        zh = (zh or "").strip()
        if lang == "zh" or not zh:
            return Phrase(zh, "zh")
        if not has_chinese(zh):
            return Phrase(zh, lang)
        if code and scheme and code in self.terms.schemes.get(scheme, {}):
            en = self.terms.schemes[scheme][code][1]
            self.labels_coverage.note(zh, True)
            return Phrase(en, "en")
        prefix, rest = split_numbering(zh)
        known = self.terms.labels.get(normalize(rest))
        if known is None:
            text, ok = self.translate(zh, lang)
            if ok:
                self.labels_coverage.note(zh, True)
                return Phrase(text, "en")
            self.labels_coverage.note(zh, False)
            return Phrase(zh, "zh")
        self.labels_coverage.note(zh, True)
        return Phrase(prefix + known, "en")

    def _sentence(self, zh: str, lang: str) -> Phrase:
        raw = zh or ""
        zh = raw.strip()
        if lang == "zh" or not zh:
            return Phrase(zh, "zh")
        if not has_chinese(zh):
            return Phrase(zh, lang)  # '≥99%', '1': nothing to translate
        text, ok = self.translate(zh, lang)
        if not ok and raw != zh:
            text, ok = self.translate(raw, lang)
        if ok and text.strip():
            self.sentences_coverage.note(zh, True, self.where)
            return Phrase(text, "en")
        prefix, rest = split_numbering(zh)
        en = self.terms.labels.get(normalize(rest))
        if en is not None:
            self.sentences_coverage.note(zh, True, self.where)
            return Phrase(prefix + en, "en")
        self.sentences_coverage.note(zh, False, self.where)
        return Phrase(zh, "zh")

    @property
    def translations(self) -> Translations:
        return Translations(self.labels_coverage, self.sentences_coverage)
