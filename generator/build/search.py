"""The search index: Pagefind over the written pages, one bundle for the shared pages and one
per shard of budgets, indexed in a thread beside the build; the search page merges them."""

from __future__ import annotations

import gzip
import hashlib
import json
import queue
import re
import shutil
import subprocess
import sys
import threading
import zlib
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

SHARD_SIZE = 32  # budgets per search bundle, about: what one changed budget re-indexes
# What search leaves out: tables (browsed on the page and downloaded as CSV; their amounts and
# classification names, the same in every budget, are not what anyone searches for) and the
# charts (figures: every department's name is a label of the compare page's).  Search covers
# the text: titles, the nine parts, the glossary.  This also halves the time Pagefind takes.
SEARCH_IGNORES = ("table", "svg", "figure")  # element names: CSS selectors for Pagefind, stripped before indexing


def shard_budgets(ids: Iterable[str]) -> dict[str, list[str]]:
    """Budgets → search bundles.  A budget's bundle depends only on its id and the number of
    bundles (a power of two), so adding a budget re-indexes one bundle, not all of them."""
    ids = sorted(ids)
    n = 1
    while n * SHARD_SIZE < len(ids) and n < 128:
        n *= 2
    shards: dict[str, list[str]] = {MAIN_BUNDLE: []}
    for i in ids:
        name = f"budgets-{zlib.crc32(i.encode()) % n:02d}-of-{n:02d}"
        shards.setdefault(name, []).append(i)
    return shards


def merged_bundles(shards: dict[str, list[str]]) -> list[str]:
    """The bundles the search page merges into the shared pages' (paths from the site root)."""
    return [f"{urls.search_bundle(n)}/" for n in sorted(shards) if n != MAIN_BUNDLE]


def searched(pages: Iterable[PageRef]) -> list[PageRef]:
    """The pages a bundle indexes: all but the landing page, the 404 page and the search pages."""
    return sorted({p for p in pages if p.kind not in (urls.LANDING, urls.NOT_FOUND, urls.SEARCH)}, key=lambda p: p.path)


class SearchIndex:
    """Pagefind over the written pages, in a thread that runs up to ``jobs`` Pagefind processes
    while the build goes on: each shard's budget pages into ``pagefind-budgets/<shard>/`` as
    soon as they are rendered (``start``), the shared pages into ``pagefind/`` once they are
    (``add_shared``).  A bundle whose pages did not change is linked from the last build.
    Pagefind reads copies of the pages without what it leaves out anyway (tables, charts):
    the same index, read in half the time."""

    def __init__(
        self, staging: Path, site: Path, shards: dict[str, list[str]], state: State, prev: State, jobs: int | None
    ):
        self.staging, self.site, self.shards = staging, site, shards
        self.state, self.prev, self.jobs = state, prev, jobs
        self.keys: dict[str, str] = {}
        self.todo: list[tuple[str, list[str]]] = []  # (bundle's folder, its pages)
        self.queue: queue.Queue[tuple[str, list[str]] | None] = queue.Queue()
        self.failures: list[str] = []
        self.scratch = new_folder(site, scratch_prefix(site))
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _add(self, name: str, pages: list[PageRef], links: Links) -> None:
        # A page's key stands for its bytes: the key of everything it was made from.
        files = [p.path for p in pages]
        key = self.keys[name] = digest(name, *(f"{p.path}:{self._page_key(p)}" for p in pages))
        out = urls.search_bundle(name)
        if self.prev.bundles.get(name) == key and self.prev.intact_tree(self.site, out):
            links.link_tree(self.site / out, self.staging / out)
        elif files:
            self.todo.append((out, files))
            self.queue.put((out, files))

    def _page_key(self, page: PageRef) -> str:
        if page.kind == urls.BUDGET:
            return self.state.budgets[page.budget]["page"]
        return self.state.parts.get(page.path, self.state.shared)

    def start(self, links: Links) -> None:
        """The budgets' bundles (their pages are written)."""
        for name, ids in sorted(self.shards.items()):
            if name != MAIN_BUNDLE:
                self._add(name, [urls.budget_page(i, lang) for i in ids for lang in urls.LANGS], links)

    def add_shared(self, links: Links, pages: Iterable[PageRef]) -> None:
        """The shared pages' bundle (they are written: ``pages``, every part)."""
        self._add(MAIN_BUNDLE, searched(pages), links)

    def _run(self) -> None:
        procs: list[tuple[str, subprocess.Popen[str]]] = []
        try:
            while True:
                item = self.queue.get()
                if item is None:
                    break
                out, files = item
                while len(procs) >= workers(self.jobs, 2):
                    self.failures += _wait(procs.pop(0))
                pages = self.scratch / out
                for f in files:
                    (pages / f).parent.mkdir(parents=True, exist_ok=True)
                    (pages / f).write_text(
                        _for_search((self.staging / f).read_text(encoding="utf-8")), encoding="utf-8"
                    )
                procs.append((out, _pagefind(pages, self.staging / out, files)))
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
                _normalize_filters(self.staging / out)
                _normalize_entry(self.staging / out / "pagefind-entry.json")
                if out != urls.search_bundle(MAIN_BUNDLE):
                    _prune(self.staging / out)
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


def _for_search(html: str) -> str:
    return _NOT_SEARCHED.sub("", html)


def _pagefind(pages: Path, out: Path, files: list[str]) -> subprocess.Popen[str]:
    """Pagefind over ``files`` (paths from the site root) in ``pages``, the bundle into ``out``."""
    glob = "{" + ",".join(files) + "}" if len(files) > 1 else files[0]
    cmd = [sys.executable, "-m", "pagefind", "--site", str(pages), "--output-path", str(out), "--glob", glob]
    cmd += ["--silent", *(arg for sel in SEARCH_IGNORES for arg in ("--exclude-selectors", sel))]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait(item: tuple[str, subprocess.Popen[str]]) -> list[str]:
    out, proc = item
    try:
        stdout, stderr = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        proc.kill()
        return [f"{out}: timed out"]
    return [f"{out}: {(stderr or stdout).strip()}"] if proc.returncode != 0 else []
