"""The national classifications and the fixed labels of the standard tables, with English.

Data, not code: ``content/i18n/classification-*.csv`` hold the classifications a budget's
coded tables print (functional classification of expenditure, the two economic
classifications, the government procurement catalogue), one row per code with its standard
Chinese name and an English name; ``content/i18n/labels.en.csv`` holds the fixed labels of the
tables (summary rows, income items, fund names, indicator classes …).  Where each file's
Chinese names come from is in ``content/i18n/README.md``.

A printed label is translated by its code only when the printed Chinese is the standard name
of that code (``Classification.translate``): a department's own wording or a misprint gets
``None``, so the caller can report it and fall back to the label dictionary instead of
showing the English of a name the document does not print.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import BudgetError
from .read.documents import read_content, utf8_text

I18N = Path("i18n")
LABELS_FILE = "labels.en.csv"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_HAS_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Trivial printed variants: brackets and quotes of either width, and white space anywhere.
_FOLD = str.maketrans(
    {"〔": "(", "〕": ")", "【": "(", "】": ")", "[": "(", "]": ")", "“": '"', "”": '"', "‘": "'", "’": "'"}
)
_WS = re.compile(r"\s+")


FILE_LIMIT = 64 << 20  # bytes: what a classification file may hold


class ClassificationError(BudgetError):
    """A data file that is not well formed; the message names the file, the line and the fault
    (a ``BudgetError``: the site is built without the file, and the build reports it)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)


def same_name(printed: str) -> str:
    """The form two names are compared in: NFKC (full-width brackets, letters and digits
    become half-width), the other bracket and quote shapes folded, every white space removed.
    Nothing else: a different wording stays different."""
    return _WS.sub("", unicodedata.normalize("NFKC", printed or "").translate(_FOLD))


def _parent_digits(code: str, widths: tuple[int, ...]) -> tuple[str | None, int]:
    """(parent, level) of a code made of fixed-width parts (3 + 2 + 2 for 2010301)."""
    ends = [sum(widths[: i + 1]) for i in range(len(widths))]
    level = ends.index(len(code)) + 1
    return (code[: ends[level - 2]] if level > 1 else None), level


def _parent_procurement(code: str) -> tuple[str | None, int]:
    """(parent, level) of a catalogue code, levels as the data contract counts them: a letter
    (level 1), then four two-digit parts padded with 00 (A02000000 level 2, A02010000 level 3,
    … A02010105 level 5)."""
    if len(code) == 1:
        return None, 1
    parts = [code[i : i + 2] for i in range(1, 9, 2)]
    depth = max(i + 1 for i, p in enumerate(parts) if p != "00")
    parent = code[0] if depth == 1 else code[0] + "".join(parts[: depth - 1]) + "00" * (5 - depth)
    return parent, depth + 1


@dataclass(frozen=True)
class Scheme:
    """How one classification's codes are written and nested."""

    name: str
    file: str
    pattern: re.Pattern[str]
    parent_of: Callable[[str], tuple[str | None, int]]
    title: str


SCHEMES: dict[str, Scheme] = {
    s.name: s
    for s in (
        Scheme(
            "functional",
            "classification-functional.csv",
            re.compile(r"^2\d{2}(\d{2}(\d{2})?)?$"),
            lambda c: _parent_digits(c, (3, 2, 2)),
            "支出功能分类科目 (类 3 digits, 款 5, 项 7)",
        ),
        Scheme(
            "economic-department",
            "classification-economic-department.csv",
            re.compile(r"^3\d{2}(\d{2})?$"),
            lambda c: _parent_digits(c, (3, 2)),
            "部门预算支出经济分类科目 (类 3 digits, 款 5)",
        ),
        Scheme(
            "economic-government",
            "classification-economic-government.csv",
            re.compile(r"^5\d{2}(\d{2})?$"),
            lambda c: _parent_digits(c, (3, 2)),
            "政府预算支出经济分类科目 (类 3 digits, 款 5)",
        ),
        Scheme(
            "procurement",
            "classification-procurement.csv",
            # after a 00 part only 00 parts: A02010000, never A02000100
            re.compile(
                r"^[ABC]$|^[ABC](?!00)\d{2}(?:00){3}$|^[ABC](?:(?!00)\d{2}){2}(?:00){2}$|^[ABC](?:(?!00)\d{2}){3}00$|^[ABC](?:(?!00)\d{2}){4}$"
            ),
            _parent_procurement,
            "政府采购品目分类目录 (a letter, then 8 digits in four levels)",
        ),
    )
}


# Where a row's Chinese name comes from (the ``source`` column): printed in one of the seed
# budgets of content/budgets/ (``seed``), printed on a published page (its address), or written
# from memory and not yet checked against the Ministry of Finance's publication (``recalled``).
RECALLED = "recalled"
SEED = "seed"


def _source_ok(source: str) -> bool:
    return source in (SEED, RECALLED) or source.startswith(("https://", "http://"))


@dataclass(frozen=True)
class Entry:
    code: str
    parent: str | None
    level: int
    zh: str
    en: str
    source: str = RECALLED

    @property
    def verified(self) -> bool:
        """Whether the standard name was seen printed (a seed, a published page), not recalled."""
        return self.source != RECALLED


@dataclass
class Classification:
    scheme: Scheme
    entries: dict[str, Entry] = field(default_factory=dict)

    def lookup(self, code: str) -> Entry | None:
        return self.entries.get((code or "").strip())

    def matches(self, code: str, printed_zh: str) -> bool:
        """Whether ``printed_zh`` is the standard name of ``code`` (up to trivial variants)."""
        entry = self.lookup(code)
        return entry is not None and same_name(printed_zh) == same_name(entry.zh)

    def translate(self, code: str, printed_zh: str) -> str | None:
        """The English name of ``code`` when the printed Chinese is its standard name, else None."""
        entry = self.lookup(code)
        return entry.en if entry is not None and self.matches(code, printed_zh) else None


