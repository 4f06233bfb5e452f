"""What a build (or a reading of every document) gives back."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Budget
from ..site.terms import Translations


class BuildError(Exception):
    """The site could not be built (a full disk, the search index failed): the previous site is
    kept as it was, and nothing of this build is recorded as done."""


@dataclass
class BuildResult:
    budgets: list[Budget] = field(default_factory=list)  # built, in the order of their ids (light copies)
    failures: list[str] = field(default_factory=list)  # documents that could not be read, each with why
    unreadable: list[str] = field(default_factory=list)  # tables printed but not read, each with its document
    translations: Translations = field(default_factory=Translations)  # what the English pages looked up

    @property
    def ok(self) -> bool:
        return not self.failures and not self.unreadable
