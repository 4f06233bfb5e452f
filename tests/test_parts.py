"""The list, the compare page and the glossary in parts of a fixed size (site/parts.py): every
budget and every term on exactly one part, in order; the pager; the language switch keeping the
part; the sitemap listing every part; and a one-budget change making again only the parts that
show that budget."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SMALL_PARTS
from test_incremental import SEEDS, assert_same_site, make_content

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.pipeline import Verbosity
from generator.site.parts import Paging, cut, window

LANGS = ("zh", "en")


def _year(budget_id: str) -> int:
    return int(budget_id.split("-")[0])


def _ids() -> list[str]:
    """The budgets of content/ in the order of the paged pages: the newest year first, then by id."""
    ids = []
    for meta in (ROOT / "content" / "budgets").glob("*/*.yml"):
        assert yaml.safe_load(meta.read_text(encoding="utf-8"))["year"] == int(meta.parent.name)
        ids.append(f"{meta.parent.name}-{meta.stem}")
    return sorted(ids, key=lambda i: (-_year(i), i))


def _parts(site: Path, lang: str, kind: str) -> list[Path]:
    """Every part of a paged page, in order: part 1 at the kind's address, then <folder>/<k>/."""
    first = {"list": f"{lang}/index.html"}.get(kind, f"{lang}/{kind}/index.html")
    out = [site / first]
    while (site / lang / kind / str(len(out) + 1) / "index.html").exists():
        out.append(site / lang / kind / str(len(out) + 1) / "index.html")
    return out


