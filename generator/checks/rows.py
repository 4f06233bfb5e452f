"""Reading the tables as the checks do: units' blocks of rows, parents and children, totals,
the amount of each code, the items of the two-sided summaries."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..catalog import BY_RESOURCE, FUNCTION_CLASSES, INCOME_SOURCES
from ..chinese import numbering
from ..model import Budget, Row, Value
from .registry import ZERO


def amount(v: Value) -> Decimal | None:
    return v if isinstance(v, Decimal) else None


def total_of(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the amounts present; None when none is (a missing cell counts as nothing)."""
    present = [v for v in values if v is not None]
    return sum(present, ZERO) if present else None


def q(text: str) -> str:
    """A name in Chinese quotation marks, unless it has its own (“三公”经费合计)."""
    return text if text.startswith("“") else f"“{text}”"


def field_names(resource: str, field: str) -> tuple[str, str]:
    f = BY_RESOURCE[resource].field(field)
    return f.zh, f.en


def table_names(resource: str) -> tuple[str, str]:
    spec = BY_RESOURCE[resource]
    return spec.zh, spec.en


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


def summed(resource: str, rows: Sequence[Row]) -> list[tuple[Row, list[Row]]]:
    """(row, the rows summed into it), read as the checks read the table: the department's
    total row and its units' total rows (where the department's is printed), then each row of a
    unit's block with children and its children (``children_of``)."""
    bls = blocks(resource, rows)
    dept = department_block(bls)
    out = [(dept.head, [b.head for b in bls if b is not dept])] if dept is not None else []
    for block in bls:
        out.extend(children_of(resource, block))
    return out


def parents(resource: str, rows: Sequence[Row]) -> dict[int, Row]:
    """Each row's parent, the row it is summed into (``summed``), by the row's ``line``.  A row
    with no parent is not listed."""
    return {int(kid["line"]): parent for parent, kids in summed(resource, rows) for kid in kids}  # type: ignore[arg-type]


def lines_text(rows: Sequence[Row]) -> str:
    nums = [int(r["line"]) for r in rows if isinstance(r.get("line"), int)]  # type: ignore[arg-type]
    if not nums:
        return ""
    if nums == list(range(nums[0], nums[-1] + 1)) and len(nums) > 2:
        return f"{nums[0]}–{nums[-1]}"
    return ", ".join(map(str, nums))


SOURCES = INCOME_SOURCES
UNIT_FUNDS = SOURCES[3:]

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


def normalize(label: str) -> str:
    """A label as compared: no white space, full-width brackets, no list numbering."""
    return numbering(re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")).rest


def numbering_kind(label: str) -> str:
    """'cn' for 一、, 'paren' for （一）, 'digit' for 1., '' for none."""
    return numbering(re.sub(r"\s+", "", label)).kind


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


TOTAL_LABEL = re.compile(r"(合计|总计)$")


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
