"""The state a build keeps for the next one (generator/build/state.py): kept in one SQLite
transaction, and on a rebuild only what differs from the state it loaded is written; what is
loaded back is always the state that was kept."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.build.state import State


def site_of(tmp_path: Path, files: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, text in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    return site


def test_a_state_kept_is_the_state_loaded_and_a_rebuild_writes_only_what_changed(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"a.html": "a", "data/x/t.csv": "1,2", "data/y/t.csv": "3"})
    path = tmp_path / "cache" / "state" / "s.sqlite"
    first = State(code="c1", budgets={"x": {"key": "k1", "page": "p1"}, "y": {"key": "k2", "page": "p2"}})
    first.parts, first.token, first.all_layout = {"zh/index.html": "q"}, "t1", {"m.csv": [["x", 1, 2, 3]]}
    first.digests = {"x": ("digest-c1-k1", b"\x80x"), "y": ("digest-c1-k2", b"\x80y")}
    first.save(path, site)
    loaded = State.load(path)
    assert loaded == first and set(loaded.files) == {"a.html", "data/x/t.csv", "data/y/t.csv"}

    # The next build: y changed, x kept, a file removed and one added; written against what it loaded.
    (site / "data" / "x" / "t.csv").unlink()
    (site / "b.html").write_text("b", encoding="utf-8")
    second = State(code="c1", budgets={"y": {"key": "k3", "page": "p3"}, "z": {"key": "k4", "page": "p4"}})
    second.parts, second.token = {"zh/index.html": "r"}, "t2"
    second.digests = {"y": ("digest-c1-k3", b"\x80y3"), "z": ("digest-c1-k4", b"\x80z")}
    known = {p: loaded.files[p] for p in ("a.html", "data/y/t.csv")}
    second.save(path, site, known, ["b.html"], base=loaded)
    again = State.load(path)
    assert again == second and set(again.files) == {"a.html", "b.html", "data/y/t.csv"}
    assert again.files["a.html"] == loaded.files["a.html"]
    assert again.digests == second.digests


def test_a_rebuild_writes_the_rows_of_the_changed_budgets_only(tmp_path: Path) -> None:
    """Each budget's digest is a row of its own, and each member of all.zip's layout: one budget
    changed writes its digest and the members it has a part in, no other row."""
    site = site_of(tmp_path, {"a.html": "a"})
    path = tmp_path / "s.sqlite"
    ids = [f"b{i:02d}" for i in range(50)]
    layout = {m: [["", 5, 9, 1], *([i, 10 + n, 20 + n, n] for n, i in enumerate(ids))] for m in ("p.csv", "q.csv")}
    layout["budgets.csv"] = [["", 7, 8, 9]]
    first = State(code="c1", token="t1", digests={i: (f"digest-c1-{i}", i.encode() * 100) for i in ids})
    first.all_layout = layout
    first.save(path, site)
    loaded = State.load(path)
    assert loaded.digests == first.digests and loaded.all_layout == layout
    before = _rowids(path)
    second = State(code="c1", token="t2", digests={**loaded.digests, "b07": ("digest-c1-new", b"new")})
    second.all_layout = {m: [p if p[0] != "b07" else ["b07", 1, 2, 3] for p in parts] for m, parts in layout.items()}
    second.save(path, site, {"a.html": loaded.files["a.html"]}, [], base=loaded)
    after = _rowids(path)  # a row written again gets a new rowid (INSERT OR REPLACE)
    assert sorted(after) == sorted(before)
    changed = sorted(k for k in after if after[k] != before[k])
    assert changed == [("digests", "b07"), ("members", "p.csv"), ("members", "q.csv")]
    again = State.load(path)
    assert again.digests == second.digests and again.all_layout == second.all_layout


def _rowids(path: Path) -> dict[tuple[str, str], int]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = [(("digests", i), r) for i, r in db.execute("SELECT id, rowid FROM digests")]
        rows += [(("members", m), r) for m, r in db.execute("SELECT member, rowid FROM members")]
        return dict(rows)


def test_a_base_that_is_not_the_state_kept_writes_it_whole(tmp_path: Path) -> None:
    site = site_of(tmp_path, {"a.html": "a", "c.html": "c"})
    path = tmp_path / "s.sqlite"
    State(code="c1", budgets={"x": {"key": "1"}}, token="t1").save(path, site)
    stale = State(code="c1", budgets={"old": {"key": "0"}}, token="t0", files={"gone.html": [1, 2]})
    new = State(code="c2", budgets={"y": {"key": "2"}}, token="t2")
    new.save(path, site, base=stale)  # not the state kept there (another token): nothing of it trusted
    assert State.load(path) == new and set(State.load(path).files) == {"a.html", "c.html"}


@pytest.mark.parametrize("content", [b"", b"not a database", None])
def test_a_state_that_cannot_be_read_is_an_empty_one(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "s.sqlite"
    if content is not None:
        path.write_bytes(content)
    assert State.load(path) == State()


def test_the_manifest_s_groups_give_the_size_file_by_file_gives(tmp_path: Path) -> None:
    """The build's size report comes from one query of the kept manifest (``State.groups``): the
    same parts, bytes and files as adding its files one by one (``deploy.site_size``), for pages at
    the top and below, data, search, sources and a file of no part."""
    from generator import deploy

    site = tmp_path / "site"
    files = {
        "index.html": b"x" * 7,
        "404.html": b"x" * 3,
        "zh/budgets/a/index.html": b"p" * 11,
        "data/a/budget.csv": b"d" * 13,
        "data/all.zip": b"z" * 5,
        "search-names/zh/k/0.json": b"s" * 2,
        "pagefind/pagefind-entry.json": b"s" * 17,
        "sources/2024/a.txt": b"t" * 19,
        "sitemap.xml": b"o" * 23,
        "zh/budgets/a/notes.txt": b"o" * 29,
    }
    for rel, data in files.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)
    path = tmp_path / "state.sqlite"
    state = State()
    state.save(path, site)
    grouped = deploy.SiteSize()
    for group in State.groups(path):
        grouped.add_group(*group)
    one_by_one = deploy.site_size(state.files)
    assert (grouped.total, grouped.parts, grouped.files) == (one_by_one.total, one_by_one.parts, one_by_one.files)
    assert grouped.parts == {"pages": 21, "data": 18, "search": 19, "sources": 19, "other": 52}
    assert grouped.files == 10


def test_a_state_kept_with_a_part_a_row_is_read_as_none_and_its_table_dropped(tmp_path: Path) -> None:
    """A state of the layout's earlier form (a ``layout`` table, a part a row) is not read (the
    build makes everything again), and the next state kept has no such table left."""
    path = tmp_path / "s.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db:
        for table in (
            "meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "budgets (id TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "files (path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime INTEGER NOT NULL)",
            "digests (id TEXT PRIMARY KEY, key TEXT NOT NULL, value BLOB NOT NULL)",
            "layout (member TEXT, name TEXT, seq INTEGER NOT NULL, size INTEGER NOT NULL, raw INTEGER NOT NULL,"
            " crc INTEGER NOT NULL, PRIMARY KEY (member, name))",
        ):
            db.execute(f"CREATE TABLE {table}")
        db.execute("INSERT INTO meta VALUES ('code', '\"c0\"')")
        db.commit()
    assert State.load(path) == State()
    site = site_of(tmp_path, {"a.html": "a"})
    State(code="c1", token="t1", all_layout={"m.csv": [["", 1, 2, 3]]}).save(path, site)
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "layout" not in tables and "members" in tables
    assert State.load(path).all_layout == {"m.csv": [["", 1, 2, 3]]}


def test_the_site_s_listing_leaves_out_what_cannot_be_listed_or_is_gone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``scan``: a folder that cannot be listed and a file gone before its ``lstat`` are left out
    (as ``os.walk`` leaves them), not an error: a file left out is not known intact, so a build
    makes it again."""
    import os

    from generator.build.state import scan

    site = site_of(tmp_path, {"a.html": "a", "locked/b.html": "bb", "data/c.csv": "ccc", "data/gone.csv": "g"})
    listing = os.scandir

    class Gone:
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry, self.name, self.path = entry, entry.name, entry.path

        def is_dir(self, follow_symlinks: bool = True) -> bool:
            return self.entry.is_dir(follow_symlinks=follow_symlinks)

        def stat(self, follow_symlinks: bool = True) -> os.stat_result:
            raise FileNotFoundError(self.path)

    class Entries:
        def __init__(self, folder: str) -> None:
            self.it = listing(folder)

        def __enter__(self) -> Entries:
            return self

        def __iter__(self) -> Iterator[object]:
            return (Gone(e) if e.name == "gone.csv" else e for e in self.it)

        def __exit__(self, *exc: object) -> None:
            self.it.close()

    def scandir(folder: str) -> Entries:
        if folder.endswith("locked"):
            raise PermissionError(folder)
        return Entries(folder)

    monkeypatch.setattr(os, "scandir", scandir)
    found = scan(site)
    monkeypatch.undo()
    assert sorted(found) == ["a.html", "data/c.csv"]
    assert found["data/c.csv"][0] == 3
