"""A document cut short: the last table it prints must end where the table itself says it ends.

A file cut off inside its last table (a download that stopped, a text extraction saved half
way) still parses: the rows go as far as the file does.  The tables say where they end, so a
cut is found by their own structure and arithmetic, never guessed from the length of a file:

- a last table with no row at all prints no amount after its title (a table of blank template
  rows, all zero, prints them: it is printed empty, not cut); the indicators always have rows;
- the 整体支出绩效目标表's indicators end in the last of the three classes of every template
  (产出, 效益, 满意度指标), and a table that prints every second-level class of the first two
  (the full template) ends in its last, 其他满意度指标 — a class the rows do not reach and
  the document does not print after the table's title is a cut (one printed, but read into
  other rows, is not: the checks and the reader's doubts are about that);
- the table's tasks end in their 金额合计 row, and are followed by the indicators (the header
  三级指标 printed at least);
- an amounts table with a hierarchy ends when the rows under each open total add up to it (a
  unit's classes to the unit's total, a class's items to the class) — a shortfall beyond the
  rounding of 0.01 per term is rows that are missing.

A last table that does not end so is left out and reported (``budget.failures``), as a table
that cannot be read is: the rest of the budget is published.  Only the last table is held to
this; whatever the arithmetic of the other tables, the checks report (generator/checks/).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from ..catalog import BY_RESOURCE, RESOURCES, squash
from ..model import Budget, Line, Row, Table, TableFailure
from .tables.performance import LEVEL1, LEVEL2

INDICATORS, TASKS, THREE_PUBLIC = "performance-indicators", "performance-tasks", "three-public-expenses"
TASKS_TOTAL = "金额合计"
ROUNDING = Decimal("0.01")  # per summed term: amounts converted from yuan to 万元
AMOUNT = re.compile(r"(?<![\d.])\d[\d,]*\.\d+(?![\d.])|(?:^|\s)0(?:\s|$)")  # 5,574.90, 0.00, 0


def check_last_table(budget: Budget, lines: list[Line]) -> None:
    """Record the document's last table as a failure (and leave it out) when it stops short of
    where its own structure says it ends; the 绩效目标表's tasks too, when that table is last
    (its indicators, read or not, follow them).  ``lines``: the document's lines."""
    last = _last_table(budget)
    if last is not None:
        full = last.rows or last.resource == INDICATORS
        _fail(budget, last, _cut_short(last, lines) if full else _empty_cut(last, lines), lines)
    tasks = budget.tables.get(TASKS)
    if tasks is not None and tasks is not last and _is_last(budget, tasks):
        _fail(budget, tasks, _tasks_cut(tasks.rows, _printed(lines, tasks)), lines)


def _fail(budget: Budget, table: Table, reason: str, lines: list[Line]) -> None:
    if not reason:
        return
    end = lines[-1].loc if lines else table.start
    kind = "page" if budget.source.kind == "pdf" else "line"
    reason = f"{reason}; the document ends at {kind} {end}: is it cut off?"
    budget.failures.append(TableFailure(table.resource, table.title, reason, table.start, kind))
    budget.tables.pop(table.resource, None)


def _is_last(budget: Budget, table: Table) -> bool:
    """Whether no other table (read or not) starts after ``table``, but the indicators of its own."""
    starts = [t.start for t in budget.tables.values() if t.resource != INDICATORS and t is not table]
    starts += [f.loc for f in budget.failures if f.loc is not None and f.resource != INDICATORS]
    return all(s <= table.start for s in starts)


def _last_table(budget: Budget) -> Table | None:
    """The table the document prints last (of those read), unless a table that could not be read
    comes after it; the indicators follow the tasks they share their title with."""
    order = {r: i for i, r in enumerate(RESOURCES)}
    tables = [t for t in budget.tables.values() if BY_RESOURCE[t.resource].kind != "text"]
    if not tables:
        return None
    last = max(tables, key=lambda t: (t.start, order[t.resource]))
    if any(f.loc is not None and f.loc > last.start for f in budget.failures):
        return None
    if last.resource == TASKS and any(f.resource == INDICATORS for f in budget.failures):
        return None
    return last


def _printed(lines: list[Line], table: Table) -> str:
    """What the document prints from the table's title on, white space left out."""
    return "".join(squash(ln.text) for ln in lines if ln.loc >= table.start)


