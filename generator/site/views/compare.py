"""The compare page: the departments side by side, in tables (every department) and charts
(the largest)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from ...checks import Finding, severity_name
from .. import format as fmt
from .. import html, urls
from ..charts import Chart, StackedChart, bar_chart, stacked_chart
from ..compare import Comparison, all_classes
from ..context import SiteContext
from ..html import EMPTY, Flag
from ..terms import Phrase, Translator
from .common import department
from .page import Page

CHART_DEPARTMENTS = 30  # the compare page's charts show at most this many departments
# The table each chart of the compare page is drawn from.
CHART_TABLES = {
    "chart-compare-total": "compare-money",
    "chart-compare-personnel": "compare-money",
    "chart-compare-sme": "compare-money",
    "chart-compare-basic": "compare-money",
    "chart-compare-functions": "compare-functions",
}


@dataclass
class CompareCell:
    text: str
    value: str  # sort key ("" when unknown)
    flag: Flag | None = None


@dataclass
class CompareRowView:
    id: str
    href: str
    department: Phrase
    cells: list[CompareCell]
    html: Markup = EMPTY


@dataclass
class CompareTable:
    id: str
    caption: str
    columns: list[tuple[Phrase, bool]]  # header, numeric
    rows: list[CompareRowView]


@dataclass
class CompareView:
    tables: list[CompareTable]
    charts: list[Chart]
    stacked: list[StackedChart]
    csv: str
    year_note: str
    charts_note: str = ""  # which departments the charts show, when not all


@dataclass
class CompareScope:
    """The compare page as it is built."""

    ctx: SiteContext
    tr: Translator
    page: Page
    rows: list[Comparison]
    staff: dict[str, list[tuple[int, Finding]]]  # each budget's findings about staff numbers, numbered

    @property
    def lang(self) -> str:
        return self.page.lang

    def t(self, key: str, **kw: Any) -> str:
        return self.ctx.t(key, self.lang, **kw)

    def head(self, key: str, numeric: bool = True, **kw: Any) -> tuple[Phrase, bool]:
        return Phrase(self.t(key, **kw), self.lang), numeric

    def row(self, c: Comparison, cells: list[CompareCell]) -> CompareRowView:
        b = c.budget
        name = department(self.tr, b, self.lang)
        href = self.page.to(urls.BUDGET, b.id)
        return CompareRowView(b.id, href, name, cells, html.compare_row(href, name, cells, self.lang))

    def label(self, c: Comparison) -> tuple[str, str]:
        p = department(self.tr, c.budget, self.lang)
        return p.text, p.lang


def compare_view(s: CompareScope) -> CompareView:
    years = sorted({r.budget.meta.year for r in s.rows})
    last = years[-1] - 1 if years else 0
    classes = all_classes(s.rows)
    names = {code: name for c in s.rows for code, name in c.function_names.items()}
    class_labels = [s.tr.label(names.get(code, code), s.lang, code=code, scheme="functional") for code in classes]
    tables = [_money(s, last), _functions(s, classes, class_labels), _people(s)]
    # A chart of every department stops being readable long before a city's hundreds of
    # budgets: the charts show the largest (by total expenditure), the tables all of them.
    drawn, charts_note = s.rows, ""
    if len(s.rows) > CHART_DEPARTMENTS:
        largest = sorted(s.rows, key=lambda c: (-(c.total or Decimal(0)), c.budget.id))[:CHART_DEPARTMENTS]
        keep = {c.budget.id for c in largest}
        drawn = [c for c in s.rows if c.budget.id in keep]
        charts_note = s.t("compare_charts_top", n=len(drawn), total=len(s.rows))
    return CompareView(
        tables,
        _charts(s, drawn),
        _stacked(s, drawn, classes, class_labels),
        s.page.href(urls.COMPARE_CSV),
        s.t("compare_year_note", year=last),
        charts_note,
    )


def _amount(v: Decimal | None, lang: str, *, plus: bool = False) -> CompareCell:
    text = fmt.amount(v, lang)
    return CompareCell(fmt.signed(text, v) if plus else text, fmt.exact(v))


def _share(v: Decimal | None, lang: str) -> CompareCell:
    return CompareCell(fmt.share(v, lang) if v is not None else "", fmt.exact(v))


def _count(v: int | None, flag: Flag | None = None) -> CompareCell:
    return CompareCell("" if v is None else fmt.count(v), "" if v is None else str(v), flag)


def _percent(v: Decimal | None, lang: str) -> CompareCell:
    return CompareCell("", "") if v is None else CompareCell(fmt.signed(fmt.percent(v, lang), v), fmt.exact(v))


def _money(s: CompareScope, last: int) -> CompareTable:
    lang = s.lang
    columns = [
        s.head("col_department", False),
        s.head("col_expenditure"),
        s.head("col_change", year=last),
        s.head("col_change_pct", year=last),
        *(s.head(k) for k in ("col_basic_share", "col_project_share", "col_personnel_share", "col_three")),
        s.head("col_three_change", year=last),
        s.head("col_procurement"),
        s.head("col_sme_share"),
    ]
    rows = [
        s.row(
            c,
            [
                _amount(c.total, lang),
                _amount(c.change, lang, plus=True),
                _percent(c.change_percent, lang),
                _share(c.basic_share, lang),
                _share(c.project_share, lang),
                _share(c.personnel_share, lang),
                _amount(c.three_public, lang),
                _amount(c.three_public_change, lang, plus=True),
                _amount(c.procurement, lang),
                _share(c.sme_share, lang),
            ],
        )
        for c in s.rows
    ]
    return CompareTable("compare-money", s.t("compare_money_caption"), columns, rows)


def _functions(s: CompareScope, classes: list[str], labels: list[Phrase]) -> CompareTable:
    lang = s.lang

    def cell(c: Comparison, code: str) -> CompareCell:
        if code not in c.functions:
            return CompareCell("", fmt.exact(None))
        return CompareCell(
            fmt.amount_and_share(c.functions[code], c.function_share(code) or Decimal(0), lang),
            fmt.exact(c.functions[code]),
        )

    columns = [s.head("col_department", False), *((label, True) for label in labels)]
    rows = [s.row(c, [cell(c, code) for code in classes]) for c in s.rows]
    return CompareTable("compare-functions", s.t("compare_functions_caption"), columns, rows)


SEVERITIES_COUNTED = ("error", "warning", "rounding")


def _people(s: CompareScope) -> CompareTable:
    columns = [
        s.head("col_department", False),
        s.head("col_posts"),
        s.head("col_staff"),
        *(s.head(f"col_findings_{sev}") for sev in SEVERITIES_COUNTED),
    ]
    rows = [
        s.row(
            c,
            [
                _count(c.authorised_posts),
                _count(c.staff_in_post, staff_flag(s, c)),
                *(_count(c.findings.get(sev, 0)) for sev in SEVERITIES_COUNTED),
            ],
        )
        for c in s.rows
    ]
    return CompareTable("compare-people", s.t("compare_people_caption"), columns, rows)


def staff_flag(s: CompareScope, c: Comparison) -> Flag | None:
    """A mark on a department's staff numbers when a check doubts them, linking to the finding."""
    for i, f in s.staff.get(c.budget.id, []):
        if f.check == "text-staff":
            text = s.t("flag_text", n=1, severity=severity_name(f.severity, s.lang))
            return Flag(s.page.to(urls.BUDGET, c.budget.id) + f"#finding-{i}", f.severity, text)
    return None


