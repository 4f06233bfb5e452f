"""Amounts wrapped in some cells of a row only, in text without positions (pdfplumber's
``extract_text()`` of narrow columns): the row's line holds the amounts that fit, the line above it
the first pieces of those that did not, the line below their ends (``750,562.5 18,856.7`` /
``885,277.25 35,845.94 849,431.31 0.00 0.00 0.00 0.00`` / ``4 6``).  Which columns the wrapped
amounts stand in the text does not say; the row's own arithmetic (totals the sums of their parts,
a part never more than its whole) does where exactly one placement satisfies all of it.  Else the
lines are left as they are and the table is reported as before."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from itertools import combinations

from ...catalog import TableSpec
from ...model import Line
from ..numbers import CODE, is_fragment, is_number, squash_number, to_decimal
from ..tokens import DASHES

TOLERANCE = Decimal("0.05")  # the tails of converting yuan to 万元, over the terms summed
MAX_PLACEMENTS = 5000
# The 一般公共预算拨款's parts in the 收入总表 and 项目支出总表.
SUB_APPROPRIATIONS = (
    "basic_appropriation",
    "duty_project_appropriation",
    "special_fund_appropriation",
    "government_investment_appropriation",
)


def placed_wraps(lines: list[Line], spec: TableSpec) -> list[Line]:
    """The lines with each row's wrapped amounts joined and placed in the row's line, where its
    arithmetic settles the placement."""
    n = len(spec.amounts)
    out = list(lines)
    for i in range(len(out) - 2):
        if any("\t" in ln.text or ln.grid for ln in out[i : i + 3]):
            continue
        a, b, c = (_split(ln) for ln in out[i : i + 3])
        tops, tails = a[1], c[1]
        words, mids = b
        if spec.coded and mids and CODE.match(mids[0]) and len(tops) + len(mids) == n + 1:
            words, mids = [*words, mids[0]], mids[1:]
        if not tops or len(tops) != len(tails) or len(tops) + len(mids) != n:
            continue
        if not all(_wrapped(x, y) for x, y in zip(tops, tails, strict=True)) or not all(map(is_number, mids)):
            continue
        fits = [v for v in _placements([x + y for x, y in zip(tops, tails, strict=True)], mids) if holds(v, spec)]
        if len(fits) != 1:
            continue
        out[i] = replace(out[i], text=" ".join(a[0]))
        out[i + 1] = replace(out[i + 1], text=" ".join([*words, *fits[0]]))
        out[i + 2] = replace(out[i + 2], text=" ".join(c[0]))
    return [ln for ln in out if ln.text.strip() or ln.grid]


def _split(ln: Line) -> tuple[list[str], list[str]]:
    """A line apart by spaces: its words, then the amounts it ends with."""
    toks = ln.text.split()
    k = len(toks)
    while k > 0 and is_fragment(toks[k - 1]) and toks[k - 1] not in DASHES:
        k -= 1
    return toks[:k], [squash_number(t) for t in toks[k:]]


def _wrapped(top: str, tail: str) -> bool:
    """An amount's first piece (stopping short of two decimals) and its end (digits only)."""
    joined = top + tail
    return (
        "." in top
        and len(top.split(".", 1)[1]) < 2
        and tail.isdigit()
        and is_number(joined)
        and len(joined.split(".", 1)[1]) == 2
    )


def _placements(wrapped: list[str], whole: list[str]) -> list[list[str]]:
    """Every way to set the wrapped amounts among the whole ones, each list in its order."""
    n = len(wrapped) + len(whole)
    out: list[list[str]] = []
    for at in combinations(range(n), len(wrapped)):
        w, rest = iter(wrapped), iter(whole)
        out.append([next(w) if k in at else next(rest) for k in range(n)])
        if len(out) > MAX_PLACEMENTS:
            return []
    return out


def holds(values: list[str], spec: TableSpec) -> bool:
    """Does a row's every sum and bound hold (the catalog's arithmetic of the table's columns)?
    A table without any says nothing: never."""
    d = dict(zip([f.name for f in spec.amounts], (to_decimal(v) for v in values), strict=True))
    checks = _checks(d, spec.resource)
    return bool(checks) and all(checks)


def _checks(d: dict[str, Decimal], resource: str) -> list[bool]:
    def near(a: Decimal, b: Decimal) -> bool:
        return abs(a - b) <= TOLERANCE

    sub = SUB_APPROPRIATIONS
    if resource in ("income-summary", "project-expenditure"):
        parts = sum((v for k, v in d.items() if k not in ("total", *sub)), Decimal(0))
        return [near(parts, d["total"]), near(sum((d[k] for k in sub if k in d), Decimal(0)), d["general_budget"])]
    if resource == "basic-expenditure":
        rest = sum(
            (v for k, v in d.items() if k not in ("total", "general_budget", "government_fund", "state_capital"))
        )
        return [
            near(d["general_budget"] + d["government_fund"] + d["state_capital"], d["fiscal_subtotal"]),
            near(Decimal(rest), d["total"]),
        ]
    if "basic" in d and "project" in d:
        extra = sum((d.get(k, Decimal(0)) for k in ("business_operating", "subordinate_subsidy")), Decimal(0))
        extra += d.get("remittance_to_superior", Decimal(0))
        checks = [near(d["basic"] + d["project"] + extra, d["total"])]
        if "procurement_total" in d:
            checks += [
                d["procurement_small_micro"] <= d["procurement_sme"] <= d["procurement_total"] <= d["total"],
            ]
        return checks
    return []
