"""``render``: Budget models → the bilingual HTML site (both languages, charts, glossary links, search).

Stages, in order: gather (glossary across all budgets, English names of every unit, page
list) → render pages (Jinja2 templates, one documented context per page kind) → link glossary
terms in each page's main content → write → sitemap, robots, 404 → search index (Pagefind).
Everything is read before anything is written, so glossary links and language alternates are
resolved on the full model.  Paths inside the site are relative, so the site works at any
sub-path and from ``file://``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..catalog import BY_RESOURCE, DERIVED, INCOME_SOURCES, PARTS, RESOURCES, TableSpec
from ..checks import BY_ID, CHECKS, COUNT, PERCENT, SEVERITIES, SEVERITY_NAMES, Finding, run_checks
from ..chinese import CHINESE_RUN, numbering, numeral
from ..model import Budget, Row, Value
from ..package import budget_summary_row
from .charts import Chart, StackedChart, bar_chart, stacked_chart
from .compare import Comparison, all_classes, compare_all
from .linking import Linker, LinkTerm, PageState
from .terms import LANGS, Phrase, Terms, Translator, load_translate, split_numbering

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
LOCALES = {"zh": "zh_Hans_CN", "en": "en_US"}
OTHER = {"zh": "en", "en": "zh"}
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
WIDE = 880  # width of the compare page's charts, whose labels are whole department names
CHART_DEPARTMENTS = 30  # the compare page's charts show at most this many departments

Log = Callable[..., None]
# What search leaves out: tables (browsed on the page and downloaded as CSV; their amounts and
# classification names, the same in every budget, are not what anyone searches for) and the
# charts' drawings.  Search covers the text: titles, the nine parts, the glossary.  This also
# halves the time Pagefind takes.
SEARCH_IGNORES = ("table", "svg")  # element names: CSS selectors for Pagefind, stripped before indexing

# How each field of a table is shown.
#   label: a standard label (terminology dictionary), sentence: the document's own words
#   (gettext catalog), unit: a budget unit's name, raw: shown as printed.
FIELD_KIND = {
    "unit": "unit",
    "code": "raw",
    "name": "label",
    "item": "label",
    "project": "label",
    "task": "label",
    "level1": "label",
    "level2": "label",
    "content": "sentence",
    "goal": "sentence",
    "indicator": "sentence",
    "target": "sentence",
    "year": "year",
    "fund": "fund",
}
# The column that names a row (rendered as <th scope="row">), first present wins.
ROW_HEADER = ("name", "item", "project", "task", "indicator", "year", "unit")
SCHEME = {
    "expenditure-summary": "functional",
    "general-budget-by-function": "functional",
    "government-fund-expenditure": "functional",
    "state-capital-expenditure": "functional",
    "special-transfer-expenditure": "functional",
    "general-budget-by-economic": "economic",
    "procurement": "procurement",
}
TWO_SIDED = ("income-expenditure-summary", "fiscal-appropriation-summary")
# Shown elsewhere on the page: the narrative (sections), the glossary (part 9), key projects (part 7).
NOT_A_TABLE = ("sections", "glossary", "key-projects")


# ---------------------------------------------------------------------------------------------
# Formatting


def format_amount(value: Value, lang: str) -> str:
    """An amount in 万元 as the language writes it, always with two decimals ('5,574.90');
    empty for a missing value."""
    if value is None or value == "":
        return ""
    # Both languages group thousands with "," and mark decimals with "." (as Babel's zh and
    # en locales do); Decimal's own formatting is exact and much faster on big tables.
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{d:,.2f}"


def format_share(share: Decimal, lang: str) -> str:
    """A share as a percentage with one decimal ('15.8%'), as Babel's zh and en locales write it."""
    return f"{share * 100:,.1f}%"


def format_headline(value: Value, lang: str) -> str:
    """A key figure for a reader: '5,574.90 万元' in Chinese, 'CNY 55.75 million' in English."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if lang == "zh":
        return f"{format_amount(d, lang)} 万元"
    # 1 万元 = 10,000 yuan, so millions of yuan = 万元 / 100; under a million, in yuan.
    if abs(d) < 100:
        return f"CNY {format_decimal(d * 10000, format='#,##0', locale=LOCALES[lang])}"
    return f"CNY {format_decimal(d / 100, format='#,##0.00', locale=LOCALES[lang])} million"


# ---------------------------------------------------------------------------------------------
# Contexts: what each page kind's template receives (besides the common ``Page`` fields).


@dataclass
class Page:
    """Common to every page: where it is and how to reach its counterpart and the site root."""

    lang: str
    path: str  # from the site root, e.g. zh/budgets/2024-x/index.html
    title: str
    description: str = ""
    indexed: bool = True  # part of the search index

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def other_lang(self) -> str:
        return OTHER[self.lang]

    @property
    def other_path(self) -> str:
        return self.other_lang + self.path[len(self.lang) :]

    @property
    def other_href(self) -> str:
        return self.root + self.other_path

    def href(self, path: str) -> str:
        """A link from this page to ``path`` (from the site root)."""
        return self.root + path

    def lang_href(self, path: str) -> str:
        """A link to ``path`` inside this page's language folder."""
        return f"{self.root}{self.lang}/{path}"


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
    html: Markup | None = None  # the header with its glossary links, when linked already


@dataclass
class Flag:
    """A mark on a table row that a check found something in, linking to the finding."""

    href: str
    severity: str
    text: str  # read out: "2 findings: inconsistent"


FLAG_MARK = {"error": "✗", "warning": "?", "rounding": "≈", "info": "i"}
MINOR = ("rounding", "info")  # findings that are expected: shown folded away


def phrase_html(p: Phrase, lang: str) -> str:
    """A phrase as HTML on a page in ``lang``: marked lang="zh" when shown untranslated."""
    if p.lang != lang:
        return f'<span lang="{p.lang}">{escape(p.text)}</span>'
    return str(escape(p.text))


def flags_html(flags: list[Flag]) -> str:
    return "".join(
        f' <a class="flag flag-{f.severity}" href="{escape(f.href)}"><span aria-hidden="true">'
        f'{FLAG_MARK[f.severity]}</span><span class="vh">{escape(f.text)}</span></a>'
        for f in flags
    )


@dataclass
class RowView:
    cells: list[Cell]
    anchor: str  # stable id: row-<resource>-<line>
    flags: list[Flag] = field(default_factory=list)

    @property
    def severity(self) -> str:
        """The gravest severity flagged on the row ('' when none)."""
        return next((s for s in SEVERITIES if any(f.severity == s for f in self.flags)), "")

    pre: Markup | None = None  # the row's HTML with its glossary links, when linked already

    def html(self, lang: str, link: Callable[[Phrase], str] | None = None) -> Markup:
        """The row as HTML (written here rather than in a template: budgets' tables are most
        of the work of rendering a page).  The row of a unit's total is marked ``total``.
        ``link`` turns a phrase into HTML with its glossary terms linked."""
        if self.pre is not None and link is None:
            return self.pre
        show = link or (lambda p: phrase_html(p, lang))
        header_levels = [c.level for c in self.cells if c.header]
        classes = (["total"] if header_levels and header_levels[0] == 0 else []) + (
            ["flagged", f"flagged-{self.severity}"] if self.flags else []
        )
        out = [f'<tr id="{escape(self.anchor)}"' + (f' class="{" ".join(classes)}">' if classes else ">")]
        for c in self.cells:
            if c.header:
                level = f' class="lvl-{c.level}"' if c.level is not None else ""
                out.append(f'<th scope="row"{level}>{show(c.text)}{flags_html(self.flags)}</th>')
            elif c.numeric:
                out.append(f'<td class="num">{escape(c.text.text)}</td>')
            elif c.repeat:
                out.append(f'<td><span class="vh">{show(c.text)}</span></td>')
            else:
                out.append(f"<td>{show(c.text)}</td>")
        return Markup("\n      ".join(out) + "\n    </tr>")


