"""Checks across tables: the same money printed in two tables is the same amount."""

from __future__ import annotations

from decimal import Decimal

from ..model import Budget, Row
from .findings import Collector
from .registry import INFO, ZERO
from .rows import (
    NON_FISCAL,
    SOURCES,
    TOTAL_LABEL,
    amount,
    blocks,
    class_names,
    code_values,
    field_names,
    find_item,
    level_of,
    lines_text,
    non_fiscal_income,
    normalize,
    numbering_kind,
    q,
    side_rows,
    summary_total,
    table_names,
    table_total,
    total_of,
    unit_blocks,
    unit_rows,
    value_at,
)

FISCAL_TABLES = ("general-budget-by-function", "government-fund-expenditure", "state-capital-expenditure")


def check_function_vs_summary(c: Collector, budget: Budget) -> None:
    if not budget.rows("expenditure-summary") or not budget.rows("general-budget-by-function"):
        return
    other = non_fiscal_income(budget)
    for name in ("total", "basic", "project"):
        _subjects_vs_fiscal(c, budget, name, other)
        _totals_vs_fiscal(c, budget, name, other)


def _subjects_vs_fiscal(c: Collector, budget: Budget, name: str, other: Decimal) -> None:
    """Each functional subject of 支出总表 against the same subject in the three fiscal tables."""
    fz, fe = field_names("expenditure-summary", name)
    es = code_values(budget, "expenditure-summary", name)
    parts = {r: code_values(budget, r, name) for r in FISCAL_TABLES}
    seen: set[str] = set()
    for row in unit_rows(budget, "expenditure-summary"):
        code = str(row.get("code") or "")
        if not code or code in seen:
            continue
        seen.add(code)
        got = [value_at(parts[r], code) for r in FISCAL_TABLES]
        expected = total_of(got) or ZERO
        printed = es.get(code)
        c.compare(
            "function-vs-summary",
            "expenditure-summary",
            row,
            name,
            printed,
            expected,
            f"科目 {code} 的{q(fz)}不等于一般公共预算、政府性基金和国有资本经营预算支出表中该科目之和。",
            f"The {fe.lower()} of subject {code} does not equal that subject in the general public budget, "
            "government-fund and state-capital tables together.",
            terms=1 + sum(g is not None for g in got),
            severity=INFO if other and printed is not None and ZERO < printed - expected <= other else None,
        )


def _totals_vs_fiscal(c: Collector, budget: Budget, name: str, other: Decimal) -> None:
    """支出总表's total against the three fiscal tables' totals, and what explains their difference."""
    fz, fe = field_names("expenditure-summary", name)
    total_row, printed = table_total(budget, "expenditure-summary", name)
    totals = [table_total(budget, r, name)[1] for r in FISCAL_TABLES]
    general = totals[0]
    expected = total_of(totals) or ZERO
    explained_by_other = other and printed is not None and ZERO < printed - expected <= other
    c.compare(
        "function-vs-summary",
        "expenditure-summary",
        total_row,
        name,
        printed,
        expected,
        f"合计的{q(fz)}不等于一般公共预算、政府性基金和国有资本经营预算支出表合计之和"
        + ("，差额在单位资金等非财政拨款收入之内。" if explained_by_other else "。"),
        f"The total {fe.lower()} does not equal the general public budget, government-fund and "
        "state-capital tables' totals together"
        + (", within the unit's non-fiscal income." if explained_by_other else "."),
        terms=1 + sum(t is not None for t in totals),
        severity=INFO if explained_by_other else None,
    )
    if name == "total" and printed is not None and general is not None and printed == expected != general:
        funds = printed - general
        c.add(
            "function-vs-summary",
            INFO,
            "expenditure-summary",
            total_row,
            name,
            printed,
            general,
            f"支出总表合计比一般公共预算支出表多 {funds:f} 万元，即政府性基金预算和国有资本经营预算支出"
            "（一般公共预算支出表不含这两类支出），不是差错。",
            f"The expenditure summary's total exceeds the general public budget table by {funds:f} 万元: "
            "the government-fund and state-capital spending, which the general public budget table leaves out. "
            "Not an error.",
        )


