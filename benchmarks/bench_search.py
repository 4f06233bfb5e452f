"""Search as a reader meets it, at N synthetic budgets: the search page's own work for a query
in Chromium, from the query typed to the first budget the name index lists, cold (empty cache)
and warm (a second page of the same browser context).

    .venv/bin/python benchmarks/bench_search.py --sizes 1000,10000 --derive 1000 [--repeat 3] [--json out.json]

For each N, three steps, the first skipped when its output is there (under ``.cache/bench-search/``,
never committed):

1. pages: N budgets made as ``generator bench`` makes them (``bench.synthetic_budget``: budget *i*
   is seed *i* mod 5 with a new id and department, amounts × 2–8), their pages rendered by the
   site's own code (``budget_pages`` with the context of all N), both languages; with
   ``--derive M``, only M are rendered and the others' pages derived from them
   (``derive_pages``: budget *i*'s id, names and metadata in the page of *i* mod M, checked to
   give the name index what rendering gives).
2. site: the site of ``content/`` (a real build: its shared pages' Pagefind bundle and scripts),
   its name index replaced by that of the N budgets (``names.write_index`` from the names read
   back from each page, ``page_names``: checked on the seed site to give the build's own index
   byte for byte), and its search pages saying the new index's tag.  Budget pages are not in
   Pagefind's index (the build indexes the shared pages only), so Pagefind UI, which the search
   page runs beside the name index, searches the seed site's shared pages: a site of N budgets
   has N budgets' list, compare and glossary pages there (not measured here).
3. measure: the site served on 127.0.0.1 (``tests/site_server.py``, every file cacheable for 600
   s as GitHub Pages serves it), the search page opened in Chromium and left until its main
   thread is idle, then the query typed into its box (an input event, as a key does); from that
   moment to the first budget shown in the list (or the page saying none has the name): the
   main thread's task time and script time (the Performance domain's TaskDuration and
   ScriptDuration, counted in the thread's own processor time, ``threadTicks``: the time the
   thread waits for a processor on a loaded machine is not in them), the wall time less the
   page's 150 ms wait after a key, and the requests and bytes the server answered (the name
   index's, and all of them: Pagefind UI's search starts at the same moment).  Each query
   ``--repeat`` times, the median reported, with the load average (1 min) of the runs.

Wall times are wall-clock on a shared machine; the task and script times are the page's work.
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
from html import unescape
from pathlib import Path
from typing import Any

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


_H1 = re.compile(r"<h1 data-pagefind-body>(.*?)</h1>", re.S)
_BLOCK = re.compile(r"<div hidden data-pagefind-body>(.*?)</div>", re.S)


def page_names(site: Path, budget_id: str, lang: str) -> names.BudgetNames:
    """What the name index holds of a budget's page, read back from the page (its title, the
    Chinese and English pages' titles, the lists of places, units and projects it gives search), as the build
    takes it from the page's view (``site.pages.budget_names``; ``check_names`` compares them)."""
    ref = urls.budget_page(budget_id, lang)
    html = (site / ref.path).read_text(encoding="utf-8")
    zh, en = ((site / urls.budget_page(budget_id, x).path).read_text(encoding="utf-8") for x in ("zh", "en"))
    title, chinese, english = (unescape(re.sub(r"<[^>]+>", "", _H1.findall(h)[0])) for h in (html, zh, en))
    block = _BLOCK.search(html)
    lists = [] if block is None else re.findall(r"<p>(.*?)</p>", block[1], re.S)
    assert len(lists) == 3, f"{ref.path}: {len(lists)} lists of names"  # places, units, projects
    sep = "；" if lang == "zh" else "; "
    found = [(names.DEPARTMENT, title), (names.DEPARTMENT, chinese), (names.DEPARTMENT, english)]
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


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def queries(n: int, pages: Path) -> list[tuple[str, str, str]]:
    """(lang, query, what the first result should be) for budget N/2: its Chinese and English
    names, a unit's name (budget N/2 + 2's), one of its projects' names as its pages list them
    (the budgets of its seed share them: ``seed`` 's first result is a budget of the same seed), a word of every
    budget's text (政府采购), a glossary term every budget defines (项目支出: the glossary page
    names the budgets that define it), words of every budget's name (中心, 深圳市)."""
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
        ("zh", "深圳市", ""),
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


def names_site(ids: list[str], pages: Path, seeds: Path, out: Path, layout: tuple[int, int]) -> None:
    """The seed site with the name index of the budgets ``ids`` (pages in ``pages``) in place of
    its own, in ``layout`` (``names.LONG``, ``names.SHARDS``: a key is long when more names
    than the first hold it, 0 for none; the number of key files), and search pages that say its
    tag and layout; made anew each run (the index's layout may have changed)."""
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(seeds, out, ignore=shutil.ignore_patterns(urls.NAME_INDEX), copy_function=os.link)
    shutil.rmtree(out / urls.STATIC)  # the search page's scripts as they are now
    writer.copy_static(out)
    seed_page = (seeds / urls.page(urls.SEARCH, "zh").path).read_text(encoding="utf-8")
    found = re.search(r'data-tag="([^"]*)"', seed_page)
    said = SearchPage(main_tag=found[1] if found else "", names_tag=state.digest("names", *ids, str(layout))[:16])
    was = names.LONG, names.SHARDS
    names.LONG, names.SHARDS = layout[0] or 10**12, layout[1]
    try:
        name_index(ids, pages, out)
        for lang in urls.LANGS:
            _write_search_page(out, lang, said)
    finally:
        names.LONG, names.SHARDS = was