@dataclass
class RowGroup:
    header: Phrase | None
    rows: list[RowView]
    header_html: Markup | None = None  # the header with its glossary links, when linked already


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
    linked: bool = False  # glossary links made already (the page's linker passes it by)


@dataclass
class Block:
    kind: str  # "h3" | "p" | "table" | "glossary"
    text: Phrase | None = None
    table: TableView | None = None
    entries: list[tuple[Phrase, Phrase, str]] = field(default_factory=list)  # glossary: term, definition, anchor


@dataclass
class SectionView:
    part: int
    anchor: str
    heading: Phrase
    blocks: list[Block]


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Download:
    label: Phrase
    href: str
    kind: str  # "ZIP", "CSV", "JSON", "TXT", "PDF"
    size: str


@dataclass
class FindingView:
    anchor: str  # finding-<line of the findings resource>
    severity: str
    severity_label: str
    check: str
    check_text: str  # what the check compares
    where: Phrase  # the table (or part of the text)
    row: str  # "第 3 行" / "row 3"; "" for the text
    label: Phrase  # the row or item
    field: Phrase  # the column
    href: str  # the row's anchor on this page
    printed: str
    expected: str
    difference: str
    message: str
    pre: Markup | None = None  # the row's HTML with its glossary links, when linked already

    def html(self, lang: str, link: Callable[[Phrase], str], link_text: Callable[[str], str]) -> Markup:
        """The finding as a table row; ``link`` shows a phrase, ``link_text`` a message (its
        Chinese marked lang="zh" on an English page), both with glossary terms linked."""
        th = f'<a href="{escape(self.href)}">{phrase_html(self.where, lang)}'
        th += f" · {escape(self.row)}</a>" if self.row else "</a>"
        if self.label.text:
            th += f'<br><span class="finding-label">{link(self.label)}</span>'
        if self.field.text:
            th += f'<br><span class="finding-field">{link(self.field)}</span>'
        sev = escape(self.severity)
        return Markup(
            f'<tr id="{escape(self.anchor)}" class="sev-{sev}">\n'
            f'        <td><span class="sev sev-{sev}">{link_text(self.severity_label)}</span></td>\n'
            f'        <th scope="row">{th}</th>\n'
            f'        <td>{link_text(self.message)}<br><span class="finding-check">{link_text(self.check)}</span></td>\n'
            f'        <td class="num">{escape(self.printed)}</td>\n'
            f'        <td class="num">{escape(self.expected)}</td>\n'
            f'        <td class="num">{escape(self.difference)}</td>\n'
            "      </tr>"
        )


@dataclass
class CheckView:
    id: str
    text: str
    severity_label: str


@dataclass
class Checks:
    findings: list[FindingView]  # what does not add up or is doubtful (errors, warnings)
    counts: list[tuple[str, str, int]]  # severity, its name, how many
    checks: list[CheckView]  # every check that was run
    csv: str
    linked: bool = False  # the findings' glossary links made already
    minor: list[FindingView] = field(default_factory=list)  # rounding and explained differences


@dataclass
class BudgetView:
    id: str
    department: Phrase
    parent: Phrase
    district: Phrase
    year: int
    figures: list[Figure]
    charts: list[Chart]
    sections: list[SectionView]
    tables: list[TableView]
    downloads: list[Download]
    jsonld: Markup
    source_url: str
    checks: Checks


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

    def html(self, lang: str) -> Markup:
        """The row as HTML (here rather than in the template: a row per budget, many cells)."""
        out = [
            f'<tr>\n      <th scope="row"><a href="{escape(self.href)}">{phrase_html(self.department, lang)}</a></th>'
        ]
        for c in self.cells:
            flag = flags_html([c.flag]) if c.flag else ""
            out.append(f'      <td class="num" data-value="{escape(c.value)}">{escape(c.text)}{flag}</td>')
        out.append("    </tr>")
        return Markup("\n".join(out))


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
class ListRow:
    id: str
    href: str
    department: Phrase
    parent: Phrase
    district: Phrase
    year: int
    income: Value
    expenditure: Value


@dataclass
class GlossaryEntry:
    anchor: str
    zh: str
    en: Phrase
    definition_zh: str
    definition_en: Phrase
    variants: list[tuple[Phrase, list[ListRow]]]  # other wordings and who prints them
    budgets: list[ListRow]


# ---------------------------------------------------------------------------------------------


