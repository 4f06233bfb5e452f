"""A varied corpus of budget PDFs rendered from the hand-checked goldens (issue 9), and the
machinery that reads them through every route and compares the packages cell by cell.

- ``goldens``: the golden folders (tests/golden/<budget-id>/) and their metadata as an
  expected document; ``variants``: amounts scaled by an integer, departments renamed;
- ``layouts``: the layout matrix; ``printed``/``tables``: what a document prints (pages of
  text and tables, producer-neutral); ``breaks``: where a line may break;
- ``reportlab_pdf`` and ``chromium_pdf``: two PDF producers; ``selfcheck``: each PDF checked
  against what it should print, without the project's reader;
- ``routes``: the PDF and the text routes, and the one adapter into the project's reader;
  ``compare``: cell by cell; ``matrix``: the combinations, their names and the cache.

Expected values come only from the golden CSVs, through the transformations in ``variants``.
"""
