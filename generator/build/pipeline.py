"""``build``: every document in content/ → site/ (data packages, pages, search index).

The stages, each timed in the log:

1. **discover** the documents and their metadata; key each by the hash of its bytes, its
   metadata and the extractor (``extract.py``, ``cache.py``).
2. **extract** each document (from the cache when its key is known), run the checks, write
   its data package — in parallel, one process per core.  What the shared pages need of a
   budget (a *digest*: metadata, glossary, totals, findings, comparison) is cached as well.
3. **prepare** what every page shares: the site's context (``site/context.py``) and the keys
   of what the build makes (``pages.py``).
4. **render** each budget's pages, in parallel; the workers read the full budget back from
   the cache, so memory does not grow with the number of budgets.
5. **combine** the ``all`` package (streamed from the budgets' CSVs) and ``compare.csv``.
6. **shared pages**: lists, glossary, compare, about, search, 404, sitemap.
7. **search**: Pagefind, one bundle for the shared pages and one per shard of budgets,
   indexed in a thread beside the build from the end of stage 4 (``search.py``).
8. **swap** the new site in, and keep its state for the next build (``state.py``).

Incremental: the site is always built in a fresh folder beside ``site/`` and swapped in
whole, so a failed build never leaves a half-written site.  What did not change since the
last build — a budget's package, its pages, a search shard, the ``all`` package — is
hard-linked from the previous site instead of being made again, when the key of everything
it was made from (document, metadata, code, templates, translations, glossary) is the same;
a site left as it was with nothing it is made from changed is up to date (no work).
The output is byte for byte what a clean build gives (tests/test_incremental.py).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..package import write_combined
from ..site import urls, writer
from ..site.compare import compare_csv
from ..site.context import SiteContext
from ..site.pages import write_shared
from ..site.terms import Translations
from .cache import ExtractionCache, code_version
from .extract import Digest, Found, PackageJob, PackageTask, find_documents, package_budget, report
from .pages import Keys, RenderTask, keys_of, prepare, render_budget, source_document, staff_findings
from .result import BuildResult
from .search import SearchIndex, shard_budgets
from .state import Links, State, files_of
from .timing import Stages
from .workers import parallel_map

Log = Callable[..., None]


@dataclass
class Build:
    """One build as it runs: where it reads and writes, what the last build left, what this one
    has made so far.  Passed to each stage; nothing else holds it."""

    content: Path
    site: Path
    log: Log
    cache: ExtractionCache
    jobs: int | None
    search: bool
    prev: State  # what the last build made (empty when it is of no use)
    state: State  # what this build makes
    stage: Stages
    staging: Path = Path()  # the new site, swapped in at the end
    links: Links = field(default_factory=Links)
    result: BuildResult = field(default_factory=BuildResult)

    @property
    def data(self) -> Path:
        return self.staging / urls.DATA

    def reusable(self, budget_id: str, key: str, files: tuple[str, ...] = (), folders: tuple[str, ...] = ()) -> bool:
        """Whether the last build made these ``files`` and ``folders`` of the site from the same
        document, and they are as it left them."""
        if self.prev.budgets.get(budget_id, {}).get("key") != key:
            return False
        return all(self.prev.intact(self.site, f) for f in files) and all(
            self.prev.intact_tree(self.site, f) for f in folders
        )


def build(
    content: Path,
    site: Path,
    log: Log = print,
    *,
    cache: ExtractionCache | None = None,
    jobs: int | None = None,
    search: bool = True,
) -> BuildResult:
    """Build ``site`` from every budget in ``content``: read everything, then write."""
    with _cache_for(cache) as usable:
        b = _start(Path(content), Path(site), log, usable, jobs, search)
        with b.stage("discover"):
            found = find_documents(b.content)
        if not found.failed and b.prev.files:
            with b.stage("check"):
                unchanged = up_to_date(b, found)
            if unchanged:
                return _finish(b, f"{b.site}/ is up to date: {len(b.result.budgets)} budget(s), nothing to do")
        with _staged(b):
            with b.stage("extract"):
                digests = extract(b, found)
            with b.stage("prepare"):
                ctx = prepare(b.content, digests)
                keys = keys_of(b.state.code, b.content, ctx, _keys(found, digests))
            with b.stage("render"):
                render(b, ctx, digests, keys, found)
            with _searching(b, digests) as index:
                with b.stage("combine"):
                    combine(b, digests, keys, found)
                with b.stage("shared pages"):
                    shared(b, ctx, digests, keys, found)
                if index is not None:
                    with b.stage("search"):
                        index.add_shared(b.links)
                        b.state.bundles = index.finish(log)
            with b.stage("swap"):
                swap(b)
    return _finish(b, _summary(b))


@contextmanager
def _cache_for(cache: ExtractionCache | None) -> Iterator[ExtractionCache]:
    """The cache to use: the one given, else one for this build only."""
    if cache is not None and cache.root is not None:
        yield cache
        return
    scratch = Path(tempfile.mkdtemp(prefix="budget-build-cache-"))
    try:
        yield ExtractionCache(scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _start(content: Path, site: Path, log: Log, cache: ExtractionCache, jobs: int | None, search: bool) -> Build:
    assert cache.root is not None
    code = code_version()
    prev = State.load(State.path(cache.root, site)) if site.is_dir() else State()
    if prev.code != code:
        prev = State()
    return Build(content, site, log, cache, jobs, search, prev, State(code=code), Stages(log))


@contextmanager
def _staged(b: Build) -> Iterator[None]:
    """The new site in a fresh folder beside the old one, removed if the build fails."""
    b.site.parent.mkdir(parents=True, exist_ok=True)
    b.staging = Path(tempfile.mkdtemp(prefix=f".{b.site.name}.staging.", dir=b.site.parent))
    try:
        yield
    except BaseException:
        shutil.rmtree(b.staging, ignore_errors=True)
        raise


@contextmanager
def _searching(b: Build, digests: list[Digest]) -> Iterator[SearchIndex | None]:
    """The budgets' search bundles, indexed from now on beside what the build does next."""
    if not b.search:
        yield None
        return
    index = SearchIndex(b.staging, b.site, shard_budgets(d.budget.id for d in digests), b.state, b.prev, b.jobs)
    index.start(b.links)
    try:
        yield index
    except BaseException:
        index.abandon()
        raise


