"""The about page's list of each budget's source: what the site read (the PDF itself, or a text
extraction of it) and where the department published it, when the metadata says."""

from __future__ import annotations

from dataclasses import dataclass

from ...model import Budget, web_url
from .. import urls
from ..context import SiteContext
from ..terms import Phrase, Translator
from ..ui import N_
from .common import department
from .page import Page

# What the site read, by the source's kind (model.Source.kind).
READ_FROM = {"pdf": N_("PDF 原件"), "text": N_("PDF 的文字提取（文本文件）")}


@dataclass
class SourceRow:
    department: Phrase
    href: str  # the budget's downloads, where the file is offered
    read_from: str
    source_url: str  # where the department published it ('' when the metadata does not say)


def source_rows(ctx: SiteContext, tr: Translator, budgets: list[Budget], page: Page) -> list[SourceRow]:
    """One row per budget, in the order of ``budgets``."""
    return [
        SourceRow(
            department(tr, b, page.lang),
            page.to(urls.BUDGET, b.id) + "#downloads",
            ctx.t(READ_FROM[b.source.kind], page.lang) if b.source.kind in READ_FROM else b.source.kind,
            web_url(b.meta.source_url),
        )
        for b in budgets
    ]
