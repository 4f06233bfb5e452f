"""Checks of the text against the tables: every figure the text states (``statements``)."""

from __future__ import annotations

from decimal import Decimal

from ..chinese import numeral
from ..model import Budget
from . import statements as st
from .findings import Collector, text_tolerance, text_tolerance_percent
from .registry import COUNT, PERCENT, ROUNDING, WAN, WARNING, ZERO
from .rows import (
    amount,
    level1_rows,
    level_of,
    normalize,
    project_amounts,
    summary_total,
    table_total,
    total_of,
    unit_rows,
)


def _text(
    c: Collector,
    check: str,
    s: st.Stated,
    expected: Decimal | None,
    zh: str,
    en: str,
    *,
    label: str,
    label_en: str,
    terms: int = 1,
    unit: str = WAN,
    severity: str | None = None,
) -> None:
    c.compare(
        check,
        "sections",
        None,
        "text",
        s.value,
        expected,
        f"第{numeral(s.part)}部分“{s.phrase}”：{zh}",
        f"Part {s.part}: {en}",
        terms=terms,
        tolerance=text_tolerance(s.value) if unit == WAN else ZERO,
        line=s.line,
        label=label,
        label_en=label_en,
        unit=unit,
        severity=severity,
    )


def check_text_totals(c: Collector, budget: Budget) -> None:
    """Part 2's income and expenditure totals."""
    for key, zh_item, en_item in (
        ("income", "收入总计", "Total income"),
        ("expenditure", "支出总计", "Total expenditure"),
    ):
        s = st.totals(budget).get(key)
        if s is not None:
            _, expected = summary_total(budget, key)
            _text(
                c,
                "text-totals",
                s,
                expected,
                f"与收支总表的{zh_item}不符。",
                f"{en_item} as stated differs from the summary table.",
                label=zh_item,
                label_en=en_item,
            )


def check_text_changes(c: Collector, budget: Budget) -> None:
    """Every change stated as an amount and a percentage: do the two agree?"""
    for ch in st.changes(budget):
        if ch.current is None or ch.percent is None:
            continue
        base = ch.current.value - ch.amount.value
        if base <= 0:
            continue  # a new item: no percentage to compute ('增加 100%')
        computed = (abs(ch.amount.value) / base * 100).quantize(Decimal("0.001"))
        half = text_tolerance_percent(ch.percent.value)
        diff = abs(ch.percent.value - computed)
        if diff <= half:
            continue
        c.add(
            "text-change",
            ROUNDING if diff <= 2 * half else WARNING,
            "sections",
            None,
            "text",
            ch.percent.value,
            computed,
            f"第{numeral(ch.amount.part)}部分“{ch.amount.phrase}”：{ch.current.value:f} 万元较上年变动 "
            f"{abs(ch.amount.value):f} 万元，即 {computed:f}%，与所述百分比不符。",
            f"Part {ch.amount.part}: a change of {abs(ch.amount.value):f} 万元 to {ch.current.value:f} 万元 is "
            f"{computed:f}%, not the percentage stated.",
            line=ch.amount.line,
            label=ch.amount.phrase,
            label_en="Change from last year",
            unit=PERCENT,
        )


def check_text_spending(c: Collector, budget: Budget) -> None:
    """Part 3: the total and its split by kind."""
    sp = st.spending(budget)
    _, spending_total = summary_total(budget, "expenditure")
    personnel = total_of(amount(r.get("total")) for r in level1_rows(budget, "basic-expenditure", "工资福利支出"))
    individuals = total_of(
        amount(r.get("total"))
        for name in ("对个人和家庭的补助", "对个人和家庭补助")
        for r in level1_rows(budget, "basic-expenditure", name)
    )
    _, basic_total = table_total(budget, "basic-expenditure", "total")
    _, project_total = table_total(budget, "project-expenditure", "total")
    public = basic_total - (personnel or ZERO) - (individuals or ZERO) if basic_total is not None else None
    targets = {
        "total": (spending_total, "预算总额", "Total", "与支出总计不符。", "differs from total expenditure."),
        "personnel": (
            personnel,
            "人员支出",
            "Personnel expenditure",
            "与基本支出总表的工资福利支出不符。",
            "differs from wages and benefits in the basic expenditure table.",
        ),
        "public": (
            public,
            "公用支出",
            "Public (running) costs",
            "与基本支出总表中工资福利支出、对个人和家庭的补助以外的基本支出不符。",
            "differs from basic expenditure other than wages and benefits and subsidies to individuals and families.",
        ),
        "individuals": (
            individuals,
            "对个人和家庭的补助",
            "Subsidies to individuals and families",
            "与基本支出总表的对个人和家庭的补助不符。",
            "differs from subsidies to individuals and families in the basic expenditure table.",
        ),
        "project": (
            project_total,
            "项目支出",
            "Project expenditure",
            "与项目支出总表合计不符。",
            "differs from the project expenditure table's total.",
        ),
    }
    for key, (expected, zh_label, en_label, zh, en) in targets.items():
        s = sp.get(key)
        if s is not None and expected is not None:
            _text(c, "text-spending", s, expected, zh, f"{en_label} {en}", label=zh_label, label_en=en_label)
    parts = [sp[k] for k in ("personnel", "public", "individuals", "project") if k in sp]
    if "total" in sp and len(parts) == 4:
        _text(
            c, "text-sum", sp["total"], sum((p.value for p in parts), ZERO),
            "与所列人员支出、公用支出、对个人和家庭的补助和项目支出之和不符。",
            "the total stated differs from the sum of personnel, public costs, subsidies to individuals and project expenditure stated.",
            label="预算总额", label_en="Total", terms=4,
        )  # fmt: skip


