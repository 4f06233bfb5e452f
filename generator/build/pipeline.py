"""``build``: every document in content/ → site/ (data packages, pages, search index).

Named stages, each timed in the log:

1. **discover** the documents and their metadata; key each by the hash of its bytes, its
   metadata and the extractor (``cache.py``).
2. **extract** each document (from the cache when its key is known), run the checks, write
   its data package — in parallel, one process per core.  What the shared pages need of a
   budget (a *digest*: metadata, glossary, totals, findings, comparison) is cached as well.
3. **prepare** what every page shares: the glossary across all budgets and its links.
4. **render** each budget's pages, in parallel; the workers read the full budget back from
   the cache, so memory does not grow with the number of budgets.
5. **combine** the ``all`` package (streamed from the budgets' CSVs) and ``compare.csv``.
6. **shared pages**: lists, glossary, compare, about, search, 404, sitemap.
7. **search**: Pagefind, one bundle for the shared pages and one per shard of budgets,
   indexed in parallel; the search page merges them.

Incremental: the site is always built in a fresh folder beside ``site/`` and swapped in
whole, so a failed build never leaves a half-written site.  What did not change since the
last build — a budget's package, its pages, a search shard, the ``all`` package — is
hard-linked from the previous site instead of being made again, when the key of everything
it was made from (document, metadata, code, templates, translations, glossary) is the same.
The output is byte for byte what a clean build gives (tests/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import queue
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..checks import Finding, run_checks
from ..model import Budget, BudgetError, Metadata, Table
from ..package import combined_rows, write_budget, write_combined
from ..read.documents import Document, discover, metadata_for
from ..read.extract import read_budget
from ..site.compare import Comparison, compare, compare_csv
from ..site.render import SEARCH_IGNORES
from .cache import ExtractionCache, cache_key, code_version

Log = Callable[..., None]


@dataclass
class BuildResult:
    budgets: list[Budget] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class Digest:
    """What the shared pages need of a budget; small enough to keep for every budget."""

    budget: Budget  # metadata, source, warnings and the tables the shared pages read
    staff: list[tuple[int, Finding]]  # the findings about staff numbers (the compare page flags them)
    comparison: Comparison  # its figures and how many findings of each severity


# Tables the shared pages read (the glossary page, the budget list's totals).
SHARED_TABLES = ("glossary", "income-expenditure-summary")


def light(budget: Budget) -> Budget:
    tables = {k: Table(t.resource, t.rows, t.start, t.title) for k, t in budget.tables.items() if k in SHARED_TABLES}
    return Budget(budget.meta, budget.source, tables, list(budget.warnings), list(budget.failures))


def digest_of(budget: Budget, findings: list[Finding]) -> Digest:
    small = light(budget)
    comparison = compare(budget, findings)
    comparison.budget = small
    staff = [(i, f) for i, f in enumerate(findings, start=1) if f.check == "text-staff"]
    return Digest(small, staff, comparison)


# ---------------------------------------------------------------------------- reading only


def _read(job: tuple[Path, Metadata]) -> tuple[bool, Budget | str]:
    """One document in a worker process: the budget, or the error's message."""
    path, meta = job
    try:
        return True, read_budget(path, meta)
    except BudgetError as e:
        return False, str(e)


def load_budgets(
    content: Path, log: Log = print, *, cache: ExtractionCache | None = None, jobs: int | None = None
) -> BuildResult:
    """Read every document in ``content`` into full models: from the cache where the
    document, its metadata and the extractor are unchanged, the rest in parallel over
    ``jobs`` processes (default: the machine's cores).  In the order of the documents' ids."""
    cache = cache or ExtractionCache(None)
    result = BuildResult()
    found: dict[str, Budget] = {}
    docs, keyed, failed = _discover(content)
    todo = []
    for doc, meta, key in keyed:
        hit = cache.get(key)
        if hit is not None:
            found[doc.id] = hit
        else:
            todo.append((doc, meta, key))
    outcomes = list(_map(_read, [(doc.path, meta) for doc, meta, _ in todo], jobs))
    for (doc, _, key), (ok, value) in zip(todo, outcomes, strict=True):
        if ok:
            assert isinstance(value, Budget)
            found[doc.id] = value
            cache.put(key, value)
        else:
            failed[doc.id] = str(value)
    _collect(docs, found, failed, result, log)
    return result