def _charts(s: CompareScope, drawn: list[Comparison]) -> list[Chart]:
    lang = s.lang
    figures: list[tuple[str, str, str, Callable[[Comparison], Decimal | None], Callable[[Decimal], str]]] = [
        ("chart-compare-total", "chart_compare_total", "unit_note", lambda c: c.total, lambda v: fmt.amount(v, lang)),
        (
            "chart-compare-personnel",
            "chart_compare_personnel",
            "chart_compare_personnel_note",
            lambda c: c.personnel_share,
            lambda v: fmt.share(v, lang),
        ),
        (
            "chart-compare-sme",
            "chart_compare_sme",
            "chart_compare_sme_note",
            lambda c: c.sme_share,
            lambda v: fmt.share(v, lang),
        ),
    ]
    out = []
    for chart_id, title, note, value, show in figures:
        items = [(*s.label(c), v) for c in drawn for v in [value(c)] if v is not None]
        chart = bar_chart(chart_id, s.t(title), s.t(note), items, _value_only(show), limit=len(drawn) + 1)
        if chart is not None:
            out.append(chart.sourced(f"#{CHART_TABLES[chart_id]}", s.page.href(urls.COMPARE_CSV)))
    return out


def _value_only(show: Callable[[Decimal], str]) -> Callable[[Decimal, Decimal], str]:
    """A bar's text that shows its value alone (not its share)."""
    return lambda v, _share: show(v)


def _stacked(s: CompareScope, drawn: list[Comparison], classes: list[str], labels: list[Phrase]) -> list[StackedChart]:
    lang = s.lang

    def seg(v: Decimal, share: Decimal) -> str:
        return fmt.amount_and_share(v, share, lang)

    unit_note = s.t("unit_note")
    # The functional classes with the most money get their own colour; the rest are "other".
    by_size = sorted(classes, key=lambda code: -sum((c.functions.get(code, Decimal(0)) for c in s.rows), Decimal(0)))
    shown = by_size[:7] if len(by_size) > 8 else by_size
    rest = [code for code in classes if code not in shown]
    series = [(p.text, p.lang) for code, p in zip(classes, labels, strict=True) if code in shown]
    shown_in_order = [code for code in classes if code in shown]
    if rest:
        series.append((s.t("other"), lang))
    basic = [(*s.label(c), [c.basic, c.project]) for c in drawn]
    functions = [
        (
            *s.label(c),
            [c.functions.get(code) for code in shown_in_order]
            + ([sum((c.functions.get(code, Decimal(0)) for code in rest), Decimal(0))] if rest else []),
        )
        for c in drawn
    ]
    two = [(s.t("fig_basic"), lang), (s.t("fig_project"), lang)]
    out = [
        stacked_chart("chart-compare-basic", s.t("chart_compare_basic"), unit_note, basic, two, seg),
        stacked_chart("chart-compare-functions", s.t("chart_compare_functions"), unit_note, functions, series, seg),
    ]
    csv = s.page.href(urls.COMPARE_CSV)
    return [c.sourced(f"#{CHART_TABLES[c.id]}", csv) for c in out if c is not None]
