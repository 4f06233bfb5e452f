"""One document → one ``Budget``: dispatch on the file kind, then the shared table stage.

This is the boundary of the reading half: whatever goes wrong inside it, for whatever bytes, the
caller gets a ``BudgetError`` naming the file (a damaged PDF that makes pdfminer raise
``TypeError``, an amount of a million digits), never another exception.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

from ..model import Budget, BudgetError, Metadata, Source, TableFailure
from .documents import DOCUMENT_LIMIT, metadata_for, read_content

# Digits an amount may have: 万元 with cents of a trillion yuan have 14; the checks' arithmetic
# (28 digits) stays exact well beyond.  A longer "amount" is a damaged or hostile document.
AMOUNT_DIGITS = 20
# Digits in a row in a text cell (a bank account has 21 at most): more, and its table is left out
# before its figures reach any arithmetic (the text's figures are checked: a million digits
# overflow Python's decimals, 29 are rounded).
LONG_NUMBER = re.compile(r"\d{25,}")
# A text cell a spreadsheet would run as a call (=HYPERLINK(…), @SUM(…), =cmd|…!A0): no budget
# prints one, and its table is left out (docs/data-contract.md, "Text and spreadsheets").  Text
# that merely starts with = + - @ (a target "=100%") is kept as printed.
FORMULA_CALL = re.compile(r"^\s*[=+\-@]\s*[A-Za-z_][A-Za-z0-9_.]*\s*[(|!]")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_budget(path: Path, meta: Metadata | None = None) -> Budget:
    """Read a budget document (.txt or .pdf).  Raises ``BudgetError`` naming the file."""
    path = Path(path)
    data = read_content(path, None, DOCUMENT_LIMIT)
    if meta is None:
        meta = metadata_for(path)
    suffix = path.suffix.lower()
    try:
        budget = _read(data, path, meta, suffix)
    except BudgetError as e:
        if suffix == ".pdf":
            e.in_pdf()
        raise e.located(str(path)) from None
    except Exception as e:  # the reader met bytes it did not foresee: say so, with the file
        raise BudgetError(_unforeseen(e, suffix), source=str(path)) from e
    _refuse_long_amounts(budget)
    _refuse_formulas(budget)
    return budget


def _read(data: bytes, path: Path, meta: Metadata, suffix: str) -> Budget:
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


def _unforeseen(e: Exception, suffix: str) -> str:
    what = f"{type(e).__name__}: {str(e)[:200]}" if str(e) else type(e).__name__
    if suffix == ".pdf":
        return (
            f"the PDF cannot be read ({what}): it is damaged or not a PDF the reader understands; "
            "download it again, or repair it (e.g. qpdf, or print it to a new PDF)"
        )
    return f"the document cannot be read ({what}): this is a fault of the reader; please report it with the file"


def _refuse_long_amounts(budget: Budget) -> None:
    """A table with an amount, or a number in its text, longer than any budget prints is left out
    and reported."""
    for resource, table in list(budget.tables.items()):
        for row in table.rows:
            digits = max((_digits(v) for v in row.values()), default=0)
            if digits:
                reason = (
                    f"row {row.get('line')}: a number of {digits:,} digits: no budget prints one; is the file damaged?"
                )
                _leave_out(budget, resource, reason)
                break


def _digits(value: object) -> int:
    """How many digits ``value`` has, if more than a budget's figure can: else 0."""
    if isinstance(value, Decimal):
        n = len(value.as_tuple().digits)
        return n if n > AMOUNT_DIGITS else 0
    if isinstance(value, str):
        return max((len(m) for m in LONG_NUMBER.findall(value)), default=0)
    return 0


def _refuse_formulas(budget: Budget) -> None:
    """A table with a text cell that a spreadsheet would run as a formula is left out, reported."""
    for resource, table in list(budget.tables.items()):
        for row in table.rows:
            cell = next((v for v in row.values() if isinstance(v, str) and FORMULA_CALL.match(v)), None)
            if cell is not None:
                reason = (
                    f"row {row.get('line')}: a cell spreadsheets would run as a formula ({cell[:40]!r}): "
                    "no budget prints one; is the file damaged or tampered with?"
                )
                _leave_out(budget, resource, reason)
                break


def _leave_out(budget: Budget, resource: str, reason: str) -> None:
    table = budget.tables.pop(resource)
    kind = "page" if budget.source.kind == "pdf" else "line"
    budget.failures.append(TableFailure(resource, table.title, reason, table.start, kind))
