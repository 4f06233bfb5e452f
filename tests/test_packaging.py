"""What the wheel ships: every subpackage of generator/, and the templates as package data."""

from __future__ import annotations

import tomllib
from pathlib import Path

from generator.site.writer import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_subpackage_is_shipped() -> None:
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "generator").rglob("__init__.py")}
    assert found <= set(CONFIG["packages"]), found - set(CONFIG["packages"])


def test_the_templates_ship_inside_the_package() -> None:
    assert CONFIG["package-dir"]["generator.templates"] == "templates"
    assert {"generator.templates", "generator.templates.static"} <= set(CONFIG["packages"])
    static = {p.name for p in (ROOT / "templates" / "static").iterdir()}
    assert static and CONFIG["package-data"]["generator.templates.static"] == ["*"]
    shipped = {p.name for p in (ROOT / "templates").iterdir() if p.is_file()}
    assert all(any(Path(name).match(g) for g in CONFIG["package-data"]["generator.templates"]) for name in shipped)


def test_a_source_checkout_reads_the_top_level_templates() -> None:
    assert TEMPLATES == ROOT / "templates"
