"""The reading half: documents in ``content/`` → ``Budget`` (model.py).

``documents`` finds budgets and their metadata; ``pdf`` (pdfplumber) and ``text`` turn a
document into lines; ``parse`` turns lines into the standard tables; ``extract`` runs them.
"""

from .documents import Document, discover, metadata_for
from .extract import read_budget, sha256_of

__all__ = ["Document", "discover", "metadata_for", "read_budget", "sha256_of"]
