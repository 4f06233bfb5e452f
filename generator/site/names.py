"""The name index: search's own index of the names a budget page gives search (its department,
parent department, district, budget units and projects: ``views.search.SearchNames``), which the
search page asks before Pagefind, so that a budget is found in time that does not grow with the
number of budgets a query matches (Pagefind ranks every page a query matches: docs/performance.md).

One index a language, in ``search-names/<lang>/``, written whole by every build from every
budget's names (``write_index``; the same names give the same bytes):

- ``k/<shard>.json``: key → the ids of the names holding it, ascending, each but the first as its
  difference from the one before (``gaps``: under half the bytes); ``SHARDS`` files, a key
  in the shard of its hash (``shard``), so a query fetches one shard a key whatever the number
  of budgets.  A key is a Chinese character, two Chinese characters that stand together in a
  name (a bigram), or the first one to ``PREFIX`` letters of an English word (``keys``).
  A *long* key (held by more than ``LONG`` names: 深圳, 市, 中心…) has there only the number of
  parts its list is cut into, by id (``SPAN`` ids a part); ``p/<shard>/<part>.json``: each long
  key of that shard → its ids in that part (as gaps).  So a query with a key that is not long
  fetches no long key's list (every name it finds is checked to hold the whole query anyway),
  and a query of long keys only reads their lists a part at a time, as far as its first results.
- ``n/<chunk>.json``: the names, ``NAME_CHUNK`` a file: [field, text, [budgets' numbers]].
  A name's id is its place in the order results are shown in: by field (the department first,
  then the places, the units, the projects: ``FIELDS``), then shorter names first, then by text;
  so the results of a query are its names' in the order of their ids, none scored.
- ``b/<chunk>.json``: the budgets, ``BUDGET_CHUNK`` a file, in the order of their ids:
  [title, address from the site's root]; fetched only for the results shown.

A query (``search``, which the search page's script does the same way: templates/static/
search.js) looks up its keys, intersects the lists of those that are not long (or, when all are,
their lists part by part), and keeps the names that hold the query itself (a name holding every bigram of 信息中心 need not hold 信息中心): a
Chinese word of the query must stand in the name as it is, an English word must begin one of
the name's words.  Tokens (``tokens``): a run of Chinese characters (punctuation between two
Chinese characters dropped: 中心（本级） is 中心本级) or a run of other letters and digits,
lower-cased.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SHARDS = 64  # key files a language, whatever the number of budgets
NAME_CHUNK = 128  # names a file
BUDGET_CHUNK = 64  # budgets a file
PREFIX = 4  # the longest prefix of an English word that is a key
PAGE = 10  # results shown at a time
LONG = 1024  # a key held by more names than this is long: its list is stored in parts
SPAN = 4096  # the ids a part of a long key's list covers (part j: ids j·SPAN to (j+1)·SPAN - 1)
FIELDS = ("department", "place", "unit", "project")  # a name's field, in the order results are shown
DEPARTMENT, PLACE, UNIT, PROJECT = range(len(FIELDS))

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_JOIN = re.compile(rf"(?<=[{_HAN}])[^\w\s]+(?=[{_HAN}])")
_TOKEN = re.compile(rf"[{_HAN}]+|(?:(?![{_HAN}])[^\W_])+")
_IS_HAN = re.compile(rf"[{_HAN}]")


@dataclass(frozen=True)
class BudgetNames:
    """What the name index holds of one budget page: its title (the department), its address
    from the site's root, and its names (field, text), in the page's order."""

    title: str
    url: str
    names: tuple[tuple[int, str], ...]


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index cuts them: runs of Chinese characters, runs of other
    letters and digits (lower-cased)."""
    return _TOKEN.findall(_JOIN.sub("", text.lower()))


def han(token: str) -> bool:
    return bool(_IS_HAN.match(token))


def keys(text: str) -> set[str]:
    """The keys of a name: each Chinese character and each two that stand together, each
    English word's prefixes up to ``PREFIX`` letters."""
    out: set[str] = set()
    for w in tokens(text):
        if han(w):
            out.update(w)
            out.update(w[i : i + 2] for i in range(len(w) - 1))
        else:
            out.update(w[:k] for k in range(1, min(PREFIX, len(w)) + 1))
    return out


def query_keys(query: str) -> list[str]:
    """The keys a query looks up: of a Chinese word, the bigrams that cover it side by side (its
    1st and 2nd characters, 3rd and 4th, …, and its last two: 深圳市罗湖 → 深圳, 市罗, 罗湖; the
    character of a one-character word), which ``holds`` then checks stand together; of an English
    word, its prefix of up to ``PREFIX`` letters."""
    out: list[str] = []
    for w in tokens(query):
        if not han(w):
            found = [w[:PREFIX]]
        elif len(w) == 1:
            found = [w]
        else:
            found = [w[i : i + 2] for i in [*range(0, len(w) - 1, 2), len(w) - 2]]
        out += [k for k in dict.fromkeys(found) if k not in out]
    return out


def holds(name: str, query: str) -> bool:
    """Whether ``name`` holds the query: each Chinese word of it inside one of the name's
    Chinese words, each English word the beginning of one of the name's words."""
    words = tokens(name)
    for q in tokens(query):
        if not any((q in w) if han(q) else w.startswith(q) for w in words):
            return False
    return bool(tokens(query))


def shard(key: str) -> int:
    """The key file of ``key``: FNV-1a (32 bits) over its code points, modulo ``SHARDS``."""
    h = 0x811C9DC5
    for ch in key:
        h = ((h ^ ord(ch)) * 0x01000193) & 0xFFFFFFFF
    return h % SHARDS


