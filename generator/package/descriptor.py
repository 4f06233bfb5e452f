"""Frictionless descriptors (Data Package v2, Table Schema) of a budget's package and of ``all``.

What a descriptor says is public: the budget's names, year and district, its source (the
document as the department published it, and the copy the site read, with its SHA-256), the
tables and their fields.  What the maintainer notes about how a document was obtained
(``source_note`` in its .yml) stays in the .yml (docs/data-contract.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..catalog import BY_RESOURCE, DERIVED, FUNDS_EN, RESOURCES, TABLE_DESCRIPTIONS, Field, TableSpec, field_description
from ..checks import SEVERITIES
from ..model import Budget, web_url
from ..site import urls
from .columns import Column, columns
from .fiscal import fiscal_model
from .publication import Publication

DP_SCHEMA = "https://datapackage.org/profiles/2.0/datapackage.json"
# The data contract's version (docs/data-contract.md): the major number changes when a file or a
# field that users read changes its place or meaning, the minor when one is added.
VERSION = "4.1.0"  # 4.1: sections.uncertain_spaces; 4: all.zip made of a part a budget, its resources without hash; sections.paragraphs_certain, omitted_table (3: all/ only zipped)
LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
UNIT, CURRENCY = "万元", "CNY"
GENERATOR = f"budget-site-generator {__version__}"

BUDGETS_FIELDS: tuple[Field, ...] = (
    Field("id", "string", "预算编号", "Budget id"),
    Field("year", "integer", "年度", "Year"),
    Field("department", "string", "部门名称", "Department"),
    Field("department_en", "string", "部门英文名称", "Department (English)"),
    Field("parent_department", "string", "主管部门", "Parent department"),
    Field("parent_department_en", "string", "主管部门英文名称", "Parent department (English)"),
    Field("district", "string", "区划", "District"),
    Field("district_en", "string", "区划英文名称", "District (English)"),
    Field("total_income", "number", "收入总计", "Total income"),
    Field("total_expenditure", "number", "支出总计", "Total expenditure"),
    Field("source_file", "string", "来源文件", "Source file"),
    Field("source_sha256", "string", "来源文件SHA-256", "Source file SHA-256"),
    Field("source_url", "string", "来源网址", "Source URL"),
)
BUDGETS = TableSpec("budgets", "预算列表", "Budgets", (), BUDGETS_FIELDS)

# The labels of the values a field may take (Table Schema v2 ``categories``).
CATEGORY_LABELS: dict[str, dict[str, str]] = {
    "side": {"income": "Income (收入)", "expenditure": "Expenditure (支出)"},
    "fund": dict(FUNDS_EN),
    "severity": {s: s.capitalize() for s in SEVERITIES},
    "year": {"change": "Change from the previous year (增减变化)"},
}
# The added columns (columns.py): what each holds.
ADDED = {
    "parent_line": "The `line` of the row this row is summed into: the nearest row above it of a lower level "
    "whose code it extends (its unit's total row when none), or, for a unit's total row, the department's "
    "total row where one is printed; empty for a row that is summed into none.",
    "parent_code": "The code of the row this row is summed into (parent_line); empty when that row has no code "
    "(a unit's total row) or there is none.",
    "is_leaf": "true for a detail row, which no other row is summed into; false for a total or subtotal. The "
    "detail rows of a table add up to its total: sum those, not every row.",
}


@dataclass(frozen=True)
class FileInfo:
    """A resource's file: its size and SHA-256 (empty: not said)."""

    size: int
    sha256: str

    @classmethod
    def of(cls, data: bytes) -> FileInfo:
        return cls(len(data), hashlib.sha256(data).hexdigest())


