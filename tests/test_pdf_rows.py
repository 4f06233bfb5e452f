"""The rows of a PDF table without rules (read/pdf_rows.py): where two alignments cut the lines
into rows differently and about as well, the cut whose rows are set apart is the rows; where
none or both are, the table is reported, not read either way."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest

from generator.model import BudgetError
from generator.read.pdf_rows import ROW, _one_cut

# A unit's name wrapped over three lines around its amounts (lines 0-2), then a one-line row (3):
# centred, [0, 1, 2] [3]; bottom-aligned, [0, 1] [2, 3].
CENTRED = [[0, 1, 2], [3]]
BOTTOM = [[0, 1], [2, 3]]


def _lines(*tops: float) -> Any:
    return cast(Any, [SimpleNamespace(top=t, page=SimpleNamespace(number=7)) for t in tops])


def test_of_two_cuts_about_as_good_the_one_whose_rows_are_set_apart_is_the_rows() -> None:
    lines = _lines(100.0, 109.5, 119.0, 133.0)  # lines of a cell 9.5 apart, rows 14 apart
    best = (-1.5, BOTTOM)  # cheaper, but its second row has a row's gap inside it
    assert _one_cut(lines, best, [(-1.366, CENTRED), best]) == CENTRED


def test_two_cuts_about_as_good_neither_set_apart_report_the_table() -> None:
    lines = _lines(100.0, 110.0, 120.0, 130.0)  # evenly spaced: no gap tells rows apart
    best = (-1.5, BOTTOM)
    with pytest.raises(BudgetError, match="may end the row above or start the row below"):
        _one_cut(lines, best, [(-1.366, CENTRED), best])


def test_a_cut_clearly_better_than_every_other_is_the_rows() -> None:
    lines = _lines(100.0, 110.0, 120.0, 130.0)
    best = (-1.5, BOTTOM)
    assert _one_cut(lines, best, [best, (-1.5 + ROW + 0.01, CENTRED)]) == BOTTOM


def test_numbers_wrapped_in_cells_set_at_their_tops_join_their_row(tmp_path: Path) -> None:
    """A three-line table whose cells are set at their tops: a number wrapped in its narrow cell
    (``0.000`` / ``0``) prints its last piece on a line of its own under the row's other cells.
    That piece is the row's, not a row of amounts without a label (which read the row's cell as
    ``0.000`` and put the pieces on another cell, ``0.000000``: 9 wrong cells)."""
    from corpus import matrix

    spec = next(s for s in matrix.documents(["2024-luohu-internet-information-center"], ["rl-zenhei-threeline"]))
    [result] = matrix.run_document(matrix.aligned(spec, "top"), ("pdf",), tmp_path)
    assert result.corpus_problems == []
    count = result.score.resources["expenditure-summary"]
    assert (count.wrong, count.missing, count.exact) == (0, 0, count.total)
    assert result.score.total.wrong == 0


def test_a_number_wrapped_in_a_cell_set_at_its_bottom_is_not_cut_off_its_last_piece(tmp_path: Path) -> None:
    """Cells set at their bottoms: a unit's name and its amounts both wrap in narrow cells
    (``深圳市宝安区城市更新和土`` / ``地整备中心``, ``61029.4`` / ``1``), and the row's last pieces
    share the line of its other cells.  The first line alone is no row: its ``61029.4`` is cut
    short of two decimals, fills its cell, and the digit under it completes it (read as two rows
    before: 58 wrong cells)."""
    from corpus import matrix

    spec = next(s for s in matrix.documents(["2024-luohu-smart-city-center"], ["rl-cid-threeline-portrait"]))
    [result] = matrix.run_document(matrix.aligned(spec, "bottom"), ("pdf",), tmp_path)
    assert result.corpus_problems == []
    count = result.score.resources["project-expenditure"]
    assert (count.wrong, count.missing, count.exact) == (0, 0, count.total)
    assert result.score.total.wrong == 0 and result.score.total.extra == 0
