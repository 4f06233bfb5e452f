"""The folders the commands write (``build --site``, ``extract --out``): what may be replaced, how
it is replaced, and what is left of a build that was killed.

- A folder is replaced only when it does not exist, is empty, or holds nothing but what the
  same command wrote there before; anything else is refused (``OutputError`` says what it found
  and that ``--force`` replaces it anyway).  Never, even forced: a folder that holds the
  content read, the cache, or the working directory.
- The new output is made in a fresh folder beside the old one (mode 0755, readable by a web
  server running as another user), then swapped in with one atomic ``rename`` (Linux's
  ``renameat2(RENAME_EXCHANGE)``): at every moment the path holds the old output or the new
  one, whole.  Where the exchange is not possible (another OS, a file system without it), two
  renames, and the next run puts the old output back if it was killed between them.
- A site rebuilt is instead updated in place (``update_in_place``): the changed files renamed
  over their old ones, the old ones kept in a journal beside it until the build has recorded
  its state; a build killed meanwhile leaves the old site with some files new, which the next
  run puts back first (``recover``).  So a killed build leaves the previous site, restored at
  the latest by the next run.  A file changed where it is (``InPlace``: an SQLite database,
  its transaction left open) is committed once the plan is written, its rollback journal kept
  in the journal: the next run puts that back beside it and SQLite rolls the old pages back.
- What a killed run leaves beside the output (its fresh folder, the search index's scratch,
  the old output) is removed by the next run, which holds a lock on the parent folder so two
  runs never take each other's folders for leftovers.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

FOLDER_MODE = 0o755
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
# What an earlier version of the build left when killed: its search scratch (tempfile.mkdtemp).
_LEGACY_SEARCH = re.compile(r"^\.search\.[a-z0-9_]{8}$")


class OutputError(Exception):
    """A folder a command must not write, or could not: the message says why and what to do."""


def staging_prefix(path: Path) -> str:
    return f".{path.name}.staging."


def scratch_prefix(path: Path) -> str:
    return f".{path.name}.search."


def old_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.old")


def new_folder(path: Path, prefix: str) -> Path:
    """A fresh folder beside ``path`` (its name starts with ``prefix``), readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=path.parent))
    os.chmod(folder, FOLDER_MODE)
    return folder


def check_output(
    path: Path, is_output: Callable[[Path], bool], force: bool, never: list[Path], what: str, option: str
) -> None:
    """Refuse ``path`` unless it is absent, empty, or ``is_output`` (what the command wrote
    before), or ``force``; and always when it holds one of ``never``."""
    path = Path(path)
    here = Path(os.path.realpath(path))
    for keep, what_it_is in [*((k, str(k)) for k in never), (Path.cwd(), "the folder you are in")]:
        if Path(os.path.realpath(keep)).is_relative_to(here):
            raise OutputError(f"{path}: refused as {option}: it holds {what_it_is}, which would be deleted")
    if not os.path.lexists(path):
        return
    if path.is_symlink() or not path.is_dir():
        raise OutputError(f"{path}: refused as {option}: it is not a folder")
    if force or not any(path.iterdir()) or is_output(path):
        return
    names = sorted(p.name for p in path.iterdir())
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    raise OutputError(
        f"{path}: refused as {option}: it holds files that are not {what} ({shown}), and they would be "
        f"deleted; choose an empty or new folder, or pass --force to replace it anyway"
    )


def _rmtree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def replace_folder(new: Path, path: Path, remove: Callable[[Path], None] = _rmtree) -> None:
    """``new`` in place of ``path`` in one atomic step; the old output removed (by ``remove``,
    which may do it later: until it is gone, it is a leftover the next run removes)."""
    if not os.path.lexists(path):
        os.rename(new, path)
        return
    if _exchange(new, path):
        remove(new)  # the old output, now where the new one was
        return
    old = old_path(path)
    shutil.rmtree(old, ignore_errors=True)
    os.rename(path, old)
    os.rename(new, path)  # a kill before this: the next run puts the old output back
    remove(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where that is not possible."""
    rename = getattr(_libc(), "renameat2", None)
    if rename is None:
        return False
    if rename(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), os.fspath(b))


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load (not on Linux or macOS)
        return None


def remove_leftovers(path: Path) -> list[str]:
    """Put back an output a killed run left renamed, and remove what killed runs left beside
    ``path``; the names removed or restored."""
    path = Path(path)
    done = []
    old = old_path(path)
    if not os.path.lexists(path) and old.is_dir():
        os.rename(old, path)
        done.append(f"{old.name} (put back as {path.name})")
    if not path.parent.is_dir():
        return done
    prefixes = (staging_prefix(path), scratch_prefix(path))
    for p in sorted(path.parent.iterdir()):
        ours = p == old or p.name.startswith(prefixes) or _LEGACY_SEARCH.match(p.name)
        if ours and p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
            done.append(p.name)
    return done


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock of ``path``'s parent folder (released when the process ends, however)."""
    parent = Path(path).parent
    parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{path}: another run is writing it (or a folder beside it); wait for it to end"
            ) from None
        yield
    finally:
        os.close(fd)


# ---------------------------------------------------------------------------- in place, with a journal


def journal_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.journal")


