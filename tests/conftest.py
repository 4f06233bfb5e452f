"""Shared fixtures: the whole site built once per test session from content/, and the pages of
hand-made budgets made by the functions the build calls."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build.extract import digest_of
from generator.build.pages import prepare, staff_findings
from generator.checks import run_checks
from generator.model import Budget
from generator.site.pages import budget_pages, shared_pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/ as `make site` builds it, in a temporary folder."""
    from generator.build import build

    site = tmp_path_factory.mktemp("built") / "site"
    lines: list[str] = []
    result = build(ROOT / "content", site, log=lambda *a, **k: lines.append(" ".join(map(str, a))))
    assert result.ok, result.failures
    assert (site / "pagefind" / "pagefind-ui.js").exists(), "\n".join(lines)
    return site


def pages_of(budgets: list[Budget], content: Path = ROOT / "content") -> dict[str, str]:
    """Every page of a site of ``budgets`` (hand-made models), by path, as the build makes them
    (the same context, the same page functions; no files of the packages, so no downloads)."""
    findings = {b.id: run_checks(b) for b in budgets}
    digests = [digest_of(b, findings[b.id]) for b in sorted(budgets, key=lambda b: b.id)]
    ctx = prepare(content, digests)
    out = {}
    for b in budgets:
        out.update({ref.path: html for ref, html in budget_pages(ctx, b, findings[b.id], {}, None).pages})
    rendered = shared_pages(ctx, [d.budget for d in digests], [d.comparison for d in digests], staff_findings(digests))
    out.update({ref.path: html for ref, html in rendered.pages})
    return out
