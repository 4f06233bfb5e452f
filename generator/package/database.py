"""Every budget in one SQLite database, ``data/all.sqlite``: the tables of ``all`` (the
``budgets`` table and one table per resource, named as its CSV), typed as their schemas say,
keyed by ``(budget, line)``, with foreign keys to ``budgets`` and, where rows sum into one
another, from ``(budget, parent_line)`` to the row summed into; and ``data/all.metadata.json``,
the titles and descriptions Datasette shows (``datasette all.sqlite -m all.metadata.json``).

Datasette's ``units`` are Pint's physical units, which have no currency: the unit of every
amount (万元, 10,000 CNY) is in its column's description instead.

Packed for size (a third of the site's data at 1,000 budgets before): 16 KiB pages, and the
tables of the documents' sentences (the catalog's ``text`` and ``performance`` kinds, rows often
longer than a twentieth of a page) as ordinary rowid tables with their key as an index; a
``WITHOUT ROWID`` table stores each row in its key's B-tree, which for long rows leaves about
half of every page empty.  The tables of amounts (short rows) stay ``WITHOUT ROWID``.  The
amounts are REAL as before: the same float that ``float()`` of the CSV's text gives.

A rebuild changes the last build's database (``Database``): the same rows as one made anew, not the
same bytes (contract 4.0.0).  Where the site is updated in place it changes the site's own file
(``in_place``): the transaction is left open, its pages held in memory (none written to the file
before the commit) and the old pages in SQLite's rollback journal, which the site's journal keeps
until the build has recorded its state (``output.update_in_place``, ``output.recover``)."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from ..catalog import BY_RESOURCE, TABLE_DESCRIPTIONS, TABLES
from .descriptor import LICENSE, schema_of
from .publication import Publication
from .tables import any_field_size

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}
TITLE = "部门预算公开数据 · Departmental budgets, open data"
PAGE_SIZE = 16384  # bytes; SQLite's default 4096 leaves more of each page empty
# The tables of sentences: stored as rowid tables (see above).
LONG_ROWS = frozenset(t.resource for t in TABLES if t.kind in ("text", "performance"))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create(resource: str, fields: list[dict]) -> str:
    """The table of ``resource`` (its fields as in ``all``), with its keys."""
    cols = [f"{_quote(f['name'])} {SQL_TYPES[f['type']]}" for f in fields]
    names = {f["name"] for f in fields}
    if resource == "budgets":
        return f"CREATE TABLE budgets ({', '.join(cols)}, PRIMARY KEY (id))"
    keys = ["PRIMARY KEY (budget, line)", "FOREIGN KEY (budget) REFERENCES budgets (id)"]
    if "parent_line" in names:
        keys.append(f"FOREIGN KEY (budget, parent_line) REFERENCES {_quote(resource)} (budget, line)")
    rowid = "" if resource in LONG_ROWS else " WITHOUT ROWID"
    return f"CREATE TABLE {_quote(resource)} ({', '.join([*cols, *keys])}){rowid}"


def _values(data: bytes, fields: list[dict]) -> Iterator[list[object]]:
    """The rows of a CSV of ``all`` without its header (``data``), each cell as its field's type
    (empty: NULL)."""
    convert: dict[str, Callable[[str], object]] = {
        "integer": int,
        "number": float,
        "boolean": lambda v: int(v == "true"),
        "string": str,
    }
    kinds = [convert[f["type"]] for f in fields]
    with any_field_size():
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
            yield [None if v == "" else k(v) for k, v in zip(kinds, row, strict=True)]


class Database:
    """``all.sqlite`` as ``all`` is written, a budget at a time: made anew (``last`` None), or the
    last build's changed in one transaction, its changed and removed budgets' rows deleted and the
    changed budgets' inserted (``remove``, ``add``): a copy of it, or (``in_place``) the file
    itself, through a hard link at ``path``.  An updated database holds the same rows as one made
    anew (the same query gives the same rows, by key), not the same bytes: SQLite keeps the freed
    pages and puts the new rows where it has room.

    In place, ``close`` leaves the transaction open: the changed pages stay in memory
    (``cache_spill`` off), the file is as it was, and SQLite's rollback journal (``journal``,
    beside ``path``) holds the old pages of every page the commit will write; ``commit`` writes
    them, ``abandon`` drops them."""

    def __init__(self, path: Path, last: Path | None = None, *, in_place: bool = False) -> None:
        path.unlink(missing_ok=True)
        self.in_place = in_place and last is not None
        if last is not None:
            (os.link if self.in_place else shutil.copyfile)(last, path)
        self.path, self.journal = path, path.with_name(path.name + "-journal")
        self.db = sqlite3.connect(path)
        self.db.execute(f"PRAGMA page_size = {PAGE_SIZE}")  # before the first table
        if self.in_place:  # the old pages in the journal; nothing of the file written before the commit
            self.db.execute("PRAGMA journal_mode = DELETE")
            self.db.execute("PRAGMA cache_spill = OFF")
        else:
            self.db.execute("PRAGMA journal_mode = OFF")  # a new file in the staging site, put in place whole
        self.db.execute("PRAGMA synchronous = OFF")  # the journal then says: read to its end
        self.db.execute("BEGIN")
        names = self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        self.tables = {n for (n,) in names}

    def remove(self, ids: list[str]) -> None:
        for table in sorted(self.tables):
            column = "id" if table == "budgets" else "budget"
            self.db.executemany(f"DELETE FROM {_quote(table)} WHERE {column} = ?", [(i,) for i in ids])

    def add(self, summary: bytes, rows: dict[str, bytes]) -> None:
        """A budget's row of ``budgets`` (CSV, no header) and its rows of each resource."""
        for resource, data in [("budgets", summary), *sorted(rows.items())]:
            fields = schema_of(resource, combined=resource != "budgets")["fields"]
            if resource not in self.tables:
                self.db.execute(_create(resource, fields))
                self.tables.add(resource)
            marks = ", ".join("?" * len(fields))
            self.db.executemany(f"INSERT INTO {_quote(resource)} VALUES ({marks})", _values(data, fields))

    def close(self, resources: list[str]) -> None:
        """Done: the tables of resources no budget has any more dropped (``resources``: those it
        has); committed, but in place (then ``commit`` or ``abandon``)."""
        try:
            for table in sorted(self.tables - {"budgets", *resources}):
                self.db.execute(f"DROP TABLE {_quote(table)}")
        except BaseException:
            self.abandon()
            raise
        if not self.in_place:
            self.commit()

    def commit(self) -> None:
        """The changes written (an error of SQLite's, a full disk say, as an ``OSError``)."""
        try:
            self.db.commit()
        except sqlite3.Error as e:
            code = errno.ENOSPC if getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL else errno.EIO
            raise OSError(code, os.strerror(code) if code == errno.ENOSPC else str(e), os.fspath(self.path)) from e
        finally:
            self.db.close()

    def abandon(self) -> None:
        """The changes dropped (nothing was written to the file: see the class)."""
        self.db.close()


