"""What every page of the site shares, gathered once before any page is written (the glossary
across all budgets and its links, the dictionary with every budget's names, the interface's
strings, the about pages, the search bundles): a ``SiteContext``, passed as a value to every
page function and to the build's workers."""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import Environment
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..model import Budget, BudgetError
from ..read.documents import read_content, utf8_text
from .collate import sort_key
from .html import mark_chinese
from .i18n import Sentences
from .linking import Linker, LinkTerm, PageLinks
from .parts import Paging
from .terms import Phrase, Terms, TranslateFn, Translations, Translator
from .ui import Interface
from .urls import GLOSSARY, LANGS, PageRef
from .views.search import SearchPage
from .writer import TEMPLATES, environment


@dataclass
class Glossary:
    """One entry per term across all budgets: the most common wording is the definition."""

    entries: dict[str, tuple[str, dict[str, list[str]]]]  # term → (definition, {wording: budget ids})
    anchors: dict[str, str]  # term → its anchor on the glossary page
    order: dict[str, list[str]] = field(default_factory=dict)  # lang → the terms in its order
    parts: dict[str, dict[str, int]] = field(default_factory=dict)  # lang → term → its part (1-based)

    def page(self, term: str, lang: str) -> PageRef:
        """The glossary page (part) the term is on in ``lang``."""
        return PageRef(GLOSSARY, lang, part=self.parts.get(lang, {}).get(term, 1))


