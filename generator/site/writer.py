"""Writing the site: the templates' Jinja environment, pages rendered from their views, and the
files GitHub Pages reads (sitemap, robots, .nojekyll)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from . import format as fmt
from . import urls
from .html import machine, mark_chinese
from .terms import Phrase
from .ui import Interface
from .urls import LANGS, PageRef


def _templates() -> Path:
    """The templates: shipped inside the package (an installed wheel), else the repository's
    top-level templates/ (a source checkout)."""
    inside = Path(__file__).resolve().parent.parent / "templates"
    return inside if inside.is_dir() else Path(__file__).resolve().parent.parent.parent / "templates"


TEMPLATES = _templates()

# Where the templates, compiled, are kept from one process to the next (Jinja's bytecode cache: by
# each template's name and the hash of its source, so a changed template is compiled again);
# None: compiled in each process (about 0.1 s of processor time a process: docs/performance.md).
_compiled: Path | None = None


def keep_compiled(folder: Path | None) -> None:
    """Keep the compiled templates in ``folder`` (made if need be) for the environments made
    from now on in this process and those it forks; None: no longer."""
    global _compiled
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    _compiled = folder


def environment(ui: Interface) -> Environment:
    """The templates' environment, their interface messages said through ``ui`` (``_messages``)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=FileSystemBytecodeCache(str(_compiled)) if _compiled is not None else None,
    )

    @pass_context
    def ph(ctx: Any, p: Phrase | str, lang: str = "") -> Markup:
        """A phrase in a text of ``lang`` (the page's language unless given): marked with its
        language when it is not that (untranslated Chinese on an English page), marked as a
        machine translation when it is one."""
        lang = lang or ctx["page"].lang
        if isinstance(p, str):
            return escape(p)
        if p.lang != lang:
            return Markup('<span lang="{}">{}</span>').format(p.lang, p.text)
        if p.machine:
            return Markup(machine(str(escape(p.text)), ui.gettext(lang, "机器翻译")))
        return escape(p.text)

    @pass_context
    def amount(ctx: Any, v: Any) -> str:
        return fmt.amount(v, ctx["page"].lang)

    @pass_context
    def zh(ctx: Any, text: str) -> Markup:
        """Chinese words inside English text (万元) marked lang="zh"."""
        return mark_chinese(escape(text)) if ctx["page"].lang != "zh" else escape(text)

    env.filters.update(ph=ph, zh=zh, amount=amount, csp_hash=csp_hash)
    env.globals.update(langs=LANGS, urls=urls)
    _messages(env, ui)
    return env


