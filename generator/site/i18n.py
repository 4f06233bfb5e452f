"""The documents' own sentences in English: a gettext catalog, ``content/i18n/en.po``.

Section paragraphs, glossary definitions, task contents, key-project goals, indicator names
and targets are looked up by their exact Chinese text (``msgid``); the English is the
``msgstr``.  The file is ordinary gettext, read and written with Babel, so translators can
use any PO editor (Poedit, Lokalize, Weblate) or a text editor.  An entry marked fuzzy or
left empty counts as untranslated: the page shows the Chinese, marked ``lang="zh"``.

``update_catalog`` merges the sentences the site shows into the file: new ones are added
with an empty ``msgstr``, translations of sentences no budget shows any more are kept as
obsolete entries (``#~``) so that a corrected source text can reuse them.
"""

from __future__ import annotations

import functools
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from ..chinese import has_chinese
from ..model import BudgetError
from ..read.documents import read_content

CATALOG = Path("i18n") / "en.po"
CATALOG_LIMIT = 256 << 20  # bytes: 250 KB for five budgets
HEADER = """English for the documents' own sentences (section text, glossary definitions, goals,
indicators).  Standard labels (table titles, classification subjects, units) live in
classification-*.csv, labels.en.csv and terms.en.yml instead.  Update with: python -m generator strings
Conventions: 一般公共预算 → general public budget; 政府性基金预算 → government-managed fund
budget; 国有资本经营预算 → state capital operations budget; 财政拨款 → fiscal appropriation;
“三公”经费 → "three public expenses" (official overseas travel, official receptions, official
vehicles); 万元 → CNY 10,000 (amounts are kept as printed)."""


def catalog_path(content: Path) -> Path:
    return Path(content) / CATALOG


def read_catalog(path: Path, content: Path | None = None) -> Catalog:
    """The catalog at ``path`` (empty when there is none); ``content``: the folder it must stay
    under.  Raises ``BudgetError`` naming the file when it cannot be read as one."""
    if not os.path.lexists(path):
        return Catalog(locale="en", domain="budgets", project="budget-site-generator")
    return _parsed(read_content(Path(path), content, CATALOG_LIMIT), str(path))


def _parsed(data: bytes, where: str) -> Catalog:
    """The catalog of the bytes ``data`` (read from ``where``); ``BudgetError`` when they are not one."""
    try:
        return read_po(io.BytesIO(data), locale="en", domain="budgets")
    except (ValueError, LookupError) as e:  # UnicodeDecodeError is a ValueError
        raise BudgetError(f"not a gettext catalog the build can read: {e}", source=where) from e


def context_of(places: Iterable[str]) -> str | None:
    """The ``msgctxt`` of a sentence shown in ``places`` (budget ids, ``glossary``): the budget,
    when it is shown for one budget only; none when it is shared (glossary definitions, text
    that several budgets print word for word), so that it is translated once."""
    where = set(places)
    return next(iter(where)) if len(where) == 1 and "glossary" not in where else None


@dataclass
class Sentences:
    """The translations of one catalog, looked up by the exact Chinese text and the budget it
    is shown for (``msgctxt``): that budget's entry, else the shared entry (no context), else
    another budget's translation of the same text.  ``machine``: the text of fuzzy entries
    (machine translations not yet reviewed, see ``generator/translate.py``), shown marked as
    such and not counted as translated."""

    table: dict[tuple[str, str], str]  # (context or "", Chinese) → English
    machine: dict[str, str] = field(default_factory=dict)
    any_context: dict[str, str] = field(default_factory=dict)  # Chinese → English (the first)

    @classmethod
    def load(cls, content: Path) -> Sentences:
        """The catalog of ``content``; read once a process while its bytes are the same (a build
        reads it twice: the packages' English columns, the pages), so not to be changed."""
        path = catalog_path(content)
        data = read_content(path, content, CATALOG_LIMIT) if os.path.lexists(path) else b""
        return _sentences(str(path), data)

    def translate(self, text: str, lang: str, where: str = "") -> tuple[str, bool]:
        if lang == "zh":
            return text, True
        en = self.table.get((where, text)) or self.table.get(("", text)) or self.any_context.get(text)
        return (en, True) if en is not None else (text, False)


@functools.lru_cache(maxsize=4)
def _sentences(where: str, data: bytes) -> Sentences:
    """The translations of the catalog ``data`` (read from ``where``)."""
    out = Sentences({})
    for m in _parsed(data, where):
        if not (m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string.strip()):
            continue
        if m.fuzzy:
            out.machine.setdefault(m.id, m.string)
        else:
            out.table[(m.context or "", m.id)] = m.string
            out.any_context.setdefault(m.id, m.string)
    return out


