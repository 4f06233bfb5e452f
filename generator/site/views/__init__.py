"""Views: pure functions from the model to what each page kind's template shows.

``page`` (where a page is and how it links), ``common`` (names, the scope of a budget page),
``tables`` and ``findings`` (a budget's tables and what the checks found in them),
``budget`` (a budget's page), ``compare`` (the compare page), ``lists`` (the list of budgets,
the glossary).
"""
