"""The parsers of the standard tables, one module per kind of table (the catalog's ``kind``)."""

from __future__ import annotations

from ...model import Table
from ..regions import Context, Region
from .amounts import amount_rows
from .performance import performance_tables
from .three_public import three_public_rows
from .two_sided import two_sided_rows


def parse_region(region: Region, ctx: Context) -> list[Table]:
    spec = region.spec
    if spec.kind == "two-sided":
        rows = two_sided_rows(region, ctx)
    elif spec.kind == "three-public":
        rows = three_public_rows(region, ctx)
    elif spec.kind == "performance":
        return performance_tables(region, ctx)
    else:
        rows = amount_rows(region, ctx)
    return [Table(spec.resource, rows, region.start, region.title)]
