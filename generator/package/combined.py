"""``all``: every budget's package in one, with a ``budgets`` resource and a leading ``budget``
field in every other resource, published as ``data/all.zip`` (the descriptor at its root) and as
``data/all.sqlite``, and, on their own, the list of budgets and the glossary (``all/budgets.csv``,
``all/glossary.csv``), which the list and glossary pages link to (contract 3.0.0: nothing else of
it is published a second time).  Made a budget at a time: each budget's rows are a part of each
member of the zip (``zipparts.py``) and a set of rows in the database, so a rebuild copies the
unchanged budgets' parts from the last build's zip and changes the last database in place
(contract 4.0.0)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import BY_RESOURCE, RESOURCES
from ..model import Budget
from ..site.urls import KEPT_CSVS
from .columns import field_names
from .database import Database, write_metadata
from .descriptor import (
    BUDGETS_FIELDS,
    FileInfo,
    budgets_descriptor,
    combined_descriptor,
    descriptor_json,
    resource_descriptor,
    unreadable,
    year_values,
)
from .publication import Publication
from .tables import any_field_size, budget_summary_row, csv_bytes, csv_text
from .zipparts import Layout, Member, OldMember, Part, inflated, old_members, spliced_raw, write_zip


def combined_rows(budget_id: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """A budget's rows as they go into ``all``: each CSV of its package (``files``, by file
    name) without its header, with the budget's id in front of each row; by resource."""
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        with any_field_size():  # a part of the text may be longer than csv's default 131,072
            reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            next(reader, None)  # the header
            writer.writerows([budget_id, *row] for row in reader)
        out[name.removesuffix(".csv")] = buf.getvalue().encode("utf-8")
    return out


RowsOf = Callable[[str], dict[str, bytes] | None]


@dataclass
class Last:
    """What the last build's ``all`` can give this one: its zip's layout (``zipparts``), the
    budgets whose rows did not change (their parts copied, not made again), and its zip and
    database (the site's files, as that build left them); ``in_place``: the database changed where
    it is (``Database``), not in a copy."""

    layout: Layout
    unchanged: set[str]
    zip: Path
    database: Path
    in_place: bool = False
    alone: dict[str, Path] = field(default_factory=dict)  # its members also published alone, as it left them


def write_combined(
    data_dir: Path,
    budgets: list[Budget],
    rows_of: RowsOf | None = None,
    pub: Publication | None = None,
    kept: Path | None = None,
    last: Last | None = None,
) -> tuple[Layout, Database | None]:
    """``data_dir/all.zip``, its database (database.py) and, on their own, the list of budgets and
    the glossary (``all/budgets.csv``, ``all/glossary.csv``: the list and glossary pages' CSVs):
    each budget's rows from ``rows_of(id)`` (combined_rows, kept from when the package was made) or
    else from its package's CSVs (in ``data_dir/<id>/``, or ``kept/<id>/`` where the package was
    not made again); with ``last``, the unchanged budgets' parts copied from the last build's zip
    and its database changed (in a copy, or in place: ``Last.in_place``).  ``budgets`` may be light
    (metadata, source, the summary table and the failures).  The zip's layout, for the next build,
    and the database changed in place, not yet committed (``Database.commit``), if it was."""
    data_dir = Path(data_dir)
    budgets = sorted(budgets, key=lambda b: b.id)
    old = {k: m for k, m in old_members(last.layout).items() if k in _CSV_MEMBERS} if last is not None else {}
    there = set().union(*(m.names for m in old.values())) - {""}  # the budgets in the last zip
    reuse = last.unchanged & there if last is not None else set()
    in_place = last is not None and last.in_place
    db = Database(data_dir / "all.sqlite", last.database if last is not None else None, in_place=in_place)
    try:
        if last is not None:
            db.remove(sorted(there - reuse))
        made: dict[str, dict[str, Part]] = {}  # member → the parts made now, by budget
        for b in budgets:
            if b.id not in reuse:
                for name, part in _parts(b, data_dir, kept, rows_of, db).items():
                    made.setdefault(name, {})[b.id] = part
        members = _spliced(old, there - reuse, made)
        present = [r for r in RESOURCES if f"{r}.csv" in members]
        db.close(present)
        write_metadata(data_dir, present, pub)
        zipped = _members(budgets, present, members, pub)
        layout = write_zip(data_dir / "all.zip", zipped, last.zip if last is not None else None)
        _alone(data_dir, zipped, last)
    except BaseException:
        db.abandon()
        raise
    return layout, db if db.in_place else None


