"""Search as a reader meets it, at N synthetic budgets: time to the first result and bytes
fetched in Chromium, cold (empty cache) and warm (the page reloaded), per bundle layout.

    .venv/bin/python benchmarks/bench_search.py --sizes 100,1000,10000 [--layouts one,changed,before,k8] [--langs zh] [--json out.json]

For each N, three steps, each skipped when its output is there (under ``.cache/bench-search/``,
never committed):

1. pages: N budgets made as ``generator bench`` makes them (``bench.synthetic_budget``: budget *i*
   is seed *i* mod 5 with a new id and department, amounts × 2–8), their pages rendered by the
   site's own code (``budget_pages`` with the context of all N), and written as the copies the
   search index reads (``search.for_search``: tables and charts left out), both languages.
2. index: the pages indexed into bundles by the build's own search code (``search.index_bundle``),
   in each layout: ``before`` (a bundle per 32 budgets, up to 128, as the build made them before,
   their entries fetched with the time as Pagefind does by default), ``kK`` (K bundles), ``one``
   (one bundle of every budget: what a clean build makes) and ``changed`` (``one`` plus a bundle
   of 32 budgets changed since, their copies in the first hidden by the search page: what an
   incremental build makes).  Each reads what the build's index reads of a budget page (its
   title and the names marked ``data-pagefind-body``); ``full`` is ``one`` over the pages' whole
   text, as the index read them before (tables and charts left out).  ``--langs zh`` indexes and searches the Chinese pages only.  The search page and Pagefind's scripts are those of
   a real build of ``content/`` (its ``pagefind/`` bundle: the shared pages), with the search
   page's bundles and tags set as the build sets them (``search.search_config``).
3. measure: the site served on 127.0.0.1 (``tests/site_server.py``), the search page opened in
   Chromium with ``?q=`` (as the browser tests do), for the queries of ``queries`` (names of the
   budget in the middle, a word of every budget's text, a glossary term, a word of every name), the time from navigation to the first result
   shown (``performance.now()`` when the first result's title is filled in) and the bytes and
   requests of the search bundles (``pagefind*``), cold in a fresh context and warm on a reload of
   the same context; each query ``--repeat`` times, the median reported.

Times are wall-clock on a shared machine: compare layouts measured in one run, not across runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import statistics
import sys
import time
import zlib
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from generator.build import search, state  # noqa: E402
from generator.build.bench import seed_budgets, synthetic_budget  # noqa: E402
from generator.build.extract import digest_of  # noqa: E402
from generator.build.pages import prepare  # noqa: E402
from generator.checks import run_checks  # noqa: E402
from generator.model import Budget  # noqa: E402
from generator.site import names, urls, writer  # noqa: E402
from generator.site.context import SiteContext  # noqa: E402
from generator.site.pages import budget_pages, search_page  # noqa: E402
from generator.site.terms import Phrase  # noqa: E402
from generator.site.views.search import SearchNames, SearchPage, search_meta  # noqa: E402

WORK = ROOT / ".cache" / "bench-search"

_CTX: SiteContext | None = None  # the site's context, in each page worker (fork)
_SEEDS: list[Budget] = []


def _budget(i: int) -> tuple[Budget, list[Any]]:
    budget = synthetic_budget(_SEEDS, i)
    return budget, run_checks(budget)


def _render(args: tuple[int, str]) -> int:
    """Budget ``i``'s pages, as the search index reads them, into ``out``."""
    i, out = args
    assert _CTX is not None
    budget, findings = _budget(i)
    for ref, html in budget_pages(_CTX, budget, findings, {}, None).pages:
        path = Path(out) / ref.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(search.for_search(html), encoding="utf-8")
    return i


