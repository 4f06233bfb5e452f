"""The parsers of the standard tables, one module per kind of table (the catalog's ``kind``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...model import BudgetError, Row, Table
from ..layout import grid_lines
from ..regions import Context, Region
from .amounts import amount_rows
from .headings import check_no_header_row
from .indicators import indicator_table
from .tasks import task_table
from .three_public import three_public_rows
from .two_sided import two_sided_rows


@dataclass(frozen=True)
class Failure:
    """A resource of a region that could not be read, and why."""

    resource: str
    detail: str
    line: int | None


ROWS: dict[str, Callable[[Region, Context], list[Row]]] = {
    "two-sided": two_sided_rows,
    "three-public": three_public_rows,
    "amounts": amount_rows,
    "procurement": amount_rows,
    "special-transfer": amount_rows,
}


UNORDERED = (
    "text from pdftotext without -layout does not keep a table's cells in their rows: extract the text "
    "with `pdftotext -layout`, or add the PDF itself"
)

# Kinds of table read by position when the text gives positions (``pdftotext -layout``).
POSITIONAL = ("amounts", "procurement", "special-transfer", "two-sided", "three-public")


def positional(region: Region, units: frozenset[str] = frozenset()) -> Region:
    """A region of ``pdftotext -layout`` text, its rows read by position (``layout.py``);
    ``units``: the unit names the document is known to print."""
    if region.spec.kind not in POSITIONAL or not any(ln.layout for page in region.pages for ln in page):
        return region
    return Region(region.spec, region.title, region.start, [grid_lines(region.spec, region.pages, units)])


def parse_region(region: Region, ctx: Context) -> tuple[list[Table], list[Failure]]:
    """The tables a region holds (one; two for the 绩效目标表), and those that could not be read."""
    resources = (
        ["performance-tasks", "performance-indicators"] if region.spec.kind == "performance" else [region.spec.resource]
    )
    if any(ln.unordered for page in region.pages for ln in page):
        return [], [Failure(r, UNORDERED, region.start) for r in resources]
    unreadable = next((ln for page in region.pages for ln in page if ln.unreadable), None)
    if unreadable is not None:  # the reader found the table and says why it cannot read it
        return [], [Failure(r, unreadable.text, unreadable.loc) for r in resources]
    try:
        region = positional(region, frozenset(ctx.units))
    except BudgetError as e:
        return [], [Failure(region.spec.resource, e.detail, e.line)]
    spec = region.spec
    readers: list[tuple[str, Callable[[Region, Context], Table | None]]]
    if spec.kind == "performance":
        readers = [("performance-tasks", task_table), ("performance-indicators", indicator_table)]
    else:
        readers = [(spec.resource, lambda r, c: Table(spec.resource, ROWS[spec.kind](r, c), r.start, r.title))]
    tables: list[Table] = []
    failures: list[Failure] = []
    for resource, read in readers:
        try:
            table = read(region, ctx)
            if table is not None:  # every reader's rows: a header read as a row is never published
                check_no_header_row(resource, table.rows, region.start)
        except BudgetError as e:
            failures.append(Failure(resource, e.detail, e.line))
            continue
        if table is None:  # the region is the table's, but where it starts cannot be found
            failures.append(Failure(resource, "its header (where its rows start) cannot be found", region.start))
        else:
            tables.append(table)
    return tables, failures
