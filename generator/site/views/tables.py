"""A budget's tables as the budget page shows them (``table_view``), each row linking to what
the checks found in it; tables printed but not read are shown as such (``unreadable_view``)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ...catalog import (
    BY_RESOURCE,
    FIELD_KIND,
    FUNDS_EN,
    GROUPING,
    HIDEABLE,
    LAYOUT_FIELDS,
    LEADING,
    ROW_HEADER,
    TWO_SIDED,
    Field,
    TableSpec,
)
from ...checks import SEVERITIES
from ...chinese import has_chinese, numbering
from ...model import Row, TableFailure
from .. import format as fmt
from .. import html, urls
from ..html import EMPTY, Flag
from ..terms import Phrase, cell_label, split_numbering
from ..ui import N_
from .common import BudgetScope


@dataclass
class Cell:
    text: Phrase
    numeric: bool = False
    header: bool = False
    level: int | None = None
    value: str = ""  # sort key for numbers
    repeat: bool = False  # same as the row above: read out, not shown


@dataclass
class Column:
    name: str
    header: Phrase
    numeric: bool
    html: Markup = EMPTY  # the header, its glossary terms linked
    row_header: bool = False  # the column of the rows' labels (kept in view when the table scrolls)


@dataclass
class RowView:
    cells: list[Cell]
    anchor: str  # stable id: row-<resource>-<line>
    flags: list[Flag] = field(default_factory=list)
    html: Markup = EMPTY  # the row, its glossary terms linked

    @property
    def severity(self) -> str:
        """The gravest severity flagged on the row ('' when none)."""
        return next((s for s in SEVERITIES if any(f.severity == s for f in self.flags)), "")


@dataclass
class RowGroup:
    header: Phrase | None
    rows: list[RowView]
    header_html: Markup = EMPTY


@dataclass
class TableView:
    resource: str
    anchor: str
    caption: Phrase
    printed_title: str
    columns: list[Column]
    groups: list[RowGroup]
    csv: str  # link to the CSV, relative to the page
    has_amounts: bool
    # A table printed in the document but not read: where it is printed, and why it was not read.
    unreadable_note: str = ""
    unreadable: Phrase | None = None

    @property
    def empty(self) -> bool:
        """Printed with its header and no rows."""
        return not any(g.rows for g in self.groups)


# The two sides of a summary of income and expenditure; where a table not read is printed.
SIDES = {"income": N_("收入"), "expenditure": N_("支出")}
AT = {"line": N_("，第 %(n)s 行"), "page": N_("，第 %(n)s 页")}


def _is_total(item: str) -> bool:
    return bool(re.search(r"(总计|合计)$", item))


def _name(spec_or_field: TableSpec | Field, lang: str) -> Phrase:
    return Phrase(spec_or_field.zh if lang == "zh" else spec_or_field.en, lang)


def cell_text(s: BudgetScope, resource: str, fname: str, row: Row) -> Phrase:
    """A cell in the page's language, as its field is shown (catalog.FIELD_KIND)."""
    lang, tr = s.lang, s.tr
    v = row.get(fname)
    if v is None or v == "":
        if fname in ("name", "project", "item") and row.get("level") == 0 and row.get("unit"):
            return tr.label(str(row["unit"]), lang)
        return Phrase("", lang)
    text = str(v)
    kind = FIELD_KIND.get(fname, "raw")
    labelled = cell_label(tr, resource, fname, row, lang)
    if labelled is not None:
        return labelled
    if kind == "year":
        return Phrase(s.t("增减变化") if text == "change" else text, lang)
    if kind == "fund":
        return Phrase(BY_RESOURCE["income-summary"].field(text).zh if lang == "zh" else FUNDS_EN.get(text, text), lang)
    return Phrase(fmt.english(text) if lang == "en" and not has_chinese(text) else text, lang)