def make_pages(n: int, out: Path, jobs: int) -> list[str]:
    """``n`` synthetic budgets' pages in ``out``; their ids."""
    global _CTX, _SEEDS
    done = out / ".done"
    ids = [synthetic_id(i) for i in range(n)]
    if done.exists():
        return ids
    shutil.rmtree(out, ignore_errors=True)
    _SEEDS = seed_budgets(ROOT / "content")
    t0 = time.perf_counter()
    digests = []
    for i in range(n):
        budget, findings = _budget(i)
        digests.append(digest_of(budget, findings))
    _CTX = prepare(ROOT / "content", digests)
    del digests
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for k, _ in enumerate(pool.imap_unordered(_render, [(i, str(out)) for i in range(n)], chunksize=16)):
            if k % 1000 == 999:
                print(f"  pages: {k + 1}/{n} budgets ({time.perf_counter() - t0:.0f} s)", flush=True)
    done.write_text(str(n))
    print(f"N={n}: pages of {n} budgets in {time.perf_counter() - t0:.0f} s", flush=True)
    return ids


# What Pagefind reads of a budget page's copy for the build's index: its language, title, the
# marked parts (data-pagefind-body) and the metadata's values (data-meta-*).
_READ = re.compile(
    r'<html lang="[^"]*"|<title>.*?</title>|<[^>]*data-pagefind-body.*?</(?:h1|div)>|<span hidden data-pagefind-meta[^>]*>',
    re.S,
)
_META_VALUE = re.compile(r'data-meta-(\w+)="[^"]*"')


def derive_pages(n: int, m: int, out: Path) -> None:
    """Budgets ``m``…``n``-1's copies made from those of budgets 0…``m``-1 (``m`` a multiple of the
    seeds' number, so budget i and i mod m have the same seed): the page of i mod m with budget
    i's id, names and metadata put in; what the build's index reads of it is then exactly what
    rendering budget i gives (``check_derived`` compares them), its text and amounts are not."""
    done = out / f".derived-{n}"
    if done.exists():
        return
    seeds = seed_budgets(ROOT / "content")
    t0 = time.perf_counter()
    for i in range(m, n):
        new, old = synthetic_budget(seeds, i), synthetic_budget(seeds, i % m)
        for lang in urls.LANGS:
            html = (out / urls.budget_page(old.id, lang).path).read_text(encoding="utf-8")
            for a, b in ((old.id, new.id), (old.meta.department, new.meta.department)):
                html = html.replace(a, b)
            html = html.replace(str(escape(old.meta.department_en)), str(escape(new.meta.department_en)))
            path = out / urls.budget_page(new.id, lang).path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_with_meta(html, new, lang), encoding="utf-8")
    done.write_text("")
    print(f"N={n}: pages of budgets {m}–{n - 1} derived in {time.perf_counter() - t0:.0f} s", flush=True)


def _with_meta(html: str, budget: Budget, lang: str) -> str:
    """The page's metadata for search made anew for ``budget``, with the units and projects its
    page lists (the endings of their Chinese names are in ``zh_names``)."""
    block = re.search(r"<div hidden data-pagefind-body>(.*?)</div>", html, re.S)
    assert block, "no names for search"
    lists = [
        re.findall(r'(<span lang="zh">)?([^<；]+?)(?:</span>)?(?:；|; |$)', p)
        for p in re.findall(r"<p>(.*?)</p>", block[1])
    ]
    phrase = lambda item: Phrase(unescape(item[1]), "zh" if item[0] or lang == "zh" else "en")  # noqa: E731
    units, projects = ([phrase(x) for x in lists[k]] for k in (-2, -1))
    names = SearchNames((), tuple(units), tuple(projects), "")
    values = dict(search_meta(budget.meta, {"year": "", "district": "", "parent": ""}, "", "", names).meta)
    return _META_VALUE.sub(lambda v: f'data-meta-{v[1]}="{escape(values[v[1]])}"', html)


