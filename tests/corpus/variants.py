"""Variants of an expected document, derived from the golden by exact transformations only:
amounts scaled by an integer, and the department and its parent renamed.

Scaling multiplies every amount field of every table (the catalog's number fields) with
``Decimal``, keeping the printed number of decimals, so every total still adds up.  The text
(sections, glossary, tasks' and goals' text) is left as it is: its figures are prose (counts,
years, percentages, 万元 amounts) that cannot be told apart reliably, and the comparison leaves
out the findings, where text against tables would show.  The one exception is part 7's
key-projects table, which the sections text holds one row per line: its amounts are the
key-projects amounts, so they are scaled with them (keeping the text's thousands separators).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from generator.catalog import BY_RESOURCE

from .goldens import ExpectedDoc, PartSeven, Rows, part_seven, part_seven_text

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Rename:
    department: str
    parent: str
    department_en: str
    parent_en: str
    tag: str  # short ASCII name, used in file names


@dataclass(frozen=True)
class Variant:
    k: int = 1
    rename: Rename | None = None

    @property
    def name(self) -> str:
        return f"k{self.k}" + (f"-{self.rename.tag}" if self.rename else "")


RENAMES: tuple[Rename, ...] = (
    Rename("深圳市南山区教育装备中心", "深圳市南山区教育局", "Education Equipment Center of Nanshan District, Shenzhen",
           "Education Bureau of Nanshan District, Shenzhen", "nanshan"),
    Rename("深圳市宝安区城市更新和土地整备中心", "深圳市宝安区城市更新和土地整备局",
           "Urban Renewal and Land Preparation Center of Bao'an District, Shenzhen",
           "Urban Renewal and Land Preparation Bureau of Bao'an District, Shenzhen", "baoan"),
    Rename("深圳市龙岗区公共资源交易中心", "深圳市龙岗区政务服务数据管理局",
           "Public Resources Trading Center of Longgang District, Shenzhen",
           "Government Services and Data Management Bureau of Longgang District, Shenzhen", "longgang"),
)  # fmt: skip


def amount_fields(resource: str) -> list[str]:
    spec = BY_RESOURCE.get(resource)
    return [f.name for f in spec.amounts] if spec else []


def scale_amount(text: str, k: int) -> str:
    """``text`` (an amount as the CSV has it, or empty) times ``k``, with as many decimals."""
    if text == "":
        return ""
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not an amount: {text!r}")
    return format(Decimal(text) * k, "f")


def with_separators(plain: str) -> str:
    """``21141.12`` → ``21,141.12`` (the digits unchanged)."""
    sign, digits = ("-", plain[1:]) if plain.startswith("-") else ("", plain)
    whole, dot, frac = digits.partition(".")
    return sign + format(int(whole), ",") + dot + frac


def scale(doc: ExpectedDoc, k: int) -> ExpectedDoc:
    if k == 1:
        return doc
    rows: dict[str, Rows] = {}
    for resource, table in doc.rows.items():
        names = amount_fields(resource)
        rows[resource] = [{f: scale_amount(v, k) if f in names else v for f, v in r.items()} for r in table]
    seven = part_seven(doc)
    if seven is not None:
        rows["sections"] = [
            {**r, "text": part_seven_text(_scaled_seven(seven, k))} if r["part"] == "7" else r for r in rows["sections"]
        ]
    return replace(doc, rows=rows)


def _scaled_seven(p: PartSeven, k: int) -> PartSeven:
    separators = any("," in printed for _p, printed, _g in p.rows)
    out = []
    for project, printed, goal in p.rows:
        plain = scale_amount(printed.replace(",", ""), k)
        out.append((project, with_separators(plain) if separators else plain, goal))
    return replace(p, rows=out)


def renamed(doc: ExpectedDoc, to: Rename) -> ExpectedDoc:
    """Department and parent department replaced wherever they appear, in every string cell and
    in the text; the new metadata says the new names.  A department printed as its parent plus a
    suffix (…局（本级）) keeps the suffix on the new parent's name."""
    old_dept, old_parent = doc.meta["department"], doc.meta.get("parent_department", "")
    new_dept = to.department
    if old_parent and old_dept.startswith(old_parent) and old_dept != old_parent:
        new_dept = to.parent + old_dept[len(old_parent) :]
    names = {old_dept: new_dept, **({old_parent: to.parent} if old_parent else {})}
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))

    def sub(text: str) -> str:
        return pattern.sub(lambda m: names[m.group(0)], text)

    rows = {
        resource: [{f: v if f in amount_fields(resource) else sub(v) for f, v in r.items()} for r in table]
        for resource, table in doc.rows.items()
    }
    meta = {**doc.meta, "department": new_dept, "parent_department": to.parent}
    meta["department_en"] = to.department_en if new_dept == to.department else f"{to.parent_en} (bureau proper)"
    meta["parent_department_en"] = to.parent_en
    return replace(doc, meta=meta, rows=rows)


def apply(doc: ExpectedDoc, variant: Variant) -> ExpectedDoc:
    out = scale(doc, variant.k)
    return renamed(out, variant.rename) if variant.rename else out
