"""The printed tables: the real budgets' header trees (as the seeds print them) and one
builder per kind of table, from the expected rows (strings of the golden CSVs)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import zip_longest
from typing import Any

from .goldens import ExpectedDoc, PartSeven
from .layouts import Layout
from .printed import Band, Cell, Table
from .variants import amount_fields, with_separators

# A header tree: (text, width, field) leaves and (text, [children]) groups.
Node = tuple[Any, ...]  # mypy cannot infer the nested literals of a recursive union

UNIT_FUNDS: list[Node] = [
    ("事业收入", 34, "business_income"),
    ("事业单位经营收入", 34, "business_operating_income"),
    ("上级补助收入", 34, "superior_subsidy"),
    ("附属单位上缴收入", 34, "subordinate_remittance"),
    ("其他收入", 34, "other_income"),
]
INCOME: list[Node] = [
    ("预算单位", 120, "unit"),
    ("收入总计", 50, "total"),
    (
        "本年收入",
        [
            (
                "政府预算拨款",
                [
                    (
                        "一般公共预算拨款",
                        [
                            ("小计", 48, "general_budget"),
                            ("基本支出拨款", 46, "basic_appropriation"),
                            ("履职类项目拨款", 46, "duty_project_appropriation"),
                            ("财政专项资金拨款", 40, "special_fund_appropriation"),
                            ("政府投资项目拨款", 42, "government_investment_appropriation"),
                        ],
                    ),
                    ("政府性基金预算拨款", 30, "government_fund"),
                    ("国有资本经营预算拨款", 30, "state_capital"),
                ],
            ),
            ("财政专户管理资金", 30, "fiscal_special_account"),
            ("单位资金", UNIT_FUNDS),
        ],
    ),
    ("上年结转", 44, "carryover"),
]
EXPENDITURE: list[Node] = [
    ("预算单位", 110, "unit"),
    ("科目编码", 44, "code"),
    ("科目名称", 120, "name"),
    ("支出总计", 50, "total"),
    ("基本支出", 46, "basic"),
    ("项目支出", 48, "project"),
    ("事业单位经营支出", 32, "business_operating"),
    ("对附属单位补助支出", 32, "subordinate_subsidy"),
    ("上缴上级支出", 32, "remittance_to_superior"),
    (
        "2024 年政府采购预算",
        [
            ("小计", 44, "procurement_total"),
            ("其中：面向中小企业政府采购项目", 40, "procurement_sme"),
            ("其中：面向小型、微型企业政府采购项目", 40, "procurement_small_micro"),
        ],
    ),
]
BASIC: list[Node] = [
    ("支出项目类别", 130, "name"),
    ("总计", 48, "total"),
    (
        "财政拨款",
        [
            ("小计", 48, "fiscal_subtotal"),
            ("一般公共预算拨款", 48, "general_budget"),
            ("政府性基金预算拨款", 40, "government_fund"),
            ("国有资本经营预算拨款", 40, "state_capital"),
        ],
    ),
    ("财政专户管理资金", 40, "fiscal_special_account"),
    ("单位资金", UNIT_FUNDS),
    ("上年结余、结转", 44, "carryover"),
]
PROJECT: list[Node] = [
    ("支出项目类别（一级项目）", 130, "project"),
    (
        "2024 年预算",
        [
            ("总计", 48, "total"),
            (
                "财政拨款",
                [
                    (
                        "一般公共预算拨款",
                        [
                            ("小计", 48, "general_budget"),
                            ("履职类项目拨款", 46, "duty_project_appropriation"),
                            ("财政专项资金拨款", 36, "special_fund_appropriation"),
                            ("政府投资项目拨款", 42, "government_investment_appropriation"),
                        ],
                    ),
                    ("政府性基金预算拨款", 30, "government_fund"),
                    ("国有资本经营预算拨款", 30, "state_capital"),
                ],
            ),
            ("财政专户管理资金", 28, "fiscal_special_account"),
            ("单位资金", [(n[0], 28, n[2]) for n in UNIT_FUNDS]),
            ("上年结余、结转", 42, "carryover"),
        ],
    ),
]
FUNCTIONAL: list[Node] = [
    ("预算单位", 130, "unit"),
    ("科目", [("科目编码", 56, "code"), ("科目名称", 170, "name")]),
    ("2024 年预算数", [("支出总计", 66, "total"), ("基本支出", 62, "basic"), ("项目支出", 62, "project")]),
]
TRANSFER: list[Node] = [
    ("预算单位", 110, "unit"),
    ("科目编码", 50, "code"),
    ("科目名称", 110, "name"),
    ("项目名称", 130, "project"),
    ("项目金额", 62, "amount"),
]
PROCUREMENT: list[Node] = [
    ("预算单位", 140, "unit"),
    ("品目编码", 70, "code"),
    ("采购品目", 170, "item"),
    ("金额", 80, "amount"),
]
TWO_SIDED: list[Node] = [
    ("收入", [("项目", 170, "income-item"), ("预算数", 72, "income-amount")]),
    ("支出", [("项目", 180, "expenditure-item"), ("预算数", 72, "expenditure-amount")]),
]
TREES: dict[str, list[Node]] = {
    "income-summary": INCOME,
    "expenditure-summary": EXPENDITURE,
    "basic-expenditure": BASIC,
    "project-expenditure": PROJECT,
    "general-budget-by-function": FUNCTIONAL,
    "general-budget-by-economic": FUNCTIONAL,
    "government-fund-expenditure": FUNCTIONAL,
    "state-capital-expenditure": FUNCTIONAL,
    "special-transfer-expenditure": TRANSFER,
    "procurement": PROCUREMENT,
    "income-expenditure-summary": TWO_SIDED,
    "fiscal-appropriation-summary": TWO_SIDED,
}  # fmt: skip
TITLES = {
    "income-expenditure-summary": "收支总表",
    "income-summary": "收入总表",
    "expenditure-summary": "支出总表",
    "basic-expenditure": "基本支出总表",
    "project-expenditure": "项目支出总表",
    "fiscal-appropriation-summary": "财政拨款收支总表",
    "general-budget-by-function": "一般公共预算支出表（按功能分类）",
    "general-budget-by-economic": "一般公共预算支出表（按经济分类）",
    "three-public-expenses": "一般公共预算“三公”经费支出表",
    "government-fund-expenditure": "政府性基金预算支出表",
    "state-capital-expenditure": "国有资本经营预算支出表",
    "special-transfer-expenditure": "上级专项转移支付支出表",
    "procurement": "政府采购项目支出表",
    "performance-tasks": "部门整体支出绩效目标表",
}
NOTE = "注：本套报表金额单位转换时可能存在尾数误差。"


def leaves(tree: Sequence[Node], path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], float, str]]:
    """(path of header texts, width, field) of every leaf, left to right."""
    out: list[tuple[tuple[str, ...], float, str]] = []
    for node in tree:
        if not isinstance(node[1], (int, float)):
            out += leaves(node[1], (*path, node[0]))
        else:
            out.append(((*path, node[0]), float(node[1]), str(node[2])))
    return out


def header(tree: Sequence[Node], flat: bool) -> tuple[list[float], Band]:
    """Leaf widths and a band holding the header cells (merged, or one row of leaf names)."""
    band = Band()
    widths = [w for _p, w, _f in leaves(tree)]
    if flat:
        names = [_flat_name(p) for p, _w, _f in leaves(tree)]
        band.head = [Cell(n, "head", 0, c) for c, n in enumerate(names)]
        band.head_rows = 1
        return widths, band
    depth = max(len(p) for p, _w, _f in leaves(tree))

    def place(nodes: Sequence[Node], level: int, col: int) -> int:
        for node in nodes:
            if not isinstance(node[1], (int, float)):
                end = place(node[1], level + 1, col)
                band.head.append(Cell(node[0], "head", level, col, 1, end - col))
                col = end
            else:
                band.head.append(Cell(node[0], "head", level, col, depth - level, 1))
                col += 1
        return col

    place(tree, 0, 0)
    band.head_rows = depth
    return widths, band


def _flat_name(path: tuple[str, ...]) -> str:
    leaf = path[-1]
    if leaf in ("小计", "项目", "预算数") and len(path) > 1:
        return path[-2] + leaf
    return leaf


def printed_amount(value: str, layout: Layout) -> str:
    """An amount as printed: the CSV's digits, with thousands separators when the layout has them."""
    return with_separators(value) if value and layout.thousands else value


