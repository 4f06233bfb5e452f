"""What keeps a large site publishable: sitemaps of at most 50,000 addresses under an index."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.site import urls, writer
from generator.site.urls import LANGS

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://example.org/budgets/"


def _pages(n: int) -> list[urls.PageRef]:
    return [urls.budget_page(f"2024-b{i:03d}", lang) for i in range(n) for lang in LANGS] + urls.shared_pages()


def test_one_sitemap_while_it_holds_every_page() -> None:
    out = writer.sitemaps(SITE, _pages(3))
    assert list(out) == ["sitemap.xml"]
    locs = [e.text for e in ET.fromstring(out["sitemap.xml"]).findall("s:url/s:loc", NS)]
    assert len(locs) == 2 * 3 + 9 and f"{SITE}en/budgets/2024-b002/index.html" in locs
    assert f"{SITE}404.html" not in locs and f"{SITE}zh/search/index.html" not in locs


def test_a_sitemap_index_past_the_limit() -> None:
    out = writer.sitemaps(SITE, _pages(10), limit=6)  # 29 addresses: 5 sitemaps of 6, 6, 6, 6, 5
    index = ET.fromstring(out["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert listed == [f"{SITE}sitemaps/{i}.xml" for i in range(1, 6)]
    assert sorted(out) == ["sitemap.xml", *(f"sitemaps/{i}.xml" for i in range(1, 6))]
    locs = [[e.text for e in ET.fromstring(out[f"sitemaps/{i}.xml"]).findall("s:url/s:loc", NS)] for i in range(1, 6)]
    assert [len(part) for part in locs] == [6, 6, 6, 6, 5]
    every = [loc for part in locs for loc in part]
    assert every == sorted(every) and len(set(every)) == 29
    assert set(every) == {
        e.text for e in ET.fromstring(writer.sitemap(SITE, _pages(10))).findall("s:url/s:loc", NS)
    } - {f"{SITE}{p}" for p in ("404.html", "zh/search/index.html", "en/search/index.html")}


def test_the_shared_files_name_every_sitemap_of_the_real_limit() -> None:
    assert urls.SITEMAP_URLS == 50_000
    assert [f for f in urls.shared_files(SITE, 24_995) if "sitemap" in f] == ["sitemap.xml"]  # 49,999 addresses
    assert [f for f in urls.shared_files(SITE, 24_996) if "sitemap" in f] == [
        "sitemap.xml",
        "sitemaps/1.xml",
        "sitemaps/2.xml",
    ]
    assert not [f for f in urls.shared_files("", 100_000) if "sitemap" in f]
