"""``build``: every document in content/ → site/ (packages, and the pages when the renderer is present).

Stages: discover → extract (per document; a failure is reported and skipped) → package →
render → swap.  The site is built in a fresh folder beside ``site/`` and swapped in whole,
so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .cache import ExtractionCache, cache_key
from .compare import compare_all, compare_csv
from .documents import Document, discover, metadata_for
from .extract import read_budget
from .model import Budget, BudgetError, Metadata
from .package import combined_files, package_files, write_files, zip_bytes


@dataclass
class BuildResult:
    budgets: list[Budget] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def _read(job: tuple[Path, Metadata]) -> tuple[bool, Budget | str]:
    """One document in a worker process: the budget, or the error's message."""
    path, meta = job
    try:
        return True, read_budget(path, meta)
    except BudgetError as e:
        return False, str(e)


def load_budgets(
    content: Path, log=print, *, cache: ExtractionCache | None = None, jobs: int | None = None
) -> BuildResult:
    """Read every document in ``content``: from the cache where the document, its metadata
    and the extractor are unchanged, the rest in parallel over ``jobs`` processes (default:
    the machine's cores).  Results and messages come in the order of the documents' ids."""
    cache = cache or ExtractionCache(None)
    result = BuildResult()
    found: dict[str, Budget] = {}
    failed: dict[str, str] = {}
    todo: list[tuple[Document, Metadata, str]] = []
    docs = discover(content)
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
        key = cache_key(data, doc.path.suffix, meta)
        hit = cache.get(key)
        if hit is not None:
            found[doc.id] = hit
        else:
            todo.append((doc, meta, key))
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    jobs_list = [(doc.path, meta) for doc, meta, _ in todo]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            outcomes = list(pool.map(_read, jobs_list, chunksize=max(1, len(todo) // (workers * 4))))
    else:
        outcomes = [_read(job) for job in jobs_list]
    for (doc, _, key), (ok, value) in zip(todo, outcomes, strict=True):
        if ok:
            assert isinstance(value, Budget)
            found[doc.id] = value
            cache.put(key, value)
        else:
            failed[doc.id] = str(value)
    for doc in docs:
        if doc.id in failed:
            result.failures.append(failed[doc.id])
            log(f"error: {failed[doc.id]}", file=sys.stderr)
        elif doc.id in found:
            budget = found[doc.id]
            for w in budget.warnings:
                log(f"warning: {doc.path}: {w}", file=sys.stderr)
            result.budgets.append(budget)
    return result


def write_data(budgets: list[Budget], data_dir: Path) -> None:
    for budget in budgets:
        files = package_files(budget)
        write_files(files, data_dir / budget.id)
        (data_dir / f"{budget.id}.zip").write_bytes(zip_bytes(files, budget.id))
    if budgets:
        combined = combined_files(budgets)
        write_files(combined, data_dir / "all")
        (data_dir / "all.zip").write_bytes(zip_bytes(combined, "all"))
        # What the compare page shows, as one table.
        (data_dir / "compare.csv").write_bytes(compare_csv(compare_all(budgets)))


def build(
    content: Path, site: Path, log=print, *, cache: ExtractionCache | None = None, jobs: int | None = None
) -> BuildResult:
    content, site = Path(content), Path(site)
    result = load_budgets(content, log=log, cache=cache, jobs=jobs)
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}.staging.", dir=site.parent))
    try:
        write_data(result.budgets, staging / "data")
        try:
            from .render import render_site
        except ImportError:
            render_site = None
        if render_site is not None:
            render_site(result.budgets, content, staging, log=log)
        old = site.with_name(f".{site.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if site.exists():
            site.rename(old)
        staging.rename(site)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log(
        f"built {len(result.budgets)} budget(s) into {site}/"
        + (f"; {len(result.failures)} failed" if result.failures else "")
    )
    for f in result.failures:
        log(f"  failed: {f}")
    return result
