"""Open budget-data publisher: departmental budgets → data packages and a bilingual site."""

__version__ = "0.1.0"
