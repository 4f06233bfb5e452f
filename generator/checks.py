"""Arithmetic checks of one budget: pure functions over the ``Budget`` model → findings.

Three kinds of check (``CHECKS`` lists them all, each with an id, a description in both
languages and the severity of a failure):

- within a table: a row's total equals its parts, a parent row equals the sum of its children,
  the two-sided summaries balance;
- across tables: the same money printed in two tables is the same amount (支出总表 and the
  一般公共预算 tables, 收支总表 and 财政拨款收支总表, …);
- between the text and the tables, wherever the text states a figure (``statements.py``).

Rounding: the documents convert yuan to 万元 and warn that this leaves tail differences
(尾数误差).  A difference within one cent (0.01 万元) per summed term, or within half a unit of
the last digit the text prints, is reported with severity ``rounding``, not as an error.
A difference the budget's own structure explains (the 一般公共预算 tables leave out the
government-fund spending that 支出总表 includes) is reported as ``info`` with the reason, or
not at all when it is fully accounted for.

A finding locates the row concerned: ``table`` (a resource of the package) and
``table_line`` (that row's ``line``); findings about the text point at the part's row in
``sections``.  ``printed`` is the figure at that place, ``expected`` what the check computes
from the other figures, ``difference`` = printed − expected.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from . import statements as st
from .catalog import BY_RESOURCE, INCOME_SOURCES
from .model import Budget, Row, Value

ERROR, WARNING, ROUNDING, INFO = "error", "warning", "rounding", "info"
SEVERITIES = (ERROR, WARNING, ROUNDING, INFO)
CENT = Decimal("0.01")
ZERO = Decimal(0)
WAN, PERCENT, COUNT = "万元", "%", "count"


@dataclass(frozen=True)
class Check:
    id: str
    zh: str
    en: str
    severity: str  # of a difference beyond rounding
    kind: str  # "table" (within one table) | "across" (between tables) | "text" (text vs tables)


CHECKS: tuple[Check, ...] = (
    # -- within a table
    Check(
        "row-total",
        "每行的支出总计等于基本支出、项目支出（及经营支出、对附属单位补助、上缴上级支出）之和。",
        "Each row's total equals basic plus project expenditure (plus operating expenditure, "
        "subsidies to subordinate units and remittances to higher-level units where printed).",
        ERROR,
        "table",
    ),
    Check(
        "row-sources",
        "每行的合计等于各资金来源之和（财政拨款、财政专户管理资金、单位资金、上年结转）。",
        "Each row's total equals the sum of its funding sources (fiscal appropriations, "
        "fiscal special accounts, the unit's own funds, carry-over).",
        ERROR,
        "table",
    ),
    Check(
        "row-subtotal",
        "小计等于其组成部分之和（如一般公共预算拨款 = 基本支出拨款 + 各类项目拨款；“三公”经费合计 = "
        "因公出国（境）费 + 公务接待费 + 公务用车费）。",
        "A subtotal equals its parts (e.g. the general public budget appropriation = basic plus "
        "project appropriations; the three public expenses = overseas travel + receptions + vehicles).",
        ERROR,
        "table",
    ),
    Check(
        "children-sum",
        "上级行等于其下级行之和：类 = 款之和，款 = 项之和，单位合计 = 各行之和，部门合计 = 各单位之和。",
        "A parent row equals the sum of its children: a class the sum of its items, a unit's total "
        "the sum of its rows, a department's total the sum of its units.",
        ERROR,
        "table",
    ),
    Check(
        "balance",
        "收支总表（及财政拨款收支总表）收入总计等于支出总计。",
        "In the summary tables, total income equals total expenditure.",
        ERROR,
        "table",
    ),
    Check(
        "summary-totals",
        "本年收入合计 + 上年结余、结转 = 收入总计；本年支出合计 + 结转下年 = 支出总计。",
        "Income of the year plus the carry-over from last year equals total income; expenditure of "
        "the year plus the carry-over to next year equals total expenditure.",
        ERROR,
        "table",
    ),
    Check(
        "summary-items",
        "收支总表的收入项目相加等于本年收入合计，各分项相加等于其上级项目；支出各功能分类（类）相加等于本年支出合计。",
        "In the summary tables, the income items add up to the income of the year and sub-items to "
        "their item; the expenditure classes add up to the expenditure of the year.",
        ERROR,
        "table",
    ),
    Check(
        "three-public-change",
        "“三公”经费表的增减变化金额等于本年预算数减上年预算数。",
        "In the \"three public expenses\" table, the change equals this year's budget minus last year's.",
        ERROR,
        "table",
    ),
    Check(
        "tasks-total",
        "整体支出绩效目标表的金额合计等于各项任务金额之和。",
        "In the overall performance targets, the total equals the sum of the tasks.",
        ERROR,
        "table",
    ),
    # -- across tables
    Check(
        "function-vs-summary",
        "支出总表各功能科目（及合计）等于一般公共预算、政府性基金预算、国有资本经营预算支出表同一科目之和"
        "（一般公共预算支出表不含政府性基金支出，两者之差应为政府性基金等支出）。",
        "Each functional subject (and the total) of the expenditure summary equals the same subject "
        "in the general public budget, government-fund and state-capital tables together (the "
        "general public budget table leaves out government-fund spending, which explains the difference).",
        ERROR,
        "across",
    ),
    Check(
        "economic-vs-function",
        "一般公共预算支出表按经济分类与按功能分类的合计（总计、基本支出、项目支出）相同。",
        "The general public budget by economic classification has the same totals (total, basic, "
        "project) as by function.",
        ERROR,
        "across",
    ),
    Check(
        "basic-vs-economic",
        "基本支出总表各经济分类的一般公共预算拨款等于一般公共预算支出表（按经济分类）的基本支出。",
        "Each economic class and item of the basic expenditure table (general public budget column) "
        "equals the basic expenditure of the general public budget by economic classification.",
        WARNING,
        "across",
    ),
    Check(
        "basic-vs-summary",
        "基本支出总表合计等于支出总表的基本支出。",
        "The basic expenditure table's total equals the basic expenditure in the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "project-vs-summary",
        "项目支出总表合计等于支出总表的项目支出。",
        "The project expenditure table's total equals the project expenditure in the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "income-vs-summary",
        "收入总表合计等于收支总表的收入总计。",
        "The income table's total equals total income in the summary of income and expenditure.",
        ERROR,
        "across",
    ),
    Check(
        "expenditure-vs-summary",
        "支出总表合计及各功能分类（类）等于收支总表支出方的本年支出合计及同名分类。",
        "The expenditure summary's total and functional classes equal the expenditure side of the "
        "summary of income and expenditure.",
        ERROR,
        "across",
    ),
    Check(
        "sources-vs-spending",
        "收入总表各资金来源等于基本支出总表与项目支出总表同一资金来源之和。",
        "Each funding source in the income table equals the same source in the basic and project "
        "expenditure tables together.",
        ERROR,
        "across",
    ),
    Check(
        "fiscal-vs-summary",
        "财政拨款收支总表与收支总表一致：收入总计相差的只能是财政专户管理资金和单位资金，支出各项相同。",
        "The fiscal appropriation summary agrees with the summary of income and expenditure: totals "
        "differ only by fiscal special accounts and the unit's own funds, expenditure items are the same.",
        ERROR,
        "across",
    ),
    Check(
        "fiscal-vs-function",
        "财政拨款收支总表的本年支出合计等于一般公共预算、政府性基金预算和国有资本经营预算支出表合计之和。",
        "Fiscal appropriation expenditure of the year equals the general public budget, government-fund "
        "and state-capital tables' totals together.",
        ERROR,
        "across",
    ),
    Check(
        "procurement-vs-summary",
        "政府采购项目支出表合计等于支出总表的政府采购项目小计。",
        "The procurement table's total equals the procurement subtotal of the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "procurement-sme",
        "面向中小企业的采购不超过采购总额，面向小微企业的不超过面向中小企业的。",
        "Procurement reserved for small and medium enterprises does not exceed procurement, and the "
        "part for small and micro enterprises does not exceed it.",
        ERROR,
        "across",
    ),
    Check(
        "tasks-vs-budget",
        "整体支出绩效目标表的金额合计等于部门预算支出总计（或项目支出合计）。",
        "The total of the overall performance targets equals total expenditure (or project expenditure).",
        WARNING,
        "across",
    ),
    # -- the text against the tables
    Check(
        "text-totals",
        "第二部分所述收入、支出总额与收支总表一致。",
        "The income and expenditure totals stated in part 2 agree with the summary table.",
        ERROR,
        "text",
    ),
    Check(
        "text-change",
        "文中所述“较上年增加/减少 X 万元，增长/下降 Y%”中金额与百分比相互吻合。",
        "Where the text states a change from last year both as an amount and as a percentage, the two agree.",
        WARNING,
        "text",
    ),
    Check(
        "text-spending",
        "第三部分所述预算总额、人员支出、公用支出、对个人和家庭的补助、项目支出与表格一致。",
        "Part 3's total, personnel, public (running) costs, subsidies to individuals and families, and "
        "project expenditure agree with the tables.",
        ERROR,
        "text",
    ),
    Check(
        "text-projects",
        "第三部分所列各项目金额与项目支出总表一致。",
        "The amount of each project listed in part 3 agrees with the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-procurement",
        "第四部分所述政府采购总额及货物、工程、服务类金额与政府采购表（或支出总表）一致。",
        "Part 4's procurement total and its goods, works and services agree with the procurement table "
        "(or the expenditure summary).",
        ERROR,
        "text",
    ),
    Check(
        "text-three-public",
        "第五部分所述“三公”经费及其增减与“三公”经费支出表一致。",
        'Part 5\'s "three public expenses" and their changes agree with the table.',
        ERROR,
        "text",
    ),
    Check(
        "text-performance",
        "第六部分所述纳入绩效管理的项目资金及项目个数与项目支出总表一致。",
        "Part 6's project funds under performance management and the number of projects agree with "
        "the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-key-projects",
        "第七部分重点项目的预算数与项目支出总表一致。",
        "The amounts of the key projects in part 7 agree with the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-sum",
        "文中列出的分项金额相加等于所述总额（第三、四、五部分）。",
        "Parts stated in the text add up to the whole they are stated as (parts 3, 4 and 5).",
        ERROR,
        "text",
    ),
    Check(
        "text-staff",
        "第一部分所述实有在编人数不超过编制数。",
        "The staff in post stated in part 1 do not exceed the authorised posts.",
        WARNING,
        "text",
    ),
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}

SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    ERROR: ("不一致", "Inconsistent"),
    WARNING: ("存疑", "Doubtful"),
    ROUNDING: ("尾数误差", "Rounding"),
    INFO: ("说明", "Explained"),
}


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


# ---------------------------------------------------------------------------------------------
# Comparing two figures


def amount(v: Value) -> Decimal | None:
    return v if isinstance(v, Decimal) else None


def total_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts present; None when none is (a missing cell counts as nothing)."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


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


def field_names(resource: str, field: str) -> tuple[str, str]:
    f = BY_RESOURCE[resource].field(field)
    return f.zh, f.en


def table_names(resource: str) -> tuple[str, str]:
    spec = BY_RESOURCE[resource]
    return spec.zh, spec.en


# ---------------------------------------------------------------------------------------------
# Hierarchy of rows: unit blocks, departments, parents


def level_of(resource: str, row: Row) -> int:
    lv = row.get("level")
    if isinstance(lv, int):
        return lv
    if resource == "special-transfer-expenditure":
        return 1 if (row.get("code") or row.get("project")) else 0
    return 0  # 收入总表: every row is a unit's (or the department's) row


@dataclass
class Block:
    head: Row  # the unit's total row (level 0)
    items: list[Row]


def blocks(resource: str, rows: Sequence[Row]) -> list[Block]:
    """The rows grouped under each unit's total row (rows above the first total row are left out)."""
    out: list[Block] = []
    for row in rows:
        if level_of(resource, row) == 0:
            out.append(Block(row, []))
        elif out:
            out[-1].items.append(row)
    return out


