"""Stages 3 to 6: what every page shares (the site's context and the keys of what the build
makes), the budgets' pages (in the workers), ``all`` and compare.csv, the shared pages."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path

from ..checks import Finding, run_checks
from ..model import Budget
from ..package.publication import Publication, created_at, publication
from ..read.documents import inside
from ..site import urls
from ..site.context import SiteContext, site_context
from ..site.names import BudgetNames
from ..site.pages import SharedPart, budget_pages, shared_parts
from ..site.parts import Paging
from ..site.terms import Translations
from ..site.views.search import SearchPage
from .cache import ExtractionCache, code_version
from .extract import Digest
from .name_index import names_tag
from .search import TAG, main_key
from .state import digest, folder_bytes


def site_url() -> str:
    """The site's address (SITE_URL), with its trailing slash; "" when unknown."""
    url = os.environ.get("SITE_URL", "").strip()
    return url if not url or url.endswith("/") else url + "/"


def publishing(content: Path) -> Publication:
    """What the packages are published with: the site's address, the time they say they were
    made (SOURCE_DATE_EPOCH), the dictionary and catalog of ``content``."""
    return publication(content, site_url(), created_at(os.environ.get("SOURCE_DATE_EPOCH", "")))


def prepare(content: Path, digests: list[Digest], paging: Paging | None = None) -> SiteContext:
    """The site's context: the glossary across all budgets and its links, every budget's names
    (``paging``: the size of the shared pages' parts; what the search page says is set by
    ``keys_of``)."""
    return site_context(content, [d.budget for d in digests], site_url(), paging)


@dataclass
class Keys:
    """The keys of what a build makes, from what it is made of."""

    context: str  # what every budget's pages share: code, translations, glossary, site address
    pages: dict[str, str]  # budget id → key of its pages
    shared: str  # the shared pages (everything they read)
    combined: str  # the `all` package
    rest: str = ""  # what the about pages read besides the budgets: content/pages


def keys_of(
    code: str,
    content: Path,
    ctx: SiteContext,
    keys: dict[str, str],
    packages: dict[str, str],
) -> Keys:
    """``keys``: each budget's document key, by id, in the order of the ids; ``packages``: the
    key of each one's package.  Sets what the search page says (``ctx.search``): it is made from
    these keys."""
    context = digest(code, ctx.key(), *folder_bytes(content / "i18n", content))
    ids = sorted(keys)
    pages = {i: digest(context, keys[i]) for i in ids}
    said = SearchPage(names_tag=names_tag(pages))
    # The shared pages read every budget's digest, the pages of content/pages and what the
    # search page says of the name index, and are cut into parts of the sizes of ``ctx.paging``.
    rest = digest(*folder_bytes(content / "pages", content))
    shared = digest(context, ctx.paging.key(), *(f"{i}:{keys[i]}" for i in ids), rest, *said.said())
    ctx.search = dataclasses.replace(said, main_tag=main_key(shared)[:TAG])
    combined = digest(code, *(f"{i}:{packages[i]}" for i in ids))
    return Keys(context, pages, shared, combined, rest)


def source_document(content: Path, budget: Budget) -> Path | None:
    """The budget's document as published in sources/ (read from content/, where it is; never a
    file it links to outside content/)."""
    src = Path(content) / "budgets" / str(budget.meta.year) / budget.source.file
    return src if src.is_file() and inside(src, content) else None


@dataclass
class RenderTask:
    """What every budget's pages share (handed to each worker once)."""

    ctx: SiteContext
    cache: ExtractionCache
    content: Path
    staging: Path
    site: Path  # the previous site: a package the build did not make again is there


def render_budget(task: RenderTask, item: tuple[str, str]) -> tuple[Translations, dict[str, BudgetNames]]:
    """One budget's pages, written into the staging site: the budget read back from the cache
    (the parent keeps only digests), with its findings and the sizes of its files; what they
    looked up in the dictionaries, and what the name index holds of each."""
    budget_id, key = item
    budget = task.cache.get(key)
    assert budget is not None, f"{budget_id}: not in the cache"
    findings = task.cache.load(f"findings-{code_version()}-{key}", list)
    src = source_document(task.content, budget)
    source = urls.source(budget.id, src.suffix) if src is not None else None
    made = (task.staging / urls.package(budget.id)).is_dir()
    files = _sizes(task.staging if made else task.site, budget.id)
    if src is not None and source is not None:
        files[source] = src.stat().st_size
    rendered = budget_pages(task.ctx, budget, findings if findings is not None else run_checks(budget), files, source)
    rendered.write(task.staging)
    return rendered.translations, rendered.names


def _sizes(staging: Path, budget_id: str) -> dict[str, int]:
    """The size of each file of a budget's package in the site ``staging`` (the new one, or the
    previous one where the package was kept), by path in the site."""
    files: dict[str, int] = {}
    package = staging / urls.package(budget_id)
    if package.is_dir():
        with os.scandir(package) as entries:
            files.update({urls.package_file(budget_id, e.name): e.stat().st_size for e in entries if e.is_file()})
    for path in (urls.package_zip(budget_id), urls.workbook(budget_id)):
        if (staging / path).exists():
            files[path] = (staging / path).stat().st_size
    return files


def staff_findings(digests: list[Digest]) -> dict[str, list[tuple[int, Finding]]]:
    return {d.budget.id: d.staff for d in digests}


def shared_plan(ctx: SiteContext, digests: list[Digest], keys: Keys, doc_keys: dict[str, str]) -> list[SharedPart]:
    """The shared pages in parts, each keyed by what it shows: its budgets' document keys on top
    of what every budget's pages share (``keys.context``); about, search, the landing and 404
    pages by every budget's metadata and what else they read (``keys.rest``)."""
    budgets, comparisons = [d.budget for d in digests], [d.comparison for d in digests]
    return shared_parts(ctx, budgets, comparisons, staff_findings(digests), doc_keys, keys.context, keys.rest)
