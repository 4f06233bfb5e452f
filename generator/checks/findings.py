"""Findings: what a check reports, how two figures are compared (rounding, tolerance), and the
findings as rows of the ``findings`` resource."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model import Row
from .registry import BY_ID, CENT, ERROR, ROUNDING, SEVERITIES, WAN, ZERO


@dataclass(frozen=True)
class Finding:
    check: str
    severity: str
    table: str  # the resource concerned
    table_line: int | None  # the row's ``line`` in that resource
    field: str = ""  # the column concerned ("text" for a part of the text)
    label: str = ""  # the row or item as printed
    label_en: str = ""  # its English, where the check knows it (items of the text)
    code: str = ""  # the row's classification code, if any
    printed: Decimal | None = None
    expected: Decimal | None = None
    unit: str = WAN  # 万元 | % | count
    message_zh: str = ""
    message_en: str = ""

    @property
    def difference(self) -> Decimal | None:
        if self.printed is None or self.expected is None:
            return None
        return self.printed - self.expected


def findings_rows(findings: Iterable[Finding]) -> list[Row]:
    """The findings as rows of the ``findings`` resource."""
    return [
        {
            "line": i,
            "check": f.check,
            "severity": f.severity,
            "table": f.table,
            "table_line": f.table_line,
            "field": f.field,
            "label": f.label,
            "unit": f.unit,
            "printed": f.printed,
            "expected": f.expected,
            "difference": f.difference,
            "message_zh": f.message_zh,
            "message_en": f.message_en,
        }
        for i, f in enumerate(findings, start=1)
    ]


def count(findings: Iterable[Finding]) -> dict[str, int]:
    out = dict.fromkeys(SEVERITIES, 0)
    for f in findings:
        out[f.severity] += 1
    return out


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)


def text_tolerance(value: Decimal) -> Decimal:
    """Half a unit of the last digit printed: '3,460.1' stands for anything in 3460.05…3460.15."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or exponent <= -2:
        return ZERO
    return Decimal(5) * Decimal(10) ** (exponent - 1)


class Collector:
    """Collects the findings of one budget."""

    def __init__(self) -> None:
        self.items: list[Finding] = []

    def compare(
        self,
        check: str,
        table: str,
        row: Row | None,
        field: str,
        printed: Decimal | None,
        expected: Decimal | None,
        zh: str,
        en: str,
        *,
        terms: int = 1,
        tolerance: Decimal = ZERO,
        line: int | None = None,
        label: str | None = None,
        label_en: str = "",
        unit: str = WAN,
        severity: str | None = None,
    ) -> Finding | None:
        """A finding when ``printed`` differs from ``expected``: rounding within one cent per
        summed term (or ``tolerance``, for figures the text prints with fewer decimals), else
        the check's severity."""
        if printed is None or expected is None or printed == expected:
            return None
        allowed = max(CENT * max(terms, 1), tolerance) if unit == WAN else tolerance
        level = ROUNDING if abs(printed - expected) <= allowed else (severity or BY_ID[check].severity)
        return self.add(
            check,
            level,
            table,
            row,
            field,
            printed,
            expected,
            zh,
            en,
            line=line,
            label=label,
            label_en=label_en,
            unit=unit,
        )

    def add(
        self,
        check: str,
        severity: str,
        table: str,
        row: Row | None,
        field: str,
        printed: Decimal | None,
        expected: Decimal | None,
        zh: str,
        en: str,
        *,
        line: int | None = None,
        label: str | None = None,
        label_en: str = "",
        unit: str = WAN,
    ) -> Finding:
        if line is None and row is not None and isinstance(row.get("line"), int):
            line = row["line"]  # type: ignore[assignment]
        f = Finding(
            check,
            severity,
            table,
            line,
            field,
            row_label(row) if label is None and row is not None else (label or ""),
            label_en,
            str(row.get("code") or "") if row is not None else "",
            printed,
            expected,
            unit,
            zh,
            en,
        )
        self.items.append(f)
        return f


def row_label(row: Row) -> str:
    for name in ("name", "item", "project", "task", "indicator", "unit"):
        v = row.get(name)
        if v and isinstance(v, str):  # 支出总表's `project` is an amount
            return v
    return ""


def q(text: str) -> str:
    """A name in Chinese quotation marks, unless it has its own (“三公”经费合计)."""
    return text if text.startswith("“") else f"“{text}”"


def text_tolerance_percent(value: Decimal) -> Decimal:
    """Half a unit of the last digit of a printed percentage ('5.8%' → 0.05)."""
    exponent = value.as_tuple().exponent
    exponent = exponent if isinstance(exponent, int) else 0
    return Decimal(5) * Decimal(10) ** (exponent - 1)
