"""A content-addressed cache of extraction results.

Reading a budget is a pure function of three things: the source document's bytes, its
metadata, and the code that reads it.  The cache key is a hash of all three, so an
unchanged document is never read twice, and any change to the document, its ``.yml`` or
the extractor (``EXTRACTOR_VERSION``, a hash of the reading code itself) misses the cache
and reads afresh.  Entries are pickled objects written atomically, each behind a digest of its
key and its bytes (``MAGIC``, then the SHA-256, then the pickle), checked before the pickle is
loaded: an entry changed since it was written (by hand, by a bad disk, by another program), cut
short, or moved to another key is a miss, never an error and never a result.

The entries are files under the cache's folder, or, with a ``url``, objects of any filesystem
fsspec knows (``s3://bucket/cache``, ``gcs://…``, ``file:///shared/cache``): the workers of a
Dask cluster on other machines then share one cache.  The build's own state stays in the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from dataclasses import asdict
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

from ..model import Budget, Metadata

T = TypeVar("T")

MAGIC = b"budget-cache 1\n"  # what every entry starts with; then the digest, then the pickle
_MISS = object()

# The code that decides what a document reads as: the reading half and what it reads.
_EXTRACTOR_FILES = ("catalog.py", "chinese.py", "model.py")
_EXTRACTOR_PACKAGE = "read"


def _versions(h: hashlib._Hash, libraries: tuple[str, ...]) -> None:
    """Feed the installed versions of ``libraries`` to the hash ``h``."""
    for lib in libraries:
        try:
            h.update(f"{lib}=={metadata.version(lib)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{lib} missing\0".encode())


@cache
def extractor_version() -> str:
    here = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    _versions(h, ("pdfplumber", "pdfminer.six"))  # what a PDF reads as depends on them too
    paths = [here / name for name in _EXTRACTOR_FILES] + sorted((here / _EXTRACTOR_PACKAGE).rglob("*.py"))
    for path in paths:
        h.update(str(path.relative_to(here)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


# Libraries whose output lands in the site (pages, search index, PDF reading).
_LIBRARIES = ("jinja2", "markdown-it-py", "markupsafe", "babel", "pdfplumber", "pdfminer.six", "pagefind")


@cache
def code_version() -> str:
    """A hash of all the code and templates that turn a budget into files of the site, and of
    the versions of the libraries that take part."""
    from ..site.writer import TEMPLATES

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    _versions(h, _LIBRARIES)
    code = [(str(p.relative_to(root.parent)), p) for p in root.rglob("*.py")]
    templates = [(str(Path("templates") / p.relative_to(TEMPLATES)), p) for p in TEMPLATES.rglob("*") if p.is_file()]
    for name, path in sorted(code + templates):
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cache_key(data: bytes, suffix: str, meta: Metadata) -> str:
    h = hashlib.sha256()
    h.update(extractor_version().encode())
    h.update(suffix.lower().encode() + b"\0")
    h.update(repr(sorted(asdict(meta).items())).encode() + b"\0")
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


FSSPEC_MISSING = (
    "a cache at a URL needs fsspec: pip install '.[dask]' (or fsspec and the filesystem's package, e.g. s3fs)"
)


class CacheURLError(Exception):
    """A cache URL that cannot be used (fsspec or its filesystem missing, a malformed URL)."""


@cache
def _filesystem(url: str) -> tuple[Any, str]:
    """The fsspec filesystem of ``url`` and the path in it (one per process)."""
    try:
        from fsspec.core import url_to_fs
    except ImportError:
        raise CacheURLError(FSSPEC_MISSING) from None
    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as e:
        raise CacheURLError(f"the cache URL {url!r} cannot be used: {e}") from None
    return fs, str(path).rstrip("/")


def check_url(url: str) -> None:
    """Raises ``CacheURLError`` where ``url`` names no filesystem this machine can use."""
    if "://" not in url:
        raise CacheURLError(f"the cache URL {url!r} has no scheme (such as s3:// or file://)")
    _filesystem(url)


class ExtractionCache:
    """``<root>/<key[:2]>/<key>.pickle``, or the same names under ``url`` (fsspec); ``root``
    None disables caching (``root`` also holds the build's state, see ``state.py``)."""

    def __init__(self, root: Path | None, url: str | None = None):
        self.root = Path(root) if root is not None else None
        self.url = url.rstrip("/") if url else None
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.pickle"

    def _read(self, key: str) -> bytes:
        if self.url is None:
            with open(self._path(key), "rb") as f:
                return f.read()
        fs, base = _filesystem(self.url)
        data: bytes = fs.cat_file(f"{base}/{key[:2]}/{key}.pickle")
        return data

    def get(self, key: str) -> Budget | None:
        return self.load(key, Budget)

    def put(self, key: str, budget: Budget) -> None:
        self.store(key, budget)

    def load(self, key: str, kind: type[T]) -> T | None:
        """The object stored under ``key`` if its digest holds and it is a ``kind``; None (a miss)
        otherwise."""
        if self.root is None:
            return None
        obj: object = _MISS
        try:
            payload = _verified(key, self._read(key))
            if payload is not None:
                obj = pickle.loads(payload)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            obj = _MISS
        if obj is _MISS or not isinstance(obj, kind):
            self.misses += 1
            return None
        self.hits += 1
        return obj

    def store(self, key: str, obj: object) -> None:
        if self.root is None:
            return
        payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        if self.url is not None:
            _put_into(self.url, key, MAGIC + _digest(key, payload) + payload)
            return
        path = self._path(key)
        tmp = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + _digest(key, payload) + payload)
            os.replace(tmp, path)
        except OSError:  # a cache that cannot be written (a full disk) only costs time
            if tmp:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _digest(key: str, payload: bytes) -> bytes:
    """The digest an entry carries: of its key and its bytes (32 bytes)."""
    return hashlib.sha256(key.encode() + b"\0" + payload).digest()


def _verified(key: str, data: bytes) -> bytes | None:
    """The pickle of an entry read from disk, if the entry is whole and its digest holds."""
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or len(data) <= head:
        return None
    payload = data[head:]
    return payload if data[len(MAGIC) : head] == _digest(key, payload) else None


def _put_into(url: str, key: str, data: bytes) -> None:
    """An entry written to the filesystem at ``url`` (an object store writes it whole or not at
    all; a half-written file elsewhere fails its digest, a miss)."""
    fs, base = _filesystem(url)
    try:
        fs.makedirs(f"{base}/{key[:2]}", exist_ok=True)  # a folder on a disk; nothing in a bucket
        fs.pipe_file(f"{base}/{key[:2]}/{key}.pickle", data)
    except OSError:  # a cache that cannot be written only costs time
        pass
