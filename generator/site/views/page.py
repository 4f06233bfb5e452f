"""What every page's template receives as ``page``: where it is, its title, and its links."""

from __future__ import annotations

from dataclasses import dataclass

from ..urls import OTHER, PageRef, href


@dataclass
class Page:
    ref: PageRef
    title: str
    description: str = ""
    indexed: bool = True  # part of the search index
    other: str = ""  # the page the language switch leads to (path from the root), when not this one's counterpart

    @property
    def lang(self) -> str:
        return self.ref.lang

    @property
    def kind(self) -> str:
        return self.ref.kind

    @property
    def path(self) -> str:
        return self.ref.path

    @property
    def root(self) -> str:
        return self.ref.root

    @property
    def other_lang(self) -> str:
        return OTHER[self.lang]

    @property
    def other_href(self) -> str:
        """This page in the other language (for a part of the glossary, cut otherwise in each
        language: the part with its first term)."""
        return href(self.ref, self.other or self.ref.in_lang(self.other_lang).path)

    def href(self, path: str) -> str:
        """A link from this page to ``path`` (from the site root)."""
        return href(self.ref, path)

    def to(self, kind: str, budget: str = "") -> str:
        """A link to the page of ``kind`` (and ``budget``) in this page's language."""
        return self.link(kind, self.lang, budget)

    def link(self, kind: str, lang: str, budget: str = "") -> str:
        """A link to the page of ``kind`` (and ``budget``) in ``lang``."""
        return href(self.ref, PageRef(kind, lang, budget).path)