def field_schema(resource: str, c: Column, values: tuple[str, ...] = ()) -> dict:
    """A field of a resource's Table Schema (``values``: what it may take, when not fixed by the
    catalog)."""
    f = c.field
    if c.kind == "en":
        description = f"{BY_RESOURCE[resource].field(c.source).en} in English, from the site's dictionary and catalog (content/i18n); empty where no translation is known yet."
    else:
        description = ADDED.get(c.kind) or field_description(resource, f)
    d: dict = {"name": f.name, "type": f.type, "title": f.en, "description": description, "x-title-zh": f.zh}
    if f.type == "number":
        d["bareNumber"] = True
        d["x-unit"] = f.unit
    elif f.type == "boolean":
        d["trueValues"], d["falseValues"] = ["true"], ["false"]
    values = values or f.enum
    if values:
        labels = CATEGORY_LABELS.get(f.name, {})
        d["constraints"] = {"enum": list(values)}
        d["categories"] = [{"value": v, "label": labels[v]} if v in labels else v for v in values]
    elif f.name == "level":
        d["constraints"] = {"minimum": 0}
    elif f.name == "part":
        d["constraints"] = {"minimum": 1, "maximum": 9}
    return d


def schema_of(resource: str, *, combined: bool = False, values: dict[str, tuple[str, ...]] | None = None) -> dict:
    """The Table Schema of ``resource`` (``combined``: as in ``all``, with a leading ``budget``)."""
    cols = BUDGETS_COLUMNS if resource == "budgets" else columns(resource)
    fields = [field_schema(resource, c, (values or {}).get(c.name, ())) for c in cols]
    key = ["id"] if resource == "budgets" else ["line"]
    schema: dict = {"fields": fields, "missingValues": [""], "primaryKey": key}
    if any(c.kind == "parent_line" for c in cols):
        schema["foreignKeys"] = [{"fields": ["parent_line"], "reference": {"resource": "", "fields": ["line"]}}]
    if combined:
        budget = {
            "name": "budget",
            "type": "string",
            "title": "Budget id",
            "description": "The budget the row belongs to: the `id` of its row in `budgets`.",
            "x-title-zh": "预算编号",
        }
        schema["fields"].insert(0, budget)
        schema["primaryKey"] = ["budget", "line"]
        # (A row's parent is in its own budget: parent_line's key within `all` is two fields,
        # which Table Schema cannot check when parent_line is empty, so it is said only per budget.)
        schema["foreignKeys"] = [{"fields": ["budget"], "reference": {"resource": "budgets", "fields": ["id"]}}]
    return schema


BUDGETS_COLUMNS = tuple(Column(f) for f in BUDGETS_FIELDS)


def resource_descriptor(
    spec: TableSpec,
    file: FileInfo | None,
    *,
    combined: bool = False,
    start: int | None = None,
    start_kind: str = "line",
    title_printed: str = "",
    values: dict[str, tuple[str, ...]] | None = None,
) -> dict:
    d: dict = {
        "name": spec.resource,
        "type": "table",
        "profile": "tabular-data-resource",  # Data Package v1's word for "type": "table"
        "path": f"{spec.resource}.csv",
        "title": spec.en,
        "x-title-zh": spec.zh,
        "description": spec.description or TABLE_DESCRIPTIONS[spec.resource],
        "format": "csv",
        "mediatype": "text/csv",
        # The files begin with a byte-order mark (Excel needs it to show the Chinese); readers of
        # UTF-8 skip it.  "utf-8" is the IANA name R, readr and frictionless-r accept.
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
        "schema": schema_of(spec.resource, combined=combined, values=values),
    }
    if file is not None:
        d["bytes"] = file.size
        if file.sha256:  # all.zip's resources made of parts have none (data-contract.md, 4.0.0)
            d["hash"] = f"sha256:{file.sha256}"
    if start is not None:
        d["x-source-start"] = {start_kind: start}
    if title_printed:
        d["x-source-title"] = title_printed
    return d


def budgets_descriptor(file: FileInfo | None) -> dict:
    """The ``budgets`` resource of ``all``: one row per budget, keyed by its id."""
    return resource_descriptor(BUDGETS, file)