def table_view(s: BudgetScope, resource: str) -> TableView | None:
    """The table as the page shows it (None when the document does not print it)."""
    table = s.budget.tables.get(resource)
    if table is None:
        return None
    spec = BY_RESOURCE[resource]
    if resource in TWO_SIDED:
        return _linked(s, _two_sided(s, spec, table.rows, table.title))
    fields = _columns(spec, table.rows)
    header_field = next((n for n in ROW_HEADER if any(f.name == n for f in fields)), None)
    columns = [Column(f.name, _name(f, s.lang), f.type == "number", row_header=f.name == header_field) for f in fields]
    rows: list[RowView] = []
    previous: Row = {}
    for row in table.rows:
        rows.append(_row_view(s, resource, row, [_cell(s, resource, f, row, previous, header_field) for f in fields]))
        previous = row
    view = TableView(
        resource,
        f"table-{resource}",
        _name(spec, s.lang),
        table.title,
        columns,
        [RowGroup(None, rows)],
        s.page.href(urls.package_file(s.budget.id, f"{resource}.csv")),
        any(c.numeric for c in columns),
    )
    return _linked(s, view)


def _columns(spec: TableSpec, rows: list[Row]) -> list[Field]:
    """The columns shown: the naming column first (after the unit, code and indicator classes),
    then the rest in printed order; a column with one value in every row says nothing per row
    (the unit is in the page title), unless it names the rows."""
    fields = [f for f in spec.fields if f.name not in LAYOUT_FIELDS]
    header_field = next((n for n in ROW_HEADER if any(f.name == n for f in fields)), None)
    for hideable in HIDEABLE:
        if hideable != header_field and len({r.get(hideable) for r in rows}) <= 1:
            fields = [f for f in fields if f.name != hideable]
    if header_field and header_field != fields[0].name and header_field != "indicator":
        hf = next(f for f in fields if f.name == header_field)
        rest = [f for f in fields if f.name != header_field]
        lead = [f for f in rest if f.name in LEADING]
        fields = [*lead, hf, *[f for f in rest if f not in lead]]
    return fields


def _cell(s: BudgetScope, resource: str, f: Field, row: Row, previous: Row, header_field: str | None) -> Cell:
    if f.type == "number":
        v = row.get(f.name)
        return Cell(Phrase(fmt.amount(v, s.lang), s.lang), numeric=True, value=fmt.exact(v))
    is_header = f.name == header_field
    level = row.get("level")
    hlevel = int(level) if is_header and isinstance(level, int) else None
    if is_header and hlevel is None and _is_total(str(row.get(f.name) or "")):
        hlevel = 0
    cell = Cell(cell_text(s, resource, f.name, row), header=is_header, level=hlevel)
    # Indicator classes print once per block in the source; repeating them on every row would
    # hide the grouping, leaving them out would lose it for a screen reader.
    cell.repeat = f.name in GROUPING and all(
        row.get(n) == previous.get(n) for n in GROUPING[: GROUPING.index(f.name) + 1]
    )
    return cell


def _row_view(s: BudgetScope, resource: str, row: Row, cells: list[Cell]) -> RowView:
    """A row with its stable anchor and a flag for each severity a check found in it."""
    line = row.get("line")
    return RowView(cells, f"row-{resource}-{line}", s.row_flags(resource).get(line, []))


