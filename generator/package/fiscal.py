"""The Fiscal Data Package model of a package (Fiscal Data Package 0.3, the OpenSpending
format): the country, the fiscal period, and a ``model`` mapping the CSVs' columns onto
measures (the amounts: currency CNY, ``factor`` 10000 for 万元, the budget's direction and
phase) and dimensions (the budget unit, the functional or economic classification by code)."""

from __future__ import annotations

from ..catalog import BY_RESOURCE

COUNTRY = "CN"
FACTOR = 10000  # the amounts are in 万元
PHASE = "approved"  # a 部门预算 is published once the people's congress has approved the budget

# The tables the model maps: their direction and, for a coded table, its classification.
FISCAL_TABLES: dict[str, tuple[str, str]] = {
    "income-summary": ("revenue", ""),
    "expenditure-summary": ("expenditure", "functional"),
    "general-budget-by-function": ("expenditure", "functional"),
    "general-budget-by-economic": ("expenditure", "economic"),
    "government-fund-expenditure": ("expenditure", "functional"),
    "state-capital-expenditure": ("expenditure", "functional"),
    "special-transfer-expenditure": ("expenditure", "functional"),
}


def fiscal_model(resources: list[str], years: list[int], *, combined: bool = False) -> dict:
    """``countryCode``, ``fiscalPeriod`` (the budget years, January to December), ``granularity``
    and ``model`` for a package of ``resources`` (``combined``: ``all``, whose rows also have a
    ``budget`` dimension)."""
    measures: dict[str, dict] = {}
    dimensions: dict[str, dict] = {}
    for resource in (r for r in FISCAL_TABLES if r in resources):
        direction, classification = FISCAL_TABLES[resource]
        spec, key = BY_RESOURCE[resource], resource.replace("-", "_")
        for f in spec.amounts:
            measures[f"{key}__{f.name}"] = {
                "source": f.name,
                "resource": resource,
                "currency": "CNY",
                "factor": FACTOR,
                "direction": direction,
                "phase": PHASE,
                "title": f"{spec.en}: {f.en}",
            }
        if combined:
            dimensions[f"{key}__budget"] = _dimension(resource, "entity", {"budget": None}, "budget")
        dimensions[f"{key}__unit"] = _dimension(resource, "entity", {"unit": None, "unit_en": "unit"}, "unit")
        if classification:
            attributes = {"code": None, "name": "code", "name_en": "code", "parent_code": None}
            dimensions[f"{key}__{classification}"] = {
                **_dimension(resource, "classification", attributes, "code"),
                "classificationType": classification,
            }
    if not measures:
        return {}
    return {
        "countryCode": COUNTRY,
        "fiscalPeriod": {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31"},
        "granularity": "aggregated",
        "model": {"measures": measures, "dimensions": dimensions},
    }


def _dimension(resource: str, kind: str, attributes: dict[str, str | None], key: str) -> dict:
    """A dimension of ``resource``: its attributes (each a column of the same name, labelling
    the attribute named, if any) and primary key."""
    attrs = {}
    for name, label_for in attributes.items():
        attrs[name] = {"source": name, "resource": resource, **({"labelfor": label_for} if label_for else {})}
    return {"dimensionType": kind, "attributes": attrs, "primaryKey": key}