@dataclass(frozen=True)
class Index:
    """One language's index in memory: its names in id order (field, text, budgets' numbers),
    its budgets (title, url) and each key's name ids."""

    names: list[tuple[int, str, list[int]]]
    budgets: list[tuple[str, str]]
    postings: dict[str, list[int]]


def index_of(budgets: Iterable[BudgetNames]) -> Index:
    """The index of ``budgets`` (in the order of their ids: a budget's number is its place)."""
    listed = list(budgets)
    holders: dict[tuple[int, str], list[int]] = {}
    for n, b in enumerate(listed):
        for f, text in dict.fromkeys(b.names):
            if tokens(text):
                holders.setdefault((f, text), []).append(n)
    order = sorted(holders, key=lambda ft: (ft[0], len(ft[1]), ft[1]))
    postings: dict[str, list[int]] = {}
    for i, (_, text) in enumerate(order):
        for k in keys(text):
            postings.setdefault(k, []).append(i)
    names = [(f, text, holders[(f, text)]) for f, text in order]
    return Index(names, [(b.title, b.url) for b in listed], postings)


def files_of(index: Index) -> Iterator[tuple[str, object]]:
    """The index's files: (path in the language's folder, its JSON value)."""
    shards: list[dict[str, object]] = [{} for _ in range(SHARDS)]
    parts: dict[tuple[int, int], dict[str, list[int]]] = {}
    for k in sorted(index.postings):
        ids, s = index.postings[k], shard(k)
        if len(ids) <= LONG:
            shards[s][k] = gaps(ids)
            continue
        count = ids[-1] // SPAN + 1
        shards[s][k] = count  # its number of parts: each part's file is written, if empty
        for j in range(count):
            parts.setdefault((s, j), {})
        for j, run in itertools.groupby(ids, key=lambda i: i // SPAN):
            parts[(s, j)][k] = gaps(list(run))
    for s, value in enumerate(shards):
        yield f"k/{s}.json", value
    for (s, j), part in sorted(parts.items()):
        yield f"p/{s}/{j}.json", part
    for c in range(0, len(index.names), NAME_CHUNK):
        yield f"n/{c // NAME_CHUNK}.json", [list(n) for n in index.names[c : c + NAME_CHUNK]]
    for c in range(0, len(index.budgets), BUDGET_CHUNK):
        yield f"b/{c // BUDGET_CHUNK}.json", [list(b) for b in index.budgets[c : c + BUDGET_CHUNK]]


def gaps(ids: list[int]) -> list[int]:
    """Ascending ids as the first and each one's difference from the one before."""
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write_index(folder: Path, budgets: Iterable[BudgetNames]) -> int:
    """The index of ``budgets`` written into ``folder`` (one language's); the number of files."""
    n = 0
    for path, value in files_of(index_of(budgets)):
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(dumps(value))
        n += 1
    return n


@dataclass(frozen=True)
class Hit:
    """A result: the budget's title and address, the name that matched and its field."""

    title: str
    url: str
    field: str
    name: str


def search(read: Callable[[str], object], query: str, limit: int = PAGE) -> list[Hit]:
    """The first ``limit`` budgets that hold ``query`` in one of their names, as the search page
    finds them; ``read``: a file of the language's index by its path (``files_of``)."""
    hits: list[Hit] = []
    seen: set[int] = set()
    for i in itertools.chain.from_iterable(candidates(read, query)):
        f, text, holders = _name(read, i)
        if not holds(text, query):
            continue
        for b in holders:
            if b not in seen and len(hits) < limit:
                seen.add(b)
                title, url = _budget(read, b)
                hits.append(Hit(title, url, FIELDS[f], text))
        if len(hits) >= limit:
            break
    return hits


def candidates(read: Callable[[str], object], query: str) -> Iterator[list[int]]:
    """The ids of the names holding every key of ``query`` that is looked up, ascending, in runs
    (each read when the one before is used up): the lists of its keys that are not long,
    intersected; or, when every key is long, their parts, one part of each at a time."""
    ks = query_keys(query)
    found = [_entry(read, k) for k in ks]
    lists = [v for v in found if isinstance(v, list)]
    if lists or not ks:
        yield intersect(lists)
        return
    for j in range(min(v for v in found if isinstance(v, int))):
        yield intersect([_ids(_file(read, f"p/{shard(k)}/{j}.json").get(k, [])) for k in ks])


def intersect(lists: list[list[int]]) -> list[int]:
    """The ids in every one of ``lists``, ascending (from the shortest)."""
    if not lists:
        return []
    lists = sorted(lists, key=len)
    others = [set(p) for p in lists[1:]]
    return [i for i in lists[0] if all(i in o for o in others)]


def _entry(read: Callable[[str], object], key: str) -> list[int] | int:
    """A key's ids, or its number of parts when it is long."""
    value = _file(read, f"k/{shard(key)}.json").get(key, [])
    return value if isinstance(value, int) else _ids(value)


def _file(read: Callable[[str], object], path: str) -> dict[str, object]:
    value = read(path)
    assert isinstance(value, dict)
    return value


def _ids(stored: object) -> list[int]:
    assert isinstance(stored, list)
    return list(itertools.accumulate(stored))


def _name(read: Callable[[str], object], i: int) -> tuple[int, str, list[int]]:
    chunk = read(f"n/{i // NAME_CHUNK}.json")
    assert isinstance(chunk, list)
    f, text, holders = chunk[i % NAME_CHUNK]
    return int(f), str(text), list(holders)


def _budget(read: Callable[[str], object], b: int) -> tuple[str, str]:
    chunk = read(f"b/{b // BUDGET_CHUNK}.json")
    assert isinstance(chunk, list)
    title, url = chunk[b % BUDGET_CHUNK]
    return str(title), str(url)
