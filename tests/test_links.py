"""Crawl the built site: every link and #anchor in every page resolves to a file or an id."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.chinese import has_chinese


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        for attr in ("href", "src"):
            if a.get(attr) and not (tag == "link" and a.get("rel") == "canonical"):
                self.links.append(a[attr] or "")


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.mark.parametrize("which", ["built_site", "paged_site"])
def test_every_link_and_anchor_resolves(request: pytest.FixtureRequest, which: str) -> None:
    """In the site, and in the site built in small parts (every pager's link, and every
    glossary link to the part its term is on)."""
    built_site: Path = request.getfixturevalue(which)
    pages = [p for p in built_site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) >= 2 * (3 + 5) + 1
    parsed = {p.resolve(): parse(p) for p in pages}
    broken: list[str] = []
    checked = 0
    for page, info in parsed.items():
        for link in info.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https", "mailto") or parts.netloc:
                continue
            assert not link.startswith("/"), f"{page.relative_to(built_site.resolve())}: absolute link {link}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(built_site.resolve())}: {link}"
            if not target.exists():
                broken.append(f"{where} (no such file)")
                continue
            if not str(target).startswith(str(built_site.resolve())):
                broken.append(f"{where} (outside the site)")
                continue
            if parts.fragment:
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{where} (no id {parts.fragment!r})")
            checked += 1
    assert not broken, "\n".join(broken[:30])
    assert checked > 500


@pytest.mark.parametrize("name", ["robots.txt", ".nojekyll", "404.html", "index.html"])
def test_site_files_for_github_pages(built_site: Path, name: str) -> None:
    assert (built_site / name).exists()


def test_no_sitemap_without_the_sites_address(built_site: Path) -> None:
    """The sitemap protocol allows absolute addresses only: built without SITE_URL, there is no
    sitemap.xml, and robots.txt names none (built with it: tests/golden-site/expected/)."""
    assert not (built_site / "sitemap.xml").exists()
    assert "Sitemap:" not in (built_site / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["built_site", "paged_site"])
def test_every_page_has_its_counterpart_in_the_other_language(request: pytest.FixtureRequest, which: str) -> None:
    built_site: Path = request.getfixturevalue(which)
    for page in (built_site / "zh").rglob("index.html"):
        rel = page.relative_to(built_site / "zh")
        assert (built_site / "en" / rel).exists(), rel
        html = page.read_text(encoding="utf-8")
        assert f'hreflang="en" href="{"../" * (len(rel.parts))}en/{rel.as_posix()}"' in html, rel


class _Chinese(HTMLParser):
    """Chinese text, and full-width punctuation, on a page that is not marked lang="zh"."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.unmarked: list[str] = []
        self.full_width: list[str] = []  # full-width punctuation outside Chinese

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("meta", "link", "br", "img", "input", "hr", "col", "wbr", "source"):
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if any(t in ("script", "style") for t, _ in self.stack):
            return
        lang = next((lang for _, lang in reversed(self.stack) if lang), "")
        if not lang.startswith("zh") and has_chinese(data):
            self.unmarked.append(data.strip()[:60])
        if not lang.startswith("zh") and _FULL_WIDTH.search(data):
            self.full_width.append(data.strip()[:60])


def test_english_pages_mark_every_chinese_text(built_site: Path) -> None:
    """English throughout: what is still Chinese on an English page says so (lang="zh")."""
    found = []
    for page in sorted((built_site / "en").rglob("*.html")):
        p = _Chinese()
        p.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(built_site)}: {t}" for t in p.unmarked]
    assert not found, "\n".join(found[:20])


_FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff01-\uff5e]")  # CJK punctuation, full-width forms


def test_english_pages_have_no_full_width_punctuation_outside_chinese(built_site: Path) -> None:
    found = []
    for page in sorted((built_site / "en").rglob("*.html")):
        p = _Chinese()
        p.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(built_site)}: {t}" for t in p.full_width]
    assert not found, "\n".join(found[:20])
