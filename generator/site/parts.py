"""The shared pages in parts of a fixed size: the list of budgets and the compare page's tables
a fixed number of budgets a part (newest year first, then by id), the glossary a fixed number of
terms a part (in the order of the page's language), so that no page grows with the corpus.

A corpus that fits on one part has one page, at the kind's own address, with no pager.  Part
``k`` of a kind is at ``urls.PageRef(kind, lang, part=k)``; the list and the compare page are cut
the same way in both languages (the language switch keeps the reader's part), the glossary in
each language's own order (a term's part is the one ``glossary_parts`` says).  A pager links the
first, the previous, a window of parts around this one, the next and the last: it too has a
fixed size at any corpus size.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..model import Budget

T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """How much one part of a paged page holds."""

    budgets: int = 100  # budgets a part of the list and of the compare page's tables
    terms: int = 40  # glossary terms a part
    named: int = 10  # budgets named under one glossary term (and one wording); the rest counted
    wordings: int = 5  # other wordings shown under one glossary term; the rest counted

    def __post_init__(self) -> None:
        if min(self.budgets, self.terms, self.named, self.wordings) < 1:
            raise ValueError(f"every size of a part must be at least 1: {self}")

    def key(self) -> str:
        return f"paging:{self.budgets}:{self.terms}:{self.named}:{self.wordings}"


def budget_order(budgets: Sequence[Budget]) -> list[Budget]:
    """The order of the list and of the compare page: the newest year first, then by id (the
    year and the department's slug)."""
    return sorted(budgets, key=lambda b: (-b.meta.year, b.id))


def cut(items: Sequence[T], size: int) -> list[list[T]]:
    """``items`` in parts of at most ``size``, in order; one (empty) part when there are none."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)] or [[]]


WINDOW = 2  # parts shown on either side of the current one


def window(current: int, total: int) -> list[int | None]:
    """The parts a pager links (1-based): the first, those within ``WINDOW`` of ``current``, the
    last, with None where parts are left out."""
    shown = sorted({1, total, *range(max(1, current - WINDOW), min(total, current + WINDOW) + 1)})
    out: list[int | None] = []
    for n in shown:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def key(*parts: str) -> str:
    """The key of a part: the hash of what it shows."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()