def _discover(content: Path) -> tuple[list[Document], list[tuple[Document, Metadata, str]], dict[str, str]]:
    docs = discover(content)
    keyed: list[tuple[Document, Metadata, str]] = []
    failed: dict[str, str] = {}
    for doc in docs:
        try:
            meta = metadata_for(doc.path, year=doc.year)
            data = doc.path.read_bytes()
        except BudgetError as e:
            failed[doc.id] = str(e)
            continue
        except OSError as e:
            failed[doc.id] = str(BudgetError(f"cannot read file: {e.strerror or e}", source=str(doc.path)))
            continue
        keyed.append((doc, meta, cache_key(data, doc.path.suffix, meta)))
    return docs, keyed, failed


def _collect(
    docs: list[Document], found: dict[str, Budget], failed: dict[str, str], result: BuildResult, log: Log
) -> None:
    for doc in docs:
        if doc.id in failed:
            result.failures.append(failed[doc.id])
            log(f"error: {failed[doc.id]}", file=sys.stderr)
        elif doc.id in found:
            budget = found[doc.id]
            for w in budget.warnings:
                log(f"warning: {doc.path}: {w}", file=sys.stderr)
            for t in budget.failures:
                # the rest of the budget is published; the table is left out, and the build fails
                message = f"{doc.path}: {t} (the table is left out; the rest of the budget is published)"
                result.failures.append(message)
                log(f"error: {message}", file=sys.stderr)
            result.budgets.append(budget)


def _workers(jobs: int | None, n: int) -> int:
    return max(1, min(jobs or os.cpu_count() or 1, n))


