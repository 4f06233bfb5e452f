"""Search as a reader uses it (the Pagefind UI of the built site, served under a sub-path): a
department is found first by its full Chinese name, its short Chinese name and its English
name, from the search page of either language; the list of checks is not what search finds."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import yaml

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
    """The pages the search page of ``lang`` shows for ``query`` (asked as ?q=), best first.  A
    fresh page for each query: the results of the last one cannot be taken for this one's."""
    page.goto(f"{base}{lang}/search/index.html?q={quote(query)}")
    # Results are listed at once and filled in as each one's data arrives: wait for them all.
    page.wait_for_function(
        """q => (document.querySelector('.pagefind-ui__message') || {}).textContent?.includes(q)
             && document.querySelectorAll('li.pagefind-ui__result').length > 0
             && [...document.querySelectorAll('li.pagefind-ui__result')]
                  .every(li => li.querySelector('.pagefind-ui__result-title .pagefind-ui__result-link'))""",
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


def test_the_list_of_checks_is_not_searched(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # Every check's id names a table ("procurement-vs-summary"): when the list was indexed,
    # "procurement" found every budget through it, with the list as the excerpt.
    _first_results(page, server, "en", "procurement")
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and not any("vs-summary" in e or "What is checked" in e for e in excerpts), excerpts


def test_the_short_name_of_one_district_is_not_anothers(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # 智慧城市建设中心 is Luohu's short name and the end of Futian's (民意速办和智慧城市建设中心).
    results = _first_results(page, server, "zh", "智慧城市建设中心")
    assert results[0].endswith("/zh/budgets/2024-luohu-smart-city-center/"), results
    assert any("futian" in r for r in results[1:3]), results