def _filled(cells: list[tuple[str, str]], band: Band) -> None:
    band.add_plain_row(cells)


def amount_table(doc: ExpectedDoc, resource: str, layout: Layout) -> Table:
    tree = TREES[resource]
    widths, band = header(tree, layout.headers == "flat")
    fields = [f for _p, _w, f in leaves(tree)]
    amounts = set(amount_fields(resource))
    rows = doc.table(resource)
    for r in rows:
        unit_row = r["level"] == "0" if "level" in r else not r.get("code")
        cells: list[tuple[str, str]] = []
        for f in fields:
            if f in amounts:
                cells.append((printed_amount(r[f], layout), "number"))
            elif f == "unit" and fields[1:2] == ["code"]:  # coded tables: the unit on its own row only
                cells.append((r["unit"] if unit_row else "", "label"))
            else:
                cells.append((r[f], "label"))
        _filled(cells, band)
    if not rows:  # printed with blank template rows only
        _filled([("0.00", "number") if f in amounts else ("", "label") for f in fields], band)
    return Table(resource, TITLES[resource], widths, [band], layout.rules)


def two_sided_table(doc: ExpectedDoc, resource: str, layout: Layout) -> Table:
    widths, band = header(TWO_SIDED, layout.headers == "flat")
    rows = doc.table(resource)
    income = [r for r in rows if r["side"] == "income"]
    spend = [r for r in rows if r["side"] == "expenditure"]
    for a, b in zip_longest(income, spend):
        cells: list[tuple[str, str]] = []
        for r in (a, b):
            cells += (
                [(r["item"], "label"), (printed_amount(r["amount"], layout), "number")] if r else [("", "label")] * 2
            )
        _filled(cells, band)
    return Table(resource, TITLES[resource], widths, [band], layout.rules, note=NOTE)


