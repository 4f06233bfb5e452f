"""Writing the site: the templates' Jinja environment, pages rendered from their views, and the
files GitHub Pages reads (sitemap, robots, .nojekyll)."""

from __future__ import annotations

import base64
import hashlib
import shutil
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup, escape

from ..chinese import numeral
from . import format as fmt
from . import urls
from .html import mark_chinese
from .terms import Phrase
from .urls import LANGS, PageRef


def _templates() -> Path:
    """The templates: shipped inside the package (an installed wheel), else the repository's
    top-level templates/ (a source checkout)."""
    inside = Path(__file__).resolve().parent.parent / "templates"
    return inside if inside.is_dir() else Path(__file__).resolve().parent.parent.parent / "templates"


TEMPLATES = _templates()


def environment(ui: dict[str, dict[str, str]]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @pass_context
    def ph(ctx: Any, p: Phrase | str) -> Markup:
        """A phrase; marked lang="zh" when it is shown untranslated on an English page."""
        if isinstance(p, str):
            return escape(p)
        if p.lang != ctx["page"].lang:
            return Markup('<span lang="{}">{}</span>').format(p.lang, p.text)
        return escape(p.text)

    @pass_context
    def amount(ctx: Any, v: Any) -> str:
        return fmt.amount(v, ctx["page"].lang)

    @pass_context
    def t(ctx: Any, key: str, **kw: Any) -> str:
        s = ui[key][ctx["page"].lang]
        return s.format(**kw) if kw else s

    @pass_context
    def zh(ctx: Any, text: str) -> Markup:
        """Chinese words inside English text (万元) marked lang="zh"."""
        return mark_chinese(escape(text)) if ctx["page"].lang != "zh" else escape(text)

    env.filters.update(ph=ph, zh=zh, amount=amount, csp_hash=csp_hash)
    env.globals.update(t=t, langs=LANGS, numeral=numeral, urls=urls)
    return env


def csp_hash(script: str) -> str:
    """The Content-Security-Policy source that allows one inline script: its SHA-256."""
    return "sha256-" + base64.b64encode(hashlib.sha256(str(script).encode()).digest()).decode()


def render(env: Environment, template: str, page: Any, site_url: str, **context: Any) -> str:
    """A page from its template and its view (``page``: a views.Page)."""
    return env.get_template(template).render(page=page, site_url=site_url, **context)


def write_page(out: Path, ref: PageRef, html: str) -> None:
    dest = Path(out) / ref.path
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html, encoding="utf-8")


def copy_static(out: Path) -> None:
    shutil.copytree(TEMPLATES / "static", Path(out) / urls.STATIC, dirs_exist_ok=True)


def sitemap(site_url: str, pages: list[PageRef]) -> str:
    """Every page that is found by following links (not the 404 page or the search pages), each
    with its counterparts in both languages, at the site's address ``site_url``."""
    entries = []
    for ref in sorted((p for p in pages if p.kind not in (urls.NOT_FOUND, urls.SEARCH)), key=lambda p: p.path):
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


def robots(site_url: str) -> str:
    text = "User-agent: *\nAllow: /\n"
    if site_url:
        text += f"Sitemap: {urls.absolute(site_url, urls.SITEMAP)}\n"
    return text


def write_meta_files(out: Path, site_url: str, pages: list[PageRef]) -> None:
    """.nojekyll, robots.txt and, when the site's address is known, sitemap.xml: the sitemap
    protocol allows only absolute addresses, so without SITE_URL there is none (and robots.txt
    names none)."""
    out = Path(out)
    (out / urls.NOJEKYLL).write_text("", encoding="utf-8")
    if site_url:
        (out / urls.SITEMAP).write_text(sitemap(site_url, pages), encoding="utf-8")
    (out / urls.ROBOTS).write_text(robots(site_url), encoding="utf-8")
