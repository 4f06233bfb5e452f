"""Pages: a view rendered by its template, its glossary terms linked.  The build calls these
(in its workers for the budgets' pages); so do the tests: there is one way a page is made."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..checks import Finding
from ..model import Budget
from . import format as fmt
from . import names, urls, writer
from .compare import Comparison
from .context import SiteContext
from .names import DEPARTMENT, PLACE, PROJECT, UNIT, BudgetNames
from .parts import budget_order, cut
from .parts import key as digest
from .terms import Translations
from .urls import LANGS, PageRef
from .views.budget import BudgetView, budget_view
from .views.common import BudgetScope
from .views.compare import CompareFacts, CompareScope, compare_facts, compare_view
from .views.landing import coverage
from .views.lists import glossary_entries, glossary_index, glossary_letters, glossary_part_terms, source_row
from .views.page import Page
from .views.pager import pager
from .views.search import META_WEIGHTS


@dataclass
class Rendered:
    """Pages, and what they looked up in the dictionary and the catalog."""

    pages: list[tuple[PageRef, str]] = field(default_factory=list)
    translations: Translations = field(default_factory=Translations)
    names: dict[str, BudgetNames] = field(default_factory=dict)  # a budget's, for the name index, by language

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
        out.names[lang] = budget_names(view, ref, budget.meta.department, budget.meta.department_en)
    out.translations = tr.translations
    return out


def budget_names(view: BudgetView, ref: PageRef, chinese: str, english: str) -> BudgetNames:
    """What the name index holds of a budget's page: what it gives search (its title, the
    department's Chinese and English names on either page, ``view.names``), its address from the
    site's root."""
    names = [(DEPARTMENT, view.department.text), (DEPARTMENT, chinese), (DEPARTMENT, english)]
    names += [(PLACE, p.text) for p in view.names.places] + [(UNIT, p.text) for p in view.names.units]
    names += [(PROJECT, p.text) for p in view.names.projects]
    return BudgetNames(view.department.text, ref.path.removesuffix("index.html"), tuple(dict.fromkeys(names)))


@dataclass
class SharedPart:
    """Shared pages rendered together (one part of a paged page in one language, or the pages
    every budget's change touches), keyed by what they show: ``make`` renders them."""

    refs: list[PageRef]
    key: str
    make: Callable[[], Rendered]


@dataclass
class Layout:
    """How the budgets are cut into the parts of the list and the compare page."""

    parts: int
    budgets: int
    jumps: dict[str, int]  # each year's first part (when the parts are several and the years too)

    def key(self) -> str:
        return repr((self.parts, self.budgets, sorted(self.jumps.items())))


def shared_parts(
    ctx: SiteContext,
    budgets: list[Budget],
    comparisons: list[Comparison],
    staff: dict[str, list[tuple[int, Finding]]],
    keys: Mapping[str, str],
    base: str = "",
    rest: str = "",
) -> list[SharedPart]:
    """Every page that is not one budget's, in parts: the list, the glossary and the compare
    page in parts of a fixed size (site/parts.py), each keyed by what it shows (its budgets'
    ``keys``, its terms, what every part shows alike) on top of ``base`` (code, translations,
    glossary, the site's address); about, the landing page and the 404 page together, keyed by
    every budget's metadata and ``rest`` (what else they read: content/pages); the search pages
    by what they tell Pagefind (``ctx.search``) (``budgets`` may be light: metadata, source,
    glossary and 收支总表;
    ``staff``: each budget's findings about staff numbers, numbered)."""
    budgets = sorted(budgets, key=lambda b: b.id)
    chunks = cut(budget_order(budgets), ctx.paging.budgets)
    layout = Layout(len(chunks), len(budgets), _year_jumps(chunks))
    by_id = {c.budget.id: c for c in comparisons}
    facts = compare_facts([by_id[b.id] for b in budgets if b.id in by_id])
    base = digest(base, ctx.paging.key(), layout.key())
    out: list[SharedPart] = []
    for lang in LANGS:
        description = _description(ctx, budgets, lang)
        for part, chunk in enumerate(chunks, start=1):
            shown = [f"{b.id}:{keys.get(b.id, '')}" for b in chunk]
            ref = urls.page(urls.HOME, lang, part)
            make = functools.partial(_list_part, ctx, ref, chunk, layout, description)
            out.append(SharedPart([ref], digest(base, ref.path, description, *shown), make))
            ref = urls.page(urls.COMPARE, lang, part)
            drawn = [f"{c.budget.id}:{keys.get(c.budget.id, '')}" for c in facts.drawn] if part == 1 else []
            rows = [by_id[b.id] for b in chunk if b.id in by_id]
            make = functools.partial(_compare_part, ctx, ref, rows, facts, layout, staff)
            out.append(SharedPart([ref], digest(base, ref.path, facts.key(), repr(facts.shown), *shown, *drawn), make))
        out += _glossary_parts(ctx, {b.id: b for b in budgets}, base, lang)
    # About (each budget's department and source), the landing page and the descriptions read
    # the budgets' metadata only (not how the file was obtained, which no page shows).
    everything = digest(base, rest, *(repr((replace(b.meta, source_note=""), b.source.kind)) for b in budgets))
    others = [*(urls.page(urls.ABOUT, lang) for lang in LANGS), urls.page(urls.LANDING, "zh")]
    others.append(urls.page(urls.NOT_FOUND, "zh"))
    out.append(SharedPart(others, everything, functools.partial(_the_rest, ctx, budgets)))
    # The search pages say each search bundle's tag and the pages left out (``ctx.search``):
    # they change with every budget's, apart from the pages above.
    searches = [urls.page(urls.SEARCH, lang) for lang in LANGS]
    out.append(SharedPart(searches, digest(base, repr(ctx.search)), functools.partial(_search_pages, ctx)))
    return out