_PLAN = "plan.json"
_OLD = "old"
_DATABASES = "databases"


@dataclass
class InPlace:
    """A file of the site changed where it is, not replaced: an SQLite database (``rel``, from the
    site's root) in a transaction not yet committed, whose rollback journal (``journal``: the old
    pages of what the commit writes) is complete; ``mtime_ns``: the file's time as the last build
    left it (put back with its old bytes)."""

    rel: str
    journal: Path
    commit: Callable[[], None]
    mtime_ns: int


def update_in_place(
    new: Path, path: Path, written: list[str], delete: list[str], token: str, changed: Sequence[InPlace] = ()
) -> list[str]:
    """The files of ``new`` (a folder holding only what changed) put in place in ``path``, one
    rename each, the databases ``changed`` committed, and the files ``delete`` (paths from
    ``path``'s root) taken out; the old files (and the databases' rollback journals) are kept in
    the journal beside ``path`` until ``close_journal`` (the caller first records ``token`` as
    done: ``recover`` rolls back a journal whose token was not recorded).  ``written``: the files
    of ``new`` (paths from its root); returned."""
    journal = journal_path(path)
    shutil.rmtree(journal, ignore_errors=True)
    (journal / _OLD).mkdir(parents=True)
    (journal / _DATABASES).mkdir()
    databases = []
    for i, c in enumerate(changed):
        os.link(c.journal, journal / _DATABASES / str(i))  # SQLite removes its name at the commit, not ours
        databases.append({"path": c.rel, "journal": str(i), "mtime_ns": c.mtime_ns})
    replace = {r for r in written if os.path.lexists(path / r)}
    plan = {
        "token": token,
        "replace": sorted(replace),
        "add": sorted(set(written) - replace),
        "delete": delete,
        _DATABASES: databases,
    }
    tmp = journal / f"{_PLAN}.tmp"
    tmp.write_text(json.dumps(plan), encoding="utf-8")
    os.replace(tmp, journal / _PLAN)  # from here on, recover() knows what to undo
    for c in changed:
        c.commit()
    for rel in written:
        if rel in replace:
            _move(path / rel, journal / _OLD / rel)
        else:
            (path / rel).parent.mkdir(parents=True, exist_ok=True)
        os.rename(new / rel, path / rel)
    for rel in delete:
        _move(path / rel, journal / _OLD / rel)
    _prune(path, delete)
    return written


def close_journal(path: Path) -> None:
    """The update of ``path`` done: its journal (the old files) removed."""
    shutil.rmtree(journal_path(path), ignore_errors=True)


def recover(path: Path, done: Callable[[str], bool]) -> list[str]:
    """What a build killed while it put its files in place left: undone from the journal (the
    old files put back, the new ones taken out) unless ``done(token)`` says the build recorded
    it; then the journal removed.  Safe to run again if killed itself.  What was done, in words."""
    journal = journal_path(path)
    if not journal.is_dir():
        return []
    try:
        plan = json.loads((journal / _PLAN).read_text(encoding="utf-8"))
    except (OSError, ValueError):  # killed before the plan was written: nothing was moved
        plan = None
    if plan is None or done(plan["token"]):
        close_journal(path)
        return [f"{journal.name} (the build it belongs to was done)" if plan else journal.name]
    for entry in plan.get(_DATABASES, []):
        roll_back(path / entry["path"], journal / _DATABASES / entry["journal"], entry["mtime_ns"])
    old = journal / _OLD
    for rel in plan["add"]:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path / rel)
    for rel in [*plan["replace"], *plan["delete"]]:
        if os.path.lexists(old / rel):
            (path / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(old / rel, path / rel)
    _prune(path, plan["add"])
    close_journal(path)
    n = len(plan["replace"]) + len(plan["add"]) + len(plan["delete"])
    return [f"{journal.name} (the previous site put back: {n} file(s) of an unfinished update)"]


def roll_back(database: Path, saved: Path, mtime_ns: int) -> None:
    """``database`` as it was before the transaction whose rollback journal is ``saved``: the
    journal put back beside it, where SQLite finds it hot and writes the old pages back (and
    the file's old length) as it opens the file; then the file's old time."""
    live = database.with_name(database.name + "-journal")
    if os.path.lexists(saved):
        os.replace(saved, live)
    if os.path.lexists(live) and database.is_file():  # (a recovery killed after the line above left it there)
        with contextlib.closing(sqlite3.connect(database)) as db:
            db.execute("SELECT count(*) FROM sqlite_master").fetchall()
        if os.path.lexists(live):
            raise OSError(errno.EIO, f"{live}: SQLite did not roll it back", os.fspath(live))
    with contextlib.suppress(FileNotFoundError):
        os.utime(database, ns=(os.stat(database).st_atime_ns, mtime_ns))


def _move(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.rename(src, dest)


def _prune(path: Path, removed: list[str]) -> None:
    """The folders of ``path`` left empty by the files ``removed``, removed."""
    folders = {os.path.dirname(r) for r in removed}
    for folder in sorted(folders, key=len, reverse=True):
        while folder:
            try:
                os.rmdir(path / folder)
            except OSError:  # not empty (or gone)
                break
            folder = os.path.dirname(folder)
