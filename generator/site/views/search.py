"""What a budget's page tells the search index (Pagefind): the department's names, as metadata
that ranks the page first when a reader types one of them, the filters (district, year,
parent department), and the only text search reads of the page (``SearchNames``): its title and
the names of its parent department, district, budget units and projects.  Not its text, tables
or glossary: the time Pagefind takes to rank grows with the square of the pages a query's words
are on, and a budget's text shares most of its words with every other budget's (docs/performance.md).

Pagefind splits a page's Chinese into words with jieba when it indexes it, and a reader's query
with the browser's Intl.Segmenter when it searches, and the two disagree (深圳/市 against 深圳市,
互联/网 against 互联网: Pagefind issue #1237), so a page can lose a query made of its own name.
Every word of a query must begin a word of the page.  A metadata value is indexed unsplit, word
by space, so the names are given whole (the full name, the short name without city and
district) and as every ending of the full name (``zh_parts``): whatever word the browser cuts out
of a department's name, one of them begins with it; so are the Chinese names of the units and
projects (``zh_names``).  The English names are plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...model import Metadata

if TYPE_CHECKING:
    from ..terms import Phrase
    from .tables import TableView

CITY = re.compile(r"^[\u4e00-\u9fff]{2,3}市(?!本级)")  # 深圳市…, not 市本级
CITY_EN = re.compile(r"^Shenzhen\s+|,\s*Shenzhen\b")
CITY_LEVEL = "市本级"


# The boost a query gets for matching each field, on top of the text's score (Pagefind's
# ranking.metaWeights): the names first, a name's endings (which many departments share:
# 中心, 管理局) less.
# The Chinese names of a budget's units and projects (``zh_names``: their endings) less again.
META_WEIGHTS = {
    "zh_name": 20.0,
    "zh_short": 40.0,
    "zh_parts": 4.0,
    "zh_names": 2.0,
    "en_name": 20.0,
    "en_short": 20.0,
    "title": 5.0,
}


@dataclass(frozen=True)
class SearchMeta:
    """Metadata (name → value) and filters (name, its label in the page's language, value) of
    one budget page."""

    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, str, str], ...]

    @property
    def meta_spec(self) -> str:
        """Pagefind's data-pagefind-meta: each value read from its own attribute (values hold commas)."""
        return ", ".join(f"{k}[data-meta-{k}]" for k, _ in self.meta)

    @property
    def filter_spec(self) -> str:
        return ", ".join(f"{label}[data-filter-{k}]" for k, label, _ in self.filters)

    @property
    def attributes(self) -> list[tuple[str, str]]:
        return [(f"data-meta-{k}", v) for k, v in self.meta] + [(f"data-filter-{k}", v) for k, _, v in self.filters]


def chinese_short(m: Metadata) -> str:
    """The department's Chinese name without its city and district, as a reader says it:
    深圳市罗湖区互联网信息中心 → 互联网信息中心."""
    rest = CITY.sub("", m.department)
    if m.district and m.district != CITY_LEVEL and rest.startswith(m.district):
        rest = rest[len(m.district) :]
    return rest or m.department


def bare(name: str) -> str:
    """A Chinese name without spaces or punctuation: a value Pagefind indexes as one word.  (A
    word with punctuation is indexed twice, with and without it, and a query that matches both
    counts twice: a name with （本级） would outrank the name asked for.)"""
    return re.sub(r"[^\w]", "", name)


def words(name: str) -> str:
    """An English name without punctuation (for the same reason)."""
    return " ".join(re.sub(r"[^\w]", " ", name).split())


def endings(name: str) -> str:
    """Every ending of a Chinese name, the name itself first, space-separated:
    互联网中心 → '互联网中心 联网中心 网中心 中心 心'."""
    b = bare(name)
    return " ".join(b[i:] for i in range(len(b)))


def english_short(m: Metadata) -> str:
    """The English name without its district and city: 'Internet Information Center'."""
    name = m.department_en
    if m.district_en and m.district != CITY_LEVEL:
        name = name.replace(f" of {m.district_en}", "")
    return CITY_EN.sub("", name).strip()


def search_meta(
    m: Metadata, labels: dict[str, str], district: str, parent: str, names: SearchNames | None = None
) -> SearchMeta:
    """The page's metadata and filters: ``labels`` names the filters (year, district, parent),
    ``district`` and ``parent`` are in the page's language; ``names``: the page's units and
    projects, every ending of those the page shows in Chinese a word of ``zh_names`` (as the
    department's in ``zh_parts``: jieba cuts 党组织 as 党组/织, the browser as 党/组织)."""
    meta = []
    if m.department:
        meta += [("zh_name", bare(m.department)), ("zh_short", bare(chinese_short(m)))]
        meta += [("zh_parts", endings(m.department))]
    chinese = [p.text for p in (names.units + names.projects if names else ()) if p.lang == "zh"]
    if chinese:
        meta += [("zh_names", " ".join(dict.fromkeys(w for n in chinese for w in endings(n).split())))]
    if m.department_en:
        meta += [("en_name", words(m.department_en)), ("en_short", words(english_short(m)))]
    values = {"year": str(m.year), "district": district, "parent": parent}
    filters = tuple((k, labels[k], v) for k, v in values.items() if v)
    return SearchMeta(tuple(meta), filters)


# The columns of a budget's tables whose cells the search index reads: the budget units and the
# projects (a project table's total row names its unit).
NAMED = ("unit", "project")


@dataclass(frozen=True)
class SearchNames:
    """What search reads of a budget page besides its title (the department's name) and its
    metadata: the parent department and the district, and the names of its budget units and of
    its projects as its tables show them, each once (punctuation aside), in the page's order;
    ``separator`` between two names.  No words every budget page has (the labels of these lists,
    the headings, the key figures' names): a word on every page makes Pagefind score every page
    for a query with that word, and that time grows with the square of the pages it scores."""

    places: tuple[Phrase, ...]
    units: tuple[Phrase, ...]
    projects: tuple[Phrase, ...]
    separator: str

    @property
    def lists(self) -> list[tuple[Phrase, ...]]:
        return [names for names in (self.places, self.units, self.projects) if names]


def search_names(places: Iterable[Phrase], tables: Iterable[TableView], lang: str) -> SearchNames:
    """The names of ``places`` (the parent department, the district) and those ``tables`` name
    (the page's tables, those of its text too)."""
    units: dict[str, Phrase] = {}
    projects: dict[str, Phrase] = {}
    for tv in tables:
        for i, col in enumerate(tv.columns):
            if col.numeric or col.name not in NAMED:
                continue
            for row in (r for g in tv.groups for r in g.rows):
                cell = row.cells[i]
                if bare(cell.text.text):
                    total = col.name == "unit" or cell.level == 0
                    (units if total else projects).setdefault(bare(cell.text.text), cell.text)
    kept = tuple(p for k, p in projects.items() if k not in units)
    named = tuple(p for p in places if p.text)
    return SearchNames(named, tuple(units.values()), kept, "；" if lang == "zh" else "; ")


@dataclass(frozen=True)
class SearchPage:
    """What the search page says of the indexes it asks: the tag the shared pages' Pagefind
    bundle's entry file is fetched with (a part of the bundle's key, so that the entry is cached
    until the bundle changes), and the name index's (its files are fetched with ?v=<tag>)."""

    main_tag: str = ""
    names_tag: str = ""

    def said(self) -> list[str]:
        """What the page says of the name index, for the shared pages' key (the main tag is made
        from that key)."""
        return [f"names {self.names_tag}"]
