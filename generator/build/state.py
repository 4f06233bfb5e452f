"""What a build leaves for the next one: what each part of the site was made from (its key)
and what the build wrote (size and modification time of every file), so that a rebuild makes
again only what changed and never reuses a file changed by hand; and the links that reuse
unchanged files from the previous site."""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..model import BudgetError
from ..read.documents import read_content


@dataclass
class State:
    """What the previous build of a site was made from, to know what can be reused, and what
    it wrote (size and modification time of every file), to know the site is as it was left."""

    code: str = ""
    budgets: dict[str, dict[str, str]] = field(default_factory=dict)  # id → {"key", "page", "package", "names"}
    bundles: dict[str, str] = field(default_factory=dict)  # search bundle → key of its pages
    combined: str = ""  # key of the `all` package
    # all.zip's members' parts (package/zipparts.py): member → its parts' records, in order
    all_layout: dict[str, list[list]] = field(default_factory=dict)
    shared: str = ""  # key of the shared pages (of everything they read)
    names_index: str = ""  # key of the name index (name_index.index_key)
    parts: dict[str, str] = field(default_factory=dict)  # each shared page (path) → key of its part
    search: bool = True  # whether the search index was built
    tally: str = ""  # the cache key of what the budgets' pages looked up (tally.py)
    token: str = ""  # this build's, recorded when its files are in place (output.recover)
    files: dict[str, list[int]] = field(default_factory=dict)  # path in the site → [size, mtime_ns]
    # Each budget's digest (what the shared pages need of it: extract.Digest), one row a budget:
    # id → (its cache key, its pickle), so that a rebuild reads them with the state, not a cache
    # entry each, and writes only the changed budgets'.
    digests: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    _paths: list[str] | None = field(default=None, repr=False, compare=False)  # ``files``' paths, sorted
    # The site's files as the build listed them at its start (``scan``: size and time each), when
    # it held no file but those of ``files``: a file is then known intact without a ``stat`` of its
    # own, and a folder's files without listing it again (set by the build).
    seen: dict[str, list[int]] | None = field(default=None, repr=False, compare=False)

    @staticmethod
    def path(cache_root: Path, site: Path) -> Path:
        where = hashlib.sha256(str(site.resolve()).encode()).hexdigest()[:16]
        return cache_root / "state" / f"{where}.sqlite"

    @classmethod
    def load(cls, path: Path) -> State:
        """The state kept at ``path`` (an empty one when there is none, or it cannot be read)."""
        try:
            with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
                meta = {name: json.loads(value) for name, value in db.execute("SELECT name, value FROM meta")}
                budgets = {i: json.loads(value) for i, value in db.execute("SELECT id, value FROM budgets")}
                files = {p: [size, mtime] for p, size, mtime in db.execute("SELECT path, size, mtime FROM files")}
                digests = {i: (key, value) for i, key, value in db.execute("SELECT id, key, value FROM digests")}
                layout = {
                    member: json.loads(parts) for member, parts in db.execute("SELECT member, parts FROM members")
                }
            return cls(**meta, budgets=budgets, files=files, digests=digests, all_layout=layout)
        except (sqlite3.Error, OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(
        self,
        path: Path,
        site: Path,
        known: dict[str, list[int]] | None = None,
        written: list[str] | None = None,
        base: State | None = None,
    ) -> None:
        """Keep the state, with the manifest of ``site``: with ``written`` (the files the build put
        in place), ``known`` (the files kept, their size and time from the last manifest) and
        those; else every file of the site (``known`` taken as they are).  Kept in one
        transaction; when the state kept there is ``base`` (the one loaded: the same token), only
        what differs from it is written."""
        if written is None:
            self.files = files_of(site, known or {})
        else:
            self.files = dict(known or {})
            for rel in written:
                st = os.stat(site / rel)
                self.files[rel] = [st.st_size, st.st_mtime_ns]
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
            db.execute("BEGIN IMMEDIATE")  # one transaction: the state kept whole, or not at all
            try:
                for table in _TABLES:
                    db.execute(f"CREATE TABLE IF NOT EXISTS {table}")
                db.execute("DROP TABLE IF EXISTS layout")  # a part a row, before 2026-12-04
                kept = db.execute("SELECT value FROM meta WHERE name = 'token'").fetchone()
                if base is None or not base.token or kept is None or json.loads(kept[0]) != base.token:
                    for table in _NAMES:
                        db.execute(f"DELETE FROM {table}")
                    base = State()
                self._write(db, base)
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def _write(self, db: sqlite3.Connection, base: State) -> None:
        """What differs from ``base`` (the state in ``db``) written into ``db``."""
        _changes(db, "files", "path", base.files, self.files, lambda p, v: (p, *v))
        _changes(db, "budgets", "id", base.budgets, self.budgets, lambda i, v: (i, json.dumps(v, sort_keys=True)))
        _changes(db, "digests", "id", base.digests, self.digests, lambda i, v: (i, *v))
        _changes(db, "members", "member", base.all_layout, self.all_layout, lambda m, v: (m, _compact(v)))
        old, new = base._meta(), self._meta()
        _changes(db, "meta", "name", old, new, lambda n, v: (n, json.dumps(v, sort_keys=True)))

    def _meta(self) -> dict[str, object]:
        """Every field of the state but those kept in tables of their own (and what a build
        notes of it as it runs)."""
        skip = (*_NAMES, "all_layout", "_paths", "seen")
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in skip}

    @staticmethod
    def groups(path: Path) -> list[tuple[str, bool, int, int]]:
        """The files of the manifest kept at ``path``, grouped by the first part of their path and
        whether they are pages (``.html``): (that part, pages, bytes, files); one query, not a
        row at a time in Python (deploy.SiteSize.add_group)."""
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT CASE WHEN instr(path, '/') > 0 THEN substr(path, 1, instr(path, '/') - 1) ELSE path END,"
                " path GLOB '*.html', sum(size), count(*) FROM files GROUP BY 1, 2"
            ).fetchall()
        return [(str(top), bool(html), int(size), int(n)) for top, html, size, n in rows]

    def intact(self, site: Path, rel: str) -> bool:
        """Whether ``site/rel`` is the file this build wrote (not changed or removed since): as
        the site's listing at the start of the build (``seen``) found it, else as it is now."""
        if self.seen is not None:
            return rel in self.seen and self.files.get(rel) == self.seen[rel]
        try:
            st = os.stat(os.path.join(site, rel))
        except OSError:
            return False
        return self.files.get(rel) == [st.st_size, st.st_mtime_ns]

    def tree(self, site: Path, rel: str) -> list[str] | None:
        """The files (paths from the site's root) of the folder ``site/rel`` when it holds just the
        files this build wrote there, each as it left it; else None.  When the site was listed at
        the start of the build and held no file this manifest lacks (``seen``), the folder is not
        listed again: each of its files in the manifest is looked up in that listing."""
        names = self.under(rel)
        if self.seen is not None and names:
            return names if all(self.intact(site, p) for p in names) else None
        folder = site / rel
        if not folder.is_dir():
            return None
        found = files_of(folder)
        prefix = rel + "/"
        if len(found) == len(names) and all(self.files.get(prefix + n) == st for n, st in found.items()):
            return [prefix + n for n in found]
        return None

    def under(self, rel: str) -> list[str]:
        """The files this build wrote under the folder ``rel`` (paths from the site's root, in
        order): a run of the sorted paths, found by bisection."""
        if self._paths is None:
            self._paths = sorted(self.files)
        prefix = rel + "/"
        start = bisect.bisect_left(self._paths, prefix)
        end = bisect.bisect_left(self._paths, prefix[:-1] + chr(ord("/") + 1), start)
        return self._paths[start:end]


