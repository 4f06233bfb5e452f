"""What a package's CSVs hold besides the catalog's fields, each column beside the one it is
made from: the English of each label and sentence (``<field>_en``), and, in a table whose rows
sum into one another, each row's parent (``parent_line``, ``parent_code``) and whether it is a
detail row (``is_leaf``).  The rows themselves are never changed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from ..catalog import BY_RESOURCE, DERIVED, FIELD_KIND, Field
from ..checks.rows import parents
from ..checks.within import HIERARCHICAL
from ..model import Budget, Row
from ..site.terms import Translator, cell_label

# The kinds of field (catalog.FIELD_KIND) that have an English column.
ENGLISH = ("unit", "label", "sentence")
PARENT_LINE = Field("parent_line", "integer", "上级行号", "Parent line")
PARENT_CODE = Field("parent_code", "string", "上级编码", "Parent code")
IS_LEAF = Field("is_leaf", "boolean", "是否明细行", "Detail row")


@dataclass(frozen=True)
class Column:
    """A published column: the catalog's field, or one made from ``source`` (its ``kind``:
    "en" its English; "parent_line", "parent_code", "is_leaf" its place in the hierarchy)."""

    field: Field
    kind: str = ""
    source: str = ""

    @property
    def name(self) -> str:
        return self.field.name


def english_field(f: Field) -> Field:
    return Field(f"{f.name}_en", "string", f"{f.zh}（英文）", f"{f.en} (English)")


@cache
def columns(resource: str) -> tuple[Column, ...]:
    """The columns of ``resource``'s CSV, in order: each catalog field, followed by its English
    column (a label or sentence of a table the document prints; the findings have their own
    English) or, after ``level`` (or ``unit`` in a table without levels), the hierarchy's."""
    spec = BY_RESOURCE[resource]
    names = {f.name for f in spec.fields}
    after = "level" if "level" in names else "unit"
    out: list[Column] = []
    for f in spec.fields:
        out.append(Column(f))
        if f.type == "string" and FIELD_KIND.get(f.name) in ENGLISH and resource not in DERIVED:
            out.append(Column(english_field(f), "en", f.name))
        if f.name == after and resource in HIERARCHICAL:
            out.append(Column(PARENT_LINE, "parent_line"))
            if "code" in names:
                out.append(Column(PARENT_CODE, "parent_code"))
            out.append(Column(IS_LEAF, "is_leaf"))
    return tuple(out)


def field_names(resource: str) -> list[str]:
    return [c.name for c in columns(resource)]


def published_rows(resource: str, rows: list[Row], tr: Translator | None) -> list[Row]:
    """``rows`` with the added columns' values (``tr`` None: the English left empty)."""
    cols = [c for c in columns(resource) if c.kind]
    if not cols:
        return rows
    up = parents(resource, rows) if resource in HIERARCHICAL else {}
    with_children = {int(p["line"]) for p in up.values()}  # type: ignore[arg-type]
    out = []
    for row in rows:
        line = int(row["line"])  # type: ignore[arg-type]
        extra: Row = {}
        for c in cols:
            if c.kind == "en":
                phrase = cell_label(tr, resource, c.source, row, "en") if tr is not None else None
                extra[c.name] = phrase.text if phrase is not None and phrase.lang == "en" else ""
            elif c.kind == "parent_line":
                extra[c.name] = up[line]["line"] if line in up else None
            elif c.kind == "parent_code":
                extra[c.name] = (up[line].get("code") or "") if line in up else ""
            elif c.kind == "is_leaf":
                extra[c.name] = "false" if line in with_children else "true"
        out.append({**row, **extra})
    return out


def budget_translator(tr: Translator | None, budget: Budget) -> Translator | None:
    """A translator for one budget's package: the dictionary and catalog of ``tr`` with this
    budget's own names (department, parent department, district) added, as the pages add them;
    ``tr`` itself is left as it is, so no budget's package depends on another's."""
    if tr is None:
        return None
    terms = replace(tr.terms, labels=dict(tr.terms.labels))
    m = budget.meta
    for zh, en in ((m.department, m.department_en), (m.parent_department, m.parent_department_en)):
        terms.add_label(zh, en)
    terms.add_label(m.district, m.district_en)
    return Translator(terms, tr.translate)
