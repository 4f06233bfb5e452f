"""The search index of the shared pages: Pagefind over the glossary, about, list and compare
pages, one bundle (``pagefind/``, with Pagefind's scripts), indexed in a thread beside the build
once they are written.  A budget's pages are not in it: the search page finds budgets by their
names in the name index (``site/names.py``, written by ``name_index.py``), which answers in time
that does not grow with the budgets a query matches (Pagefind ranks every page a query matches,
in time that grows with the square of their number: docs/performance.md).  Before, the budgets'
pages were in bundles of their own (``pagefind-budgets/``), and a budget was listed twice.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from ..output import new_folder, scratch_prefix
from ..site import urls
from ..site.urls import MAIN_BUNDLE, PageRef
from . import cbor
from .result import BuildError
from .state import Links, State, digest
from .workers import workers

Log = Callable[..., None]

TAG = 16  # hex digits of a bundle's key in its tag
# What search leaves out of every page: tables (browsed on the page and downloaded as CSV; their
# amounts and classification names, the same in every budget, are not what anyone searches for)
# and the charts (figures: every department's name is a label of the compare page's); this also
# halves the time Pagefind takes.
SEARCH_IGNORES = ("table", "svg", "figure")  # element names: CSS selectors for Pagefind, stripped before indexing


def main_key(shared: str) -> str:
    """The key of the shared pages' bundle (``shared``: the shared pages' key)."""
    return digest(MAIN_BUNDLE, *(f"{p.path}:{shared}" for p in searched(urls.shared_pages())))


def searched(pages: Iterable[PageRef]) -> list[PageRef]:
    """The pages a bundle indexes: all but the landing page, the 404 page and the search pages."""
    return sorted({p for p in pages if p.kind not in (urls.LANDING, urls.NOT_FOUND, urls.SEARCH)}, key=lambda p: p.path)


class SearchIndex:
    """Pagefind over the written shared pages, in a thread that runs up to ``jobs`` Pagefind
    processes while the build goes on (``add_shared``).  A bundle whose pages did not change is
    linked from the last build.  Pagefind reads copies of the pages without what it leaves out
    anyway (tables, charts): the same index, read in half the time."""

    def __init__(self, staging: Path, site: Path, state: State, prev: State, jobs: int | None):
        self.staging, self.site = staging, site
        self.state, self.prev, self.jobs = state, prev, jobs
        self.keys: dict[str, str] = {}
        self.todo: list[tuple[str, list[str]]] = []  # (bundle's folder, its pages)
        self.queue: queue.Queue[tuple[str, list[str]] | None] = queue.Queue()
        self.failures: list[str] = []
        self.scratch = new_folder(site, scratch_prefix(site))
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _add(self, name: str, key: str, pages: list[PageRef], links: Links) -> None:
        files = [p.path for p in pages]
        self.keys[name] = key
        out = urls.search_bundle(name)
        kept = self.prev.tree(self.site, out) if self.prev.bundles.get(name) == key else None
        if kept is not None:
            links.kept.update(kept)
        elif files:
            self.todo.append((out, files))
            self.queue.put((out, files))

    def add_shared(self, links: Links, pages: Iterable[PageRef]) -> None:
        """The shared pages' bundle (they are written: ``pages``, every part)."""
        self._add(MAIN_BUNDLE, main_key(self.state.shared), searched(pages), links)

    def _run(self) -> None:
        procs: list[tuple[str, subprocess.Popen[str], float]] = []
        try:
            while True:
                item = self.queue.get()
                if item is None:
                    break
                out, files = item
                while len(procs) >= workers(self.jobs, 2):
                    self.failures += _wait(procs.pop(0))
                pages = self.scratch / out
                copy_for_search(self.staging, pages, files, self.site)
                procs.append((out, _pagefind(pages, self.staging / out), time_limit(len(files))))
        except Exception as e:  # a full disk, Pagefind missing: the index fails, and the build with it
            self.failures.append(f"{type(e).__name__}: {e}")
        finally:
            for p in procs:
                self.failures += _wait(p)

    def finish(self, log: Log) -> dict[str, str]:
        """Wait for every bundle; the key of each.  Raises ``BuildError`` when one failed: a site
        without its search index is not a site built."""
        self.queue.put(None)
        self.thread.join()
        shutil.rmtree(self.scratch, ignore_errors=True)
        for out, _ in self.todo:
            try:
                tidy(self.staging / out, out != urls.search_bundle(MAIN_BUNDLE))
            except OSError as e:
                self.failures.append(f"{out}: {e.strerror or e}")
        if self.failures:
            failed = "; ".join(self.failures[:3])
            raise BuildError(f"{self.site}: the search index could not be built: {failed}; the previous site is kept")
        n = len(self.keys)
        log(f"search index: {n} bundle(s), {len(self.todo)} indexed, {n - len(self.todo)} reused")
        return self.keys

    def abandon(self) -> None:
        self.queue.put(None)
        self.thread.join()
        shutil.rmtree(self.scratch, ignore_errors=True)


