"""A budget's resources as CSV: the rows of each table the document prints, and the derived ones."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from ..catalog import BY_RESOURCE, RESOURCES
from ..checks import Finding, findings_rows, run_checks
from ..model import Budget, Row, Value, web_url


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


def csv_bytes(fields: Iterable[str], rows: Iterable[Row]) -> bytes:
    """A resource's CSV file: UTF-8 with a byte-order mark, so Excel shows the Chinese."""
    return csv_text(fields, rows).encode("utf-8-sig")


def resource_rows(budget: Budget, resource: str, findings: list[Finding] | None = None) -> list[Row] | None:
    """The rows of a resource of ``budget``: a table the document prints, or a derived resource
    (always present); None for a table the document does not have."""
    if resource == "findings":
        return findings_rows(findings if findings is not None else run_checks(budget))
    table = budget.tables.get(resource)
    return table.rows if table is not None else None


def resource_csvs(budget: Budget, findings: list[Finding] | None = None) -> dict[str, bytes]:
    """Every CSV of the package, by file name, in the catalog's order."""
    files: dict[str, bytes] = {}
    for resource in RESOURCES:
        rows = resource_rows(budget, resource, findings)
        if rows is not None:
            files[f"{resource}.csv"] = csv_bytes([f.name for f in BY_RESOURCE[resource].fields], rows)
    return files


def budget_summary_row(budget: Budget) -> Row:
    """The budget's row of the ``budgets`` resource of ``all`` (its totals from 收支总表)."""
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
        "source_url": web_url(meta.source_url),
    }
