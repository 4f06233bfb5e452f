"""A finding in words: where it is (table, row, column), how grave, what it says.  The
``check`` command prints findings with ``format_finding``; the budget page shows the same
words as a table row (generator/site/views/findings.py)."""

from __future__ import annotations

from decimal import Decimal

from ..catalog import BY_RESOURCE
from .findings import Finding
from .registry import BY_ID, PERCENT, SEVERITIES, SEVERITY_NAMES


def severity_name(severity: str, lang: str) -> str:
    return SEVERITY_NAMES[severity][0 if lang == "zh" else 1]


def table_name(resource: str, lang: str) -> str:
    spec = BY_RESOURCE[resource]
    return spec.zh if lang == "zh" else spec.en


def field_name(resource: str, field: str, lang: str) -> str:
    """The printed name of the column concerned ("" when it is not a column of the table)."""
    fields = {x.name: x for x in BY_RESOURCE[resource].fields}
    f = fields.get(field)
    return "" if f is None else (f.zh if lang == "zh" else f.en)


def row_text(line: int | None, lang: str) -> str:
    return f"第 {line} 行" if lang == "zh" else f"row {line}"


def check_text(f: Finding, lang: str) -> str:
    """What the finding's check compares."""
    check = BY_ID[f.check]
    return check.zh if lang == "zh" else check.en


def message(f: Finding, lang: str) -> str:
    return f.message_zh if lang == "zh" else f.message_en


def format_number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:f}%" if unit == PERCENT else f"{value:f}"


def format_finding(f: Finding, lang: str = "zh", source: str = "") -> str:
    """One finding as a line of plain text (the ``check`` command)."""
    zh = lang == "zh"
    where = table_name(f.table, lang)
    if f.table != "sections":
        if f.table_line is not None:
            where += (" " if zh else ", ") + row_text(f.table_line, lang)
        if f.label:
            where += f"“{f.label}”" if zh else f" ({f.label})"
        field = field_name(f.table, f.field, lang)
        if field:
            where += f"，{field}" if zh else f", {field.lower()}"
    numbers = (
        f"印列 {format_number(f.printed, f.unit)}，核对 {format_number(f.expected, f.unit)}"
        if zh
        else f"printed {format_number(f.printed, f.unit)}, expected {format_number(f.expected, f.unit)}"
    )
    if f.difference is not None:
        numbers += (
            f"，差额 {format_number(f.difference, f.unit)}"
            if zh
            else f", difference {format_number(f.difference, f.unit)}"
        )
    head = f"{source}: " if source else ""
    sep = "：" if zh else ": "
    return f"{head}[{severity_name(f.severity, lang)} {f.check}] {where}{sep}{numbers}{'。' if zh else '. '}{message(f, lang)}"


def format_summary(counts: dict[str, int], lang: str = "zh") -> str:
    zh = lang == "zh"
    parts = [f"{severity_name(s, lang)} {counts.get(s, 0)}" for s in SEVERITIES]
    return ("核对结果：" if zh else "checks: ") + ("，" if zh else ", ").join(parts)
