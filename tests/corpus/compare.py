"""A package against the expected CSVs of its variant, cell by cell, for every resource the
golden has.  A cell is exact, wrong (published, and not the golden's: the worst outcome), or
missing (its table is not in the package: reported unreadable, or the document raised; or a
part's text that the package marks as not whole, ``reported_text``).  Rows are compared in
order; rows the package has beyond the golden's are counted as extra."""

from __future__ import annotations

from dataclasses import dataclass, field

from .goldens import ExpectedDoc, part_seven
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
            _cells(resource, fields, want, got, count, score.diffs, expected)
        score.resources[resource] = count
    score.diffs.sort(key=lambda d: ("wrong", "extra", "missing").index(d.kind))
    return score


def _cells(
    resource: str,
    fields: list[str],
    want: list[dict[str, str]],
    got: list[list[str]],
    count: Count,
    diffs: list[Diff],
    expected: ExpectedDoc,
) -> None:
    header, rows = (got[0], got[1:]) if got else ([], [])
    index = {name: i for i, name in enumerate(header)}
    for n, w in enumerate(want, start=1):
        row = rows[n - 1] if n <= len(rows) else None
        named = {name: row[i] for name, i in index.items() if i < len(row)} if row is not None else {}
        for f in fields:
            value = row[index[f]] if row is not None and f in index and index[f] < len(row) else None
            if value == w[f]:
                count.exact += 1
            elif resource == "sections" and f == "text" and reported_text(expected, w, named):
                count.missing += 1
                diffs.append(Diff("missing", resource, n, f, value, w[f]))
            else:
                count.wrong += 1
                diffs.append(Diff("wrong", resource, n, f, value, w[f]))
    for n, row in enumerate(rows[len(want) :], start=len(want) + 1):
        count.extra += len(row)
        diffs.append(Diff("extra", resource, n, "", ",".join(row)[:80], None))


def reported_text(expected: ExpectedDoc, want: dict[str, str], got: dict[str, str]) -> bool:
    """Whether a part's text that is not the golden's is what the package says it is (data
    contract 3.1.0): with ``omitted_table`` key-projects, part 7's text before its table (the
    table and its notes are reported in x-unreadable); with ``uncertain_breaks``, the golden's
    paragraphs once the text is cut at some of those places (two paragraphs joined only where
    the package says it could not tell); with ``uncertain_spaces`` (4.1.0), the golden's once
    those spaces are dropped.  Such a cell is missing, not exact: the text is true to the
    document, but not whole, or its paragraphs or spaces not told."""
    target = want["text"]
    if got.get("omitted_table"):
        seven = part_seven(expected) if want["part"] == "7" and got["omitted_table"] == "key-projects" else None
        if seven is None:
            return False
        target = "\n".join(seven.before)
    doubts = {int(d) for d in got.get("uncertain_breaks", "").split()}
    if doubts and got.get("paragraphs_certain") != "false":
        return False
    text = got.get("text", "")
    spaces = [int(d) for d in got.get("uncertain_spaces", "").split()]
    if any(text[d : d + 1] != " " for d in spaces):
        return False
    readings = [(text, doubts, False)]
    if spaces:
        readings.append((*without_spaces(text, doubts, spaces), True))
    return any(
        _told(text, doubts, target, bool(got.get("omitted_table")) or dropped) for text, doubts, dropped in readings
    )


def _told(text: str, doubts: set[int], target: str, reported: bool) -> bool:
    if text == target:
        return reported or bool(doubts)
    return bool(doubts) and cut_at_doubts(text, doubts, target.split("\n"))


def without_spaces(text: str, doubts: set[int], spaces: list[int]) -> tuple[str, set[int]]:
    """``text`` without the spaces at ``spaces`` (contract 4.1.0: ``uncertain_spaces``), and
    ``doubts`` moved to where they stand in it.  All of them dropped, or none (the reading
    above): a text whose golden prints some of them and not others is counted wrong."""
    dropped = set(spaces)
    out = "".join(c for k, c in enumerate(text) if k not in dropped)
    return out, {d - sum(1 for s in spaces if s < d) for d in doubts}


def cut_at_doubts(text: str, doubts: set[int], paragraphs: list[str]) -> bool:
    """Whether ``text`` is the ``paragraphs`` joined by line breaks, except that some of them
    are joined to the one before at one of the places ``doubts`` (offsets in ``text`` where a
    paragraph's next line was joined: nothing between, or one space, as the goldens join a
    printed line break, CONVENTIONS.md)."""
    pos = 0
    for k, para in enumerate(paragraphs):
        if text[pos : pos + len(para)] != para:
            return False
        pos += len(para)
        if k + 1 == len(paragraphs):
            return pos == len(text)
        if text[pos : pos + 1] == "\n":
            pos += 1
        elif pos in doubts:
            pass
        elif text[pos : pos + 1] == " " and pos + 1 in doubts:
            pos += 1
        else:
            return False
    return pos == len(text)
