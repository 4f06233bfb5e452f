"""The hand-checked goldens as expected documents: every resource's rows as the strings of the
CSV, and the budget's metadata (content/budgets/<year>/<slug>.yml)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
CONTENT = ROOT / "content" / "budgets"
NOT_COMPARED = ("findings",)  # computed by the checks, never transcribed

Rows = list[dict[str, str]]


@dataclass(frozen=True)
class ExpectedDoc:
    """What a budget document holds, as the golden CSVs say (cells are the CSV's strings)."""

    budget_id: str
    meta: dict[str, str]  # the .yml mapping (department, parent_department, year, …)
    fields: dict[str, list[str]]  # resource → header row of its CSV
    rows: dict[str, Rows] = field(default_factory=dict)

    @property
    def year(self) -> str:
        return self.budget_id.split("-", 1)[0]

    @property
    def slug(self) -> str:
        return self.budget_id.split("-", 1)[1]

    @property
    def department(self) -> str:
        return self.meta.get("department", "")

    def table(self, resource: str) -> Rows:
        return self.rows.get(resource, [])

    def csv_text(self, resource: str) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, self.fields[resource], lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows[resource])
        return out.getvalue()

    def yml_text(self) -> str:
        return yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False)


def golden_ids(golden: Path = GOLDEN) -> list[str]:
    """Every golden folder (one holding CSVs), sorted: new goldens are picked up by themselves."""
    return sorted(p.name for p in golden.iterdir() if p.is_dir() and any(p.glob("*.csv")))


def load(budget_id: str, golden: Path = GOLDEN, content: Path = CONTENT) -> ExpectedDoc:
    year, slug = budget_id.split("-", 1)
    meta_path = content / year / f"{slug}.yml"
    loaded = yaml.safe_load(meta_path.read_text(encoding="utf-8")) or {}
    if not isinstance(loaded, dict) or not loaded.get("department"):
        raise ValueError(f"{meta_path}: no department in the metadata")
    meta = {str(k): str(v) for k, v in loaded.items()}
    fields: dict[str, list[str]] = {}
    rows: dict[str, Rows] = {}
    for path in sorted((golden / budget_id).glob("*.csv")):
        if path.stem in NOT_COMPARED:
            continue
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        fields[path.stem] = list(reader.fieldnames or [])
        rows[path.stem] = [dict(r) for r in reader]
    return ExpectedDoc(budget_id, meta, fields, rows)


# ---------------------------------------------------------------------------- part 7


@dataclass(frozen=True)
class PartSeven:
    """Part 7's text as the goldens write it (CONVENTIONS.md, futian NOTES 10): paragraphs,
    then the key-projects table one row per line (`project amount goal`), then paragraphs."""

    before: list[str]
    header: list[str]  # the three printed column headers
    rows: list[tuple[str, str, str]]  # (project, amount as printed in the text, goal)
    after: list[str]


_AMOUNT = re.compile(r"-?[\d,]+(?:\.\d+)?")
_HEAD_SPLIT = re.compile(r"\s+(?=预算数|绩效目标)")


def part_seven(doc: ExpectedDoc) -> PartSeven | None:
    """Part 7 with its key-projects table, or None when the budget has no key projects.
    Raises ValueError when the golden's part 7 does not hold the table in the convention's form
    (the corpus cannot print it then)."""
    projects = doc.table("key-projects")
    seven = next((r for r in doc.table("sections") if r["part"] == "7"), None)
    if not projects or seven is None:
        return None
    paras = seven["text"].split("\n")
    head = next((i for i, p in enumerate(paras) if "项目名" in p and re.sub(r"\s+", "", p).endswith("绩效目标")), None)
    where = f"{doc.budget_id}: sections part 7"
    if head is None or head + len(projects) >= len(paras):
        raise ValueError(f"{where}: no key-projects table header followed by one line per project")
    header = _HEAD_SPLIT.split(paras[head].strip())
    if len(header) != 3:
        raise ValueError(f"{where}: table header {paras[head]!r} is not three columns")
    rows: list[tuple[str, str, str]] = []
    for k, r in enumerate(projects):
        line = paras[head + 1 + k]
        prefix = f"{r['project']} "
        printed, _, goal = line[len(prefix) :].partition(" ")
        if not line.startswith(prefix) or not _AMOUNT.fullmatch(printed) or printed.replace(",", "") != r["amount"]:
            raise ValueError(f"{where}: line {line[:40]!r}… is not key project {r['line']} ({r['project']})")
        if goal != r["goal"]:
            raise ValueError(f"{where}: the goal of {r['project']} differs from key-projects.csv")
        rows.append((r["project"], printed, goal))
    return PartSeven(paras[:head], header, rows, paras[head + 1 + len(projects) :])


def part_seven_text(p: PartSeven) -> str:
    """The part's text back in the golden's form."""
    lines = [*p.before, " ".join(p.header), *(" ".join(r) for r in p.rows), *p.after]
    return "\n".join(lines)
