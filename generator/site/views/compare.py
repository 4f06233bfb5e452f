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
from ..ui import N_
from .common import Speaking, department
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
class CompareScope(Speaking):
    """The compare page as it is built."""

    ctx: SiteContext
    tr: Translator
    page: Page
    rows: list[Comparison]
    staff: dict[str, list[tuple[int, Finding]]]  # each budget's findings about staff numbers, numbered

    def head(self, message: str, numeric: bool = True, **kw: Any) -> tuple[Phrase, bool]:
        """A column's header: ``message`` (marked with N_) said in the page's language."""
        return Phrase(self.t(message, **kw), self.lang), numeric

    def row(self, c: Comparison, cells: list[CompareCell]) -> CompareRowView:
        b = c.budget
        name = department(self.tr, b, self.lang)
        href = self.page.to(urls.BUDGET, b.id)
        return CompareRowView(b.id, href, name, cells, html.compare_row(href, name, cells, self.lang))

    def label(self, c: Comparison) -> tuple[str, str]:
        p = department(self.tr, c.budget, self.lang)
        return p.text, p.lang


@dataclass
class CompareFacts:
    """What every part of the compare page shows alike, taken from every budget: the year the
    changes are from, the functional classes (the columns of one table, the same on every part),
    the departments the charts show (the largest) and the classes with a colour of their own."""

    last: int
    classes: list[str]
    names: dict[str, str]  # functional class → its name as printed
    drawn: list[Comparison]
    shown: list[str]  # the classes of the stacked chart (the rest are "other")
    total: int  # budgets compared

    def key(self) -> str:
        """What the tables of a part read of the facts (the charts: ``drawn`` too)."""
        return repr((self.last, self.classes, sorted(self.names.items()), self.total))


def compare_facts(rows: list[Comparison]) -> CompareFacts:
    years = sorted({r.budget.meta.year for r in rows})
    classes = all_classes(rows)
    names = {code: name for c in rows for code, name in c.function_names.items()}
    # A chart of every department stops being readable long before a city's hundreds of
    # budgets: the charts show the largest (by total expenditure), the tables all of them.
    drawn = rows
    if len(rows) > CHART_DEPARTMENTS:
        largest = sorted(rows, key=lambda c: (-(c.total or Decimal(0)), c.budget.id))[:CHART_DEPARTMENTS]
        keep = {c.budget.id for c in largest}
        drawn = [c for c in rows if c.budget.id in keep]
    # The functional classes with the most money get their own colour; the rest are "other".
    by_size = sorted(classes, key=lambda code: -sum((c.functions.get(code, Decimal(0)) for c in rows), Decimal(0)))
    shown = by_size[:7] if len(by_size) > 8 else by_size
    return CompareFacts(years[-1] - 1 if years else 0, classes, names, drawn, shown, len(rows))


