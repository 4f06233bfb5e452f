"""Frictionless descriptors (Table Schema, Data Package) of a budget's package and of ``all``."""

from __future__ import annotations

import json
from functools import lru_cache

from .. import __version__
from ..catalog import BY_RESOURCE, DERIVED, RESOURCES, Field, TableSpec
from ..model import Budget, web_url

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


def field_schema(f: Field) -> dict:
    d: dict = {"name": f.name, "type": f.type, "title": f.en, "x-title-zh": f.zh}
    if f.description:
        d["description"] = f.description
    if f.type == "number":
        d["bareNumber"] = True
        d["x-unit"] = f.unit
    if f.enum:
        d["constraints"] = {"enum": list(f.enum)}
    return d


def resource_descriptor(
    spec: TableSpec,
    *,
    combined: bool = False,
    start: int | None = None,
    start_kind: str = "line",
    title_printed: str = "",
) -> dict:
    fields = [field_schema(f) for f in spec.fields]
    schema: dict = {"fields": fields, "primaryKey": ["line"], "missingValues": [""]}
    if combined:
        schema["fields"].insert(0, {"name": "budget", "type": "string", "title": "Budget id", "x-title-zh": "预算编号"})
        schema["primaryKey"] = ["budget", "line"]
        schema["foreignKeys"] = [{"fields": ["budget"], "reference": {"resource": "budgets", "fields": ["id"]}}]
    d: dict = {
        "name": spec.resource,
        "path": f"{spec.resource}.csv",
        "profile": "tabular-data-resource",
        "title": spec.en,
        "x-title-zh": spec.zh,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "header": True},
        "schema": schema,
    }
    if spec.description:
        d["description"] = spec.description
    if start is not None:
        d["x-source-start"] = {start_kind: start}
    if title_printed:
        d["x-source-title"] = title_printed
    return d


def budgets_descriptor() -> dict:
    """The ``budgets`` resource of ``all``: one row per budget, keyed by its id."""
    d = resource_descriptor(BUDGETS)
    d["schema"]["primaryKey"] = ["id"]
    return d


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


def package_descriptor(budget: Budget) -> dict:
    meta, src = budget.meta, budget.source
    start_kind = "page" if src.kind == "pdf" else "line"
    resources = []
    for resource in RESOURCES:
        table = budget.tables.get(resource)
        if resource in DERIVED:
            resources.append(resource_descriptor(BY_RESOURCE[resource]))
        elif table is not None:
            spec = BY_RESOURCE[resource]
            resources.append(
                resource_descriptor(spec, start=table.start, start_kind=start_kind, title_printed=table.title)
            )
    descriptor = {
        "profile": "tabular-data-package",
        "name": meta.id,
        "title": f"{meta.year} {meta.department} 部门预算",
        "x-title-en": f"{meta.year} departmental budget: {meta.department_en}" if meta.department_en else "",
        "description": "Departmental budget (部门预算) as published, one resource per standard table. "
        "Amounts in 万元 (10,000 CNY), exactly as printed.",
        "x-unit": UNIT,
        "x-currency": CURRENCY,
        "x-department": meta.department,
        "x-department-en": meta.department_en,
        "x-parent-department": meta.parent_department,
        "x-district": meta.district,
        "x-year": meta.year,
        "licenses": [LICENSE],
        "sources": [
            {
                "title": src.file,
                "path": web_url(meta.source_url) or src.file,
                "x-sha256": src.sha256,
                "x-kind": src.kind,
                **({"x-note": meta.source_note} if meta.source_note else {}),
            }
        ],
        "x-generator": GENERATOR,
        "resources": resources,
    }
    if budget.failures:
        descriptor["x-unreadable"] = unreadable(budget)
    return descriptor


def combined_descriptor(resources: list[dict], unreadable: list[dict] | None = None) -> dict:
    descriptor: dict = {
        "profile": "tabular-data-package",
        "name": "all-budgets",
        "title": "全部部门预算 / All departmental budgets",
        "description": "Every budget of the site in one package; each resource has a leading `budget` field "
        "referring to the `budgets` resource. Amounts in 万元 (10,000 CNY), exactly as printed.",
        "x-unit": UNIT,
        "x-currency": CURRENCY,
        "licenses": [LICENSE],
        "x-generator": GENERATOR,
        "resources": resources,
    }
    if unreadable:
        descriptor["x-unreadable"] = unreadable
    return descriptor


def descriptor_json(descriptor: dict) -> bytes:
    """``json.dumps(descriptor, indent=2)``, byte for byte, with each resource's part written
    once for all budgets (the schemas are the same in every package and json's indented
    encoder is slow)."""
    resources = descriptor.get("resources")
    if not resources:
        return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()
    marker = "\0resources\0"
    top = json.dumps({**descriptor, "resources": marker}, ensure_ascii=False, indent=2)
    blocks = ",\n    ".join(_resource_json(json.dumps(r, ensure_ascii=False, sort_keys=False)) for r in resources)
    text = top.replace(json.dumps(marker), "[\n    " + blocks + "\n  ]", 1)
    return (text + "\n").encode()


@lru_cache(maxsize=4096)
def _resource_json(compact: str) -> str:
    """A resource descriptor (given as compact JSON) as indent=2 JSON at the depth of an item
    of the top-level ``resources`` list."""
    return json.dumps(json.loads(compact), ensure_ascii=False, indent=2).replace("\n", "\n    ")