def _empty_cut(table: Table, lines: list[Line]) -> str:
    """A last table without rows is cut short unless it prints amounts (blank template rows, all
    zero, are dropped: the table is printed, empty)."""
    after = [ln for ln in lines if ln.loc > table.start]
    return "" if any(AMOUNT.search(ln.text) for ln in after) else "the table ends before its first row"


def _cut_short(table: Table, lines: list[Line]) -> str:
    if table.resource == INDICATORS:
        return _indicators_cut(table.rows, _printed(lines, table))
    if table.resource == TASKS:
        cut = _tasks_cut(table.rows, _printed(lines, table))
        return cut or ("" if "三级指标" in _printed(lines, table) else "the table's 年度绩效指标 are missing")
    if table.resource == THREE_PUBLIC:
        return _three_public_cut(table.rows)
    if any("level" in row for row in table.rows):
        return _hierarchy_cut(table)
    return ""


def _three_public_cut(rows: list[Row]) -> str:
    """The 三公 table prints each fund for last year, this year and the change, the change last."""
    years = [str(r.get("year") or "") for r in rows]
    first = {r.get("fund") for r in rows if r.get("year") == years[0]}
    changed = {r.get("fund") for r in rows if r.get("year") == "change"}
    if not first <= changed:
        return "the table ends before the change of every fund it prints"
    return ""


def _indicators_cut(rows: list[Row], printed: str) -> str:
    """The indicators stop short of the classes the template ends with, and the document does not
    print those classes after the table's title either (a class printed but read elsewhere is
    the reader's doubt, reported by the checks, not a cut)."""
    level1 = {str(r.get("level1") or "") for r in rows}
    level2 = {str(r.get("level2") or "") for r in rows}
    # A class's name is printed whole but for its last character (a narrow cell wraps 指 / 标).
    if LEVEL1[-1] not in level1 and LEVEL1[-1][:-1] not in printed:
        return f"the indicators end before their last class, {LEVEL1[-1]}"
    last = LEVEL2[-1]  # the full template (every class of the first two) ends in 其他满意度指标
    if set(LEVEL2[:-2]) <= level2 and last not in level2 and last[:-1] not in printed:
        return f"the indicators print every class of the template but its last, {last}"
    return ""


def _tasks_cut(rows: list[Row], printed: str) -> str:
    """The tasks end in their 金额合计 row: a cut leaves it out, and the document does not print
    it either (the rows before it are the tasks; a 金额合计 printed but not read is no cut)."""
    if any(str(r.get("task") or "").replace(" ", "") == TASKS_TOTAL for r in rows) or TASKS_TOTAL in printed:
        return ""
    return f"the tasks end before their {TASKS_TOTAL} row"


def _hierarchy_cut(table: Table) -> str:
    """Each total still open at the table's last row (by ``level``) against the rows under it."""
    rows, fields = table.rows, [f.name for f in BY_RESOURCE[table.resource].amounts]
    if not fields:
        return ""
    field = fields[0]
    i = len(rows) - 1
    level = _level(rows[i])
    if level == 0 and isinstance(rows[i].get(field), Decimal) and rows[i].get(field) != 0:
        return f"the table ends with a total ({rows[i].get(field)}) and no row under it"
    while i > 0 and level > 0:  # the open parents of the last row, nearest first
        j = max((k for k in range(i) if _level(rows[k]) < level), default=None)
        if j is None:
            break
        parent = rows[j]
        kids = [r for r in rows[j + 1 :] if _level(r) == _level(parent) + 1]
        short = _shortfall(parent.get(field), [r.get(field) for r in kids])
        if short:
            name = parent.get("name") or parent.get("item") or parent.get("unit") or f"row {parent.get('line')}"
            return f"the rows under {name!s} add up to {short[0]}, less than its {short[1]}"
        i, level = j, _level(parent)
    return ""


def _level(row: Row) -> int:
    v = row.get("level")
    return v if isinstance(v, int) else 0


def _shortfall(total: object, parts: Sequence[object]) -> tuple[Decimal, Decimal] | None:
    if not parts or not isinstance(total, Decimal) or not all(isinstance(p, Decimal) for p in parts):
        return None
    got = sum((p for p in parts if isinstance(p, Decimal)), Decimal(0))
    return (got, total) if total - got > ROUNDING * len(parts) else None