# The classifications a table's codes may belong to (catalog.SCHEME names the family): an
# economic table prints the departmental (3xx) or the government (5xx) classification.
FAMILIES: dict[str, tuple[str, ...]] = {
    "functional": ("functional",),
    "economic": ("economic-department", "economic-government"),
    "procurement": ("procurement",),
}


@dataclass
class Classifications:
    """Every classification of content/i18n, by scheme name."""

    schemes: dict[str, Classification] = field(default_factory=dict)

    def entry(self, family: str, code: str) -> tuple[Scheme, Entry] | None:
        """The standard row of ``code`` in the family of classifications ``family``."""
        code = (code or "").strip()
        for name in FAMILIES.get(family, ()):
            c = self.schemes.get(name)
            if c is not None and c.scheme.pattern.match(code):
                e = c.lookup(code)
                return (c.scheme, e) if e is not None else None
        return None

    def names(self) -> dict[str, str]:
        """Standard Chinese name (by ``same_name``) → English, for names printed without a
        code (the expenditure side of 收支总表 prints classes by name).  A name that stands
        for different English under different codes is left out: it cannot be told which."""
        english: dict[str, set[str]] = {}
        for c in self.schemes.values():
            for e in c.entries.values():
                english.setdefault(same_name(e.zh), set()).add(e.en)
        return {zh: next(iter(en)) for zh, en in english.items() if len(en) == 1}


def _fault(path: Path, line: int, message: str) -> ClassificationError:
    return ClassificationError(f"{path}: line {line}: {message}")


def _rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a UTF-8 CSV with exactly ``columns`` as its header, with their line numbers."""
    text = utf8_text(read_content(path, path.parent, FILE_LIMIT), str(path))  # a regular file of content/i18n
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != columns:
        raise _fault(path, 1, f"the header must be {','.join(columns)}, not {','.join(reader.fieldnames or ())}")
    rows = []
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            raise _fault(path, reader.line_num, f"expected {len(columns)} fields")
        rows.append((reader.line_num, {k: v.strip() for k, v in row.items()}))
    return rows


def _check_names(path: Path, line: int, zh: str, en: str) -> None:
    if not zh or not _HAS_HAN.search(zh):
        raise _fault(path, line, f"the Chinese name is empty or has no Chinese: {zh!r}")
    if not en:
        raise _fault(path, line, f"no English name for {zh}")
    if _CJK.search(en):
        raise _fault(path, line, f"Chinese characters or full-width punctuation in the English name {en!r}")


COLUMNS = ("code", "parent", "level", "zh", "en", "source")


def load_classification(path: Path, scheme: Scheme) -> Classification:
    """One classification file, validated: well-formed codes, the parent and level each code
    implies, every parent present, no code twice, a Chinese and an English name and a source
    on every row.  A file that does not exist is an empty classification."""
    result = Classification(scheme)
    if not path.exists():
        return result
    for line, row in _rows(path, COLUMNS):
        code = row["code"]
        if not scheme.pattern.match(code):
            raise _fault(path, line, f"{code!r} is not a code of the {scheme.title}")
        parent, level = scheme.parent_of(code)
        if (row["parent"] or None) != parent or row["level"] != str(level):
            raise _fault(path, line, f"{code} has parent {parent or '(none)'} and level {level}")
        if code in result.entries:
            raise _fault(path, line, f"{code} is listed twice")
        _check_names(path, line, row["zh"], row["en"])
        if not _source_ok(row["source"]):
            raise _fault(
                path, line, f"source must be {SEED}, {RECALLED} or the address of a page, not {row['source']!r}"
            )
        result.entries[code] = Entry(code, parent, level, row["zh"], row["en"], row["source"])
    for entry in result.entries.values():
        if entry.parent is not None and entry.parent not in result.entries:
            raise ClassificationError(f"{path}: {entry.code} {entry.zh}: its parent {entry.parent} is not listed")
    return result


def load(content: Path) -> Classifications:
    """Every classification in ``content/i18n``."""
    return Classifications({name: load_classification(content / I18N / s.file, s) for name, s in SCHEMES.items()})


@dataclass(frozen=True)
class Label:
    zh: str
    en: str
    group: str  # summary, income, fund, three-public, indicator-1 … (see content/i18n/README.md)
    standard: str  # the standard form this is a printed variant of, or ""
    source: str  # seed (printed in a seed's tables), catalog (a header of generator/catalog.py), recalled


LABEL_SOURCES = (SEED, "catalog", RECALLED)


def load_labels(content: Path) -> dict[str, Label]:
    """The fixed labels of the standard tables, by ``same_name`` of the Chinese (none when
    the file does not exist)."""
    path = content / I18N / LABELS_FILE
    labels: dict[str, Label] = {}
    if not path.exists():
        return labels
    for line, row in _rows(path, ("zh", "en", "group", "standard", "source")):
        _check_names(path, line, row["zh"], row["en"])
        if row["source"] not in LABEL_SOURCES or not row["group"]:
            raise _fault(path, line, f"a group and a source ({', '.join(LABEL_SOURCES)}) are needed")
        key = same_name(row["zh"])
        if key in labels:
            raise _fault(path, line, f"{row['zh']} is listed twice (as {labels[key].zh})")
        labels[key] = Label(row["zh"], row["en"], row["group"], row["standard"], row["source"])
    for label in labels.values():
        std = labels.get(same_name(label.standard)) if label.standard else label
        if std is None:
            raise ClassificationError(f"{path}: {label.zh}: its standard form {label.standard} is not listed")
    return labels