@dataclass
class SiteContext:
    site_url: str  # the site's address (SITE_URL), "" when unknown: links stay relative
    ui: Interface  # the interface's messages (templates/i18n, site/ui.py)
    terms: Terms  # the dictionary, with every budget's department, parent and district
    translate: TranslateFn  # the catalog of the documents' sentences
    machine: dict[str, str]  # its machine translations (fuzzy entries), shown marked
    glossary: Glossary
    link_terms: dict[str, tuple[list[LinkTerm], list[LinkTerm]]]  # lang → (its terms, Chinese terms)
    linkers: dict[str, Linker]
    search: SearchPage  # what the search page tells Pagefind: its bundles, their tags, the pages left out
    about: dict[str, Markup]  # the about page's body in each language
    names: list[tuple[str, str, str, str, str, str]]  # each budget's names (zh and en) the dictionary has
    env: Environment = field(repr=False)
    paging: Paging = field(default_factory=Paging)  # how much one part of a paged page holds
    translations: Translations = field(default_factory=Translations)  # what preparing looked up
    problems: list[str] = field(default_factory=list)  # files of content/ that could not be read, each with why

    def __getstate__(self) -> dict[str, Any]:
        """The context as sent to a worker: without its templates' environment, made again from
        ``ui`` on the other side.  Once pages are rendered, the environment's compiled templates
        hold what cannot be pickled (weak references, gettext's closures): a Dask worker that has
        rendered with its copy must still be able to hand it to a peer (else the peer's task
        waits for it for ever)."""
        state = self.__dict__.copy()
        del state["env"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.env = environment(self.ui)

    def translator(self, where: str = "") -> Translator:
        """A translator for one page or set of pages (``where``: the budget shown), recording
        what it looks up."""
        return Translator(self.terms, self.translate, self.machine, where=where)

    def t(self, message: str, lang: str, **kw: Any) -> str:
        """An interface message in ``lang`` (plain text: escaped where it is shown)."""
        return self.ui.gettext(lang, message, **kw)

    def nt(self, singular: str, plural: str, n: int, lang: str, **kw: Any) -> str:
        """The form of an interface message for ``n`` (``%(num)s``) in ``lang``."""
        return self.ui.ngettext(lang, singular, plural, n, **kw)

    def links(self, page: PageRef) -> PageLinks:
        """The glossary links of ``page`` as it is built."""
        return PageLinks(self.linkers[page.lang], page.root)

    def key(self) -> str:
        """What a budget's pages depend on besides the budget itself: the glossary links (terms,
        anchors, definitions in both languages), the English names every budget adds to the
        dictionary, and the site's address.  (Code, templates and content/i18n are hashed by
        the build.)"""
        h = hashlib.sha256(self.site_url.encode())
        for lang in LANGS:
            for t in self.link_terms[lang][0]:
                h.update(
                    repr((lang, t.id, t.label, t.definition, t.definition_lang, sorted(t.patterns), t.page)).encode()
                )
        for n in self.names:
            h.update(repr(n[:4]).encode())
            h.update(repr(n[4:]).encode())
        return h.hexdigest()


def site_context(content: Path, budgets: list[Budget], site_url: str = "", paging: Paging | None = None) -> SiteContext:
    """The context of the site for ``budgets`` (light copies will do: metadata and glossary);
    ``paging``: how much a part of the list, compare and glossary pages holds."""
    paging = paging or Paging()
    budgets = sorted(budgets, key=lambda b: b.id)
    content = Path(content)
    problems: list[str] = []  # a file that cannot be read is reported, and the site built without it
    terms = _or(problems, Terms(), lambda: Terms.load(content))
    names = [_names(b) for b in budgets]
    for department, department_en, parent, parent_en, district, district_en in names:
        terms.add_label(department, department_en)
        terms.add_label(parent, parent_en)
        terms.add_label(district, district_en)
    sentences = _or(problems, Sentences({}), lambda: Sentences.load(content))
    glossary = gather_glossary(budgets, terms)
    tr = Translator(terms, sentences.translate, sentences.machine)
    order_glossary(glossary, terms, tr, paging.terms)
    ui = Interface.load(TEMPLATES)
    link_terms = {lang: glossary_link_terms(glossary, terms, tr, lang, ui.gettext(lang, "机器翻译")) for lang in LANGS}
    linkers = {lang: Linker(link_terms[lang][0], lang, link_terms[lang][1]) for lang in LANGS}
    pages = {lang: content / "pages" / f"about.{lang}.md" for lang in LANGS}
    about = {lang: _or(problems, Markup(""), functools.partial(_markdown, pages[lang], content)) for lang in LANGS}
    return SiteContext(
        site_url,
        ui,
        terms,
        sentences.translate,
        sentences.machine,
        glossary,
        link_terms,
        linkers,
        SearchPage(),
        about,
        names,
        environment(ui),
        paging,
        tr.translations,
        problems,
    )


T = TypeVar("T")


def _or(problems: list[str], empty: T, load: Callable[[], T]) -> T:
    """What ``load`` reads, or ``empty`` with its error added to ``problems``."""
    try:
        return load()
    except BudgetError as e:
        problems.append(str(e))
        return empty


def _names(b: Budget) -> tuple[str, str, str, str, str, str]:
    m = b.meta
    return m.department, m.department_en, m.parent_department, m.parent_department_en, m.district, m.district_en


def gather_glossary(budgets: list[Budget], terms: Terms) -> Glossary:
    defs: dict[str, Counter[str]] = defaultdict(Counter)
    who: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for b in budgets:
        for row in b.rows("glossary"):
            term, definition = str(row.get("term") or "").strip(), str(row.get("definition") or "").strip()
            if not term:
                continue
            defs[term][definition] += 1
            who[term][definition].append(b.id)
    entries: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for term in sorted(defs, key=lambda t: (terms.glossary.get(t) is None, t)):
        entries[term] = (defs[term].most_common(1)[0][0], dict(who[term]))
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for term in entries:
        entry = terms.glossary.get(term)
        base = _slug(entry.en) if entry else ""
        anchor = f"term-{base}" if base else "term-" + hashlib.sha1(term.encode()).hexdigest()[:8]
        while anchor in used:
            anchor += "-2"
        used.add(anchor)
        anchors[term] = anchor
    return Glossary(entries, anchors)


def term_en(terms: Terms, tr: Translator, term: str) -> Phrase:
    """A glossary term's English: the dictionary's glossary entry, else its label (Chinese, marked
    so, when there is none)."""
    entry = terms.glossary.get(term)
    return Phrase(entry.en, "en") if entry else tr.label(term, "en")


def order_glossary(glossary: Glossary, terms: Terms, tr: Translator, per_part: int) -> None:
    """The glossary's terms in the order of each language (pinyin, alphabetical: site/collate.py),
    and the part each is on, ``per_part`` terms a part."""
    for lang in LANGS:
        names = {t: t if lang == "zh" else term_en(terms, tr, t).text for t in glossary.entries}
        glossary.order[lang] = sorted(names, key=functools.partial(_filed, names, lang))
        glossary.parts[lang] = {t: i // per_part + 1 for i, t in enumerate(glossary.order[lang])}


def _filed(names: dict[str, str], lang: str, term: str) -> tuple[bool, tuple[str, ...], str]:
    return sort_key(names[term], lang)


def glossary_link_terms(
    glossary: Glossary, terms: Terms, tr: Translator, lang: str, machine_mark: str
) -> tuple[list[LinkTerm], list[LinkTerm]]:
    """(terms matched in text of ``lang``, Chinese terms matched in untranslated text); a
    definition that is a machine translation says so (``machine_mark``) in its tooltip."""
    zh_terms, en_terms = [], []
    for term, (definition, _) in glossary.entries.items():
        entry = terms.glossary.get(term)
        zh_patterns = {term, *_zh_variants(term), *(entry.also if entry else ())}
        d = tr.sentence(definition, lang)
        d = Phrase(f"{d.text} [{machine_mark}]", d.lang) if d.machine else d
        page = glossary.page(term, lang).path
        zh_terms.append(LinkTerm(glossary.anchors[term], term, d.text, d.lang, tuple(zh_patterns), page))
        if entry:
            en_patterns = {_unquote(entry.en), *entry.also_en}
            en_terms.append(LinkTerm(glossary.anchors[term], entry.en, d.text, d.lang, tuple(en_patterns), page))
    return (zh_terms if lang == "zh" else en_terms), zh_terms


PAGE_LIMIT = 4 << 20  # bytes of a page of content/pages


def _markdown(path: Path, content: Path) -> Markup:
    if not os.path.lexists(path):
        return Markup("")
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    md.validateLink = _safe_link  # type: ignore[method-assign]  # markdown-it's documented hook
    html = Markup(md.render(utf8_text(read_content(path, content, PAGE_LIMIT), str(path))))
    return mark_chinese(html) if not path.name.endswith(".zh.md") else html


def _safe_link(url: str) -> bool:
    """A link of a page of content/pages: on the site (no scheme), or http, https or mailto;
    never javascript:, data: or another scheme a browser would run or open."""
    scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", url, re.IGNORECASE)
    return scheme is None or scheme.group(1).lower() in ("http", "https", "mailto")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unquote(text: str) -> str:
    return text.strip("\"'“”")


def _zh_variants(term: str) -> list[str]:
    """Other spellings of a term printed in running text: 'A（B）' also as A and B; quotes
    in any style."""
    out = []
    m = re.match(r"^(.+?)[（(](.+)[）)]$", term)
    if m:
        out += [m.group(1), m.group(2)]
    if "“" in term:
        out += [term.replace("“", '"').replace("”", '"'), term.replace("“", "").replace("”", "")]
    return out
