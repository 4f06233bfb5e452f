"""The built site in a real Chromium (Debian's /usr/bin/chromium driven by Playwright), served
over http on 127.0.0.1: language switching, glossary tooltips, downloads, search, and an
axe-core accessibility check.  No test here is skipped: CI installs Chromium (.ci/run)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_server import serve, settle

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = "2024-luohu-smart-city-center"
# How many budgets content/ holds (each a document with its metadata).
BUDGETS = len(list((ROOT / "content" / "budgets").glob("*/*.yml")))


def test_landing_then_switch_language_on_the_same_budget(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Smart City Construction Center of Luohu District, Shenzhen", exact=True).click()
    page.wait_for_url(f"**/en/budgets/{BUDGET}/index.html")
    page.locator("a.lang-switch").click()
    page.wait_for_url(f"**/zh/budgets/{BUDGET}/index.html")
    assert page.locator("html").get_attribute("lang") == "zh"
    assert page.locator("h1").inner_text() == "深圳市罗湖区智慧城市建设中心"
    page.locator("a.lang-switch").click()
    page.wait_for_url(f"**/en/budgets/{BUDGET}/index.html")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_focusing_a_glossary_link_shows_its_definition(page, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}{lang}/budgets/{BUDGET}/index.html")
    link = page.locator("main a.gloss-link").first
    tip_id = link.get_attribute("aria-describedby")
    tip = page.locator(f"#{tip_id}")
    assert not tip.is_visible()
    link.focus()
    assert tip.is_visible()
    assert len(tip.inner_text().strip()) > 5
    page.locator("h1").click()  # focus leaves: the tooltip goes
    page.mouse.move(0, 0)
    assert not tip.is_visible()
    link.hover()
    assert tip.is_visible()
    # The link leads to the entry on the glossary page.
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url("**/glossary/index.html#*")
    assert page.locator(f"#{href.split('#')[1]}").is_visible()


def test_every_download_link_of_a_budget_gives_a_file(page, server: str) -> None:  # type: ignore[no-untyped-def]
    url = f"{server}en/budgets/{BUDGET}/index.html"
    page.goto(url)
    n = page.locator("#downloads a[download]").count()
    assert n >= 15  # zip, descriptor, 17 CSVs, source
    kinds = set()
    for i in range(n):
        # Chromium lets one tab start only ten downloads: each link gets a fresh tab.
        tab = page.context.new_page()
        tab.goto(url)
        link = tab.locator("#downloads a[download]").nth(i)
        with tab.expect_download() as info:
            link.click()
        download = info.value
        path = download.path()
        assert path is not None and Path(path).stat().st_size > 0, link.get_attribute("href")
        kinds.add(Path(download.suggested_filename).suffix)
        tab.close()
    assert {".zip", ".csv", ".json", ".txt"} <= kinds


@pytest.mark.parametrize("where", ["server", "root_server"])
@pytest.mark.parametrize(("lang", "query"), [("zh", "基本支出"), ("en", "basic expenditure")])
def test_pagefind_finds_a_glossary_term_under_a_sub_path_and_at_the_root(  # type: ignore[no-untyped-def]
    page, request, where: str, lang: str, query: str
) -> None:
    # Pagefind's list, below the name index's: the shared pages' text (the glossary defines the
    # term), no budget's page; a result leads to its page.
    base = request.getfixturevalue(where)
    page.goto(f"{base}{lang}/search/index.html")
    page.locator("#search-input").fill(query)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=15000)
    links = results.evaluate_all("links => links.map(a => a.href)")
    assert links and all(u.startswith(f"{base}{lang}/") and "/budgets/2024-" not in u for u in links), links
    assert any("/glossary/" in u for u in links), links
    results.first.click()
    page.wait_for_url(lambda url: url.split("#")[0] == links[0].split("#")[0])
    assert query in page.locator("main").inner_text().lower()


NAME_QUERIES = [
    ("zh", "智慧城市建设中心", "深圳市罗湖区智慧城市建设中心", ""),
    ("en", "Big Data", "Shenzhen Big Data Resource Management Center", ""),
    ("zh", "中共深圳市委宣传部", "深圳市罗湖区互联网信息中心", "预算单位：中共深圳市委宣传部"),  # a unit's name
    ("en", "cyberspace", "Internet Information Center of Luohu District, Shenzhen", "Project: Cyberspace work"),
    ("en", "大数据资源", "Shenzhen Big Data Resource Management Center", ""),  # the Chinese name on the English page
]


@pytest.mark.parametrize("where", ["server", "root_server"])
@pytest.mark.parametrize(("lang", "query", "expected", "why"), NAME_QUERIES)
def test_the_name_index_shows_the_budget_first_under_a_sub_path_and_at_the_root(  # type: ignore[no-untyped-def]
    page, request, where: str, lang: str, query: str, expected: str, why: str
) -> None:
    base = request.getfixturevalue(where)
    page.goto(f"{base}{lang}/search/index.html")
    page.locator("#search-input").fill(query)
    first = page.locator("#names-list li").first
    first.wait_for(timeout=15000)
    assert first.locator("a").inner_text() == expected
    if why:
        assert first.locator(".names-why").inner_text() == why
    # Pagefind's list comes after it: the shared pages that hold the words (a unit's name: none).
    page.locator(".pagefind-ui__message").wait_for(timeout=15000)
    first.locator("a").click()
    page.wait_for_url(f"{base}{lang}/budgets/**")
    assert expected in page.locator("h1").inner_text()


def test_the_name_index_from_the_address_each_budget_once_then_nothing(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}zh/search/index.html?q=%E6%B7%B1%E5%9C%B3")  # 深圳: in every budget's names
    items = page.locator("#names-list li")
    items.first.wait_for(timeout=15000)
    assert page.locator("#search-input").input_value() == "深圳"
    assert items.count() == BUDGETS  # fewer than a page of results: all, each budget once
    assert page.locator("#names-more").is_hidden()
    page.locator("#search-input").fill("没有这个名字")
    page.locator("#names-status", has_text="没有名称含有这些字词的预算。").wait_for(timeout=15000)
    assert items.count() == 0


def test_the_page_script_cuts_and_hashes_as_the_index_does(page, server: str) -> None:  # type: ignore[no-untyped-def]
    """The functions of templates/static/search.js against generator/site/names.py's on the same
    text: tokens, the keys a query looks up, the key's shard, whether a name holds the query
    (a name holding every bigram of the query apart is no hit)."""
    from generator.site import names

    page.goto(f"{server}zh/search/index.html")
    texts = ["中心（本级）", "Center (bureau proper), IT-2", "深圳市IT中心", "数据中心", "Budgets", "心", "区中心城"]
    pairs = [
        ("中心城区中心", "区中心城"),
        ("中心城区中心", "城区中心"),
        ("Water Resources", "wat res"),
        ("Water", "ater"),
    ]
    got = page.evaluate(
        "([texts, pairs, n]) => [texts.map(t => [tokens(t), queryKeys(t, 4), shard(t, n)]),"
        " pairs.map(([a, b]) => holds(a, b))]",
        [texts, pairs, names.SHARDS],
    )
    want = [
        [[names.tokens(t), names.query_keys(t), names.shard(t)] for t in texts],
        [names.holds(a, b) for a, b in pairs],
    ]
    assert got == want
    assert want[1] == [False, True, True, False]


def test_the_page_reads_a_long_keys_list_in_parts_as_the_index_does(  # type: ignore[no-untyped-def]
    page, built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search page over a name index whose keys are long from 4 names on, in parts of 4 ids
    (names.LONG, names.SPAN): it shows what ``names.search`` finds, page by page (More budgets),
    for queries of long keys only and with a key that is not long."""
    import json
    import shutil
    from urllib.parse import quote

    from generator.site import names, urls

    monkeypatch.setattr(names, "LONG", 3)
    monkeypatch.setattr(names, "SPAN", 4)
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns(urls.NAME_INDEX))
    made = [
        names.BudgetNames(
            f"深圳市第{i}号中心",
            f"zh/budgets/x{i}/",
            ((names.DEPARTMENT, f"深圳市第{i}号中心"), (names.PROJECT, f"深圳项目{i % 3}")),
        )
        for i in range(30)
    ]
    folder = site / urls.name_index("zh")
    names.write_index(folder, made)
    assert list((folder / "p").rglob("*.json"))
    read = lambda path: json.loads((folder / path).read_text(encoding="utf-8"))  # noqa: E731
    with serve(site, "/r/") as base:
        for query in ("深圳", "中心", "深圳市第1", "项目1"):
            page.goto(f"{base}zh/search/index.html?q={quote(query)}")
            items = page.locator("#names-list li a.names-title")
            items.first.wait_for(timeout=15000)
            want = [h.title for h in names.search(read, query, limit=100)]
            shown = items.all_inner_texts()
            while page.locator("#names-more").is_visible():
                page.locator("#names-more").click()
                page.wait_for_function(
                    "n => document.querySelectorAll('#names-list li').length > n"
                    " || document.getElementById('names-more').hidden",
                    arg=len(shown),
                )
                shown = items.all_inner_texts()
            assert shown == want, query
            assert len(want) == len(set(want)) and want
            page.locator(".pagefind-ui__message").wait_for(timeout=15000)  # Pagefind done before the next page
        settle(page)  # and before the server stops


