"""English for the pages: standard labels from the dictionaries, sentences from gettext.

Two sources, one interface.  ``Translator.label`` translates a standard label: a row of a coded
table by its code, from the national classifications (``content/i18n/classification-*.csv``),
when the printed Chinese is the code's standard name; every other label (and a coded row whose
printed name is not the standard one, which is recorded as a ``NameMismatch`` for the build's
report) from the label dictionary: the fixed labels of the standard tables
(``content/i18n/labels.en.csv``), a budget's own labels, units, districts and glossary terms
(``content/i18n/terms.en.yml``) and the classifications' standard names, looked up by name.
``Translator.sentence`` asks the gettext catalog of the documents' own sentences
(``content/i18n/en.po``, see ``generator/site/i18n.py``) and falls back to the label dictionary.
Every lookup returns a ``Phrase`` that knows its language: a string with no English yet is
returned in Chinese with ``lang="zh"``, never blank, and is counted as missing so the build can
report coverage; a machine translation (a fuzzy entry of the catalog) is English marked
``machine``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..catalog import BY_RESOURCE, FIELD_KIND, SCHEME
from ..chinese import has_chinese, numbering
from ..classifications import ClassificationError, Classifications, load, load_labels, same_name
from ..model import Row
from ..read.documents import load_yaml, read_content, utf8_text
from . import format as fmt

TERMS_LIMIT = 16 << 20  # bytes: the dictionary is 16 KB for five budgets

LANGS = ("zh", "en")

# (Chinese text, language, the budget it is shown for) → (text, whether translated)
TranslateFn = Callable[[str, str, str], tuple[str, bool]]


def _english(p: Phrase) -> Phrase:
    """English as the English pages write it: amounts and punctuation (format.english)."""
    return Phrase(fmt.english(p.text), "en", p.machine) if p.lang == "en" else p


class Phrase(NamedTuple):
    """A piece of text and the language it is actually in; ``machine``: machine-translated
    (a fuzzy entry of the catalog), shown marked as such."""

    text: str
    lang: str
    machine: bool = False


def _local_translate(text: str, lang: str, where: str = "") -> tuple[str, bool]:
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


@dataclass
class GlossaryTerm:
    zh: str
    en: str
    also: tuple[str, ...] = ()
    also_en: tuple[str, ...] = ()


TERMS_FILE = "terms.en.yml"
# Sections terms.en.yml no longer holds: a code's English is in one place, its classification file.
_MOVED = {
    "functional": "classification-functional.csv",
    "economic": "classification-economic-department.csv or classification-economic-government.csv",
    "procurement": "classification-procurement.csv",
}


@dataclass
class Terms:
    """The dictionaries of content/i18n: the classifications, the label dictionary (labels.en.csv,
    the labels, units and districts of terms.en.yml, the classifications' names) and the
    glossary terms."""

    classifications: Classifications = field(default_factory=Classifications)
    labels: dict[str, str] = field(default_factory=dict)  # same_name(zh) → en
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)

    @classmethod
    def load(cls, content: Path) -> Terms:
        """The dictionaries of ``content``; a file that is not well formed raises
        ClassificationError naming it."""
        terms = cls(load(Path(content)))
        terms.labels = {k: label.en for k, label in load_labels(Path(content)).items()}
        path = Path(content) / "i18n" / TERMS_FILE
        data = _read_terms(path, Path(content))
        try:
            terms._add_sections(data, path)
        except (KeyError, TypeError, AttributeError, ValueError) as e:
            raise ClassificationError(
                f"{path}: not a dictionary the build can read ({type(e).__name__}: {e}): each entry needs "
                "zh and en (see docs/site.md)"
            ) from e
        for key, en in terms.classifications.names().items():
            terms.labels.setdefault(key, en)
        return terms

    def _add_sections(self, data: dict[str, Any], path: Path) -> None:
        terms = self
        for section in ("labels", "units", "districts"):
            for zh, en in (data.get(section) or {}).items():
                key = same_name(str(zh))
                if key in terms.labels and terms.labels[key] != str(en):
                    raise ClassificationError(
                        f"{path}: {section}: {zh} is also in labels.en.csv, as {terms.labels[key]!r}: keep one"
                    )
                terms.labels[key] = str(en)
        for zh, v in (data.get("glossary") or {}).items():
            term = GlossaryTerm(
                str(zh),
                str(v["en"]),
                tuple(str(a) for a in v.get("also", ())),
                tuple(str(a) for a in v.get("also_en", ())),
            )
            terms.glossary[str(zh)] = term
            terms.labels.setdefault(same_name(str(zh)), term.en)

    def add_label(self, zh: str, en: str) -> None:
        if zh and en:
            self.labels.setdefault(same_name(zh), en)

    def standard_name(self, family: str, code: str) -> str | None:
        """The standard Chinese name of ``code`` in a family of classifications."""
        found = self.classifications.entry(family, code)
        return found[1].zh if found else None


def _read_terms(path: Path, content: Path) -> dict[str, Any]:
    """The sections of terms.en.yml (read as every file of content/ is: a regular file under
    ``content``, UTF-8, well-formed YAML of a bounded size)."""
    if not os.path.lexists(path):
        return {}
    data = load_yaml(utf8_text(read_content(path, content, TERMS_LIMIT), str(path)), str(path)) or {}
    if not isinstance(data, dict):
        raise ClassificationError(f"{path}: expected sections (labels, units, districts, glossary)")
    for section, file in _MOVED.items():
        if section in data:
            raise ClassificationError(f"{path}: the {section} section is no longer read: a code's English is in {file}")
    return data


@dataclass(frozen=True)
class NameMismatch:
    """A coded row whose printed Chinese is not its code's standard name: shown with the label
    dictionary's English for what is printed (or in Chinese), never the code's."""

    budget: str
    table: str  # the resource
    code: str
    printed: str
    standard: str
    source: str  # where the standard name comes from (classifications.Entry.source)

    def message(self) -> str:
        spec = BY_RESOURCE.get(self.table)
        table = f"{spec.zh} ({self.table})" if spec else self.table
        source = (
            "recalled, unverified: to be checked against the Ministry of Finance's publication"
            if self.source == "recalled"
            else self.source
        )
        return (
            f"warning: {self.budget}: {table}: code {self.code} is printed as {self.printed!r}, "
            f"its standard name is {self.standard!r} (source: {source}); "
            "English from the label dictionary, not the code's"
        )


@dataclass
class Coverage:
    found: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    machine: set[str] = field(default_factory=set)  # missing, but machine-translated on the page
    # text → what it is shown for (budget ids), in the order first shown
    where: dict[str, set[str]] = field(default_factory=dict)

    def note(self, text: str, ok: bool, where: str = "", machine: bool = False) -> None:
        (self.found if ok else self.missing).add(text)
        if machine:
            self.machine.add(text)
        places = self.where.setdefault(text, set())
        if where:
            places.add(where)

    @property
    def total(self) -> int:
        return len(self.found | self.missing)

    def percent(self) -> float:
        return 100.0 if not self.total else 100.0 * len(self.found - self.missing) / self.total

    def short(self) -> set[str]:
        """The places (budgets) shown a text that is missing."""
        return {place for text in self.missing for place in self.where.get(text, ())}

    def by_place(self, only: set[str]) -> dict[str, Coverage]:
        """What was looked up for each place (budget) of ``only``, in one pass over the texts."""
        texts: dict[str, set[str]] = {}
        if only:
            for text, places in self.where.items():
                for place in places & only:
                    texts.setdefault(place, set()).add(text)
        return {
            place: Coverage(shown & self.found, shown & self.missing, shown & self.machine)
            for place, shown in texts.items()
        }

    def merge(self, other: Coverage) -> None:
        self.found |= other.found
        self.missing |= other.missing
        self.machine |= other.machine
        for text, places in other.where.items():
            self.where.setdefault(text, set()).update(places)


def _ratio(cov: Coverage) -> str:
    done = len(cov.found - cov.missing)
    machine = f", {len(cov.machine)} machine-translated" if cov.machine else ""
    return f"{done}/{cov.total} ({cov.percent():.1f}%){machine}"


@dataclass
class Translations:
    """What pages looked up in the dictionaries and the catalog: found or missing, and for which
    budget, and the coded rows whose printed name is not their code's (kept with each page's
    cache entry, merged for the build's report)."""

    labels: Coverage = field(default_factory=Coverage)
    sentences: Coverage = field(default_factory=Coverage)
    names: set[NameMismatch] = field(default_factory=set)

    def merge(self, other: Translations) -> Translations:
        self.labels.merge(other.labels)
        self.sentences.merge(other.sentences)
        self.names |= other.names
        return self

    def report(self, budgets: Iterable[str] = (), limit: int | None = 10) -> list[str]:
        """The coverage of the English pages, in all and for the first ``limit`` of ``budgets``
        not fully translated, and the first ``limit`` strings still untranslated (None: all of
        them; a budget's coverage is worked out only for those shown)."""
        lines = [
            f"translation coverage (en) {n}: {_ratio(c)}"
            for n, c in (("labels", self.labels), ("sentences", self.sentences))
        ]
        ids = sorted(budgets)
        short = self.sentences.short() | self.labels.short()  # only these budgets are not fully translated
        partial = [i for i in ids if i in short]
        listed = partial if limit is None else partial[:limit]
        sentences, labels = self.sentences.by_place(set(listed)), self.labels.by_place(set(listed))
        none = Coverage()
        for i in listed:
            lines.append(
                f"translation coverage (en) {i}: sentences {_ratio(sentences.get(i, none))}, "
                f"labels {_ratio(labels.get(i, none))}"
            )
        if len(partial) > len(listed):
            lines.append(f"  … and {len(partial) - len(listed)} more budget(s) not fully translated (build --verbose)")
        if ids:
            lines.append(
                f"translation coverage (en): {len(ids) - len(partial)} of {len(ids)} budget(s) fully translated"
            )
        missing = sorted(self.labels.missing | self.sentences.missing)
        shown = missing if limit is None else missing[:limit]
        lines += [f"  untranslated: {s[:70]}" for s in shown]
        if len(missing) > len(shown):
            lines.append(f"  … and {len(missing) - len(shown)} more untranslated strings (python -m generator strings)")
        return lines

    def warnings(self) -> list[str]:
        """The coded rows whose printed name is not their code's standard name, one line each."""
        return [m.message() for m in sorted(self.names, key=lambda m: (m.budget, m.table, m.code, m.printed))]


@dataclass
class Translator:
    terms: Terms
    translate: TranslateFn = _local_translate
    machine: dict[str, str] = field(default_factory=dict)  # machine translations (fuzzy entries)
    labels_coverage: Coverage = field(default_factory=Coverage)
    sentences_coverage: Coverage = field(default_factory=Coverage)
    names: set[NameMismatch] = field(default_factory=set)
    where: str = ""  # what is being rendered (a budget's id), recorded with each lookup

    def label(
        self, zh: str, lang: str, *, code: str | None = None, scheme: str | None = None, table: str = ""
    ) -> Phrase:
        """A standard label (table row name, unit, project …) in ``lang``: a coded row of
        ``table`` by its code in the classifications of ``scheme`` when the printed name is the
        code's standard name, else (reported) by the label dictionary; English as the English
        pages write it (format.english)."""
        return _english(self._label(zh, lang, code=code, scheme=scheme, table=table))

    def sentence(self, zh: str, lang: str) -> Phrase:
        """A sentence of the document (section text, definition, goal …) in ``lang``: the
        catalog's translation, else the label dictionary's, else a machine translation (marked),
        else the Chinese; English as the English pages write it (format.english)."""
        return _english(self._sentence(zh, lang))

    def _label(
        self, zh: str, lang: str, *, code: str | None = None, scheme: str | None = None, table: str = ""
    ) -> Phrase:
        zh = (zh or "").strip()
        if lang == "zh" or not zh:
            return Phrase(zh, "zh")
        if not has_chinese(zh):
            return Phrase(zh, lang)
        if code and scheme:
            found = self.terms.classifications.entry(scheme, code)
            if found is not None and same_name(found[1].zh) == same_name(zh):
                self.labels_coverage.note(zh, True, self.where)
                return Phrase(found[1].en, "en")
            if found is not None and table:
                entry = found[1]
                self.names.add(NameMismatch(self.where, table, entry.code, zh, entry.zh, entry.source))
        prefix, rest = split_numbering(zh)
        known = self.terms.labels.get(same_name(rest))
        if known is None:
            text, ok = self.translate(zh, lang, self.where)
            if ok:
                self.labels_coverage.note(zh, True, self.where)
                return Phrase(text, "en")
            self.labels_coverage.note(zh, False, self.where)
            return Phrase(zh, "zh")
        self.labels_coverage.note(zh, True, self.where)
        return Phrase(prefix + known, "en")

    def _sentence(self, zh: str, lang: str) -> Phrase:
        raw = zh or ""
        zh = raw.strip()
        if lang == "zh" or not zh:
            return Phrase(zh, "zh")
        if not has_chinese(zh):
            return Phrase(zh, lang)  # '≥99%', '1': nothing to translate
        text, ok = self.translate(zh, lang, self.where)
        if not ok and raw != zh:
            text, ok = self.translate(raw, lang, self.where)
        if ok and text.strip():
            self.sentences_coverage.note(zh, True, self.where)
            return Phrase(text, "en")
        prefix, rest = split_numbering(zh)
        en = self.terms.labels.get(same_name(rest))
        if en is not None:
            self.sentences_coverage.note(zh, True, self.where)
            return Phrase(prefix + en, "en")
        machine = self.machine.get(zh) or self.machine.get(raw)
        self.sentences_coverage.note(zh, False, self.where, machine=bool(machine))
        return Phrase(machine, "en", True) if machine else Phrase(zh, "zh")

    @property
    def translations(self) -> Translations:
        return Translations(self.labels_coverage, self.sentences_coverage, set(self.names))


def cell_label(tr: Translator, resource: str, fname: str, row: Row, lang: str) -> Phrase | None:
    """The cell ``fname`` of a row of ``resource`` in ``lang``, for the fields shown as labels or
    sentences (catalog.FIELD_KIND: a unit's name, a standard label — looked up by its code where
    the row has one, reported when its printed name is not the code's —, the document's own
    words); None for an empty cell or another kind of field.  The pages and the packages'
    English columns both ask this."""
    v = row.get(fname)
    if v is None or v == "":
        return None
    text, kind = str(v), FIELD_KIND.get(fname, "raw")
    if kind == "unit" or (kind == "label" and row.get("level") == 0 and row.get("unit") == text):
        return tr.label(text, lang)
    if kind == "label":
        code = str(row.get("code") or "") or None
        return tr.label(text, lang, code=code, scheme=SCHEME.get(resource), table=resource)
    if kind == "sentence":
        return tr.sentence(text, lang)
    return None