_CSV_MEMBERS = {f"{r}.csv" for r in RESOURCES}  # the members made of the budgets' parts


def _spliced(old: dict[str, OldMember], drop: set[str], made: dict[str, dict[str, Part]]) -> dict[str, list[Part]]:
    """Each resource's member's budgets' parts: the last zip's of the budgets kept (runs of them,
    ``OldMember.spliced``: ``drop``, the budgets changed or removed, left out) and those ``made``,
    in the order of the budgets; a member with no part left out."""
    out: dict[str, list[Part]] = {}
    for name in sorted(set(old) | set(made)):
        new = made.get(name, {})
        parts = old[name].spliced(drop, new) if name in old else [new[k] for k in sorted(new)]
        if parts:
            out[name] = parts
    return out


def _parts(budget: Budget, data_dir: Path, kept: Path | None, rows_of: RowsOf | None, db: Database) -> dict[str, Part]:
    """A budget's part of each member of all.zip that it has rows in (its CSVs), made from its
    rows, which go into ``db`` too."""
    rows = rows_of(budget.id) if rows_of is not None else None
    if rows is None:
        folder = data_dir / budget.id if (data_dir / budget.id).is_dir() or kept is None else kept / budget.id
        rows = combined_rows(budget.id, {p.name: p.read_bytes() for p in folder.glob("*.csv")})
    rows = {r: data for r, data in rows.items() if r in BY_RESOURCE}
    summary = csv_text([f.name for f in BUDGETS_FIELDS], [budget_summary_row(budget)]).split("\r\n", 1)[1]
    db.add(summary.encode("utf-8"), rows)
    return {f"{r}.csv": Part.of(budget.id, data) for r, data in rows.items()}


def _members(
    budgets: list[Budget], present: list[str], parts: dict[str, list[Part]], pub: Publication | None
) -> list[Member]:
    """all.zip's members: each resource's CSV (its header, then each budget's part), the list of
    budgets and the descriptor (made whole: they are small)."""
    summary = csv_bytes([f.name for f in BUDGETS_FIELDS], map(budget_summary_row, budgets))
    members = [Member("budgets.csv", [Part.of("", summary)])]
    resources = [budgets_descriptor(FileInfo.of(summary))]
    years = {"year": year_values([b.meta.year for b in budgets], set())}
    for r in present:
        header = csv_text(["budget", *field_names(r)], []).encode("utf-8-sig")
        m = Member(f"{r}.csv", [Part.of("", header), *parts[f"{r}.csv"]])
        members.append(m)
        resources.append(resource_descriptor(BY_RESOURCE[r], FileInfo(m.raw, ""), combined=True, values=years))
    failed = [{"budget": b.id, **entry} for b in budgets for entry in unreadable(b)]
    descriptor = descriptor_json(combined_descriptor(resources, budgets, failed, pub))
    return [*members, Member("datapackage.json", [Part.of("", descriptor)])]


def _alone(data_dir: Path, members: list[Member], last: Last | None) -> None:
    """The members of all.zip also published on their own (``all/budgets.csv``, ``all/glossary.csv``):
    the parts copied from the last build's zip cut from the file the last build published alone
    (the member inflated: ``spliced_raw``), or, without it, inflated from that zip."""
    by_name = {m.name: m for m in members}
    for name in (Path(kept).name for kept in KEPT_CSVS):
        if name in by_name:
            (data_dir / "all").mkdir(exist_ok=True)
            (data_dir / "all" / name).write_bytes(_raw(by_name[name], last))


def _raw(member: Member, last: Last | None) -> bytes:
    """A member's raw bytes, from the last build's file of it where the member copies parts."""
    if last is None or all(p.data is not None for p in member.parts):
        return inflated(member.parts, None)
    before = last.alone.get(member.name)
    if before is not None:
        old = before.read_bytes()
        if len(old) == sum(r[2] for r in last.layout.get(member.name, [])):  # the member the layout says
            return spliced_raw(member.parts, old)
    return inflated(member.parts, last.zip)
