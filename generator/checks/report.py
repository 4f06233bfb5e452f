"""Findings as lines of plain text (the ``check`` command)."""

from __future__ import annotations

from decimal import Decimal

from ..catalog import BY_RESOURCE
from .findings import Finding
from .registry import PERCENT, SEVERITIES, SEVERITY_NAMES


def format_number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    return f"{value:f}%" if unit == PERCENT else f"{value:f}"


def format_finding(f: Finding, lang: str = "zh", source: str = "") -> str:
    """One finding as a line of plain text (the ``check`` command)."""
    zh = lang == "zh"
    spec = BY_RESOURCE[f.table]
    fields = {x.name: x for x in spec.fields}
    where = spec.zh if zh else spec.en
    if f.table_line is not None and f.table != "sections":
        where += f" 第 {f.table_line} 行" if zh else f", row {f.table_line}"
    if f.label and f.table != "sections":
        where += f"“{f.label}”" if zh else f" ({f.label})"
    if f.field in fields and f.table != "sections":
        where += f"，{fields[f.field].zh}" if zh else f", {fields[f.field].en.lower()}"
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
    severity = SEVERITY_NAMES[f.severity][0 if zh else 1]
    head = f"{source}: " if source else ""
    sep = "：" if zh else ": "
    return f"{head}[{severity} {f.check}] {where}{sep}{numbers}{'。' if zh else '. '}{f.message_zh if zh else f.message_en}"


def format_summary(counts: dict[str, int], lang: str = "zh") -> str:
    zh = lang == "zh"
    parts = [f"{SEVERITY_NAMES[s][0 if zh else 1]} {counts.get(s, 0)}" for s in SEVERITIES]
    return ("核对结果：" if zh else "checks: ") + ("，" if zh else ", ").join(parts)
