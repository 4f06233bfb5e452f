"""Departments side by side: the same few figures for every budget (pure functions).

Each figure comes from the tables (total, basic and project expenditure, personnel, the three
public expenses, procurement, spending by functional class) or, where only the text states it,
from the text (the change from last year, staff numbers); a figure a budget does not give is
None, shown empty, never 0.  ``compare_csv`` writes what the compare page shows.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal

from ..catalog import FUNCTION_CLASSES
from ..checks import SEVERITIES, Finding, count, run_checks
from ..checks import statements as st
from ..checks.rows import (
    amount,
    code_values,
    level1_rows,
    summary_total,
    table_total,
    total_of,
    unit_rows,
    value_at,
)
from ..model import Budget, format_value

SHARE = Decimal("0.0001")


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part / whole`` to four places (0.1580 is 15.8 %); None when either is unknown or whole is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole).quantize(SHARE)


@dataclass
class Comparison:
    budget: Budget
    total: Decimal | None  # 支出总计
    change: Decimal | None  # from last year's budget, as part 2 states it (signed)
    change_percent: Decimal | None  # as stated, signed like the change
    basic: Decimal | None
    project: Decimal | None
    personnel: Decimal | None  # 工资福利支出 (人员支出)
    three_public: Decimal | None  # this year's, all funds
    three_public_change: Decimal | None
    procurement: Decimal | None
    procurement_sme: Decimal | None  # reserved for small and medium enterprises
    functions: dict[str, Decimal] = field(default_factory=dict)  # functional class (3 digits) → 支出总计
    function_names: dict[str, str] = field(default_factory=dict)  # class → name as printed
    authorised_posts: int | None = None
    staff_in_post: int | None = None
    findings: dict[str, int] = field(default_factory=dict)

    @property
    def basic_share(self) -> Decimal | None:
        both = total_of([self.basic, self.project])
        return share(self.basic, both)

    @property
    def project_share(self) -> Decimal | None:
        return share(self.project, total_of([self.basic, self.project]))

    @property
    def personnel_share(self) -> Decimal | None:
        return share(self.personnel, self.total)

    @property
    def sme_share(self) -> Decimal | None:
        return share(self.procurement_sme, self.procurement)

    def function_share(self, code: str) -> Decimal | None:
        return share(self.functions.get(code), total_of(self.functions.values()))


def functions_of(budget: Budget) -> tuple[dict[str, Decimal], dict[str, str]]:
    """Spending by functional class: 支出总表 (every fund), else the three fiscal tables."""
    resources = ["expenditure-summary"]
    if not code_values(budget, "expenditure-summary", "total"):
        resources = ["general-budget-by-function", "government-fund-expenditure", "state-capital-expenditure"]
    out: dict[str, Decimal] = {}
    names: dict[str, str] = {}
    for resource in resources:
        values = code_values(budget, resource, "total")
        for code in sorted({c[:3] for c in values}):
            v = value_at(values, code)
            if v is not None:
                out[code] = out.get(code, Decimal(0)) + v
        for r in unit_rows(budget, resource):
            code = str(r.get("code") or "")
            if len(code) == 3 and r.get("name"):
                names.setdefault(code, str(r["name"]))
    for code in out:
        names.setdefault(code, FUNCTION_CLASSES.get(code, code))
    return out, names


def compare(budget: Budget, findings: list[Finding] | None = None) -> Comparison:
    year = str(budget.meta.year)
    _, total = summary_total(budget, "expenditure")
    if total is None:
        _, total = table_total(budget, "expenditure-summary", "total")
    change = st.total_change(budget, "expenditure")
    pct = None
    if change is not None and change.percent is not None:
        pct = -change.percent.value if change.amount.value < 0 else change.percent.value
    _, basic = table_total(budget, "basic-expenditure", "total")
    _, project = table_total(budget, "project-expenditure", "total")
    if basic is None:
        _, basic = table_total(budget, "expenditure-summary", "basic")
    if project is None:
        _, project = table_total(budget, "expenditure-summary", "project")
    personnel = total_of(amount(r.get("total")) for r in level1_rows(budget, "basic-expenditure", "工资福利支出"))
    three = budget.rows("three-public-expenses")
    first_unit = three[0].get("unit") if three else None
    mine = [r for r in three if r.get("unit") == first_unit]
    three_now = total_of(amount(r.get("total")) for r in mine if r.get("year") == year)
    three_change = total_of(amount(r.get("total")) for r in mine if r.get("year") == "change")
    _, procurement = table_total(budget, "procurement", "amount")
    _, summary_procurement = table_total(budget, "expenditure-summary", "procurement_total")
    _, sme = table_total(budget, "expenditure-summary", "procurement_sme")
    functions, names = functions_of(budget)
    staff = st.staff(budget)
    return Comparison(
        budget,
        total,
        change.amount.value if change else None,
        pct,
        basic,
        project,
        personnel,
        three_now,
        three_change,
        procurement if procurement is not None else summary_procurement,
        sme,
        functions,
        names,
        staff.authorised if staff else None,
        staff.in_post if staff else None,
        count(findings if findings is not None else run_checks(budget)),
    )


def all_classes(rows: list[Comparison]) -> list[str]:
    return sorted({code for r in rows for code in r.functions})


CSV_FIELDS = (
    "id",
    "year",
    "department",
    "department_en",
    "total_expenditure",
    "change",
    "change_percent",
    "basic",
    "project",
    "basic_share",
    "project_share",
    "personnel",
    "personnel_share",
    "three_public",
    "three_public_change",
    "procurement",
    "procurement_sme",
    "procurement_sme_share",
    "authorised_posts",
    "staff_in_post",
    *(f"findings_{s}" for s in SEVERITIES),
)


def compare_csv(rows: list[Comparison]) -> bytes:
    """The compare page's figures as CSV (UTF-8 with BOM): amounts in 万元, shares as fractions
    (0.1580 = 15.8 %), change_percent in per cent as the text states it, one column per
    functional class (``function_<code>``, 支出总计)."""
    classes = all_classes(rows)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([*CSV_FIELDS, *(f"function_{c}" for c in classes)])
    for r in rows:
        m = r.budget.meta
        w.writerow(
            format_value(v)
            for v in (
                m.id,
                m.year,
                m.department,
                m.department_en,
                r.total,
                r.change,
                r.change_percent,
                r.basic,
                r.project,
                r.basic_share,
                r.project_share,
                r.personnel,
                r.personnel_share,
                r.three_public,
                r.three_public_change,
                r.procurement,
                r.procurement_sme,
                r.sme_share,
                r.authorised_posts,
                r.staff_in_post,
                *(r.findings.get(s, 0) for s in SEVERITIES),
                *(r.functions.get(c) for c in classes),
            )
        )
    return buf.getvalue().encode("utf-8-sig")