def check_text_projects(c: Collector, budget: Budget) -> None:
    """Part 3: each project listed with its amount."""
    amounts = project_amounts(budget)
    for name, s in st.projects(budget):
        key = normalize(name)
        if key in amounts:
            _text(
                c,
                "text-projects",
                s,
                amounts[key],
                "与项目支出总表中该项目的金额不符。",
                "the project's amount differs from the project expenditure table.",
                label=name,
                label_en="",
            )


def check_text_procurement(c: Collector, budget: Budget) -> None:
    """Part 4: procurement and its goods, works and services."""
    pr = st.procurement(budget)
    if "total" in pr:
        prow, ptotal = table_total(budget, "procurement", "amount")
        source = "政府采购项目支出表"
        source_en = "the procurement table"
        if ptotal is None:
            _, ptotal = table_total(budget, "expenditure-summary", "procurement_total")
            source, source_en = "支出总表的政府采购项目小计", "the procurement subtotal of the expenditure summary"
        if ptotal is not None:
            _text(
                c,
                "text-procurement",
                pr["total"],
                ptotal,
                f"与{source}不符。",
                f"procurement differs from {source_en}.",
                label="政府采购",
                label_en="Government procurement",
            )
        if prow is not None:
            kinds = {"goods": ("A", "货物"), "works": ("B", "工程"), "services": ("C", "服务")}
            for key, (letter, word) in kinds.items():
                if key not in pr:
                    continue
                rows = [
                    r
                    for r in unit_rows(budget, "procurement")
                    if str(r.get("code") or "") == letter
                    or (level_of("procurement", r) == 1 and str(r.get("item") or "") == word)
                ]
                expected = total_of(amount(r.get("amount")) for r in rows) or ZERO
                _text(
                    c,
                    "text-procurement",
                    pr[key],
                    expected,
                    f"{word}类金额与政府采购项目支出表不符。",
                    f"{key} differ from the procurement table.",
                    label=f"{word}类",
                    label_en=key.capitalize(),
                )
        split = [pr[k] for k in ("goods", "works", "services") if k in pr]
        if len(split) == 3:
            _text(
                c, "text-sum", pr["total"], sum((p.value for p in split), ZERO),
                "与所列货物、工程、服务类金额之和不符。", "the procurement total stated differs from goods, works and services together.",
                label="政府采购", label_en="Government procurement", terms=3,
            )  # fmt: skip


# The three public expenses as the text names them.
THREE_NAMES = {
    "total": ("“三公”经费", '"Three public expenses"'),
    "overseas": ("因公出国（境）费", "Official overseas travel"),
    "reception": ("公务接待费", "Official receptions"),
    "vehicles": ("公务用车购置及运行维护费", "Official vehicles: purchase and operation"),
    "vehicle_purchase": ("公务用车购置费", "Official vehicle purchase"),
    "vehicle_operation": ("公务用车运行维护费", "Official vehicle operation and maintenance"),
}


def check_text_three_public(c: Collector, budget: Budget) -> None:
    """Part 5: the three public expenses, their changes and their sums."""
    three = st.three_public(budget)
    rows = budget.rows("three-public-expenses")
    if not three or not rows:
        return
    first_unit = rows[0].get("unit")
    mine = [r for r in rows if r.get("unit") == first_unit]
    year = budget.meta.year
    for key, (stated, change) in three.items():
        zh_label, en_label = THREE_NAMES[key]
        now = total_of(amount(r.get(key)) for r in mine if r.get("year") == str(year))
        _text(
            c,
            "text-three-public",
            stated,
            now,
            f"与“三公”经费支出表 {year} 年预算数不符。",
            f"{en_label} differ from the table's {year} budget.",
            label=zh_label,
            label_en=en_label,
        )
        if change is not None:
            delta = total_of(amount(r.get(key)) for r in mine if r.get("year") == "change")
            _text(
                c,
                "text-three-public",
                change.amount,
                delta,
                "所述增减与“三公”经费支出表的增减变化金额不符。",
                f"the change stated in {en_label[0].lower() + en_label[1:]} differs from the table's change.",
                label=zh_label,
                label_en=en_label,
            )
    _three_public_sums(c, three)


