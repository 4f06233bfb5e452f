"""One document → one ``Budget``: dispatch on the file kind, then the shared table stage."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Budget, BudgetError, Metadata, Source
from .documents import metadata_for


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_budget(path: Path, meta: Metadata | None = None) -> Budget:
    """Read a budget document (.txt or .pdf).  Raises ``BudgetError`` naming the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BudgetError(f"cannot read file: {e.strerror or e}", source=str(path)) from e
    if meta is None:
        meta = metadata_for(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            from .pdf import read_pdf_lines

            lines, pages = read_pdf_lines(data, str(path))
            source = Source(file=path.name, sha256=sha256_of(data), kind="pdf", pages=pages)
        elif suffix == ".txt":
            from .text import decode_text

            lines = decode_text(data, str(path))
            source = Source(file=path.name, sha256=sha256_of(data), kind="text")
        else:
            raise BudgetError(f"unsupported file type {suffix or '(none)'}: expected .pdf or .txt")
        from .parse import parse_document

        return parse_document(lines, meta, source)
    except BudgetError as e:
        if suffix == ".pdf":
            e.in_pdf()
        raise e.located(str(path)) from None
