"""The list of budgets (each language's home page) and the glossary page."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ...model import Budget, Value
from ...package import budget_summary_row
from .. import urls
from ..collate import initial, sort_key
from ..context import SiteContext
from ..terms import Phrase, Translator
from .common import department, optional_label
from .page import Page


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


@dataclass
class GlossaryEntry:
    anchor: str
    zh: str
    en: Phrase
    definition_zh: str
    definition_en: Phrase
    variants: list[tuple[Phrase, list[ListRow]]]  # other wordings and who prints them
    budgets: list[ListRow]

    def name(self, lang: str) -> Phrase:
        """The term as a page of ``lang`` files it: its Chinese, or its English where it has one."""
        return Phrase(self.zh, "zh") if lang == "zh" else self.en


@dataclass
class GlossaryLetter:
    """The terms filed under one letter of the glossary's index."""

    letter: str
    anchor: str
    entries: list[GlossaryEntry]


def glossary_index(entries: list[GlossaryEntry], lang: str) -> list[GlossaryLetter]:
    """The entries in the order of ``lang`` (pinyin, or alphabetical), by the letter they are
    filed under."""
    ordered = sorted(entries, key=lambda e: sort_key(e.name(lang).text, lang))
    letters = groupby(ordered, key=lambda e: initial(e.name(lang).text, lang))
    return [GlossaryLetter(k, f"letter-{k if k.isalpha() else 'other'}", list(g)) for k, g in letters]


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


def list_rows(tr: Translator, budgets: list[Budget], page: Page) -> dict[str, ListRow]:
    return {b.id: list_row(tr, b, page) for b in budgets}


def glossary_entries(ctx: SiteContext, tr: Translator, rows: dict[str, ListRow], lang: str) -> list[GlossaryEntry]:
    """Every term across the budgets, its definition in both languages, its other wordings and
    the budgets that define it."""
    out = []
    for term, (definition, who) in ctx.glossary.entries.items():
        entry = ctx.terms.glossary.get(term)
        en = Phrase(entry.en, "en") if entry else tr.label(term, "en")
        variants = [(tr.sentence(d, lang), [rows[i] for i in ids]) for d, ids in who.items() if d != definition]
        budgets = sorted({i for ids in who.values() for i in ids})
        out.append(
            GlossaryEntry(
                ctx.glossary.anchors[term],
                term,
                en,
                definition,
                tr.sentence(definition, "en"),
                variants,
                [rows[i] for i in budgets],
            )
        )
    return out
