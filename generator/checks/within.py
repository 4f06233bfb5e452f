"""Checks within one table: rows' totals, parents and children, the two-sided summaries, the
three public expenses' change, the performance tasks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ..catalog import BY_RESOURCE
from ..model import Budget, Row
from .findings import Collector
from .registry import ZERO
from .rows import (
    CARRYOVER_IN,
    CARRYOVER_OUT,
    INCOME_TOP,
    SOURCES,
    TOTAL_LABEL,
    UNIT_FUNDS,
    amount,
    blocks,
    children_of,
    class_names,
    department_block,
    field_names,
    find_item,
    lines_text,
    normalize,
    numbering_kind,
    q,
    side_rows,
    summary_total,
    table_total,
    total_of,
)

HIERARCHICAL = (
    "income-summary",
    "expenditure-summary",
    "basic-expenditure",
    "project-expenditure",
    "general-budget-by-function",
    "general-budget-by-economic",
    "government-fund-expenditure",
    "state-capital-expenditure",
    "special-transfer-expenditure",
    "procurement",
)


def check_children(c: Collector, budget: Budget) -> None:
    for resource in HIERARCHICAL:
        rows = budget.rows(resource)
        if not rows:
            continue
        fields = [f.name for f in BY_RESOURCE[resource].amounts]
        bls = blocks(resource, rows)
        dept = department_block(bls)
        if dept is not None:
            units = [b.head for b in bls if b is not dept]
            for name in fields:
                fz, fe = field_names(resource, name)
                _sum_of(
                    c,
                    "children-sum",
                    resource,
                    dept.head,
                    name,
                    units,
                    f"部门合计行的{q(fz)}不等于其下 {len(units)} 个单位（第 {lines_text(units)} 行）之和。",
                    f"The department's {fe.lower()} does not equal the sum of its {len(units)} "
                    f"units (lines {lines_text(units)}).",
                )
        for block in bls:
            for parent, kids in children_of(resource, block):
                for name in fields:
                    fz, fe = field_names(resource, name)
                    _sum_of(
                        c,
                        "children-sum",
                        resource,
                        parent,
                        name,
                        kids,
                        f"{q(fz)}不等于其下 {len(kids)} 行（第 {lines_text(kids)} 行）之和。",
                        f"{fe} does not equal the sum of the {len(kids)} rows below it (lines {lines_text(kids)}).",
                    )


SPENDING_PARTS = ("basic", "project", "business_operating", "subordinate_subsidy", "remittance_to_superior")
CODED_FUNCTIONAL = (
    "expenditure-summary",
    "general-budget-by-function",
    "general-budget-by-economic",
    "government-fund-expenditure",
    "state-capital-expenditure",
)

# (resource, subtotal field, its parts)
SUBTOTALS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "income-summary",
        "general_budget",
        (
            "basic_appropriation",
            "duty_project_appropriation",
            "special_fund_appropriation",
            "government_investment_appropriation",
        ),
    ),
    (
        "project-expenditure",
        "general_budget",
        ("duty_project_appropriation", "special_fund_appropriation", "government_investment_appropriation"),
    ),
    ("basic-expenditure", "fiscal_subtotal", ("general_budget", "government_fund", "state_capital")),
    ("three-public-expenses", "total", ("overseas", "reception", "vehicles")),
    ("three-public-expenses", "vehicles", ("vehicle_purchase", "vehicle_operation")),
    ("performance-tasks", "total", ("fiscal", "other")),
)
# (resource, total field, the sources that make it up)
SOURCE_TOTALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("income-summary", SOURCES),
    ("basic-expenditure", ("fiscal_subtotal", *UNIT_FUNDS)),
    ("project-expenditure", SOURCES),
)


def _sum_check(
    c: Collector, check: str, resource: str, row: Row, total: str, parts: Sequence[str], *, only_printed: bool = False
) -> None:
    values = [amount(row.get(p)) for p in parts]
    if only_printed and all(v is None for v in values):
        return
    tz, te = field_names(resource, total)
    names = [field_names(resource, p) for p in parts if p in {f.name for f in BY_RESOURCE[resource].fields}]
    c.compare(
        check,
        resource,
        row,
        total,
        amount(row.get(total)),
        total_of(values),
        f"{q(tz)}不等于" + "、".join(f"{q(z)}" for z, _ in names) + "之和。",
        f"{te} does not equal the sum of " + ", ".join(e.lower() for _, e in names) + ".",
        terms=len(parts),
    )


def check_rows(c: Collector, budget: Budget) -> None:
    for resource in CODED_FUNCTIONAL:
        present = [p for p in SPENDING_PARTS if p in {f.name for f in BY_RESOURCE[resource].fields}]
        for row in budget.rows(resource):
            _sum_check(c, "row-total", resource, row, "total", present)
    for resource, parts in SOURCE_TOTALS:
        for row in budget.rows(resource):
            _sum_check(c, "row-sources", resource, row, "total", parts)
    for resource, total, parts in SUBTOTALS:
        for row in budget.rows(resource):
            if resource == "performance-tasks" and row.get("total") is None:
                continue
            _sum_check(c, "row-subtotal", resource, row, total, parts, only_printed=True)


def income_levels(rows: Sequence[Row]) -> list[int]:
    """The depth of each income item above 本年收入合计: numbered 一、 items and the known top
    items are 1, numbered 1. items are 2; an item repeating the one above is one deeper
    (政府预算资金 › 一般公共预算资金 › 一般公共预算资金)."""
    levels: list[int] = []
    prev = ""
    for r in rows:
        label = str(r.get("item") or "")
        bare = normalize(label)
        kind = numbering_kind(label)
        if bare == prev and levels:
            lv = levels[-1] + 1
        elif kind == "cn":
            lv = 1
        elif kind in ("digit", "paren"):
            lv = 2
        else:
            lv = 1 if bare in INCOME_TOP else 2
        levels.append(lv)
        prev = bare
    return levels


def _tree_sums(c: Collector, resource: str, rows: Sequence[Row], levels: Sequence[int]) -> None:
    """Each item with deeper items right below it equals their sum (the next level only)."""
    for i, (row, lv) in enumerate(zip(rows, levels, strict=True)):
        kids = []
        child_level = None
        for r, lv2 in zip(rows[i + 1 :], levels[i + 1 :], strict=True):
            if lv2 <= lv:
                break
            child_level = lv2 if child_level is None else min(child_level, lv2)
            kids.append((r, lv2))
        kids = [(r, lv2) for r, lv2 in kids if lv2 == child_level]
        if not kids:
            continue
        krows = [r for r, _ in kids]
        _sum_of(
            c,
            "summary-items",
            resource,
            row,
            "amount",
            krows,
            f"该项不等于其下 {len(krows)} 个分项（第 {lines_text(krows)} 行）之和。",
            f"The item does not equal the sum of its {len(krows)} sub-items (lines {lines_text(krows)}).",
        )


def _sum_of(
    c: Collector, check: str, resource: str, row: Row, field: str, parts: Sequence[Row], zh: str, en: str
) -> None:
    """``row``'s ``field`` against the sum of the same field over the rows ``parts``."""
    c.compare(
        check,
        resource,
        row,
        field,
        amount(row.get(field)),
        total_of(amount(r.get(field)) for r in parts),
        zh,
        en,
        terms=len(parts),
    )