def unreadable(budget: Budget) -> list[dict]:
    """The tables the document prints but that could not be read (``x-unreadable``): each with
    its title as printed, why, and where (``{"line": N}`` or ``{"page": N}``)."""
    out = []
    for f in budget.failures:
        entry: dict = {"resource": f.resource, "title": f.title, "reason": f.reason}
        if f.loc:
            entry["x-source-start"] = {f.loc_kind: f.loc}
        out.append(entry)
    return out


def year_values(years: list[int], present: set[str]) -> tuple[str, ...]:
    """What the three public expenses' ``year`` may be in budgets of ``years``: each one's
    previous year and its own, and the change (and any other value a table holds)."""
    expected = [str(y) for y in sorted({y for year in years for y in (year - 1, year)})] + ["change"]
    return (*expected, *sorted(present - set(expected)))


def sources(budget: Budget, pub: Publication) -> list[dict]:
    """The document the package was read from: the copy the site publishes (its SHA-256, and
    where it is on the site when the site's address is known), and where the department
    published it (when known)."""
    meta, src = budget.meta, budget.source
    copy: dict = {"title": src.file}
    address = pub.address(urls.source(budget.id, Path(src.file).suffix))
    if address:
        copy["path"] = address
    copy.update({"x-sha256": src.sha256, "x-kind": src.kind})
    out = [copy]
    url = web_url(meta.source_url)
    if url:
        out.append({"title": f"{meta.year} {meta.department} 部门预算 (as published)", "path": url})
    return out


def about(budget: Budget) -> tuple[list[str], dict]:
    """The budget's keywords and its department as a contributor."""
    m = budget.meta
    words = ["部门预算", "departmental budget", str(m.year), m.department, m.department_en, m.district, m.district_en]
    keywords = list(dict.fromkeys(w for w in words if w))
    contributor: dict = {"title": m.department, "roles": ["creator"]}
    if m.department_en:
        contributor["x-title-en"] = m.department_en
    if m.parent_department:
        contributor["organization"] = m.parent_department
    return keywords, contributor


def _head(name: str, title: str, title_en: str, description: str, pub: Publication, homepage: str) -> dict:
    """What every descriptor begins with: the profile (v2's ``$schema``, and v1's word for v1
    tools), names, the contract's version, when and where it is published."""
    d: dict = {"$schema": DP_SCHEMA, "profile": "tabular-data-package", "name": name, "title": title}
    if title_en:
        d["x-title-en"] = title_en
    d.update(description=description, version=VERSION)
    if pub.created:
        d["created"] = pub.created
    if pub.address(homepage):
        d["homepage"] = pub.address(homepage)
    return d


def package_descriptor(budget: Budget, files: dict[str, bytes], pub: Publication | None = None) -> dict:
    """The descriptor of ``budget``'s package, its CSVs ``files`` (by name)."""
    pub = pub or Publication()
    meta, src = budget.meta, budget.source
    start_kind = "page" if src.kind == "pdf" else "line"
    years = {"year": year_values([meta.year], {str(r.get("year")) for r in budget.rows("three-public-expenses")})}
    resources = []
    for resource in RESOURCES:
        table = budget.tables.get(resource)
        info = FileInfo.of(files[f"{resource}.csv"]) if f"{resource}.csv" in files else None
        if resource in DERIVED:
            resources.append(resource_descriptor(BY_RESOURCE[resource], info))
        elif table is not None:
            spec = BY_RESOURCE[resource]
            resources.append(
                resource_descriptor(
                    spec, info, start=table.start, start_kind=start_kind, title_printed=table.title, values=years
                )
            )
    keywords, contributor = about(budget)
    descriptor = {
        **_head(
            meta.id,
            f"{meta.year} {meta.department} 部门预算",
            f"{meta.year} departmental budget: {meta.department_en}" if meta.department_en else "",
            "Departmental budget (部门预算) as published, one resource per standard table. "
            "Amounts in 万元 (10,000 CNY), exactly as printed.",
            pub,
            urls.budget_page(meta.id, "zh").path,
        ),
        "keywords": keywords,
        "contributors": [contributor],
        "x-unit": UNIT,
        "x-currency": CURRENCY,
        "x-department": meta.department,
        "x-department-en": meta.department_en,
        "x-parent-department": meta.parent_department,
        "x-parent-department-en": meta.parent_department_en,
        "x-district": meta.district,
        "x-district-en": meta.district_en,
        "x-year": meta.year,
        "licenses": [LICENSE],
        "sources": sources(budget, pub),
        **fiscal_model([r["name"] for r in resources], [meta.year]),
        "x-generator": GENERATOR,
        "resources": resources,
    }
    if budget.failures:
        descriptor["x-unreadable"] = unreadable(budget)
    return descriptor