def compare_view(
    s: CompareScope, facts: CompareFacts | None = None, charts: bool = True, paged: bool = False
) -> CompareView:
    """The compare page (``s.rows`` the budgets of its tables: all, or one part's; ``facts``
    those of every budget, else of ``s.rows``); ``charts``: with the charts (of ``facts.drawn``);
    ``paged``: one part of several."""
    facts = facts or compare_facts(s.rows)
    labels = [s.tr.label(facts.names.get(code, code), s.lang, code=code, scheme="functional") for code in facts.classes]
    tables = [_money(s, facts.last), _functions(s, facts.classes, labels), _people(s)]
    charts_note = ""
    if charts and len(facts.drawn) < facts.total:
        n = len(facts.drawn)
        charts_note = (
            s.nt(
                "图表显示支出总计最多的 %(num)s 个部门（共 %(total)s 个）；各页的表格列出全部部门。",
                "图表显示支出总计最多的 %(num)s 个部门（共 %(total)s 个）；各页的表格列出全部部门。",
                n,
                total=facts.total,
            )
            if paged
            else s.nt(
                "图表显示支出总计最多的 %(num)s 个部门（共 %(total)s 个）；上面的表格列出全部部门。",
                "图表显示支出总计最多的 %(num)s 个部门（共 %(total)s 个）；上面的表格列出全部部门。",
                n,
                total=facts.total,
            )
        )
    return CompareView(
        tables,
        _charts(s, facts.drawn) if charts else [],
        _stacked(s, facts, labels) if charts else [],
        s.page.href(urls.COMPARE_CSV),
        s.t(
            "增减为与 %(year)s 年年初预算相比，取自各预算文字说明第二部分；人员数取自第一部分，未列明的留空；人员支出指工资福利支出，占支出总计的比例；面向中小企业占比为面向中小企业的政府采购占政府采购项目小计的比例。",
            year=facts.last,
        ),
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
        s.head(N_("部门"), False),
        s.head(N_("支出总计")),
        s.head(N_("比 %(year)s 年增减"), year=last),
        s.head(N_("增减幅度"), year=last),
        *(s.head(k) for k in (N_("基本支出占比"), N_("项目支出占比"), N_("人员支出占比"), N_("“三公”经费"))),
        s.head(N_("“三公”经费比 %(year)s 年增减"), year=last),
        s.head(N_("政府采购")),
        s.head(N_("面向中小企业占比")),
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
    return CompareTable("compare-money", s.t("支出、采购与“三公”经费（金额单位：万元）"), columns, rows)


def _functions(s: CompareScope, classes: list[str], labels: list[Phrase]) -> CompareTable:
    lang = s.lang

    def cell(c: Comparison, code: str) -> CompareCell:
        if code not in c.functions:
            return CompareCell("", fmt.exact(None))
        return CompareCell(
            fmt.amount_and_share(c.functions[code], c.function_share(code) or Decimal(0), lang),
            fmt.exact(c.functions[code]),
        )

    columns = [s.head(N_("部门"), False), *((label, True) for label in labels)]
    rows = [s.row(c, [cell(c, code) for code in classes]) for c in s.rows]
    return CompareTable("compare-functions", s.t("支出按功能分类（类）（金额单位：万元，括号内为占比）"), columns, rows)


SEVERITIES_COUNTED = ("error", "warning", "rounding")
FINDINGS_COLUMN = {"error": N_("不一致"), "warning": N_("存疑"), "rounding": N_("尾数误差")}


def _people(s: CompareScope) -> CompareTable:
    columns = [
        s.head(N_("部门"), False),
        s.head(N_("编制数")),
        s.head(N_("在编（在职）人数")),
        *(s.head(FINDINGS_COLUMN[sev]) for sev in SEVERITIES_COUNTED),
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
    return CompareTable("compare-people", s.t("人员编制与核对结果"), columns, rows)


def staff_flag(s: CompareScope, c: Comparison) -> Flag | None:
    """A mark on a department's staff numbers when a check doubts them, linking to the finding."""
    for i, f in s.staff.get(c.budget.id, []):
        if f.check == "text-staff":
            text = s.nt(
                "%(num)s 条核对结果：%(severity)s",
                "%(num)s 条核对结果：%(severity)s",
                1,
                severity=severity_name(f.severity, s.lang),
            )
            return Flag(s.page.to(urls.BUDGET, c.budget.id) + f"#finding-{i}", f.severity, text)
    return None


def _charts(s: CompareScope, drawn: list[Comparison]) -> list[Chart]:
    lang = s.lang
    figures: list[tuple[str, str, str, Callable[[Comparison], Decimal | None], Callable[[Decimal], str]]] = [
        ("chart-compare-total", N_("支出总计"), N_("单位：万元"), lambda c: c.total, lambda v: fmt.amount(v, lang)),
        (
            "chart-compare-personnel",
            N_("人员支出占支出总计的比例"),
            N_("工资福利支出"),
            lambda c: c.personnel_share,
            lambda v: fmt.share(v, lang),
        ),
        (
            "chart-compare-sme",
            N_("政府采购中面向中小企业的比例"),
            N_("占政府采购项目小计"),
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


def _stacked(s: CompareScope, facts: CompareFacts, labels: list[Phrase]) -> list[StackedChart]:
    lang, drawn, classes = s.lang, facts.drawn, facts.classes

    def seg(v: Decimal, share: Decimal) -> str:
        return fmt.amount_and_share(v, share, lang)

    unit_note = s.t("单位：万元")
    shown = facts.shown
    rest = [code for code in classes if code not in shown]
    series = [(p.text, p.lang) for code, p in zip(classes, labels, strict=True) if code in shown]
    shown_in_order = [code for code in classes if code in shown]
    if rest:
        series.append((s.t("其他"), lang))
    basic = [(*s.label(c), [c.basic, c.project]) for c in drawn]
    functions = [
        (
            *s.label(c),
            [c.functions.get(code) for code in shown_in_order]
            + ([sum((c.functions.get(code, Decimal(0)) for code in rest), Decimal(0))] if rest else []),
        )
        for c in drawn
    ]
    two = [(s.t("基本支出"), lang), (s.t("项目支出"), lang)]
    out = [
        stacked_chart("chart-compare-basic", s.t("基本支出与项目支出"), unit_note, basic, two, seg),
        stacked_chart("chart-compare-functions", s.t("支出按功能分类"), unit_note, functions, series, seg),
    ]
    csv = s.page.href(urls.COMPARE_CSV)
    return [c.sourced(f"#{CHART_TABLES[c.id]}", csv) for c in out if c is not None]