def check_derived(pages: Path, m: int, n: int) -> None:
    """Budgets ``m``…``n``-1 rendered and derived from budgets 0…``m``-1 give Pagefind the same
    input; raises when one does not."""
    scratch = pages.parent / "derived-check"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(
        pages, scratch, ignore=lambda d, names: [x for x in names if x.startswith("2024-bench-") and int(x[-5:]) >= m]
    )
    derive_pages(n, m, scratch)
    for i in range(m, n):
        for lang in urls.LANGS:
            ref = urls.budget_page(synthetic_id(i), lang).path
            real, made = ((f / ref).read_text(encoding="utf-8") for f in (pages, scratch))
            assert _READ.findall(real) == _READ.findall(made), ref
    shutil.rmtree(scratch)
    print(f"derived pages of budgets {m}–{n - 1} give Pagefind what their rendered pages give", flush=True)


def synthetic_id(i: int) -> str:
    return f"2024-bench-{i:05d}"


def hashed(ids: list[str], k: int) -> dict[str, list[str]]:
    """``k`` bundles of budgets by a hash of their ids (the layout before: k = N/32 up to 128)."""
    out: dict[str, list[str]] = {}
    for i in ids:
        out.setdefault(f"budgets-{zlib.crc32(i.encode()) % k:03d}-of-{k:03d}", []).append(i)
    return out


def before_k(n: int) -> int:
    """The number of bundles the build made before (``shard_budgets``: a power of two, 32 a bundle)."""
    k = 1
    while k * 32 < n and k < 128:
        k *= 2
    return k


def index_layout(layout: str, n: int, ids: list[str], pages: Path, seed_site: Path, out: Path, jobs: int) -> None:
    """The site of ``layout``: the seeds' site without its budgets' bundles, the synthetic
    budgets' bundles, and search pages that merge them.  ``before``: the bundles the build made
    before (N/32 of them, up to 128), their entries fetched as Pagefind fetches them by default
    (?ts=<the time>, never from the cache), as they were."""
    done = out / ".done"
    if not done.exists():
        bundles, hidden = _index_layout(layout, n, ids, pages, seed_site, out, jobs)
        done.write_text(json.dumps([bundles, hidden]))
    bundles, hidden = json.loads(done.read_text())
    shutil.rmtree(out / urls.STATIC)  # the search page's scripts as they are now
    writer.copy_static(out)
    if layout == "before":
        bundles = [(path, "") for path, _ in bundles]
    if layout == "names":  # made anew each run (the index's layout may have changed)
        shutil.rmtree(out / urls.NAME_INDEX, ignore_errors=True)
        name_index(ids, pages, out)
    tag = state.digest("names", *ids)[:16] if layout == "names" else ""
    for lang in urls.LANGS:
        said = SearchPage(tuple(map(tuple, bundles)), tuple(hidden), "" if layout == "before" else "seeds", tag)
        _write_search_page(out, lang, said)


def _index_layout(
    layout: str, n: int, ids: list[str], pages: Path, seed_site: Path, out: Path, jobs: int
) -> tuple[list[tuple[str, str]], list[str]]:
    shutil.rmtree(out, ignore_errors=True)
    ignore = shutil.ignore_patterns("pagefind-budgets", urls.NAME_INDEX)
    shutil.copytree(seed_site, out, ignore=ignore, copy_function=os.link)
    t0 = time.perf_counter()
    hidden: list[str] = []
    if layout == "before":
        bundles = _index_all(hashed(ids, before_k(n)), pages, out, jobs)
    elif layout.startswith("k"):
        bundles = _index_all(hashed(ids, int(layout[1:])), pages, out, jobs)
    elif layout == "full":
        bundles = _index_all({search.ALL: ids}, whole_text(pages, ids), out, jobs)
    elif layout in ("changed", "names") and (out.parent / "one" / ".done").exists():  # "one"'s bundle of all
        folder = urls.search_bundle(search.ALL)
        shutil.copytree(out.parent / "one" / folder, out / folder, copy_function=os.link)
        bundles = [(f"{folder}/", state.digest(search.ALL, *ids)[: search.TAG])]
    else:
        bundles = _index_all({search.ALL: ids}, pages, out, jobs)
    if layout == "changed":
        bundles, hidden = _changed(n, ids, pages, out, bundles)

    print(f"N={n} {layout}: {len(bundles)} bundle(s) indexed in {time.perf_counter() - t0:.0f} s", flush=True)
    return bundles, hidden


