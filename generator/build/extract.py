"""Stages 1 and 2: discover the documents, read each (from the cache when its key is known),
check it and write its data package; what the shared pages need of a budget is kept as its
*digest*."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import Finding, run_checks
from ..model import Budget, BudgetError, Metadata, Table
from ..package import combined_rows, write_budget
from ..package.publication import Publication
from ..read.documents import DOCUMENT_LIMIT, Document, discover, metadata_for, read_content
from ..read.extract import read_budget
from ..site.compare import Comparison, compare
from .cache import ExtractionCache, cache_key, code_version, extractor_version
from .result import BuildResult
from .state import digest
from .workers import parallel_map

Log = Callable[..., None]


@dataclass
class Found:
    """What a build found in content/: the documents, each readable one with its metadata and
    key, the errors of the others (by id), and the files that cannot be a budget at all (a name
    that cannot be an id, a link out of content/, a FIFO), each with its error."""

    docs: list[Document]
    keyed: list[tuple[Document, Metadata, str]]
    failed: dict[str, str] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)

    @property
    def keys(self) -> dict[str, str]:
        return {doc.id: key for doc, _, key in self.keyed}


@dataclass
class Digest:
    """What the shared pages need of a budget; small enough to keep for every budget."""

    budget: Budget  # metadata, source, warnings, failures and the tables the shared pages read
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


# What the last build knew of each document, by its path: the signature of its file and its
# metadata's (``signature``), and the metadata and key they gave.
Known = dict[str, tuple[tuple[object, ...], Metadata, str]]


def signature(*paths: Path) -> tuple[object, ...]:
    """What changes whenever a file's bytes do: its device, inode, size, modification and change
    times (the change time cannot be set back by hand); None for a file that is not there."""
    out: list[object] = []
    for path in paths:
        try:
            st = os.stat(path)
            out.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def find_documents(content: Path, known: Known | None = None) -> Found:
    """Every document in ``content``, keyed by the hash of its bytes, its metadata and the
    extractor; a document whose metadata or bytes cannot be read is an error.  A document whose
    file and metadata have the signature ``known`` has for them is not read again (its key and
    metadata are ``known``'s); ``known`` is brought up to date."""
    errors: list[BudgetError] = []
    found = Found(discover(content, errors), [], rejected=[str(e) for e in errors])
    seen: Known = {}
    for doc in found.docs:
        sig = signature(doc.path, doc.meta_path)
        hit = known.get(str(doc.path)) if known is not None else None
        if hit is not None and hit[0] == sig and hit[1].year == doc.year:
            seen[str(doc.path)] = hit
            found.keyed.append((doc, hit[1], hit[2]))
            continue
        try:
            meta = metadata_for(doc.path, year=doc.year, content=content)
            data = read_content(doc.path, content, DOCUMENT_LIMIT)
        except BudgetError as e:
            found.failed[doc.id] = str(e)
            continue
        key = cache_key(data, doc.path.suffix, meta)
        seen[str(doc.path)] = (sig, meta, key)
        found.keyed.append((doc, meta, key))
    if known is not None:
        known.clear()
        known.update(seen)
    return found


def discovered(cache: ExtractionCache, content: Path) -> Found:
    """``find_documents`` with what the last build of this cache knew of the documents (kept in
    the cache, by the extractor's version), so that unchanged documents are not read to be hashed."""
    where = f"discovered-{extractor_version()}-{hashlib.sha256(str(content.resolve()).encode()).hexdigest()[:16]}"
    known = cache.load(where, dict)
    before = dict(known) if known is not None else None
    known = known if known is not None else {}
    found = find_documents(content, known)
    if known != before:
        cache.store(where, known)
    return found


def read_cached(cache: ExtractionCache, path: Path, meta: Metadata, key: str) -> Budget:
    """The budget a document reads as: from the cache, else read (and kept there)."""
    budget = cache.get(key)
    if budget is None:
        budget = read_budget(path, meta)
        cache.put(key, budget)
    return budget


@dataclass
class PackageJob:
    id: str
    path: Path
    meta: Metadata
    key: str


@dataclass
class PackageTask:
    """What every package job shares (handed to each worker once)."""

    cache: ExtractionCache
    data_dir: Path  # staging/data
    pub: Publication = field(default_factory=Publication)  # the site's address, the date, the dictionary


def package_key(key: str, pub: Publication) -> str:
    """The key of a budget's package: its document's ``key`` and what the build publishes it
    with (the site's address, the date, the English columns' dictionary and catalog)."""
    return digest(key, pub.key)


def package_budget(task: PackageTask, job: PackageJob) -> tuple[bool, Digest | str]:
    """One document: read (or from the cache), checked, its package written; its digest, or the
    error's message.  Its findings and its rows of ``all`` are kept for the later stages."""
    cache, code = task.cache, code_version()
    try:
        budget = read_cached(cache, job.path, job.meta, job.key)
    except BudgetError as e:
        return False, str(e)
    try:
        findings = run_checks(budget)
        files = write_budget(budget, findings, task.data_dir, task.pub)
    except OSError:
        raise  # the site cannot be written (a full disk): the build fails, not this budget
    except Exception as e:  # a fault of the checks or the package for this document: it alone fails
        shutil.rmtree(task.data_dir / job.id, ignore_errors=True)
        (task.data_dir / f"{job.id}.zip").unlink(missing_ok=True)
        what = f"{type(e).__name__}: {str(e)[:200]}"
        return False, f"{job.path}: cannot be checked or packaged ({what}): a fault of the generator; please report it"
    cache.store(f"rows-{code}-{package_key(job.key, task.pub)}", combined_rows(job.id, files))
    cache.store(f"findings-{code}-{job.key}", findings)
    digest_key = f"digest-{code}-{job.key}"
    digest = cache.load(digest_key, Digest)
    if digest is None:
        digest = digest_of(budget, findings)
        cache.store(digest_key, digest)
    return True, digest


def report(found: Found, budgets: dict[str, Budget], log: Log) -> tuple[list[Budget], list[str], list[str]]:
    """The budgets built (in the order of their ids), the documents that failed and the tables
    that could not be read; each error and warning logged with its file."""
    built, failures, unreadable = [], [], []
    for error in found.rejected:
        failures.append(error)
        log(f"error: {error}", file=sys.stderr)
    for doc in found.docs:
        if doc.id in found.failed:
            failures.append(found.failed[doc.id])
            log(f"error: {found.failed[doc.id]}", file=sys.stderr)
        elif doc.id in budgets:
            budget = budgets[doc.id]
            for w in budget.warnings:
                log(f"warning: {doc.path}: {w}", file=sys.stderr)
            for f in budget.failures:
                unreadable.append(f"{doc.path}: {f}")
                log(f"error: {doc.path}: {f}", file=sys.stderr)
            built.append(budget)
    return built, failures, unreadable


def _read_one(_: None, job: tuple[Path, Metadata]) -> Budget | str:
    """One document in a worker process: the budget, or the error's message."""
    path, meta = job
    try:
        return read_budget(path, meta)
    except BudgetError as e:
        return str(e)


def load_budgets(
    content: Path, log: Log = print, *, cache: ExtractionCache | None = None, jobs: int | None = None
) -> BuildResult:
    """Every document in ``content`` read into its full model: from the cache where the
    document, its metadata and the extractor are unchanged, the rest in parallel over ``jobs``
    processes; in the order of their ids, with the errors (no site is built)."""
    cache = cache or ExtractionCache(None)
    found = find_documents(content)
    budgets: dict[str, Budget] = {}
    todo = []
    for doc, meta, key in found.keyed:
        hit = cache.get(key)
        if hit is not None:
            budgets[doc.id] = hit
        else:
            todo.append((doc, meta, key))
    jobs_list = [(doc.path, meta) for doc, meta, _ in todo]
    for (doc, _, key), value in zip(todo, parallel_map(_read_one, None, jobs_list, jobs), strict=True):
        if isinstance(value, Budget):
            budgets[doc.id] = value
            cache.put(key, value)
        else:
            found.failed[doc.id] = str(value)
    built, failures, unreadable = report(found, budgets, log)
    return BuildResult(built, failures, unreadable)
