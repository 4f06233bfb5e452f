"""A budget of another department, made at test time from a seed: the shenzhen-big-data-center
extraction (tab-separated rows) with the rows of its coded tables replaced by codes that none
of the five seeds prints, each with its standard name from content/i18n/classification-*.csv,
and a procurement table added.

The amounts still add up: each class the seed prints keeps its row and its amounts; beneath it,
the first new 款 and its first new 项 carry the class's amounts and every other new row is
zero (a printed row of zeros is kept).  ``mismatch`` rows are printed with another name than
their code's standard one; ``variant`` rows with a trivial variant of it (half-width brackets)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "budgets" / "2024"
SEED = SEEDS / "shenzhen-big-data-center"
I18N = ROOT / "content" / "i18n"
BUDGET_ID = "2024-other-department"
_TABLE = re.compile(r"^表 (\d+)$")
_CODED = re.compile(r"^\t(\d{3}|\d{5}|\d{7})\t([^\t]+)\t(.+)$")


@dataclass
class Row:
    code: str
    name: str  # as printed
    standard: str  # the code's standard name
    amounts: list[Decimal]


@dataclass
class NewBudget:
    text: str
    rows: dict[str, list[Row]] = field(default_factory=dict)  # table number → rows printed
    mismatch: list[Row] = field(default_factory=list)
    variant: list[Row] = field(default_factory=list)

    def codes(self) -> set[str]:
        return {r.code for rows in self.rows.values() for r in rows}


def _entries(file: str) -> list[dict[str, str]]:
    with open(I18N / file, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _printed_in_seeds(code: str, texts: list[str]) -> bool:
    pattern = re.compile(rf"(?<![0-9A-Za-z]){re.escape(code)}(?![0-9A-Za-z])")
    return any(pattern.search(t) for t in texts)


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _fmt(v: Decimal) -> str:
    return f"{v:,.2f}"


class Tree:
    """The codes of one classification not printed in any seed, by parent."""

    def __init__(self, file: str, seeds: list[str], per_parent: int):
        self.entries = {e["code"]: e for e in _entries(file)}
        self.children: dict[str, list[str]] = {}
        for e in self.entries.values():
            if e["parent"] and not _printed_in_seeds(e["code"], seeds):
                kids = self.children.setdefault(e["parent"], [])
                if len(kids) < per_parent:
                    kids.append(e["code"])

    def rows(self, code: str, amounts: list[Decimal], depth: int) -> list[Row]:
        """``code``'s new descendants (to ``depth`` levels), the first path carrying ``amounts``."""
        out: list[Row] = []
        for i, child in enumerate(self.children.get(code, [])):
            carried = amounts if i == 0 else [Decimal("0.00")] * len(amounts)
            out.append(Row(child, self.entries[child]["zh"], self.entries[child]["zh"], carried))
            if depth > 1:
                out += self.rows(child, carried, depth - 1)
        return out


# Classes of other departments (public safety, education, culture, urban and rural communities,
# agriculture, transport, emergencies), printed all zero beneath the seed's own.
EXTRA_CLASSES = ("204", "205", "207", "212", "213", "214", "224")


def _class_row(tree: Tree, code: str, amounts: list[Decimal]) -> Row:
    return Row(code, tree.entries[code]["zh"], tree.entries[code]["zh"], amounts)


def _line(r: Row) -> str:
    return f"\t{r.code}\t{r.name}\t" + "\t".join(_fmt(a) for a in r.amounts)


def make(mismatch: bool = True) -> NewBudget:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    functional = Tree("classification-functional.csv", seeds, per_parent=8)
    economic = Tree("classification-economic-department.csv", seeds, per_parent=12)
    lines = SEED.with_suffix(".txt").read_text(encoding="utf-8").split("\n")
    out: list[str] = []
    budget = NewBudget("")
    table = ""
    last: dict[str, int] = {}  # table → where its last coded row is in ``out``
    for line in lines:
        m = _TABLE.match(line)
        table = m.group(1) if m else table
        if m and table == "12":  # the procurement table goes before the performance targets
            out += _procurement(budget, seeds)
        coded = _CODED.match(line)
        if not coded or table not in ("3", "7", "8"):
            out.append(line)
            continue
        code = coded.group(1)
        if len(code) != 3:
            continue  # the seed's own 款 and 项: replaced
        tree, depth = (economic, 1) if code.startswith("3") else (functional, 2)
        amounts = [_amount(a) for a in coded.group(3).split("\t")]
        new = tree.rows(code, amounts, depth)
        budget.rows.setdefault(table, []).append(Row(code, coded.group(2), coded.group(2), amounts))
        budget.rows[table] += new
        out.append(line)
        out += [_line(r) for r in new]
        last[table] = len(out)
    for table in sorted(("3", "7"), key=lambda t: -last[t]):  # classes the seed does not print, all zero
        zeros = [Decimal("0.00")] * len(budget.rows[table][0].amounts)
        extra = [r for c in EXTRA_CLASSES for r in (_class_row(functional, c, zeros), *functional.rows(c, zeros, 2))]
        budget.rows[table] += extra
        out[last[table] : last[table]] = [_line(r) for r in extra]
    budget.text = "\n".join(out)
    if mismatch:
        _misprint(budget)
    return budget


