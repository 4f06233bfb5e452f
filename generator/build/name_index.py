"""Stage 6 (with the shared pages): the name index (``site.names``), made anew from every
budget's names, each language's files in ``search-names/<lang>/``.  A file with the bytes the
last build left is kept as it is (not written again), so a one-budget change puts in place only
the few files that hold its names; making the index reads every budget's names (work
proportional to the number of budgets: docs/performance.md measures it at 10,000)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..site import urls
from ..site.names import BudgetNames, dumps, files_of, index_of
from .state import Links, State, digest


def names_tag(pages: Mapping[str, str]) -> str:
    """The name index's tag (its files are fetched with it, so cached until it changes): from
    the keys of every budget's pages (``pages``, by id), which its names are made from."""
    return digest("names", *(f"{i}:{pages[i]}" for i in sorted(pages)))[:16]


def write_names(
    staging: Path, site: Path, prev: State, links: Links, names: Mapping[str, dict[str, BudgetNames]]
) -> int:
    """The name index of ``names`` (by budget id, then language) in ``staging``; a file the last
    build left in ``site`` with the same bytes kept.  The number of files written."""
    written = 0
    for lang in urls.LANGS:
        index = index_of(names[i][lang] for i in sorted(names))
        for path, value in files_of(index):
            rel = f"{urls.name_index(lang)}/{path}"
            data = dumps(value)
            if prev.intact(site, rel) and (site / rel).read_bytes() == data:
                links.keep(rel)
                continue
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            (staging / rel).write_bytes(data)
            written += 1
    return written