def check_two_sided(c: Collector, budget: Budget) -> None:
    classes = class_names(budget)
    for resource in ("income-expenditure-summary", "fiscal-appropriation-summary"):
        if not budget.rows(resource):
            continue
        inc, exp = side_rows(budget, resource, "income"), side_rows(budget, resource, "expenditure")
        _balance(c, resource, inc, exp)
        _year_and_carryover(c, resource, inc, exp)
        _income_items(c, resource, inc)
        _expenditure_classes(c, resource, exp, classes)


def _balance(c: Collector, resource: str, inc: list[Row], exp: list[Row]) -> None:
    income_total, spending_total = find_item(inc, "收入总计"), find_item(exp, "支出总计")
    if income_total and spending_total:
        c.compare(
            "balance",
            resource,
            income_total,
            "amount",
            amount(income_total.get("amount")),
            amount(spending_total.get("amount")),
            f"收入总计不等于支出总计（第 {spending_total.get('line')} 行）。",
            f"Total income does not equal total expenditure (line {spending_total.get('line')}).",
        )


def _year_and_carryover(c: Collector, resource: str, inc: list[Row], exp: list[Row]) -> None:
    """本年收入合计 + 上年结余、结转 = 收入总计; 本年支出合计 + 结转下年 = 支出总计."""
    for rows, total_label, year_label, carry_labels, zh, en in (
        (inc, "收入总计", "本年收入合计", CARRYOVER_IN, "本年收入合计与上年结余、结转之和", "income of the year plus the carry-over"),
        (exp, "支出总计", "本年支出合计", CARRYOVER_OUT, "本年支出合计与结转下年之和", "expenditure of the year plus the carry-over to next year"),
    ):  # fmt: skip
        total_row, year_row = find_item(rows, total_label), find_item(rows, year_label)
        carry = find_item(rows, *carry_labels)
        if total_row is None or year_row is None:
            continue
        c.compare(
            "summary-totals",
            resource,
            total_row,
            "amount",
            amount(total_row.get("amount")),
            total_of([amount(year_row.get("amount")), amount(carry.get("amount")) if carry else ZERO]),
            f"总计不等于{zh}。",
            f"The total does not equal the {en}.",
            terms=2,
        )


