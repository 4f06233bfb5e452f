"""Synthetic budget documents: a ``Budget`` written back out as a text extraction.

``budget_text`` lays a budget out the way the tab-separated extractions of published PDFs
do (titles ``表N：…``, a ``单位名称：… 单位：万元`` line, the column headings, one row per line
with its cells separated by tabs, the nine text parts one paragraph per line), so that the
parser reads it back into the same tables.  ``variant`` makes a new department's budget from
a real one: new names, every amount multiplied by a whole number (so every printed total
still adds up).  ``make bench`` builds its corpora from these; nothing made here is ever
committed.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal

from ..catalog import BY_RESOURCE, PARTS, TABLES, TableSpec
from ..chinese import NUMERALS, numeral
from ..model import Budget, Metadata, Row

# The standard tables, in the order the documents print them (the catalog's order).
_ORDER = tuple(t.resource for t in TABLES if t.kind not in ("performance", "text", "derived"))


def _amount(v: object) -> str:
    if v is None or v == "":
        return "-"  # a dash printed for "none": read back as a missing value
    assert isinstance(v, Decimal), v
    return f"{v:,}"


def _cells(*cells: object) -> str:
    return "\t".join("" if c is None else str(c) for c in cells)


def _header(spec: TableSpec, label_fields: tuple[str, ...]) -> list[str]:
    names = [spec.field(f).zh for f in label_fields] + [f.zh for f in spec.amounts]
    return [_cells(*names)]


def _amount_table(spec: TableSpec, rows: list[Row]) -> list[str]:
    amounts = [f.name for f in spec.amounts]
    out: list[str] = []
    if spec.resource in ("basic-expenditure", "project-expenditure"):
        label = "name" if spec.resource == "basic-expenditure" else "project"
        out += _header(spec, (label,))
        for r in rows:
            out.append(_cells(r[label], *(_amount(r[a]) for a in amounts)))
    elif spec.resource == "income-summary":
        out += _header(spec, ("unit",))
        for r in rows:
            out.append(_cells(r["unit"], *(_amount(r[a]) for a in amounts)))
    elif spec.kind == "procurement":
        out += _header(spec, ("unit", "code", "item"))
        for r in rows:
            out.append(_cells(r["unit"] if not r["code"] else "", r["code"], r["item"], _amount(r["amount"])))
    elif spec.kind == "special-transfer":
        out += _header(spec, ("unit", "code", "name", "project"))
        for r in rows:
            first = r["unit"] if not r["code"] else ""
            out.append(_cells(first, r["code"], f"{r['name']} {r['project']}".strip(), _amount(r["amount"])))
    else:  # coded tables: unit, code, name, amounts
        out += _header(spec, ("unit", "code", "name"))
        for r in rows:
            first = r["unit"] if not r["code"] else ""
            out.append(_cells(first, r["code"], r["name"], *(_amount(r[a]) for a in amounts)))
    return out


def _two_sided(rows: list[Row]) -> list[str]:
    income = [r for r in rows if r["side"] == "income"]
    spending = [r for r in rows if r["side"] == "expenditure"]
    out = [_cells("收入", "", "支出", ""), _cells("项目", "2024年预算数", "项目", "2024年预算数")]
    for i in range(max(len(income), len(spending))):
        a = income[i] if i < len(income) else None
        b = spending[i] if i < len(spending) else None
        out.append(
            _cells(
                a["item"] if a else "",
                ("" if a["amount"] is None else f"{a['amount']:,}") if a else "",
                b["item"] if b else "",
                ("" if b["amount"] is None else f"{b['amount']:,}") if b else "",
            )
        )
    return out


def _three_public(rows: list[Row]) -> list[str]:
    spec = BY_RESOURCE["three-public-expenses"]
    names = [f.name for f in spec.amounts]
    out = [_cells("预算单位", "年度", *(f.zh for f in spec.amounts))]
    funds = list(dict.fromkeys(str(r["fund"]) for r in rows))
    seen_unit = ""
    for key in dict.fromkeys((str(r["unit"]), str(r["year"])) for r in rows):
        unit, year = key
        group = [r for r in rows if (r["unit"], r["year"]) == key]
        if len(funds) == 1:
            values = [group[0][n] for n in names]
        else:
            by_fund = {r["fund"]: r for r in group}
            values = [by_fund[f][n] for n in names for f in ("general_budget", "government_fund", "state_capital")]
        label = "增减变化金额" if year == "change" else f"{year}年"
        out.append(_cells(unit if unit != seen_unit else "", label, *(_amount(v) for v in values)))
        seen_unit = unit
    return out


def _performance(budget: Budget) -> list[str]:
    out = [_cells("单位名称", budget.meta.department, "主管部门", budget.meta.parent_department)]
    out.append(_cells("任务名称", "主要内容", "预算金额（万元）"))
    out.append(_cells("", "", "总额", "其中：财政拨款", "其中：其他资金"))
    for r in budget.rows("performance-tasks"):
        out.append(_cells(r["task"], r["content"], _amount(r["total"]), _amount(r["fiscal"]), _amount(r["other"])))
    out.append("年度总体目标")
    out.append(_cells("一级指标", "二级指标", "三级指标", "目标值"))
    level1 = level2 = None
    for r in budget.rows("performance-indicators"):
        a = r["level1"] if r["level1"] != level1 else ""
        b = r["level2"] if r["level2"] != level2 or a else ""
        level1, level2 = r["level1"], r["level2"]
        out.append(_cells(a, b, r["indicator"], r["target"]))
    return out


def _text_parts(budget: Budget) -> list[str]:
    out: list[str] = []
    for r in budget.rows("sections"):
        part = int(r["part"])  # type: ignore[arg-type]
        out.append(f"第{numeral(part)}部分 {r['heading'] or PARTS[part - 1][0]}")
        out.extend(str(r["text"]).split("\n"))
    return out


def budget_text(budget: Budget) -> str:
    """The budget as a tab-separated text extraction the parser reads back."""
    dept = budget.meta.department
    lines = [f"{dept}", f"{budget.meta.year} 年部门预算", *_text_parts(budget)]
    n = 0
    for resource in _ORDER:
        table = budget.tables.get(resource)
        if table is None:
            continue
        n += 1
        spec = BY_RESOURCE[resource]
        title = re.sub(rf"^表\s*(?:\d+|[{NUMERALS}]+)\s*[：:]?\s*", "", table.title) or spec.zh
        lines.append(f"表{numeral(n)}：{title}")
        lines.append(_cells(f"单位名称：{dept}", "单位：万元"))
        if spec.kind == "two-sided":
            lines += _two_sided(table.rows)
        elif spec.kind == "three-public":
            lines += _three_public(table.rows)
        else:
            lines += _amount_table(spec, table.rows)
    if "performance-tasks" in budget.tables or "performance-indicators" in budget.tables:
        n += 1
        lines.append(f"表{numeral(n)}：{dept}整体支出绩效目标表")
        lines += _performance(budget)
    return "\n".join(lines) + "\n"


def variant(budget: Budget, *, slug: str, department: str, factor: int) -> Budget:
    """Another department's budget made from ``budget``: its units renamed, every amount
    multiplied by ``factor`` (a whole number, so totals still equal the sums of their parts)."""
    new = copy.deepcopy(budget)
    old_names = sorted({budget.meta.department, *_units(budget)} - {""}, key=len, reverse=True)

    def rename(text: str) -> str:
        for old in old_names:
            text = text.replace(old, department if old == budget.meta.department else f"{department}{old[-4:]}")
        return text

    f = Decimal(factor)
    # The units are renamed where the tables name them; the text keeps its words (so its
    # translations still apply, as they would for a real budget of the corpus).
    for table in new.tables.values():
        for row in table.rows:
            for k, v in row.items():
                if isinstance(v, Decimal):
                    row[k] = v * f
                elif isinstance(v, str) and (k == "unit" or (row.get("level") == 0 and k in ("name", "project"))):
                    row[k] = rename(v)
    # 第七部分 prints the key-project table inside its text: print the new amounts there too.
    projects = {str(r["project"]): r for r in new.rows("key-projects")}
    for row in new.rows("sections"):
        if row["part"] == 7:
            lines = str(row["text"]).split("\n")
            for i, line in enumerate(lines):
                name = line.split(" ", 1)[0]
                if name in projects and len(line.split(" ")) > 1:
                    r = projects[name]
                    lines[i] = f"{name} {r['amount']:,} {r['goal']}".rstrip()
            row["text"] = "\n".join(lines)
    new.meta = Metadata(
        id=f"{budget.meta.year}-{slug}",
        year=budget.meta.year,
        slug=slug,
        department=department,
        department_en=f"{budget.meta.department_en} ({slug})" if budget.meta.department_en else "",
        parent_department=rename(budget.meta.parent_department),
        parent_department_en=budget.meta.parent_department_en,
        district=budget.meta.district,
        district_en=budget.meta.district_en,
        source_note=f"synthetic: {budget.id} with amounts × {factor}",
    )
    return new


def _units(budget: Budget) -> set[str]:
    return {str(r["unit"]) for t in budget.tables.values() for r in t.rows if r.get("unit")}