def _keys(found: Found, digests: list[Digest]) -> dict[str, str]:
    built = {d.budget.id for d in digests}
    return {i: k for i, k in found.keys.items() if i in built}


# ---------------------------------------------------------------------------- the stages


def up_to_date(b: Build, found: Found) -> bool:
    """Whether nothing the site is made from changed since the last build and the site is as
    that build left it, file for file; then ``b.result`` holds the budgets and the pages'
    translation coverage (the site itself needs nothing)."""
    keys, prev = found.keys, b.prev
    if prev.search != b.search or set(prev.budgets) != set(keys):
        return False
    if any(prev.budgets[i].get("key") != k for i, k in keys.items()):
        return False
    digests = [b.cache.load(f"digest-{b.state.code}-{keys[doc.id]}", Digest) for doc, _, _ in found.keyed]
    if any(d is None for d in digests):
        return False
    ready = [d for d in digests if d is not None]
    ctx = prepare(b.content, ready)
    k = keys_of(b.state.code, b.content, ctx, keys)
    if any(prev.budgets[i].get("page") != k.pages[i] for i in keys) or prev.shared != k.shared:
        return False
    if ready and prev.combined != k.combined:
        return False
    if files_of(b.site) != prev.files:
        return False
    translations = ctx.translations
    for record_key in [*(f"pages-{k.pages[i]}" for i in sorted(keys)), f"shared-{k.shared}"]:
        record = b.cache.load(record_key, Translations)  # merged one at a time: memory stays small
        if record is None:
            return False
        translations.merge(record)
    b.result = _result(found, {d.budget.id: d for d in ready}, b.log)
    b.result.translations = translations
    for line in translations.report():
        b.log(line)
    return True


def extract(b: Build, found: Found) -> list[Digest]:
    """Each budget's package: linked from the last build when its document is unchanged and the
    package is as that build left it, else made (in the workers)."""
    b.data.mkdir()
    digests: dict[str, Digest] = {}
    todo = []
    for doc, meta, key in found.keyed:
        digest = b.cache.load(f"digest-{b.state.code}-{key}", Digest)
        if digest is not None and b.reusable(doc.id, key, (urls.package_zip(doc.id),), (urls.package(doc.id),)):
            b.links.link_tree(b.site / urls.package(doc.id), b.staging / urls.package(doc.id))
            b.links.link(b.site / urls.package_zip(doc.id), b.staging / urls.package_zip(doc.id))
            digests[doc.id] = digest
        else:
            todo.append(PackageJob(doc.id, doc.path, meta, key))
    for job, (ok, value) in zip(
        todo, parallel_map(package_budget, PackageTask(b.cache, b.data), todo, b.jobs), strict=True
    ):
        if ok:
            assert isinstance(value, Digest)
            digests[job.id] = value
        else:
            found.failed[job.id] = str(value)
    b.result = _result(found, digests, b.log)
    return [digests[budget.id] for budget in b.result.budgets]


def _result(found: Found, digests: dict[str, Digest], log: Log) -> BuildResult:
    built, failures, unreadable = report(found, {i: d.budget for i, d in digests.items()}, log)
    return BuildResult(built, failures, unreadable)