def _income_items(c: Collector, resource: str, inc: list[Row]) -> None:
    """The items above 本年收入合计 add up to it (and each to its sub-items); the carry-over
    items below it to theirs."""
    year_row = find_item(inc, "本年收入合计")
    if year_row is None:
        return
    above = inc[: inc.index(year_row)]
    levels = income_levels(above)
    top = [r for r, lv in zip(above, levels, strict=True) if lv == 1]
    if top:
        _sum_of(
            c,
            "summary-items",
            resource,
            year_row,
            "amount",
            top,
            f"本年收入合计不等于各收入项目（第 {lines_text(top)} 行）之和。",
            f"Income of the year does not equal the sum of the income items (lines {lines_text(top)}).",
        )
    _tree_sums(c, resource, above, levels)
    after = inc[inc.index(year_row) + 1 :]
    carry = find_item(after, *CARRYOVER_IN)
    if carry is not None:
        subs = []
        for r in after[after.index(carry) + 1 :]:
            if numbering_kind(str(r.get("item") or "")) != "digit":
                break
            subs.append(r)
        _tree_sums(c, resource, [carry, *subs], [1] + [2] * len(subs))


def _expenditure_classes(c: Collector, resource: str, exp: list[Row], classes: dict[str, str]) -> None:
    """The functional classes (类) above 本年支出合计 add up to it."""
    year_exp = find_item(exp, "本年支出合计")
    if year_exp is None:
        return
    items = exp[: exp.index(year_exp)]
    top = [
        r
        for r in items
        if numbering_kind(str(r.get("item") or "")) == "cn" or normalize(str(r.get("item") or "")) in classes
    ]
    if top:
        _sum_of(
            c,
            "summary-items",
            resource,
            year_exp,
            "amount",
            top,
            f"本年支出合计不等于各功能分类（第 {lines_text(top)} 行）之和。",
            f"Expenditure of the year does not equal the sum of the functional classes (lines {lines_text(top)}).",
        )


def check_three_public_change(c: Collector, budget: Budget) -> None:
    rows = budget.rows("three-public-expenses")
    year = str(budget.meta.year)
    groups: dict[tuple[str, str], dict[str, Row]] = defaultdict(dict)
    for r in rows:
        groups[(str(r.get("unit") or ""), str(r.get("fund") or ""))][str(r.get("year") or "")] = r
    fields = [f.name for f in BY_RESOURCE["three-public-expenses"].amounts]
    for by_year in groups.values():
        change, now = by_year.get("change"), by_year.get(year)
        before = by_year.get(str(budget.meta.year - 1))
        if change is None or now is None or before is None:
            continue
        for name in fields:
            a, b = amount(now.get(name)), amount(before.get(name))
            fz, fe = field_names("three-public-expenses", name)
            c.compare(
                "three-public-change",
                "three-public-expenses",
                change,
                name,
                amount(change.get(name)),
                a - b if a is not None and b is not None else None,
                f"{q(fz)}的增减变化金额不等于 {year} 年预算数（第 {now.get('line')} 行）减 {budget.meta.year - 1} 年"
                f"（第 {before.get('line')} 行）。",
                f"The change in {fe[0].lower() + fe[1:]} does not equal {year} (line {now.get('line')}) minus "
                f"{budget.meta.year - 1} (line {before.get('line')}).",
                terms=2,
            )


def check_tasks(c: Collector, budget: Budget) -> None:
    rows = [r for r in budget.rows("performance-tasks") if r.get("total") is not None]
    totals = [r for r in rows if TOTAL_LABEL.search(str(r.get("task") or ""))]
    tasks = [r for r in rows if r not in totals]
    if not totals or not tasks:
        return
    total = totals[-1]
    for name in ("total", "fiscal", "other"):
        fz, fe = field_names("performance-tasks", name)
        _sum_of(
            c,
            "tasks-total",
            "performance-tasks",
            total,
            name,
            tasks,
            f"金额合计的{q(fz)}不等于 {len(tasks)} 项任务（第 {lines_text(tasks)} 行）之和。",
            f"The total's {fe[0].lower() + fe[1:]} does not equal the sum of the {len(tasks)} tasks (lines {lines_text(tasks)}).",
        )
    # The total is the whole budget, or (when only projects are listed) project expenditure.
    printed = amount(total.get("total"))
    _, spending = summary_total(budget, "expenditure")
    _, projects = table_total(budget, "project-expenditure", "total")
    if printed is not None and spending is not None and printed != projects:
        c.compare(
            "tasks-vs-budget",
            "performance-tasks",
            total,
            "total",
            printed,
            spending,
            "金额合计既不等于支出总计，也不等于项目支出合计。",
            "The total equals neither total expenditure nor project expenditure.",
        )


# This family's checks, in the order they run.
CHECKS = (
    check_rows,
    check_children,
    check_two_sided,
    check_three_public_change,
    check_tasks,
)
