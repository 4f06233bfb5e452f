"""Budget model → Frictionless data package (CSV + Table Schema).

Pure functions build the descriptor and CSV text; ``write_package`` is the one place
that touches the disk, and it writes into a temporary folder that is swapped in whole.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from . import __version__
from .catalog import BY_RESOURCE, DERIVED, RESOURCES, Field, TableSpec
from .checks import Finding, findings_rows, run_checks
from .model import Budget, Row, Value

LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}

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


def format_value(value: Value) -> str:
    """A cell as CSV text: amounts exactly as printed (Decimal keeps the printed digits)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_text(fields: Iterable[str], rows: Iterable[Row]) -> str:
    names = list(fields)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([format_value(row.get(n)) for n in names])
    return buf.getvalue()


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
    pk = ["line"]
    schema: dict = {"fields": fields, "primaryKey": pk, "missingValues": [""]}
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


def resource_rows(budget: Budget, resource: str, findings: list[Finding] | None = None) -> list[Row] | None:
    """The rows of a resource of ``budget``: a table the document prints, or a derived resource
    (always present); None for a table the document does not have."""
    if resource == "findings":
        return findings_rows(findings if findings is not None else run_checks(budget))
    table = budget.tables.get(resource)
    return table.rows if table is not None else None


def package_descriptor(budget: Budget) -> dict:
    meta, src = budget.meta, budget.source
    start_kind = "page" if src.kind == "pdf" else "line"
    resources = []
    for resource in RESOURCES:
        if resource in DERIVED:
            resources.append(resource_descriptor(BY_RESOURCE[resource]))
            continue
        table = budget.tables.get(resource)
        if table is None:
            continue
        resources.append(
            resource_descriptor(
                BY_RESOURCE[resource], start=table.start, start_kind=start_kind, title_printed=table.title
            )
        )
    return {
        "profile": "tabular-data-package",
        "name": meta.id,
        "title": f"{meta.year} {meta.department} 部门预算",
        "x-title-en": f"{meta.year} departmental budget: {meta.department_en}" if meta.department_en else "",
        "description": "Departmental budget (部门预算) as published, one resource per standard table. "
        "Amounts in 万元 (10,000 CNY), exactly as printed.",
        "x-unit": "万元",
        "x-currency": "CNY",
        "x-department": meta.department,
        "x-department-en": meta.department_en,
        "x-parent-department": meta.parent_department,
        "x-district": meta.district,
        "x-year": meta.year,
        "licenses": [LICENSE],
        "sources": [
            {
                "title": src.file,
                "path": meta.source_url or src.file,
                "x-sha256": src.sha256,
                "x-kind": src.kind,
                **({"x-note": meta.source_note} if meta.source_note else {}),
            }
        ],
        "x-generator": f"budget-site-generator {__version__}",
        "resources": resources,
    }


def package_files(budget: Budget, findings: list[Finding] | None = None) -> dict[str, bytes]:
    """Every file of the package, by name (``findings``: the checks' findings, if known)."""
    files: dict[str, bytes] = {}
    for resource in RESOURCES:
        rows = resource_rows(budget, resource, findings)
        if rows is None:
            continue
        names = [f.name for f in BY_RESOURCE[resource].fields]
        files[f"{resource}.csv"] = csv_text(names, rows).encode("utf-8-sig")
    files["datapackage.json"] = descriptor_json(package_descriptor(budget))
    return files


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


def budget_summary_row(budget: Budget) -> Row:
    meta = budget.meta
    income = expenditure = None
    for row in budget.rows("income-expenditure-summary"):
        item = str(row.get("item") or "")
        if item == "收入总计":
            income = row.get("amount")
        elif item == "支出总计":
            expenditure = row.get("amount")
    return {
        "id": meta.id,
        "year": meta.year,
        "department": meta.department,
        "department_en": meta.department_en,
        "parent_department": meta.parent_department,
        "parent_department_en": meta.parent_department_en,
        "district": meta.district,
        "district_en": meta.district_en,
        "total_income": income,
        "total_expenditure": expenditure,
        "source_file": budget.source.file,
        "source_sha256": budget.source.sha256,
        "source_url": meta.source_url,
    }


