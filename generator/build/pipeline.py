"""``build``: every document in content/ → site/ (data packages, pages, search index).

The stages, each timed in the log:

1. **discover** the documents and their metadata; key each by the hash of its bytes, its
   metadata and the extractor (``extract.py``, ``cache.py``).
2. **extract** each document (from the cache when its key is known), run the checks, write
   its data package — in parallel: one process per core, or tasks on a Dask cluster
   (``--executor dask``, ``workers.py``).  What the shared pages need of a
   budget (a *digest*: metadata, glossary, totals, findings, comparison) is cached as well.
3. **prepare** what every page shares: the site's context (``site/context.py``) and the keys
   of what the build makes (``pages.py``).
4. **render** each budget's pages, in parallel; the workers read the full budget back from
   the cache, so memory does not grow with the number of budgets.
5. **combine** the ``all`` package (streamed from the budgets' CSVs) and ``compare.csv``.
6. **shared pages**: lists, glossary, compare, about, search, 404, sitemap; then the **name
   index** the search page asks first (``name_index.py``), from every budget's names (kept in
   the cache beside its pages' translations).
7. **search**: Pagefind, one bundle of the shared pages (a budget's pages are found by the name
   index), indexed in a thread beside the build (``search.py``).
8. **swap**: the files made put in place (``output.update_in_place``: a rename each, the old
   ones kept in a journal until the state is kept), or, for a build that keeps nothing of the
   last one, the whole new site swapped in with one atomic rename (the old one then removed, its
   own stage); the state kept for the next build (``state.py``); the site's size reported
   against GitHub Pages' limit (``deploy.py``).

What a build makes goes into a fresh folder beside ``site/``; a stage that fails (a full disk,
the search index) fails the build (``BuildError``), the site is left as it was and nothing of it
is recorded.  A build killed while it puts its files in place leaves some of them new: the next
build first puts the previous site back from the journal (``restore``).  What a killed build
left beside the site is removed by the next one, which holds a lock meanwhile (``output.py``).
Incremental: what did not change since the last build — a budget's package, its pages, a
search shard, ``all``'s parts — is kept in the site as it is instead of being made again, when
the key of everything it was made from (document, metadata, code, templates, translations,
glossary) is the same; a site left as it was with nothing it is made from changed is up to date
(no work).  The output is byte for byte what a clean build gives, but ``all.sqlite``, changed in
place: the same rows (tests/test_incremental.py).
"""

from __future__ import annotations

import functools
import os
import pickle
import shutil
import sqlite3
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from ..deploy import SiteSize, site_size
from ..output import (
    InPlace,
    check_output,
    close_journal,
    journal_path,
    locked,
    new_folder,
    recover,
    remove_leftovers,
    replace_folder,
    staging_prefix,
    update_in_place,
)
from ..package import write_combined
from ..package.combined import Last
from ..package.harvest import write_data_catalog
from ..package.publication import Publication
from ..site import collate, urls, writer
from ..site.compare import compare_csv
from ..site.context import SiteContext
from ..site.names import BudgetNames
from ..site.pages import SharedPart, write_meta
from ..site.parts import Paging
from ..site.terms import Translations
from ..site.urls import PageRef
from .cache import ExtractionCache, code_version
from .extract import (
    Digest,
    Found,
    PackageJob,
    PackageTask,
    discovered,
    package_budget,
    package_key,
    report,
    signature,
)
from .name_index import index_key, names_key, unchanged, write_names
from .pages import Keys, RenderTask, keys_of, prepare, publishing, render_budget, shared_plan, source_document
from .result import BuildError, BuildResult
from .search import SearchIndex
from .state import Links, State, file_names, files_of, scan
from .tally import Tally, takes_apart
from .timing import Stages
from .workers import Dask, Executor, executor

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")
Log = Callable[..., None]
# A progress display for a stage of ``total`` items: a context whose value is told each item done.
Progress = Callable[[str, int], AbstractContextManager[Callable[[int], None]]]


