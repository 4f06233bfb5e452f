"""Arithmetic checks of one budget: pure functions over the ``Budget`` model → findings.

Three kinds of check (``CHECKS`` lists them all, each with an id, a description in both
languages and the severity of a failure):

- within a table: a row's total equals its parts, a parent row equals the sum of its children,
  the two-sided summaries balance;
- across tables: the same money printed in two tables is the same amount (支出总表 and the
  一般公共预算 tables, 收支总表 and 财政拨款收支总表, …);
- between the text and the tables, wherever the text states a figure (``statements.py``).

Rounding: the documents convert yuan to 万元 and warn that this leaves tail differences
(尾数误差).  A difference within one cent (0.01 万元) per summed term, or within half a unit of
the last digit the text prints, is reported with severity ``rounding``, not as an error.
A difference the budget's own structure explains (the 一般公共预算 tables leave out the
government-fund spending that 支出总表 includes) is reported as ``info`` with the reason, or
not at all when it is fully accounted for.

A finding locates the row concerned: ``table`` (a resource of the package) and
``table_line`` (that row's ``line``); findings about the text point at the part's row in
``sections``.  ``printed`` is the figure at that place, ``expected`` what the check computes
from the other figures, ``difference`` = printed − expected.

Modules: ``registry`` (every check), ``findings`` (what a check reports, how figures are
compared), ``rows`` (reading the tables), the families ``within``, ``across`` and ``text``
(the text's figures read by ``statements``), ``report`` (findings as text).
"""

from __future__ import annotations

from ..model import Budget
from . import across, text, within
from .findings import Collector, Finding, count, findings_rows, has_errors
from .registry import (
    BY_ID,
    CHECKS,
    COUNT,
    ERROR,
    INFO,
    PERCENT,
    ROUNDING,
    SEVERITIES,
    SEVERITY_NAMES,
    WAN,
    WARNING,
    Check,
)
from .report import format_finding, format_summary, severity_name

# The families of checks, each in its order (findings are then sorted by the order of CHECKS).
FAMILIES = (within.CHECKS, across.CHECKS, text.CHECKS)


def run_checks(budget: Budget) -> list[Finding]:
    """Every finding of every check on ``budget``, in the order of ``CHECKS``."""
    c = Collector()
    for family in FAMILIES:
        for check in family:
            check(c, budget)
    order = {ch.id: i for i, ch in enumerate(CHECKS)}
    return sorted(c.items, key=lambda f: order[f.check])


__all__ = [
    "BY_ID",
    "CHECKS",
    "COUNT",
    "ERROR",
    "INFO",
    "PERCENT",
    "ROUNDING",
    "SEVERITIES",
    "SEVERITY_NAMES",
    "WAN",
    "WARNING",
    "Check",
    "Finding",
    "count",
    "findings_rows",
    "format_finding",
    "format_summary",
    "has_errors",
    "run_checks",
    "severity_name",
]
