"""Pages: a view rendered by its template, its glossary terms linked.  The build calls these
(in its workers for the budgets' pages); so do the tests: there is one way a page is made."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import Finding
from ..model import Budget
from . import urls, writer
from .compare import Comparison
from .context import SiteContext
from .terms import Translations
from .urls import LANGS, PageRef
from .views.budget import budget_view
from .views.common import BudgetScope
from .views.compare import CompareScope, compare_view
from .views.lists import glossary_entries, list_rows
from .views.page import Page
from .views.search import META_WEIGHTS


@dataclass
class Rendered:
    """Pages, and what they looked up in the dictionary and the catalog."""

    pages: list[tuple[PageRef, str]] = field(default_factory=list)
    translations: Translations = field(default_factory=Translations)

    def write(self, out: Path) -> None:
        for ref, html in self.pages:
            writer.write_page(out, ref, html)


def budget_pages(
    ctx: SiteContext, budget: Budget, findings: list[Finding], files: Mapping[str, int], source: str | None
) -> Rendered:
    """The budget's page in both languages (``budget`` the full model; ``files`` the size of each
    of its files in the site, by path; ``source`` where its source document is published)."""
    tr = ctx.translator(where=budget.id)
    out = Rendered()
    for lang in LANGS:
        ref = urls.budget_page(budget.id, lang)
        page = Page(ref, "")
        links = ctx.links(ref)
        view = budget_view(BudgetScope(ctx, tr, links, budget, findings, page), files, source)
        page.title = f"{view.department.text} · {budget.meta.year}"
        page.description = ctx.t("dataset_description", lang, year=budget.meta.year, department=view.department.text)
        out.pages.append((ref, links.page(writer.render(ctx.env, "budget.html", page, ctx.site_url, b=view))))
    out.translations = tr.translations
    return out


def shared_pages(
    ctx: SiteContext,
    budgets: list[Budget],
    comparisons: list[Comparison],
    staff: dict[str, list[tuple[int, Finding]]],
) -> Rendered:
    """Every page that is not one budget's: the lists, the glossary, the compare page, about,
    search, the landing page and the 404 page (``budgets`` may be light: metadata, source,
    glossary and 收支总表; ``staff``: each budget's findings about staff numbers, numbered)."""
    budgets = sorted(budgets, key=lambda b: b.id)
    out = Rendered()

    def render(template: str, page: Page, *, linked: bool = True, **context: object) -> None:
        html = writer.render(ctx.env, template, page, ctx.site_url, **context)
        out.pages.append((page.ref, ctx.links(page.ref).page(html) if linked else html))

    for lang in LANGS:
        t = ctx.ui
        home = Page(urls.page(urls.HOME, lang), t["site_name"][lang], t["site_description"][lang])
        tr = ctx.translator()
        render("list.html", home, rows=list(list_rows(tr, budgets, home).values()))
        gpage = Page(urls.page(urls.GLOSSARY, lang), t["glossary"][lang], t["glossary_intro"][lang])
        gtr = ctx.translator("glossary")
        entries = glossary_entries(ctx, gtr, list_rows(gtr, budgets, gpage), lang)
        render("glossary.html", gpage, entries=entries)
        cpage = Page(urls.page(urls.COMPARE, lang), t["compare"][lang], t["compare_intro"][lang])
        ctr = ctx.translator()
        render("compare.html", cpage, c=compare_view(CompareScope(ctx, ctr, cpage, comparisons, staff)))
        apage = Page(urls.page(urls.ABOUT, lang), t["about"][lang], t["site_description"][lang])
        render("about.html", apage, body=ctx.about[lang])
        spage = Page(urls.page(urls.SEARCH, lang), t["search"][lang], indexed=False)
        ranking = json.dumps({"metaWeights": META_WEIGHTS}, sort_keys=True)
        render("search.html", spage, linked=False, shards=ctx.shards, ranking=ranking)
        out.translations.merge(tr.translations).merge(gtr.translations).merge(ctr.translations)
    landing = Page(urls.page(urls.LANDING, "zh"), "部门预算公开数据 · Departmental budgets", indexed=False)
    render("landing.html", landing, linked=False, count=len(budgets))
    render("404.html", Page(urls.page(urls.NOT_FOUND, "zh"), "404", indexed=False), linked=False)
    return out


def write_shared(
    ctx: SiteContext,
    out: Path,
    budgets: list[Budget],
    comparisons: list[Comparison],
    staff: dict[str, list[tuple[int, Finding]]],
) -> Translations:
    """The shared pages, the sitemap (of every page, the budgets' too), robots.txt and .nojekyll
    into ``out``."""
    rendered = shared_pages(ctx, budgets, comparisons, staff)
    rendered.write(out)
    pages = [p for b in budgets for p in urls.budget_pages(b.id)] + [ref for ref, _ in rendered.pages]
    writer.write_meta_files(out, ctx.site_url, pages)
    return rendered.translations