FUNDS = (("general_budget", "一般公共预算"), ("government_fund", "政府性基金"), ("state_capital", "国有资本经营"))
THREE_PUBLIC = (
    ("total", "“三公”经费合计"), ("overseas", "因公出国（境）费"), ("reception", "公务接待费"),
    ("vehicles", "小计"), ("vehicle_purchase", "公务用车购置费"), ("vehicle_operation", "公务用车运行维护费"),
)  # fmt: skip


def three_public_table(doc: ExpectedDoc, layout: Layout) -> Table:
    rows = doc.table("three-public-expenses")
    funds = FUNDS if any(r["fund"] != "general_budget" for r in rows) else FUNDS[:1]
    fw = 62.0 if len(funds) == 1 else 26.0

    def leaf(f: str, text: str) -> Node:
        return (text, fw, f) if len(funds) == 1 else (text, [(n, fw, f"{f}:{k}") for k, n in funds])

    tree: list[Node] = [("预算单位", 120, "unit"), ("年度", 56, "year")]
    tree += [leaf(f, t) for f, t in THREE_PUBLIC[:3]]
    tree.append(("公务用车购置及运行维护费", [leaf(f, t) for f, t in THREE_PUBLIC[3:]]))
    widths, band = header(tree, layout.headers == "flat")
    blocks: list[tuple[str, list[tuple[str, dict[str, dict[str, str]]]]]] = []
    for r in rows:
        if not blocks or blocks[-1][0] != r["unit"]:
            blocks.append((r["unit"], []))
        years = blocks[-1][1]
        if not years or years[-1][0] != r["year"]:
            years.append((r["year"], {}))
        years[-1][1][r["fund"]] = r
    for unit, years in blocks:
        for i, (year, by_fund) in enumerate(years):
            label = "增减变化金额" if year == "change" else f"{year}年"
            cells = [(unit, "label", 0, len(years), 1, True)] if i == 0 else []
            cells.append((label, "head", 1, 1, 1, False))
            col = 2
            for f, _t in THREE_PUBLIC:
                for k, _n in funds:
                    value = by_fund.get(k, {}).get(f, "")
                    cells.append((printed_amount(value, layout), "number", col, 1, 1, True))
                    col += 1
            band.add_row(cells)
    return Table("three-public-expenses", TITLES["three-public-expenses"], widths, [band], "grid")


PERF_WIDTHS = [22.0, 60.0, 66.0, 190.0, 60.0, 60.0, 60.0]