def _index_all(bundles: dict[str, list[str]], pages: Path, out: Path, jobs: int) -> list[tuple[str, str]]:
    """Each bundle indexed (``jobs`` at a time) with the build's code; (path, tag) of each."""
    from concurrent.futures import ThreadPoolExecutor

    def one(item: tuple[str, list[str]]) -> tuple[str, str]:
        name, members = item
        files = [urls.budget_page(i, lang).path for i in members for lang in LANGS]
        folder = urls.search_bundle(name)
        search.index_bundle(pages, out / folder, files)
        return f"{folder}/", state.digest(name, *members)[: search.TAG]

    with ThreadPoolExecutor(jobs) as pool:
        return list(pool.map(one, sorted(bundles.items())))


LANGS = list(urls.LANGS)  # the languages indexed and searched (--langs)
# What the build's index reads of a budget page, marked data-pagefind-body: without the marks
# (and the hidden list of names), Pagefind reads the page's whole text, as it did before.
_MARKS = re.compile(r"<div hidden data-pagefind-body>.*?</div>\n?| data-pagefind-body", re.S)


def whole_text(pages: Path, ids: list[str]) -> Path:
    """The copies of ``pages`` as the index read them before: their whole text (``full``)."""
    out = pages.parent / "pages.full"
    if not (out / ".done").exists():
        for i in ids:
            for lang in LANGS:
                ref = urls.budget_page(i, lang).path
                (out / ref).parent.mkdir(parents=True, exist_ok=True)
                (out / ref).write_text(_MARKS.sub("", (pages / ref).read_text(encoding="utf-8")), encoding="utf-8")
        (out / ".done").write_text("")
    return out


CHANGED = 32  # budgets changed since the bundle of all was indexed, in the layout "changed"


