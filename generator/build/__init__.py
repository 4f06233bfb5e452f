"""The build: every document in content/ → site/.

``pipeline`` (``build``: the named stages), ``extract`` (documents → packages and digests),
``pages`` (the site's context, keys, the budgets' pages in the workers), ``search``
(Pagefind), ``state`` (what a build leaves for the next, and the links that reuse it),
``workers`` (the process pool), ``cache`` (content-addressed), ``timing``; ``bench`` and
``synth`` measure it on synthetic corpora.
"""

from .extract import load_budgets
from .pipeline import build
from .result import BuildResult

__all__ = ["BuildResult", "build", "load_budgets"]
