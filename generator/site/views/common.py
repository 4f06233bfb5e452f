"""What the views of every page kind share: names in the page's language, and the scope of
the budget page being built."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...checks import SEVERITIES, Finding, severity_name
from ...model import Budget
from ..context import SiteContext
from ..html import Flag
from ..linking import PageLinks
from ..terms import Phrase, Translator
from .page import Page


def department(tr: Translator, b: Budget, lang: str) -> Phrase:
    """The budget's department: its English name from its metadata, else the dictionary's."""
    if lang == "en" and b.meta.department_en:
        return Phrase(b.meta.department_en, "en")
    return tr.label(b.meta.department or b.id, lang)


def optional_label(tr: Translator, text: str, lang: str) -> Phrase:
    """A label that may be absent (a parent department, a district): empty then."""
    return tr.label(text, lang) if text else Phrase("", lang)


class Speaking:
    """What a page's scope says in the page's language: its interface messages (site/ui.py)."""

    ctx: SiteContext
    page: Page

    @property
    def lang(self) -> str:
        return self.page.lang

    def t(self, message: str, **kw: Any) -> str:
        """An interface message in the page's language."""
        return self.ctx.t(message, self.lang, **kw)

    def nt(self, singular: str, plural: str, n: int, **kw: Any) -> str:
        """The form of an interface message for ``n`` (``%(num)s``) in the page's language."""
        return self.ctx.nt(singular, plural, n, self.lang, **kw)


@dataclass
class BudgetScope(Speaking):
    """One budget page as it is built: what its views read (the site's context, the budget and
    its findings, the page) and what they add to (the page's translator and glossary links)."""

    ctx: SiteContext
    tr: Translator
    links: PageLinks
    budget: Budget
    findings: list[Finding]
    page: Page
    _flags: dict[str, dict[Any, list[Flag]]] = field(default_factory=dict)

    def row_flags(self, resource: str) -> dict[Any, list[Flag]]:
        """The flags of the rows of one table, by the row's ``line``: one for each severity a
        check found in the row, linking to the first such finding."""
        if resource not in self._flags:
            by_line: dict[Any, list[Flag]] = {}
            mine = [(i, f) for i, f in enumerate(self.findings, start=1) if f.table == resource]
            for line in dict.fromkeys(f.table_line for _, f in mine):
                for severity in SEVERITIES:
                    hits = [i for i, f in mine if f.table_line == line and f.severity == severity]
                    if hits:
                        text = self.nt(
                            "%(num)s 条核对结果：%(severity)s",
                            "%(num)s 条核对结果：%(severity)s",
                            len(hits),
                            severity=severity_name(severity, self.lang),
                        )
                        by_line.setdefault(line, []).append(Flag(f"#finding-{hits[0]}", severity, text))
            self._flags[resource] = by_line
        return self._flags[resource]