WAIT_MS = 150  # what the search page waits after a key before it asks (templates/static/search.js)

# The query typed into the search page's box (an input event, as a key gives), until the first
# budget is shown in the list or the page says none has the name.
_TYPED = """async ({q}) => {
  const seen = () => document.querySelector("#names-list li a") ||
                     (document.getElementById("names-status").textContent ? "none" : null);
  const box = document.getElementById("search-input");
  const shown = new Promise(done => {
    new MutationObserver((_, o) => { if (seen()) { o.disconnect(); done(performance.now()); } })
      .observe(document, {subtree: true, childList: true, characterData: true});
  });
  const t0 = performance.now();
  box.value = q;
  box.dispatchEvent(new Event("input", {bubbles: true}));
  const t = await shown;
  const a = document.querySelector("#names-list li a");
  return {wall: t - t0, url: a ? a.getAttribute("href") : null,
          shown: document.querySelectorAll("#names-list li").length};
}"""


def _metrics(cdp: Any) -> dict[str, float]:
    return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}


def _idle(page: Any, cdp: Any) -> None:
    """Until the page's main thread did under 2 ms of work in 250 ms (at most 5 s)."""
    last = _metrics(cdp)["TaskDuration"]
    for _ in range(20):
        page.wait_for_timeout(250)
        now = _metrics(cdp)["TaskDuration"]
        if now - last < 0.002:
            return
        last = now


def _typed(context: Any, url: str, q: str, requests: list[str], site: Path) -> dict[str, Any]:
    """One query typed into the search page at ``url`` in a new page of ``context``: its work
    (main thread's task and script time, ms), wall time, requests and bytes, the first result."""
    from site_server import REPO

    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    page.goto(url, wait_until="load")
    _idle(page, cdp)
    requests.clear()
    before = _metrics(cdp)
    got = dict(page.evaluate(_TYPED, {"q": q}))
    after = _metrics(cdp)
    asked = [r.split("?")[0].removeprefix(f"/{REPO}/") for r in list(requests)]
    page.close()
    size = lambda paths: sum((site / p).stat().st_size for p in paths if (site / p).is_file())  # noqa: E731
    own = [p for p in asked if p.startswith(urls.NAME_INDEX)]
    got.update(
        task=1000 * (after["TaskDuration"] - before["TaskDuration"]),
        script=1000 * (after["ScriptDuration"] - before["ScriptDuration"]),
        wall=got["wall"] - WAIT_MS,
        requests=len(own),
        bytes=size(own),
        all_requests=len(asked),
        all_bytes=size(asked),
        load=os.getloadavg()[0],
    )
    return got


def measure(site: Path, asked: list[tuple[str, str, str]], repeat: int) -> list[dict[str, Any]]:
    """Each query (lang, text, the page it should find first) typed into the search page, cold
    (a fresh context) then warm (a new page in the same context), ``repeat`` times; medians."""
    from conftest import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright
    from site_server import REPO, serving

    rows = []
    with serving(site, f"/{REPO}/", max_age=600) as (base, requests), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for lang, q, want in asked:
            runs: dict[str, list[dict[str, Any]]] = {"cold": [], "warm": []}
            for _ in range(repeat):
                context = browser.new_context()
                for kind in ("cold", "warm"):
                    runs[kind].append(_typed(context, f"{base}{lang}/search/index.html", q, requests, site))
                context.close()
            for kind, got in runs.items():
                row: dict[str, Any] = {k: statistics.median(r[k] for r in got) for k in got[0] if k != "url"}
                row.update(lang=lang, q=q, run=kind, urls=sorted({r["url"] or "" for r in got}))
                row.update(load_min=min(r["load"] for r in got), load_max=max(r["load"] for r in got))
                if want:
                    row["right"] = all(_right(r["url"] or "", want) for r in got)
                rows.append(row)
        browser.close()
    return rows


def report(n: int, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        right = f"  first result right: {r['right']}" if "right" in r else ""
        print(
            f"N={n:>5} {r['run']:<5} {r['lang']} {r['q'][:24]:<24} task {r['task']:6.1f} ms  script {r['script']:6.1f} ms"
            f"  wall {r['wall']:6.0f} ms  names {r['bytes'] / 1024:6.1f} KiB {r['requests']:3.0f} req"
            f"  all {r['all_bytes'] / 1024:6.1f} KiB {r['all_requests']:3.0f} req  shown {r['shown']:.0f}"
            f"  load {r['load_min']:.1f}-{r['load_max']:.1f}{right}  {r['urls'][0][-40:]}",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000")
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
        "--layouts",
        default=f"{names.LONG}/{names.SHARDS}",
        help="the name index's layouts measured, LONG/SHARDS each (LONG 0: no key long, every list whole"
        " in its key file, as before names.LONG), comma-separated",
    )
    a = ap.parse_args()
    seeds = seed_site(a.work)
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
        for label in a.layouts.split(","):
            long, shards = (int(x) for x in label.split("/"))
            site = a.work / str(n) / f"names-{long}-{shards}"
            names_site(ids, pages, seeds, site, (long, shards))
            rows = measure(site, queries(n, pages), a.repeat)
            print(f"N={n} name index: keys long past {long or 'no'} names, {shards} key files", flush=True)
            report(n, rows)
            results[f"{n} {label}"] = rows
    if a.json:
        a.json.write_text(json.dumps(results, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
