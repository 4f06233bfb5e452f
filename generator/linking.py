"""Glossary links: occurrences of a 名词解释 term in running text link to its glossary entry.

Rules (shared/docs/site.md): longer terms win over shorter ones they contain; nothing inside a
heading, a caption or an existing link is linked; a term is linked at its first occurrence in
each section (a section starts at every heading and every table).  Each link carries its
definition in a tooltip shown on hover and on keyboard focus (CSS), referenced by
``aria-describedby`` so a screen reader announces it too.

The linker works on rendered HTML: it re-emits every tag as written and only rewrites text
nodes, escaping them again, so text from a source document can never become markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from markupsafe import Markup


@dataclass
class LinkTerm:
    """One glossary entry as the linker sees it, in one language."""

    id: str  # anchor on the glossary page
    label: str  # the term as shown in the tooltip heading
    definition: str
    definition_lang: str
    patterns: tuple[str, ...]  # the spellings that are linked


# Text inside these is never linked.
_NO_LINK = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "button", "script", "style", "nav", "header", "footer"}
    | {"svg", "title", "dt", "summary", "label", "select", "option", "textarea", "code", "pre", "figcaption"}
)
# Text is linked only inside one of these.
_LINK_IN = frozenset({"p", "li", "dd", "th", "td", "blockquote"})
# A new section starts at these (first occurrence per section).
_SECTION_START = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_RAW = frozenset({"script", "style"})


def _compile(terms: list[LinkTerm], *, ascii_words: bool) -> tuple[re.Pattern[str] | None, dict[str, LinkTerm]]:
    by_pattern: dict[str, LinkTerm] = {}
    for term in terms:
        for p in term.patterns:
            key = p.casefold() if ascii_words else p
            if p and key not in by_pattern:
                by_pattern[key] = term
    if not by_pattern:
        return None, by_pattern
    # Longest first: the regex engine takes the first alternative that matches at a position.
    alts = "|".join(re.escape(p) for p in sorted(by_pattern, key=lambda s: (-len(s), s)))
    if ascii_words:
        return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE), by_pattern
    return re.compile(alts), by_pattern


class Linker:
    """Links terms in the pages of one language.

    ``terms`` are matched in text of the page's language; ``zh_terms`` in Chinese text shown
    on an English page (a sentence with no translation yet, marked ``lang="zh"``).
    """

    def __init__(self, terms: list[LinkTerm], lang: str, zh_terms: list[LinkTerm] | None = None):
        self.lang = lang
        self.pattern, self.by_pattern = _compile(terms, ascii_words=lang != "zh")
        self.zh_pattern, self.zh_by_pattern = _compile(zh_terms or (terms if lang == "zh" else []), ascii_words=False)

    def link_text(self, text: str, page: PageState, text_lang: str | None = None) -> str:
        """``text`` (plain, unescaped) as escaped HTML with its terms linked."""
        zh = (text_lang or self.lang).startswith("zh")
        pattern = self.zh_pattern if zh else self.pattern
        table = self.zh_by_pattern if zh else self.by_pattern
        if pattern is None:
            return escape(text, quote=False)
        out: list[str] = []
        pos = 0
        for m in pattern.finditer(text):
            term = table[m.group(0) if zh else m.group(0).casefold()]
            out.append(escape(text[pos : m.start()], quote=False))
            pos = m.end()
            if term.id in page.seen:
                # Already linked in this section: still consumed, so a shorter term inside it
                # is not linked instead.
                out.append(escape(m.group(0), quote=False))
                continue
            page.seen.add(term.id)
            out.append(page.link(term, m.group(0)))
        out.append(escape(text[pos:], quote=False))
        return "".join(out)

    def link_html(self, html: str, page: PageState) -> Markup:
        """``html`` with terms linked in its running text and table cells."""
        parser = _Rewriter(self, page)
        parser.feed(html)
        parser.close()
        return Markup("".join(parser.out))


@dataclass
class PageState:
    """What linking remembers across one page: the glossary's address relative to the page,
    the tooltip ids used so far, and the terms already linked in the current section."""

    glossary_href: str  # e.g. ../../glossary/index.html
    seen: set[str] = field(default_factory=set)
    count: int = 0

    def link(self, term: LinkTerm, shown: str) -> str:
        self.count += 1
        tip = f"gloss-tip-{self.count}"
        lang = f' lang="{escape(term.definition_lang)}"' if term.definition_lang else ""
        return (
            f'<span class="gloss"><a class="gloss-link" href="{escape(self.glossary_href)}#{escape(term.id)}"'
            f' aria-describedby="{tip}">{escape(shown, quote=False)}</a>'
            f'<span class="gloss-tip" role="tooltip" id="{tip}" data-pagefind-ignore{lang}>'
            f"{escape(term.definition, quote=False)}</span></span>"
        )


class _Rewriter(HTMLParser):
    def __init__(self, linker: Linker, page: PageState):
        super().__init__(convert_charrefs=True)
        self.linker = linker
        self.page = page
        self.out: list[str] = []
        self.stack: list[tuple[str, str | None, str | None]] = []  # (tag, lang, data-term)
        # Depths in the stack of elements marked data-nolink: nothing inside them is linked
        # (a sortable table's header becomes a button, and a button cannot hold a link).
        self.nolink: list[int] = []

    def _lang(self) -> str | None:
        for _, lang, _ in reversed(self.stack):
            if lang:
                return lang
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        own = dict(attrs).get("data-term")
        if tag not in _VOID:
            if "data-nolink" in dict(attrs):
                self.nolink.append(len(self.stack))
            self.stack.append((tag, dict(attrs).get("lang"), own))
        if tag in _SECTION_START:
            # A glossary entry (data-term) does not link its own term anywhere inside it.
            self.page.seen = {o for _, _, o in self.stack if o}

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                self.nolink = [d for d in self.nolink if d < i]
                break

    def handle_data(self, data: str) -> None:
        tags = {t for t, _, _ in self.stack}
        if self.stack and self.stack[-1][0] in _RAW:
            self.out.append(data)
        elif self.nolink or tags & _NO_LINK or not tags & _LINK_IN or not data.strip():
            self.out.append(escape(data, quote=False))
        else:
            self.out.append(self.linker.link_text(data, self.page, self._lang()))

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")