def check_economic_vs_function(c: Collector, budget: Budget) -> None:
    if not budget.rows("general-budget-by-economic") or not budget.rows("general-budget-by-function"):
        return
    for name in ("total", "basic", "project"):
        fz, fe = field_names("general-budget-by-economic", name)
        row, printed = table_total(budget, "general-budget-by-economic", name)
        frow, expected = table_total(budget, "general-budget-by-function", name)
        c.compare(
            "economic-vs-function",
            "general-budget-by-economic",
            row,
            name,
            printed,
            expected,
            f"按经济分类的合计{q(fz)}不等于按功能分类的合计（第 {frow and frow.get('line')} 行）。",
            f"The total {fe.lower()} by economic classification does not equal the total by function "
            f"(line {frow and frow.get('line')}).",
        )


def _economic_keys(budget: Budget, resource: str) -> dict[tuple[str, str], tuple[Row, list[Row]]]:
    """Rows of an economic table by (class name, item name); a class by (name, "")."""
    out: dict[tuple[str, str], tuple[Row, list[Row]]] = {}
    for block in unit_blocks(blocks(resource, budget.rows(resource))):
        cls = ""
        for r in block.items:
            name = normalize(str(r.get("name") or ""))
            key = (name, "") if level_of(resource, r) == 1 else (cls, name)
            if level_of(resource, r) == 1:
                cls = name
            if key in out:
                out[key][1].append(r)
            else:
                out[key] = (r, [r])
    return out


def check_basic_vs_economic(c: Collector, budget: Budget) -> None:
    if not budget.rows("basic-expenditure") or not budget.rows("general-budget-by-economic"):
        return
    basic = _economic_keys(budget, "basic-expenditure")
    econ = _economic_keys(budget, "general-budget-by-economic")
    for key, (row, rows) in basic.items():
        printed = total_of(amount(r.get("general_budget")) for r in rows)
        carry = total_of(amount(r.get("carryover")) for r in rows) or ZERO
        if key not in econ and not printed:
            continue
        if key in econ:
            erows = econ[key][1]
            expected = total_of(amount(r.get("basic")) for r in erows)
            where = f"第 {lines_text(erows)} 行"
            where_en = f"lines {lines_text(erows)}" if len(erows) > 1 else f"line {erows[0].get('line')}"
            explained = expected is not None and printed is not None and ZERO < expected - printed <= carry
            zh = f"一般公共预算拨款不等于一般公共预算支出表（按经济分类）同名科目（{where}）的基本支出" + (
                "，差额在上年结转之内。" if explained else "。"
            )
            en = (
                "The general public budget appropriation does not equal the basic expenditure of the same item "
                f"in the general public budget by economic classification ({where_en})"
                + (", within the carry-over." if explained else ".")
            )
        else:
            expected, explained = ZERO, False
            zh = "一般公共预算支出表（按经济分类）中没有同名科目。"
            en = "The general public budget by economic classification has no item of this name."
        severity = INFO if explained else None
        c.compare(
            "basic-vs-economic",
            "basic-expenditure",
            row,
            "general_budget",
            printed,
            expected,
            zh,
            en,
            severity=severity,
        )
    for key, (erow, erows) in econ.items():
        v = total_of(amount(r.get("basic")) for r in erows)
        if key not in basic and v:
            c.compare(
                "basic-vs-economic",
                "general-budget-by-economic",
                erow,
                "basic",
                v,
                ZERO,
                "有基本支出，但基本支出总表中没有同名科目。",
                "Has basic expenditure, but the basic expenditure table has no item of this name.",
            )


def check_totals_across(c: Collector, budget: Budget) -> None:
    pairs = (
        ("basic-vs-summary", "basic-expenditure", "total", "expenditure-summary", "basic"),
        ("project-vs-summary", "project-expenditure", "total", "expenditure-summary", "project"),
        ("procurement-vs-summary", "procurement", "amount", "expenditure-summary", "procurement_total"),
    )
    for check, resource, field, other, ofield in pairs:
        row, printed = table_total(budget, resource, field)
        orow, expected = table_total(budget, other, ofield)
        if row is None or orow is None:
            continue
        oz, oe = field_names(other, ofield)
        tz, te = table_names(other)
        c.compare(
            check,
            resource,
            row,
            field,
            printed,
            expected,
            f"合计不等于{tz}的{q(oz)}（第 {orow.get('line')} 行）。",
            f"The total does not equal the {oe[0].lower() + oe[1:]} of the {te[0].lower() + te[1:]} (line {orow.get('line')}).",
        )
    _income_vs_summary(c, budget)
    _expenditure_vs_summary(c, budget)


