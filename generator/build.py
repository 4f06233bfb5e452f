"""``build``: every document in content/ → site/ (packages, and the pages when the renderer is present).

Stages: discover → extract (per document; a failure is reported and skipped) → package →
render → swap.  The site is built in a fresh folder beside ``site/`` and swapped in whole,
so a failed build never leaves a half-written site.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .compare import compare_all, compare_csv
from .documents import discover, metadata_for
from .extract import read_budget
from .model import Budget, BudgetError
from .package import combined_files, package_files, write_files, zip_bytes


@dataclass
class BuildResult:
    budgets: list[Budget] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def load_budgets(content: Path, log=print) -> BuildResult:
    result = BuildResult()
    for doc in discover(content):
        try:
            meta = metadata_for(doc.path, year=doc.year)
            budget = read_budget(doc.path, meta)
        except BudgetError as e:
            result.failures.append(str(e))
            log(f"error: {e}", file=sys.stderr)
            continue
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


def build(content: Path, site: Path, log=print) -> BuildResult:
    content, site = Path(content), Path(site)
    result = load_budgets(content, log=log)
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