class SiteRenderer:
    """Renders the site.  ``budgets`` may be light copies (metadata, source, glossary and 收支总表)
    when ``findings`` and ``comparisons`` are given: the shared pages read nothing else, and
    each budget's own pages are rendered from its full model by ``render_budget``."""

    def __init__(
        self,
        budgets: list[Budget],
        content: Path,
        out: Path,
        log: Log = print,
        *,
        search: bool = True,
        findings: dict[str, list[Finding]] | None = None,
        comparisons: list[Comparison] | None = None,
        staff: dict[str, list[tuple[int, Finding]]] | None = None,
    ):
        self.budgets = sorted(budgets, key=lambda b: b.id)
        self.search = search  # build the Pagefind index
        self.content = Path(content)
        self.out = Path(out)
        self.log = log
        self.site_url = os.environ.get("SITE_URL", "").strip()
        if self.site_url and not self.site_url.endswith("/"):
            self.site_url += "/"
        self.terms = Terms.load(self.content / "i18n" / "terms.en.yml")
        for b in self.budgets:
            self.terms.add_label(b.meta.department, b.meta.department_en)
            self.terms.add_label(b.meta.parent_department, b.meta.parent_department_en)
            self.terms.add_label(b.meta.district, b.meta.district_en)
        self.tr = Translator(self.terms, load_translate(self.content))
        # The interface's own strings belong to the templates, not to the content.
        ui_path = TEMPLATES / "ui.yml"
        self.ui: dict[str, dict[str, str]] = yaml.safe_load(ui_path.read_text(encoding="utf-8"))
        self.env = self._environment()
        self.pages_written: list[str] = []
        # by budget id, in the order of the findings resource
        self.findings: dict[str, list[Finding]] = findings if findings is not None else {}
        self._check = findings is None  # run the checks here (else: given, or set per budget)
        # Each budget's findings about staff numbers, with their place in its findings (for
        # the compare page), when the findings themselves are not kept.
        self.staff = staff
        self.comparisons: list[Comparison] = comparisons if comparisons is not None else []
        self.linkers: dict[str, Linker] = {}
        self._flags: dict[tuple[str, str, str], dict[Any, list[Flag]]] = {}
        self._state: PageState | None = None  # of the budget page being built
        self.search_shards: list[str] = []  # extra Pagefind bundles the search page merges

    # -- environment ---------------------------------------------------------------------------

    def _environment(self) -> Environment:
        env = Environment(
            loader=FileSystemLoader(str(TEMPLATES)),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )

        @pass_context
        def ph(ctx: Any, p: Phrase | str) -> Markup:
            """A phrase; marked lang="zh" when it is shown untranslated on an English page."""
            if isinstance(p, str):
                return escape(p)
            if p.lang != ctx["page"].lang:
                return Markup('<span lang="{}">{}</span>').format(p.lang, p.text)
            return escape(p.text)

        @pass_context
        def amount(ctx: Any, v: Value) -> str:
            return format_amount(v, ctx["page"].lang)

        @pass_context
        def t(ctx: Any, key: str, **kw: Any) -> str:
            s = self.ui[key][ctx["page"].lang]
            return s.format(**kw) if kw else s

        @pass_context
        def zh(ctx: Any, text: str) -> Markup:
            """Chinese words inside English text (万元) marked lang="zh"."""
            return mark_chinese(escape(text)) if ctx["page"].lang != "zh" else escape(text)

        env.filters["ph"] = ph
        env.filters["zh"] = zh
        env.filters["amount"] = amount
        env.globals["t"] = t
        env.globals["langs"] = LANGS
        env.globals["numeral"] = numeral
        return env

    def t(self, key: str, lang: str, **kw: Any) -> str:
        s = self.ui[key][lang]
        return s.format(**kw) if kw else s

    # -- stage 1: gather ----------------------------------------------------------------------

    def gather_glossary(self) -> None:
        """One entry per term across all budgets; the most common wording is the definition."""
        defs: dict[str, Counter[str]] = defaultdict(Counter)
        who: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for b in self.budgets:
            for row in b.rows("glossary"):
                term, definition = str(row.get("term") or "").strip(), str(row.get("definition") or "").strip()
                if not term:
                    continue
                defs[term][definition] += 1
                who[term][definition].append(b.id)
        self.glossary: dict[str, tuple[str, dict[str, list[str]]]] = {}
        for term in sorted(defs, key=lambda t: (self.terms.glossary.get(t) is None, t)):
            main = defs[term].most_common(1)[0][0]
            self.glossary[term] = (main, dict(who[term]))
        self.anchors: dict[str, str] = {}
        used: set[str] = set()
        for term in self.glossary:
            entry = self.terms.glossary.get(term)
            base = _slug(entry.en) if entry else ""
            anchor = f"term-{base}" if base else "term-" + hashlib.sha1(term.encode()).hexdigest()[:8]
            while anchor in used:
                anchor += "-2"
            used.add(anchor)
            self.anchors[term] = anchor

    def link_terms(self, lang: str) -> tuple[list[LinkTerm], list[LinkTerm]]:
        """(terms matched in text of ``lang``, Chinese terms matched in untranslated text)."""
        zh_terms, en_terms = [], []
        for term, (definition, _) in self.glossary.items():
            entry = self.terms.glossary.get(term)
            zh_patterns = {term, *_zh_variants(term), *(entry.also if entry else ())}
            d = self.tr.sentence(definition, lang)
            zh_terms.append(LinkTerm(self.anchors[term], term, d.text, d.lang, tuple(zh_patterns)))
            if entry:
                en_patterns = {_unquote(entry.en), *entry.also_en}
                en_terms.append(LinkTerm(self.anchors[term], entry.en, d.text, d.lang, tuple(en_patterns)))
        return (zh_terms if lang == "zh" else en_terms), zh_terms

    # -- views --------------------------------------------------------------------------------

    def unit(self, name: str, lang: str) -> Phrase:
        return self.tr.label(name, lang)

    def list_row(self, b: Budget, page: Page) -> ListRow:
        s = budget_summary_row(b)
        return ListRow(
            b.id,
            page.lang_href(f"budgets/{b.id}/index.html"),
            self.dept(b, page.lang),
            self.tr.label(b.meta.parent_department, page.lang) if b.meta.parent_department else Phrase("", page.lang),
            self.tr.label(b.meta.district, page.lang) if b.meta.district else Phrase("", page.lang),
            b.meta.year,
            s["total_income"],
            s["total_expenditure"],
        )

    def dept(self, b: Budget, lang: str) -> Phrase:
        if lang == "en" and b.meta.department_en:
            return Phrase(b.meta.department_en, "en")
        return self.tr.label(b.meta.department or b.id, lang)

    def cell(self, resource: str, fname: str, row: Row, lang: str) -> Phrase:
        v = row.get(fname)
        if v is None or v == "":
            if fname in ("name", "project", "item") and row.get("level") == 0 and row.get("unit"):
                return self.unit(str(row["unit"]), lang)
            return Phrase("", lang)
        text = str(v)
        kind = FIELD_KIND.get(fname, "raw")
        if kind == "unit":
            return self.unit(text, lang)
        if kind == "label":
            code = str(row.get("code") or "") or None
            if row.get("level") == 0 and row.get("unit") == text:
                return self.unit(text, lang)
            return self.tr.label(text, lang, code=code, scheme=SCHEME.get(resource))
        if kind == "sentence":
            return self.tr.sentence(text, lang)
        if kind == "year":
            return Phrase(self.t(f"year_{text}", lang, year=text) if text == "change" else text, lang)
        if kind == "fund":
            return Phrase(BY_RESOURCE["income-summary"].field(text).zh if lang == "zh" else _fund_en(text), lang)
        return Phrase(text, lang)

    def table_view(self, b: Budget, resource: str, page: Page) -> TableView | None:
        table = b.tables.get(resource)
        if table is None:
            return None
        spec = BY_RESOURCE[resource]
        lang = page.lang
        csv = page.href(f"data/{b.id}/{resource}.csv")
        caption = Phrase(spec.zh if lang == "zh" else spec.en, lang)
        anchor = f"table-{resource}"
        if resource in TWO_SIDED:
            return self._two_sided(b, spec, table.rows, page, caption, anchor, csv, table.title)
        fields = [f for f in spec.fields if f.name not in ("line", "level", "side")]
        header_field = next((n for n in ROW_HEADER if any(f.name == n for f in fields)), None)
        for hideable in ("unit", "fund"):
            # One value in every row says nothing per row (the unit is in the page title),
            # unless it is what names the rows.
            if hideable != header_field and len({r.get(hideable) for r in table.rows}) <= 1:
                fields = [f for f in fields if f.name != hideable]
        if header_field and header_field != fields[0].name and header_field not in ("indicator",):
            # The naming column first, then the rest in printed order (code stays before name).
            hf = next(f for f in fields if f.name == header_field)
            rest = [f for f in fields if f.name != header_field]
            lead = [f for f in rest if f.name in ("unit", "code", "level1", "level2")]
            fields = [*lead, hf, *[f for f in rest if f not in lead]]
        columns = [Column(f.name, Phrase(f.zh if lang == "zh" else f.en, lang), f.type == "number") for f in fields]
        rows = []
        previous: Row = {}
        for row in table.rows:
            level = row.get("level")
            cells = []
            for f in fields:
                if f.type == "number":
                    v = row.get(f.name)
                    cells.append(Cell(Phrase(format_amount(v, lang), lang), numeric=True, value=_num(v)))
                else:
                    is_header = f.name == header_field
                    hlevel = int(level) if is_header and isinstance(level, int) else None
                    if is_header and hlevel is None and _is_total(str(row.get(f.name) or "")):
                        hlevel = 0
                    cell = Cell(self.cell(resource, f.name, row, lang), header=is_header, level=hlevel)
                    # Indicator classes print once per block in the source; repeating them on
                    # every row would hide the grouping, leaving them out would lose it for
                    # a screen reader.
                    cell.repeat = f.name in ("level1", "level2") and all(
                        row.get(n) == previous.get(n)
                        for n in ("level1", "level2")[: ("level1", "level2").index(f.name) + 1]
                    )
                    cells.append(cell)
            rows.append(self.row_view(b, resource, row, cells, lang))
            previous = row
        view = TableView(
            resource,
            anchor,
            caption,
            table.title,
            columns,
            [RowGroup(None, rows)],
            csv,
            any(c.numeric for c in columns),
        )
        return self.prelink(view, lang)

    def _two_sided(
        self,
        b: Budget,
        spec: TableSpec,
        rows: list[Row],
        page: Page,
        caption: Phrase,
        anchor: str,
        csv: str,
        title: str,
    ) -> TableView:
        lang = page.lang
        columns = [
            Column("item", Phrase(spec.field("item").zh if lang == "zh" else spec.field("item").en, lang), False),
            Column("amount", Phrase(spec.field("amount").zh if lang == "zh" else spec.field("amount").en, lang), True),
        ]
        # The expenditure side prints functional subjects without their codes: their depth is
        # found from the budget's coded tables (a name repeated on the next line is one deeper,
        # as 20699 其他科学技术支出 is followed by 2069999 其他科学技术支出).
        depth: dict[str, list[int]] = defaultdict(list)
        for res in ("expenditure-summary", "general-budget-by-function", "government-fund-expenditure"):
            for r in b.rows(res):
                name, code = str(r.get("name") or ""), str(r.get("code") or "")
                if name and code.isdigit() and (len(code) + 1) // 2 - 1 not in depth[name]:
                    depth[name].append((len(code) + 1) // 2 - 1)
        for code, (zh, _) in self.terms.schemes.get("functional", {}).items():
            if (len(code) + 1) // 2 - 1 not in depth[zh]:
                depth[zh].append((len(code) + 1) // 2 - 1)
        groups = []
        for side in ("income", "expenditure"):
            grows = []
            prev: tuple[str, int] = ("", 0)
            for row in rows:
                if row.get("side") != side:
                    continue
                item = str(row.get("item") or "")
                _, bare = split_numbering(item)
                if _is_total(item):
                    level = 0
                elif side == "expenditure" and depth.get(bare):
                    levels = sorted(depth[bare])
                    level = next((lv for lv in levels if lv > prev[1]), levels[-1]) if prev[0] == bare else levels[0]
                else:
                    level = 2 if re.match(r"^\d", item) else 1
                prev = (bare, level)
                cells = [
                    Cell(self.tr.label(item, lang), header=True, level=level),
                    Cell(Phrase(format_amount(row.get("amount"), lang), lang), numeric=True),
                ]
                grows.append(self.row_view(b, spec.resource, row, cells, lang))
            if grows:
                groups.append(RowGroup(Phrase(self.t(f"side_{side}", lang), lang), grows))
        return self.prelink(TableView(spec.resource, anchor, caption, title, columns, groups, csv, True), lang)

    def row_view(self, b: Budget, resource: str, row: Row, cells: list[Cell], lang: str) -> RowView:
        """A table row with its stable anchor and a flag for each severity a check found in it."""
        line = row.get("line")
        return RowView(cells, f"row-{resource}-{line}", self.row_flags(b, resource, lang).get(line, []))

    def row_flags(self, b: Budget, resource: str, lang: str) -> dict[Any, list[Flag]]:
        """The flags of the rows of one table, by the row's ``line`` (worked out once a table)."""
        key = (b.id, resource, lang)
        if key not in self._flags:
            by_line: dict[Any, list[Flag]] = {}
            mine = [(i, f) for i, f in enumerate(self.findings.get(b.id, []), start=1) if f.table == resource]
            for line in dict.fromkeys(f.table_line for _, f in mine):
                for severity in SEVERITIES:
                    hits = [i for i, f in mine if f.table_line == line and f.severity == severity]
                    if hits:
                        name = SEVERITY_NAMES[severity][0 if lang == "zh" else 1]
                        text = self.t("flag_text", lang, n=len(hits), severity=name)
                        by_line.setdefault(line, []).append(Flag(f"#finding-{hits[0]}", severity, text))
            self._flags = {k: v for k, v in self._flags.items() if k[0] == b.id}  # one budget at a time
            self._flags[key] = by_line
        return self._flags[key]

    def sections(self, b: Budget, page: Page) -> list[SectionView]:
        lang = page.lang
        out = []
        for row in b.rows("sections"):
            part = int(row.get("part") or 0)
            heading_zh = str(row.get("heading") or (PARTS[part - 1][0] if 0 < part <= len(PARTS) else ""))
            if 0 < part <= len(PARTS):
                heading = Phrase(PARTS[part - 1][0] if lang == "zh" else PARTS[part - 1][1], lang)
            else:
                heading = self.tr.label(heading_zh, lang)
            lines = [ln.strip() for ln in str(row.get("text") or "").split("\n") if ln.strip()]
            blocks: list[Block] = []
            if part == 7 and b.tables.get("key-projects") is not None:
                # The printed table is flattened into the text; show the parsed table instead.
                if lines:
                    blocks.append(Block("p", self.tr.sentence(lines[0], lang)))
                view = self.table_view(b, "key-projects", page)
                if view:
                    blocks.append(Block("table", table=view))
            elif part == 9 and b.rows("glossary"):
                entries = []
                for g in b.rows("glossary"):
                    term = str(g.get("term") or "")
                    entries.append(
                        (
                            self.tr.label(term, lang),
                            self.tr.sentence(str(g.get("definition") or ""), lang),
                            self.anchors.get(term, ""),
                        )
                    )
                blocks.append(Block("glossary", entries=entries))
            else:
                # One catalog entry per paragraph.
                for ln in lines:
                    kind = "h3" if _is_subheading(ln) else "p"
                    blocks.append(Block(kind, self.tr.sentence(ln, lang)))
            out.append(SectionView(part, f"part-{part}", heading, blocks))
        return out

    def figures(self, b: Budget, page: Page) -> list[Figure]:
        lang = page.lang
        s = budget_summary_row(b)
        figs: list[Figure] = []
        if s["total_income"] is not None:
            figs.append(Figure(self.t("fig_income", lang), format_headline(s["total_income"], lang)))
        if s["total_expenditure"] is not None:
            change = _change_from_text(b)
            note = ""
            if change is not None:
                amount, pct = change
                key = "fig_change_up" if amount >= 0 else "fig_change_down"
                note = self.t(key, lang, amount=format_headline(abs(amount), lang), pct=pct, year=b.meta.year - 1)
            figs.append(Figure(self.t("fig_expenditure", lang), format_headline(s["total_expenditure"], lang), note))
        basic = _first_total(b, "basic-expenditure")
        project = _first_total(b, "project-expenditure")
        if basic is not None and project is not None and (basic + project) > 0:
            share = format_share(basic / (basic + project), lang)
            figs.append(
                Figure(self.t("fig_basic", lang), format_headline(basic, lang), self.t("fig_share", lang, share=share))
            )
            figs.append(
                Figure(
                    self.t("fig_project", lang),
                    format_headline(project, lang),
                    self.t("fig_share", lang, share=format_share(project / (basic + project), lang)),
                )
            )
        three = [r for r in b.rows("three-public-expenses") if r.get("year") == str(b.meta.year)]
        if three:
            total = sum((Decimal(str(r.get("total") or 0)) for r in three), Decimal(0))
            figs.append(Figure(self.t("fig_three", lang), format_headline(total, lang)))
        proc = next((r.get("amount") for r in b.rows("procurement") if r.get("level") == 0), None)
        if proc is None:
            proc = next(
                (r.get("procurement_total") for r in b.rows("expenditure-summary") if r.get("level") == 0), None
            )
        if proc is not None:
            figs.append(Figure(self.t("fig_procurement", lang), format_headline(proc, lang)))
        return figs

    def charts(self, b: Budget, page: Page) -> list[Chart]:
        lang = page.lang

        def fmt(v: Decimal, share: Decimal) -> str:
            return f"{format_amount(v, lang)} ({format_share(share, lang)})"

        other = (self.t("other", lang), lang)
        charts: list[Chart | None] = []
        unit_note = self.t("unit_note", lang)
        # Where the money comes from: the first (department) row of 收入总表.
        inc = b.rows("income-summary")
        if inc:
            spec = BY_RESOURCE["income-summary"]
            items = []
            for name in INCOME_SOURCES:
                v = inc[0].get(name)
                if isinstance(v, Decimal):
                    f = spec.field(name)
                    items.append((f.zh if lang == "zh" else f.en, lang, v))
            charts.append(bar_chart("chart-income", self.t("chart_income", lang), unit_note, items, fmt, other=other))
        # By function: the leaves of 支出总表 summed by their class (first three digits).
        charts.append(
            bar_chart(
                "chart-function",
                self.t("chart_function", lang),
                unit_note,
                self._by_class(b, "expenditure-summary", "functional", lang)
                or self._by_class(b, "general-budget-by-function", "functional", lang),
                fmt,
                other=other,
            )
        )
        charts.append(
            bar_chart(
                "chart-economic",
                self.t("chart_economic", lang),
                self.t("unit_note_general", lang),
                self._by_class(b, "general-budget-by-economic", "economic", lang),
                fmt,
                other=other,
            )
        )
        projects = [
            (*self.tr.label(str(r.get("project") or ""), lang), r["total"])
            for r in b.rows("project-expenditure")
            if r.get("level") == 1 and isinstance(r.get("total"), Decimal)
        ]
        charts.append(bar_chart("chart-project", self.t("chart_project", lang), unit_note, projects, fmt, other=other))
        return [c for c in charts if c is not None]

    def _by_class(self, b: Budget, resource: str, scheme: str, lang: str) -> list[tuple[str, str, Decimal]]:
        rows = [r for r in b.rows(resource) if r.get("code") and isinstance(r.get("total"), Decimal)]
        sums: dict[str, Decimal] = defaultdict(Decimal)
        names: dict[str, str] = {}
        for r in rows:
            code, unit = str(r["code"]), r.get("unit")
            if len(code) == 3:
                names[code] = str(r.get("name") or "")
            # A leaf: no other row of the same unit has a code that extends this one.
            if any(o is not r and o.get("unit") == unit and str(o["code"]).startswith(code) for o in rows):
                continue
            sums[code[:3]] += r["total"]  # type: ignore[operator]
        items = []
        for code, v in sums.items():
            zh = names.get(code) or self.terms.schemes.get(scheme, {}).get(code, (code, code))[0]
            p = self.tr.label(zh, lang, code=code, scheme=scheme)
            items.append((p.text, p.lang, v))
        return items

    def downloads(self, b: Budget, page: Page) -> list[Download]:
        lang = page.lang
        data = self.out / "data"
        out = []

        def size(p: Path) -> str:
            n = p.stat().st_size if p.exists() else 0
            return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"

        zip_path = data / f"{b.id}.zip"
        if zip_path.exists():
            out.append(
                Download(Phrase(self.t("dl_zip", lang), lang), page.href(f"data/{b.id}.zip"), "ZIP", size(zip_path))
            )
        dp = data / b.id / "datapackage.json"
        if dp.exists():
            out.append(
                Download(
                    Phrase(self.t("dl_descriptor", lang), lang),
                    page.href(f"data/{b.id}/datapackage.json"),
                    "JSON",
                    size(dp),
                )
            )
        for resource in RESOURCES:
            p = data / b.id / f"{resource}.csv"
            if (resource in b.tables or resource in DERIVED) and p.exists():
                spec = BY_RESOURCE[resource]
                out.append(
                    Download(
                        Phrase(spec.zh if lang == "zh" else spec.en, lang),
                        page.href(f"data/{b.id}/{resource}.csv"),
                        "CSV",
                        size(p),
                    )
                )
        src = self.source_document(b)
        if src is not None:
            kind = src.suffix.lstrip(".").upper()
            out.append(
                Download(
                    Phrase(self.t("dl_source", lang), lang),
                    page.href(f"sources/{b.id}{src.suffix.lower()}"),
                    kind,
                    size(src),
                )
            )
        return out

    def source_document(self, b: Budget) -> Path | None:
        """The source document as published in ``sources/`` (read from content/, where it is)."""
        src = self.content / "budgets" / str(b.meta.year) / b.source.file
        return src if src.exists() else None

    def jsonld(self, b: Budget, page: Page, downloads: list[Download]) -> Markup:
        def url(href: str) -> str:
            # Absolute when the site's address is known (SITE_URL), else relative to this page.
            if not self.site_url:
                return href
            path = href[len(page.root) :] if href.startswith(page.root) else href
            return self.site_url + path

        formats = {
            "ZIP": "application/zip",
            "CSV": "text/csv",
            "JSON": "application/json",
            "PDF": "application/pdf",
            "TXT": "text/plain",
        }
        lang = page.lang
        dept = self.dept(b, lang).text
        data = {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": self.t("dataset_name", lang, year=b.meta.year, department=dept),
            "description": self.t("dataset_description", lang, year=b.meta.year, department=dept),
            "url": self.site_url + page.path if self.site_url else "index.html",
            "inLanguage": "zh-Hans" if lang == "zh" else "en",
            "isAccessibleForFree": True,
            "license": LICENSE_URL,
            "temporalCoverage": str(b.meta.year),
            "keywords": [self.t("kw_budget", lang), self.t("kw_open", lang), dept],
            "creator": {"@type": "GovernmentOrganization", "name": dept},
            "spatialCoverage": {"@type": "Place", "name": self.tr.label(b.meta.district, lang).text or "Shenzhen"},
            "distribution": [
                {
                    "@type": "DataDownload",
                    "name": d.label.text,
                    "encodingFormat": formats.get(d.kind, "application/octet-stream"),
                    "contentUrl": url(d.href),
                }
                for d in downloads
            ],
        }
        if b.meta.source_url:
            data["isBasedOn"] = b.meta.source_url
        text = json.dumps(data, ensure_ascii=False, indent=2)
        # Inside <script>, '<' must not start a tag: JSON allows it escaped.
        return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    def format_figure(self, value: Decimal | None, unit: str, lang: str, *, signed: bool = False) -> str:
        """A finding's figure: an amount as the tables show it, a percentage, a count."""
        if value is None:
            return ""
        if unit == PERCENT:
            text = format_decimal(value, format="#,##0.###", locale=LOCALES[lang]) + "%"
        elif unit == COUNT:
            text = format_decimal(value, format="#,##0", locale=LOCALES[lang])
        else:
            text = format_amount(value, lang)
        return f"+{text}" if signed and value > 0 else text

    def checks_view(self, b: Budget, page: Page) -> Checks:
        """What the arithmetic checks found, gravest first, each linking to its row."""
        lang = page.lang
        zh = lang == "zh"
        findings = self.findings.get(b.id, [])
        parts = {r.get("line"): int(r.get("part") or 0) for r in b.rows("sections")}
        severity_order = {s: i for i, s in enumerate(SEVERITIES)}
        table_order = {r: i for i, r in enumerate(RESOURCES)}

        def order(item: tuple[int, Finding]) -> tuple[int, int, int, int]:
            i, f = item
            return (severity_order[f.severity], table_order.get(f.table, 99), f.table_line or 0, i)

        views = []
        for i, f in sorted(enumerate(findings, start=1), key=order):
            spec = BY_RESOURCE[f.table]
            fields = {x.name: x for x in spec.fields}
            if f.table == "sections":
                part = parts.get(f.table_line, 0)
                title = PARTS[part - 1][0 if zh else 1] if 0 < part <= len(PARTS) else ""
                cn = numeral(part)
                where = Phrase(f"{self.t('part_n', lang, n=part, cn=cn)} {title}", lang)
                href, row, field_name = f"#part-{part}", "", Phrase("", lang)
            else:
                where = Phrase(spec.zh if zh else spec.en, lang)
                href = f"#row-{f.table}-{f.table_line}"
                row = self.t("row_n", lang, n=f.table_line)
                fd = fields.get(f.field)
                field_name = Phrase((fd.zh if zh else fd.en) if fd else "", lang)
            if f.label_en and not zh:
                label = Phrase(f.label_en, "en")
            elif f.label and f.table in ("sections", "key-projects", "project-expenditure"):
                label = self.tr.label(f.label, lang)
            elif f.label:
                label = self.tr.label(f.label, lang, code=f.code or None, scheme=SCHEME.get(f.table))
            else:
                label = Phrase("", lang)
            views.append(
                FindingView(
                    f"finding-{i}",
                    f.severity,
                    SEVERITY_NAMES[f.severity][0 if zh else 1],
                    f.check,
                    BY_ID[f.check].zh if zh else BY_ID[f.check].en,
                    where,
                    row,
                    label,
                    field_name,
                    href,
                    self.format_figure(f.printed, f.unit, lang),
                    self.format_figure(f.expected, f.unit, lang),
                    self.format_figure(f.difference, f.unit, lang, signed=True),
                    f.message_zh if zh else f.message_en,
                )
            )
        counts = [
            (sev, SEVERITY_NAMES[sev][0 if zh else 1], sum(f.severity == sev for f in findings)) for sev in SEVERITIES
        ]
        checks = [CheckView(c.id, c.zh if zh else c.en, SEVERITY_NAMES[c.severity][0 if zh else 1]) for c in CHECKS]
        # Rounding and explained differences are many and expected: folded away below the rest.
        serious = [f for f in views if f.severity not in MINOR]
        minor = [f for f in views if f.severity in MINOR]
        view = Checks(serious, counts, checks, page.href(f"data/{b.id}/findings.csv"), minor=minor)
        for group in (serious, minor):  # each table a section of its own
            linkers = self._linkers(lang)
            if linkers is not None and group:
                link, link_text = linkers
                for f in group:
                    f.pre = f.html(lang, link, link_text)
                view.linked = True
        return view

    def budget_view(self, b: Budget, page: Page) -> BudgetView:
        lang = page.lang
        tables = [v for r in RESOURCES if r not in NOT_A_TABLE for v in [self.table_view(b, r, page)] if v]
        downloads = self.downloads(b, page)
        return BudgetView(
            b.id,
            self.dept(b, lang),
            self.tr.label(b.meta.parent_department, lang),
            self.tr.label(b.meta.district, lang),
            b.meta.year,
            self.figures(b, page),
            self.charts(b, page),
            self.sections(b, page),
            tables,
            downloads,
            self.jsonld(b, page, downloads),
            b.meta.source_url,
            self.checks_view(b, page),
        )

    # -- the compare page ---------------------------------------------------------------------

    def compare_view(self, page: Page) -> CompareView:
        lang = page.lang
        rows = self.comparisons
        years = sorted({r.budget.meta.year for r in rows})
        last = years[-1] - 1 if years else 0

        def amount_cell(v: Decimal | None, *, signed: bool = False) -> CompareCell:
            text = format_amount(v, lang)
            return CompareCell(f"+{text}" if signed and v is not None and v > 0 else text, _num(v))

        def share_cell(v: Decimal | None) -> CompareCell:
            return CompareCell(format_share(v, lang) if v is not None else "", _num(v))

        def count_cell(v: int | None, flag: Flag | None = None) -> CompareCell:
            return CompareCell("" if v is None else f"{v:,}", "" if v is None else str(v), flag)

        def percent_cell(v: Decimal | None) -> CompareCell:
            if v is None:
                return CompareCell("", "")
            text = format_decimal(v, format="#,##0.0##", locale=LOCALES[lang]) + "%"
            return CompareCell(f"+{text}" if v > 0 else text, _num(v))

        def head(key: str, numeric: bool = True, **kw: Any) -> tuple[Phrase, bool]:
            return Phrase(self.t(key, lang, **kw), lang), numeric

        def row(c: Comparison, cells: list[CompareCell], anchor: str = "") -> CompareRowView:
            b = c.budget
            href = page.lang_href(f"budgets/{b.id}/index.html") + anchor
            return CompareRowView(b.id, href, self.dept(b, lang), cells)

        money = CompareTable(
            "compare-money",
            self.t("compare_money_caption", lang),
            [
                head("col_department", False),
                head("col_expenditure"),
                head("col_change", year=last),
                head("col_change_pct", year=last),
                head("col_basic_share"),
                head("col_project_share"),
                head("col_personnel_share"),
                head("col_three"),
                head("col_three_change", year=last),
                head("col_procurement"),
                head("col_sme_share"),
            ],
            [
                row(
                    c,
                    [
                        amount_cell(c.total),
                        amount_cell(c.change, signed=True),
                        percent_cell(c.change_percent),
                        share_cell(c.basic_share),
                        share_cell(c.project_share),
                        share_cell(c.personnel_share),
                        amount_cell(c.three_public),
                        amount_cell(c.three_public_change, signed=True),
                        amount_cell(c.procurement),
                        share_cell(c.sme_share),
                    ],
                )
                for c in rows
            ],
        )
        classes = all_classes(rows)
        names = {code: name for c in rows for code, name in c.function_names.items()}
        class_labels = [self.tr.label(names.get(code, code), lang, code=code, scheme="functional") for code in classes]
        functions = CompareTable(
            "compare-functions",
            self.t("compare_functions_caption", lang),
            [head("col_department", False), *((label, True) for label in class_labels)],
            [
                row(
                    c,
                    [
                        CompareCell(
                            f"{format_amount(c.functions[code], lang)} ({format_share(c.function_share(code) or Decimal(0), lang)})"
                            if code in c.functions
                            else "",
                            _num(c.functions.get(code)),
                        )
                        for code in classes
                    ],
                )
                for c in rows
            ],
        )
        people = CompareTable(
            "compare-people",
            self.t("compare_people_caption", lang),
            [
                head("col_department", False),
                head("col_posts"),
                head("col_staff"),
                *(head(f"col_findings_{sev}") for sev in ("error", "warning", "rounding")),
            ],
            [
                row(
                    c,
                    [
                        count_cell(c.authorised_posts),
                        count_cell(c.staff_in_post, self.staff_flag(c.budget, page)),
                        *(count_cell(c.findings.get(sev, 0)) for sev in ("error", "warning", "rounding")),
                    ],
                )
                for c in rows
            ],
        )

        def dept_label(c: Comparison) -> tuple[str, str]:
            p = self.dept(c.budget, lang)
            return p.text, p.lang

        unit_note = self.t("unit_note", lang)
        # A chart of every department stops being readable long before a city's hundreds of
        # budgets: the charts show the largest (by total expenditure), the tables all of them.
        drawn = rows
        charts_note = ""
        if len(rows) > CHART_DEPARTMENTS:
            largest = sorted(rows, key=lambda c: (-(c.total or Decimal(0)), c.budget.id))[:CHART_DEPARTMENTS]
            keep = {c.budget.id for c in largest}
            drawn = [c for c in rows if c.budget.id in keep]
            charts_note = self.t("compare_charts_top", lang, n=len(drawn), total=len(rows))
        charts = [
            bar_chart(
                "chart-compare-total",
                self.t("chart_compare_total", lang),
                unit_note,
                [(*dept_label(c), c.total) for c in drawn if c.total is not None],
                lambda v, _s: format_amount(v, lang),
                limit=len(drawn) + 1,
            ),
            bar_chart(
                "chart-compare-personnel",
                self.t("chart_compare_personnel", lang),
                self.t("chart_compare_personnel_note", lang),
                [(*dept_label(c), c.personnel_share) for c in drawn if c.personnel_share is not None],
                lambda v, _s: format_share(v, lang),
                limit=len(drawn) + 1,
            ),
            bar_chart(
                "chart-compare-sme",
                self.t("chart_compare_sme", lang),
                self.t("chart_compare_sme_note", lang),
                [(*dept_label(c), c.sme_share) for c in drawn if c.sme_share is not None],
                lambda v, _s: format_share(v, lang),
                limit=len(drawn) + 1,
            ),
        ]

        def seg(v: Decimal, share: Decimal) -> str:
            return f"{format_amount(v, lang)} ({format_share(share, lang)})"

        # The functional classes with the most money get their own colour; the rest are "other".
        by_size = sorted(classes, key=lambda code: -sum((c.functions.get(code, Decimal(0)) for c in rows), Decimal(0)))
        shown = by_size[:7] if len(by_size) > 8 else by_size
        rest = [code for code in classes if code not in shown]
        series = [(p.text, p.lang) for code, p in zip(classes, class_labels, strict=True) if code in shown]
        shown_in_order = [code for code in classes if code in shown]
        if rest:
            series.append((self.t("other", lang), lang))
        stacked = [
            stacked_chart(
                "chart-compare-basic",
                self.t("chart_compare_basic", lang),
                unit_note,
                [(*dept_label(c), [c.basic, c.project]) for c in drawn],
                [(self.t("fig_basic", lang), lang), (self.t("fig_project", lang), lang)],
                seg,
                width=WIDE,
            ),
            stacked_chart(
                "chart-compare-functions",
                self.t("chart_compare_functions", lang),
                unit_note,
                [
                    (
                        *dept_label(c),
                        [c.functions.get(code) for code in shown_in_order]
                        + ([sum((c.functions.get(code, Decimal(0)) for code in rest), Decimal(0))] if rest else []),
                    )
                    for c in drawn
                ],
                series,
                seg,
                width=WIDE,
            ),
        ]
        # Department names are long: these charts take the page's full width.
        for ch in charts:
            if ch is not None:
                ch.width = WIDE
        return CompareView(
            [money, functions, people],
            [c for c in charts if c is not None],
            [c for c in stacked if c is not None],
            page.href("data/compare.csv"),
            self.t("compare_year_note", lang, year=last),
            charts_note,
        )

    def staff_flag(self, b: Budget, page: Page) -> Flag | None:
        """A mark on a department's staff numbers when a check doubts them, linking to the finding."""
        if self.staff is not None:
            staff = self.staff.get(b.id, [])
        else:
            staff = [(i, f) for i, f in enumerate(self.findings.get(b.id, []), start=1) if f.check == "text-staff"]
        for i, f in staff:
            if f.check == "text-staff":
                name = SEVERITY_NAMES[f.severity][0 if page.lang == "zh" else 1]
                return Flag(
                    page.lang_href(f"budgets/{b.id}/index.html") + f"#finding-{i}",
                    f.severity,
                    self.t("flag_text", page.lang, n=1, severity=name),
                )
        return None

    def glossary_entries(self, page: Page, rows: dict[str, ListRow]) -> list[GlossaryEntry]:
        lang = page.lang
        out = []
        for term, (definition, who) in self.glossary.items():
            entry = self.terms.glossary.get(term)
            en = Phrase(entry.en, "en") if entry else self.tr.label(term, "en")
            variants = [
                (self.tr.sentence(d, lang), [rows[i] for i in ids]) for d, ids in who.items() if d != definition
            ]
            budgets = sorted({i for ids in who.values() for i in ids})
            out.append(
                GlossaryEntry(
                    self.anchors[term],
                    term,
                    en,
                    definition,
                    self.tr.sentence(definition, "en"),
                    variants,
                    [rows[i] for i in budgets],
                )
            )
        return out

    # -- stage 2: render ----------------------------------------------------------------------

    def render(
        self, template: str, page: Page, linker: Linker | None = None, state: PageState | None = None, **context: Any
    ) -> None:
        html = self.env.get_template(template).render(page=page, site_url=self.site_url, **context)
        if linker is not None:
            state = state or self.page_state(page)
            state.seen = set()  # what tables linked while the page was built is theirs alone
            html = _link_main(html, linker, state)
        dest = self.out / page.path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(html, encoding="utf-8")
        self.pages_written.append(page.path)

    def prepare(self) -> None:
        """Everything the pages share: the glossary across all budgets and its links, the
        checks' findings and the comparisons (unless given)."""
        self.gather_glossary()
        if self._check:
            self.findings = {b.id: run_checks(b) for b in self.budgets}
        if not self.comparisons:
            self.comparisons = compare_all(self.budgets)
        for lang in LANGS:
            terms, zh_terms = self.link_terms(lang)
            self.linkers[lang] = Linker(terms, lang, zh_terms)

    def context_key(self) -> str:
        """What a budget's pages depend on besides the budget itself: the glossary links (terms,
        anchors, definitions in both languages), the English names every budget adds to the
        dictionary, and the site's address.  (Code, templates and content/i18n are hashed by
        the build.)"""
        h = hashlib.sha256(self.site_url.encode())
        for lang in LANGS:
            for t in self.link_terms(lang)[0]:
                h.update(repr((lang, t.id, t.label, t.definition, t.definition_lang, sorted(t.patterns))).encode())
        for b in self.budgets:
            m = b.meta
            h.update(repr((m.department, m.department_en, m.parent_department, m.parent_department_en)).encode())
            h.update(repr((m.district, m.district_en)).encode())
        return h.hexdigest()

    def render_budget(self, b: Budget) -> list[str]:
        """The budget's page in both languages (``b`` is the full model); the paths written.
        Its tables link their glossary terms as they are built (they are most of the page);
        the linker then passes them by."""
        written = []
        for lang in LANGS:
            page = Page(lang, f"{lang}/budgets/{b.id}/index.html", "")
            self.tr.where = b.id
            self._state = self.page_state(page)
            try:
                view = self.budget_view(b, page)
            finally:
                state, self._state = self._state, None
            page.title = f"{view.department.text} · {b.meta.year}"
            page.description = self.t("dataset_description", lang, year=b.meta.year, department=view.department.text)
            self.render("budget.html", page, self.linkers[lang], state, b=view)
            written.append(page.path)
        return written

    def _linkers(self, lang: str) -> tuple[Callable[[Phrase], str], Callable[[str], str]] | None:
        """For a table of the budget page being built, a section of its own: (link a phrase,
        link a message whose Chinese an English page marks lang="zh"), as the page's linker
        would link them; None when no page is being built."""
        state = self._state
        if state is None or lang not in self.linkers:
            return None
        linker = self.linkers[lang]
        state.seen = set()

        def link(p: Phrase) -> str:
            html = linker.link_text(p.text, state, p.lang if p.lang != lang else None)
            return f'<span lang="{p.lang}">{html}</span>' if p.lang != lang else html

        def link_text(text: str) -> str:
            if lang == "zh":
                return linker.link_text(text, state)
            out, pos = [], 0
            for m in CHINESE_RUN.finditer(text):
                out.append(linker.link_text(text[pos : m.start()], state))
                out.append(f'<span lang="zh">{linker.link_text(m.group(0), state, "zh")}</span>')
                pos = m.end()
            out.append(linker.link_text(text[pos:], state))
            return "".join(out)

        return link, link_text

    def page_state(self, page: Page) -> PageState:
        return PageState(page.href(f"{page.lang}/glossary/index.html"))

    def prelink(self, tv: TableView, lang: str) -> TableView:
        """Link the glossary terms of a table of the page being built, as the page's linker
        would: the table is a section of its own, its headers and text cells are linked, the
        first occurrence of a term only."""
        linkers = self._linkers(lang)
        if linkers is None:
            return tv
        link, _ = linkers
        for c in tv.columns:
            c.html = Markup(link(c.header))
        for g in tv.groups:
            if g.header is not None:
                g.header_html = Markup(link(g.header))
            for row in g.rows:
                row.pre = row.html(lang, link)
        tv.linked = True
        return tv

    def render_shared(self) -> None:
        """Every page that is not one budget's: lists, glossary, compare, about, search, landing,
        404, and the sitemap (of every page written so far, so budgets' pages come first)."""
        for lang in LANGS:
            linker = self.linkers[lang]
            self.tr.where = ""
            home = Page(lang, f"{lang}/index.html", self.t("site_name", lang), self.t("site_description", lang))
            rows = {b.id: self.list_row(b, home) for b in self.budgets}
            self.render("list.html", home, linker, rows=list(rows.values()))
            self.tr.where = "glossary"
            gpage = Page(lang, f"{lang}/glossary/index.html", self.t("glossary", lang), self.t("glossary_intro", lang))
            grows = {b.id: self.list_row(b, gpage) for b in self.budgets}
            self.render("glossary.html", gpage, linker, entries=self.glossary_entries(gpage, grows))
            self.tr.where = ""
            cpage = Page(lang, f"{lang}/compare/index.html", self.t("compare", lang), self.t("compare_intro", lang))
            self.render("compare.html", cpage, linker, c=self.compare_view(cpage))
            apage = Page(lang, f"{lang}/about/index.html", self.t("about", lang), self.t("site_description", lang))
            self.render("about.html", apage, linker, body=self.markdown(f"about.{lang}.md"))
            spage = Page(lang, f"{lang}/search/index.html", self.t("search", lang), indexed=False)
            self.render("search.html", spage, shards=self.search_shards)
        landing = Page("zh", "index.html", "部门预算公开数据 · Departmental budgets", indexed=False)
        self.render("landing.html", landing, count=len(self.budgets))
        self.write_404()
        self.write_meta_files()

    def report(self) -> None:
        for line in self.tr.report():
            self.log(line)
        missing = sorted(self.tr.labels_coverage.missing | self.tr.sentences_coverage.missing)
        for s in missing[:10]:
            self.log(f"  untranslated: {s[:70]}")
        if len(missing) > 10:
            self.log(f"  … and {len(missing) - 10} more untranslated strings (python -m generator strings)")

    def run(self) -> None:
        """The whole site in this process (the build renders budgets' pages in parallel instead)."""
        self.prepare()
        self.copy_static()
        self.copy_sources()
        for b in self.budgets:
            self.render_budget(b)
        self.render_shared()
        self.report()
        if self.search:
            self.search_index()

    def markdown(self, name: str) -> Markup:
        path = self.content / "pages" / name
        if not path.exists():
            return Markup("")
        md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
        html = Markup(md.render(path.read_text(encoding="utf-8")))
        return mark_chinese(html) if not name.endswith(".zh.md") else html

    def copy_static(self) -> None:
        dest = self.out / "static"
        shutil.copytree(TEMPLATES / "static", dest, dirs_exist_ok=True)

    def copy_sources(self) -> None:
        for b in self.budgets:
            src = self.content / "budgets" / str(b.meta.year) / b.source.file
            if src.exists():
                dest = self.out / "sources" / f"{b.id}{src.suffix.lower()}"
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dest)

    def write_404(self) -> None:
        page = Page("zh", "404.html", "404", indexed=False)
        self.render("404.html", page)

    def write_meta_files(self) -> None:
        (self.out / ".nojekyll").write_text("", encoding="utf-8")
        pages = [p for p in self.pages_written if p not in ("404.html",) and "/search/" not in p]
        urls = []
        for p in sorted(pages):
            loc = self.site_url + p if self.site_url else p
            alts = ""
            if p.startswith(("zh/", "en/")):
                for lang in LANGS:
                    other = lang + p[2:]
                    href = self.site_url + other if self.site_url else other
                    alts += f'\n    <xhtml:link rel="alternate" hreflang="{lang}" href="{escape(href)}"/>'
            urls.append(f"  <url>\n    <loc>{escape(loc)}</loc>{alts}\n  </url>")
        sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
            + "\n".join(urls)
            + "\n</urlset>\n"
        )
        (self.out / "sitemap.xml").write_text(sitemap, encoding="utf-8")
        robots = "User-agent: *\nAllow: /\n"
        if self.site_url:
            robots += f"Sitemap: {self.site_url}sitemap.xml\n"
        (self.out / "robots.txt").write_text(robots, encoding="utf-8")

    def search_index(self) -> None:
        """Pagefind indexes the written pages (both languages, Chinese segmented) offline."""
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "pagefind", "--site", str(self.out), "--silent"]
                + [arg for sel in SEARCH_IGNORES for arg in ("--exclude-selectors", sel)],
                capture_output=True,
                text=True,
                timeout=300,
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            self.log(f"warning: search index not built: {e}", file=sys.stderr)
            return
        if proc.returncode != 0:
            self.log(f"warning: search index not built: {proc.stderr.strip() or proc.stdout.strip()}", file=sys.stderr)
        else:
            self.log("search index: pagefind/")