def department_block(bls: list[Block]) -> Block | None:
    """The department's own total row, printed above its units' rows: the first of several
    total rows, with no rows of its own (its units' rows follow under their own totals)."""
    if len(bls) > 1 and not bls[0].items:
        return bls[0]
    return None


def unit_blocks(bls: list[Block]) -> list[Block]:
    dept = department_block(bls)
    return [b for b in bls if b is not dept]


def table_total(budget: Budget, resource: str, field: str) -> tuple[Row | None, Decimal | None]:
    """The table's total of ``field`` and the row that prints it: the department's row, else
    the one unit's row, else the sum of the units' rows (located at the first)."""
    bls = blocks(resource, budget.rows(resource))
    if not bls:
        return None, None
    dept = department_block(bls)
    if dept is not None:
        return dept.head, amount(dept.head.get(field))
    return bls[0].head, total_of(amount(b.head.get(field)) for b in bls)


def unit_rows(budget: Budget, resource: str) -> list[Row]:
    """Every row below a unit's total row, of every unit (the department row left out)."""
    return [r for b in unit_blocks(blocks(resource, budget.rows(resource))) for r in b.items]


_PROCUREMENT_CODE = re.compile(r"^[A-Z]\d*$")


def code_key(code: str) -> str:
    """The significant part of a code, so that a child's key extends its parent's: functional
    and economic codes are themselves (201 → 20103 → 2010301); 采购品目 codes drop their
    trailing 00 pairs (C16000000 → C16, C16010000 → C1601)."""
    if _PROCUREMENT_CODE.match(code) and len(code) > 1:
        digits = code[1:]
        while digits.endswith("00"):
            digits = digits[:-2]
        return code[0] + digits
    return code


