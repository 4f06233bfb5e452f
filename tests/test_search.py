"""Search as a reader uses it (the built site's search page, served under a sub-path): a
department is found first in the name index's list by its full Chinese name, its short Chinese
name and its English name, from the search page of either language; Pagefind's list below it
holds the shared pages and no budget page; the list of checks is not what search finds."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml
from site_server import REPO, serve, serving, settle, track

from generator.model import Metadata
from generator.site.views.search import chinese_short

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


def _budgets() -> list[Metadata]:
    out = []
    for path in sorted((ROOT / "content" / "budgets").glob("*/*.yml")):
        m = yaml.safe_load(path.read_text(encoding="utf-8"))
        keys = ("department", "department_en", "district", "district_en", "parent_department")
        out.append(Metadata(f"{m['year']}-{path.stem}", m["year"], path.stem, **{k: m.get(k, "") for k in keys}))
    return out


def _first_results(page: Any, base: str, lang: str, query: str) -> list[str]:
    """The budgets the search page of ``lang`` lists for ``query`` from the name index (asked as
    ?q=), in its order (none when it says none has the name).  A fresh page for each query."""
    page.goto(f"{base}{lang}/search/index.html?q={quote(query)}")
    page.wait_for_function(
        "() => document.querySelector('#names-list li a') || document.getElementById('names-status').textContent",
        timeout=15000,
    )
    return page.eval_on_selector_all("#names-list li a.names-title", "links => links.map(a => a.href)")


def _pagefind_results(page: Any, base: str, lang: str, query: str) -> list[str]:
    """The pages Pagefind's list shows for ``query`` (asked as ?q=), best first (none when it
    says it found none).  A fresh page for each query."""
    page.goto(f"{base}{lang}/search/index.html?q={quote(query)}")
    # Results are listed at once and filled in as each one's data arrives: wait for them all.
    page.wait_for_function(
        """q => { const said = (document.querySelector('.pagefind-ui__message') || {}).textContent || "";
                  const li = [...document.querySelectorAll('li.pagefind-ui__result')];
                  return said.includes(q) && (li.length > 0 ? li : /^(No results for|未找到) /.test(said) ? [] : null)
             ?.every(li => li.querySelector('.pagefind-ui__result-title .pagefind-ui__result-link')); }""",
        arg=query,
        timeout=15000,
    )
    links = page.eval_on_selector_all(
        "li.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title .pagefind-ui__result-link",
        "links => links.map(a => a.href)",
    )
    return links


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_department_is_found_first_by_each_of_its_names(page, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    for m in _budgets():
        for query in (m.department, chinese_short(m), m.department_en):
            results = _first_results(page, server, lang, query)
            want = f"{server}{lang}/budgets/{m.id}/"
            if not results or results[0] != want:
                wrong.append(f"{query!r}: {results[:3]}")
    assert not wrong, "\n".join(wrong)


def _indexed_names(site: Path, budget: str, lang: str) -> list[list[str]]:
    """The lists of names a budget's page gives search (places, units, projects), as its text."""
    page = (site / lang / "budgets" / budget / "index.html").read_text(encoding="utf-8")
    block = re.search(r"<div hidden data-pagefind-body>(.*?)</div>", page, re.S)
    assert block, f"{budget}: no names for search"
    sep = "；" if lang == "zh" else "; "
    return [re.sub(r"<[^>]+>", "", p).split(sep) for p in re.findall(r"<p>(.*?)</p>", block[1])]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_unit_and_project_finds_its_budget(page, server: str, built_site: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    # Units and projects are named in the tables, which search does not read: it reads the names
    # the page lists for it.  Several budgets share a project's name (预算准备金): the budget is
    # among the results shown.
    wrong, asked = [], 0
    for m in _budgets():
        _, units, projects = _indexed_names(built_site, m.id, lang)
        for name in units + projects:
            results = _first_results(page, server, lang, name)
            asked += 1
            if f"{server}{lang}/budgets/{m.id}/" not in results:
                wrong.append(f"{m.id} {name!r}: {results[:5]}")
    assert asked >= 30 and not wrong, "\n".join(wrong)


def test_a_project_is_found_and_its_budgets_first(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # 网信工作 is a project of one budget only; 政务服务热线 too (its unit's name also has 政务服务).
    for query, budget in (("网信工作", "2024-luohu-internet-information-center"), ("政务服务热线", CHANGED)):
        results = _first_results(page, server, "zh", query)
        assert results[0] == f"{server}zh/budgets/{budget}/", (query, results)


def test_the_text_of_a_budget_is_not_searched(page, server: str, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    # Words only in a budget's text (part 3 of 罗湖区互联网信息中心: 漏洞扫描、渗透测试) find no budget page:
    # search reads a budget page's names, not its text (README: what search finds).
    text = (built_site / "zh" / "budgets" / "2024-luohu-internet-information-center" / "index.html").read_text("utf-8")
    assert "渗透测试" in text
    assert _first_results(page, server, "zh", "渗透测试") == []
    assert page.locator("#names-status").inner_text() == "没有名称含有这些字词的预算。"
    links = _pagefind_results(page, server, "zh", "渗透测试")
    assert not [u for u in links if "/budgets/" in u], links


BUDGET_PAGE = re.compile(r"/budgets/\d{4}-")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pagefind_lists_the_shared_pages_and_no_budget_page(page, server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    # Words of the shared pages' text and of budgets' names: Pagefind finds the shared pages,
    # not a budget's page (the name index lists the budgets, each once).
    links = _pagefind_results(page, server, lang, "中心" if lang == "zh" else "budget")
    assert links and not [u for u in links if BUDGET_PAGE.search(u)], links
    m = _budgets()[0]
    query = m.department if lang == "zh" else m.department_en
    assert _first_results(page, server, lang, query).count(f"{server}{lang}/budgets/{m.id}/") == 1
    glossary = _pagefind_results(page, server, lang, "项目支出" if lang == "zh" else "project expenditure")
    assert any("/glossary/" in u for u in glossary), glossary


def test_the_list_of_checks_is_not_searched(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # Every check's id names a table ("procurement-vs-summary"): when the list was indexed,
    # "procurement" found every budget through it, with the list as the excerpt.
    _pagefind_results(page, server, "en", "procurement")
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and not any("vs-summary" in e or "What is checked" in e for e in excerpts), excerpts


def test_the_short_name_of_one_district_is_not_anothers(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # 智慧城市建设中心 is Luohu's short name and the end of Futian's (民意速办和智慧城市建设中心).
    results = _first_results(page, server, "zh", "智慧城市建设中心")
    assert results[0].endswith("/zh/budgets/2024-luohu-smart-city-center/"), results
    assert any("futian" in r for r in results[1:3]), results


def _said(site: Path, lang: str, name: str) -> str:
    """What the search page of ``lang`` says in its attribute ``name``."""
    page = (site / lang / "search" / "index.html").read_text(encoding="utf-8")
    return re.search(rf'{name}="([^"]*)"', page)[1]  # type: ignore[index]


def test_each_index_file_is_fetched_by_its_tag_and_a_second_visit_fetches_none(page, built_site: Path) -> None:  # type: ignore[no-untyped-def]
    # Served as GitHub Pages serves it (every file cacheable for 600 s).  Pagefind fetched each
    # entry as pagefind-entry.json?ts=<the time>: never from the cache, every visit.
    m = _budgets()[0]
    with serving(built_site, f"/{REPO}/", max_age=600) as (base, requests):
        first = _pagefind_results(page, base, "en", m.department_en)
        names = _first_results(page, base, "en", m.department_en)
        entries = sorted(r for r in requests if "pagefind-entry.json" in r)
        assert set(entries) == {f"/{REPO}/pagefind/pagefind-entry.json?ts={_said(built_site, 'en', 'data-tag')}"}
        own = [r for r in requests if "/search-names/" in r]
        assert own and all(r.endswith(f"?v={_said(built_site, 'en', 'data-names-tag')}") for r in own), own
        requests.clear()
        again = track(page.context.new_page())
        assert _pagefind_results(again, base, "en", m.department_en) == first
        assert _first_results(again, base, "en", m.department_en) == names
        assert not [r for r in requests if "pagefind" in r or "search-names" in r], requests  # from the cache
        settle(page, again)


SEEDS = sorted((ROOT / "content" / "budgets" / "2024").glob("*.txt"))
CHANGED = "2024-luohu-government-services-data-bureau"


@pytest.fixture(scope="module")
def changed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The five budgets built, then one of them changed (a project has a new name, which search
    reads: 政务服务热线 → 政务服务Qwertzuiop热线) and built again."""
    from test_incremental import make_content, quiet

    from generator.build import build
    from generator.build.cache import ExtractionCache

    tmp = tmp_path_factory.mktemp("changed")
    content = make_content(tmp, SEEDS)
    site, cache = tmp / "site", ExtractionCache(tmp / "cache")
    assert build(content, site, log=quiet, cache=cache).ok
    doc = content / "budgets" / "2024" / f"{CHANGED.removeprefix('2024-')}.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("政务服务热线", "政务服务Qwertzuiop热线"), encoding="utf-8")
    assert build(content, site, log=quiet, cache=cache).ok
    return site


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_changed_budget_is_found_once_as_it_is_now(page, changed_site: Path, lang: str) -> None:  # type: ignore[no-untyped-def]
    m = next(b for b in _budgets() if b.id == CHANGED)
    with serve(changed_site, f"/{REPO}/") as base:
        want = f"{base}{lang}/budgets/{CHANGED}/"
        assert _first_results(page, base, lang, "Qwertzuiop") == [want]  # the new name
        found = _first_results(page, base, lang, m.department if lang == "zh" else m.department_en)
        assert found[0] == want and found.count(want) == 1, found
        settle(page)  # Pagefind done before the server stops
