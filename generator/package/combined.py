"""``all``: every budget's package in one, with a ``budgets`` resource and a leading ``budget``
field in every other resource, published as ``data/all.zip`` (the descriptor at its root) and as
``data/all.sqlite``.  Its CSVs are written into a folder of their own only while the zip and
the database are made from them, then removed: the site does not publish them a second time
(contract 3.0.0; ``frictionless.Package("<site>/data/all.zip")`` reads every resource over
HTTP), but for the list of budgets and the glossary, ``all/budgets.csv`` and ``all/glossary.csv``,
which the list and glossary pages link to."""

from __future__ import annotations

import csv
import hashlib
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from ..catalog import BY_RESOURCE, RESOURCES
from ..model import Budget
from ..site.urls import KEPT_CSVS
from .archive import zip_dir
from .columns import field_names
from .database import write_database
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


def write_combined(
    data_dir: Path, budgets: list[Budget], rows_of: RowsOf | None = None, pub: Publication | None = None
) -> None:
    """``data_dir/all.zip``, the database of it (database.py) and, on their own, the list of budgets
    and the glossary (``all/budgets.csv``, ``all/glossary.csv``: the list and glossary pages' CSVs), written a budget at a time (so
    memory does not grow with the number of budgets) from ``rows_of(id)`` (combined_rows, kept
    from when the package was made) or else from the budget's own CSVs in ``data_dir/<id>/``.
    ``budgets`` may be light (metadata, source, the summary table and the failures)."""
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix=".all-", dir=data_dir) as tmp:
        out = Path(tmp)
        present = _write_package(data_dir, out, sorted(budgets, key=lambda b: b.id), rows_of, pub)
        (data_dir / "all.zip").write_bytes(zip_dir(out))
        write_database(data_dir, out, present, pub)
        for name in (Path(kept).name for kept in KEPT_CSVS):
            if (out / name).exists():
                (data_dir / "all").mkdir(exist_ok=True)
                (data_dir / "all" / name).write_bytes((out / name).read_bytes())


def _write_package(
    data_dir: Path, out: Path, budgets: list[Budget], rows_of: RowsOf | None, pub: Publication | None
) -> list[str]:
    """``all``'s CSVs and descriptor into ``out``; the resources it has besides ``budgets``."""
    summary = csv_bytes([f.name for f in BUDGETS_FIELDS], map(budget_summary_row, budgets))
    (out / "budgets.csv").write_bytes(summary)
    present = [r for r in RESOURCES if any((data_dir / b.id / f"{r}.csv").exists() for b in budgets)]
    written = _write_rows(data_dir, out, budgets, present, rows_of)
    years = {"year": year_values([b.meta.year for b in budgets], set())}
    resources = [
        budgets_descriptor(FileInfo.of(summary)),
        *(resource_descriptor(BY_RESOURCE[r], written[r], combined=True, values=years) for r in present),
    ]
    failed = [{"budget": b.id, **entry} for b in budgets for entry in unreadable(b)]
    descriptor = combined_descriptor(resources, budgets, failed, pub)
    (out / "datapackage.json").write_bytes(descriptor_json(descriptor))
    return present


def _write_rows(
    data_dir: Path, out: Path, budgets: list[Budget], present: list[str], rows_of: RowsOf | None
) -> dict[str, FileInfo]:
    """Each resource's CSV of ``all``: its header, then each budget's rows in turn; the size and
    hash of each."""
    handles: dict[str, tuple[BinaryIO, Any]] = {}
    try:
        for r in present:
            handle = open(out / f"{r}.csv", "wb")  # noqa: SIM115 - closed below, all together
            handles[r] = (handle, hashlib.sha256())
            _put(handles[r], csv_text(["budget", *field_names(r)], []).encode("utf-8-sig"))
        for b in budgets:
            rows = rows_of(b.id) if rows_of is not None else None
            if rows is None:
                files = {p.name: p.read_bytes() for p in (data_dir / b.id).glob("*.csv")}
                rows = combined_rows(b.id, files)
            for r, data in rows.items():
                if r in handles:
                    _put(handles[r], data)
    finally:
        for f, _ in handles.values():
            f.close()
    return {r: FileInfo((out / f"{r}.csv").stat().st_size, h.hexdigest()) for r, (_, h) in handles.items()}


def _put(handle: tuple[BinaryIO, Any], data: bytes) -> None:
    handle[0].write(data)
    handle[1].update(data)
