"""The list of budgets (each language's home page) and the glossary page."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ...model import Budget, Value, web_url
from ...package import budget_summary_row
from .. import urls
from ..collate import initial
from ..context import SiteContext, term_en
from ..terms import Phrase, Translator
from ..ui import N_
from .common import department, optional_label
from .page import Page

# What the site read, by the source's kind (model.Source.kind).
READ_FROM = {"pdf": N_("PDF 原件"), "text": N_("PDF 的文字提取（文本文件）")}


@dataclass
class ListRow:
    id: str
    href: str
    department: Phrase
    parent: Phrase
    district: Phrase
    year: int
    income: Value
    expenditure: Value
    read_from: str = ""  # what the site read (the list says it; a glossary entry's names do not)
    source_url: str = ""  # where the department published it ('' when the metadata does not say)


@dataclass
class Named:
    """Who prints a definition: the budgets named (at most ``Paging.named``) and how many more."""

    rows: list[ListRow]
    more: int = 0


@dataclass
class GlossaryEntry:
    anchor: str
    zh: str
    en: Phrase
    definition_zh: str
    definition_en: Phrase
    variants: list[tuple[Phrase, Named]]  # other wordings (at most ``Paging.wordings``) and who prints them
    budgets: Named
    more_wordings: int = 0  # other wordings left out

    def name(self, lang: str) -> Phrase:
        """The term as a page of ``lang`` files it: its Chinese, or its English where it has one."""
        return Phrase(self.zh, "zh") if lang == "zh" else self.en


@dataclass
class GlossaryLetter:
    """The terms filed under one letter of the glossary's index (``href``: where the letter's
    first term is, on this part or another)."""

    letter: str
    anchor: str
    entries: list[GlossaryEntry]
    href: str = ""


def letter_anchor(letter: str) -> str:
    return f"letter-{letter if letter.isalpha() else 'other'}"


def glossary_letters(ctx: SiteContext, page: Page) -> list[GlossaryLetter]:
    """Every letter of the glossary's index in ``page``'s language, linking to the part where its
    first term is (an anchor of this page when it is on it); without entries."""
    lang, out = page.lang, []
    for letter, terms in groupby(ctx.glossary.order[lang], key=lambda t: _initial(ctx, t, lang)):
        anchor, part = letter_anchor(letter), ctx.glossary.parts[lang][next(terms)]
        where = "" if part == page.ref.part else page.href(urls.page(urls.GLOSSARY, lang, part).path)
        out.append(GlossaryLetter(letter, anchor, [], f"{where}#{anchor}"))
    return out


def glossary_part_terms(ctx: SiteContext, lang: str, part: int) -> list[str]:
    """The terms on one part of the glossary in ``lang``, in its order."""
    n = ctx.paging.terms
    return ctx.glossary.order[lang][(part - 1) * n : part * n]


def glossary_index(entries: list[GlossaryEntry], lang: str) -> list[GlossaryLetter]:
    """The entries (in the order of ``lang``: pinyin, or alphabetical) by the letter they are
    filed under."""
    letters = groupby(entries, key=lambda e: initial(e.name(lang).text, lang))
    return [GlossaryLetter(k, letter_anchor(k), list(g)) for k, g in letters]


def _initial(ctx: SiteContext, term: str, lang: str) -> str:
    return initial(term if lang == "zh" else term_en(ctx.terms, ctx.translator(), term).text, lang)


def list_row(tr: Translator, b: Budget, page: Page) -> ListRow:
    total = budget_summary_row(b)
    lang = page.lang
    return ListRow(
        b.id,
        page.to(urls.BUDGET, b.id),
        department(tr, b, lang),
        optional_label(tr, b.meta.parent_department, lang),
        optional_label(tr, b.meta.district, lang),
        b.meta.year,
        total["total_income"],
        total["total_expenditure"],
    )


def source_row(ctx: SiteContext, tr: Translator, b: Budget, page: Page) -> ListRow:
    """A budget's row of the list: its figures and its source (what the site read, offered in
    the budget page's downloads, and where the department published it, when the metadata says)."""
    row = list_row(tr, b, page)
    kind = b.source.kind
    row.read_from = ctx.t(READ_FROM[kind], page.lang) if kind in READ_FROM else kind
    row.source_url = web_url(b.meta.source_url)
    return row


def glossary_entries(
    ctx: SiteContext, tr: Translator, budgets: dict[str, Budget], page: Page, terms: list[str]
) -> list[GlossaryEntry]:
    """The entries of ``terms`` (in their order): each term's definition in both languages, its
    other wordings and the budgets that define it (the first few named, the rest counted)."""
    paging, out = ctx.paging, []

    def named(ids: list[str]) -> Named:
        shown = sorted(ids)[: paging.named]
        return Named([list_row(tr, budgets[i], page) for i in shown], len(ids) - len(shown))

    for term in terms:
        definition, who = ctx.glossary.entries[term]
        others = [(d, ids) for d, ids in who.items() if d != definition]
        variants = [(tr.sentence(d, page.lang), named(ids)) for d, ids in others[: paging.wordings]]
        out.append(
            GlossaryEntry(
                ctx.glossary.anchors[term],
                term,
                term_en(ctx.terms, tr, term),
                definition,
                tr.sentence(definition, "en"),
                variants,
                named(sorted({i for ids in who.values() for i in ids})),
                len(others) - len(variants),
            )
        )
    return out