def _map(fn: Callable, items: list, jobs: int | None) -> Iterator:
    """``fn`` over ``items`` in forked worker processes (or here, for one worker or no fork),
    the results in order, each as it comes (so they need not all be held at once)."""
    workers = _workers(jobs, len(items))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (fn(item) for item in items)
        return
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        yield from pool.map(fn, items, chunksize=max(1, min(8, len(items) // (workers * 8))))


def write_data(budgets: list[Budget], data_dir: Path) -> None:
    """Every package of ``budgets`` (full models), ``all`` and ``compare.csv``, in this process."""
    data_dir.mkdir(parents=True, exist_ok=True)
    comparisons = []
    for budget in sorted(budgets, key=lambda b: b.id):
        findings = run_checks(budget)
        write_budget(budget, findings, data_dir)
        comparisons.append(compare(budget, findings))
    if budgets:
        write_combined(data_dir, budgets)
        (data_dir / "compare.csv").write_bytes(compare_csv(comparisons))


# ---------------------------------------------------------------------------- state between builds


@dataclass
class State:
    """What the previous build of a site was made from, to know what can be reused, and what
    it wrote (size and modification time of every file), to know the site is as it was left."""

    code: str = ""
    budgets: dict[str, dict[str, str]] = field(default_factory=dict)  # id → {"key", "page"}
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle → key of its pages
    combined: str = ""  # key of the `all` package
    shared: str = ""  # key of the shared pages
    search: bool = True  # whether the search index was built
    files: dict[str, list[int]] = field(default_factory=dict)  # path in the site → [size, mtime_ns]
    _counts: dict[str, int] | None = field(default=None, repr=False, compare=False)

    @staticmethod
    def path(cache_root: Path, site: Path) -> Path:
        where = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
        return cache_root / "state" / f"{where}.json"

    @classmethod
    def load(cls, path: Path) -> State:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path, site: Path, known: dict[str, list[int]] | None = None) -> None:
        """Write the state, with the manifest of ``site``; ``known``: files whose size and
        time are known already (linked from the last build), so only new files are looked at."""
        self.files = _files_of(site, known or {})
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        data = {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}
        tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        tmp.replace(path)

    def intact(self, site: Path, rel: str) -> bool:
        """Whether ``site/rel`` is the file this build wrote (not changed or removed since)."""
        try:
            st = os.stat(site / rel)
        except OSError:
            return False
        return self.files.get(rel) == [st.st_size, st.st_mtime_ns]

    def intact_tree(self, site: Path, rel: str) -> bool:
        """Whether the folder ``site/rel`` holds just the files this build wrote there."""
        folder = site / rel
        if not folder.is_dir():
            return False
        found = _files_of(folder)
        prefix = rel + "/"
        return len(found) == self._count(rel) and all(self.files.get(prefix + n) == st for n, st in found.items())

    def _count(self, rel: str) -> int:
        """How many files this build wrote under the folder ``rel``."""
        if self._counts is None:
            self._counts = {}
            for path in self.files:
                parts = path.split("/")
                for i in range(1, len(parts)):
                    folder = "/".join(parts[:i])
                    self._counts[folder] = self._counts.get(folder, 0) + 1
        return self._counts.get(rel, 0)


def _files_of(site: Path, known: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """Every file of the site: its path from the site's root → [size, mtime_ns] (taken from
    ``known`` for the files it lists)."""
    files: dict[str, list[int]] = {}
    base = len(str(site)) + 1
    known = known or {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            rel = path[base:]
            if rel in known:
                files[rel] = known[rel]
            else:
                st = os.stat(path)
                files[rel] = [st.st_size, st.st_mtime_ns]
    return files


# Files linked from the previous site in this build (their size and time are known).
_LINKED: set[str] = set()


def _link(src: str | Path, dest: str | Path) -> None:
    """``dest`` as a hard link to ``src`` (a copy where links are not possible)."""
    dest = os.fspath(dest)
    _LINKED.add(dest)
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _link_tree(src: str | Path, dest: str | Path) -> None:
    """``dest`` as a copy of the folder ``src`` made of hard links."""
    dest = os.fspath(dest)
    os.makedirs(dest, exist_ok=True)
    with os.scandir(src) as entries:
        for e in entries:
            target = os.path.join(dest, e.name)
            if e.is_dir(follow_symlinks=False):
                _link_tree(e.path, target)
            else:
                _LINKED.add(target)
                try:
                    os.link(e.path, target)
                except OSError:
                    shutil.copy2(e.path, target)


# ---------------------------------------------------------------------------- stage 2: extract and package


@dataclass
class PrepareJob:
    id: str
    path: Path
    meta: Metadata
    key: str
    data_dir: Path  # staging/data
    reuse: Path | None  # the previous site's data folder, when this budget's package is unchanged


def _prepare(job: PrepareJob) -> tuple[bool, Digest | str]:
    cache = _CACHE
    assert cache is not None
    digest_key = f"digest-{code_version()}-{job.key}"
    digest = cache.load(digest_key, Digest)
    if digest is not None and job.reuse is not None:
        _link_tree(job.reuse / job.id, job.data_dir / job.id)
        _link(job.reuse / f"{job.id}.zip", job.data_dir / f"{job.id}.zip")
        return True, digest
    budget = cache.get(job.key)
    if budget is None:
        try:
            budget = read_budget(job.path, job.meta)
        except BudgetError as e:
            return False, str(e)
        cache.put(job.key, budget)
    findings = run_checks(budget)
    files = write_budget(budget, findings, job.data_dir)
    cache.store(f"rows-{code_version()}-{job.key}", combined_rows(job.id, files))
    cache.store(f"findings-{code_version()}-{job.key}", findings)
    if digest is None:
        digest = digest_of(budget, findings)
        cache.store(digest_key, digest)
    return True, digest


# ---------------------------------------------------------------------------- stage 4: budgets' pages

# Set in the parent before the workers are forked, so they inherit them.
_CACHE: ExtractionCache | None = None
_RENDERER = None


def _render(item: tuple[str, str]) -> tuple[list[str], object, object]:
    """One budget's pages in a worker: (paths written, label coverage, sentence coverage)."""
    renderer = _RENDERER
    assert renderer is not None and _CACHE is not None
    budget_id, key = item
    budget = _CACHE.get(key)
    assert budget is not None, f"{budget_id}: not in the cache"
    # The parent keeps no budget's findings (only their counts): each is read back here.
    findings = _CACHE.load(f"findings-{code_version()}-{key}", list)
    renderer.findings = {budget_id: findings if findings is not None else run_checks(budget)}
    return _capture(renderer, lambda: renderer.render_budget(budget))


def _capture(renderer, make: Callable[[], object]) -> tuple[list[str], object, object]:
    """(pages written, label coverage, sentence coverage) of what ``make`` renders, apart from
    what the renderer held before, which is left as it was (merge it with _merge_pages).  In a
    worker and in this process alike."""
    from ..site.terms import Coverage

    tr, pages = renderer.tr, len(renderer.pages_written)
    saved = tr.labels_coverage, tr.sentences_coverage
    tr.labels_coverage, tr.sentences_coverage = Coverage(), Coverage()
    try:
        make()
        return renderer.pages_written[pages:], tr.labels_coverage, tr.sentences_coverage
    finally:
        tr.labels_coverage, tr.sentences_coverage = saved
        del renderer.pages_written[pages:]


# ---------------------------------------------------------------------------- the build


def _rss_mib() -> float:
    """This process's resident memory now (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


class Stages:
    """Wall time and processor time (this process and its workers) of each stage."""

    def __init__(self, log: Log):
        self.log = log
        self.times: list[tuple[str, float, float, float]] = []

    @staticmethod
    def _cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        t0, c0 = time.perf_counter(), self._cpu()
        yield
        self.times.append((name, time.perf_counter() - t0, self._cpu() - c0, _rss_mib()))

    def report(self) -> None:
        self.log(
            "stages: "
            + ", ".join(f"{name} {secs:.1f} s (cpu {cpu:.1f} s, {rss:.0f} MiB)" for name, secs, cpu, rss in self.times)
        )
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        self.log(f"peak memory: {own:.0f} MiB in this process, {kids:.0f} MiB in the largest worker")


def build(
    content: Path,
    site: Path,
    log: Log = print,
    *,
    cache: ExtractionCache | None = None,
    jobs: int | None = None,
    search: bool = True,
) -> BuildResult:
    global _CACHE, _RENDERER
    content, site = Path(content), Path(site)
    stage = Stages(log)
    scratch = None
    if cache is None or cache.root is None:  # no cache asked for: one for this build only
        scratch = Path(tempfile.mkdtemp(prefix="budget-build-cache-"))
        cache = ExtractionCache(scratch)
    assert cache.root is not None
    state_path = State.path(cache.root, site)
    prev = State.load(state_path) if site.is_dir() else State()
    code = code_version()
    if prev.code != code:
        prev = State()
    state = State(code=code)
    result = BuildResult()
    with stage("discover"):
        docs, keyed, failed = _discover(content)
    if not failed and prev.files:
        with stage("check"):
            done = _up_to_date(content, site, keyed, prev, cache, code, search, log)
        if done is not None:
            digests, renderer = done
            _collect(docs, {d.budget.id: d.budget for d in digests}, {}, result, log)
            renderer.report()  # type: ignore[attr-defined]
            stage.report()
            log(f"{site}/ is up to date: {len(result.budgets)} budget(s), nothing to do")
            if scratch is not None:
                shutil.rmtree(scratch, ignore_errors=True)
            return result
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.staging.", dir=site.parent))
    _CACHE = cache
    _LINKED.clear()
    search_index: SearchIndex | None = None
    try:
        with stage("extract"):
            jobs_list = [
                PrepareJob(
                    doc.id,
                    doc.path,
                    meta,
                    key,
                    staging / "data",
                    site / "data"
                    if prev.budgets.get(doc.id, {}).get("key") == key
                    and prev.intact_tree(site, f"data/{doc.id}")
                    and prev.intact(site, f"data/{doc.id}.zip")
                    else None,
                )
                for doc, meta, key in keyed
            ]
            (staging / "data").mkdir()
            found: dict[str, Digest] = {}
            # Unchanged budgets only link their package: quicker here than in a worker.
            quick = [j for j in jobs_list if j.reuse is not None]
            slow = [j for j in jobs_list if j.reuse is None]
            outcomes = [*(_prepare(j) for j in quick), *_map(_prepare, slow, jobs)]
            for job, (ok, value) in sorted(zip([*quick, *slow], outcomes, strict=True), key=lambda p: p[0].id):
                if ok:
                    assert isinstance(value, Digest)
                    found[job.id] = value
                else:
                    failed[job.id] = str(value)
            budgets = {i: d.budget for i, d in found.items()}
            _collect(docs, budgets, failed, result, log)
        keys = {doc.id: key for doc, _, key in keyed if doc.id in found}
        with stage("prepare"):
            digests = [found[b.id] for b in result.budgets]
            renderer = _renderer(content, staging, digests, log, search)
            plan = _keys(code, content, renderer, keys)
        with stage("render"):
            for d in digests:
                bid = d.budget.id
                state.budgets[bid] = {"key": keys[bid], "page": plan.pages[bid]}

            def reuse(bid: str) -> tuple | None:
                """The budget's pages linked from the last build, if they are still right."""
                page_key = state.budgets[bid]["page"]
                if prev.budgets.get(bid, {}).get("page") != page_key:
                    return None
                old = [site / lang / "budgets" / bid / "index.html" for lang in ("zh", "en")]
                record = cache.load(f"pages-{page_key}", tuple)
                if record is None or not all(prev.intact(site, str(p.relative_to(site))) for p in old):
                    return None
                for p in old:
                    _link(p, staging / p.relative_to(site))
                return record

            todo: list[tuple[str, str]] = []
            for d in digests:
                record = reuse(d.budget.id)
                if record is not None:
                    _merge_pages(renderer, record)
                else:
                    todo.append((d.budget.id, keys[d.budget.id]))
            _RENDERER = renderer
            for (bid, _key), record in zip(todo, _map(_render, todo, jobs), strict=True):
                cache.store(f"pages-{state.budgets[bid]['page']}", record)
                _merge_pages(renderer, record)
            renderer.tr.where = ""
        if search:
            # Budgets' search bundles are indexed from now on, beside what the build does next.
            search_index = SearchIndex(staging, site, shard_budgets(keys), state, prev, jobs)
            search_index.start()
        with stage("combine"):
            if digests:
                state.combined = plan.combined
                if (
                    prev.combined == state.combined
                    and prev.intact_tree(site, "data/all")
                    and prev.intact(site, "data/all.zip")
                ):
                    _link_tree(site / "data" / "all", staging / "data" / "all")
                    _link(site / "data" / "all.zip", staging / "data" / "all.zip")
                else:
                    write_combined(
                        staging / "data",
                        [d.budget for d in digests],
                        lambda i: cache.load(f"rows-{code}-{keys[i]}", dict),
                    )
                (staging / "data" / "compare.csv").write_bytes(compare_csv([d.comparison for d in digests]))
        with stage("shared pages"):
            renderer.copy_static()
            _copy_sources(renderer, digests, site, staging, prev, keys)
            state.shared = plan.shared  # made again only when one of what they read changed
            record = cache.load(f"shared-{state.shared}", tuple)
            old_files = [site / f for f in SHARED_FILES]
            if record is not None and prev.shared == state.shared and all(prev.intact(site, f) for f in SHARED_FILES):
                for p in old_files:
                    _link(p, staging / p.relative_to(site))
            else:
                record = _capture(renderer, renderer.render_shared)
                cache.store(f"shared-{state.shared}", record)
            _merge_pages(renderer, record)
            renderer.report()
        if search_index is not None:
            with stage("search"):
                search_index.add_shared(renderer.pages_written)
                state.bundles = search_index.finish(log)
                search_index = None
        with stage("swap"):
            old = site.with_name(f".{site.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            if site.exists():
                site.rename(old)
            staging.rename(site)
            shutil.rmtree(old, ignore_errors=True)
            state.search = search
            root = len(str(staging)) + 1
            known = {p[root:]: prev.files[p[root:]] for p in _LINKED if p[root:] in prev.files}
            state.save(state_path, site, known)
    except BaseException:
        if search_index is not None:
            search_index.abandon()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _CACHE, _RENDERER = None, None
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    stage.report()
    log(
        f"built {len(result.budgets)} budget(s) into {site}/"
        + (f"; {len(result.failures)} failed" if result.failures else "")
    )
    for f in result.failures:
        log(f"  failed: {f}")
    return result


def _renderer(content: Path, out: Path, digests: list[Digest], log: Log, search: bool):
    from ..site.render import SiteRenderer

    renderer = SiteRenderer(
        [d.budget for d in digests],
        content,
        out,
        log=log,
        search=search,
        findings={},
        staff={d.budget.id: d.staff for d in digests},
        comparisons=[d.comparison for d in digests],
    )
    renderer.prepare()
    shards = shard_budgets(d.budget.id for d in digests)
    renderer.search_shards = [f"{bundle_path(n)}/" for n in sorted(shards) if n != MAIN_BUNDLE]
    return renderer


@dataclass
class Keys:
    """The keys of what a build makes, from what it is made of."""

    context: str  # what every budget's pages share: code, translations, glossary, site address
    pages: dict[str, str]  # budget id → key of its pages
    shared: str  # the shared pages
    combined: str  # the `all` package


def _keys(code: str, content: Path, renderer, keys: dict[str, str]) -> Keys:
    context = _hash(code, renderer.context_key(), *_i18n_bytes(content))
    ids = [b.id for b in renderer.budgets]
    # The shared pages read every budget's digest, the pages of content/pages and the list of
    # search bundles.
    shared = _hash(
        context, *(f"{i}:{keys[i]}" for i in ids), *renderer.search_shards, *_folder_bytes(content / "pages")
    )
    combined = _hash(code, *(f"{i}:{keys[i]}" for i in ids))
    return Keys(context, {i: _hash(context, keys[i]) for i in ids}, shared, combined)


def _up_to_date(
    content: Path, site: Path, keyed: list, prev: State, cache: ExtractionCache, code: str, search: bool, log: Log
) -> tuple[list[Digest], object] | None:
    """When nothing the site is made from changed since the last build, and the site is as
    that build left it, file for file: the digests and a renderer holding the pages'
    translation coverage (the site itself needs nothing).  Else None."""
    keys = {doc.id: key for doc, _, key in keyed}
    if prev.search != search or set(prev.budgets) != set(keys):
        return None
    if any(prev.budgets[i].get("key") != k for i, k in keys.items()):
        return None
    digests = [cache.load(f"digest-{code}-{keys[doc.id]}", Digest) for doc, _, _ in keyed]
    if any(d is None for d in digests):
        return None
    renderer = _renderer(content, site, digests, log, search)
    k = _keys(code, content, renderer, keys)
    if any(prev.budgets[i].get("page") != k.pages[i] for i in keys) or prev.shared != k.shared:
        return None
    if digests and prev.combined != k.combined:
        return None
    if _files_of(site) != prev.files:
        return None
    for record_key in [*(f"pages-{k.pages[i]}" for i in sorted(keys)), f"shared-{k.shared}"]:
        record = cache.load(record_key, tuple)  # merged one at a time: memory stays small
        if record is None:
            return None
        _merge_pages(renderer, record)
    return digests, renderer


def _hash(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()


def _i18n_bytes(content: Path) -> list[bytes]:
    return _folder_bytes(content / "i18n")


def _folder_bytes(folder: Path) -> list[bytes]:
    if not folder.is_dir():
        return []
    return [p.name.encode() + p.read_bytes() for p in sorted(folder.glob("*")) if p.is_file()]


# The files SiteRenderer.render_shared writes.
SHARED_FILES = (
    *(f"{lang}/{page}/index.html" for lang in ("zh", "en") for page in ("glossary", "compare", "about", "search")),
    *("zh/index.html", "en/index.html", "index.html", "404.html", "sitemap.xml", "robots.txt", ".nojekyll"),
)


def _merge_pages(renderer, record: tuple) -> None:
    written, labels, sentences = record
    renderer.pages_written.extend(written)
    for mine, theirs in ((renderer.tr.labels_coverage, labels), (renderer.tr.sentences_coverage, sentences)):
        mine.found |= theirs.found
        mine.missing |= theirs.missing
        for text, places in theirs.where.items():
            mine.where.setdefault(text, set()).update(places)


def _copy_sources(
    renderer, digests: list[Digest], site: Path, staging: Path, prev: State, keys: dict[str, str]
) -> None:
    """Each source document into sources/<id>.<ext>, linked from the last build when unchanged."""
    for d in digests:
        b = d.budget
        src = renderer.source_document(b)
        if src is None:
            continue
        name = f"{b.id}{src.suffix.lower()}"
        old = site / "sources" / name
        if prev.budgets.get(b.id, {}).get("key") == keys[b.id] and prev.intact(site, f"sources/{name}"):
            _link(old, staging / "sources" / name)
        else:
            (staging / "sources").mkdir(exist_ok=True)
            shutil.copyfile(src, staging / "sources" / name)


# ---------------------------------------------------------------------------- stage 7: search

MAIN_BUNDLE = "pagefind"
SHARD_SIZE = 32  # budgets per search bundle, about: what one changed budget re-indexes


def bundle_path(name: str) -> str:
    """Where a search bundle goes in the site: the shared pages' (with Pagefind's scripts) in
    pagefind/, each shard of budgets' in pagefind-budgets/<shard>/."""
    return MAIN_BUNDLE if name == MAIN_BUNDLE else f"pagefind-budgets/{name}"


def shard_budgets(ids: Iterable[str]) -> dict[str, list[str]]:
    """Budgets → search bundles.  A budget's bundle depends only on its id and the number of
    bundles (a power of two), so adding a budget re-indexes one bundle, not all of them."""
    ids = sorted(ids)
    n = 1
    while n * SHARD_SIZE < len(ids) and n < 128:
        n *= 2
    shards: dict[str, list[str]] = {MAIN_BUNDLE: []}
    for i in ids:
        name = f"budgets-{zlib.crc32(i.encode()) % n:02d}-of-{n:02d}"
        shards.setdefault(name, []).append(i)
    return shards


class SearchIndex:
    """Pagefind over the written pages, in a thread that runs up to ``jobs`` Pagefind processes
    while the build goes on: each shard's budget pages into ``pagefind-budgets/<shard>/`` as
    soon as they are rendered (``start``), the shared pages into ``pagefind/`` once they are
    (``add_shared``).  A bundle whose pages did not change is linked from the last build.
    Pagefind reads copies of the pages without what it leaves out anyway (tables, charts):
    the same index, read in half the time."""

    def __init__(
        self, staging: Path, site: Path, shards: dict[str, list[str]], state: State, prev: State, jobs: int | None
    ):
        self.staging, self.site, self.shards = staging, site, shards
        self.state, self.prev, self.jobs = state, prev, jobs
        self.keys: dict[str, str] = {}
        self.todo: list[tuple[str, list[str]]] = []  # (bundle's folder, its pages)
        self.queue: queue.Queue[tuple[str, list[str]] | None] = queue.Queue()
        self.failures: list[str] = []
        self.scratch = Path(tempfile.mkdtemp(prefix=".search.", dir=staging.parent))
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _add(self, name: str, files: list[str]) -> None:
        # A page's key stands for its bytes: the key of everything it was made from.
        key = self.keys[name] = _hash(name, *(f"{f}:{_page_key(f, self.state)}" for f in files))
        out = bundle_path(name)
        if self.prev.bundles.get(name) == key and self.prev.intact_tree(self.site, out):
            _link_tree(self.site / out, self.staging / out)
        elif files:
            self.todo.append((out, files))
            self.queue.put((out, files))

    def start(self) -> None:
        """The budgets' bundles (their pages are written)."""
        for name, ids in sorted(self.shards.items()):
            if name != MAIN_BUNDLE:
                self._add(name, [f"{lang}/budgets/{i}/index.html" for i in ids for lang in ("zh", "en")])

    def add_shared(self, pages: list[str]) -> None:
        """The shared pages' bundle (they are written)."""
        shared = sorted(
            p
            for p in set(pages)
            if _budget_of(p) is None and p not in ("404.html", "index.html") and "/search/" not in p
        )
        self._add(MAIN_BUNDLE, shared)

    def _run(self) -> None:
        procs: list[tuple[str, subprocess.Popen[str]]] = []
        while True:
            item = self.queue.get()
            if item is None:
                break
            out, files = item
            while len(procs) >= _workers(self.jobs, 2):
                self.failures += _wait(procs.pop(0))
            pages = self.scratch / out
            for f in files:
                (pages / f).parent.mkdir(parents=True, exist_ok=True)
                (pages / f).write_text(_for_search((self.staging / f).read_text(encoding="utf-8")), encoding="utf-8")
            procs.append((out, _pagefind(pages, self.staging / out, files)))
        for p in procs:
            self.failures += _wait(p)

    def finish(self, log: Log) -> dict[str, str]:
        """Wait for every bundle; the key of each (none when a bundle failed)."""
        self.queue.put(None)
        self.thread.join()
        shutil.rmtree(self.scratch, ignore_errors=True)
        for out, _ in self.todo:
            _normalize_entry(self.staging / out / "pagefind-entry.json")
        for f in self.failures:
            log(f"warning: search index not built: {f}", file=sys.stderr)
        if self.failures:
            return {}
        n = len(self.keys)
        log(f"search index: {n} bundle(s), {len(self.todo)} indexed, {n - len(self.todo)} reused")
        return self.keys

    def abandon(self) -> None:
        self.queue.put(None)
        self.thread.join()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _budget_of(page: str) -> str | None:
    """The id of the budget whose page this is (``<lang>/budgets/<id>/index.html``), if any."""
    parts = page.split("/")
    return parts[2] if len(parts) == 4 and parts[1] == "budgets" else None


def _page_key(page: str, state: State) -> str:
    budget_id = _budget_of(page)
    return state.budgets[budget_id]["page"] if budget_id is not None else state.shared


def _normalize_entry(path: Path) -> None:
    """Pagefind lists a bundle's languages in no fixed order; sorted, equal input gives equal bytes."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_NOT_SEARCHED = re.compile("|".join(rf"<{tag}\b.*?</{tag}>" for tag in SEARCH_IGNORES), re.S)


def _for_search(html: str) -> str:
    return _NOT_SEARCHED.sub("", html)


def _pagefind(pages: Path, out: Path, files: list[str]) -> subprocess.Popen[str]:
    """Pagefind over ``files`` (paths from the site root) in ``pages``, the bundle into ``out``."""
    glob = "{" + ",".join(files) + "}" if len(files) > 1 else files[0]
    cmd = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(out), "--glob", glob]
    cmd += ["--silent", *(arg for sel in SEARCH_IGNORES for arg in ("--exclude-selectors", sel))]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait(item: tuple[str, subprocess.Popen[str]]) -> list[str]:
    out, proc = item
    try:
        stdout, stderr = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        return [f"{out}: timed out"]
    return [f"{out}: {(stderr or stdout).strip()}"] if proc.returncode != 0 else []
