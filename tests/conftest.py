"""Shared fixtures: the whole site built once per test session from content/."""

from __future__ import annotations

from pathlib import Path

import pytest

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
