"""Every address in the site, built here and nowhere else: one function per page kind and per
kind of file.

Paths are from the site's root (``zh/budgets/2024-x/index.html``).  A page links to another
relatively (``href``), so the site works at any sub-path and from ``file://``; an absolute
address (``absolute``) is made only where one is needed and the site's address is known.
Nothing parses a path back: what a path stands for travels with it as a ``PageRef``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

LANGS = ("zh", "en")
OTHER = {"zh": "en", "en": "zh"}

# The kinds of page, each in both languages but the landing page and the 404 page.
HOME, BUDGET, GLOSSARY, COMPARE, ABOUT, SEARCH, LANDING, NOT_FOUND = (
    "home",
    "budget",
    "glossary",
    "compare",
    "about",
    "search",
    "landing",
    "404",
)
# The pages every budget shares, in each language, in the order they are rendered.
SHARED_KINDS = (HOME, GLOSSARY, COMPARE, ABOUT, SEARCH)
# The shared pages shown in parts of a fixed size (site/parts.py): part 1 at the kind's own
# address, part k at ``<lang>/<folder>/<k>/index.html``.
PAGED = {HOME: "list", GLOSSARY: GLOSSARY, COMPARE: COMPARE}


@dataclass(frozen=True, order=True)
class PageRef:
    """A page of the site: its kind, its language and (for a budget's page) the budget.  The
    landing page and the 404 page are in both languages at once, Chinese first: "zh"."""

    kind: str
    lang: str = ""
    budget: str = ""
    part: int = 1  # the part of a paged page (list, glossary, compare)

    @property
    def path(self) -> str:
        if self.part > 1:
            return f"{self.lang}/{PAGED[self.kind]}/{self.part}/index.html"
        if self.kind == LANDING:
            return "index.html"
        if self.kind == NOT_FOUND:
            return "404.html"
        if self.kind == HOME:
            return f"{self.lang}/index.html"
        if self.kind == BUDGET:
            return f"{self.lang}/budgets/{self.budget}/index.html"
        return f"{self.lang}/{self.kind}/index.html"

    def in_lang(self, lang: str) -> PageRef:
        """The same page in ``lang``."""
        return replace(self, lang=lang)

    @property
    def bilingual(self) -> bool:
        return self.kind not in (LANDING, NOT_FOUND)

    @property
    def root(self) -> str:
        """The way from this page up to the site's root."""
        return "../" * self.path.count("/")


def page(kind: str, lang: str = "", part: int = 1) -> PageRef:
    return PageRef(kind, lang, part=part)


def budget_page(budget_id: str, lang: str) -> PageRef:
    return PageRef(BUDGET, lang, budget_id)


def budget_pages(budget_id: str) -> list[PageRef]:
    return [budget_page(budget_id, lang) for lang in LANGS]


def shared_pages() -> list[PageRef]:
    """Every page that is not one budget's, in the order they are rendered (of the paged ones,
    the first part: the others depend on the corpus, site/parts.py)."""
    return [
        *(PageRef(kind, lang) for lang in LANGS for kind in SHARED_KINDS),
        PageRef(LANDING, "zh"),
        PageRef(NOT_FOUND, "zh"),
    ]


def href(page: PageRef, path: str) -> str:
    """A link from ``page`` to ``path`` (from the site root)."""
    return page.root + path


def absolute(site_url: str, path: str) -> str:
    """``path`` at the site's address, when it is known (SITE_URL); else as it is."""
    return site_url + path if site_url else path


def alternate(site_url: str, page: PageRef, path: str) -> str:
    """A link from ``page`` to ``path`` where absolute addresses are wanted (the hreflang
    alternates, which search engines require absolute): at the site's address when it is
    known (SITE_URL), else relative, as every other link."""
    return absolute(site_url, path) if site_url else href(page, path)


# ---------------------------------------------------------------------------- files

DATA = "data"
# ``all`` is published as its zip (the descriptor at its root) and its database; of its files
# only the list of budgets stands on its own (the list page's CSV).
ALL = f"{DATA}/all"
ALL_ZIP = f"{DATA}/all.zip"
ALL_SQLITE = f"{DATA}/all.sqlite"  # every budget in one SQLite database
ALL_SQLITE_METADATA = f"{DATA}/all.metadata.json"  # its Datasette metadata
CATALOG = f"{DATA}/catalog.json"  # the data catalog portals harvest (data.json)
COMPARE_CSV = f"{DATA}/compare.csv"
SOURCES = "sources"
STATIC = "static"
SITEMAP, ROBOTS, NOJEKYLL = "sitemap.xml", "robots.txt", ".nojekyll"
SITEMAPS = "sitemaps"  # the sitemaps a sitemap index (sitemap.xml) lists, when one is not enough
SITEMAP_URLS = 50_000  # the most URLs the sitemap protocol allows in one sitemap
MAIN_BUNDLE = "pagefind"
NAME_INDEX = "search-names"  # the name index (names.py), a folder a language


def package(budget_id: str) -> str:
    """A budget's package folder."""
    return f"{DATA}/{budget_id}"


def package_file(budget_id: str, name: str) -> str:
    return f"{DATA}/{budget_id}/{name}"


def package_zip(budget_id: str) -> str:
    return f"{DATA}/{budget_id}.zip"


def workbook(budget_id: str) -> str:
    """A budget's Excel workbook: one sheet per table."""
    return f"{DATA}/{budget_id}.xlsx"


def all_file(name: str) -> str:
    return f"{ALL}/{name}"


BUDGETS_CSV = all_file("budgets.csv")  # the list of budgets, also in all.zip
GLOSSARY_CSV = all_file("glossary.csv")  # every budget's terms (the glossary page's CSV), also in all.zip
KEPT_CSVS = (BUDGETS_CSV, GLOSSARY_CSV)  # the files of all.zip also published on their own, when all has them


def source(budget_id: str, suffix: str) -> str:
    """The published copy of a budget's source document."""
    return f"{SOURCES}/{budget_id}{suffix.lower()}"


def static(name: str) -> str:
    return f"{STATIC}/{name}"


def search_bundle(name: str) -> str:
    """Where a search bundle goes: the shared pages' (with Pagefind's scripts) in pagefind/; the
    budgets' in pagefind-budgets/<name>/, as builds made them before a budget's pages left
    Pagefind's index (a site that holds them is still one this command built)."""
    return MAIN_BUNDLE if name == MAIN_BUNDLE else f"pagefind-budgets/{name}"


def name_index(lang: str) -> str:
    """Where the name index of ``lang`` goes."""
    return f"{NAME_INDEX}/{lang}"


def in_sitemap(page: PageRef) -> bool:
    """Whether a page is found by following links (not the 404 page or the search pages)."""
    return page.kind not in (NOT_FOUND, SEARCH)


def sitemap_parts(urls: int, limit: int = SITEMAP_URLS) -> list[str]:
    """The sitemaps of a site of ``urls`` addresses: none past sitemap.xml when one holds them all,
    else ``sitemaps/1.xml``… of at most ``limit`` each (sitemap.xml is then their index)."""
    n = -(-urls // limit)
    return [f"{SITEMAPS}/{i}.xml" for i in range(1, n + 1)] if n > 1 else []


def shared_files(site_url: str, budgets: int = 0, parts: int = 0) -> list[str]:
    """The files written with the shared pages of a site of ``budgets`` budgets (of the paged
    pages, the first parts; ``parts``: how many pages the others are): sitemap.xml (and the
    sitemaps it lists) only when the site's address is known (a sitemap's addresses must be
    absolute)."""
    n = 2 * budgets + parts + sum(1 for p in shared_pages() if in_sitemap(p))
    sitemaps = [SITEMAP, *sitemap_parts(n)] if site_url else []
    return [*(p.path for p in shared_pages()), *sitemaps, ROBOTS, NOJEKYLL]