def test_search_from_a_file_says_it_needs_a_web_address(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto((built_site / "en" / "search" / "index.html").as_uri())
    note = page.locator("#search .search-file")
    assert "web address" in note.inner_text()
    assert page.locator(".pagefind-ui__search-input").count() == 0


def test_a_missing_page_under_a_sub_path_leads_back_to_the_site(page, server: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(f"{server}en/budgets/no-such-budget/index.html")
    assert response is not None and response.status == 404
    page.wait_for_function("() => document.querySelector('a[data-path]').getAttribute('href').startsWith('/')")
    page.wait_for_load_state("networkidle")
    page.errors.clear()  # the 404 itself is what this test asks for
    page.get_by_role("link", name="English home").click()
    page.wait_for_url(f"{server}en/index.html")
    assert page.locator("h1").inner_text() == "All departmental budgets"


AXE_PAGES = [
    "index.html",
    "zh/index.html",
    "en/index.html",
    f"zh/budgets/{BUDGET}/index.html",
    f"en/budgets/{BUDGET}/index.html",
    "zh/budgets/2024-luohu-government-services-data-bureau/index.html",
    "en/budgets/2024-shenzhen-big-data-center/index.html",
    "zh/glossary/index.html",
    "en/glossary/index.html",
    "zh/about/index.html",
    "en/about/index.html",
    "zh/search/index.html",
    "en/search/index.html",
    "zh/compare/index.html",
    "en/compare/index.html",
    "no/such/page/",  # the 404 page, as GitHub Pages serves it for a missing path
]
PHONE = {"width": 390, "height": 844}
# At a phone's width too: the pages whose layout changes most (tables in scroll boxes, charts).
AXE_ON_PHONE = [f"zh/budgets/{BUDGET}/index.html", f"en/budgets/{BUDGET}/index.html", "en/compare/index.html"]
SEARCHED = ["zh/search/index.html?q=%E4%B8%AD%E5%BF%83", "en/search/index.html?q=budget"]  # with results shown
AXE_PAGES += SEARCHED
AXE_ON_PHONE += SEARCHED


@pytest.mark.parametrize(
    ("path", "phone"), [(p, False) for p in AXE_PAGES] + [(p, True) for p in AXE_ON_PHONE], ids=lambda v: str(v)
)
def test_no_serious_or_critical_accessibility_violations(page, server: str, path: str, phone: bool) -> None:  # type: ignore[no-untyped-def]
    _axe_clean(page, server, path, phone)


@pytest.mark.parametrize(("path", "phone"), [(p, phone) for p in SEARCHED for phone in (False, True)], ids=str)
def test_the_search_page_at_the_root_has_no_serious_or_critical_accessibility_violations(  # type: ignore[no-untyped-def]
    page, root_server: str, path: str, phone: bool
) -> None:
    _axe_clean(page, root_server, path, phone)


def _axe_clean(page, server: str, path: str, phone: bool) -> None:  # type: ignore[no-untyped-def]
    """axe-core finds no serious or critical violation on the page at ``path`` (at 390 px when
    ``phone``; a search page with its results shown: the name index's, then Pagefind's)."""
    assert AXE.exists(), "run `npm ci` to install axe-core (see .ci/run)"
    if phone:
        page.set_viewport_size(PHONE)
    page.goto(server + path)
    if "?q=" in path:  # a search with its results shown: the name index's, then Pagefind's
        page.locator("#names-list li").first.wait_for(timeout=15000)
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    # The pages' Content-Security-Policy runs no script it does not name (an injected <script>
    # tag neither): axe-core is run through the browser's debugging protocol, which it allows.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "\n".join(bad)
    if path.startswith("no/such/"):  # the missing page's own 404 is what is asked for, nothing else
        responses = [e for e in page.errors if not e.startswith("console.error: Failed to load resource")]
        assert responses == [f"404: {server}{path}"], page.errors  # the console says so of the page itself
        page.errors.clear()


def test_pages_read_without_javascript(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{server}en/index.html")
    assert pg.locator("table#budgets tbody tr").count() == BUDGETS
    pg.goto(f"{server}en/budgets/{BUDGET}/index.html")
    assert pg.locator("figure.chart svg").count() >= 3
    assert pg.locator("table.data").count() >= 10
    assert pg.locator("table.findings tbody tr").count() >= 1
    pg.goto(f"{server}en/compare/index.html")
    assert pg.locator("table#compare-money tbody tr").count() == BUDGETS
    assert pg.locator("figure.chart svg").count() >= 4
    context.close()


def test_budget_list_sorts(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/index.html")
    page.get_by_role("button", name="Total income").click()
    cells = page.locator("table#budgets tbody tr td:nth-child(5)").all_inner_texts()
    values = [float(c.replace(",", "")) for c in cells]
    assert values == sorted(values)
    assert page.locator("th[aria-sort='ascending']").count() == 1


def test_compare_page_from_the_navigation_sorts(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}zh/index.html")
    page.locator("nav").get_by_role("link", name="部门比较").click()
    page.wait_for_url("**/zh/compare/index.html")
    page.locator("a.lang-switch").click()
    page.wait_for_url("**/en/compare/index.html")
    page.locator("#compare-money").get_by_role("button", name="Total expenditure").click()
    cells = page.locator("table#compare-money tbody tr td:nth-child(2)").all_inner_texts()
    values = [float(c.replace(",", "")) for c in cells]
    assert values == sorted(values)
    with page.expect_download() as info:
        page.get_by_role("link", name="compare.csv").click()
    assert Path(info.value.path() or "").stat().st_size > 0


def test_a_finding_leads_to_its_row_and_back(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/budgets/2024-luohu-internet-information-center/index.html")
    # Its findings are all rounding differences: folded away until asked for.
    assert page.locator("#findings").count() == 0
    assert not page.locator("#findings-minor").is_visible()
    page.locator("details.minor-findings summary").click()
    finding = page.locator("#findings-minor tbody tr").first
    finding.locator("th a").click()
    row_id = page.evaluate("location.hash").lstrip("#")
    assert row_id.startswith("row-")
    row = page.locator(f"#{row_id}")
    assert row.is_visible()
    row.locator("a.flag").first.click()
    assert page.evaluate("location.hash").startswith("#finding-")


def test_a_rows_flag_opens_its_folded_finding(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/budgets/2024-luohu-internet-information-center/index.html")
    page.locator("table.data:not(.findings) a.flag").first.click()
    target = page.evaluate("location.hash")
    assert target.startswith("#finding-")
    assert page.evaluate("document.querySelector('details.minor-findings').open")
    assert page.locator(target).is_visible()


HOSTILE = "<script>alert('text')</script><img src=x onerror=alert('img')>"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site built from hostile input: script in a document's text, javascript: and data: links
    on the about page, and (bypassing the metadata check, as a page renderer could be handed it)
    a budget whose source_url is a javascript: URL."""
    import shutil

    from conftest import pages_of

    from generator.build import build
    from generator.read import read_budget

    tmp = tmp_path_factory.mktemp("hostile")
    content = tmp / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "i18n", content / "i18n")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    seed = ROOT / "content" / "budgets" / "2024" / "shenzhen-big-data-center"
    text = seed.with_suffix(".txt").read_text(encoding="utf-8")
    doc = year / "shenzhen-big-data-center.txt"
    doc.write_text(text.replace("二、机构设置", f"{HOSTILE}\n\n二、机构设置", 1), encoding="utf-8")
    shutil.copy(seed.with_suffix(".yml"), year / "shenzhen-big-data-center.yml")
    about = content / "pages" / "about.en.md"
    links = (
        "[js](javascript:alert('about')) [JS]( JaVaScRiPt:alert(1)) [data](data:text/html,<script>alert(2)</script>)"
    )
    about.write_text(about.read_text(encoding="utf-8") + f"\n\n{links} {HOSTILE}\n", encoding="utf-8")
    site = tmp / "site"
    assert build(content, site, log=lambda *a, **k: None, search=False).ok
    budget = read_budget(doc)
    budget.meta.source_url = " javascript:alert(document.domain)"
    for path, html in pages_of([budget], content).items():
        if "/budgets/" in path:
            (site / path).write_text(html, encoding="utf-8")
    return site


def test_no_script_runs_from_hostile_input(browser, hostile_site: Path) -> None:  # type: ignore[no-untyped-def]
    with serve(hostile_site) as base:
        _no_script_runs(browser, base)


def _click_alone(context, url: str, i: int, dialogs: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Click the ``i``-th link of ``url``'s text in a page of its own: a link away from the site
    ends in Chromium's error page (no network here), whose navigation, still under way, would
    interrupt the next one of a page that went on."""
    pg = context.new_page()
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        pg.goto(url)
        pg.locator("main a[href]").nth(i).click()
        pg.wait_for_load_state()
    finally:
        pg.close()


def _no_script_runs(browser, base: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    dialogs: list[str] = []
    csp: list[str] = []
    try:
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
        for path in ("en/budgets/2024-shenzhen-big-data-center/index.html", "en/about/index.html"):
            pg.goto(base + path)
            hrefs = pg.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
            assert hrefs and all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs), hrefs
            assert HOSTILE in pg.locator("main").inner_text()  # shown as text
            if "about" in path:  # the links of the page's own text, each clicked
                for i in range(pg.locator("main a[href]").count()):
                    _click_alone(context, base + path, i, dialogs)
            # A script that found a way into the page would not run: the policy runs only the site's.
            ran = pg.evaluate(
                "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
                " document.head.appendChild(s); return window.pwned === 1; }"
            )
            assert ran is False
        assert not dialogs, dialogs
        assert csp, "the injected script was not refused by the Content-Security-Policy"
    finally:
        context.close()


def test_the_language_switch_keeps_the_place_the_reader_is_at(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/budgets/{BUDGET}/index.html#table-income-summary")
    page.locator("a.lang-switch").click()
    page.wait_for_url(f"**/zh/budgets/{BUDGET}/index.html#table-income-summary")
    # Scrolled to a part of the text without following a link (and back up to the switch):
    # the switch goes there too.
    page.evaluate("document.getElementById('part-3-h').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(100)
    page.locator("a.lang-switch").click()  # scrolls up to it first
    page.wait_for_url(f"**/en/budgets/{BUDGET}/index.html#part-3*")


def test_a_row_has_a_link_to_itself_that_copies_its_address(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}en/budgets/{BUDGET}/index.html")
    row = page.locator("#table-income-summary tbody tr").first
    anchor = row.get_attribute("id")
    row.locator('th > a[tabindex="-1"]').click()  # the row's link
    assert page.evaluate("location.hash") == f"#{anchor}"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server}en/budgets/{BUDGET}/index.html#{anchor}"
    assert page.get_by_role("status").inner_text() == "Link to the row copied"
    context.close()


def test_a_table_printed_without_rows_says_so(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/budgets/2024-luohu-internet-information-center/index.html")
    note = page.locator("#table-procurement tr.no-rows td")
    assert note.inner_text() == "The document prints this table with its header and no rows."
    assert note.is_visible()


def test_a_figure_not_stated_sorts_last_both_ways(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}en/compare/index.html")
    column = page.locator("#compare-people thead th").nth(1)  # authorised posts: not every budget states them
    cells = page.locator("#compare-people tbody tr td:nth-child(2)")
    assert "" in [c.strip() for c in cells.all_inner_texts()], "the test needs a budget that does not state it"
    for _ in ("ascending", "descending"):
        column.get_by_role("button").click()
        texts = [c.strip() for c in cells.all_inner_texts()]
        stated = [float(t.replace(",", "")) for t in texts if t]
        assert texts[len(stated) :] == [""] * (len(texts) - len(stated)), texts
        assert stated in (sorted(stated), sorted(stated, reverse=True))


def test_the_sort_hint_shows_only_where_sorting_works(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    for js in (True, False):
        context = browser.new_context(java_script_enabled=js)
        page = context.new_page()
        page.goto(f"{server}en/index.html")
        assert page.get_by_text("Click a column header to sort.").is_visible() is js
        context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_term_a_link_leads_to_is_highlighted_on_the_glossary_page(page, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}{lang}/budgets/{BUDGET}/index.html")
    link = page.locator("main a.gloss-link").first
    anchor = (link.get_attribute("href") or "").split("#")[1]
    page.goto(f"{server}{lang}/glossary/index.html#{anchor}")
    background = "(el) => getComputedStyle(el).backgroundColor"
    target = page.locator(f"#{anchor}")
    assert target.evaluate(background) == "rgb(255, 246, 214)"  # --target
    assert target.is_visible() and target.evaluate("el => el.getBoundingClientRect().top") < 100  # scrolled to
    other = page.locator("section.term:not(:target)").first
    assert other.evaluate(background) == "rgba(0, 0, 0, 0)"
    # the index leads to each letter and each term
    page.locator(".glossary-index ol a").last.click()
    assert page.evaluate("location.hash") == "#" + (page.locator("section.term").last.get_attribute("id") or "")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_amounts_stand_right_aligned_and_texts_left_in_every_table(page, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    """In a table of amounts (num-cells: no class on each amount) every cell not marked as text
    holds an amount (or nothing) and stands right-aligned in tabular figures on one line; a
    text cell, and every cell of a table without amounts, starts at the left."""
    page.goto(f"{server}{lang}/budgets/{BUDGET}/index.html")
    cells = page.evaluate(
        """() => [...document.querySelectorAll("main table.data tbody td")].filter(td => td.checkVisibility()).map(td => {
             const s = getComputedStyle(td);
             return [td.closest("table").id, td.closest("table").classList.contains("num-cells"),
                     td.classList.contains("text"), td.innerText.trim(), s.textAlign, s.fontVariantNumeric, s.whiteSpace];
           })"""
    )
    amount = re.compile(r"^(-?[\d,]+\.\d+|-?[\d.]+ ?%)?$")  # as the page prints them (or empty)
    numbers = [c for c in cells if c[1] and not c[2]]
    assert len(numbers) > 100 and any(not c[1] for c in cells) and any(c[2] for c in cells)
    for table, amounts, text, shown, align, figures, wrap in cells:
        if amounts and not text:
            assert amount.match(shown) and (align, figures, wrap) == ("right", "tabular-nums", "nowrap"), (table, shown)
        else:
            assert align in ("left", "start"), (table, shown, align)


# ---------------------------------------------------------------------------- pages in parts
# The site built in small parts (conftest.SMALL_PARTS): every paged page in several parts.
PAGED_AXE = [
    f"{lang}/{p}"
    for lang in ("zh", "en")
    for p in ("index.html", "list/2/index.html", "compare/index.html", "compare/2/index.html", "glossary/2/index.html")
]


@pytest.mark.parametrize(
    ("path", "phone"), [(p, False) for p in PAGED_AXE] + [("en/list/2/index.html", True)], ids=lambda v: str(v)
)
def test_no_serious_or_critical_accessibility_violations_on_the_parts(  # type: ignore[no-untyped-def]
    page, paged_server: str, path: str, phone: bool
) -> None:
    test_no_serious_or_critical_accessibility_violations(page, paged_server, path, phone)


def test_the_pager_leads_from_part_to_part_without_javascript(browser, paged_server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{paged_server}en/index.html")
    pager = pg.get_by_role("navigation", name="Pages", exact=True)
    assert pager.locator("[aria-current='page']").inner_text() == "1"
    seen = pg.locator("table#budgets tbody tr").count()
    pager.get_by_role("link", name="Next →").click()
    pg.wait_for_url("**/en/list/2/index.html")
    assert pg.get_by_role("navigation", name="Pages", exact=True).locator("[aria-current='page']").inner_text() == "2"
    seen += pg.locator("table#budgets tbody tr").count()
    pg.get_by_role("navigation", name="Pages", exact=True).get_by_role("link", name="3", exact=True).click()
    pg.wait_for_url("**/en/list/3/index.html")
    seen += pg.locator("table#budgets tbody tr").count()
    assert seen == BUDGETS
    assert pg.get_by_role("navigation", name="Pages", exact=True).get_by_role("link", name="Next →").count() == 0
    pg.locator("a.lang-switch").click()  # the same part in Chinese
    pg.wait_for_url("**/zh/list/3/index.html")
    context.close()


def test_the_language_switch_leads_to_the_part_of_the_glossary_the_term_is_on(page, paged_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{paged_server}zh/budgets/{BUDGET}/index.html")
    hrefs = page.locator("main a.gloss-link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    # A term on a part past the first, followed from the budget's page, then the switch.
    href = next(h for h in hrefs if "/glossary/" in h and "/glossary/index.html" not in h)
    anchor = href.split("#")[1]
    page.goto(f"{paged_server}zh/budgets/{BUDGET}/{href}")
    assert page.locator(f"#{anchor}").is_visible()
    page.locator("a.lang-switch").click()
    page.wait_for_url("**/en/glossary/**#term-*")
    # The place kept (the term followed, or the one scrolled to) is on the part the switch led to.
    place = page.evaluate("location.hash").lstrip("#")
    assert page.locator(f"[id='{place}']").count() == 1, page.url