def extends(child: Row, parent: Row) -> bool:
    c, p = str(child.get("code") or ""), str(parent.get("code") or "")
    if not c or not p:
        return True
    kc, kp = code_key(c), code_key(p)
    return kc != kp and kc.startswith(kp)


def children_of(resource: str, block: Block) -> list[tuple[Row, list[Row]]]:
    """(parent, its children) for every row of a unit's block that has children.  A row's parent
    is the nearest row above it of a lower level whose code it extends (the unit's total row
    when none): a table that prints only the 项 rows has them all under the unit's total."""
    kids: dict[int, list[Row]] = defaultdict(list)
    order: list[Row] = [block.head]
    stack: list[Row] = [block.head]
    for row in block.items:
        lv = level_of(resource, row)
        while len(stack) > 1 and (level_of(resource, stack[-1]) >= lv or not extends(row, stack[-1])):
            stack.pop()
        kids[id(stack[-1])].append(row)
        stack.append(row)
        order.append(row)
    return [(r, kids[id(r)]) for r in order if kids.get(id(r))]


def lines_text(rows: Sequence[Row]) -> str:
    nums = [int(r["line"]) for r in rows if isinstance(r.get("line"), int)]  # type: ignore[arg-type]
    if not nums:
        return ""
    if nums == list(range(nums[0], nums[-1] + 1)) and len(nums) > 2:
        return f"{nums[0]}–{nums[-1]}"
    return ", ".join(map(str, nums))


