"""Lines of a document → the standard tables and the text parts.

Both readers (text extractions and PDFs) give lines; from here on the code is shared.
A line's cells are separated by tabs (tab-separated extractions, PDFs) or by spaces
(other extractions, where one printed cell may also be spread over several lines).
Tables are found by their titles (the catalog), their header is skipped, and the body is
read as a stream of tokens: label text, and number fragments that are joined back into
the printed amounts with the help of each row's known number of amounts and the
table's own arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..catalog import BY_RESOURCE, match_title, squash
from ..model import Budget, BudgetError, Line, Metadata, Source, Table, TableFailure
from .complete import check_last_table
from .regions import TABLE_NUMBER, Context, Region, is_table_title, split_regions
from .tables import parse_region
from .tables.headings import check_no_header_row
from .tables.key_projects import key_project_rows, key_projects
from .text_parts import glossary_rows, sections_rows, split_parts
from .words import label


def parse_document(lines: list[Line], meta: Metadata, source: Source) -> Budget:
    """A document's lines → its ``Budget``.  A table that cannot be read costs that table only:
    it is left out and recorded in ``budget.failures``; a document without any table title, or
    cut off before the tables it promises, raises ``BudgetError``."""
    lines = [replace(ln, text=ln.text.rstrip(" \r\n")) for ln in lines if ln.text.strip()]
    start = next((i for i, ln in enumerate(lines) if is_table_title(ln)), None)
    if start is None:
        raise BudgetError(
            "no budget tables found (no title such as 收支总表 or 表一：收支总表): is this a departmental budget?"
        )
    ctx = Context(meta, source)
    for u in (meta.department, meta.parent_department):
        ctx.add_unit(u)
    budget = Budget(meta=meta, source=source)
    parts = split_parts(_text_lines(lines[: _text_end(lines, start)]))
    read_text_parts(budget, parts)
    read_tables(budget, split_regions(lines[start:]), ctx)
    for t in budget.tables.values():
        for i, row in enumerate(t.rows, start=1):
            row["line"] = i
    read = set(budget.tables) | {f.resource for f in budget.failures}
    if not read & {"income-expenditure-summary", "income-summary"}:
        raise BudgetError("no 收支总表 or 收入总表 found: is this a departmental budget?")
    check_complete(read, lines[:start], lines[-1])
    budget.warnings.extend(ctx.warnings)
    check_last_table(budget, lines)
    return budget


def _text_end(lines: list[Line], title: int) -> int:
    """Where the text parts end: at the first table's title; in text in a reading order of its
    own (``pdftotext`` without ``-layout``, which may put a table's cells before its title), at
    the line of that title's page that names the table's unit (``单位名称：…``), if any."""
    if not lines[title].unordered:
        return title
    for k in range(title - 1, -1, -1):
        if UNIT_NAME.match(squash(lines[k].text)):
            return k
        if lines[k].new_page:
            break
    return title


def _text_lines(lines: list[Line]) -> list[Line]:
    while lines and TABLE_NUMBER.match(squash(lines[-1].text)):
        lines = lines[:-1]  # "表 1" printed above the first table's title
    return lines


def read_text_parts(budget: Budget, parts: list[tuple[int, str, list[Line]]]) -> None:
    """The nine parts as ``sections``, part 9 as the ``glossary``, part 7's table as ``key-projects``."""
    if not parts:
        return
    body = {num: lines for num, _, lines in parts if lines}
    kp, failed = None, False
    kind = "page" if budget.source.kind == "pdf" else "line"
    if 7 in body:
        try:
            kp = key_projects(body[7])
            check_no_header_row("key-projects", key_project_rows(kp), body[7][0].loc)
        except BudgetError as e:  # the table is left out of part 7's text too, and reported
            loc = e.line or body[7][0].loc
            budget.failures.append(TableFailure("key-projects", "重点项目预算绩效情况", e.detail, loc, kind))
            failed = True
    try:
        budget.tables["sections"] = Table(
            "sections", sections_rows(parts, kp, failed), parts[0][2][0].loc if parts[0][2] else 1, "文字部分"
        )
    except BudgetError as e:  # text whose order cannot be told: reported, not published misplaced
        budget.failures.append(TableFailure("sections", "文字部分", e.detail, e.line or parts[0][2][0].loc, kind))
    if 9 in body:
        try:
            budget.tables["glossary"] = Table("glossary", glossary_rows(body[9]), body[9][0].loc, "名词解释")
        except BudgetError as e:
            budget.failures.append(TableFailure("glossary", "名词解释", e.detail, e.line or body[9][0].loc, kind))
    rows = key_project_rows(kp)
    if rows:
        budget.tables["key-projects"] = Table("key-projects", rows, body[7][0].loc, "重点项目预算绩效情况")


UNIT_NAME = re.compile(r"^(?:单位名称|部门名称|部门（单位）名称)\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$")


def read_tables(budget: Budget, regions: list[Region], ctx: Context) -> None:
    """Every table region, the 收入总表 first (it names the units the others print).  A table
    that cannot be read is recorded as a failure; a resource read in part (one of its regions
    failed) is left out whole."""
    for r in regions:
        for ln in r.pages[0]:
            m = UNIT_NAME.match(ln.text.strip())
            if m and "\t" not in ln.text:
                ctx.add_unit(label(m.group(1)))
    kind = "page" if budget.source.kind == "pdf" else "line"
    for region in sorted(regions, key=lambda r: r.spec.resource != "income-summary"):
        known = list(ctx.units)
        tables, failures = parse_region(region, ctx)
        if failures:  # the units a table that cannot be read named are not known from it
            ctx.units[:] = known
        for failed in failures:
            budget.failures.append(
                TableFailure(failed.resource, region.title, failed.detail, failed.line or region.start, kind)
            )
        for t in tables:
            if t.resource in budget.tables:
                budget.tables[t.resource].rows.extend(t.rows)
            else:
                budget.tables[t.resource] = t
    for f in budget.failures:
        budget.tables.pop(f.resource, None)


TOC_ENTRY = re.compile(r"^[-\s]*[（(][一二三四五六七八九十]+\s*[)）]\s*(.+)$")
# Printed by every budget of the standard template, even when empty.
ALWAYS = (
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "basic-expenditure",
    "project-expenditure",
    "fiscal-appropriation-summary",
    "general-budget-by-function",
    "general-budget-by-economic",
    "three-public-expenses",
)


def check_complete(read: set[str], text_lines: list[Line], last: Line) -> None:
    """A document cut off half-way misses tables that its contents page (or the standard
    template) promises: say so instead of publishing half a budget.  (``read``: the resources
    found, read or not.)"""
    promised = []
    for ln in text_lines:
        m = TOC_ENTRY.match(ln.text.strip())
        spec = match_title(m.group(1)) if m else None
        if spec is not None and spec.resource not in promised:
            promised.append(spec.resource)
    expected = promised or list(ALWAYS)
    missing = [r for r in expected if r not in read]
    if missing:
        names = BY_RESOURCE[missing[0]].zh + (f" and {len(missing) - 1} more table(s)" if len(missing) > 1 else "")
        where = "the contents page lists" if promised else "every budget prints"
        raise BudgetError(
            f"{names} missing although {where} them; the document ends at line {last.loc} "
            f"({last.text.strip()[:30]!r}): is it cut off?",
            table=BY_RESOURCE[missing[0]].zh,
            line=last.loc,
        )