def render(b: Build, ctx: SiteContext, digests: list[Digest], keys: Keys, found: Found) -> None:
    """Each budget's pages: linked from the last build when their key is the same and they are
    as it left them, else made (in the workers).  Their translations merged in the order of
    the budgets."""
    doc_keys = found.keys
    records: dict[str, Translations] = {}
    todo: list[tuple[str, str]] = []
    for d in digests:
        bid = d.budget.id
        page_key = keys.pages[bid]
        b.state.budgets[bid] = {"key": doc_keys[bid], "page": page_key}
        record = _reused_pages(b, bid, page_key)
        if record is not None:
            records[bid] = record
        else:
            todo.append((bid, doc_keys[bid]))
    task = RenderTask(ctx, b.cache, b.content, b.staging)
    for (bid, _), record in zip(todo, parallel_map(render_budget, task, todo, b.jobs), strict=True):
        b.cache.store(f"pages-{keys.pages[bid]}", record)
        records[bid] = record
    b.result.translations = ctx.translations
    for bid in sorted(records):
        b.result.translations.merge(records[bid])


def _reused_pages(b: Build, budget_id: str, page_key: str) -> Translations | None:
    """The budget's pages linked from the last build, if they are still right: their translations."""
    if b.prev.budgets.get(budget_id, {}).get("page") != page_key:
        return None
    pages = [p.path for p in urls.budget_pages(budget_id)]
    record = b.cache.load(f"pages-{page_key}", Translations)
    if record is None or not all(b.prev.intact(b.site, p) for p in pages):
        return None
    for p in pages:
        b.links.link(b.site / p, b.staging / p)
    return record


def combine(b: Build, digests: list[Digest], keys: Keys, found: Found) -> None:
    """``all`` (linked when no budget changed) and compare.csv."""
    if not digests:
        return
    b.state.combined = keys.combined
    if (
        b.prev.combined == keys.combined
        and b.prev.intact_tree(b.site, urls.ALL)
        and b.prev.intact(b.site, urls.ALL_ZIP)
    ):
        b.links.link_tree(b.site / urls.ALL, b.staging / urls.ALL)
        b.links.link(b.site / urls.ALL_ZIP, b.staging / urls.ALL_ZIP)
    else:
        doc_keys = found.keys
        rows = lambda i: b.cache.load(f"rows-{b.state.code}-{doc_keys[i]}", dict)  # noqa: E731
        write_combined(b.data, [d.budget for d in digests], rows)
    (b.staging / urls.COMPARE_CSV).write_bytes(compare_csv([d.comparison for d in digests]))


def shared(b: Build, ctx: SiteContext, digests: list[Digest], keys: Keys, found: Found) -> None:
    """The static files, the source documents, and the shared pages (linked when nothing they
    read changed)."""
    writer.copy_static(b.staging)
    _copy_sources(b, digests, found)
    b.state.shared = keys.shared
    record = b.cache.load(f"shared-{keys.shared}", Translations)
    files = urls.shared_files()
    if record is not None and b.prev.shared == keys.shared and all(b.prev.intact(b.site, f) for f in files):
        for f in files:
            b.links.link(b.site / f, b.staging / f)
    else:
        budgets = [d.budget for d in digests]
        record = write_shared(ctx, b.staging, budgets, [d.comparison for d in digests], staff_findings(digests))
        b.cache.store(f"shared-{keys.shared}", record)
    b.result.translations.merge(record)
    for line in b.result.translations.report():
        b.log(line)


def _copy_sources(b: Build, digests: list[Digest], found: Found) -> None:
    """Each source document into sources/<id>.<ext>, linked from the last build when unchanged."""
    doc_keys = found.keys
    for d in digests:
        src = source_document(b.content, d.budget)
        if src is None:
            continue
        path = urls.source(d.budget.id, src.suffix)
        if b.reusable(d.budget.id, doc_keys[d.budget.id], (path,)):
            b.links.link(b.site / path, b.staging / path)
        else:
            (b.staging / urls.SOURCES).mkdir(exist_ok=True)
            shutil.copyfile(src, b.staging / path)


def swap(b: Build) -> None:
    """The new site in place of the old, whole; its state kept for the next build."""
    old = b.site.with_name(f".{b.site.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if b.site.exists():
        b.site.rename(old)
    b.staging.rename(b.site)
    shutil.rmtree(old, ignore_errors=True)
    b.state.search = b.search
    assert b.cache.root is not None
    b.state.save(State.path(b.cache.root, b.site), b.site, b.links.known(b.staging, b.prev))


def _summary(b: Build) -> str:
    r = b.result
    text = f"built {len(r.budgets)} budget(s) into {b.site}/" + (f"; {len(r.failures)} failed" if r.failures else "")
    text += f"; {len(r.unreadable)} table(s) not read" if r.unreadable else ""
    return "\n".join([text, *(f"  failed: {f}" for f in r.failures), *(f"  not read: {u}" for u in r.unreadable)])


def _finish(b: Build, summary: str) -> BuildResult:
    b.stage.report()
    for line in summary.split("\n"):
        b.log(line)
    return b.result