def _table_budgets(html: str, table: str) -> list[str]:
    body = re.search(rf'<table[^>]* id="{table}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, table
    return re.findall(r'<th scope="row"><a href="[^"]*budgets/([^/"]+)/index.html"', body.group(1))


def test_a_pager_links_the_first_the_last_and_the_parts_around_this_one() -> None:
    assert window(1, 1) == [1]
    assert window(1, 3) == [1, 2, 3]
    assert window(5, 10) == [1, None, 3, 4, 5, 6, 7, None, 10]
    assert window(1, 10) == [1, 2, 3, None, 10]
    assert window(10, 10) == [1, None, 8, 9, 10]
    assert window(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    # At any number of parts, a pager links at most 2 * WINDOW + 3 parts.
    assert max(len([n for n in window(k, 100_000) if n]) for k in (1, 7, 50_000, 100_000)) == 7


def test_parts_are_cut_in_order_and_never_larger_than_their_size() -> None:
    assert cut([], 3) == [[]]
    assert cut(list(range(7)), 3) == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError, match="at least 1"):
        Paging(budgets=0)


@pytest.mark.parametrize("lang", LANGS)
def test_every_budget_is_on_exactly_one_part_of_the_list_and_of_the_compare_page(paged_site: Path, lang: str) -> None:
    ids = _ids()
    lists = [_table_budgets(p.read_text(encoding="utf-8"), "budgets") for p in _parts(paged_site, lang, "list")]
    assert len(lists) == -(-len(ids) // SMALL_PARTS.budgets) > 1
    assert all(0 < len(part) <= SMALL_PARTS.budgets for part in lists)
    assert [i for part in lists for i in part] == ids  # each once, in order
    compares = _parts(paged_site, lang, "compare")
    assert len(compares) == len(lists)
    for page, listed in zip(compares, lists, strict=True):
        html = page.read_text(encoding="utf-8")
        for table in ("compare-money", "compare-functions", "compare-people"):
            assert _table_budgets(html, table) == listed, (page, table)


@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_holds_every_term_once_in_its_order_and_names_a_few_of_its_budgets(
    paged_site: Path, built_site: Path, lang: str
) -> None:
    whole = (built_site / lang / "glossary" / "index.html").read_text(encoding="utf-8")
    terms = re.findall(r'<section class="term" id="([^"]+)"', whole)
    parts = [p.read_text(encoding="utf-8") for p in _parts(paged_site, lang, "glossary")]
    on = [re.findall(r'<section class="term" id="([^"]+)"', html) for html in parts]
    assert len(parts) == -(-len(terms) // SMALL_PARTS.terms) > 1
    assert all(0 < len(t) <= SMALL_PARTS.terms for t in on)
    assert [t for part in on for t in part] == terms  # the one-page glossary's order, cut
    more = re.compile(r"及其他 \d+ 份预算" if lang == "zh" else r"and \d+ other budgets?")
    for html in parts:
        for defined in re.findall(r'<p class="defined-by"[^>]*>(.*?)</p>', html, re.S):
            named = defined.count("<a ")
            assert 0 < named <= SMALL_PARTS.named
            if more.search(defined):  # counted only past those named
                assert named == SMALL_PARTS.named, defined
    # Some term is defined by more budgets than a part names: counted, and the data linked.
    assert any(more.search(html) and "glossary.csv" in html for html in parts)
    assert not more.search(whole)


@pytest.mark.parametrize("kind", ["list", "compare", "glossary"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_pager_marks_this_part_and_links_the_others(paged_site: Path, lang: str, kind: str) -> None:
    parts = _parts(paged_site, lang, kind)
    for k, page in enumerate(parts, start=1):
        html = page.read_text(encoding="utf-8")
        navs = re.findall(r'<nav class="pager" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
        assert len(navs) == 2 and navs[0][0] != navs[1][0], page  # two, named apart
        for _, nav in navs:
            links = dict(
                (rel or text, (page.parent / href).resolve())
                for href, rel, text in re.findall(r'<a href="([^"]+)"(?: rel="(\w+)")?[^>]*>([^<]+)</a>', nav)
            )
            current = re.findall(r'<a href="([^"]+)" aria-current="page">(\d+)</a>', nav)
            assert [(page.parent / h).resolve() for h, _ in current] == [page.resolve()]
            assert current[0][1] == str(k)
            assert links["1"] == parts[0].resolve() and links[str(len(parts))] == parts[-1].resolve()
            assert links.get("prev") == (parts[k - 2].resolve() if k > 1 else None)
            assert links.get("next") == (parts[k].resolve() if k < len(parts) else None)


def test_a_small_corpus_has_one_page_of_each_and_no_pager(built_site: Path) -> None:
    for lang in LANGS:
        for kind in ("list", "compare", "glossary"):
            parts = _parts(built_site, lang, kind)
            assert len(parts) == 1
            assert 'class="pager"' not in parts[0].read_text(encoding="utf-8")
        assert not (built_site / lang / "list").exists()


def test_the_language_switch_keeps_the_part(paged_site: Path) -> None:
    switch = re.compile(r'<a class="lang-switch" href="([^"]+)"')
    for kind in ("list", "compare"):  # cut the same way in both languages
        for zh, en in zip(_parts(paged_site, "zh", kind), _parts(paged_site, "en", kind), strict=True):
            assert (zh.parent / switch.findall(zh.read_text(encoding="utf-8"))[0]).resolve() == en.resolve()
    # The glossary is cut in each language's own order: the switch leads to the part with this
    # part's first term, and each term says where it is in the other language (site.js).
    ids = {
        p.resolve(): set(re.findall(r' id="([^"]+)"', p.read_text(encoding="utf-8")))
        for p in _parts(paged_site, "en", "glossary")
    }
    for page in _parts(paged_site, "zh", "glossary"):
        html = page.read_text(encoding="utf-8")
        terms = re.findall(r'<section class="term" id="([^"]+)" data-term="[^"]+" data-other="([^"]+)"', html)
        assert terms and len(terms) == html.count('<section class="term"')
        assert terms[0][0] in ids[(page.parent / switch.findall(html)[0]).resolve()]
        for term, there in terms:
            assert term in ids[(page.parent / there).resolve()], (page, term)


def test_the_sitemap_lists_every_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/open-budgets/")
    site = tmp_path / "site"
    assert build(ROOT / "content", site, log=lambda *a, **k: None, search=False, paging=SMALL_PARTS).ok
    listed = set(
        re.findall(r"<loc>https://example\.org/open-budgets/([^<]+)</loc>", (site / "sitemap.xml").read_text())
    )
    pages = {str(p.relative_to(site)) for lang in LANGS for p in (site / lang).rglob("index.html")}
    assert {p for p in pages if "/search/" not in p} == listed - {"index.html"}
    assert {"zh/list/3/index.html", "en/compare/2/index.html", "en/glossary/2/index.html"} <= listed


def _inodes(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_ino for lang in LANGS for p in (site / lang).rglob("*.html")}


def test_a_one_budget_change_makes_again_only_the_parts_that_show_it(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS)  # four budgets: two parts of the list and of compare
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=lambda *a, **k: None, cache=cache, search=False, paging=SMALL_PARTS).ok
    before = _inodes(site)
    changed = SEEDS[-1]  # the last by id: on the second part
    assert f"budgets/2024-{changed.stem}/" in (site / "zh" / "list" / "2" / "index.html").read_text(encoding="utf-8")
    doc = content / "budgets" / "2024" / changed.name
    doc.write_text(doc.read_text(encoding="utf-8").replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    lines: list[str] = []
    say = Verbosity(verbose=True)
    log = lambda *a, **k: lines.append(" ".join(map(str, a)))  # noqa: E731
    assert build(content, site, log=log, cache=cache, search=False, say=say, paging=SMALL_PARTS).ok
    after = _inodes(site)
    made = {p for p in after if "/budgets/" not in p and before.get(p) != after[p]}
    shown = {f"{lang}/{page}" for lang in LANGS for page in ("list/2/index.html", "compare/2/index.html")}
    # The compare page's first part draws the charts of every department (at most 30): it shows the
    # changed budget too.  The search pages name each search bundle's tag (from the keys of the
    # budgets' pages), so they change with any budget's pages.  About reads the budgets'
    # metadata, which did not change.
    charts = {f"{lang}/compare/index.html" for lang in LANGS}
    searches = {f"{lang}/search/index.html" for lang in LANGS}
    assert made == shown | charts | searches
    kept = {f"{lang}/{k}index.html" for lang in LANGS for k in ("", "about/")}
    assert kept | {p for p in after if "glossary" in p} <= set(after) - made
    assert any(re.fullmatch(r"shared pages: 7 part\(s\) made, \d+ reused", line) for line in lines), lines
    clean = tmp_path / "clean"
    assert build(
        content, clean, log=lambda *a, **k: None, cache=ExtractionCache(None), search=False, paging=SMALL_PARTS
    ).ok
    assert_same_site(site, clean)


def test_no_page_in_parts_grows_with_the_corpus() -> None:
    """The largest part of each paged page, at 62 and at 124 budgets (past the compare page's 30
    charted departments, and past a pager that links every part, both): the same size, give or
    take its numbers' digits."""
    from generator.build.bench import seed_budgets
    from generator.build.extract import digest_of
    from generator.build.pages import prepare, staff_findings
    from generator.build.synth import variant
    from generator.checks import run_checks
    from generator.site.pages import shared_pages

    seeds, paging = seed_budgets(ROOT / "content"), Paging(budgets=5, terms=4, named=3, wordings=1)

    def largest(n: int) -> dict[str, int]:
        budgets = [
            variant(seeds[i % len(seeds)], slug=f"b-{i:05d}", department=f"深圳市测试第{i:05d}号中心", factor=2 + i % 7)
            for i in range(n)
        ]
        digests = [digest_of(b, run_checks(b)) for b in sorted(budgets, key=lambda b: b.id)]
        ctx = prepare(ROOT / "content", digests, paging)
        staff = staff_findings(digests)
        pages = shared_pages(ctx, [d.budget for d in digests], [d.comparison for d in digests], staff).pages
        return {k: max(len(html) for ref, html in pages if ref.kind == k) for k in ("home", "compare", "glossary")}

    small, big = largest(62), largest(124)
    for kind, size in big.items():
        assert 0 < size <= small[kind] * 1.02, (kind, small[kind], size)
