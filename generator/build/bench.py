"""``make bench``: how the build scales, measured on synthetic corpora.

For each size N a corpus of N budgets is made from the budgets in ``content/`` (new ids
and departments, every amount multiplied by a whole number; see ``synth.py``) under
``.cache/bench/`` — never committed — and three builds are timed, each in a fresh process:

- full: an empty extraction cache and no previous site;
- unchanged: the same corpus again (cache and previous site in place);
- one changed: one budget's amounts changed, then built again.

Reported: seconds, budgets per second and peak memory (the largest resident set of the
build's processes).  ``--pdf`` adds the PDF route's pages per second, measured on PDFs
rendered from the same budgets when the PDF fixture generator is available.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..model import Budget
from ..site import urls
from .extract import load_budgets
from .synth import budget_text, variant

# Runs a command and prints the build's report lines (stages, memory, size), then the peak
# resident set (KiB) of it and its descendants.
_PEAK = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)\n"
    "sys.stderr.write(r.stderr[-2000:] if r.returncode else '')\n"
    "print(*(l for l in r.stdout.splitlines() if l.startswith(('stages:', 'peak memory', 'site:'))), sep='\\n')\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(r.returncode)\n"
)
_WORKER_PEAK = re.compile(r"peak memory: .* (\d+) MiB in the largest worker|peak memory of the Dask workers: (\d+) MiB")
_STAGE = re.compile(r"(?:^stages: |, )([a-z ]+?) (\d+\.\d) s \(cpu (\d+\.\d) s")


@dataclass
class Run:
    name: str
    seconds: float
    peak_mib: float
    budgets: int
    stages: dict[str, float] = field(default_factory=dict)  # stage → wall seconds (the build's own log)
    worker_mib: float = 0.0  # the largest worker's peak resident set
    site_mb: float = 0.0

    def per_budget(self) -> str:
        """Each stage's wall time per budget of the corpus (ms)."""
        return ", ".join(f"{k} {1000 * v / self.budgets:.1f}" for k, v in self.stages.items() if v >= 0.05)

    @property
    def per_second(self) -> float:
        return self.budgets / self.seconds if self.seconds else 0.0


def seed_budgets(content: Path) -> list[Budget]:
    """The budgets of ``content``, read as the build reads them (documents that fail are left out)."""
    return load_budgets(content, log=lambda *a, **k: None).budgets


def make_corpus(content: Path, seeds: list[Budget], n: int, out: Path, *, bump: int = 0) -> None:
    """``n`` synthetic budgets in ``out`` (a content/ folder), deterministic in ``n``; budget 0
    gets its amounts multiplied by ``bump`` more (to make 'one budget changed')."""
    if out.exists():
        shutil.rmtree(out)
    year_dir = out / "budgets" / "2024"
    year_dir.mkdir(parents=True)
    for sub in ("i18n", "pages"):
        if (content / sub).is_dir():
            shutil.copytree(content / sub, out / sub)
    for i in range(n):
        write_synthetic(seeds, i, year_dir, bump=bump if i == 0 else 0)


def synthetic_budget(seeds: list[Budget], i: int, *, bump: int = 0) -> Budget:
    """Budget ``i`` of a synthetic corpus: seed ``i`` mod the seeds' number with a new id,
    department and English name, every amount multiplied by 2–8 (``bump`` more)."""
    seed = seeds[i % len(seeds)]
    slug = f"bench-{i:05d}"
    district = seed.meta.district if seed.meta.district and seed.meta.district != "市本级" else ""
    department = f"深圳市{district}基准测试第{i:05d}号中心"
    budget = variant(seed, slug=slug, department=department, factor=2 + i % 7 + bump)
    department_en = f"Benchmark Center No. {i} ({seed.meta.district_en or 'Shenzhen'})"
    budget.meta = dataclasses.replace(budget.meta, department_en=department_en)
    return budget


