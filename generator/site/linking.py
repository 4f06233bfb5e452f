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
from functools import lru_cache
from html import escape, unescape

from markupsafe import Markup

from ..chinese import CHINESE_RUN


@dataclass
class LinkTerm:
    """One glossary entry as the linker sees it, in one language."""

    id: str  # anchor on the glossary page
    label: str  # the term as shown in the tooltip heading
    definition: str
    definition_lang: str
    patterns: tuple[str, ...]  # the spellings that are linked
    page: str = ""  # the glossary page it is on (its part: site/parts.py), from the site root


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
        return Markup(_rewrite(self, html, page))


@dataclass
class PageState:
    """What linking remembers across one page: the way from the page up to the site's root
    (each term links to the glossary page it is on), the tooltip ids used so far, and the terms
    already linked in the current section."""

    root: str  # e.g. ../../../
    seen: set[str] = field(default_factory=set)
    count: int = 0

    def link(self, term: LinkTerm, shown: str) -> str:
        self.count += 1
        tip = f"gloss-tip-{self.count}"
        lang = f' lang="{escape(term.definition_lang)}"' if term.definition_lang else ""
        return (
            f'<span class="gloss"><a class="gloss-link" href="{escape(self.root + term.page)}#{escape(term.id)}"'
            f' aria-describedby="{tip}">{escape(shown, quote=False)}</a>'
            f'<span class="gloss-tip" role="tooltip" id="{tip}" data-pagefind-ignore{lang}>'
            f"{escape(term.definition, quote=False)}</span></span>"
        )