# The tables of a kept state: its fields, as JSON (``meta``), each budget's keys, each file's size
# and modification time, each budget's digest, each member of all.zip's parts' records (a row a
# member, its records as JSON: loaded and compared a member at a time, not a part at a time).
_TABLES = (
    "meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "budgets (id TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL)",
    "digests (id TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL)",
    "members (member TEXT PRIMARY KEY, parts TEXT NOT NULL)",
)
_NAMES = ("meta", "budgets", "files", "digests", "members")


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _changes(
    db: sqlite3.Connection, table: str, key: str, old: dict, new: dict, row: Callable[[Any, Any], tuple]
) -> None:
    """The rows of ``table`` for the entries of ``new`` that ``old`` lacks or holds otherwise, and
    those of ``old`` that ``new`` has not, removed (``key``: the key's columns, comma-separated;
    a key of several is a tuple)."""
    columns = [c.strip() for c in key.split(",")]
    where = " AND ".join(f"{c} = ?" for c in columns)
    gone = [k if len(columns) > 1 else (k,) for k in old.keys() - new.keys()]
    db.executemany(f"DELETE FROM {table} WHERE {where}", gone)
    changed = [row(k, v) for k, v in new.items() if k not in old or old[k] != v]
    if changed:
        marks = ", ".join("?" * len(changed[0]))
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", changed)