def performance_table(doc: ExpectedDoc, layout: Layout) -> Table:
    """部门整体支出绩效目标表: the department row, the tasks, the overall goal, the indicators
    (four bands, so that the tasks' and the indicators' headers can each be printed again)."""
    tasks, indicators = doc.table("performance-tasks"), doc.table("performance-indicators")
    top = Band()
    top.add_row(
        [
            ("部门（单位）名称", "head", 0, 1, 2, False),
            (doc.department, "label", 2, 1, 2, False),
            ("主管部门", "head", 4, 1, 1, False),
            (doc.meta.get("parent_department", ""), "label", 5, 1, 2, False),
        ]
    )
    task_band = Band(head_rows=2)
    task_band.head = [
        Cell("", "head", 0, 0, 2, 1),
        Cell("任务名称", "head", 0, 1, 2, 2),
        Cell("主要内容", "head", 0, 3, 2, 1),
        Cell("预算金额（万元）", "head", 0, 4, 1, 3),
        Cell("总额", "head", 1, 4),
        Cell("其中：财政拨款", "head", 1, 5),
        Cell("其中：其他资金", "head", 1, 6),
    ]
    for i, t in enumerate(tasks):
        cells = [("年度主要任务", "head", 0, len(tasks), 1, False)] if i == 0 else []
        cells += [(t["task"], "label", 1, 1, 2, True), (t["content"], "text", 3, 1, 1, True)]
        cells += [
            (printed_amount(t[f], layout), "number", c, 1, 1, True)
            for c, f in ((4, "total"), (5, "fiscal"), (6, "other"))
        ]
        task_band.add_row(cells)
    goal = Band()
    goal.add_row([("年度总体目标", "head", 0, 1, 3, False), ("", "text", 3, 1, 4, False)])
    ind_band = Band(head_rows=1)
    ind_band.head = [
        Cell("", "head", 0, 0),
        Cell("一级指标", "head", 0, 1),
        Cell("二级指标", "head", 0, 2),
        Cell("三级指标", "head", 0, 3),
        Cell("目标值", "head", 0, 4, 1, 3),
    ]
    for i, ind in enumerate(indicators):
        cells = [("年度绩效指标", "head", 0, len(indicators), 1, False)] if i == 0 else []
        for col, key in ((1, ("level1",)), (2, ("level1", "level2"))):
            if i == 0 or any(indicators[i - 1][k] != ind[k] for k in key):
                span = (
                    next(
                        (j for j in range(i, len(indicators)) if any(indicators[j][k] != ind[k] for k in key)),
                        len(indicators),
                    )
                    - i
                )
                cells.append((ind[key[-1]], "label", col, span, 1, True))
        cells += [(ind["indicator"], "label", 3, 1, 1, True), (ind["target"], "text", 4, 1, 3, True)]
        ind_band.add_row(cells)
    bands = [top, task_band, goal, ind_band]
    return Table("performance-tasks", TITLES["performance-tasks"], PERF_WIDTHS, bands, "grid", unit_line=False)


def key_projects_table(seven: PartSeven, layout: Layout) -> Table:
    """Part 7's table, amounts as the text prints them (the sections text holds them so)."""
    band = Band(head_rows=1)
    band.head = [Cell(h, "text", 0, c) for c, h in enumerate(seven.header)]
    for project, printed, goal in seven.rows:
        band.add_plain_row([(project, "label"), (printed, "number"), (goal, "text")])
    return Table("key-projects", "", [110.0, 64.0, 300.0], [band], layout.rules, unit_line=False)


def printed_tables(doc: ExpectedDoc, layout: Layout) -> list[Table]:
    """Every table the budget has, in catalog order, numbered 表1…表N."""
    out: list[Table] = []
    for resource in TITLES:
        if resource not in doc.rows:
            continue
        if resource in ("income-expenditure-summary", "fiscal-appropriation-summary"):
            table = two_sided_table(doc, resource, layout)
        elif resource == "three-public-expenses":
            table = three_public_table(doc, layout)
        elif resource == "performance-tasks":
            table = performance_table(doc, layout)
        else:
            table = amount_table(doc, resource, layout)
        table.number = len(out) + 1
        _narrow_labels(table, layout.label_width)
        out.append(table)
    return out


def _narrow_labels(table: Table, factor: float) -> None:
    """Columns holding labels (no amounts) at ``factor`` of their width."""
    if factor == 1.0:
        return
    kinds: dict[int, set[str]] = {}
    for band in table.bands:
        for c in band.body:
            if c.colspan == 1:
                kinds.setdefault(c.col, set()).add(c.kind)
    table.widths = [w * factor if kinds.get(i) == {"label"} else w for i, w in enumerate(table.widths)]
