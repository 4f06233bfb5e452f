"""The data catalog portals harvest: ``data/catalog.json`` in Project Open Data's ``data.json``
form (DCAT-US 1.1, what CKAN's data.json harvester, data.gov and JKAN-style portals read), one
dataset per budget with its distributions (the zip, the descriptor, each CSV, the workbook, the
source document) and one for ``all``, of which the budgets' datasets are part (its zip, whose
descriptor is at its root, and the database).

A catalog's addresses must be absolute: it is written only when the site's address is known
(SITE_URL), as the sitemap is."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..catalog import BY_RESOURCE, RESOURCES
from ..model import Budget
from ..site import urls
from .descriptor import DP_SCHEMA, LICENSE, about
from .publication import Publication

POD = "https://project-open-data.cio.gov/v1.1/schema"
MEDIA = {".zip": "application/zip", ".json": "application/json", ".csv": "text/csv", ".pdf": "application/pdf"}
MEDIA.update({".txt": "text/plain", ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
MEDIA[".sqlite"] = "application/vnd.sqlite3"


def _distribution(pub: Publication, path: str, title: str, description: str, **extra: str) -> dict:
    suffix = Path(path).suffix
    return {
        "@type": "dcat:Distribution",
        "title": title,
        "description": description,
        "downloadURL": pub.address(path),
        "mediaType": MEDIA[suffix],
        "format": suffix.lstrip(".").upper(),
        **extra,
    }


def _zip(pub: Publication, zipped: str) -> dict:
    return _distribution(
        pub, zipped, "Data package (ZIP)", "Every CSV and the descriptor, zipped.", conformsTo=DP_SCHEMA
    )


def _others(pub: Publication, extra: list[str]) -> list[dict]:
    """The distributions of ``extra`` files (the workbook, the database, the source document)."""
    return [_distribution(pub, path, *OTHER_FILES[Path(path).suffix]) for path in extra]


def _package(pub: Publication, folder: str, names: list[str], zipped: str, extra: list[str]) -> list[dict]:
    """A package's distributions: its zip, its descriptor, each CSV (``names``, in the catalog's
    order), then ``extra`` files (the workbook, the source document)."""
    descriptor = f"{folder}/datapackage.json"
    out = [
        _zip(pub, zipped),
        _distribution(
            pub,
            descriptor,
            "Package descriptor",
            "The Data Package descriptor: tables, fields, units, sources.",
            conformsTo=DP_SCHEMA,
        ),
    ]
    for name in (f"{r}.csv" for r in RESOURCES if f"{r}.csv" in names):
        spec = BY_RESOURCE[name.removesuffix(".csv")]
        out.append(
            _distribution(
                pub,
                f"{folder}/{name}",
                f"{spec.en} ({spec.zh})",
                "CSV, UTF-8 with a byte-order mark; its fields are described in the package descriptor.",
                describedBy=pub.address(descriptor),
                describedByType="application/json",
            )
        )
    return out + _others(pub, extra)


SOURCE = (
    "Source document",
    "The document the data was read from, as the site publishes it (its SHA-256 is in the package "
    "descriptor's sources).",
)
OTHER_FILES = {
    ".xlsx": (
        "Excel workbook",
        "Every table of the package as a sheet, Chinese and English headers, amounts as numbers.",
    ),
    ".sqlite": (
        "SQLite database",
        "Every budget's tables in one SQLite database, with foreign keys; Datasette reads its titles and "
        "descriptions (units in them) from all.metadata.json beside it.",
    ),
    ".txt": SOURCE,
    ".pdf": SOURCE,
}


def budget_dataset(budget: Budget, names: list[str], extra: list[str], pub: Publication) -> dict:
    """The dataset of one budget (``names``: the files of its package folder; ``extra``: its other
    files in the site, by path from the site's root)."""
    m = budget.meta
    keywords, _ = about(budget)
    page = urls.budget_page(m.id, "zh").path
    dataset = {
        "@type": "dcat:Dataset",
        "title": f"{m.year} {m.department} 部门预算"
        + (f" ({m.year} departmental budget: {m.department_en})" if m.department_en else ""),
        "description": f"The {m.year} departmental budget (部门预算) of {m.department_en or m.department} as published: "
        "every standard table, amounts in 万元 (10,000 CNY) exactly as printed, with English labels, "
        "the text of the document and what its arithmetic checks found.",
        "keyword": keywords,
        "modified": pub.created[:10],
        "publisher": _publisher(budget),
        "contactPoint": {"@type": "vcard:Contact", "fn": m.department_en or m.department},
        "identifier": pub.address(page),
        "accessLevel": "public",
        "license": LICENSE["path"],
        "landingPage": pub.address(page),
        "temporal": f"{m.year}-01-01/{m.year}-12-31",
        "accrualPeriodicity": "R/P1Y",
        "language": ["zh-Hans", "en"],
        "describedBy": pub.address(urls.package_file(m.id, "datapackage.json")),
        "describedByType": "application/json",
        "isPartOf": pub.address(urls.page(urls.HOME, "zh").path),
        "distribution": _package(pub, urls.package(m.id), names, urls.package_zip(m.id), extra),
    }
    if m.district_en or m.district:
        dataset["spatial"] = m.district_en or m.district
    if m.source_url:
        dataset["references"] = [m.source_url]
    return dataset


def _publisher(budget: Budget) -> dict:
    m = budget.meta
    publisher: dict = {"@type": "org:Organization", "name": m.department}
    if m.parent_department and m.parent_department != m.department:
        publisher["subOrganizationOf"] = {"@type": "org:Organization", "name": m.parent_department}
    return publisher


def all_dataset(budgets: list[Budget], extra: list[str], pub: Publication) -> dict:
    """The dataset of every budget: its zip (the descriptor at its root: no descriptor of its own
    to point ``describedBy`` at) and ``extra`` files (the database)."""
    years = [b.meta.year for b in budgets]
    home = pub.address(urls.page(urls.HOME, "zh").path)
    return {
        "@type": "dcat:Dataset",
        "title": "全部部门预算 (All departmental budgets)",
        "description": f"Every departmental budget of the site ({len(budgets)}) in one package: each table "
        "with a leading budget field, and a budgets table of their names, totals and sources.",
        "keyword": list(dict.fromkeys(k for b in budgets for k in about(b)[0])),
        "modified": pub.created[:10],
        "publisher": {"@type": "org:Organization", "name": "部门预算公开数据 (Departmental budgets, open data)"},
        "contactPoint": {"@type": "vcard:Contact", "fn": "Departmental budgets, open data"},
        "identifier": home,
        "accessLevel": "public",
        "license": LICENSE["path"],
        "landingPage": home,
        "temporal": f"{min(years)}-01-01/{max(years)}-12-31",
        "accrualPeriodicity": "R/P1Y",
        "language": ["zh-Hans", "en"],
        "distribution": [_zip(pub, urls.ALL_ZIP), *_others(pub, extra)],
    }


def data_catalog(site: Path, budgets: list[Budget], pub: Publication, kept: Path | None = None) -> dict:
    """The catalog of the site ``site`` (its files as written so far: the packages, ``all``, the
    workbooks, the database, the source documents; what the build did not write again is in
    ``kept``, the previous site)."""

    def where(path: str) -> Path:
        return site if kept is None or os.path.lexists(site / path) else kept

    def names(folder: str) -> list[str]:
        base = where(folder) / folder
        return sorted(p.name for p in base.iterdir()) if base.is_dir() else []

    def present(*paths: str) -> list[str]:
        return [p for p in paths if (where(p) / p).is_file()]

    datasets = [all_dataset(budgets, present(urls.ALL_SQLITE), pub)]
    for b in sorted(budgets, key=lambda b: b.id):
        source = urls.source(b.id, Path(b.source.file).suffix)
        datasets.append(budget_dataset(b, names(urls.package(b.id)), present(urls.workbook(b.id), source), pub))
    return {
        "@context": f"{POD}/catalog.jsonld",
        "@id": pub.address(urls.CATALOG),
        "@type": "dcat:Catalog",
        "conformsTo": POD,
        "describedBy": f"{POD}/catalog.json",
        "dataset": datasets,
    }


def write_data_catalog(site: Path, budgets: list[Budget], pub: Publication, kept: Path | None = None) -> None:
    """``data/catalog.json``, when the site's address is known (and there is a budget); ``kept``:
    the previous site, where the files the build did not write again are."""
    if pub.site_url and budgets:
        text = json.dumps(data_catalog(site, budgets, pub, kept), ensure_ascii=False, indent=2) + "\n"
        (site / urls.CATALOG).write_text(text, encoding="utf-8")