def combined_files(budgets: list[Budget]) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    budgets = sorted(budgets, key=lambda b: b.id)
    resources = []
    budgets_spec = TableSpec("budgets", "预算列表", "Budgets", (), BUDGETS_FIELDS)
    brows = [budget_summary_row(b) for b in budgets]
    files["budgets.csv"] = csv_text([f.name for f in BUDGETS_FIELDS], brows).encode("utf-8-sig")
    bdesc = resource_descriptor(budgets_spec)
    bdesc["schema"]["primaryKey"] = ["id"]
    resources.append(bdesc)
    for resource in RESOURCES:
        per_budget = [(b, resource_rows(b, resource)) for b in budgets]
        present = [(b, rs) for b, rs in per_budget if rs is not None]
        if not present:
            continue
        spec = BY_RESOURCE[resource]
        names = ["budget", *[f.name for f in spec.fields]]
        rows = [{"budget": b.id, **r} for b, rs in present for r in rs]
        files[f"{resource}.csv"] = csv_text(names, rows).encode("utf-8-sig")
        resources.append(resource_descriptor(spec, combined=True))
    files["datapackage.json"] = _combined_descriptor(resources)
    return files


def combined_rows(budget_id: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """A budget's rows as they go into ``all``: each CSV of its package (``files``, as
    package_files gives them) without its header, with the budget's id in front of each row."""
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        next(reader, None)  # the header
        writer.writerows([budget_id, *row] for row in reader)
        out[name.removesuffix(".csv")] = buf.getvalue().encode("utf-8")
    return out


def write_combined(
    data_dir: Path, budgets: list[Budget], rows_of: Callable[[str], dict[str, bytes] | None] | None = None
) -> None:
    """``data_dir/all/``: every budget's package in one, written a budget at a time (so memory
    does not grow with the number of budgets) from ``rows_of(id)`` (combined_rows, kept from
    when the package was made) or else from the budget's own CSVs in ``data_dir/<id>/``.  The
    same files as ``combined_files`` gives from the models."""
    out = Path(data_dir) / "all"
    out.mkdir(parents=True, exist_ok=True)
    budgets = sorted(budgets, key=lambda b: b.id)
    budgets_spec = TableSpec("budgets", "预算列表", "Budgets", (), BUDGETS_FIELDS)
    brows = [budget_summary_row(b) for b in budgets]
    (out / "budgets.csv").write_bytes(csv_text([f.name for f in BUDGETS_FIELDS], brows).encode("utf-8-sig"))
    bdesc = resource_descriptor(budgets_spec)
    bdesc["schema"]["primaryKey"] = ["id"]
    present = [r for r in RESOURCES if any((Path(data_dir) / b.id / f"{r}.csv").exists() for b in budgets)]
    handles = {}
    try:
        for r in present:
            handles[r] = open(out / f"{r}.csv", "wb")  # noqa: SIM115 - closed below, all together
            header = ["budget", *[fl.name for fl in BY_RESOURCE[r].fields]]
            handles[r].write(csv_text(header, []).encode("utf-8-sig"))
        for b in budgets:
            rows = rows_of(b.id) if rows_of is not None else None
            if rows is None:
                files = {p.name: p.read_bytes() for p in (Path(data_dir) / b.id).glob("*.csv")}
                rows = combined_rows(b.id, files)
            for r, data in rows.items():
                if r in handles:
                    handles[r].write(data)
    finally:
        for f in handles.values():
            f.close()
    resources = [bdesc, *(resource_descriptor(BY_RESOURCE[r], combined=True) for r in present)]
    (out / "datapackage.json").write_bytes(_combined_descriptor(resources))


def _combined_descriptor(resources: list[dict]) -> bytes:
    descriptor = {
        "profile": "tabular-data-package",
        "name": "all-budgets",
        "title": "全部部门预算 / All departmental budgets",
        "description": "Every budget of the site in one package; each resource has a leading `budget` field "
        "referring to the `budgets` resource. Amounts in 万元 (10,000 CNY), exactly as printed.",
        "x-unit": "万元",
        "x-currency": "CNY",
        "licenses": [LICENSE],
        "x-generator": f"budget-site-generator {__version__}",
        "resources": resources,
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode()


def zip_dir(folder: Path, name: str, level: int = 1) -> bytes:
    """The files in ``folder`` zipped like ``zip_bytes`` (read one at a time).  Deflate's
    fastest level: ``all`` is made again whenever any budget changes, and level 1 takes a
    third of the default's time for a file about 1.4 times as big."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in Path(folder).iterdir() if p.is_file()):
            info = zipfile.ZipInfo(f"{name}/{path.name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, path.read_bytes(), compresslevel=level)
    return buf.getvalue()


def zip_bytes(files: dict[str, bytes], folder: str) -> bytes:
    """A zip of the package with fixed timestamps, so equal input gives equal bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buf.getvalue()


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Write a package into ``out_dir`` atomically: build beside it, then swap."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out_dir.rename(old)
            tmp.rename(out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def write_package(budget: Budget, out_dir: Path) -> None:
    write_files(package_files(budget), out_dir)