def _income_vs_summary(c: Collector, budget: Budget) -> None:
    """收入总表's total against 收支总表's."""
    srow, income = summary_total(budget, "income")
    row, printed = table_total(budget, "income-summary", "total")
    if row is not None and srow is not None:
        c.compare(
            "income-vs-summary",
            "income-summary",
            row,
            "total",
            printed,
            income,
            f"收入总计不等于收支总表的收入总计（第 {srow.get('line')} 行）。",
            f"Total income does not equal total income in the summary of income and expenditure (line {srow.get('line')}).",
        )


def _expenditure_vs_summary(c: Collector, budget: Budget) -> None:
    """支出总表's total and functional classes against the expenditure side of 收支总表."""
    exp = side_rows(budget, "income-expenditure-summary", "expenditure")
    year_exp = find_item(exp, "本年支出合计")
    row, printed = table_total(budget, "expenditure-summary", "total")
    if row is None or year_exp is None:
        return
    c.compare(
        "expenditure-vs-summary",
        "expenditure-summary",
        row,
        "total",
        printed,
        amount(year_exp.get("amount")),
        f"支出总计不等于收支总表的本年支出合计（第 {year_exp.get('line')} 行）。",
        f"Total expenditure does not equal the expenditure of the year in the summary of income and "
        f"expenditure (line {year_exp.get('line')}).",
    )
    # Each functional class printed on the summary's expenditure side.
    classes = class_names(budget)
    es = code_values(budget, "expenditure-summary", "total")
    for r in exp[: exp.index(year_exp)]:
        code = classes.get(normalize(str(r.get("item") or "")))
        if code is None or numbering_kind(str(r.get("item") or "")) not in ("", "cn"):
            continue
        expected = value_at(es, code)
        c.compare(
            "expenditure-vs-summary",
            "income-expenditure-summary",
            r,
            "amount",
            amount(r.get("amount")),
            expected if expected is not None else ZERO,
            f"不等于支出总表中功能分类 {code} 的支出总计。",
            f"Does not equal the total of functional class {code} in the expenditure summary.",
        )


def check_sources_vs_spending(c: Collector, budget: Budget) -> None:
    row, _ = table_total(budget, "income-summary", "total")
    if row is None or not budget.rows("basic-expenditure") or not budget.rows("project-expenditure"):
        return
    basic_row, _ = table_total(budget, "basic-expenditure", "total")
    project_row, _ = table_total(budget, "project-expenditure", "total")
    if basic_row is None or project_row is None:
        return
    fields = [
        *((f, (("basic-expenditure", f), ("project-expenditure", f))) for f in SOURCES),
        ("basic_appropriation", (("basic-expenditure", "general_budget"),)),
        *(
            (f, (("project-expenditure", f),))
            for f in ("duty_project_appropriation", "special_fund_appropriation", "government_investment_appropriation")
        ),
    ]
    for name, parts in fields:
        values = [table_total(budget, r, f)[1] for r, f in parts]
        printed = amount(row.get(name))
        if printed is None and all(v is None for v in values):
            continue
        fz, fe = field_names("income-summary", name)
        where_zh = "与".join(f"{table_names(r)[0]}{q(field_names(r, f)[0])}" for r, f in parts)
        where_en = " and ".join(f"{field_names(r, f)[1].lower()} in the {table_names(r)[1].lower()}" for r, f in parts)
        c.compare(
            "sources-vs-spending",
            "income-summary",
            row,
            name,
            printed,
            total_of(values) if any(v is not None for v in values) else None,
            f"{q(fz)}不等于{where_zh}" + ("之和。" if len(parts) > 1 else "。"),
            f"{fe} does not equal {where_en}" + (" together." if len(parts) > 1 else "."),
            terms=len(parts),
        )