def _three_public_sums(c: Collector, three: dict[str, tuple[st.Stated, st.Change | None]]) -> None:
    parts = [three[k][0] for k in ("overseas", "reception", "vehicles") if k in three]
    if "total" in three and len(parts) == 3:
        _text(
            c,
            "text-sum",
            three["total"][0],
            sum((p.value for p in parts), ZERO),
            "与所列因公出国（境）费、公务接待费、公务用车购置及运行维护费之和不符。",
            "the total stated differs from overseas travel, receptions and vehicles together.",
            label="“三公”经费",
            label_en='"Three public expenses"',
            terms=3,
        )
    if "vehicles" in three and "vehicle_purchase" in three and "vehicle_operation" in three:
        _text(
            c,
            "text-sum",
            three["vehicles"][0],
            three["vehicle_purchase"][0].value + three["vehicle_operation"][0].value,
            "与所列公务用车购置费和运行维护费之和不符。",
            "vehicle costs stated differ from purchase and operation together.",
            label="公务用车购置及运行维护费",
            label_en="Official vehicles: purchase and operation",
            terms=2,
        )


def check_text_performance(c: Collector, budget: Budget) -> None:
    """Part 6: project funds under performance management and the number of projects."""
    _, project_total = table_total(budget, "project-expenditure", "total")
    amounts = project_amounts(budget)
    funds, n = st.performance(budget)
    if funds is not None and project_total is not None:
        _text(
            c,
            "text-performance",
            funds,
            project_total,
            "与项目支出总表合计不符。",
            "project funds under performance management differ from the project expenditure table's total.",
            label="项目支出",
            label_en="Project expenditure",
        )
    if n is not None and budget.rows("project-expenditure"):
        _text(
            c,
            "text-performance",
            n,
            Decimal(len(amounts)),
            f"所述项目个数与项目支出总表的 {len(amounts)} 个一级项目不符。",
            f"the number of project targets differs from the {len(amounts)} first-level projects in the project expenditure table.",
            label="项目个数",
            label_en="Number of projects",
            unit=COUNT,
        )


def check_text_key_projects(c: Collector, budget: Budget) -> None:
    """Part 7: the key projects' amounts (parsed into the key-projects resource)."""
    amounts = project_amounts(budget)
    for row in budget.rows("key-projects"):
        v = amount(row.get("amount"))
        key = normalize(str(row.get("project") or ""))
        if v is None or not key:
            continue
        if key in amounts:
            c.compare(
                "text-key-projects",
                "key-projects",
                row,
                "amount",
                v,
                amounts[key],
                "预算数与项目支出总表中该项目的合计不符。",
                "The budget differs from the project's total in the project expenditure table.",
                tolerance=text_tolerance(v),
            )
        elif amounts:
            c.add(
                "text-key-projects",
                WARNING,
                "key-projects",
                row,
                "amount",
                v,
                None,
                "项目支出总表中没有同名的一级项目。",
                "The project expenditure table has no first-level project of this name.",
            )


def check_text_staff(c: Collector, budget: Budget) -> None:
    """Part 1: staff in post within the authorised posts."""
    staff = st.staff(budget)
    if staff is not None:
        for kind, posts, people in staff.pairs:
            if people > posts:
                c.add(
                    "text-staff",
                    WARNING,
                    "sections",
                    None,
                    "text",
                    Decimal(people),
                    Decimal(posts),
                    f"第一部分“{staff.phrase}”：{kind}实有在编人数 {people} 人超过{kind}编制数 {posts} 人。",
                    f"Part 1: {people} staff in post exceed the {posts} authorised "
                    f"{'administrative' if kind == '行政' else 'public-institution'} posts.",
                    line=staff.line,
                    label=f"{kind}编制",
                    label_en="Administrative posts" if kind == "行政" else "Public-institution posts",
                    unit=COUNT,
                )


# This family's checks, in the order they run.
CHECKS = (
    check_text_totals,
    check_text_changes,
    check_text_spending,
    check_text_projects,
    check_text_procurement,
    check_text_three_public,
    check_text_performance,
    check_text_key_projects,
    check_text_staff,
)
