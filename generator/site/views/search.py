"""What a budget's page tells the search index (Pagefind): the department's names, as metadata
that ranks the page first when a reader types one of them, and the filters (district, year,
parent department).

Pagefind splits a page's Chinese into words with jieba when it indexes it, and a reader's query
with the browser's Intl.Segmenter when it searches, and the two disagree (深圳/市 against 深圳市,
互联/网 against 互联网: Pagefind issue #1237), so a page can lose a query made of its own name.
Every word of a query must begin a word of the page.  A metadata value is indexed unsplit, word
by space, so the names are given whole (the full name, the short name without city and
district) and as every ending of the full name (``zh_parts``): whatever word the browser cuts out
of a department's name, one of them begins with it.  The English names are plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Metadata

CITY = re.compile(r"^[\u4e00-\u9fff]{2,3}市(?!本级)")  # 深圳市…, not 市本级
CITY_EN = re.compile(r"^Shenzhen\s+|,\s*Shenzhen\b")
CITY_LEVEL = "市本级"


# The boost a query gets for matching each field, on top of the text's score (Pagefind's
# ranking.metaWeights): the names first, a name's endings (which many departments share:
# 中心, 管理局) less.
META_WEIGHTS = {"zh_name": 20.0, "zh_short": 40.0, "zh_parts": 4.0, "en_name": 20.0, "en_short": 20.0, "title": 5.0}


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


def search_meta(m: Metadata, labels: dict[str, str], district: str, parent: str) -> SearchMeta:
    """The page's metadata and filters: ``labels`` names the filters (year, district, parent),
    ``district`` and ``parent`` are in the page's language."""
    meta = []
    if m.department:
        meta += [("zh_name", bare(m.department)), ("zh_short", bare(chinese_short(m)))]
        meta += [("zh_parts", endings(m.department))]
    if m.department_en:
        meta += [("en_name", words(m.department_en)), ("en_short", words(english_short(m)))]
    values = {"year": str(m.year), "district": district, "parent": parent}
    filters = tuple((k, labels[k], v) for k, v in values.items() if v)
    return SearchMeta(tuple(meta), filters)


@dataclass(frozen=True)
class SearchPage:
    """What the search page tells Pagefind: the bundles it merges into the shared pages' (path
    from the site's root, and the tag its entry file is fetched with: a part of the bundle's key,
    so that the entry is cached until the bundle changes), the shared pages' bundle's tag, and the
    pages the merged search leaves out (Pagefind's ids of the copies of changed budgets' pages
    still in the bundle of all budgets)."""

    bundles: tuple[tuple[str, str], ...] = ()
    hidden: tuple[str, ...] = ()
    main_tag: str = ""

    def said(self) -> list[str]:
        """What the page says of the bundles, for the shared pages' key (the main tag is made
        from that key)."""
        return [f"{path} {tag}" for path, tag in self.bundles] + list(self.hidden)

    def merge(self) -> str:
        """The bundles as the search page's ``data-merge``: path and tag, space-separated (a
        bundle without a tag, "-": its entry fetched as Pagefind does by default, with the time)."""
        return " ".join(f"{path} {tag or '-'}" for path, tag in self.bundles)
