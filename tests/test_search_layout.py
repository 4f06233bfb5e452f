"""The search bundles' layout: the first query opens the same few bundles whatever the number
of budgets; a changed budget is indexed again in a small bundle of its own, its copy in the
bundle of all hidden; the entry files' tags change exactly when their bundle does."""

from __future__ import annotations

import gzip
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from test_incremental import DATABASE, ROOT, database_rows, make_content, quiet

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.search import ALL, CHANGED, CHANGED_MAX, SIGNATURE, TAG, Layout, page_ids, plan
from generator.build.state import State, files_of
from generator.site import urls

SEEDS = sorted((ROOT / "content" / "budgets" / "2024").glob("*.txt"))  # all five


def _pages(n: int) -> dict[str, str]:
    return {f"2024-b{i:06d}": f"key-{i}" for i in range(n)}


def _built(site: Path, pages: dict[str, str]) -> State:
    """What a build of ``pages`` with a fresh bundle of all leaves: its ids, key, files."""
    bundle = site / urls.search_bundle(ALL)
    bundle.mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text("{}")
    indexed = {i: [k, f"zh_{i}", f"en_{i}"] for i, k in pages.items()}
    return State(search_all=indexed, bundles={ALL: Layout(indexed, False).key(ALL, {})}, files=files_of(site))


@pytest.mark.parametrize("n", [10, 1_000, 100_000])
def test_the_first_query_opens_at_most_two_budget_bundles_whatever_their_number(tmp_path: Path, n: int) -> None:
    pages = _pages(n)
    assert len(plan(pages, State(), tmp_path).search_page(pages).bundles) == 1
    prev = _built(tmp_path, pages)
    changed = dict(pages)
    for i in list(pages)[: min(CHANGED_MAX, (n - 1) // 4)]:
        changed[i] += "-changed"
    layout = plan(changed, prev, tmp_path)
    said = layout.search_page(changed)
    assert not layout.fresh and [path for path, _ in said.bundles] == [
        f"{urls.search_bundle(ALL)}/",
        f"{urls.search_bundle(CHANGED)}/",
    ]
    assert len(layout.changed) == min(CHANGED_MAX, (n - 1) // 4)


def test_a_change_is_indexed_apart_until_too_many_have_changed(tmp_path: Path) -> None:
    pages = _pages(1000)
    prev = _built(tmp_path, pages)
    unchanged = plan(pages, prev, tmp_path)
    assert (unchanged.fresh, unchanged.changed, unchanged.stale) == (False, [], [])
    assert unchanged.search_page(pages).bundles == ((f"{urls.search_bundle(ALL)}/", prev.bundles[ALL][:TAG]),)

    one = {**pages, "2024-b000007": "new", "2024-new": "added"}
    del one["2024-b000009"]
    layout = plan(one, prev, tmp_path)
    assert layout.changed == ["2024-b000007", "2024-new"]
    assert layout.stale == ["2024-b000007", "2024-b000009"]  # changed, and removed
    said = layout.search_page(one)
    assert said.hidden == ("zh_2024-b000007", "en_2024-b000007", "zh_2024-b000009", "en_2024-b000009")
    # The bundle of all keeps its tag (its entry stays cached); the changed ones' is new.
    assert said.bundles[0] == unchanged.search_page(pages).bundles[0]
    again = {**one, "2024-new": "added again"}
    assert plan(again, prev, tmp_path).search_page(again).bundles[1][1] != said.bundles[1][1]

    many = {i: (k + "-changed" if n <= CHANGED_MAX else k) for n, (i, k) in enumerate(pages.items())}
    assert plan(many, prev, tmp_path).fresh  # CHANGED_MAX + 1 changed: all indexed again
    (tmp_path / urls.search_bundle(ALL) / "pagefind-entry.json").write_text("changed by hand")
    assert plan(one, prev, tmp_path).fresh  # the bundle of all is not as the last build left it


def searched(site: Path) -> dict[str, object]:
    """What the site's search finds: every page's fragment (its text, metadata and filters), by
    path, from the bundles the search page merges, less the pages it hides."""
    page = (site / "zh" / "search" / "index.html").read_text(encoding="utf-8")
    attr = lambda name: html.unescape(re.search(rf'{name}="([^"]*)"', page)[1]).split()  # type: ignore[index]  # noqa: E731
    hidden = set(attr("data-hidden"))
    found: dict[str, object] = {}
    for folder in [urls.MAIN_BUNDLE, *(p.rstrip("/") for p in attr("data-merge")[::2])]:
        for path, pid in page_ids(site / folder).items():
            if pid in hidden:
                hidden.discard(pid)
                continue
            raw = gzip.decompress((site / folder / "fragment" / f"{pid}.pf_fragment").read_bytes())
            assert path not in found, f"{path} found twice"
            found[path] = json.loads(raw[len(SIGNATURE) :])
    return found


def test_a_changed_budget_is_searched_as_a_clean_build_finds_it(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS)
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache).ok
    every = site / urls.search_bundle(ALL)
    inodes = {p: p.stat().st_ino for p in every.rglob("*") if p.is_file()}
    before = page_ids(every)

    doc = content / "budgets" / "2024" / SEEDS[1].name
    doc.write_text(doc.read_text(encoding="utf-8").replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    lines: list[str] = []
    assert build(content, site, log=lambda *a, **k: lines.append(" ".join(map(str, a))), cache=cache).ok
    assert "search index: 3 bundle(s), 2 indexed, 1 reused" in lines  # the shared pages' and the changed one's
    assert {
        p: p.stat().st_ino for p in every.rglob("*") if p.is_file()
    } == inodes  # the bundle of all, linked as it was
    moved = [p.path for p in urls.budget_pages(f"2024-{SEEDS[1].stem}")]
    assert sorted(page_ids(site / urls.search_bundle(CHANGED))) == sorted(moved)
    page = (site / "en" / "search" / "index.html").read_text(encoding="utf-8")
    assert f'data-hidden="{" ".join(before[p] for p in moved)}"' in page

    clean = tmp_path / "clean"
    assert build(content, clean, log=quiet, cache=ExtractionCache(None)).ok
    assert not (clean / urls.search_bundle(CHANGED)).exists()
    assert searched(site) == searched(clean)
    assert set(searched(site)) >= {*moved, "en/glossary/index.html"}
    search_files = re.compile(r"^(pagefind|pagefind-budgets)/|/search/index\.html$|^data/all\.sqlite$")
    mine, theirs = ({p: (s / p).read_bytes() for p in files_of(s) if not search_files.search(p)} for s in (site, clean))
    assert mine == theirs  # all but the search bundles, the search pages and all.sqlite, byte for byte
    assert database_rows(site / DATABASE) == database_rows(clean / DATABASE)  # all.sqlite: the same rows

    lines.clear()
    assert build(content, site, log=lambda *a, **k: lines.append(" ".join(map(str, a))), cache=cache).ok
    assert any("is up to date" in line for line in lines), lines

    shutil.rmtree(site / urls.search_bundle(ALL) / "fragment")  # changed by hand: indexed again whole
    assert build(content, site, log=quiet, cache=cache).ok
    assert not (site / urls.search_bundle(CHANGED)).exists()
    assert searched(site) == searched(clean)
