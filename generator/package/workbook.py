"""A budget's Excel workbook: a first sheet saying what each sheet is, then one sheet per
table of its package, with the package's columns under three header rows (the header in
Chinese, in English, the field's name), amounts as numbers, codes as text.

XlsxWriter: it only writes, quickly and in little memory (row by row), and with a fixed
creation time its files are the same bytes for the same input."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ..catalog import BY_RESOURCE, TABLE_DESCRIPTIONS
from ..model import Budget, Row, Value
from .columns import Column, columns

if TYPE_CHECKING:
    import xlsxwriter

ABOUT = "说明 About"


def _when(created: str) -> datetime:
    """The workbook's creation time: the package's ``created`` (UTC, naive as Excel keeps it),
    else a fixed one, so that equal input gives equal bytes."""
    return datetime.strptime(created, "%Y-%m-%dT%H:%M:%SZ") if created else datetime(2000, 1, 1)


def workbook_bytes(budget: Budget, tables: dict[str, list[Row]], created: str = "") -> bytes:
    """The workbook of ``budget``: ``tables`` its resources' published rows (columns.py), by
    resource, in the catalog's order."""
    import xlsxwriter  # here: a build that writes no workbook need not import it

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    meta = budget.meta
    wb.set_properties(
        {
            "title": f"{meta.year} {meta.department} 部门预算",
            "subject": f"{meta.year} departmental budget: {meta.department_en}",
            "author": meta.department,
            "comments": "Amounts in 万元 (10,000 CNY), exactly as printed.",
            "created": _when(created),
        }
    )
    bold = wb.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    name = wb.add_format({"italic": True, "font_color": "#555555"})
    amount = wb.add_format({"num_format": "#,##0.00"})
    about = wb.add_worksheet(ABOUT)
    about.write_row(0, 0, ["工作表 Sheet", "表名", "Table", "说明 Description"], bold)
    about.set_column(0, 0, 30)
    about.set_column(1, 2, 36)
    about.set_column(3, 3, 90)
    for i, resource in enumerate(tables, start=1):
        spec = BY_RESOURCE[resource]
        about.write_row(i, 0, [resource, spec.zh, spec.en, spec.description or TABLE_DESCRIPTIONS[resource]])
    about.write(len(tables) + 2, 0, "金额单位：万元。Amounts in 万元 (10,000 CNY), exactly as printed.")
    for resource, rows in tables.items():
        _sheet(wb.add_worksheet(resource), columns(resource), rows, (bold, name, amount))
    wb.close()
    return buf.getvalue()


def _sheet(ws: xlsxwriter.worksheet.Worksheet, cols: tuple[Column, ...], rows: list[Row], formats: tuple) -> None:
    bold, name, amount = formats
    ws.write_row(0, 0, [c.field.zh for c in cols], bold)
    ws.write_row(1, 0, [c.field.en for c in cols], bold)
    ws.write_row(2, 0, [c.name for c in cols], name)
    ws.freeze_panes(3, 0)
    for j, c in enumerate(cols):
        ws.set_column(j, j, 14 if c.field.type == "number" else 24 if c.field.type == "string" else 8)
    for i, row in enumerate(rows, start=3):
        for j, c in enumerate(cols):
            _cell(ws, i, j, c, row.get(c.name), amount)


def _cell(ws: xlsxwriter.worksheet.Worksheet, i: int, j: int, c: Column, v: Value, amount: object) -> None:
    """A cell as its field's type: a number (amounts in the amount format), a boolean, text."""
    if v is None or v == "":
        return
    kind = c.field.type
    if kind == "number" and isinstance(v, Decimal | int):
        ws.write_number(i, j, float(v), amount)
    elif kind == "integer" and isinstance(v, int | Decimal):
        ws.write_number(i, j, int(v))
    elif kind == "boolean":
        ws.write_boolean(i, j, v == "true")
    else:
        ws.write_string(i, j, str(v))
