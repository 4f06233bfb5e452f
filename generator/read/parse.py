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

from ..catalog import BY_RESOURCE, match_title, squash
from ..model import Budget, BudgetError, Line, Metadata, Source, Table
from .numbers import decimals, is_number
from .regions import TABLE_NUMBER, Context, is_table_title, split_regions
from .tables import parse_region
from .tables.key_projects import key_project_rows
from .text_parts import glossary_rows, sections_rows, split_parts
from .words import label


def parse_document(lines: list[Line], meta: Metadata, source: Source) -> Budget:
    lines = [Line(ln.text.rstrip(" \r\n"), ln.line, ln.page, ln.paragraph) for ln in lines if ln.text.strip()]
    start = next((i for i, ln in enumerate(lines) if is_table_title(ln)), None)
    if start is None:
        raise BudgetError(
            "no budget tables found (no title such as 收支总表 or 表一：收支总表): is this a departmental budget?"
        )
    ctx = Context(meta, source)
    for u in (meta.department, meta.parent_department):
        ctx.add_unit(u)
    budget = Budget(meta=meta, source=source)
    text_lines = lines[:start]
    while text_lines and TABLE_NUMBER.match(squash(text_lines[-1].text)):
        text_lines = text_lines[:-1]  # "表 1" printed above the first table's title
    parts = split_parts(text_lines)
    if parts:
        budget.tables["sections"] = Table(
            "sections", sections_rows(parts), parts[0][2][0].loc if parts[0][2] else 1, "文字部分"
        )
        glossary = next((p for p in parts if p[0] == 9), None)
        if glossary:
            budget.tables["glossary"] = Table("glossary", glossary_rows(glossary[2]), glossary[2][0].loc, "名词解释")
    regions = split_regions(lines[start:])
    ctx.two_decimals = _mostly_two_decimals(lines[start:])
    for r in regions:
        for ln in r.pages[0]:
            m = re.match(
                r"^(?:单位名称|部门名称|部门（单位）名称)\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$", ln.text.strip()
            )
            if m and "\t" not in ln.text:
                ctx.add_unit(label(m.group(1)))
    order = sorted(regions, key=lambda r: r.spec.resource != "income-summary")  # units first
    for region in order:
        spec = region.spec
        try:
            tables = parse_region(region, ctx)
        except BudgetError as e:
            if not e.table:
                e.table = f"{region.title} ({spec.resource})"
                e.args = (e._format(),)
            raise
        for t in tables:
            if t.resource in budget.tables:
                budget.tables[t.resource].rows.extend(t.rows)
            else:
                budget.tables[t.resource] = t
    if parts:
        seven = next((p for p in parts if p[0] == 7), None)
        if seven:
            rows = key_project_rows(seven[2])
            if rows:
                budget.tables["key-projects"] = Table("key-projects", rows, seven[2][0].loc, "重点项目预算绩效情况")
    for t in budget.tables.values():
        for i, row in enumerate(t.rows, start=1):
            row["line"] = i
    if "income-expenditure-summary" not in budget.tables and "income-summary" not in budget.tables:
        raise BudgetError("no 收支总表 or 收入总表 found: is this a departmental budget?")
    check_complete(budget, lines[:start], lines[-1])
    budget.warnings.extend(ctx.warnings)
    return budget


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


def check_complete(budget: Budget, text_lines: list[Line], last: Line) -> None:
    """A document cut off half-way misses tables that its contents page (or the standard
    template) promises: say so instead of publishing half a budget."""
    promised = []
    for ln in text_lines:
        m = TOC_ENTRY.match(ln.text.strip())
        spec = match_title(m.group(1)) if m else None
        if spec is not None and spec.resource not in promised:
            promised.append(spec.resource)
    expected = promised or list(ALWAYS)
    missing = [r for r in expected if r not in budget.tables]
    if missing:
        names = BY_RESOURCE[missing[0]].zh + (f" and {len(missing) - 1} more table(s)" if len(missing) > 1 else "")
        where = "the contents page lists" if promised else "every budget prints"
        raise BudgetError(
            f"{names} missing although {where} them; the document ends at line {last.loc} "
            f"({last.text.strip()[:30]!r}): is it cut off?",
            table=BY_RESOURCE[missing[0]].zh,
            line=last.loc,
        )


def _mostly_two_decimals(lines: list[Line]) -> bool:
    nums = [t for ln in lines for t in re.split(r"[\s\t]+", ln.text) if is_number(t) and ("." in t or "," in t)]
    if len(nums) < 20:
        return False
    return sum(1 for t in nums if decimals(t) == 2) / len(nums) > 0.97