# ---------------------------------------------------------------------------------------------
# Within a table

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
                c.compare(
                    "children-sum",
                    resource,
                    dept.head,
                    name,
                    amount(dept.head.get(name)),
                    total_of(amount(u.get(name)) for u in units),
                    f"部门合计行的{q(fz)}不等于其下 {len(units)} 个单位（第 {lines_text(units)} 行）之和。",
                    f"The department's {fe.lower()} does not equal the sum of its {len(units)} "
                    f"units (lines {lines_text(units)}).",
                    terms=len(units),
                )
        for block in bls:
            for parent, kids in children_of(resource, block):
                for name in fields:
                    fz, fe = field_names(resource, name)
                    c.compare(
                        "children-sum",
                        resource,
                        parent,
                        name,
                        amount(parent.get(name)),
                        total_of(amount(k.get(name)) for k in kids),
                        f"{q(fz)}不等于其下 {len(kids)} 行（第 {lines_text(kids)} 行）之和。",
                        f"{fe} does not equal the sum of the {len(kids)} rows below it (lines {lines_text(kids)}).",
                        terms=len(kids),
                    )


SPENDING_PARTS = ("basic", "project", "business_operating", "subordinate_subsidy", "remittance_to_superior")
CODED_FUNCTIONAL = (
    "expenditure-summary",
    "general-budget-by-function",
    "general-budget-by-economic",
    "government-fund-expenditure",
    "state-capital-expenditure",
)
SOURCES = INCOME_SOURCES
UNIT_FUNDS = SOURCES[3:]
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


# -- the two-sided summaries ------------------------------------------------------------------

_NUMBERING = re.compile(r"^(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[）)]|(\d{1,2})\s*[.．、])\s*")
INCOME_TOP = {
    "财政拨款",
    "政府预算资金",
    "政府预算拨款",
    "财政专户管理资金",
    "单位资金",
    "上年结余、结转",
    "上年结转",
    "上年结余",
}
CARRYOVER_IN = ("上年结余、结转", "上年结转", "上年结余", "上年结转结余", "上年结余结转")
CARRYOVER_OUT = ("结转下年", "年末结转和结余", "年末结转", "结转下年度")
NON_FISCAL = ("财政专户管理资金", "单位资金", "非财政拨款结余、结转", "非财政拨款结余", "非财政拨款结转")
# 功能分类 classes (类) of the 2024 government revenue and expenditure classification.
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "209": "社会保险基金支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
}


