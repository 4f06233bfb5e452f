"""A small mutation check: plant known bugs one at a time in a copy of the repository, run the
tests that should catch each, and report which were caught.

    python tools/mutate.py            # every mutant (`make mutants`)
    python tools/mutate.py jsonld     # those whose name contains "jsonld"

The first seven are the bugs issue 13 planted, which the suite of the time missed; the others
are of the same kind: a derived file, a page, a reading of the text, an incremental build
quietly wrong.  A mutant is caught when its tests fail.  The working tree is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    old: str  # must occur exactly once in the file
    new: str
    tests: tuple[str, ...]  # the tests that should catch it


GOLDEN = ("tests/test_golden_site.py",)
MUTANTS = (
    Mutant(
        "compare.csv basic and project swapped",
        "generator/site/compare.py",
        "                r.basic,\n                r.project,\n",
        "                r.project,\n                r.basic,\n",
        GOLDEN,
    ),
    Mutant(
        "compare.csv without its byte-order mark",
        "generator/site/compare.py",
        'return buf.getvalue().encode("utf-8-sig")',
        'return buf.getvalue().encode("utf-8")',
        GOLDEN,
    ),
    Mutant(
        "the all package's unit set to 元",
        "generator/package/descriptor.py",
        '        "x-unit": UNIT,\n        "x-currency": CURRENCY,\n        "licenses": [LICENSE],\n        "x-generator"',
        '        "x-unit": "元",\n        "x-currency": CURRENCY,\n        "licenses": [LICENSE],\n        "x-generator"',
        GOLDEN,
    ),
    Mutant(
        "the glossary page's definitions rendered with |safe",
        "templates/glossary.html",
        "{{ e.definition_zh }}{% else %}",
        "{{ e.definition_zh|safe }}{% else %}",
        GOLDEN,
    ),
    Mutant(
        "JSON-LD not escaped",
        "generator/site/views/budget.py",
        'return Markup(text.replace("<", "\\\\u003c").replace(">", "\\\\u003e").replace("&", "\\\\u0026"))',
        "return Markup(text)",
        GOLDEN,
    ),
    Mutant(
        "sitemap hreflang pointing at the page itself",
        "generator/site/writer.py",
        "alt = urls.absolute(site_url, ref.in_lang(lang).path)",
        "alt = urls.absolute(site_url, ref.path)",
        GOLDEN,
    ),
    Mutant(
        "the summary tables' depth off by one",
        "generator/site/views/tables.py",
        "    return (len(code) + 1) // 2 - 1",
        "    return (len(code) + 1) // 2",
        GOLDEN,
    ),
    Mutant(
        "the page's change from last year read from the income",
        "generator/site/views/budget.py",
        'st.total_change(b, "expenditure")',
        'st.total_change(b, "income")',
        ("tests/test_budget_page.py",),
    ),
    Mutant(
        "a change stated against 上年 (no year) not read",
        "generator/checks/statements.py",
        r'r"较\s*(?:上年|(\d{4})\s*年)',
        r'r"较\s*(?:(\d{4})\s*年)',
        ("tests/test_budget_page.py", *GOLDEN),
    ),
    Mutant(
        "tables not read left out of the descriptor",
        "generator/package/descriptor.py",
        "    if budget.failures:\n        descriptor",
        "    if False:\n        descriptor",
        ("tests/test_budget_page.py",),
    ),
    Mutant(
        "a table not read left out of its page",
        "generator/site/views/budget.py",
        "        return unreadable_view(s, failed[resource])",
        "        return None",
        ("tests/test_budget_page.py",),
    ),
    Mutant(
        "a glossary tooltip's definition not escaped",
        "generator/site/linking.py",
        'f"{escape(term.definition, quote=False)}</span></span>"',
        'f"{term.definition}</span></span>"',
        ("tests/test_render.py", *GOLDEN),
    ),
    Mutant(
        "all.zip's rows without their budget's id",
        "generator/package/combined.py",
        "writer.writerows([budget_id, *row] for row in reader)",
        "writer.writerows(row for row in reader)",
        GOLDEN,
    ),
    Mutant(
        "a budget's pages reused though what they show changed",
        "generator/build/pipeline.py",
        '    if b.prev.budgets.get(budget_id, {}).get("page") != page_key:\n        return None\n',
        "",
        ("tests/test_incremental.py",),
    ),
)


def copy_repository(dest: Path) -> None:
    """The files git knows of, as they are in the working tree."""
    names = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, names.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    if (ROOT / "node_modules").is_dir():
        (dest / "node_modules").symlink_to(ROOT / "node_modules")


def run_tests(repo: Path, tests: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    python = ROOT / ".venv" / "bin" / "python"
    env = {**os.environ, "PYTHONPATH": str(repo), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SITE_URL", None)
    cmd = [str(python if python.exists() else sys.executable), "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider"]
    return subprocess.run([*cmd, *tests], cwd=repo, env=env, capture_output=True, text=True)


def check(mutant: Mutant | None, tests: tuple[str, ...]) -> tuple[bool, str]:
    """(whether the tests failed, their last line), in a fresh copy with ``mutant`` planted."""
    with tempfile.TemporaryDirectory(prefix="mutant-") as tmp:
        repo = Path(tmp)
        copy_repository(repo)
        if mutant is not None:
            path = repo / mutant.file
            text = path.read_text(encoding="utf-8")
            assert text.count(mutant.old) == 1, f"{mutant.name}: the code to change is not found once in {mutant.file}"
            path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
        proc = run_tests(repo, tests)
        lines = (proc.stdout.strip() or proc.stderr.strip()).splitlines()
        return proc.returncode != 0, lines[-1] if lines else ""


def main(argv: list[str]) -> int:
    chosen = [m for m in MUTANTS if not argv or any(a in m.name for a in argv)]
    tests = tuple(sorted({t for m in chosen for t in m.tests}))
    failed, last = check(None, tests)
    if failed:
        print(f"the tests fail without any mutant: {last}")
        return 2
    caught = 0
    for m in chosen:
        t0 = time.perf_counter()
        hit, last = check(m, m.tests)
        caught += hit
        verdict = "caught" if hit else "MISSED"
        print(f"{verdict:6}  {m.name}  [{', '.join(m.tests)}: {last}] ({time.perf_counter() - t0:.0f} s)")
    print(f"score: {caught}/{len(chosen)} mutants caught")
    return 0 if caught == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
