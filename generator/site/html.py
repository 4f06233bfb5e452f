"""HTML fragments written in Python rather than in a template: the rows of a budget's tables
and of the compare page (most of the work of rendering a page), flags and findings.  Every
text is escaped here; nothing from a document becomes markup."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from markupsafe import Markup, escape

from ..chinese import CHINESE_RUN
from .terms import Phrase

if TYPE_CHECKING:
    from .views.compare import CompareCell
    from .views.findings import FindingView
    from .views.tables import Cell

EMPTY = Markup("")  # HTML not made yet
FLAG_MARK = {"error": "✗", "warning": "?", "rounding": "≈", "info": "i"}

Link = Callable[[Phrase], str]  # a phrase → HTML (with its glossary terms linked)


class Flag(NamedTuple):
    """A mark on a row that a check found something in, linking to the finding."""

    href: str
    severity: str
    text: str  # read out: "2 findings: inconsistent"


def phrase(p: Phrase, lang: str) -> str:
    """A phrase on a page in ``lang``: marked lang="zh" when shown untranslated."""
    if p.lang != lang:
        return f'<span lang="{p.lang}">{escape(p.text)}</span>'
    return str(escape(p.text))


def machine(inner: str, mark: str) -> str:
    """The HTML of a machine translation (``inner``) marked as one, the mark in the page's words."""
    return f'<span class="mt">{inner} <small class="mt-mark">[{escape(mark)}]</small></span>'


def mark_chinese(html: Markup) -> Markup:
    """Runs of Chinese in escaped HTML text wrapped in <span lang="zh"> (for text in which
    Chinese occurs only in text, never in a tag's attributes)."""
    return Markup(CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', str(html)))


def flags(fs: Sequence[Flag]) -> str:
    return "".join(
        f' <a class="flag flag-{f.severity}" href="{escape(f.href)}"><span aria-hidden="true">'
        f'{FLAG_MARK[f.severity]}</span><span class="vh">{escape(f.text)}</span></a>'
        for f in fs
    )


def row(anchor: str, cells: Sequence[Cell], fs: Sequence[Flag], severity: str, link: Link, row_link: str) -> Markup:
    """A table row; the row of a unit's total is marked ``total``, a flagged row by its gravest
    severity.  ``link`` shows a phrase; its label ends in a link to the row itself (named
    ``row_link``), to copy or share, out of the tab order (a table's rows would double it)."""
    header_levels = [c.level for c in cells if c.header]
    classes = (["total"] if header_levels and header_levels[0] == 0 else []) + (
        ["flagged", f"flagged-{severity}"] if fs else []
    )
    out = [f'<tr id="{escape(anchor)}"' + (f' class="{" ".join(classes)}">' if classes else ">")]
    # In a table of amounts (``num-cells``) a cell is a number unless it says it is text: most
    # cells are amounts, and the page is 5 % smaller than with a class on each of them.
    td = '<td class="text">' if any(c.numeric for c in cells) else "<td>"
    for c in cells:
        if c.header:
            level = f' class="lvl-{c.level}"' if c.level is not None else ""
            # The row's link: the last link of its row header, out of the tab order (th > a[tabindex="-1"]).
            mark = f'<a href="#{escape(anchor)}" tabindex="-1" aria-label="{escape(row_link)}">#</a>'
            out.append(f'<th scope="row"{level}>{link(c.text)}{flags(fs)}{mark}</th>')
        elif c.numeric:
            out.append(f"<td>{escape(c.text.text)}</td>")
        elif c.repeat:
            out.append(f'{td}<span class="vh">{link(c.text)}</span></td>')
        else:
            out.append(f"{td}{link(c.text)}</td>")
    return Markup("".join(out) + "</tr>")  # no white space between cells: the table ignores it


def finding(f: FindingView, lang: str, link: Link, link_text: Callable[[str], str]) -> Markup:
    """A finding as a table row (of a ``num-cells`` table); ``link`` shows a phrase, ``link_text`` a message (its Chinese
    marked lang="zh" on an English page), both with glossary terms linked."""
    th = f'<a href="{escape(f.href)}">{phrase(f.where, lang)}'
    th += f" · {escape(f.row)}</a>" if f.row else "</a>"
    if f.label.text:
        th += f'<br><span class="finding-label">{link(f.label)}</span>'
    if f.field.text:
        th += f'<br><span class="finding-field">{link(f.field)}</span>'
    sev = escape(f.severity)
    return Markup(
        f'<tr id="{escape(f.anchor)}" class="sev-{sev}">'
        f'<td class="text"><span class="sev sev-{sev}">{link_text(f.severity_label)}</span></td>'
        f'<th scope="row">{th}</th>'
        f'<td class="text">{link_text(f.message)}<br><span class="finding-check">{link_text(f.check)}</span></td>'
        f"<td>{escape(f.printed)}</td><td>{escape(f.expected)}</td><td>{escape(f.difference)}</td>"
        "</tr>"
    )


def compare_row(href: str, department: Phrase, cells: Sequence[CompareCell], lang: str) -> Markup:
    """A row of the compare page's tables: the department, then its figures."""
    out = [f'<tr>\n      <th scope="row"><a href="{escape(href)}">{phrase(department, lang)}</a></th>']
    for c in cells:
        flag = flags([c.flag]) if c.flag else ""
        out.append(f'      <td class="num" data-value="{escape(c.value)}">{escape(c.text)}{flag}</td>')
    out.append("    </tr>")
    return Markup("\n".join(out))