def normalize(label: str) -> str:
    """A label as compared: no white space, full-width brackets, no list numbering."""
    s = re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")
    return _NUMBERING.sub("", s)


def numbering(label: str) -> str:
    """'cn' for 一、, 'paren' for （一）, 'digit' for 1., '' for none."""
    m = _NUMBERING.match(re.sub(r"\s+", "", label))
    if not m:
        return ""
    return "cn" if m.group(1) else "paren" if m.group(2) else "digit"


def side_rows(budget: Budget, resource: str, side: str) -> list[Row]:
    return [r for r in budget.rows(resource) if r.get("side") == side]


def find_item(rows: Sequence[Row], *labels: str) -> Row | None:
    for r in rows:
        if normalize(str(r.get("item") or "")) in labels:
            return r
    return None


def class_names(budget: Budget) -> dict[str, str]:
    """Functional class (类) names → their 3-digit code: the budget's own coded tables, then
    the standard names."""
    out = {v: k for k, v in FUNCTION_CLASSES.items()}
    for resource in ("expenditure-summary", "general-budget-by-function", "government-fund-expenditure"):
        for r in budget.rows(resource):
            code = str(r.get("code") or "")
            if len(code) == 3 and r.get("name"):
                out[normalize(str(r["name"]))] = code
    return out


def income_levels(rows: Sequence[Row]) -> list[int]:
    """The depth of each income item above 本年收入合计: numbered 一、 items and the known top
    items are 1, numbered 1. items are 2; an item repeating the one above is one deeper
    (政府预算资金 › 一般公共预算资金 › 一般公共预算资金)."""
    levels: list[int] = []
    prev = ""
    for r in rows:
        label = str(r.get("item") or "")
        bare = normalize(label)
        kind = numbering(label)
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
        c.compare(
            "summary-items",
            resource,
            row,
            "amount",
            amount(row.get("amount")),
            total_of(amount(r.get("amount")) for r in krows),
            f"该项不等于其下 {len(krows)} 个分项（第 {lines_text(krows)} 行）之和。",
            f"The item does not equal the sum of its {len(krows)} sub-items (lines {lines_text(krows)}).",
            terms=len(krows),
        )