def write_metadata(data_dir: Path, resources: list[str], pub: Publication | None = None) -> None:
    """``data_dir/all.metadata.json``: the database's Datasette metadata."""
    text = json.dumps(datasette_metadata(resources, pub or Publication()), ensure_ascii=False, indent=2)
    (data_dir / "all.metadata.json").write_text(text + "\n", encoding="utf-8")


def datasette_metadata(resources: list[str], pub: Publication) -> dict:
    """Datasette's metadata of the database: its title, licence and source, and each table's
    title, description and columns' descriptions (units in them)."""
    tables = {}
    for resource in ["budgets", *resources]:
        fields = schema_of(resource, combined=resource != "budgets")["fields"]
        spec = BY_RESOURCE.get(resource)
        tables[resource] = {
            "title": f"{spec.en} · {spec.zh}" if spec else "Budgets · 预算列表",
            "description": (spec.description if spec else "") or TABLE_DESCRIPTIONS[resource],
            "columns": {f["name"]: f["description"] for f in fields},
        }
    meta: dict = {
        "title": TITLE,
        "description": "Every departmental budget of the site: each table of the budget documents, amounts in 万元 "
        "(10,000 CNY) exactly as printed, with English labels; sum the rows whose is_leaf is 1, not every row.",
        "license": LICENSE["name"],
        "license_url": LICENSE["path"],
        "source": "The departments' budget documents (see the budgets table)",
        "databases": {"all": {"title": TITLE, "tables": tables}},
    }
    home = pub.address("zh/index.html")
    if home:
        meta["source_url"] = home
    return meta
