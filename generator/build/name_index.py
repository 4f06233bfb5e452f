"""Stage 6 (with the shared pages): the name index (``site.names``), each language's files in
``search-names/<lang>/``.  Its key is made from every budget's *names key* (the hash of what
the budget gives the index, kept in the state: ``names_key``), so a build whose budgets give
the index what they gave the last one (a budget's amounts changed, not its names) keeps the
last build's files as they are, reading no budget's names (``unchanged``).  Otherwise it is
made anew from every budget's names, and a file with the bytes the last build left is still
kept (not written again): a one-budget change of names puts in place only the files that
differ."""

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


def names_key(names: Mapping[str, BudgetNames]) -> str:
    """What a budget gives the name index (its names in each language), as a key."""
    return digest("budget names", *(repr(names[lang]) for lang in urls.LANGS))


def index_key(keys: Mapping[str, str]) -> str:
    """The name index's key: every budget's names key (``keys``, by id), in the order of the ids."""
    return digest("name index", *(f"{i}:{keys[i]}" for i in sorted(keys)))


def unchanged(site: Path, prev: State, key: str, links: Links) -> bool:
    """Whether the last build's index has the key ``key`` and its files are as it left them;
    then they are kept (``links``)."""
    if not prev.names_index or prev.names_index != key:
        return False
    files = prev.under(urls.NAME_INDEX)
    if not files or not all(prev.intact(site, f) for f in files):
        return False
    for f in files:
        links.keep(f)
    return True


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