def check_two_sided(c: Collector, budget: Budget) -> None:
    classes = class_names(budget)
    for resource in ("income-expenditure-summary", "fiscal-appropriation-summary"):
        if not budget.rows(resource):
            continue
        inc, exp = side_rows(budget, resource, "income"), side_rows(budget, resource, "expenditure")
        income_total = find_item(inc, "收入总计")
        spending_total = find_item(exp, "支出总计")
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
        # 本年收入合计 + 上年结余、结转 = 收入总计; 本年支出合计 + 结转下年 = 支出总计.
        for rows, year_label, carry_labels, total_row, zh, en in (
            (
                inc,
                "本年收入合计",
                CARRYOVER_IN,
                income_total,
                "本年收入合计与上年结余、结转之和",
                "income of the year plus the carry-over",
            ),
            (
                exp,
                "本年支出合计",
                CARRYOVER_OUT,
                spending_total,
                "本年支出合计与结转下年之和",
                "expenditure of the year plus the carry-over to next year",
            ),
        ):
            year_row = find_item(rows, year_label)
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
        # Income items: those above 本年收入合计 add up to it; the carry-over items to theirs.
        year_row = find_item(inc, "本年收入合计")
        if year_row is not None:
            above = inc[: inc.index(year_row)]
            levels = income_levels(above)
            top = [r for r, lv in zip(above, levels, strict=True) if lv == 1]
            if top:
                c.compare(
                    "summary-items",
                    resource,
                    year_row,
                    "amount",
                    amount(year_row.get("amount")),
                    total_of(amount(r.get("amount")) for r in top),
                    f"本年收入合计不等于各收入项目（第 {lines_text(top)} 行）之和。",
                    f"Income of the year does not equal the sum of the income items (lines {lines_text(top)}).",
                    terms=len(top),
                )
            _tree_sums(c, resource, above, levels)
            after = inc[inc.index(year_row) + 1 :]
            carry = find_item(after, *CARRYOVER_IN)
            if carry is not None:
                i = after.index(carry)
                subs = []
                for r in after[i + 1 :]:
                    if numbering(str(r.get("item") or "")) != "digit":
                        break
                    subs.append(r)
                _tree_sums(c, resource, [carry, *subs], [1] + [2] * len(subs))
        # Expenditure classes add up to 本年支出合计.
        year_exp = find_item(exp, "本年支出合计")
        if year_exp is not None:
            items = exp[: exp.index(year_exp)]
            top = [
                r
                for r in items
                if numbering(str(r.get("item") or "")) == "cn" or normalize(str(r.get("item") or "")) in classes
            ]
            if top:
                c.compare(
                    "summary-items",
                    resource,
                    year_exp,
                    "amount",
                    amount(year_exp.get("amount")),
                    total_of(amount(r.get("amount")) for r in top),
                    f"本年支出合计不等于各功能分类（第 {lines_text(top)} 行）之和。",
                    f"Expenditure of the year does not equal the sum of the functional classes (lines {lines_text(top)}).",
                    terms=len(top),
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


TOTAL_LABEL = re.compile(r"(合计|总计)$")


def check_tasks(c: Collector, budget: Budget) -> None:
    rows = [r for r in budget.rows("performance-tasks") if r.get("total") is not None]
    totals = [r for r in rows if TOTAL_LABEL.search(str(r.get("task") or ""))]
    tasks = [r for r in rows if r not in totals]
    if not totals or not tasks:
        return
    total = totals[-1]
    for name in ("total", "fiscal", "other"):
        fz, fe = field_names("performance-tasks", name)
        c.compare(
            "tasks-total",
            "performance-tasks",
            total,
            name,
            amount(total.get(name)),
            total_of(amount(r.get(name)) for r in tasks),
            f"金额合计的{q(fz)}不等于 {len(tasks)} 项任务（第 {lines_text(tasks)} 行）之和。",
            f"The total's {fe[0].lower() + fe[1:]} does not equal the sum of the {len(tasks)} tasks (lines {lines_text(tasks)}).",
            terms=len(tasks),
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


# ---------------------------------------------------------------------------------------------
# Across tables


def summary_total(
    budget: Budget, side: str, resource: str = "income-expenditure-summary"
) -> tuple[Row | None, Decimal | None]:
    rows = side_rows(budget, resource, side)
    row = find_item(rows, "收入总计" if side == "income" else "支出总计")
    return row, amount(row.get("amount")) if row else None


def code_values(budget: Budget, resource: str, field: str) -> dict[str, Decimal]:
    """The amount of each code in a table, summed over its units."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for r in unit_rows(budget, resource):
        code, v = str(r.get("code") or ""), amount(r.get(field))
        if code and v is not None:
            out[code] += v
    return dict(out)


def value_at(values: dict[str, Decimal], code: str) -> Decimal | None:
    """A code's amount: printed, else the sum of its highest printed descendants (a table that
    prints only 项 rows still gives its 类 and 款); None when the table has neither."""
    if code in values:
        return values[code]
    below = [d for d in values if d != code and d.startswith(code)]
    top = [d for d in below if not any(e != d and d.startswith(e) for e in below)]
    return sum((values[d] for d in top), ZERO) if top else None


def non_fiscal_income(budget: Budget) -> Decimal:
    """Income that is not a fiscal appropriation (fiscal special accounts, the unit's own funds,
    their carry-over), from 收入总表 or else the 收支总表."""
    row, _ = table_total(budget, "income-summary", "total")
    if row is not None:
        return total_of(amount(row.get(f)) for f in UNIT_FUNDS[:-1]) or ZERO
    inc = side_rows(budget, "income-expenditure-summary", "income")
    return total_of(amount(r.get("amount")) for r in inc if normalize(str(r.get("item") or "")) in NON_FISCAL) or ZERO


def check_function_vs_summary(c: Collector, budget: Budget) -> None:
    if not budget.rows("expenditure-summary") or not budget.rows("general-budget-by-function"):
        return
    fiscal = ("general-budget-by-function", "government-fund-expenditure", "state-capital-expenditure")
    other = non_fiscal_income(budget)
    for name in ("total", "basic", "project"):
        fz, fe = field_names("expenditure-summary", name)
        es = code_values(budget, "expenditure-summary", name)
        parts = {r: code_values(budget, r, name) for r in fiscal}
        seen: set[str] = set()
        for row in unit_rows(budget, "expenditure-summary"):
            code = str(row.get("code") or "")
            if not code or code in seen:
                continue
            seen.add(code)
            got = [value_at(parts[r], code) for r in fiscal]
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
        # The totals, and what explains their difference.
        total_row, printed = table_total(budget, "expenditure-summary", name)
        totals = [table_total(budget, r, name)[1] for r in fiscal]
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
        if (
            name == "total"
            and printed is not None
            and general is not None
            and printed == expected
            and printed != general
        ):
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
        if key in econ:
            erow, erows = econ[key]
            expected = total_of(amount(r.get("basic")) for r in erows)
            where = f"第 {lines_text(erows)} 行"
            where_en = f"lines {lines_text(erows)}" if len(erows) > 1 else f"line {erows[0].get('line')}"
            explained = expected is not None and printed is not None and ZERO < expected - printed <= carry
            c.compare(
                "basic-vs-economic",
                "basic-expenditure",
                row,
                "general_budget",
                printed,
                expected,
                f"一般公共预算拨款不等于一般公共预算支出表（按经济分类）同名科目（{where}）的基本支出"
                + ("，差额在上年结转之内。" if explained else "。"),
                f"The general public budget appropriation does not equal the basic expenditure of the same "
                f"item in the general public budget by economic classification ({where_en})"
                + (", within the carry-over." if explained else "."),
                severity=INFO if explained else None,
            )
        elif printed:
            c.compare(
                "basic-vs-economic",
                "basic-expenditure",
                row,
                "general_budget",
                printed,
                ZERO,
                "一般公共预算支出表（按经济分类）中没有同名科目。",
                "The general public budget by economic classification has no item of this name.",
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
    # 收入总表 and 支出总表 against 收支总表.
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
    exp = side_rows(budget, "income-expenditure-summary", "expenditure")
    year_exp = find_item(exp, "本年支出合计")
    row, printed = table_total(budget, "expenditure-summary", "total")
    if row is not None and year_exp is not None:
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
            if code is None or numbering(str(r.get("item") or "")) not in ("", "cn"):
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
    fin, fexp = (
        side_rows(budget, "fiscal-appropriation-summary", "income"),
        side_rows(budget, "fiscal-appropriation-summary", "expenditure"),
    )
    sin, sexp = (
        side_rows(budget, "income-expenditure-summary", "income"),
        side_rows(budget, "income-expenditure-summary", "expenditure"),
    )
    if not fin or not sin:
        return
    ftotal, stotal = find_item(fin, "收入总计"), find_item(sin, "收入总计")
    non_fiscal = [r for r in sin if normalize(str(r.get("item") or "")) in NON_FISCAL]
    other = total_of(amount(r.get("amount")) for r in non_fiscal) or ZERO
    if ftotal is not None and stotal is not None and amount(stotal.get("amount")) is not None:
        expected = amount(stotal.get("amount")) - other  # type: ignore[operator]
        c.compare(
            "fiscal-vs-summary",
            "fiscal-appropriation-summary",
            ftotal,
            "amount",
            amount(ftotal.get("amount")),
            expected,
            f"收入总计不等于收支总表收入总计（第 {stotal.get('line')} 行）减去财政专户管理资金和单位资金等非财政拨款收入。",
            f"Total income does not equal the summary's total income (line {stotal.get('line')}) less "
            "fiscal special accounts and the unit's own funds.",
            terms=1 + len(non_fiscal),
        )
    # Expenditure items, when both tables print the same items and no non-fiscal money is spent.
    fitems = [r for r in fexp if not TOTAL_LABEL.search(str(r.get("item") or ""))]
    sitems = [r for r in sexp if not TOTAL_LABEL.search(str(r.get("item") or ""))]
    same = [normalize(str(r.get("item") or "")) for r in fitems] == [
        normalize(str(r.get("item") or "")) for r in sitems
    ]
    if other == 0 and same:
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
    # Fiscal expenditure = the three fiscal budgets' tables.
    year_exp = find_item(fexp, "本年支出合计")
    if year_exp is not None and budget.rows("general-budget-by-function"):
        totals = [
            table_total(budget, r, "total")[1]
            for r in ("general-budget-by-function", "government-fund-expenditure", "state-capital-expenditure")
        ]
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


# ---------------------------------------------------------------------------------------------
# The text against the tables


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
        f"第{'一二三四五六七八九'[s.part - 1]}部分“{s.phrase}”：{zh}",
        f"Part {s.part}: {en}",
        terms=terms,
        tolerance=text_tolerance(s.value) if unit == WAN else ZERO,
        line=s.line,
        label=label,
        label_en=label_en,
        unit=unit,
        severity=severity,
    )


def level1_rows(budget: Budget, resource: str, name: str) -> list[Row]:
    return [
        r
        for r in unit_rows(budget, resource)
        if level_of(resource, r) == 1 and normalize(str(r.get("name") or r.get("project") or "")) == name
    ]


def project_amounts(budget: Budget) -> dict[str, Decimal]:
    """The first-level projects of 项目支出总表 by normalized name, summed over units."""
    out: dict[str, Decimal] = {}
    for r in unit_rows(budget, "project-expenditure"):
        v = amount(r.get("total"))
        if level_of("project-expenditure", r) == 1 and v is not None:
            key = normalize(str(r.get("project") or ""))
            out[key] = out.get(key, ZERO) + v
    return out


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
            f"第{'一二三四五六七八九'[ch.amount.part - 1]}部分“{ch.amount.phrase}”：{ch.current.value:f} 万元较上年变动 "
            f"{abs(ch.amount.value):f} 万元，即 {computed:f}%，与所述百分比不符。",
            f"Part {ch.amount.part}: a change of {abs(ch.amount.value):f} 万元 to {ch.current.value:f} 万元 is "
            f"{computed:f}%, not the percentage stated.",
            line=ch.amount.line,
            label=ch.amount.phrase,
            label_en="Change from last year",
            unit=PERCENT,
        )


def check_text_spending(c: Collector, budget: Budget) -> None:
    """Part 3: the total, its split by kind, and each project listed."""
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
    # Part 3: each project listed.
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


def check_text_three_public(c: Collector, budget: Budget) -> None:
    """Part 5: the three public expenses, their changes and their sums."""
    three = st.three_public(budget)
    rows = budget.rows("three-public-expenses")
    if three and rows:
        first_unit = rows[0].get("unit")
        mine = [r for r in rows if r.get("unit") == first_unit]
        names = {
            "total": ("“三公”经费", '"Three public expenses"'),
            "overseas": ("因公出国（境）费", "Official overseas travel"),
            "reception": ("公务接待费", "Official receptions"),
            "vehicles": ("公务用车购置及运行维护费", "Official vehicles: purchase and operation"),
            "vehicle_purchase": ("公务用车购置费", "Official vehicle purchase"),
            "vehicle_operation": ("公务用车运行维护费", "Official vehicle operation and maintenance"),
        }
        for key, (stated, change) in three.items():
            zh_label, en_label = names[key]
            now = total_of(amount(r.get(key)) for r in mine if r.get("year") == str(budget.meta.year))
            _text(
                c,
                "text-three-public",
                stated,
                now,
                f"与“三公”经费支出表 {budget.meta.year} 年预算数不符。",
                f"{en_label} differ from the table's {budget.meta.year} budget.",
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
        parts5 = [three[k][0] for k in ("overseas", "reception", "vehicles") if k in three]
        if "total" in three and len(parts5) == 3:
            _text(
                c,
                "text-sum",
                three["total"][0],
                sum((p.value for p in parts5), ZERO),
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


def text_tolerance_percent(value: Decimal) -> Decimal:
    """Half a unit of the last digit of a printed percentage ('5.8%' → 0.05)."""
    exponent = value.as_tuple().exponent
    exponent = exponent if isinstance(exponent, int) else 0
    return Decimal(5) * Decimal(10) ** (exponent - 1)


# ---------------------------------------------------------------------------------------------

STAGES = (
    check_rows,
    check_children,
    check_two_sided,
    check_three_public_change,
    check_tasks,
    check_function_vs_summary,
    check_economic_vs_function,
    check_basic_vs_economic,
    check_totals_across,
    check_sources_vs_spending,
    check_fiscal_vs_summary,
    check_procurement_sme,
    check_text_totals,
    check_text_changes,
    check_text_spending,
    check_text_procurement,
    check_text_three_public,
    check_text_performance,
    check_text_key_projects,
    check_text_staff,
)


def run_checks(budget: Budget) -> list[Finding]:
    """Every finding of every check on ``budget``, in the order of ``CHECKS``."""
    c = Collector()
    for stage in STAGES:
        stage(c, budget)
    order = {ch.id: i for i, ch in enumerate(CHECKS)}
    return sorted(c.items, key=lambda f: order[f.check])
