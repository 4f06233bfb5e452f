"""Shared fixtures: the whole site built once per test session from content/, and the pages of
hand-made budgets made by the functions the build calls."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from site_server import REPO, serve, track

from generator.build.extract import digest_of
from generator.build.pages import prepare, staff_findings
from generator.checks import run_checks
from generator.model import Budget
from generator.site.pages import budget_pages, shared_pages
from generator.site.parts import Paging

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


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


# Parts small enough that the five budgets of content/ fill several of each paged page (the
# list, the compare page, the glossary), with terms that name only some of their budgets.
SMALL_PARTS = Paging(budgets=2, terms=4, named=2, wordings=1)


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/ built from content/ with SMALL_PARTS: every paged page in several parts."""
    from generator.build import build

    site = tmp_path_factory.mktemp("paged") / "site"
    result = build(ROOT / "content", site, log=lambda *a, **k: None, paging=SMALL_PARTS)
    assert result.ok, result.failures
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


# ---------------------------------------------------------------------------- the browser tests
# One Chromium and one built site per session, served as GitHub Pages serves a project site
# (under /<repo>/, 404.html for missing paths: ``server``) and a user site (at the root:
# ``root_server``).


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """The built site under /<repo>/, as a GitHub Pages project site."""
    with serve(built_site, f"/{REPO}/") as url:
        yield url


@pytest.fixture(scope="session")
def root_server(built_site: Path) -> Iterator[str]:
    """The built site at the root, as a GitHub Pages user site."""
    with serve(built_site, "/") as url:
        yield url


@pytest.fixture(scope="session")
def paged_server(paged_site: Path) -> Iterator[str]:
    """The site in small parts under /<repo>/."""
    with serve(paged_site, f"/{REPO}/") as url:
        yield url


@pytest.fixture(scope="session")
def paged_root_server(paged_site: Path) -> Iterator[str]:
    """The site in small parts at the root."""
    with serve(paged_site, "/") as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} not found: apt-get install chromium (see .ci/run)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records console errors, uncaught exceptions, failed requests and
    responses of 400 or more; the test fails on any (a test that expects one empties
    ``page.errors``)."""
    context = browser.new_context(accept_downloads=True)
    pg = track(context.new_page())
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    # A request the page's own navigation cancels (net::ERR_ABORTED: a favicon still loading when
    # a test clicks on) is not the site failing.
    pg.on(
        "requestfailed",
        lambda r: (
            errors.append(f"request failed: {r.method} {r.url} {r.failure}") if "ABORTED" not in r.failure else None
        ),
    )
    pg.on("response", lambda r: errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    pg.errors = errors
    yield pg
    context.close()
    assert not errors, errors