def write_synthetic(seeds: list[Budget], i: int, year_dir: Path, *, bump: int = 0) -> None:
    budget = synthetic_budget(seeds, i, bump=bump)
    slug = budget.meta.slug
    (year_dir / f"{slug}.txt").write_text(budget_text(budget), encoding="utf-8")
    meta = {
        "department": budget.meta.department,
        "department_en": budget.meta.department_en,
        "parent_department": budget.meta.parent_department,
        "parent_department_en": budget.meta.parent_department_en,
        "district": budget.meta.district,
        "district_en": budget.meta.district_en,
        "year": budget.meta.year,
        "source_note": budget.meta.source_note,
    }
    (year_dir / f"{slug}.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")


def timed_build(
    name: str, corpus: Path, site: Path, cache: Path, n: int, jobs: int | None, executor: str = "pool"
) -> Run:
    cmd = [sys.executable, "-c", _PEAK, sys.executable, "-m", "generator", "build", "--executor", executor]
    cmd += ["--content", str(corpus), "--site", str(site), "--cache", str(cache)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"build of {corpus} failed:\n{proc.stderr}")
    lines = proc.stdout.strip().splitlines()
    run = Run(name, seconds, int(lines[-1]) / 1024, n)
    for line in lines[:-1]:
        if line.startswith("stages:"):
            run.stages = {m[1]: float(m[2]) for m in _STAGE.finditer(line)}
        elif m := _WORKER_PEAK.match(line):  # the pool's (its children), or the Dask workers'
            run.worker_mib = max(run.worker_mib, float(m[1] or m[2]))
        elif m := re.match(r"site: (\d+\.\d) MB", line):
            run.site_mb = float(m[1])
    return run


def bench(
    content: Path, sizes: list[int], work: Path, jobs: int | None = None, log=print, executor: str = "pool"
) -> dict[int, list[Run]]:
    seeds = seed_budgets(content)
    results: dict[int, list[Run]] = {}
    for n in sizes:
        base = work / str(n)
        corpus, site, cache = base / "content", base / "site", base / "cache"
        for p in (site, cache):
            shutil.rmtree(p, ignore_errors=True)
        make_corpus(content, seeds, n, corpus)
        timed = functools.partial(timed_build, corpus=corpus, site=site, cache=cache, n=n, jobs=jobs, executor=executor)
        runs = [timed("full build"), timed("rebuild, nothing changed")]
        write_synthetic(seeds, 0, corpus / "budgets" / "2024", bump=1)
        runs.append(timed("rebuild, one budget changed"))
        results[n] = runs
        for r in runs:
            log(
                f"N={n:>5} {executor:<4} {r.name:<28} {r.seconds:8.2f} s  {r.per_second:8.1f} budgets/s  "
                f"peak {r.peak_mib:5.0f} MiB (worker {r.worker_mib:.0f})  site {r.site_mb:.0f} MB"
            )
            log(f"        ms per budget: {r.per_budget()}")
        page = site / urls.budget_page("2024-bench-00000", "en").path
        if page.exists():
            log(f"N={n:>5}  budget page: {_gzip_weight(site, page) / 1024:.1f} KiB gzipped with its CSS and scripts")
    return results


def _gzip_weight(site: Path, page: Path) -> int:
    """Bytes a browser downloads for ``page`` (gzip), with the CSS and scripts it loads."""
    import gzip
    import re

    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8")))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        asset = (page.parent / ref).resolve()
        if asset.is_file() and site.resolve() in asset.parents:
            total += len(gzip.compress(asset.read_bytes()))
    return total


def to_json(results: dict[int, list[Run]]) -> str:
    return json.dumps(
        {
            str(n): [
                {
                    "run": r.name,
                    "seconds": round(r.seconds, 2),
                    "budgets_per_second": round(r.per_second, 1),
                    "peak_mib": round(r.peak_mib),
                    "worker_peak_mib": round(r.worker_mib),
                    "site_mb": r.site_mb,
                    "stages_seconds": r.stages,
                }
                for r in runs
            ]
            for n, runs in results.items()
        },
        indent=2,
        ensure_ascii=False,
    )