def _messages(env: Environment, ui: Interface) -> None:
    """The interface's messages in the templates, through Jinja's i18n extension: ``_``,
    ``gettext``, ``ngettext`` and ``pgettext`` in the page's language; ``gettext_in``,
    ``ngettext_in`` and ``pgettext_in`` name the language (for the pages that speak both).  A
    message is text, never markup: its translation is escaped, and so is every value Jinja then
    fills in."""

    @pass_context
    def gettext(ctx: Any, message: str) -> Markup:
        return escape(ui.raw(ctx["page"].lang, message))

    @pass_context
    def ngettext(ctx: Any, singular: str, plural: str, n: int) -> Markup:
        return escape(ui.raw_plural(ctx["page"].lang, singular, plural, n))

    @pass_context
    def pgettext(ctx: Any, context: str, message: str) -> Markup:
        return escape(ui.raw_context(ctx["page"].lang, context, message))

    def gettext_in(lang: str, message: str, **kw: Any) -> Markup:
        return escape(ui.raw(lang, message)) % kw

    def ngettext_in(lang: str, singular: str, plural: str, n: int, **kw: Any) -> Markup:
        return escape(ui.raw_plural(lang, singular, plural, n)) % {"num": n, **kw}

    def pgettext_in(lang: str, context: str, message: str, **kw: Any) -> Markup:
        return escape(ui.raw_context(lang, context, message)) % kw

    env.install_gettext_callables(gettext, ngettext, newstyle=True, pgettext=pgettext)  # type: ignore[attr-defined]
    env.globals.update(gettext_in=gettext_in, ngettext_in=ngettext_in, pgettext_in=pgettext_in)


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows one inline script: its SHA-256."""
    return "sha256-" + base64.b64encode(hashlib.sha256(str(script).encode()).digest()).decode()


def render(env: Environment, template: str, page: Any, site_url: str, **context: Any) -> str:
    """A page from its template and its view (``page``: a views.Page)."""
    return env.get_template(template).render(page=page, site_url=site_url, **context)


# Where white space is content (or hashed: the Content-Security-Policy allows inline scripts by
# their SHA-256): kept byte for byte by ``compact``.
_VERBATIM = re.compile(r"(<script\b.*?</script>|<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S)
_LINE_BREAKS = re.compile(r"[ \t]*\n[ \t\n]*")  # a line break with the spaces, tabs and blank lines around it


def compact(html: str) -> str:
    """``html`` without the indentation of its markup: each line break with the spaces, tabs and
    blank lines around it becomes one line break.  A browser shows the page the same (a run of
    white space is one space wherever white space collapses, so everywhere but the verbatim
    elements, which keep theirs); a budget page is 8-9 % smaller (docs/performance.md)."""
    parts = _VERBATIM.split(html)
    return "".join(part if i % 2 else _LINE_BREAKS.sub("\n", part) for i, part in enumerate(parts))


def write_page(out: Path, ref: PageRef, html: str) -> None:
    dest = Path(out) / ref.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")


def copy_static(out: Path) -> None:
    shutil.copytree(TEMPLATES / "static", Path(out) / urls.STATIC, dirs_exist_ok=True)


def sitemap(site_url: str, pages: list[PageRef]) -> str:
    """A sitemap of ``pages``, each with its counterparts in both languages, at the site's
    address ``site_url``."""
    entries = []
    for ref in pages:
        alts = ""
        if ref.bilingual:
            for lang in LANGS:
                alt = urls.absolute(site_url, ref.in_lang(lang).path)
                alts += f'\n    <xhtml:link rel="alternate" hreflang="{lang}" href="{escape(alt)}"/>'
        entries.append(f"  <url>\n    <loc>{escape(urls.absolute(site_url, ref.path))}</loc>{alts}\n  </url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def sitemaps(site_url: str, pages: list[PageRef], limit: int = urls.SITEMAP_URLS) -> dict[str, str]:
    """Every page found by following links, in sitemaps of at most ``limit`` addresses, by path:
    one sitemap.xml when it holds them all, else sitemap.xml as the index of the others."""
    found = sorted((p for p in pages if urls.in_sitemap(p)), key=lambda p: p.path)
    parts = urls.sitemap_parts(len(found), limit)
    if not parts:
        return {urls.SITEMAP: sitemap(site_url, found)}
    out = {path: sitemap(site_url, found[i * limit : (i + 1) * limit]) for i, path in enumerate(parts)}
    listed = "".join(f"  <sitemap>\n    <loc>{escape(urls.absolute(site_url, p))}</loc>\n  </sitemap>\n" for p in parts)
    out[urls.SITEMAP] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + listed + "</sitemapindex>\n"
    )
    return out


def robots(site_url: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"Sitemap: {urls.absolute(site_url, urls.SITEMAP)}\n"
    return text


def write_meta_files(out: Path, site_url: str, pages: list[PageRef]) -> None:
    """.nojekyll, robots.txt and, when the site's address is known, sitemap.xml (with the
    sitemaps it lists past 50,000 pages): the sitemap protocol allows only absolute addresses,
    so without SITE_URL there is none (and robots.txt names none)."""
    out = Path(out)
    (out / urls.NOJEKYLL).write_text("", encoding="utf-8")
    if site_url:
        for path, text in sitemaps(site_url, pages).items():
            (out / path).parent.mkdir(exist_ok=True)
            (out / path).write_text(text, encoding="utf-8")
    (out / urls.ROBOTS).write_text(robots(site_url), encoding="utf-8")