def combined_descriptor(
    resources: list[dict], budgets: list[Budget], unreadable: list[dict] | None = None, pub: Publication | None = None
) -> dict:
    """The descriptor of ``all`` (``budgets``: light copies will do, metadata and source)."""
    pub = pub or Publication()
    keywords = list(dict.fromkeys(k for b in budgets for k in about(b)[0]))
    contributors = list({c["title"]: c for c in (about(b)[1] for b in budgets)}.values())
    descriptor: dict = {
        **_head(
            "all-budgets",
            "全部部门预算 / All departmental budgets",
            "",
            "Every budget of the site in one package; each resource has a leading `budget` field "
            "referring to the `budgets` resource. Amounts in 万元 (10,000 CNY), exactly as printed.",
            pub,
            urls.page(urls.HOME, "zh").path,
        ),
        "keywords": keywords,
        "contributors": contributors,
        "x-unit": UNIT,
        "x-currency": CURRENCY,
        "licenses": [LICENSE],
        "x-generator": GENERATOR,
        "sources": [s for b in budgets for s in sources(b, pub)],
        **fiscal_model([r["name"] for r in resources], [b.meta.year for b in budgets], combined=True),
        "resources": resources,
    }
    if unreadable:
        descriptor["x-unreadable"] = unreadable
    return descriptor


def descriptor_json(descriptor: dict) -> bytes:
    """The descriptor as JSON indented by two spaces down to the items of a schema's ``fields``
    and of the fiscal model's attributes, each of those on one line: read and diffed a field a
    line, and a sixth smaller than ``indent=2`` throughout (docs/performance.md).  A resource's
    schema, the same in every package, is laid out once for all budgets."""
    return (_layout(descriptor, 0) + "\n").encode()


_FLAT = 5  # the depth from which a value is on one line: a schema's field, a model's attribute


def _layout(value: object, depth: int, cached: bool = True) -> str:
    if depth >= _FLAT or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    if cached and depth == 3 and isinstance(value, dict) and "fields" in value:
        return _schema_json(json.dumps(value, ensure_ascii=False))
    inner, outer = "\n" + "  " * (depth + 1), "\n" + "  " * depth
    if not any(isinstance(v, dict | list) for v in (value.values() if isinstance(value, dict) else value)):
        # Items all on a line of their own and none nested: json's own indent, moved to this depth
        # (a line break inside a string is escaped, so each one here is the layout's).
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", outer)
    if isinstance(value, dict):
        items = [f"{json.dumps(k, ensure_ascii=False)}: {_layout(v, depth + 1)}" for k, v in value.items()]
        return "{" + inner + ("," + inner).join(items) + outer + "}"
    return "[" + inner + ("," + inner).join(_layout(v, depth + 1) for v in value) + outer + "]"


@lru_cache(maxsize=4096)
def _schema_json(compact: str) -> str:
    """A Table Schema (given as compact JSON) laid out at the depth of a resource's key."""
    return _layout(json.loads(compact), 3, cached=False)