def _misprint(budget: NewBudget) -> None:
    """In the general budget by function (表 7): one zero 项 printed with another 项's standard
    name (a department's own choice of words), and one with half-width brackets."""
    rows = budget.rows["7"]
    zero = [r for r in rows if len(r.code) == 7 and not any(r.amounts)]
    other = next(r for r in zero if r.standard != zero[0].standard and r.standard not in ("行政运行", "事业运行"))
    wrong, variant = zero[0], next(r for r in zero if "（" in r.standard)
    lines = budget.text.split("\n")
    start = next(i for i, ln in enumerate(lines) if ln == "表 7")
    for row, printed in ((wrong, other.standard), (variant, variant.standard.replace("（", "(").replace("）", ")"))):
        i = next(i for i in range(start, len(lines)) if lines[i].startswith(f"\t{row.code}\t"))
        lines[i] = lines[i].replace(f"\t{row.code}\t{row.name}\t", f"\t{row.code}\t{printed}\t")
        row.name = printed
    budget.mismatch, budget.variant = [wrong], [variant]
    budget.text = "\n".join(lines)


def _procurement(budget: NewBudget, seeds: list[str]) -> list[str]:
    """A procurement table: every catalogue code no seed prints; its total the 支出总表's
    procurement column (57,735.58), goods and services as part 4 of the text states them."""
    entries = {e["code"]: e for e in _entries("classification-procurement.csv")}
    total = Decimal("57735.58")
    carried = {c: Decimal("28.80") for c in ("A", "A02000000", "A02010000", "A02010100", "A02010103")}
    carried |= {
        "C": total - Decimal("28.80"),
        "C16000000": total - Decimal("28.80"),
        "C16020000": total - Decimal("28.80"),
    }
    codes = sorted({*(c for c in entries if not _printed_in_seeds(c, seeds)), *carried})
    rows = [Row(c, entries[c]["zh"], entries[c]["zh"], [carried.get(c, Decimal("0.00"))]) for c in codes]
    budget.rows["procurement"] = rows
    return [
        "表 13",
        "",
        "政府采购项目支出表",
        "",
        "部门名称：深圳市大数据资源管理中心",
        "",
        "单位：万元",
        "",
        "预算单位\t品目编码\t采购品目\t金额",
        f"深圳市大数据资源管理中心\t\t\t{_fmt(total)}",
        *(f"\t{r.code}\t{r.name}\t{_fmt(r.amounts[0])}" for r in rows),
        "",
    ]


def write_content(dest: Path, budget: NewBudget, catalog: bool = False) -> Path:
    """A content folder holding the budget alone, with the dictionaries of content/i18n (and,
    when ``catalog``, its document catalog: by default, none, as for a department's first budget)."""
    year = dest / "budgets" / "2024"
    year.mkdir(parents=True)
    (year / f"{BUDGET_ID.removeprefix('2024-')}.txt").write_text(budget.text, encoding="utf-8")
    meta = SEED.with_suffix(".yml").read_text(encoding="utf-8")
    (year / f"{BUDGET_ID.removeprefix('2024-')}.yml").write_text(meta, encoding="utf-8")
    (dest / "i18n").mkdir()
    for p in I18N.iterdir():
        if p.suffix in (".csv", ".yml") or (catalog and p.suffix == ".po"):
            (dest / "i18n" / p.name).write_bytes(p.read_bytes())
    (dest / "pages").mkdir()
    for p in (ROOT / "content" / "pages").iterdir():
        (dest / "pages" / p.name).write_bytes(p.read_bytes())
    return dest
