"""The pager of a page in parts (site/parts.py): where this part is, links to the others, and
a few jumps (a year's first part on the list and the compare page)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import urls
from ..context import SiteContext
from ..parts import window
from .page import Page


@dataclass
class PagerLink:
    label: str
    href: str
    current: bool = False


@dataclass
class Pager:
    """``parts`` the links of the window (None: parts left out), ``jumps`` further links (each
    year's first part), both with ``jumps_label`` said before them."""

    label: str  # the navigation's name
    where: str  # "第 2 页，共 10 页"
    parts: list[PagerLink | None]
    prev: str = ""
    next: str = ""
    jumps: list[PagerLink] = field(default_factory=list)
    jumps_label: str = ""


def pager(ctx: SiteContext, page: Page, total: int, jumps: dict[str, int] | None = None) -> Pager | None:
    """The pager of ``page`` (one part of ``total``), None when there is one part; ``jumps``:
    label → the part it leads to."""
    if total <= 1:
        return None
    lang, kind, current = page.lang, page.kind, page.ref.part

    def to(n: int) -> str:
        return page.href(urls.page(kind, lang, n).path)

    links = [None if n is None else PagerLink(str(n), to(n), n == current) for n in window(current, total)]
    return Pager(
        ctx.t("分页", lang),
        ctx.t("第 %(part)s 页，共 %(total)s 页", lang, part=current, total=total),
        links,
        to(current - 1) if current > 1 else "",
        to(current + 1) if current < total else "",
        [PagerLink(label, to(n), n == current) for label, n in (jumps or {}).items()],
        ctx.t("年度：", lang) if jumps else "",
    )