def files_of(site: Path, known: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """Every file of the site: its path from the site's root → [size, mtime_ns] (``scan``; taken
    from ``known`` for the files it lists)."""
    known = known or {}
    return {rel: known.get(rel, st) for rel, st in scan(site).items()}


def scan(site: Path) -> dict[str, list[int]]:
    """Every file of the site (anything but a folder: a link is not followed), by path from the
    site's root → [size, mtime_ns]; one listing of each folder and one ``lstat`` a file.  A folder
    that cannot be listed and a file gone before its ``lstat`` are left out (as ``os.walk`` does):
    a file left out is not known intact, so it is made again."""
    out: dict[str, list[int]] = {}

    def walk(folder: str, prefix: str) -> None:
        try:
            entries = os.scandir(folder)
        except OSError:
            return
        with entries:
            for e in entries:
                if e.is_dir(follow_symlinks=False):
                    walk(e.path, f"{prefix}{e.name}/")
                    continue
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                out[prefix + e.name] = [st.st_size, st.st_mtime_ns]

    walk(str(site), "")
    return out


def file_names(site: Path) -> Iterator[str]:
    """The path from the site's root of every file of the site."""
    base = len(str(site)) + 1
    for folder, _, names in os.walk(site):
        for name in names:
            yield os.path.join(folder, name)[base:]


class Links:
    """The files of the previous site the new one keeps as they are (they did not change): by path
    from the site's root.  Nothing is written for them: the build puts only what it made in place
    (``output.update_in_place``); their size and time are known from the last build's manifest."""

    def __init__(self) -> None:
        self.kept: set[str] = set()

    def keep(self, rel: str) -> None:
        self.kept.add(rel)

    def known(self, prev: State) -> dict[str, list[int]]:
        """The kept files' size and time from the last build's manifest."""
        return {p: prev.files[p] for p in self.kept if p in prev.files}


def digest(*parts: str | bytes) -> str:
    """A key: the hash of ``parts``."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode())
        h.update(b"\0")
    return h.hexdigest()


def folder_bytes(folder: Path, content: Path) -> list[bytes]:
    """Every file of ``folder`` (name and bytes), in name order, for a key; a file that cannot be
    read from ``content`` (a link out of it, a FIFO) by the error it gives."""
    if not folder.is_dir():
        return []
    out = []
    for p in sorted(folder.glob("*")):
        if p.is_dir() and not p.is_symlink():
            continue
        try:
            data = read_content(p, content, FOLDER_FILE_LIMIT)
        except BudgetError as e:
            data = str(e).encode()
        out.append(p.name.encode() + b"\0" + data)
    return out


FOLDER_FILE_LIMIT = 256 << 20
