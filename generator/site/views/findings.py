"""What the arithmetic checks found, as the budget page shows it: gravest first, each finding
linking to its row (and the row back to it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from ...catalog import PARTS, RESOURCES, SCHEME
from ...checks import CHECKS, SEVERITIES, Finding, severity_name
from ...checks.report import check_text, field_name, message, row_text, table_name
from ...model import Value
from .. import format as fmt
from .. import html, urls
from ..html import EMPTY
from ..terms import Phrase
from .common import BudgetScope

MINOR = ("rounding", "info")  # findings that are expected: shown folded away


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
    html: Markup = EMPTY  # the finding's row, its glossary terms linked


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
    minor: list[FindingView] = field(default_factory=list)  # rounding and explained differences


def checks_view(s: BudgetScope) -> Checks:
    """Every finding, gravest first, then by table and row; rounding and explained differences
    (many, and expected) folded away below the rest."""
    lang = s.lang
    severity_order = {sev: i for i, sev in enumerate(SEVERITIES)}
    table_order = {r: i for i, r in enumerate(RESOURCES)}

    def order(item: tuple[int, Finding]) -> tuple[int, int, int, int]:
        i, f = item
        return (severity_order[f.severity], table_order.get(f.table, 99), f.table_line or 0, i)

    parts = {r.get("line"): int(r.get("part") or 0) for r in s.budget.rows("sections")}
    views = [finding_view(s, i, f, parts) for i, f in sorted(enumerate(s.findings, start=1), key=order)]
    counts = [(sev, severity_name(sev, lang), sum(f.severity == sev for f in s.findings)) for sev in SEVERITIES]
    checks = [CheckView(c.id, c.zh if lang == "zh" else c.en, severity_name(c.severity, lang)) for c in CHECKS]
    serious = [f for f in views if f.severity not in MINOR]
    minor = [f for f in views if f.severity in MINOR]
    for group in (serious, minor):  # each table a section of its own
        s.links.section()
        for f in group:
            f.html = html.finding(f, lang, lambda p: s.links.phrase(p.text, p.lang), s.links.message)
    csv = s.page.href(urls.package_file(s.budget.id, "findings.csv"))
    return Checks(serious, counts, checks, csv, minor=minor)


def finding_view(s: BudgetScope, i: int, f: Finding, parts: Mapping[Value, int]) -> FindingView:
    """The ``i``-th finding: where it is (a row of a table, or a part of the text), what it says."""
    lang = s.lang
    if f.table == "sections":
        part = parts.get(f.table_line, 0)
        title = PARTS[part - 1][0 if lang == "zh" else 1] if 0 < part <= len(PARTS) else ""
        number = s.t("第%(number)s部分", number=fmt.ordinal(part, lang))
        where = Phrase(f"{number} {title}", lang)
        href, row, column = f"#part-{part}", "", Phrase("", lang)
    else:
        where = Phrase(table_name(f.table, lang), lang)
        href = f"#row-{f.table}-{f.table_line}"
        row = row_text(f.table_line, lang)
        column = Phrase(field_name(f.table, f.field, lang), lang)
    return FindingView(
        f"finding-{i}",
        f.severity,
        severity_name(f.severity, lang),
        f.check,
        check_text(f, lang),
        where,
        row,
        _label(s, f),
        column,
        href,
        fmt.figure(f.printed, f.unit, lang),
        fmt.figure(f.expected, f.unit, lang),
        fmt.figure(f.difference, f.unit, lang, plus=True),
        message(f, lang),
    )


def _label(s: BudgetScope, f: Finding) -> Phrase:
    """The row or item concerned, in the page's language."""
    lang = s.lang
    if f.label_en and lang != "zh":
        return Phrase(f.label_en, "en")
    if f.label and f.table in ("sections", "key-projects", "project-expenditure"):
        return s.tr.label(f.label, lang)
    if f.label:
        return s.tr.label(f.label, lang, code=f.code or None, scheme=SCHEME.get(f.table), table=f.table)
    return Phrase("", lang)
