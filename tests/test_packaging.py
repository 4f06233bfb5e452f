"""What the wheel ships (every subpackage of generator/, the templates as package data), and that
the wheel, installed, builds a site."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

from generator.site.writer import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
CONFIG = PYPROJECT["tool"]["setuptools"]


def test_the_metadata_says_license_and_readme() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]  # an SPDX expression
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert project["readme"] == "README.md" and project["classifiers"]


def test_the_build_depends_on_what_it_imports_and_no_more() -> None:
    """`make site` installs the dependencies, `make test` the test extras too: a library only the
    tests import (frictionless) is a test extra."""
    runtime = {d.split("[")[0].split(">")[0].split("<")[0].strip() for d in PYPROJECT["project"]["dependencies"]}
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "generator").rglob("*.py"))
    imported = set(re.findall(r"^\s*(?:import|from) (\w+)", source, re.M))
    assert {"click", "jinja2", "markdown_it", "pdfplumber", "yaml", "babel"} <= imported
    assert "frictionless" not in runtime and "frictionless" not in imported
    assert any(d.startswith("frictionless") for d in PYPROJECT["project"]["optional-dependencies"]["test"])


def test_dask_and_boto3_are_optional_extras_imported_only_where_used() -> None:
    """`build --executor dask` and `deploy s3` need them; `make site` installs neither, the tests
    install dask.distributed (tests/test_dask.py builds on a LocalCluster)."""
    runtime = {d.split("[")[0].split(">")[0].split("<")[0].strip() for d in PYPROJECT["project"]["dependencies"]}
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not {"distributed", "dask", "boto3"} & runtime
    assert any(d.startswith("distributed") for d in extras["dask"]) and any(d.startswith("boto3") for d in extras["s3"])
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "$(PY) -m pip install --quiet -e .\n" in make and "-e '.[test,dask]'" in make
    for path in (ROOT / "generator").rglob("*.py"):
        top = re.findall(r"^(?:import|from) (distributed|dask|boto3)\b", path.read_text(encoding="utf-8"), re.M)
        assert not top, f"{path}: imports {top} at its top"


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


def test_the_built_wheel_builds_a_site_from_another_folder(tmp_path: Path) -> None:
    """`pip install` of the wheel (its dependencies from the index, into a fresh venv without the
    test extras) gives a `budget-site` that builds the golden corpus, run from a folder that is
    not the repository: the templates, static files and every module come from the wheel."""
    wheels, venv, elsewhere, source = (tmp_path / n for n in ("wheels", "venv", "elsewhere", "source"))
    # The wheel is built from what the repository holds (setuptools' build/ folder of an earlier
    # build in the checkout could hold modules since removed).
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("generator", "templates"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", str(source), "--no-deps", "-w", str(wheels)], check=True, capture_output=True)
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {
        "generator/templates/budget.html",
        "generator/templates/i18n/en.po",
        "generator/templates/i18n/site.pot",
        "generator/templates/static/site.css",
    } <= names
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([*pip, "--python", str(python), "install", str(wheel)], check=True, capture_output=True)
    installed = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True)
    assert installed.returncode != 0  # no pip, no test extras: only what the wheel depends on
    shutil.copytree(ROOT / "tests" / "golden-site" / "content", elsewhere / "content")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SITE_URL")}
    run = subprocess.run(
        [str(venv / "bin" / "budget-site"), "build", "-q"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert (run.returncode, run.stderr) == (0, ""), run.stdout
    assert run.stdout == "built 2 budget(s) into site/\n"
    page = (elsewhere / "site" / "en" / "budgets" / "2024-a-test-center" / "index.html").read_text(encoding="utf-8")
    assert "Data package (all CSVs and descriptor, ZIP)" in page
    assert (elsewhere / "site" / "static" / "site.css").read_bytes() == (
        ROOT / "templates" / "static" / "site.css"
    ).read_bytes()
    assert (elsewhere / "site" / "pagefind" / "pagefind.js").exists()
    found = subprocess.run(
        [str(python), "-c", "import generator.site.writer as w; print(w.TEMPLATES)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
    )
    assert found.stdout.strip().startswith(str(venv)), found.stdout  # the wheel's templates, not the checkout's


def _layout_a_node_at_a_time(value: object, depth: int) -> str:
    """descriptor_json's layout as first written (the oracle): every container down to depth 5
    laid out item by item, deeper ones and scalars as json.dumps writes them."""
    if depth >= 5 or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    if isinstance(value, dict):
        items = [
            f"{json.dumps(k, ensure_ascii=False)}: {_layout_a_node_at_a_time(v, depth + 1)}" for k, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(items) + outer + "}"
    return "[" + inner + ("," + inner).join(_layout_a_node_at_a_time(v, depth + 1) for v in value) + outer + "]"


def test_the_descriptor_layout_of_flat_containers_is_the_layout_a_node_at_a_time() -> None:
    """A container of scalars only is laid out by json's own indent moved to its depth (one call,
    not one a value): the same text as laying it out a value at a time, strings with line breaks,
    quotes and Chinese, numbers, booleans and nulls included, at every depth."""
    import random

    from generator.package.descriptor import descriptor_json

    rng = random.Random(7)
    scalars = ["a\nb", '引号"和\\', "预算 / Budget", 3, -2.5, 1e-7, True, False, None, "", 0]

    def value(depth: int) -> object:
        kind = rng.random()
        if depth > 6 or kind < 0.4:
            return rng.choice(scalars)
        n = rng.randint(0, 4)
        if kind < 0.7:
            return [value(depth + 1) for _ in range(n)]
        return {f"k{i}\n{rng.choice('甲乙')}": value(depth + 1) for i in range(n)}

    for _ in range(300):
        d = {"name": "x", "resources": [value(2) for _ in range(3)], "sources": [{"title": "t\n", "path": "p"}]}
        assert descriptor_json(d) == (_layout_a_node_at_a_time(d, 0) + "\n").encode()
