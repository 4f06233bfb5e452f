"""One budget's page: key figures, charts, the nine parts of its text, its tables, what the
checks found, downloads and its schema.org description (pure functions of the budget, its
findings and the sizes of its files)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from markupsafe import Markup

from ...catalog import BY_RESOURCE, DERIVED, INCOME_SOURCES, NOT_A_TABLE, PARTS, RESOURCES, SHOWN_IN_PART
from ...checks import statements as st
from ...chinese import numbering
from ...model import Budget, TableFailure, web_url
from ...package import budget_summary_row
from ...package.descriptor import LICENSE
from .. import format as fmt
from .. import urls
from ..charts import Chart, bar_chart
from ..terms import Phrase
from ..ui import N_
from .common import BudgetScope, department
from .findings import Checks, checks_view
from .search import SearchMeta, SearchNames, search_meta, search_names
from .tables import TableView, table_view, unreadable_view


@dataclass
class Figure:
    label: str
    value: str
    note: str = ""


@dataclass
class Download:
    label: Phrase
    path: str  # from the site's root
    href: str  # from the page
    kind: str  # "ZIP", "CSV", "JSON", "TXT", "PDF"
    size: str


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
    number: str = ""  # the part's number as the page writes it (三, 3)


@dataclass
class NarrativeNote:
    """How much of the text of a budget an English page shows in English: paragraphs in all,
    shown in Chinese (not translated yet), machine-translated (not reviewed)."""

    total: int
    untranslated: int
    machine: int


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
    search: SearchMeta
    names: SearchNames  # what search reads of the page besides its title
    narrative_note: NarrativeNote | None = None  # when the text is not all translated


def budget_view(s: BudgetScope, files: Mapping[str, int], source: str | None) -> BudgetView:
    """The page of ``s.budget``; ``files``: the size of each of its files in the site, by path;
    ``source``: where its source document is published in the site (None when it is not).
    Its tables link their glossary terms as they are built, in the order they are built."""
    b, lang = s.budget, s.lang
    failed = {f.resource: f for f in b.failures}
    tables = [v for r in RESOURCES if r not in NOT_A_TABLE for v in [_table(s, r, failed)] if v]
    for r, failure in failed.items():
        if r in NOT_A_TABLE and not _shown_in_text(b, r):
            tables.append(unreadable_view(s, failure))
    downloads = _downloads(s, files, source)
    parts = sections(s, failed)
    parent, district = s.tr.label(b.meta.parent_department, lang), s.tr.label(b.meta.district, lang)
    labels = {"year": s.t("年度"), "district": s.t("区划"), "parent": s.t("主管部门")}
    names = search_names(
        (parent, district), [*tables, *(blk.table for p in parts for blk in p.blocks if blk.table)], lang
    )
    return BudgetView(
        b.id,
        department(s.tr, b, lang),
        parent,
        district,
        b.meta.year,
        figures(s),
        charts(s),
        parts,
        tables,
        downloads,
        jsonld(s, downloads),
        web_url(b.meta.source_url),
        checks_view(s),
        search_meta(b.meta, labels, district.text if b.meta.district else "", parent.text, names),
        names,
        narrative_note(parts, lang),
    )


def narrative_note(parts: list[SectionView], lang: str) -> NarrativeNote | None:
    """What an English page says at its top when the text is not all in English."""
    if lang == "zh":
        return None
    shown = [blk.text for p in parts for blk in p.blocks if blk.text is not None]
    shown += [definition for p in parts for blk in p.blocks for _, definition, _ in blk.entries]
    untranslated = sum(1 for t in shown if t.lang != lang)
    machine = sum(1 for t in shown if t.machine)
    return NarrativeNote(len(shown), untranslated, machine) if untranslated or machine else None


def _table(s: BudgetScope, resource: str, failed: Mapping[str, TableFailure]) -> TableView | None:
    if resource in failed and resource not in s.budget.tables:
        return unreadable_view(s, failed[resource])
    return table_view(s, resource)


def _shown_in_text(b: Budget, resource: str) -> bool:
    """Whether the part of the text that shows ``resource`` is on the page."""
    part = SHOWN_IN_PART.get(resource)
    return part is not None and any(r.get("part") == part for r in b.rows("sections"))


def figures(s: BudgetScope) -> list[Figure]:
    """The key figures: total income and expenditure (with the change from last year the text
    states), basic and project expenditure and their shares, the three public expenses,
    procurement."""
    b, lang = s.budget, s.lang
    total = budget_summary_row(b)
    figs: list[Figure] = []
    if total["total_income"] is not None:
        figs.append(Figure(s.t("收入总计"), fmt.headline(total["total_income"], lang)))
    if total["total_expenditure"] is not None:
        note = _change_note(s, st.total_change(b, "expenditure"))
        figs.append(Figure(s.t("支出总计"), fmt.headline(total["total_expenditure"], lang), note))
    basic, project = _first_total(b, "basic-expenditure"), _first_total(b, "project-expenditure")
    if basic is not None and project is not None and (basic + project) > 0:
        for key, v in ((N_("基本支出"), basic), (N_("项目支出"), project)):
            share = fmt.share(v / (basic + project), lang)
            figs.append(Figure(s.t(key), fmt.headline(v, lang), s.t("占 %(share)s", share=share)))
    three = [r for r in b.rows("three-public-expenses") if r.get("year") == str(b.meta.year)]
    if three:
        total_three = sum((Decimal(str(r.get("total") or 0)) for r in three), Decimal(0))
        figs.append(Figure(s.t("财政拨款“三公”经费"), fmt.headline(total_three, lang)))
    proc = next((r.get("amount") for r in b.rows("procurement") if r.get("level") == 0), None)
    if proc is None:
        proc = next((r.get("procurement_total") for r in b.rows("expenditure-summary") if r.get("level") == 0), None)
    if proc is not None:
        figs.append(Figure(s.t("政府采购预算"), fmt.headline(proc, lang)))
    return figs


def _change_note(s: BudgetScope, change: st.Change | None) -> str:
    """'up 5.00 万元 (5.0%) on the 2023 budget': the change of the total as the text states it."""
    if change is None:
        return ""
    amount = change.amount.value
    year = change.year or s.budget.meta.year - 1
    value = fmt.headline(abs(amount), s.lang)
    if change.percent is None:
        return s.t(
            "比 %(year)s 年年初预算增加 %(amount)s" if amount >= 0 else N_("比 %(year)s 年年初预算减少 %(amount)s"),
            amount=value,
            year=year,
        )
    pct = format(change.percent.value, "f")
    return s.t(
        "比 %(year)s 年年初预算增加 %(amount)s（%(pct)s%%）"
        if amount >= 0
        else N_("比 %(year)s 年年初预算减少 %(amount)s（%(pct)s%%）"),
        amount=value,
        pct=pct,
        year=year,
    )


def _first_total(b: Budget, resource: str) -> Decimal | None:
    for r in b.rows(resource):
        total = r.get("total")
        if r.get("level") == 0 and isinstance(total, Decimal):
            return total
    return None


def charts(s: BudgetScope) -> list[Chart]:
    """Where the money comes from, and where it goes: by function, by economic class, by project."""
    b, lang = s.budget, s.lang

    def fmt_bar(v: Decimal, share: Decimal) -> str:
        return fmt.amount_and_share(v, share, lang)

    other = (s.t("其他"), lang)
    unit_note = s.t("单位：万元")
    out: list[tuple[Chart | None, str]] = []  # each chart and the table it is drawn from
    inc = b.rows("income-summary")
    if inc:  # the first (department) row of 收入总表
        spec = BY_RESOURCE["income-summary"]
        items = []
        for name in INCOME_SOURCES:
            v = inc[0].get(name)
            if isinstance(v, Decimal):
                f = spec.field(name)
                items.append((f.zh if lang == "zh" else f.en, lang, v))
        chart = bar_chart("chart-income", s.t("收入来源"), unit_note, items, fmt_bar, other=other)
        out.append((chart, "income-summary"))
    function_table = "expenditure-summary" if _by_class(s, "expenditure-summary", "functional") else ""
    function_table = function_table or "general-budget-by-function"
    by_function = _by_class(s, function_table, "functional")
    chart = bar_chart("chart-function", s.t("支出按功能分类"), unit_note, by_function, fmt_bar, other=other)
    out.append((chart, function_table))
    by_economic = _by_class(s, "general-budget-by-economic", "economic")
    economic_note = s.t("一般公共预算，单位：万元")
    chart = bar_chart("chart-economic", s.t("支出按经济分类"), economic_note, by_economic, fmt_bar, other=other)
    out.append((chart, "general-budget-by-economic"))
    projects = []
    for r in b.rows("project-expenditure"):
        total = r.get("total")
        if r.get("level") == 1 and isinstance(total, Decimal):
            p = s.tr.label(str(r.get("project") or ""), lang)
            projects.append((p.text, p.lang, total))
    chart = bar_chart("chart-project", s.t("项目支出按项目"), unit_note, projects, fmt_bar, other=other)
    out.append((chart, "project-expenditure"))
    return [c.sourced(f"#table-{r}", s.page.href(urls.package_file(b.id, f"{r}.csv"))) for c, r in out if c]


def _by_class(s: BudgetScope, resource: str, scheme: str) -> list[tuple[str, str, Decimal]]:
    """The leaves of a coded table summed by their class (first three digits)."""
    rows = [r for r in s.budget.rows(resource) if r.get("code") and isinstance(r.get("total"), Decimal)]
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
        zh = names.get(code) or s.ctx.terms.standard_name(scheme, code) or code
        p = s.tr.label(zh, s.lang, code=code, scheme=scheme, table=resource)
        items.append((p.text, p.lang, v))
    return items


def sections(s: BudgetScope, failed: Mapping[str, TableFailure]) -> list[SectionView]:
    """The nine parts of the text, one block per paragraph; part 7 shows the key projects as a
    table, part 9 the glossary as a list."""
    b, lang = s.budget, s.lang
    out = []
    for row in b.rows("sections"):
        part = int(row.get("part") or 0)
        known = 0 < part <= len(PARTS)
        heading = (
            Phrase(PARTS[part - 1][0 if lang == "zh" else 1], lang)
            if known
            else s.tr.label(str(row.get("heading") or ""), lang)
        )
        lines = [ln.strip() for ln in str(row.get("text") or "").split("\n") if ln.strip()]
        blocks = _blocks(s, part, lines, failed)
        out.append(SectionView(part, f"part-{part}", heading, blocks, fmt.ordinal(part, lang)))
    return out


def _blocks(s: BudgetScope, part: int, lines: list[str], failed: Mapping[str, TableFailure]) -> list[Block]:
    b, lang = s.budget, s.lang
    blocks: list[Block] = []
    if part == 7 and (b.tables.get("key-projects") is not None or "key-projects" in failed):
        # The printed table is flattened into the text; show the parsed table instead.
        if lines:
            blocks.append(Block("p", s.tr.sentence(lines[0], lang)))
        view = table_view(s, "key-projects") or unreadable_view(s, failed["key-projects"])
        blocks.append(Block("table", table=view))
        return blocks
    if part == 9 and "glossary" in failed:
        blocks.append(Block("table", table=unreadable_view(s, failed["glossary"])))
    elif part == 9 and b.rows("glossary"):
        entries = []
        for g in b.rows("glossary"):
            term = str(g.get("term") or "")
            anchor = s.ctx.glossary.anchors.get(term, "")
            # The term's entry, on the part of the glossary it is on.
            href = f"{s.page.href(s.ctx.glossary.page(term, lang).path)}#{anchor}" if anchor else ""
            entries.append((s.tr.label(term, lang), s.tr.sentence(str(g.get("definition") or ""), lang), href))
        return [Block("glossary", entries=entries)]
    for ln in lines:  # one catalog entry per paragraph
        blocks.append(Block("h3" if _is_subheading(ln) else "p", s.tr.sentence(ln, lang)))
    return blocks


def _is_subheading(line: str) -> bool:
    """A printed sub-heading: '一、部门职责', short, no sentence punctuation."""
    return numbering(line).kind == "cn" and len(line) <= 30 and not any(ch in line for ch in "。；：:，,")


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n >= 1024 else f"{n} B"


def _downloads(s: BudgetScope, files: Mapping[str, int], source: str | None) -> list[Download]:
    """The budget's files: its package (zip, workbook, descriptor, one CSV per table), its source
    document."""
    b, lang = s.budget, s.lang
    wanted = [
        (s.t("数据包（全部 CSV 与说明，ZIP）"), urls.package_zip(b.id), "ZIP"),
        (s.t("Excel 工作簿（每个表格一个工作表）"), urls.workbook(b.id), "XLSX"),
        (s.t("数据包说明 datapackage.json"), urls.package_file(b.id, "datapackage.json"), "JSON"),
    ]
    for resource in RESOURCES:
        if resource in b.tables or resource in DERIVED:
            spec = BY_RESOURCE[resource]
            wanted.append((spec.zh if lang == "zh" else spec.en, urls.package_file(b.id, f"{resource}.csv"), "CSV"))
    if source is not None:
        said = s.t("预算原文") if b.source.kind == "pdf" else s.t("预算原文的文字提取")  # as about.READ_FROM
        wanted.append((said, source, source.rsplit(".", 1)[-1].upper()))
    return [
        Download(Phrase(label, lang), path, s.page.href(path), kind, _size(files[path]))
        for label, path, kind in wanted
        if path in files
    ]


FORMATS = {
    "ZIP": "application/zip",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "CSV": "text/csv",
    "JSON": "application/json",
    "PDF": "application/pdf",
    "TXT": "text/plain",
}


def jsonld(s: BudgetScope, downloads: list[Download]) -> Markup:
    """The page's schema.org Dataset, escaped for a <script> element."""
    b, lang, site_url = s.budget, s.lang, s.ctx.site_url
    dept = department(s.tr, b, lang).text
    data = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": s.t("%(department)s %(year)s 年部门预算", year=b.meta.year, department=dept),
        "description": s.t(
            "%(department)s %(year)s 年部门预算的全部表格与文字说明，以 Frictionless 数据包（CSV）发布，金额单位万元。",
            year=b.meta.year,
            department=dept,
        ),
        "url": urls.absolute(site_url, s.page.path) if site_url else "index.html",
        "inLanguage": "zh-Hans" if lang == "zh" else "en",
        "isAccessibleForFree": True,
        "license": LICENSE["path"],
        "temporalCoverage": str(b.meta.year),
        "keywords": [s.t("部门预算"), s.t("开放数据"), dept],
        "creator": {"@type": "GovernmentOrganization", "name": dept},
        "spatialCoverage": {"@type": "Place", "name": s.tr.label(b.meta.district, lang).text or "Shenzhen"},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": d.label.text,
                "encodingFormat": FORMATS.get(d.kind, "application/octet-stream"),
                # Absolute when the site's address is known (SITE_URL), else relative to this page.
                "contentUrl": urls.absolute(site_url, d.path) if site_url else d.href,
            }
            for d in downloads
        ],
    }
    if web_url(b.meta.source_url):
        data["isBasedOn"] = web_url(b.meta.source_url)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # Inside <script>, '<' must not start a tag: JSON allows it escaped.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