def no_progress(label: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
    return nullcontext(lambda n: None)


@dataclass
class Verbosity:
    """How much the build says: ``quiet`` leaves out everything but warnings, errors and the
    summary; ``verbose`` adds what was made and reused, and every string still untranslated."""

    quiet: bool = False
    verbose: bool = False
    progress: Progress = no_progress


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
    say: Verbosity = field(default_factory=Verbosity)
    pub: Publication = field(default_factory=Publication)  # what the packages are published with
    staging: Path = Path()  # the new site, swapped in at the end
    links: Links = field(default_factory=Links)
    result: BuildResult = field(default_factory=BuildResult)
    executor: str = "pool"  # where the workers run: "pool" or "dask" (workers.py)
    scheduler: str | None = None  # the Dask scheduler's address (None: a LocalCluster)
    exits: ExitStack = field(default_factory=ExitStack)  # the executor, once started
    paging: Paging = field(default_factory=Paging)  # the size of the shared pages' parts
    shared_pages: list[PageRef] = field(default_factory=list)  # every shared page, once planned
    listed: dict[str, list[int]] = field(default_factory=dict)  # the site's files (size, time), as it was checked
    stored: State = field(default_factory=State)  # the state kept by the last build, as it is kept
    names: dict[str, dict[str, BudgetNames]] = field(default_factory=dict)  # the name index's, once rendered
    names_kept: bool = False  # whether the last build's name index is kept as it is (``_names``)
    _running: Executor | None = None
    removing: threading.Thread | None = None  # the old site's removal, once swapped out
    changing: list[InPlace] = field(default_factory=list)  # files changed in place, committed in the swap
    pinyin: int = 0  # how many texts' pinyin the cache kept (collate.said), when the build started

    def map(self, fn: Callable[[C, T], R], context: C, items: list[T]) -> Iterator[tuple[T, R]]:
        """``fn(context, item)`` for every item on the build's executor (started on first use,
        so a build with nothing to make starts no cluster): ``(item, result)`` as each finishes."""
        if not items:
            return iter(())
        if self._running is None:  # a cluster's start is a stage of its own (the pool's takes no time)
            with self.stage(f"start {self.executor}") if self.executor != "pool" else nullcontext():
                self._running = self.exits.enter_context(executor(self.executor, self.jobs, self.scheduler))
        return self._running.map(fn, context, items)

    @property
    def data(self) -> Path:
        return self.staging / urls.DATA

    def info(self, *args: object, **kw: object) -> None:
        """A line of the build's report (left out when quiet; warnings and errors never are)."""
        if not self.say.quiet or kw.get("file") is sys.stderr:
            self.log(*args, **kw)

    def progress(self, label: str, items: Iterable[T], total: int) -> Iterator[T]:
        """``items`` as they come, shown on the progress display."""
        with self.say.progress(label, total) as advance:
            for item in items:
                advance(1)
                yield item

    def package_keys(self, found: Found) -> dict[str, str]:
        """Each budget's package key, by id."""
        return {i: package_key(k, self.pub) for i, k in found.keys.items()}

    def translations_report(self) -> None:
        """The coverage of the English pages (per budget too), and every coded row whose printed
        name is not its code's (a warning: said even when quiet)."""
        tr = self.result.translations
        for line in tr.report((b.id for b in self.result.budgets), limit=None if self.say.verbose else 10):
            self.info(line)
        for line in tr.warnings():
            self.log(line, file=sys.stderr)

    def reusable(
        self, budget_id: str, key: str, files: tuple[str, ...] = (), folders: tuple[str, ...] = (), kind: str = "key"
    ) -> bool:
        """Whether the last build made these ``files`` and ``folders`` of the site from the same
        document (``kind`` "package": the same package key), and they are as it left them; then
        they are kept (``links``)."""
        if self.prev.budgets.get(budget_id, {}).get(kind) != key:
            return False
        if not all(self.prev.intact(self.site, f) for f in files):
            return False
        trees = [self.prev.tree(self.site, f) for f in folders]
        if any(t is None for t in trees):
            return False
        self.links.kept.update(files, *(t for t in trees if t is not None))
        return True


def build(
    content: Path,
    site: Path,
    log: Log = print,
    *,
    cache: ExtractionCache | None = None,
    jobs: int | None = None,
    search: bool = True,
    say: Verbosity | None = None,
    force: bool = False,
    executor: str = "pool",
    scheduler: str | None = None,
    paging: Paging | None = None,
) -> BuildResult:
    """Build ``site`` from every budget in ``content``: read everything, then write (``say``:
    how much to report, and the progress display; ``executor``: where the workers run, "pool" or
    "dask", on the Dask ``scheduler`` at that address or a LocalCluster; ``paging``: the size of
    the parts of the list, compare and glossary pages).  Raises
    ``OutputError`` for a ``site`` that holds anything but a site this command built (unless
    ``force``), ``BuildError`` when the site cannot be written (the previous one is kept)."""
    content, site = Path(content), Path(site)
    never = [content, *([cache.root] if cache is not None and cache.root is not None else [])]
    restore(site, cache, log)
    state_path = State.path(cache.root, site) if cache is not None and cache.root is not None else None
    seen = signature(state_path) if state_path is not None else ()
    last: State | None = State.load(state_path) if state_path is not None else State()
    listed: dict[str, list[int]] = {}  # the site's files, when it was checked to hold only what ``last`` wrote
    is_output = functools.partial(is_site, written=last.files if last is not None else None, listed=listed)
    check_output(site, is_output, force, never, "a site this command built", "--site")
    with locked(site), _cache_for(cache) as usable:
        for name in remove_leftovers(site):
            log(f"removed what an interrupted build left: {name}")
        if state_path is None or signature(state_path) != seen:  # another build kept its state meanwhile
            last, listed = None, {}
        b = _start(content, site, log, usable, jobs, search, last)
        b.listed = listed
        if listed and not journal_path(site).is_dir():  # (a build killed since the listing: its files not trusted)
            b.prev.seen = listed  # the site held no file but the last build's: nothing of it listed again
        b.say, b.executor, b.scheduler = say or Verbosity(), executor, scheduler
        b.paging = paging or Paging()
        try:
            with b.exits:
                return _run(b)
        except OSError as e:
            where = f" ({e.filename})" if e.filename else ""
            raise BuildError(f"{site}: cannot be written: {e.strerror or e}{where}; the previous site is kept") from e


def _run(b: Build) -> BuildResult:
    b.pinyin = _remember_pinyin(b.cache)
    assert b.cache.root is not None
    writer.keep_compiled(b.cache.root / "templates")  # compiled once, not in every build
    b.exits.callback(writer.keep_compiled, None)
    with b.stage("discover"):
        found = discovered(b.cache, b.content)
    if not found.failed and b.prev.files:
        with b.stage("check"):
            unchanged = up_to_date(b, found)
        if unchanged:
            return _finish(b, f"{b.site}/ is up to date: {len(b.result.budgets)} budget(s), nothing to do")
    with _staged(b):
        with b.stage("extract"):
            digests = extract(b, found)
        with b.stage("prepare"):
            ctx = prepare(b.content, digests, b.paging)
            _problems(b, ctx)
            keys = keys_of(b.state.code, b.content, ctx, _keys(found, digests), b.package_keys(found))
        with b.stage("render"):
            render(b, ctx, digests, keys, found)
        with _searching(b) as index:
            with b.stage("combine"):
                combine(b, digests, keys, found)
            with b.stage("shared pages"):
                shared(b, ctx, digests, keys, found)
            with b.stage("name index"):
                name_index(b, keys)
            if index is not None:
                with b.stage("search"):
                    index.add_shared(b.links, b.shared_pages)
                    b.state.bundles = index.finish(b.info)
        with b.stage("swap"):
            swap(b)
    if b.removing is not None:
        with b.stage("remove the old site"):
            b.removing.join()
    if isinstance(b._running, Dask):
        peak, n = b._running.peak_mib()
        b.info(f"peak memory of the Dask workers: {peak:.0f} MiB in the largest of {n}")
    return _finish(b, _summary(b))


def is_site(
    folder: Path, written: dict[str, list[int]] | None = None, listed: dict[str, list[int]] | None = None
) -> bool:
    """Whether ``folder`` holds a site this command built, and nothing else: nothing at its top
    that a site does not hold, and (when the cache knows what the last build of it wrote:
    ``written``) no file that build did not write; then its files (size and time) are put in
    ``listed``."""
    names = {p.name for p in folder.iterdir()}
    if not ({urls.NOJEKYLL, urls.DATA} <= names and names <= SITE_NAMES):
        return False
    if not written:
        return True
    files = scan(folder)
    if not all(name in written for name in files):
        return False
    if listed is not None:
        listed.update(files)
    return True


# What a site holds at its top: the shared pages' and files' first parts (sitemap.xml too: a
# site built with SITE_URL has one), the folders.
SITE_NAMES = {f.split("/")[0] for f in urls.shared_files("https://any")} | {
    urls.DATA,
    urls.SOURCES,
    urls.STATIC,
    urls.search_bundle(urls.MAIN_BUNDLE),
    urls.NAME_INDEX,
    urls.search_bundle("x").split("/")[0],  # the budgets' search bundles, as builds before made them
    urls.SITEMAPS,
}


def restore(site: Path, cache: ExtractionCache | None, log: Log = print) -> None:
    """What a build killed while it put its files in place left in ``site``, undone: the previous
    site put back from the journal (``output.recover``), unless that build had recorded its state
    in ``cache`` (then its update was whole).  A build does this first."""
    if not journal_path(site).is_dir():
        return
    with locked(site), _cache_for(cache) as usable:
        for name in recover(site, functools.partial(_recorded, usable, site)):
            log(f"removed what an interrupted build left: {name}")


def _recorded(cache: ExtractionCache, site: Path, token: str) -> bool:
    """Whether the build of ``token`` recorded its state (its update of the site was done)."""
    assert cache.root is not None
    return State.load(State.path(cache.root, site)).token == token


def _problems(b: Build, ctx: SiteContext) -> None:
    """The files of content/ the site could not read (it is built without them): failures."""
    for problem in ctx.problems:
        b.result.failures.append(problem)
        b.log(f"error: {problem}", file=sys.stderr)


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


def _start(
    content: Path, site: Path, log: Log, cache: ExtractionCache, jobs: int | None, search: bool, last: State | None
) -> Build:
    """The build, with what the last one left (``last``: its state, loaded already from ``cache``)."""
    assert cache.root is not None
    code = code_version()
    stored = last if last is not None else State.load(State.path(cache.root, site))
    prev = stored if site.is_dir() and stored.code == code else State()
    b = Build(content, site, log, cache, jobs, search, prev, State(code=code), Stages(log))
    b.stored = stored
    b.stage = Stages(b.info)
    b.pub = publishing(content)
    return b


@contextmanager
def _staged(b: Build) -> Iterator[None]:
    """The new site in a fresh folder beside the old one, removed if the build fails."""
    b.staging = new_folder(b.site, staging_prefix(b.site))
    try:
        yield
    except BaseException:
        shutil.rmtree(b.staging, ignore_errors=True)
        raise


@contextmanager
def _searching(b: Build) -> Iterator[SearchIndex | None]:
    """The search index of the shared pages, indexed beside what the build does next."""
    if not b.search:
        yield None
        return
    index = SearchIndex(b.staging, b.site, b.state, b.prev, b.jobs)
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
    digests = [_kept_digest(b, doc.id, keys[doc.id]) for doc, _, _ in found.keyed]
    if any(d is None for d in digests):
        return False
    ready = [d for d in digests if d is not None]
    ctx = prepare(b.content, ready, b.paging)
    k = keys_of(b.state.code, b.content, ctx, keys, b.package_keys(found))
    if any(prev.budgets[i].get("page") != k.pages[i] for i in keys) or prev.shared != k.shared or not prev.parts:
        return False
    if ready and prev.combined != k.combined:
        return False
    if (prev.seen if prev.seen is not None else files_of(b.site)) != prev.files:  # the listing of the start
        return False
    translations = ctx.translations
    tally = _last_tally(b)  # the budgets' pages' records, merged (else each one's)
    pages = [] if tally is not None else [f"pages-{k.pages[i]}" for i in sorted(keys)]
    if tally is not None:
        translations.merge(tally.merged)
    parts = (f"shared-{key}" for key in dict.fromkeys(prev.parts.values()))
    for record_key in [*pages, *parts]:
        record = b.cache.load(record_key, Translations)  # merged one at a time: memory stays small
        if record is None:
            return False
        translations.merge(record)
    b.result = _result(found, {d.budget.id: d for d in ready}, b.log)
    _problems(b, ctx)
    b.result.translations = translations
    b.translations_report()
    assert b.cache.root is not None
    _size_report(b, _size_of(State.path(b.cache.root, b.site), prev.files))
    return True


def extract(b: Build, found: Found) -> list[Digest]:
    """Each budget's package: linked from the last build when its document is unchanged and the
    package is as that build left it, else made (in the workers)."""
    b.data.mkdir()
    digests: dict[str, Digest] = {}
    todo = []
    for doc, meta, key in found.keyed:
        digest = _kept_digest(b, doc.id, key)
        files, folders = (urls.package_zip(doc.id), urls.workbook(doc.id)), (urls.package(doc.id),)
        if digest is not None and b.reusable(doc.id, package_key(key, b.pub), files, folders, "package"):
            digests[doc.id] = digest
        else:
            todo.append(PackageJob(doc.id, doc.path, meta, key))
    made = b.map(package_budget, PackageTask(b.cache, b.data, b.pub), todo)
    for job, (ok, value) in b.progress("reading", made, len(todo)):
        if ok:
            assert isinstance(value, Digest)
            digests[job.id] = value
            b.state.digests[job.id] = (_digest_key(b, job.key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        else:
            found.failed[job.id] = str(value)
            b.state.digests.pop(job.id, None)
    b.result = _result(found, digests, b.log)
    if b.say.verbose:
        b.info(f"packages: {len(todo)} made, {len(found.keyed) - len(todo)} reused")
    return [digests[budget.id] for budget in b.result.budgets]


def _digest_key(b: Build, key: str) -> str:
    """The cache key of the digest of the document of ``key``."""
    return f"digest-{b.state.code}-{key}"


def _kept_digest(b: Build, budget_id: str, key: str) -> Digest | None:
    """The budget's digest: from its row of the last build's state (read with it: no cache entry a
    budget), else from the cache; kept for this build's state.  None when neither has it."""
    dkey = _digest_key(b, key)
    row = b.prev.digests.get(budget_id)
    if row is not None and row[0] == dkey:
        try:
            digest = pickle.loads(row[1])
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError, IndexError):
            digest = None
        if isinstance(digest, Digest):
            b.state.digests[budget_id] = row
            return digest
    digest = b.cache.load(dkey, Digest)
    if digest is not None:
        b.state.digests[budget_id] = (dkey, pickle.dumps(digest, protocol=pickle.HIGHEST_PROTOCOL))
    return digest


def _result(found: Found, digests: dict[str, Digest], log: Log) -> BuildResult:
    built, failures, unreadable = report(found, {i: d.budget for i, d in digests.items()}, log)
    return BuildResult(built, failures, unreadable)


def render(b: Build, ctx: SiteContext, digests: list[Digest], keys: Keys, found: Found) -> None:
    """Each budget's pages: linked from the last build when their key is the same and they are
    as it left them, else made (in the workers).  What they looked up in the dictionaries: the
    last build's tally with the changed budgets' records taken out and put in (``tally.py``), else
    every budget's record merged in the order of the budgets."""
    doc_keys = found.keys
    last = _last_tally(b)
    records: dict[str, Translations] = {}  # the reused budgets' records, when there is no tally
    reused: set[str] = set()
    todo: list[tuple[str, str]] = []
    for d in digests:
        bid = d.budget.id
        page_key = keys.pages[bid]
        b.state.budgets[bid] = {"key": doc_keys[bid], "page": page_key, "package": package_key(doc_keys[bid], b.pub)}
        record = _reused_pages(b, bid, page_key, need_record=last is None)
        if record is not None:
            reused.add(bid)
            if last is None:
                records[bid] = record
        else:
            todo.append((bid, doc_keys[bid]))
    task = RenderTask(ctx, b.cache, b.content, b.staging, b.site)
    made = _render(b, task, todo, keys)
    again = _names(b, task, reused, keys)  # reused pages whose names the cache lost, made again
    made.update(again)
    reused -= again.keys()
    if b.say.verbose:
        b.info(f"budget pages: {len(made)} made, {len(reused)} reused")
    tally = _updated_tally(b, last, reused, made) if last is not None else None
    if tally is None:
        if last is not None:  # the tally could not be brought up to date: every record read
            records = _records(b, task, reused, keys)
        tally = _new_tally(b, {**records, **made}, keys.pages)
    b.result.translations = ctx.translations.merge(tally.merged)


def _render(b: Build, task: RenderTask, todo: list[tuple[str, str]], keys: Keys) -> dict[str, Translations]:
    """The pages of the budgets ``todo`` made in the workers: their records (and their names for
    the name index, in ``b.names``), kept in the cache."""
    made: dict[str, Translations] = {}
    for (bid, _), (record, names) in b.progress("pages", b.map(render_budget, task, todo), len(todo)):
        b.cache.store(f"pages-{keys.pages[bid]}", record)
        b.cache.store(f"names-{keys.pages[bid]}", names)
        made[bid], b.names[bid] = record, names
        b.state.budgets[bid]["names"] = names_key(names)
    return made


def _names(b: Build, task: RenderTask, reused: set[str], keys: Keys) -> dict[str, Translations]:
    """The reused budgets' names keys (from the last build's state) and the name index's key;
    when that is not the last build's, every reused budget's names in ``b.names``, from the cache
    (those it lacks made again: their records returned)."""
    for bid in reused:
        b.state.budgets[bid]["names"] = b.prev.budgets[bid]["names"]
    b.state.names_index = index_key({bid: v["names"] for bid, v in b.state.budgets.items()})
    b.names_kept = unchanged(b.site, b.prev, b.state.names_index, b.links)
    if b.names_kept:
        return {}
    lost = []
    for bid in sorted(reused):
        names = b.cache.load(f"names-{keys.pages[bid]}", dict)
        if names is None:
            lost.append((bid, b.state.budgets[bid]["key"]))
        else:
            b.names[bid] = names
    return _render(b, task, lost, keys)


def name_index(b: Build, keys: Keys) -> None:
    """The name index: the last build's kept when its key is the same (``_names``), else made."""
    if b.names_kept:
        if b.say.verbose:
            b.info("name index: kept as it was")
        return
    made = write_names(b.staging, b.site, b.prev, b.links, b.names)
    if b.say.verbose:
        b.info(f"name index: {made} file(s) written")


def _records(b: Build, task: RenderTask, reused: set[str], keys: Keys) -> dict[str, Translations]:
    """The records of the reused budgets' pages from the cache; those it lacks made again."""
    records = {bid: b.cache.load(f"pages-{keys.pages[bid]}", Translations) for bid in sorted(reused)}
    lost = [(bid, b.state.budgets[bid]["key"]) for bid, r in records.items() if r is None]
    return {**{bid: r for bid, r in records.items() if r is not None}, **_render(b, task, lost, keys)}


def _last_tally(b: Build) -> Tally | None:
    """The last build's tally of its budgets' pages, when the cache has it."""
    tally = b.cache.load(b.prev.tally, Tally) if b.prev.tally else None
    if tally is None or tally.pages != {i: v.get("page") for i, v in b.prev.budgets.items()}:
        return None
    return tally


def _updated_tally(b: Build, tally: Tally, reused: set[str], made: dict[str, Translations]) -> Tally | None:
    """The last build's tally, the records of the budgets not reused (changed, removed) taken
    out and those made put in; None (the tally unchanged) when a record to take out is not in the
    cache any more, or one made cannot be taken out again."""
    gone = {bid: b.cache.load(f"pages-{tally.pages[bid]}", Translations) for bid in sorted(set(tally.pages) - reused)}
    if any(r is None for r in gone.values()) or not all(takes_apart(bid, r) for bid, r in made.items()):
        return None
    for bid, old in gone.items():
        assert old is not None
        tally.remove(bid, old)
    for bid in sorted(made):
        tally.add(bid, b.state.budgets[bid]["page"], made[bid])
    _keep_tally(b, tally, changed=bool(gone) or bool(made))
    return tally


def _new_tally(b: Build, records: dict[str, Translations], pages: dict[str, str]) -> Tally:
    """A tally of every budget's record (the records merged in the order of the budgets); kept
    for the next build unless a record cannot be taken out of it again."""
    tally = Tally()
    whole = all(tally.add(bid, pages[bid], records[bid]) for bid in sorted(records))
    if whole:
        _keep_tally(b, tally, changed=True)
        return tally
    merged = Tally()
    for bid in sorted(records):
        merged.merged.merge(records[bid])
    return merged


def _keep_tally(b: Build, tally: Tally, changed: bool) -> None:
    b.state.tally = tally.key()
    if changed:
        b.cache.store(b.state.tally, tally)


def _reused_pages(b: Build, budget_id: str, page_key: str, need_record: bool = True) -> Translations | None:
    """The budget's pages linked from the last build, if they are still right: their translations
    (an empty record when not ``need_record``: they are in the last build's tally).  Their names
    are read only when the name index is made again (``_names``)."""
    if b.prev.budgets.get(budget_id, {}).get("page") != page_key:
        return None
    pages = [p.path for p in urls.budget_pages(budget_id)]
    record = b.cache.load(f"pages-{page_key}", Translations) if need_record else Translations()
    if record is None or "names" not in b.prev.budgets[budget_id]:
        return None
    if not all(b.prev.intact(b.site, p) for p in pages):
        return None
    for p in pages:
        b.links.keep(p)
    return record


def combine(b: Build, digests: list[Digest], keys: Keys, found: Found) -> None:
    """``all`` (its zip) and its database (kept when no budget changed; else made again from the
    last build's, with only the changed budgets' rows made anew: ``_last_all``) and compare.csv."""
    if not digests:
        return
    b.state.combined = keys.combined
    # all.zip's CSVs kept alone too are those the last build wrote (no glossary: none kept).
    kept = tuple(f for f in urls.KEPT_CSVS if f in b.prev.files)
    files = (urls.ALL_ZIP, urls.ALL_SQLITE, urls.ALL_SQLITE_METADATA, *kept)
    if b.prev.combined == keys.combined and all(b.prev.intact(b.site, f) for f in files):
        for f in files:
            b.links.keep(f)
        b.state.all_layout = b.prev.all_layout
    else:
        packages = b.package_keys(found)
        rows = lambda i: b.cache.load(f"rows-{b.state.code}-{packages[i]}", dict)  # noqa: E731
        last = _last_all(b, packages)
        budgets = [d.budget for d in digests]
        b.state.all_layout, db = write_combined(b.data, budgets, rows, b.pub, b.site / urls.DATA, last)
        if db is not None:
            b.exits.callback(db.abandon)  # the build failed before the swap: the site's database as it was
            mtime = b.prev.files[urls.ALL_SQLITE][1]
            b.changing.append(InPlace(urls.ALL_SQLITE, db.journal, db.commit, mtime))
        if b.say.verbose:
            reused = len(last.unchanged & {d.budget.id for d in digests}) if last is not None else 0
            b.info(f"all: {len(digests) - reused} budget(s) made, {reused} copied from the last build")
    (b.staging / urls.COMPARE_CSV).write_bytes(compare_csv([d.comparison for d in digests]))


def _last_all(b: Build, packages: dict[str, str]) -> Last | None:
    """What the last build's ``all`` gives this one: its zip's parts and its database, when they are
    as it left them; the budgets whose package is the same (their rows are).  The database is
    changed in place when the site is (it keeps files of the last one) and no more than
    ``IN_PLACE_SHARE`` of the budgets change (their pages are held in memory until the commit)."""
    if not b.prev.all_layout or not all(b.prev.intact(b.site, f) for f in (urls.ALL_ZIP, urls.ALL_SQLITE)):
        return None
    same = {i for i, k in packages.items() if b.prev.budgets.get(i, {}).get("package") == k}
    changed = len(set(packages) - same) + len(set(b.prev.budgets) - set(packages))
    in_place = bool(b.links.kept) and changed <= IN_PLACE_SHARE * len(packages)
    alone = {Path(f).name: b.site / f for f in urls.KEPT_CSVS if b.prev.intact(b.site, f)}
    return Last(b.prev.all_layout, same, b.site / urls.ALL_ZIP, b.site / urls.ALL_SQLITE, in_place, alone)


# The largest share of the budgets changed (or removed) for which all.sqlite is changed in place.
IN_PLACE_SHARE = 0.5


def shared(b: Build, ctx: SiteContext, digests: list[Digest], keys: Keys, found: Found) -> None:
    """The static files, the source documents, the data catalog, the sitemap, and the shared
    pages: each part linked when what it shows did not change, else made."""
    writer.copy_static(b.staging)
    _copy_sources(b, digests, found)
    write_data_catalog(b.staging, [d.budget for d in digests], b.pub, b.site)
    b.state.shared = keys.shared
    parts = shared_plan(ctx, digests, keys, _keys(found, digests))
    made = 0
    for part in parts:
        record = _reused_part(b, part)
        if record is None:
            rendered = part.make()
            rendered.write(b.staging)
            record = rendered.translations
            b.cache.store(f"shared-{part.key}", record)
            made += 1
        b.state.parts.update((ref.path, part.key) for ref in part.refs)
        b.result.translations.merge(record)
    b.shared_pages = [ref for part in parts for ref in part.refs]
    write_meta(ctx, b.staging, [d.budget for d in digests], b.shared_pages)
    if b.say.verbose:
        b.info(f"shared pages: {made} part(s) made, {len(parts) - made} reused")
    b.translations_report()


def _reused_part(b: Build, part: SharedPart) -> Translations | None:
    """A part of the shared pages linked from the last build, if it shows the same and is as that
    build left it: what it looked up in the dictionaries."""
    paths = [ref.path for ref in part.refs]
    if any(b.prev.parts.get(p) != part.key or not b.prev.intact(b.site, p) for p in paths):
        return None
    record = b.cache.load(f"shared-{part.key}", Translations)
    if record is not None:
        for p in paths:
            b.links.keep(p)
    return record


def _copy_sources(b: Build, digests: list[Digest], found: Found) -> None:
    """Each source document into sources/<id>.<ext>, linked from the last build when unchanged."""
    doc_keys = found.keys
    for d in digests:
        # The same document as the last build's (its key: its bytes), published as that build left it.
        path = urls.source(d.budget.id, Path(d.budget.source.file).suffix)
        if b.reusable(d.budget.id, doc_keys[d.budget.id], (path,)):
            continue
        src = source_document(b.content, d.budget)
        if src is not None:
            (b.staging / urls.SOURCES).mkdir(exist_ok=True)
            shutil.copyfile(src, b.staging / path)


def swap(b: Build) -> None:
    """The new site in place of the old: in place, file by file (``_in_place``), when it keeps
    files of the old one; else whole, in one step.  Its state kept for the next build (a state
    that cannot be kept is removed: the next build then checks every file)."""
    b.state.search = b.search
    assert b.cache.root is not None
    path = State.path(b.cache.root, b.site)
    b.state.token = uuid.uuid4().hex
    if not b.links.kept or not b.site.is_dir():
        assert not b.changing, "a file changed in place, but the site swapped whole"
        replace_folder(b.staging, b.site, functools.partial(_remove_beside, b))
        _save_state(b, path, {}, None)
        return
    written = _in_place(b)
    try:
        _save_state(b, path, b.links.known(b.prev), written)
    finally:
        close_journal(b.site)
        shutil.rmtree(b.staging, ignore_errors=True)


def _in_place(b: Build) -> list[str]:
    """The files the build made put in place over the old site's, the files changed in place
    committed, and the old site's files it no longer has taken out (``output.update_in_place``:
    a kill meanwhile is undone by the next build, from the journal); undone at once if it fails.
    The files written (and changed)."""
    changed = [c.rel for c in b.changing]
    aside = {*changed, *(f"{rel}-journal" for rel in changed)}  # their links in the staging folder
    written = set(file_names(b.staging)) - aside
    final = b.links.kept | written | set(changed)
    # The site's files: as listed when it was checked at the start (under no lock then, so the
    # files of the last build's manifest that are not there any more are left out), else listed.
    there = (f for f in b.listed if f in final or os.path.lexists(b.site / f)) if b.listed else file_names(b.site)
    delete = [f for f in there if f not in final]
    try:
        return [*update_in_place(b.staging, b.site, sorted(written), delete, b.state.token, b.changing), *changed]
    except BaseException:
        recover(b.site, lambda token: False)
        raise


def _save_state(b: Build, path: Path, known: dict[str, list[int]], written: list[str] | None) -> None:
    try:
        b.state.save(path, b.site, known, written, b.stored)
    except (OSError, sqlite3.Error) as e:
        path.unlink(missing_ok=True)
        path.with_name(path.name + "-journal").unlink(missing_ok=True)
        b.log(f"warning: the build's state could not be kept ({getattr(e, 'strerror', None) or e})", file=sys.stderr)
    _size_report(b, _size_of(path, b.state.files))


def _size_of(path: Path, files: dict[str, list[int]]) -> SiteSize:
    """The site's size from the manifest just kept at ``path`` (one query), else from ``files``."""
    try:
        groups = State.groups(path)
    except (OSError, sqlite3.Error):
        return site_size(files)
    size = SiteSize()
    for group in groups:
        size.add_group(*group)
    return size


def _remove_beside(b: Build, old: Path) -> None:
    """The old site removed in a thread while the state is kept (a file each, as many as the site
    has); the build waits for it before it ends (its own stage), still holding the site's lock."""
    b.removing = threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True)
    b.removing.start()
    b.exits.callback(b.removing.join)


def _size_report(b: Build, size: SiteSize) -> None:
    """The site's size against GitHub Pages' limit; from half of it, what to do (a note; past
    it, a warning)."""
    b.info(size.report())
    advice = size.advice(len(b.result.budgets), str(b.site))
    if advice and size.fits_pages:
        b.info(f"note: {advice}")
    elif advice:
        b.log(f"warning: {advice}", file=sys.stderr)


def _summary(b: Build) -> str:
    r = b.result
    text = f"built {len(r.budgets)} budget(s) into {b.site}/" + (f"; {len(r.failures)} failed" if r.failures else "")
    text += f"; {len(r.unreadable)} table(s) not read" if r.unreadable else ""
    return "\n".join([text, *(f"  failed: {f}" for f in r.failures), *(f"  not read: {u}" for u in r.unreadable)])


def _pinyin_key() -> str:
    """The cache key of what pypinyin said (``collate.said``): by pypinyin's version."""
    return "pinyin-" + metadata.version("pypinyin")


def _remember_pinyin(cache: ExtractionCache) -> int:
    """What pypinyin said in the last build, remembered (so that this one need not import it
    unless it meets a new text): how many texts the cache kept."""
    memo = cache.load(_pinyin_key(), dict) or {}
    collate.remember(memo)
    return len(memo)


def _finish(b: Build, summary: str) -> BuildResult:
    said = collate.said()
    if len(said) != b.pinyin:  # more than the cache kept: kept for the next build
        b.cache.store(_pinyin_key(), said)
    b.stage.report()
    for line in summary.split("\n"):
        b.log(line)
    return b.result
