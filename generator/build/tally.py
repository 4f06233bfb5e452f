"""What every budget's pages looked up in the dictionaries, merged, kept from one build to the next
and changed by the budgets that changed only: the budgets whose pages were made again have their
last pages' record taken out and their new one put in, so that a one-budget rebuild reads two
records of pages (the old and the new) and this one, not one a budget.

A budget's record (``Translations``, kept in the cache by the key of its pages) notes each text it
looked up as found, missing or machine-translated, with the budget as the only place it was shown
for, and each coded row printed under another name with the budget it is in; so the union of the
records can be taken apart again with a count, for each text and kind, of the budgets that noted
it (``Tally``).  A record that notes another place cannot be taken out exactly: then there is no
tally, and the build merges every record as before."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..site.terms import Coverage, Translations
from .state import digest

# The sets of a Coverage that are counted: each text's number of budgets that noted it so.
_SETS = ("found", "missing", "machine")


@dataclass
class Tally:
    """The union of the budgets' page records (``merged``), and how many budgets' records hold each
    text in each set of each coverage (``counts``, by ``(coverage, set, text)``: "where" is the
    texts noted at all); ``pages``: the key of the pages of each budget in it."""

    pages: dict[str, str] = field(default_factory=dict)
    merged: Translations = field(default_factory=Translations)
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    def key(self) -> str:
        """The cache key of this tally: the budgets in it and the keys of their pages."""
        return "tally-" + digest("tally", *(f"{i}:{k}" for i, k in sorted(self.pages.items())))

    def add(self, budget: str, page_key: str, record: Translations) -> bool:
        """The budget's record (of its pages of ``page_key``) put in; False, and nothing changed,
        when it cannot be taken out again exactly (it notes a place that is not the budget)."""
        if budget in self.pages or not takes_apart(budget, record):
            return False
        self.pages[budget] = page_key
        self.merged.merge(record)
        self._count(record, 1)
        return True

    def remove(self, budget: str, record: Translations) -> None:
        """The budget's record (the one ``add`` was given) taken out."""
        del self.pages[budget]
        self._count(record, -1)
        for name, cov in _coverages(record):
            mine = getattr(self.merged, name)
            for which in _SETS:
                for text in getattr(cov, which):
                    if not self.counts[(name, which, text)]:
                        getattr(mine, which).discard(text)
                        del self.counts[(name, which, text)]
            for text in cov.where:
                if not self.counts[(name, "where", text)]:
                    del mine.where[text], self.counts[(name, "where", text)]
                else:
                    mine.where[text].discard(budget)
        self.merged.names -= record.names

    def _count(self, record: Translations, step: int) -> None:
        for name, cov in _coverages(record):
            for which in _SETS:
                for text in getattr(cov, which):
                    self.counts[(name, which, text)] += step
            for text in cov.where:
                self.counts[(name, "where", text)] += step


def _coverages(record: Translations) -> list[tuple[str, Coverage]]:
    return [("labels", record.labels), ("sentences", record.sentences)]


def takes_apart(budget: str, record: Translations) -> bool:
    """Whether a budget's record can be taken out of a union exactly: every text it notes is shown
    for that budget only (or for none), and every coded row it names is in that budget."""
    places = (p for _, cov in _coverages(record) for p in cov.where.values())
    return all(p <= {budget} for p in places) and all(n.budget == budget for n in record.names)