@dataclass
class UpdateResult:
    added: int
    kept: int
    obsolete: int
    untranslated: int


def _places(where: list[str]) -> list[tuple[str, int]]:
    """Where a sentence is shown (the budgets' ids), as a catalog's locations (no line numbers)."""
    return [(w, None) for w in where]  # type: ignore[misc]  # Babel writes a location without a line


def _previous(old: Catalog, text: str, context: str | None) -> Message | None:
    """The entry of ``text`` in the old catalog: with ``context``, else any, a translated one
    first (an obsolete one too: a sentence that comes back gets its translation again)."""
    same = [m for m in [*old, *old.obsolete.values()] if m.id == text]
    same.sort(key=lambda m: (m.context != context, not m.string, m.context or ""))
    return same[0] if same else None


def update_catalog(path: Path, sentences: Mapping[str, Iterable[str]]) -> UpdateResult:
    """Merge ``sentences`` (Chinese text → where it occurs, in reading order) into the
    catalog at ``path``, each with its budget as context when it is shown for one budget
    (``context_of``).  The file's content depends only on the sentences and translations
    (its creation date is kept), so an unchanged corpus rewrites it byte for byte."""
    old = read_catalog(path)
    new = Catalog(
        locale="en",
        domain="budgets",
        project="budget-site-generator",
        version="1",
        header_comment="# " + HEADER.replace("\n", "\n# "),
        creation_date=old.creation_date if Path(path).exists() else None,
        revision_date=old.creation_date if Path(path).exists() else None,
        fuzzy=False,
    )
    new.revision_date = new.creation_date
    added = kept = 0
    for text, places in sentences.items():
        where = sorted(set(places))
        context = context_of(where)
        before = _previous(old, text, context)
        if before is None:
            added += 1
        if before is not None and before.string:
            kept += 1
            flags, comments, string = before.flags, before.user_comments, before.string
        else:
            flags, comments, string = set(), [], ""
        new.add(text, string, locations=_places(where), flags=flags, user_comments=comments, context=context)
    for m in [*old, *old.obsolete.values()]:
        if m.id and m.id not in sentences and m.string:
            new.obsolete[(m.id, m.context) if m.context else m.id] = m
    write_catalog(path, new)
    untranslated = sum(1 for m in new if m.id and not m.string)
    return UpdateResult(added, kept, len(new.obsolete), untranslated)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """The catalog into ``path``, whole (through a temporary file), as every command writes it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".po.tmp")
    with open(tmp, "wb") as f:
        write_po(f, catalog, width=0, omit_header=False, sort_output=False, include_previous=False)
    tmp.replace(path)


# ---------------------------------------------------------------------------- checking a translation

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# The project's public-finance vocabulary: a Chinese term in the source → the English the
# translation must use (lower case).
TERMINOLOGY = (
    ("一般公共预算", "general public budget"),
    ("政府性基金预算", "government-managed fund"),
    ("国有资本经营预算", "state capital operations budget"),
    ("财政拨款", "fiscal appropriation"),
    ("三公", "three public expenses"),
)


def _numbers(text: str) -> set[Decimal]:
    return {Decimal(m.group(0).replace(",", "")) for m in _NUMBER.finditer(text) if m.group(0).replace(",", "")}


def check_translation(zh: str, en: str) -> list[str]:
    """What is wrong with ``en`` as the translation of ``zh``: numbers that did not come
    through exactly, Chinese left in the English, public-finance terms translated
    inconsistently.  An amount in 万 (ten thousands) may be written out in full or in
    millions, exactly: 9,769.67万元 → CNY 97.6967 million or CNY 97,696,700."""
    problems: list[str] = []
    if not en.strip():
        return problems
    have = _numbers(en)
    lower = en.lower()
    for m in _NUMBER.finditer(zh):
        raw = m.group(0).rstrip(",")
        value = Decimal(raw.replace(",", ""))
        after = zh[m.end() : m.end() + 2].lstrip()
        if after.startswith("万"):
            ok = value * 10000 in have or (value / 100 in have and "million" in lower)
            ok = ok or (value / 100000 in have and "billion" in lower) or value in have
        elif after.startswith("亿"):
            ok = (value * 100 in have and "million" in lower) or (value / 10 in have and "billion" in lower)
        elif after.startswith("月") and 1 <= value <= 12 and value == value.to_integral():
            ok = value in have or _MONTHS[int(value) - 1] in lower
        else:
            ok = value in have
        if not ok:
            problems.append(f"number {raw} not in the translation")
    if has_chinese(en):
        problems.append("Chinese characters left in the translation")
    for term, english in TERMINOLOGY:
        if term in zh and english not in lower:
            problems.append(f"{term} should be translated as {english!r}")
    return problems