def copy_for_search(site: Path, pages: Path, files: list[str], kept: Path | None = None) -> None:
    """The copies of ``files`` (paths from the root of ``site``; a file the build did not make
    again is read from ``kept``, the previous site) Pagefind reads, in ``pages``."""
    for f in files:
        src = site / f if kept is None or os.path.exists(site / f) else kept / f
        (pages / f).parent.mkdir(parents=True, exist_ok=True)
        (pages / f).write_text(for_search(src.read_text(encoding="utf-8")), encoding="utf-8")


def index_bundle(pages: Path, out: Path, files: list[str], merged: bool = True) -> None:
    """``files`` (paths from ``pages``, copies made by ``copy_for_search``) indexed into the bundle
    ``out``, as the build indexes a bundle (``merged``: one the search page merges, without
    Pagefind's scripts)."""
    scratch = new_folder(out.parent, scratch_prefix(out))
    try:
        for f in files:
            (scratch / f).parent.mkdir(parents=True, exist_ok=True)
            os.link(pages / f, scratch / f)
        failures = _wait((str(out), _pagefind(scratch, out), time_limit(len(files))))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        raise BuildError("; ".join(failures))
    tidy(out, merged)


def tidy(bundle: Path, merged: bool) -> None:
    """A bundle Pagefind wrote, its files in a fixed order, without Pagefind's scripts when
    ``merged``."""
    _normalize_filters(bundle)
    _normalize_entry(bundle / "pagefind-entry.json")
    if merged:
        _prune(bundle)


def _normalize_entry(path: Path) -> None:
    """Pagefind lists a bundle's languages in no fixed order; sorted, equal input gives equal bytes."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise OSError(f"{path.name} is not JSON: {e}") from e
    if isinstance(entry.get("languages"), dict):
        entry["languages"] = dict(sorted(entry["languages"].items()))
    path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


SIGNATURE = b"pagefind_dcd"  # what starts each of Pagefind's (gzipped) index files


def _read_pf(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise cbor.CborError(f"{path.name}: not a Pagefind index file")
    return cbor.decode(raw[len(SIGNATURE) :])


def _write_pf(folder: Path, template: str, lang: str, value: object, digits: int) -> str:
    """``value`` written as a Pagefind file named by its content's hash (``template`` holds
    the place of the hash, as in 'filter/{}.pf_filter'); the hash."""
    body = cbor.encode(value)
    name = f"{lang}_{hashlib.sha256(body).hexdigest()[:digits]}"
    (folder / template.format(name)).write_bytes(gzip.compress(SIGNATURE + body, mtime=0))
    return name


def _normalize_filters(bundle: Path) -> None:
    """Pagefind 1.5.2 writes each filter's values, and the filters, in no fixed order (fixed
    after 1.5.2 by sorting them): sorted here, the files named anew by their content, so that
    equal pages give equal bytes.  A bundle whose files cannot be read is left as it is."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        for lang, info in entry["languages"].items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read_pf(meta_path)
            assert isinstance(meta, list) and isinstance(meta[3], list)
            filters = []
            for name, old in meta[3]:
                path = bundle / "filter" / f"{old}.pf_filter"
                fname, values = cast(list[Any], _read_pf(path))
                new = _write_pf(bundle, "filter/{}.pf_filter", lang, [fname, sorted(values)], 7)
                filters.append([name, new])
                if new != old:
                    path.unlink()
            meta[3] = sorted(filters)
            new_meta = _write_pf(bundle, "pagefind.{}.pf_meta", lang, meta, 10)
            if new_meta != info["hash"]:
                meta_path.unlink()
            info["hash"] = new_meta
    except (OSError, ValueError, KeyError, TypeError, AssertionError, cbor.CborError):
        return
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def _prune(bundle: Path) -> None:
    """A merged bundle without Pagefind's scripts, styles and WebAssembly (about 650 KB, the same
    in every bundle): the search page runs the shared pages' copy, which merges a bundle by its
    entry, metadata, index and fragments alone (``mergeIndex`` loads no WebAssembly)."""
    for f in bundle.iterdir():
        if f.is_file() and (f.name.endswith((".js", ".css")) or f.name.startswith("wasm.")):
            f.unlink()


_NOT_SEARCHED = re.compile("|".join(rf"<{tag}\b.*?</{tag}>" for tag in SEARCH_IGNORES), re.S)


def for_search(html: str) -> str:
    return _NOT_SEARCHED.sub("", html)


def _pagefind(pages: Path, out: Path) -> subprocess.Popen[str]:
    """Pagefind over every page in ``pages`` (the copies of one bundle's pages: named by no glob,
    which for the bundle of all budgets would be longer than a command line may be), the bundle
    into ``out``."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(out)]
    cmd += ["--silent", *(arg for sel in SEARCH_IGNORES for arg in ("--exclude-selectors", sel))]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def time_limit(pages: int) -> float:
    """How long Pagefind may take over ``pages`` pages before it is taken to hang (seconds): ten
    minutes and a tenth of a second a page (it takes about 25 ms a page; the bundle of all of
    10,000 budgets is 20,000 pages, past ten minutes on a loaded machine)."""
    return 600 + 0.1 * pages


def _wait(item: tuple[str, subprocess.Popen[str], float]) -> list[str]:
    out, proc, limit = item
    try:
        stdout, stderr = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        return [f"{out}: timed out"]
    return [f"{out}: {(stderr or stdout).strip()}"] if proc.returncode != 0 else []
