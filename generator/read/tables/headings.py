"""A table's header read as one of its rows: never published (issue 9).

Whatever a reader does to find where a table's header ends, a row whose text holds two or more
of the table's own column headings (``预算单位科目编码科目名称支出总计…`` read as the first
row's unit and filled down, ``一级指标`` / ``二级指标`` printed again on a continuation page and
read as cells) is a header read as a row: the table is reported, not published.  No row of a
budget names two of its table's columns: a unit, an item, a subject or a task names what it is,
not the columns its amounts stand in.
"""

from __future__ import annotations

from ...catalog import BY_RESOURCE, headings, squash
from ...model import BudgetError, Row

# How many of the table's headings in one row make it a header: one may be a label's own word
# (项目 in 项目支出, 基本支出 as an item of the 收支总表), two are the header.
HEADER_HEADINGS = 2


def headings_in(row: Row, words: tuple[str, ...]) -> list[str]:
    """The headings (``words``, the longest first) the row's text cells hold, each once, in the
    order printed: a heading inside a longer one found (预算数 in 2024年预算数) is not counted."""
    texts = [squash(v) for v in row.values() if isinstance(v, str)]
    whole = "\0".join(texts)
    found: list[str] = []
    for w in words:
        if w and any(w in t for t in texts):
            texts = [t.replace(w, "\0") for t in texts]
            found.append(w)
    return sorted(found, key=whole.find)  # in the order printed


def check_no_header_row(resource: str, rows: list[Row], loc: int | None) -> None:
    """Raise ``BudgetError`` (at ``loc``, where the table starts) if a row holds the table's
    own column headings."""
    words = headings(BY_RESOURCE[resource])
    for i, row in enumerate(rows, start=1):
        found = headings_in(row, words)
        if len(found) >= HEADER_HEADINGS:
            text = next((v for v in row.values() if isinstance(v, str) and any(w in squash(v) for w in found)), "")
            shown = text if len(text) <= 40 else text[:40] + "…"
            raise BudgetError(
                f"row {i} ({shown!r}) holds the table's column headings {', '.join(found)}: "
                "its header read as a row, the table's rows cannot be told from it",
                line=loc,
            )