def shared_pages(
    ctx: SiteContext,
    budgets: list[Budget],
    comparisons: list[Comparison],
    staff: dict[str, list[tuple[int, Finding]]],
) -> Rendered:
    """Every page that is not one budget's (every part), rendered."""
    out = Rendered()
    for part in shared_parts(ctx, budgets, comparisons, staff, {}):
        made = part.make()
        out.pages += made.pages
        out.translations.merge(made.translations)
    return out


def _year_jumps(chunks: list[list[Budget]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for part, chunk in enumerate(chunks, start=1):
        for b in chunk:
            first.setdefault(str(b.meta.year), part)
    return first if len(chunks) > 1 and len(first) > 1 else {}


def _renderer(ctx: SiteContext, out: Rendered) -> Callable[..., None]:
    def render(template: str, page: Page, *, linked: bool = True, **context: object) -> None:
        html = writer.render(ctx.env, template, page, ctx.site_url, **context)
        out.pages.append((page.ref, ctx.links(page.ref).page(html) if linked else html))

    return render


def _part_title(ctx: SiteContext, title: str, ref: PageRef) -> str:
    """A page's title, with its part's number past the first (each page's title its own)."""
    return title if ref.part == 1 else ctx.t("%(title)s（第 %(part)s 页）", ref.lang, title=title, part=ref.part)


def _list_part(ctx: SiteContext, ref: PageRef, chunk: list[Budget], layout: Layout, description: str) -> Rendered:
    lang, out, tr = ref.lang, Rendered(), ctx.translator()
    title = ctx.t("部门预算公开数据", lang) if ref.part == 1 else _part_title(ctx, ctx.t("全部部门预算", lang), ref)
    home = Page(
        ref, title, description, indexed=ref.part == 1
    )  # a part past the first: only tables, which search leaves out
    rows = [source_row(ctx, tr, b, home) for b in chunk]
    first = (ref.part - 1) * ctx.paging.budgets + 1
    caption = ctx.t(
        "部门预算（共 %(n)s 份，本页第 %(first)s–%(last)s 份）",
        lang,
        n=fmt.count(layout.budgets),
        first=fmt.count(first),
        last=fmt.count(first + len(rows) - 1),
    )
    nav = pager(ctx, home, layout.parts, layout.jumps)
    _renderer(ctx, out)("list.html", home, rows=rows, pager=nav, caption=caption)
    out.translations = tr.translations
    return out


def _compare_part(
    ctx: SiteContext,
    ref: PageRef,
    rows: list[Comparison],
    facts: CompareFacts,
    layout: Layout,
    staff: dict[str, list[tuple[int, Finding]]],
) -> Rendered:
    lang, out, tr = ref.lang, Rendered(), ctx.translator()
    cpage = Page(
        ref,
        _part_title(ctx, ctx.t("部门比较", lang), ref),
        ctx.t(
            "各部门预算的主要数字并列比较：支出总额及其增减、基本支出与项目支出、人员支出、“三公”经费、政府采购、支出功能分类、人员编制和核对结果。",
            lang,
        ),
        indexed=ref.part == 1,  # a part past the first: only tables, which search leaves out
    )
    paged, first = layout.parts > 1, ref.part == 1
    view = compare_view(CompareScope(ctx, tr, cpage, rows, staff), facts, charts=first, paged=paged)
    drawn = any(c.total is not None for c in facts.drawn)  # the first part has charts
    charts = cpage.href(urls.page(urls.COMPARE, lang).path) + "#charts" if not first and drawn else ""
    nav = pager(ctx, cpage, layout.parts, layout.jumps)
    _renderer(ctx, out)("compare.html", cpage, c=view, pager=nav, charts_href=charts)
    out.translations = tr.translations
    return out


def _glossary_parts(ctx: SiteContext, budgets: dict[str, Budget], base: str, lang: str) -> list[SharedPart]:
    """The glossary's parts in ``lang``, each keyed by its terms (their definitions, wordings and
    who prints them) and the glossary's index."""
    n = max(1, -(-len(ctx.glossary.order[lang]) // ctx.paging.terms))
    index = glossary_letters(ctx, Page(urls.page(urls.GLOSSARY, lang), ""))
    out = []
    for part in range(1, n + 1):
        ref = urls.page(urls.GLOSSARY, lang, part)
        terms = glossary_part_terms(ctx, lang, part)
        shown = [repr((t, ctx.glossary.entries[t], ctx.glossary.anchors[t])) for t in terms]
        key = digest(base, ref.path, str(n), repr([(g.letter, g.href) for g in index]), *shown)
        out.append(SharedPart([ref], key, functools.partial(_glossary_part, ctx, ref, budgets, terms, n)))
    return out


def _glossary_part(ctx: SiteContext, ref: PageRef, budgets: dict[str, Budget], terms: list[str], n: int) -> Rendered:
    lang, out, tr = ref.lang, Rendered(), ctx.translator("glossary")
    gpage = Page(
        ref,
        _part_title(ctx, ctx.t("名词解释", lang), ref),
        ctx.t("各部门预算“名词解释”部分定义的名词，每个名词一条，附中英文解释和定义它的预算。", lang),
    )
    other = urls.OTHER[lang]
    if n > 1 and terms:
        gpage.other = ctx.glossary.page(terms[0], other).path
    entries = glossary_entries(ctx, tr, budgets, gpage, terms)
    # Where each term is in the other language (the language switch takes the reader there).
    there = {t: gpage.href(ctx.glossary.page(t, other).path) for t in terms} if n > 1 else {}
    more = any(e.budgets.more or e.more_wordings or any(w.more for _, w in e.variants) for e in entries)
    _renderer(ctx, out)(
        "glossary.html",
        gpage,
        letters=glossary_index(entries, lang),
        index=glossary_letters(ctx, gpage),
        pager=pager(ctx, gpage, n),
        glossary_csv=gpage.href(urls.GLOSSARY_CSV),
        more=more,
        there=there,
    )
    out.translations = tr.translations
    return out


def _search_pages(ctx: SiteContext) -> Rendered:
    """The search page in both languages."""
    out = Rendered()
    out.pages += [search_page(ctx, lang) for lang in LANGS]
    return out


def _the_rest(ctx: SiteContext, budgets: list[Budget]) -> Rendered:
    """About in both languages, the landing page and the 404 page."""
    out, tr = Rendered(), ctx.translator()
    render = _renderer(ctx, out)
    for lang in LANGS:
        _about(ctx, render, budgets, lang)
    landing = Page(urls.page(urls.LANDING, "zh"), "部门预算公开数据 · Departmental budgets", indexed=False)
    said = {lang: coverage(ctx, budgets, lang) for lang in LANGS}
    render("landing.html", landing, linked=False, coverage=said)
    render("404.html", Page(urls.page(urls.NOT_FOUND, "zh"), "404", indexed=False), linked=False)
    out.translations = tr.translations
    return out


def _description(ctx: SiteContext, budgets: list[Budget], lang: str) -> str:
    """The home and about pages' description: what the site holds (as the landing page says it)
    and what it offers."""
    offers = ctx.t("中英双语网页与开放数据：收支表格、文字说明、名词解释和可下载的数据包。", lang)
    said = coverage(ctx, budgets, lang)
    return f"{said}{' ' if lang == 'en' else ''}{offers}" if said else offers


def _about(ctx: SiteContext, render: Callable[..., None], budgets: list[Budget], lang: str) -> None:
    apage = Page(
        urls.page(urls.ABOUT, lang),
        ctx.t("关于", lang),
        _description(ctx, budgets, lang),
    )
    render("about.html", apage, body=ctx.about[lang])


def search_page(ctx: SiteContext, lang: str) -> tuple[PageRef, str]:
    """The search page of ``lang``: the name index's results (its layout from ``names``), then
    Pagefind's UI over the bundles ``ctx.search`` names."""
    spage = Page(
        urls.page(urls.SEARCH, lang),
        ctx.t("搜索", lang),
        ctx.t("按部门、主管部门、区划、预算单位或项目的名称搜索全部预算（不搜索预算的正文和表格）。", lang),
        indexed=False,
    )
    ranking = json.dumps({"metaWeights": META_WEIGHTS}, sort_keys=True)
    index = {"shards": names.SHARDS, "name_chunk": names.NAME_CHUNK, "budget_chunk": names.BUDGET_CHUNK}
    index.update(prefix=names.PREFIX, page=names.PAGE)
    html = writer.render(ctx.env, "search.html", spage, ctx.site_url, search=ctx.search, ranking=ranking, index=index)
    return spage.ref, html


def write_meta(ctx: SiteContext, out: Path, budgets: list[Budget], shared: list[PageRef]) -> None:
    """The sitemap (of every page: the budgets' and every ``shared`` page, every part), robots.txt
    and .nojekyll into ``out``."""
    pages = [p for b in budgets for p in urls.budget_pages(b.id)] + shared
    writer.write_meta_files(out, ctx.site_url, pages)
