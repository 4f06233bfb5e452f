"""Pages: a view rendered by its template, its glossary terms linked.  The build calls these
(in its workers for the budgets' pages); so do the tests: there is one way a page is made."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import Finding
from ..model import Budget
from . import urls, writer
from .compare import Comparison
from .context import SiteContext
from .terms import Translations, Translator
from .urls import LANGS, PageRef
from .views.about import source_rows
from .views.budget import budget_view
from .views.common import BudgetScope
from .views.compare import CompareScope, compare_view
from .views.landing import coverage
from .views.lists import glossary_entries, glossary_index, list_rows
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
        page.description = ctx.t(
            "%(department)s %(year)s 年部门预算的全部表格与文字说明，以 Frictionless 数据包（CSV）发布，金额单位万元。",
            lang,
            year=budget.meta.year,
            department=view.department.text,
        )
        html = writer.render(ctx.env, "budget.html", page, ctx.site_url, b=view)
        out.pages.append((ref, writer.compact(links.page(html))))
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
        home = Page(
            urls.page(urls.HOME, lang),
            ctx.t("部门预算公开数据", lang),
            _description(ctx, budgets, lang),
        )
        tr = ctx.translator()
        render("list.html", home, rows=list(list_rows(tr, budgets, home).values()))
        gpage = Page(
            urls.page(urls.GLOSSARY, lang),
            ctx.t("名词解释", lang),
            ctx.t("各部门预算“名词解释”部分定义的名词，每个名词一条，附中英文解释和定义它的预算。", lang),
        )
        gtr = ctx.translator("glossary")
        entries = glossary_entries(ctx, gtr, list_rows(gtr, budgets, gpage), lang)
        render("glossary.html", gpage, letters=glossary_index(entries, lang))
        cpage = Page(
            urls.page(urls.COMPARE, lang),
            ctx.t("部门比较", lang),
            ctx.t(
                "各部门预算的主要数字并列比较：支出总额及其增减、基本支出与项目支出、人员支出、“三公”经费、政府采购、支出功能分类、人员编制和核对结果。",
                lang,
            ),
        )
        ctr = ctx.translator()
        render("compare.html", cpage, c=compare_view(CompareScope(ctx, ctr, cpage, comparisons, staff)))
        _about(ctx, render, tr, budgets, lang)
        out.pages.append(search_page(ctx, lang))
        out.translations.merge(tr.translations).merge(gtr.translations).merge(ctr.translations)
    landing = Page(urls.page(urls.LANDING, "zh"), "部门预算公开数据 · Departmental budgets", indexed=False)
    said = {lang: coverage(ctx, budgets, lang) for lang in LANGS}
    render("landing.html", landing, linked=False, coverage=said)
    render("404.html", Page(urls.page(urls.NOT_FOUND, "zh"), "404", indexed=False), linked=False)
    return out


def _description(ctx: SiteContext, budgets: list[Budget], lang: str) -> str:
    """The home and about pages' description: what the site holds (as the landing page says it)
    and what it offers."""
    offers = ctx.t("中英双语网页与开放数据：收支表格、文字说明、名词解释和可下载的数据包。", lang)
    said = coverage(ctx, budgets, lang)
    return f"{said}{' ' if lang == 'en' else ''}{offers}" if said else offers


def _about(ctx: SiteContext, render: Callable[..., None], tr: Translator, budgets: list[Budget], lang: str) -> None:
    apage = Page(
        urls.page(urls.ABOUT, lang),
        ctx.t("关于", lang),
        _description(ctx, budgets, lang),
    )
    render("about.html", apage, body=ctx.about[lang], sources=source_rows(ctx, tr, budgets, apage))


def search_page(ctx: SiteContext, lang: str) -> tuple[PageRef, str]:
    """The search page of ``lang``: Pagefind's UI over the bundles ``ctx.search`` names."""
    spage = Page(
        urls.page(urls.SEARCH, lang),
        ctx.t("搜索", lang),
        ctx.t("搜索全部预算的部门、项目、科目和文字。", lang),
        indexed=False,
    )
    ranking = json.dumps({"metaWeights": META_WEIGHTS}, sort_keys=True)
    return spage.ref, writer.render(ctx.env, "search.html", spage, ctx.site_url, search=ctx.search, ranking=ranking)


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
