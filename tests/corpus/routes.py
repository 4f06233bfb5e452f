"""The routes a rendered PDF is read through, as a user would: the PDF itself, or a text
extraction of it (poppler's pdftotext with and without -layout, pdfplumber's extract_text())
put in a folder with the budget's .yml beside it, as it would be added to content/.  And the one
adapter into the project's reader."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .selfcheck import PageText

ROUTES = ("pdf", "pdftotext-layout", "pdftotext", "pdfplumber-text")


@dataclass
class Package:
    """A package as CSV rows (header first) per resource, and the tables the reader reported
    it could not read."""

    tables: dict[str, list[list[str]]]
    failures: list[str] = field(default_factory=list)


def read_package(source: Path) -> Package:
    """The project's reader on one document → its package's CSVs.  The only call into the code
    under test (the reader is being moved around: change it here)."""
    from generator.package import package_files
    from generator.read.extract import read_budget

    budget = read_budget(source)
    files = package_files(budget)
    tables = {
        name.removesuffix(".csv"): list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        for name, data in files.items()
        if name.endswith(".csv")
    }
    return Package(tables, [str(f) for f in getattr(budget, "failures", [])])


def source_for(route: str, pdf: Path, pages: list[PageText], folder: Path, slug: str, yml: str) -> Path:
    """The document the route gives the reader: ``folder/<slug>.pdf|.txt`` beside ``<slug>.yml``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{slug}.yml").write_text(yml, encoding="utf-8")
    if route == "pdf":
        target = folder / f"{slug}.pdf"
        shutil.copyfile(pdf, target)
        return target
    target = folder / f"{slug}.txt"
    if route == "pdfplumber-text":
        target.write_text("\n".join(p.text for p in pages), encoding="utf-8")
    elif route in ("pdftotext", "pdftotext-layout"):
        layout = ["-layout"] if route == "pdftotext-layout" else []
        subprocess.run(["pdftotext", *layout, "-enc", "UTF-8", str(pdf), str(target)], check=True, capture_output=True)
    else:
        raise ValueError(f"unknown route {route!r}; the routes are {', '.join(ROUTES)}")
    return target