# ---------------------------------------------------------------------------------------------
# Small helpers


def mark_chinese(html: Markup) -> Markup:
    """Runs of Chinese in escaped HTML text wrapped in <span lang="zh"> (for text in which
    Chinese occurs only in text, never in a tag's attributes)."""
    return Markup(CHINESE_RUN.sub(lambda m: f'<span lang="zh">{m.group(0)}</span>', str(html)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unquote(text: str) -> str:
    return text.strip("\"'“”")


def _zh_variants(term: str) -> list[str]:
    """Other spellings of a term printed in running text: 'A（B）' also as A and B; quotes
    in any style."""
    out = []
    m = re.match(r"^(.+?)[（(](.+)[）)]$", term)
    if m:
        out += [m.group(1), m.group(2)]
    if "“" in term:
        out += [term.replace("“", '"').replace("”", '"'), term.replace("“", "").replace("”", "")]
    return out


def _fund_en(name: str) -> str:
    return {
        "general_budget": "General public budget",
        "government_fund": "Government-managed fund budget",
        "state_capital": "State capital operations budget",
    }.get(name, name)


def _num(v: Value) -> str:
    return format(v, "f") if isinstance(v, Decimal) else ("" if v is None else str(v))


def _is_total(item: str) -> bool:
    return bool(re.search(r"(总计|合计)$", item))


def _is_subheading(line: str) -> bool:
    """A printed sub-heading: '一、部门职责', short, no sentence punctuation."""
    return numbering(line).kind == "cn" and len(line) <= 30 and not re.search(r"[。；：:，,]", line)


def _first_total(b: Budget, resource: str) -> Decimal | None:
    for r in b.rows(resource):
        if r.get("level") == 0 and isinstance(r.get("total"), Decimal):
            return r["total"]  # type: ignore[return-value]
    return None


_CHANGE = re.compile(
    r"较\s*\d{4}\s*年(?:年初)?预算(增加|减少)\s*([\d,]+(?:\.\d+)?)\s*万元[，,]\s*(?:增长|减少|增加|下降)?\s*([\d.]+)\s*%"
)


def _change_from_text(b: Budget) -> tuple[Decimal, str] | None:
    """The change from last year's budget, as part 2 of the text states it (the tables do
    not print last year's totals)."""
    for row in b.rows("sections"):
        if row.get("part") != 2:
            continue
        m = _CHANGE.search(str(row.get("text") or ""))
        if m:
            amount = Decimal(m.group(2).replace(",", ""))
            return (amount if m.group(1) == "增加" else -amount), m.group(3)
    return None


_MAIN = re.compile(r"(<main\b[^>]*>)(.*?)(</main>)", re.S)


def _link_main(html: str, linker: Linker, state: PageState) -> str:
    m = _MAIN.search(html)
    if not m:
        return html
    return html[: m.start(2)] + str(linker.link_html(m.group(2), state)) + html[m.end(2) :]


def render_site(budgets: list[Budget], content_dir: Path, staging_dir: Path, log: Log = print) -> None:
    """Write the HTML site for ``budgets`` into ``staging_dir`` (whose data/ is already written)."""
    SiteRenderer(budgets, content_dir, staging_dir, log=log).run()
