"""A package against the expected CSVs of its variant, cell by cell, for every resource the
golden has.  A cell is exact, wrong (published, and not the golden's: the worst outcome), or
missing (its table is not in the package: reported unreadable, or the document raised).
Rows are compared in order; rows the package has beyond the golden's are counted as extra."""

from __future__ import annotations

from dataclasses import dataclass, field

from .goldens import ExpectedDoc
from .routes import Package


@dataclass
class Count:
    exact: int = 0
    total: int = 0
    wrong: int = 0
    missing: int = 0
    extra: int = 0  # cells of rows the golden does not have

    def add(self, other: Count) -> None:
        self.exact += other.exact
        self.total += other.total
        self.wrong += other.wrong
        self.missing += other.missing
        self.extra += other.extra


@dataclass(frozen=True)
class Diff:
    kind: str  # "wrong" | "missing" | "extra"
    resource: str
    line: int  # the row's 1-based position in the golden (or in the package, for extra rows)
    field: str
    got: str | None
    expected: str | None


@dataclass
class Score:
    resources: dict[str, Count] = field(default_factory=dict)
    diffs: list[Diff] = field(default_factory=list)
    error: str = ""  # the document raised
    failures: list[str] = field(default_factory=list)  # tables the reader reported unreadable

    @property
    def total(self) -> Count:
        out = Count()
        for c in self.resources.values():
            out.add(c)
        return out


def compare(expected: ExpectedDoc, package: Package | None, error: str = "") -> Score:
    score = Score(error=error, failures=list(package.failures) if package else [])
    for resource in sorted(expected.rows):
        fields = expected.fields[resource]
        want = expected.rows[resource]
        got = package.tables.get(resource) if package else None
        count = Count(total=len(want) * len(fields))
        if got is None:
            count.missing = count.total
            score.diffs.append(Diff("missing", resource, 0, "", None, None))
        else:
            _cells(resource, fields, want, got, count, score.diffs)
        score.resources[resource] = count
    score.diffs.sort(key=lambda d: ("wrong", "extra", "missing").index(d.kind))
    return score


def _cells(
    resource: str, fields: list[str], want: list[dict[str, str]], got: list[list[str]], count: Count, diffs: list[Diff]
) -> None:
    header, rows = (got[0], got[1:]) if got else ([], [])
    index = {name: i for i, name in enumerate(header)}
    for n, w in enumerate(want, start=1):
        row = rows[n - 1] if n <= len(rows) else None
        for f in fields:
            value = row[index[f]] if row is not None and f in index and index[f] < len(row) else None
            if value == w[f]:
                count.exact += 1
            else:
                count.wrong += 1
                diffs.append(Diff("wrong", resource, n, f, value, w[f]))
    for n, row in enumerate(rows[len(want) :], start=len(want) + 1):
        count.extra += len(row)
        diffs.append(Diff("extra", resource, n, "", ",".join(row)[:80], None))