def _two_sided(s: BudgetScope, spec: TableSpec, rows: list[Row], title: str) -> TableView:
    """A summary of income and expenditure: one group of rows per side, each item at its depth."""
    lang = s.lang
    columns = [
        Column("item", _name(spec.field("item"), lang), False, row_header=True),
        Column("amount", _name(spec.field("amount"), lang), True),
    ]
    depth = _subject_depths(s)
    groups = []
    for side in ("income", "expenditure"):
        grows = []
        prev: tuple[str, int] = ("", 0)
        for row in rows:
            if row.get("side") != side:
                continue
            item = str(row.get("item") or "")
            _, bare = split_numbering(item)
            level = _item_level(item, bare, depth if side == "expenditure" else {}, prev)
            prev = (bare, level)
            cells = [
                Cell(s.tr.label(item, lang), header=True, level=level),
                Cell(Phrase(fmt.amount(row.get("amount"), lang), lang), numeric=True),
            ]
            grows.append(_row_view(s, spec.resource, row, cells))
        if grows:
            groups.append(RowGroup(Phrase(s.t(SIDES[side]), lang), grows))
    csv = s.page.href(urls.package_file(s.budget.id, f"{spec.resource}.csv"))
    return TableView(spec.resource, f"table-{spec.resource}", _name(spec, lang), title, columns, groups, csv, True)


def _item_level(item: str, bare: str, depth: dict[str, list[int]], prev: tuple[str, int]) -> int:
    """The depth of an item of a two-sided summary: totals 0; a functional subject at its depth
    (a name repeated on the next line one deeper); else numbered items 2, the rest 1."""
    if _is_total(item):
        return 0
    if depth.get(bare):
        levels = sorted(depth[bare])
        return next((lv for lv in levels if lv > prev[1]), levels[-1]) if prev[0] == bare else levels[0]
    return 2 if numbering(item).kind == "digit" else 1


def _subject_depths(s: BudgetScope) -> dict[str, list[int]]:
    """The depths a functional subject's name stands at.  The expenditure side prints subjects
    without their codes: their depth is found from the budget's coded tables (a name repeated
    on the next line is one deeper, as 20699 其他科学技术支出 is followed by 2069999
    其他科学技术支出) and the standard classification."""
    depth: dict[str, list[int]] = defaultdict(list)
    named = [
        (str(r.get("name") or ""), str(r.get("code") or ""))
        for res in ("expenditure-summary", "general-budget-by-function", "government-fund-expenditure")
        for r in s.budget.rows(res)
    ]
    functional = s.ctx.terms.classifications.schemes.get("functional")
    standard = [(e.zh, code) for code, e in functional.entries.items()] if functional else []
    for name, code in [*(n for n in named if n[0] and n[1].isdigit()), *standard]:
        if _depth(code) not in depth[name]:
            depth[name].append(_depth(code))
    return depth


def _depth(code: str) -> int:
    """A functional subject's depth from its code: 类 (3 digits) 1, 款 (5) 2, 项 (7) 3."""
    return (len(code) + 1) // 2 - 1


def _linked(s: BudgetScope, tv: TableView) -> TableView:
    """The table's HTML with its glossary terms linked, as the page's linker would: the table
    is a section of its own, its headers and text cells are linked, a term's first occurrence only."""
    links = s.links
    links.section()

    def link(p: Phrase) -> str:
        shown = links.phrase(p.text, p.lang)
        return html.machine(shown, s.t("机器翻译")) if p.machine else shown

    for c in tv.columns:
        c.html = Markup(link(c.header))
    for g in tv.groups:
        if g.header is not None:
            g.header_html = Markup(link(g.header))
        for r in g.rows:
            r.html = html.row(r.anchor, r.cells, r.flags, r.severity, link, s.t("本行链接"))
    return tv


def unreadable_view(s: BudgetScope, failure: TableFailure) -> TableView:
    """A table the document prints but the reader could not read: shown where it would be,
    with where it is printed and why it was not read (the reason is in English)."""
    spec = BY_RESOURCE[failure.resource]
    where = s.t(AT[failure.loc_kind], n=failure.loc) if failure.loc else ""
    note = s.t(
        "原文印有此表（%(title)s%(where)s），但未能准确读取，因此未予发布。原因：",
        title=failure.title or spec.zh,
        where=where,
    )
    return TableView(
        spec.resource,
        f"table-{spec.resource}",
        _name(spec, s.lang),
        failure.title,
        [],
        [],
        "",
        False,
        note,
        Phrase(failure.reason, "en"),
    )
