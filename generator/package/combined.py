"""``all``: every budget's package in one, with a ``budgets`` resource and a leading ``budget``
field in every other resource."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..catalog import BY_RESOURCE, RESOURCES
from ..model import Budget
from .archive import zip_dir
from .descriptor import BUDGETS_FIELDS, budgets_descriptor, combined_descriptor, resource_descriptor, unreadable
from .tables import budget_summary_row, csv_bytes, csv_text


def combined_rows(budget_id: str, files: dict[str, bytes]) -> dict[str, bytes]:
    """A budget's rows as they go into ``all``: each CSV of its package (``files``, by file
    name) without its header, with the budget's id in front of each row; by resource."""
    out: dict[str, bytes] = {}
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        with _any_field_size():  # a part of the text may be longer than csv's default 131,072
            reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
            next(reader, None)  # the header
            writer.writerows([budget_id, *row] for row in reader)
        out[name.removesuffix(".csv")] = buf.getvalue().encode("utf-8")
    return out


@contextmanager
def _any_field_size() -> Iterator[None]:
    """csv reads fields of any size meanwhile (its limit is the whole process's)."""
    old = csv.field_size_limit()
    csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(old)


RowsOf = Callable[[str], dict[str, bytes] | None]


def write_combined(data_dir: Path, budgets: list[Budget], rows_of: RowsOf | None = None) -> None:
    """``data_dir/all/`` and ``data_dir/all.zip``, written a budget at a time (so memory does
    not grow with the number of budgets) from ``rows_of(id)`` (combined_rows, kept from when
    the package was made) or else from the budget's own CSVs in ``data_dir/<id>/``.
    ``budgets`` may be light (metadata, source, the summary table and the failures)."""
    data_dir = Path(data_dir)
    out = data_dir / "all"
    out.mkdir(parents=True, exist_ok=True)
    budgets = sorted(budgets, key=lambda b: b.id)
    (out / "budgets.csv").write_bytes(csv_bytes([f.name for f in BUDGETS_FIELDS], map(budget_summary_row, budgets)))
    present = [r for r in RESOURCES if any((data_dir / b.id / f"{r}.csv").exists() for b in budgets)]
    _write_rows(data_dir, out, budgets, present, rows_of)
    resources = [budgets_descriptor(), *(resource_descriptor(BY_RESOURCE[r], combined=True) for r in present)]
    failed = [{"budget": b.id, **entry} for b in budgets for entry in unreadable(b)]
    descriptor = combined_descriptor(resources, failed)
    (out / "datapackage.json").write_bytes((json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode())
    (data_dir / "all.zip").write_bytes(zip_dir(out, "all"))


def _write_rows(data_dir: Path, out: Path, budgets: list[Budget], present: list[str], rows_of: RowsOf | None) -> None:
    """Each resource's CSV of ``all``: its header, then each budget's rows in turn."""
    handles = {}
    try:
        for r in present:
            handles[r] = open(out / f"{r}.csv", "wb")  # noqa: SIM115 - closed below, all together
            header = ["budget", *[fl.name for fl in BY_RESOURCE[r].fields]]
            handles[r].write(csv_text(header, []).encode("utf-8-sig"))
        for b in budgets:
            rows = rows_of(b.id) if rows_of is not None else None
            if rows is None:
                files = {p.name: p.read_bytes() for p in (data_dir / b.id).glob("*.csv")}
                rows = combined_rows(b.id, files)
            for r, data in rows.items():
                if r in handles:
                    handles[r].write(data)
    finally:
        for f in handles.values():
            f.close()
