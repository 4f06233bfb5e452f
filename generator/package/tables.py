"""A budget's resources as CSV: the rows of each table the document prints, and the derived ones."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from ..catalog import RESOURCES
from ..checks import Finding, findings_rows, run_checks
from ..model import Budget, Row, format_value, web_url
from ..site.terms import Translator
from .columns import field_names, published_rows


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


def published_tables(
    budget: Budget, findings: list[Finding] | None = None, tr: Translator | None = None
) -> dict[str, list[Row]]:
    """Every resource of the package as published, by resource, in the catalog's order: the
    catalog's fields and the columns added beside them (columns.py; ``tr``: the budget's
    translator, None for no English)."""
    tables: dict[str, list[Row]] = {}
    for resource in RESOURCES:
        rows = resource_rows(budget, resource, findings)
        if rows is not None:
            tables[resource] = published_rows(resource, rows, tr)
    return tables


def resource_csvs(tables: dict[str, list[Row]]) -> dict[str, bytes]:
    """Every CSV of the package (``tables``: published_tables), by file name."""
    return {f"{r}.csv": csv_bytes(field_names(r), rows) for r, rows in tables.items()}


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


@contextmanager
def any_field_size() -> Iterator[None]:
    """csv reads fields of any size meanwhile (its limit is the whole process's)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)