# The pages are the templates' own well-formed HTML: a tag is ``<…>`` with no ``>`` inside
# (attribute values are escaped), so text and tags can be told apart by one expression.
# A run of amount cells with nothing but text inside is one token, copied as it is (most of a
# budget page is such cells, and nothing in a number is linked).
#
# A table row of a row header with plain text and amount cells (most rows of a budget's
# tables) is one token too: only the header's text can be linked.
_TOKEN = re.compile(
    r"""(?P<row><tr\b[^>]*>\s*<th\b[^>]*>)(?P<text>[^<]*)(?P<end></th>\s*(?:<td\sclass="num"[^>]*>[^<]*</td>\s*)*</tr>)"""
    r"""|(?:<td\sclass="num"[^>]*>[^<]*</td>\s*)+|<!--.*?-->|<[!?/]?[A-Za-z][^>]*>""",
    re.S,
)
_TAG_NAME = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_NOLINK = re.compile(r"\sdata-nolink[\s=>/]")
_NUMERIC = re.compile(r"""\sclass=["'](?:[^"']*\s)?num[\s"']""")
_ATTR = re.compile(r"""\s(lang|data-term)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _attrs(tag: str) -> dict[str, str]:
    if "lang" not in tag and "data-term" not in tag:
        return {}
    return {m.group(1): unescape(m.group(2) or m.group(3) or m.group(4) or "") for m in _ATTR.finditer(tag)}


def _end_of(html: str, pos: int, tag: str) -> int:
    """Where the element whose start tag ends at ``pos`` ends (its end tag's ``<``)."""
    depth = 1
    for m in _tag_pattern(tag).finditer(html, pos):
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.start()
    return len(html)


@lru_cache(maxsize=64)
def _tag_pattern(tag: str) -> re.Pattern[str]:
    return re.compile(rf"<(/?){re.escape(tag)}\b")


def _rewrite(linker: Linker, html: str, page: PageState) -> str:
    """Every tag re-emitted as written; text linked where the rules allow, else as written."""
    return _Rewrite(linker, html, page).run()


class _Rewrite:
    """One pass of the linker over a page's HTML, tag by tag."""

    def __init__(self, linker: Linker, html: str, page: PageState) -> None:
        self.linker, self.html, self.page = linker, html, page
        self.out: list[str] = []
        # Open elements: (tag, language in effect, data-term, blocks links, links in it).
        self.stack: list[tuple[str, str | None, str | None, bool, bool]] = []
        self.no_link = 0  # open elements in which nothing is linked
        self.link_in = 0  # open elements in which text is linked
        self.lang: str | None = None  # the language in effect
        self.pos = 0

    def run(self) -> str:
        html, n, search = self.html, len(self.html), _TOKEN.search
        while self.pos < n:
            m = search(html, self.pos)
            end = m.start() if m else n
            if end > self.pos:
                text = html[self.pos : end]
                if self.no_link or not self.link_in or not text.strip():
                    self.out.append(text)
                else:
                    self.out.append(self.linker.link_text(unescape(text), self.page, self.lang))
            if m is None:
                break
            self.pos = m.end()
            self._token(m)
        return "".join(self.out)

    def _token(self, m: re.Match[str]) -> None:
        token = m.group(0)
        if m.group("row") is not None:  # a whole row: link its header's text (th is linkable)
            text = m.group("text")
            if self.no_link or not text.strip():
                self.out.append(token)
            else:
                link = self.linker.link_text(unescape(text), self.page, self.lang)
                self.out += (m.group("row"), link, m.group("end"))
            return
        self.out.append(token)
        if token[1] == "/":
            self._close(token[2:-1].strip().lower())
        elif not token.rstrip().endswith("</td>"):  # not a run of whole amount cells
            name_m = _TAG_NAME.match(token)
            if name_m is not None:  # not a comment or declaration
                self._open(name_m.group(2).lower(), token)

    def _close(self, tag: str) -> None:
        stack = self.stack
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == tag:
                for entry in stack[i:]:
                    self.no_link -= entry[3]
                    self.link_in -= entry[4]
                del stack[i:]
                self.lang = stack[-1][1] if stack else None
                return

    def _copy_to(self, close: int) -> None:
        """The content of the element just opened, copied as it is up to ``close``."""
        self.out.append(self.html[self.pos : close])
        self.pos = close

    def _open(self, tag: str, token: str) -> None:
        nolink = "data-nolink" in token and _NOLINK.search(token) is not None
        if "data-linked" in token or nolink:
            # An element whose terms were linked as it was built (a budget's table), or in
            # which nothing is linked (data-nolink): copied as it is, up to its end tag.
            if tag in _SECTION_START:
                self.page.seen = {entry[2] for entry in self.stack if entry[2]}
            self._copy_to(_end_of(self.html, self.pos, tag))
            return
        if tag in _RAW or tag == "svg" or (tag == "td" and _NUMERIC.search(token)):
            # script and style, drawings, and the amount cells of tables (nothing to link in a
            # number, and most of a budget page): their content is copied as it is
            close = self.html.find(f"</{tag}", self.pos)
            self._copy_to(len(self.html) if close < 0 else close)
            return
        if tag in _VOID or token.endswith("/>"):
            return
        attrs = _attrs(token)
        # data-nolink: nothing inside is linked (a sortable table's header becomes a button,
        # and a button cannot hold a link)
        blocks, inside = tag in _NO_LINK or nolink, tag in _LINK_IN
        self.lang = attrs.get("lang") or self.lang
        self.stack.append((tag, self.lang, attrs.get("data-term"), blocks, inside))
        self.no_link += blocks
        self.link_in += inside
        if tag in _SECTION_START:
            # A glossary entry (data-term) does not link its own term anywhere inside it.
            self.page.seen = {entry[2] for entry in self.stack if entry[2]}


class PageLinks:
    """The glossary links of one page as it is built: parts built in Python (a budget's tables,
    its findings) link their terms here as the page's linker would, each a section of its own,
    and the page's linker (``link_page``) then passes them by."""

    def __init__(self, linker: Linker, root: str) -> None:
        self.linker = linker
        self.lang = linker.lang
        self.state = PageState(root)

    def section(self) -> None:
        """A new section starts: a term is linked again at its first occurrence."""
        self.state.seen = set()

    def phrase(self, text: str, text_lang: str) -> str:
        """A phrase as HTML with its terms linked; marked with its language when it is not the page's."""
        if text_lang == self.lang:
            return self.linker.link_text(text, self.state)
        return f'<span lang="{text_lang}">{self.linker.link_text(text, self.state, text_lang)}</span>'

    def message(self, text: str) -> str:
        """A message with its terms linked; on an English page, its Chinese words marked lang="zh"."""
        if self.lang == "zh":
            return self.linker.link_text(text, self.state)
        out, pos = [], 0
        for m in CHINESE_RUN.finditer(text):
            out.append(self.linker.link_text(text[pos : m.start()], self.state))
            out.append(f'<span lang="zh">{self.linker.link_text(m.group(0), self.state, "zh")}</span>')
            pos = m.end()
        out.append(self.linker.link_text(text[pos:], self.state))
        return "".join(out)

    def page(self, html: str) -> str:
        """The whole page: the terms of its main content linked (from a new section)."""
        self.section()
        m = _MAIN.search(html)
        if not m:
            return html
        return html[: m.start(2)] + str(self.linker.link_html(m.group(2), self.state)) + html[m.end(2) :]


_MAIN = re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.S)