def _changed(
    n: int, ids: list[str], pages: Path, out: Path, bundles: list[tuple[str, str]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The bundle of all, plus one of ``CHANGED`` budgets changed since (their amounts × 2 more,
    their pages rendered and indexed again), their copies in the first hidden."""
    global _CTX, _SEEDS
    _SEEDS = seed_budgets(ROOT / "content")
    changed = ids[:: max(1, n // CHANGED)][:CHANGED]
    scratch = out.parent / f"{out.name}.pages"
    shutil.rmtree(scratch, ignore_errors=True)
    digests = [digest_of(*_budget(i)) for i in range(n)]
    _CTX = prepare(ROOT / "content", digests)
    for bid in changed:
        budget = synthetic_budget(_SEEDS, int(bid.rsplit("-", 1)[1]), bump=2)
        for ref, html in budget_pages(_CTX, budget, run_checks(budget), {}, None).pages:
            (scratch / ref.path).parent.mkdir(parents=True, exist_ok=True)
            (scratch / ref.path).write_text(search.for_search(html), encoding="utf-8")
    bundles += _index_all({search.CHANGED: changed}, scratch, out, 1)
    shutil.rmtree(scratch)
    in_all = search.page_ids(out / urls.search_bundle(search.ALL))
    return bundles, [in_all[p.path] for i in changed for p in urls.budget_pages(i) if p.path in in_all]


_H1 = re.compile(r"<h1 data-pagefind-body>(.*?)</h1>", re.S)
_BLOCK = re.compile(r"<div hidden data-pagefind-body>(.*?)</div>", re.S)


def page_names(site: Path, budget_id: str, lang: str) -> names.BudgetNames:
    """What the name index holds of a budget's page, read back from the page (its title, the
    Chinese page's title, the lists of places, units and projects it gives search), as the build
    takes it from the page's view (``site.pages.budget_names``; ``check_names`` compares them)."""
    ref = urls.budget_page(budget_id, lang)
    html = (site / ref.path).read_text(encoding="utf-8")
    zh = html if lang == "zh" else (site / urls.budget_page(budget_id, "zh").path).read_text(encoding="utf-8")
    title, chinese = (unescape(re.sub(r"<[^>]+>", "", _H1.findall(h)[0])) for h in (html, zh))
    block = _BLOCK.search(html)
    lists = [] if block is None else re.findall(r"<p>(.*?)</p>", block[1], re.S)
    assert len(lists) == 3, f"{ref.path}: {len(lists)} lists of names"  # places, units, projects
    sep = "；" if lang == "zh" else "; "
    found = [(names.DEPARTMENT, title), (names.DEPARTMENT, chinese)]
    for field, text in zip((names.PLACE, names.UNIT, names.PROJECT), lists, strict=True):
        found += [(field, unescape(re.sub(r"<[^>]+>", "", t))) for t in text.split(sep)]
    return names.BudgetNames(title, ref.path.removesuffix("index.html"), tuple(dict.fromkeys(found)))


def check_names(seed_site: Path) -> None:
    """The name index made from the seed site's pages (``page_names``) is, byte for byte, the one
    the build wrote from their views; raises when it is not."""
    ids = sorted(p.name for p in (seed_site / "zh" / "budgets").iterdir() if (p / "index.html").exists())
    for lang in urls.LANGS:
        made = dict(names.files_of(names.index_of(page_names(seed_site, i, lang) for i in ids)))
        for path, value in made.items():
            assert (seed_site / urls.name_index(lang) / path).read_bytes() == names.dumps(value), path
    print(f"the name index read back from the seed site's pages is the build's ({len(ids)} budgets)", flush=True)


def name_index(ids: list[str], pages: Path, out: Path) -> None:
    """The name index of the budgets ``ids`` (their pages in ``pages``) in the site ``out``."""
    t0 = time.perf_counter()
    read = {lang: [page_names(pages, i, lang) for i in ids] for lang in urls.LANGS}
    t1 = time.perf_counter()
    files = sum(names.write_index(out / urls.name_index(lang), read[lang]) for lang in urls.LANGS)
    t2 = time.perf_counter()
    size = sum(f.stat().st_size for f in (out / urls.NAME_INDEX).rglob("*.json"))
    loaded = _cache_loads(ids, read)
    print(f"N={len(ids)}: every budget's names loaded from the build's cache in {loaded:.1f} s", flush=True)
    print(
        f"N={len(ids)}: names read back from the pages in {t1 - t0:.1f} s; the name index made and written"
        f" ({files} files, {size / 1024:.0f} KiB, both languages) in {t2 - t1:.1f} s; load {_load()}",
        flush=True,
    )


def _cache_loads(ids: list[str], read: dict[str, list[names.BudgetNames]]) -> float:
    """How long a build takes to load every budget's names from its cache (what it does for each
    budget whose pages it keeps, before it makes the name index): stored as the build stores
    them (``names-<key of its pages>``), then loaded, timed."""
    from generator.build.cache import ExtractionCache

    scratch = WORK / "names-cache"
    shutil.rmtree(scratch, ignore_errors=True)
    cache = ExtractionCache(scratch)
    for k, i in enumerate(ids):
        cache.store(f"names-{i}", {lang: read[lang][k] for lang in read})
    t0 = time.perf_counter()
    assert all(cache.load(f"names-{i}", dict) is not None for i in ids)
    took = time.perf_counter() - t0
    shutil.rmtree(scratch, ignore_errors=True)
    return took


def _write_search_page(site: Path, lang: str, said: SearchPage) -> None:
    ctx = prepare(ROOT / "content", [])
    ctx.search = said
    ref, html = search_page(ctx, lang)
    (site / ref.path).unlink(missing_ok=True)
    (site / ref.path).write_text(html, encoding="utf-8")


# What the search page's Pagefind does, timed in the page: Pagefind loaded as Pagefind UI loads it
# (the search page's own module), its options, the bundles merged one after the other, the
# search, and the first result's data (what the UI shows first).
_API = """async ({q}) => {
  const el = document.getElementById("search");
  const t0 = performance.now();
  const pf = await import(new URL(el.getAttribute("data-pagefind") + "pagefind.js", location.href).href);
  const root = new URL("../", new URL(el.getAttribute("data-bundle"), location.href));
  await pf.options({metaCacheTag: el.getAttribute("data-tag") || null, baseUrl: root.pathname,
                    ranking: JSON.parse(el.getAttribute("data-ranking"))});
  const m = el.getAttribute("data-merge").split(" ").filter(Boolean);
  for (let i = 0; i + 1 < m.length; i += 2)
    await pf.mergeIndex(new URL(m[i], root).href, {metaCacheTag: m[i + 1] === "-" ? null : m[i + 1]});
  const r = await pf.search(q);
  const first = r.results.length ? await r.results[0].data() : null;
  return {ms: performance.now() - t0, url: first && first.url, results: r.results.length};
}"""

# The same as a reader sees it: the search page opened with ?q=, until the first result's title
# is shown (Pagefind UI waits 300 ms after the input before it searches: its debounce).
_FIRST = """() => new Promise(done => {
  const seen = () => document.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link");
  if (seen()) return done(performance.now());
  new MutationObserver((_, o) => { if (seen()) { o.disconnect(); done(performance.now()); } })
    .observe(document, {subtree: true, childList: true});
})"""


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# The name index's first result as a reader sees it: the search page opened with ?q= (the query
# asked as the page's script starts, no debounce), until the first budget is shown in the list
# (or the page says none has the name); ``first`` the time from navigation, ``work`` from the
# name index's first request (the resource timings of the page's own fetches) to that moment.
_NAMES_FIRST = """() => new Promise(done => {
  const seen = () => document.querySelector("#names-list li a") ||
                     ((document.getElementById("names-status") || {}).textContent ? "none" : null);
  const finish = () => {
    const t = performance.now();
    const own = performance.getEntriesByType("resource").filter(r => r.name.includes("/search-names/"));
    const start = own.length ? Math.min(...own.map(r => r.startTime)) : t;
    const a = document.querySelector("#names-list li a");
    done({first: t, work: t - start, url: a ? a.getAttribute("href") : null,
          shown: document.querySelectorAll("#names-list li").length});
  };
  if (seen()) return finish();
  new MutationObserver((_, o) => { if (seen()) { o.disconnect(); finish(); } })
    .observe(document, {subtree: true, childList: true, characterData: true});
})"""


def measure_names(site: Path, queries: list[tuple[str, str, str]], repeat: int) -> list[dict[str, Any]]:
    """Each query (lang, text, the page it should find first) of the name index in Chromium, cold
    (a fresh context) then warm (a new page in the same context); requests and bytes of the name
    index's files, as the server answered them."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from site_server import REPO, serving

    rows = []
    with serving(site, f"/{REPO}/", max_age=600) as (base, requests), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for lang, q, want in queries:
            runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": []}
            for _ in range(repeat):
                context = browser.new_context()
                for kind in ("cold", "warm"):
                    page = context.new_page()
                    requests.clear()
                    page.goto(f"{base}{lang}/search/index.html?q={quote(q)}", wait_until="commit")
                    got = dict(page.evaluate(_NAMES_FIRST))
                    page.close()
                    own = [r.split("?")[0] for r in requests if "/search-names/" in r]
                    files = [site / r.removeprefix(f"/{REPO}/") for r in own]
                    got.update(requests=len(files), bytes=sum(f.stat().st_size for f in files), load=os.getloadavg()[0])
                    runs[kind].append(got)
                context.close()
            for kind, got in runs.items():
                row: dict[str, Any] = {k: statistics.median(r[k] for r in got) for k in got[0] if k != "url"}
                row.update(lang=lang, q=q, run=kind, urls=sorted({r["url"] or "" for r in got}))
                if want:
                    row["right"] = all(_right(r["url"] or "", want) for r in got)
                rows.append(row)
        browser.close()
    return rows


def measure(site: Path, queries: list[tuple[str, str, str]], repeat: int) -> list[dict[str, Any]]:
    """Each query (lang, text, the page it should find first) in Chromium, cold then warm; the
    requests and bytes are those the server answered (Pagefind fetches from a web worker)."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from site_server import REPO, serving

    rows = []
    with serving(site, f"/{REPO}/", max_age=600) as (base, requests), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)

        def run(context: Any, url: str, script: str, arg: dict[str, str] | None) -> dict[str, Any]:
            page = context.new_page()
            requests.clear()
            page.goto(url, wait_until="commit" if arg is None else "load")
            got = dict(page.evaluate(script, arg) if arg is not None else {"ms": page.evaluate(script)})
            page.close()
            got.update(_served(site, [r.split("?")[0] for r in requests]))
            return got

        for lang, q, want in queries:
            runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": [], "ui cold": [], "ui warm": []}
            for _ in range(repeat):
                for ui in (False, True):
                    context = browser.new_context()
                    for kind in ("cold", "warm"):
                        url = f"{base}{lang}/search/index.html" + (f"?q={quote(q)}" if ui else "")
                        got = run(context, url, _FIRST if ui else _API, None if ui else {"q": q})
                        runs[f"ui {kind}" if ui else kind].append(got)
                    context.close()
            for kind, got in runs.items():
                row: dict[str, Any] = {k: statistics.median(r[k] for r in got) for k in got[0] if k != "url"}
                row.update(lang=lang, q=q, run=kind)
                if "url" in got[0] and want:
                    row["right"] = all(_right(r["url"] or "", want) for r in got)
                rows.append(row)
        browser.close()
    return rows


def _served(site: Path, paths: list[str]) -> dict[str, int]:
    """The search's requests the server answered: how many, their bytes, how many bundles' entries."""
    from site_server import REPO

    files = [site / p.removeprefix(f"/{REPO}/") for p in paths if "pagefind" in p]
    entries = [f for f in files if f.name == "pagefind-entry.json"]
    return {
        "requests": len(files),
        "bytes": sum(f.stat().st_size for f in files if f.is_file()),
        "entries": len(entries),
    }


def queries(n: int, pages: Path) -> list[tuple[str, str, str]]:
    """(lang, query, what the first result should be) for budget N/2: its Chinese and English
    names, a unit's name (budget N/2 + 2's), one of its projects' names as its pages list them
    (the budgets of its seed share them: ``seed`` 's first result is a budget of the same seed), a word of every
    budget's text (政府采购), a glossary term every budget defines (项目支出: the glossary page
    names the budgets that define it), a word of every budget's name (中心)."""
    k = n // 2
    seeds = seed_budgets(ROOT / "content")
    budget = synthetic_budget(seeds, k)
    page = lambda lang: urls.budget_page(budget.id, lang).path.removesuffix("index.html")  # noqa: E731
    names = {lang: _names(pages / urls.budget_page(budget.id, lang).path) for lang in urls.LANGS}
    seed = f"seed {k % len(seeds)} of {len(seeds)}"
    # A unit's name: budget k + 2's first (its seed's units have its department's name in theirs).
    other = synthetic_id(k + 2)
    unit = _names(pages / urls.budget_page(other, "zh").path)[1][0]
    return [
        ("zh", budget.meta.department, page("zh")),
        ("en", budget.meta.department_en, page("en")),
        ("zh", unit, urls.budget_page(other, "zh").path.removesuffix("index.html")),
        ("zh", names["zh"][2][0], seed),  # a project
        ("en", names["en"][2][0], seed),
        ("zh", "政府采购", ""),
        ("zh", "项目支出", ""),
        ("zh", "中心", ""),
    ]


def _names(page: Path) -> list[list[str]]:
    """The lists of names a budget page gives the index (places, units, projects), as text."""
    block = re.search(r"<div hidden data-pagefind-body>(.*?)</div>", page.read_text(encoding="utf-8"), re.S)
    assert block, f"{page}: no names for search"
    return [
        re.sub(r"<[^>]+>", "", p).split("；" if "/zh/" in str(page) else "; ")
        for p in re.findall(r"<p>(.*?)</p>", block[1])
    ]


def _right(url: str, want: str) -> bool:
    """Whether the first result is the page wanted (a path), or a budget of the seed wanted."""
    if want.startswith("seed "):
        _, k, _, n = want.split()
        found = re.search(r"/budgets/2024-bench-(\d+)/", url)
        return bool(found) and int(found[1]) % int(n) == int(k)
    return url.endswith(f"/{want}")


def seed_site(work: Path) -> Path:
    """The site of content/ (its shared pages' bundle and Pagefind's scripts are the bench's)."""
    from generator.build import build

    site = work / "seeds"
    if not (site / "pagefind" / "pagefind.js").exists():
        shutil.rmtree(site, ignore_errors=True)
        assert build(ROOT / "content", site, log=lambda *a, **k: None).ok
    return site


def report_names(n: int, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for r in rows:
        right = f"  first result right: {r['right']}" if "right" in r else ""
        print(
            f"N={n:>5} names    {r['run']:<5} {r['lang']} {r['q'][:24]:<24} first {r['first']:6.0f} ms"
            f"  work {r['work']:5.0f} ms  {r['bytes'] / 1024:6.1f} KiB {r['requests']:3.0f} requests"
            f"  shown {r['shown']:.0f}  load {r['load']:.1f}{right}  {r['urls'][0][-40:]}",
            flush=True,
        )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--layouts", default="one,changed,before")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, default=WORK)
    ap.add_argument("--pages-only", action="store_true")
    ap.add_argument(
        "--derive",
        type=int,
        default=0,
        help="render the pages of this many budgets only (a multiple of 5), derive the others' from them (derive_pages)",
    )
    ap.add_argument("--json", type=Path)
    ap.add_argument(
        "--with-pagefind",
        action="store_true",
        help="layout names: Pagefind's rows too, on the same site, after its own",
    )
    ap.add_argument("--langs", default="zh,en", help="the pages indexed and searched: zh,en or one of them")
    a = ap.parse_args()
    LANGS[:] = a.langs.split(",")
    seeds = seed_site(a.work)
    if "names" in a.layouts.split(","):
        check_names(seeds)
    results: dict[str, Any] = {}
    for n in (int(s) for s in a.sizes.split(",")):
        pages = a.work / str(n) / "pages"
        if a.derive and n > a.derive:
            rendered = a.work / str(a.derive) / "pages"
            make_pages(a.derive, rendered, a.jobs)
            check_derived(rendered, a.derive // 2, a.derive)
            if not pages.exists():
                shutil.copytree(rendered, pages, copy_function=os.link)
            derive_pages(n, a.derive, pages)
            ids = [synthetic_id(i) for i in range(n)]
        else:
            ids = make_pages(n, pages, a.jobs)
        if a.pages_only:
            continue
        for layout in a.layouts.split(","):
            site = a.work / str(n) / (layout if list(urls.LANGS) == LANGS else f"{layout}.{'.'.join(LANGS)}")
            index_layout(layout, n, ids, pages, seeds, site, a.jobs)
            asked = [q for q in queries(n, pages) if q[0] in LANGS]
            if layout == "names":
                results[f"{n} {layout}"] = report_names(n, measure_names(site, asked, a.repeat))
                if not a.with_pagefind:
                    continue
            rows = measure(site, asked, a.repeat)
            results[f"{n} {layout}" + (" pagefind" if layout == "names" else "")] = rows
            for r in rows:
                extra = f"  {r['bytes'] / 1024:7.0f} KiB  {r['requests']:4.0f} requests  {r['entries']:3.0f} entries"
                extra += f"  first result right: {r['right']}" if "right" in r else ""
                print(
                    f"N={n:>5} {layout:<8} {r['run']:<8} {r['lang']} {r['q'][:24]:<24} {r['ms']:7.0f} ms{extra}  load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