def check_fiscal_vs_summary(c: Collector, budget: Budget) -> None:
    fin, fexp = (side_rows(budget, "fiscal-appropriation-summary", side) for side in ("income", "expenditure"))
    sin, sexp = (side_rows(budget, "income-expenditure-summary", side) for side in ("income", "expenditure"))
    if not fin or not sin:
        return
    non_fiscal = [r for r in sin if normalize(str(r.get("item") or "")) in NON_FISCAL]
    other = total_of(amount(r.get("amount")) for r in non_fiscal) or ZERO
    ftotal, stotal = find_item(fin, "收入总计"), find_item(sin, "收入总计")
    stotal_amount = amount(stotal.get("amount")) if stotal is not None else None
    if ftotal is not None and stotal is not None and stotal_amount is not None:
        c.compare(
            "fiscal-vs-summary",
            "fiscal-appropriation-summary",
            ftotal,
            "amount",
            amount(ftotal.get("amount")),
            stotal_amount - other,
            f"收入总计不等于收支总表收入总计（第 {stotal.get('line')} 行）减去财政专户管理资金和单位资金等非财政拨款收入。",
            f"Total income does not equal the summary's total income (line {stotal.get('line')}) less "
            "fiscal special accounts and the unit's own funds.",
            terms=1 + len(non_fiscal),
        )
    if other == 0:  # no non-fiscal money: the same items are spent
        _fiscal_items(c, fexp, sexp)
    _fiscal_vs_function(c, budget, fexp)


def _fiscal_items(c: Collector, fexp: list[Row], sexp: list[Row]) -> None:
    """The expenditure items of the two summaries, when both print the same items."""
    fitems = [r for r in fexp if not TOTAL_LABEL.search(str(r.get("item") or ""))]
    sitems = [r for r in sexp if not TOTAL_LABEL.search(str(r.get("item") or ""))]
    if [normalize(str(r.get("item") or "")) for r in fitems] != [normalize(str(r.get("item") or "")) for r in sitems]:
        return
    for f, s in zip(fitems, sitems, strict=True):
        c.compare(
            "fiscal-vs-summary",
            "fiscal-appropriation-summary",
            f,
            "amount",
            amount(f.get("amount")),
            amount(s.get("amount")),
            f"与收支总表同一项目（第 {s.get('line')} 行）不同。",
            f"Differs from the same item in the summary of income and expenditure (line {s.get('line')}).",
        )


def _fiscal_vs_function(c: Collector, budget: Budget, fexp: list[Row]) -> None:
    """Fiscal expenditure of the year = the three fiscal budgets' tables."""
    year_exp = find_item(fexp, "本年支出合计")
    if year_exp is None or not budget.rows("general-budget-by-function"):
        return
    totals = [table_total(budget, r, "total")[1] for r in FISCAL_TABLES]
    c.compare(
        "fiscal-vs-function",
        "fiscal-appropriation-summary",
        year_exp,
        "amount",
        amount(year_exp.get("amount")),
        total_of(totals),
        "本年支出合计不等于一般公共预算、政府性基金预算和国有资本经营预算支出表合计之和。",
        "Expenditure of the year does not equal the general public budget, government-fund and "
        "state-capital tables' totals together.",
        terms=sum(t is not None for t in totals),
    )


def check_procurement_sme(c: Collector, budget: Budget) -> None:
    for row in budget.rows("expenditure-summary"):
        total, sme, small = (
            amount(row.get(f)) for f in ("procurement_total", "procurement_sme", "procurement_small_micro")
        )
        for part, whole, fpart, fwhole in (
            (sme, total, "procurement_sme", "procurement_total"),
            (small, sme, "procurement_small_micro", "procurement_sme"),
        ):
            if part is None or whole is None or part <= whole:
                continue
            pz, pe = field_names("expenditure-summary", fpart)
            wz, we = field_names("expenditure-summary", fwhole)
            c.compare(
                "procurement-sme",
                "expenditure-summary",
                row,
                fpart,
                part,
                whole,
                f"{q(pz)}大于{q(wz)}。",
                f"{pe} exceeds {we[0].lower() + we[1:]}.",
            )


# This family's checks, in the order they run.
CHECKS = (
    check_function_vs_summary,
    check_economic_vs_function,
    check_basic_vs_economic,
    check_totals_across,
    check_sources_vs_spending,
    check_fiscal_vs_summary,
    check_procurement_sme,
)
