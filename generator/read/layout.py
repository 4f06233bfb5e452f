"""Text from ``pdftotext -layout``: every printed line on a line of text, each piece of text at
the character column of its place on the page.  Its tables are read by position
(``grid.py``): cells in their columns, empty cells kept in place, wrapped labels and numbers
joined back into their rows.

pdftotext places each word at the column of its left edge; a word's own characters then take
one column each, whatever their printed width, so a word's right end is only roughly where it
ends on the page (Chinese characters are wider than a column, digits about as wide).  Pieces
are what the columns separate: runs of text apart by two spaces or more, and numbers (an
amount, a code) apart by one.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from typing import Literal

from ..catalog import TABLES, TableSpec, squash
from ..chinese import IDEOGRAPHS
from ..model import BudgetError, Line
from .grid import (
    MAX_ROW_LINES,
    AmbiguousRows,
    Piece,
    PrintedLine,
    classify,
    column_of,
    columns,
    group_rows,
    label_column,
    row_cells,
)
from .layout_columns import amount_columns, full_row_columns
from .numbers import CODE, PROCUREMENT_CODE, is_fragment, squash_number
from .words import join_lines

_RUN = re.compile(r"\S+(?: \S+)*")
_SPREAD = re.compile(r"(?:^|\S) {3,}\S")
_NOTE = re.compile(r"^(?:注[:：]|备注[:：]|本套报表|说明[:：])")
_FURNITURE = re.compile(r"^(?:续表|[（(]续[)）]|续)$|单位\s*[:：]|^(?:单位|部门|部门（单位）)名称\s*[:：]")


def pieces(text: str, numbers: bool = True) -> list[Piece]:
    """A line's pieces with their character columns (runs apart by two spaces or more; with
    ``numbers``, a number apart from its neighbours by one space is a piece of its own)."""
    out: list[Piece] = []
    for m in _RUN.finditer(text):
        start = m.start()
        for word in _split_numbers(m.group(0)) if numbers else [m.group(0)]:
            k = text.index(word, start)
            out.append(Piece(word, float(k), float(k + len(word))))
            start = k + len(word)
    return out


def _split_numbers(run: str) -> list[str]:
    """A run split at single spaces that stand beside a number (``5,320.02 教育支出``) or after a
    procurement item's code (``C16010301 通用应用软件开发服``: a long name pushed to one space from
    its code, in a column of its own)."""
    words = run.split(" ")
    out = [words[0]]
    for w in words[1:]:
        coded = PROCUREMENT_CODE.match(out[-1]) is not None and any(c.isdigit() for c in out[-1])
        if is_fragment(squash_number(w)) or is_fragment(squash_number(out[-1])) or coded:
            out.append(w)
        else:
            out[-1] += " " + w
    return out


def is_layout(lines: list[Line]) -> bool:
    """Whether an extraction is ``pdftotext -layout`` text: most lines holding two or more
    amounts set them apart by wide runs of spaces (other extractions use tabs or one space), or
    nearly a third of all lines are spread out by such runs."""
    amount_lines = wide = texts = spread = 0
    for ln in lines:
        if "\t" in ln.text:
            continue
        texts += bool(ln.text.strip())
        spread += _SPREAD.search(ln.text.rstrip()) is not None
        ps = pieces(ln.text)
        nums = [p for p in ps if is_fragment(squash_number(p.text))]
        if len(nums) >= 2:
            amount_lines += 1
            gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(ps)]
            wide += sum(g >= 3 for g in gaps) * 2 >= len(gaps)
    # Narrow columns: pdftotext sets the amounts one space apart, but still lays every line out
    # at its columns, so lines are indented or spread by runs of spaces (other tools print one).
    return amount_lines >= 5 and (wide * 3 >= amount_lines * 2 or spread * 10 >= texts * 3)


# ---------------------------------------------------------------------------- a table


def printed_pages(parts: list[list[Line]], coded: bool = False) -> list[list[PrintedLine]]:
    """A table's lines as printed lines, page by page (pdftotext lays each page out by itself:
    the same column may stand at other character columns on the next page).  ``parts``: the
    table's lines, cut where its title is printed again (on a new page)."""
    pages: list[list[PrintedLine]] = [[]]
    firsts = {id(part[0]) for part in parts if part}
    for ln in (ln for part in parts for ln in part):
        t = ln.text.strip()
        if (ln.new_page or id(ln) in firsts) and pages[-1]:
            pages.append([])
        if not t or _NOTE.match(t) or _FURNITURE.search(t):
            continue
        pl = PrintedLine(pieces(ln.text), float(ln.line), ln.loc)
        classify(pl, coded)
        pages[-1].append(pl)
    return [p for p in pages if p]


# The cells of a kind of table, left to right: how many amount columns (the 三公 table prints
# one per category, or one per category and fund), and whether the labels left of the amounts
# are cut into cells of their own (a code and a name, a unit and a year) or each stretch between
# amount columns is one cell (the two-sided summaries' items).
SHAPES = {"two-sided": ((2,), False), "three-public": ((6, 18), True)}


def table_shape(spec: TableSpec) -> tuple[tuple[int, ...], bool]:
    return SHAPES.get(spec.kind, ((len(spec.amounts),), True))


def grid_lines(spec: TableSpec, parts: list[list[Line]], units: frozenset[str] = frozenset()) -> list[Line]:
    """The rows of a table printed in ``parts`` (its lines after its title, cut where the
    title is printed again) as grid lines: its cells in their columns, tab-separated, empty
    where nothing is printed.  ``units``: the unit names the document is known to print
    (``_unit_runs``).  Raises ``BudgetError`` where the positions do not give the table's
    columns."""
    counts, split_labels = table_shape(spec)
    pages = [pg for pg in printed_pages(parts, spec.coded) if any(pl.amounts for pl in pg)]
    if not pages:
        return []
    for pg in pages:
        if spec.coded:
            _codes_are_labels(pg)
    page_cols = [amount_columns(pg) for pg in pages]
    if len(counts) == 1 and split_labels:
        page_cols = _by_full_rows(pages, page_cols, counts[0], spec.coded)
    ref = next((c for c in page_cols if len(c) in counts), None)
    if ref is None:
        found = ", ".join(str(len(c)) for c in page_cols)
        raise BudgetError(
            f"the amounts stand in {found} columns where the table has {' or '.join(map(str, counts))}: "
            "cannot tell which column each amount belongs to",
            line=pages[0][0].loc,
        )
    out: list[Line] = []
    for pg, cols in zip(pages, page_cols, strict=True):
        _align(pg, cols, ref, spec.coded)
        out.extend(_page_rows(pg, ref, split_labels, header_words(spec), spec.kind == "three-public", units))
    return out


def _by_full_rows(
    pages: list[list[PrintedLine]], page_cols: list[list[tuple[float, float]]], m: int, coded: bool
) -> list[list[tuple[float, float]]]:
    """The pages' columns, those whose amounts run into each other's columns found from their
    full lines (``full_row_columns``, each amount then moved onto its column).  Only when every
    other page shows all ``m`` columns too: a page showing fewer may as well be one whose
    columns ran together, which no page's columns can be carried onto."""
    found = [full_row_columns(pg, m, coded) for pg in pages]
    if not any(found) or any(f is None and len(cols) != m for f, cols in zip(found, page_cols, strict=True)):
        return page_cols
    out = []
    for pg, f, cols in zip(pages, found, page_cols, strict=True):
        if f is not None:
            cols, place = f
            for pl in pg:
                moved = {id(p): Piece(p.text, *cols[place[id(p)]]) for p in pl.amounts}
                pl.pieces = [moved.get(id(p), p) for p in pl.pieces]
                pl.amounts = [moved[id(p)] for p in pl.amounts]
        out.append(cols)
    return out


def _codes_are_labels(page: list[PrintedLine]) -> None:
    """A column left of every amount column that holds only classification codes (a code whose
    name is wrapped onto the lines above and below it stands alone on its line) is labels."""
    cols = amount_columns(page)
    if len(cols) < 2:
        return
    first = [p for pl in page for p in pl.amounts if column_of(p, cols) == 0]
    # a classification lists each code once, in order: the same number on consecutive rows is
    # an amount (a total column of 650 on every row), not a code
    if all(CODE.match(p.text) for p in first) and all(a.text != b.text for a, b in itertools.pairwise(first)):
        for pl in page:
            codes = [p for p in pl.amounts if column_of(p, cols) == 0]
            pl.amounts = [p for p in pl.amounts if p not in codes]
            pl.labels = sorted([*pl.labels, *codes], key=lambda p: p.x0)


def _align(
    page: list[PrintedLine], cols: list[tuple[float, float]], ref: list[tuple[float, float]], coded: bool
) -> None:
    """Move a page's pieces onto the reference page's columns: the affine map of the character
    columns that takes this page's amount columns onto the reference's (all of them, or, when
    the page leaves some columns empty, the one choice of columns that fits clearly best)."""
    if cols == ref:
        return
    fits = sorted(_fit(cols, [ref[k] for k in ks]) for ks in itertools.combinations(range(len(ref)), len(cols)))
    if not fits or len(cols) > len(ref) or (len(fits) > 1 and fits[1][0] < 2 * fits[0][0] + 1):
        raise BudgetError(
            f"a page of the table prints {len(cols)} columns of amounts where the table has {len(ref)}: "
            "cannot tell which columns they are",
            line=page[0].loc,
        )
    _, a, b = fits[0]
    for pl in page:
        pl.pieces = [Piece(p.text, a * p.x0 + b, a * p.x1 + b) for p in pl.pieces]
        classify(pl, coded)
    if coded:
        _codes_are_labels(page)


def _fit(cols: list[tuple[float, float]], ref: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Least squares x' = a·x + b over the columns' edges: (residual, a, b)."""
    xs = [x for c in cols for x in c]
    ys = [y for r in ref for y in r]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    var = sum((x - mx) ** 2 for x in xs)
    a = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 1.0
    b = my - a * mx
    return sum((a * x + b - y) ** 2 for x, y in zip(xs, ys, strict=True)), a, b


def _page_rows(
    page: list[PrintedLine],
    cols: list[tuple[float, float]],
    split_labels: bool,
    words: frozenset[str],
    years: bool,
    units: frozenset[str] = frozenset(),
) -> list[Line]:
    anchors = [i for i, pl in enumerate(page) if pl.amounts]
    if not anchors:
        return []
    left = cols[0][0]
    # the header is what the page prints above its first row (again, on a continuation page);
    # below it, text over the amount columns is a row's (a two-sided summary's expenditure item)
    start = _body_start(page, anchors[0], left, words)
    _no_label_above(page[: anchors[0]], left, words)
    body = [pl for i, pl in enumerate(page) if i >= start and not (i < anchors[0] and _in_amount_zone(pl, left))]
    if not split_labels and len(cols) == 2:
        return _sides_rows(body, cols)
    return _rows(body, cols, split_labels, years, units)


def _sides_rows(body: list[PrintedLine], cols: list[tuple[float, float]]) -> list[Line]:
    """A two-sided summary's rows, each side's cut into rows on its own: the income side is the
    items starting left of the first amount column and the amounts in it, the expenditure side
    the items starting further right and the amounts of the second column.  The sides' rows do
    not line up (an item wrapped on one side beside two rows of the other), so cutting the
    lines into rows across both would leave a wrapped item's first line a row of its own.  The
    expenditure side's lines come after the income side's, each with two empty cells before."""
    out: list[Line] = []
    for side, col in enumerate(cols):
        lines = [pl for pl in (_side_of(pl, cols, side) for pl in body) if pl.pieces]
        if any(pl.amounts for pl in lines):
            rows = _rows(lines, [col], False)
            out += [replace(r, text="\t\t" + r.text) if side else r for r in rows]
    return out


def _side_of(pl: PrintedLine, cols: list[tuple[float, float]], side: int) -> PrintedLine:
    """One side of a two-sided summary's printed line: its amounts in the side's column, its
    items starting left of the first amount column (side 0) or right of where it starts (1)."""
    amounts = [p for p in pl.amounts if column_of(p, cols) == side]
    labels = [p for p in pl.labels if (p.x0 < cols[0][0]) == (side == 0)]
    keep = {id(p) for p in [*amounts, *labels]}
    return PrintedLine([p for p in pl.pieces if id(p) in keep], pl.y, pl.loc, amounts, labels)


def _no_label_above(above: list[PrintedLine], left: float, words: frozenset[str]) -> None:
    """The header is what a page prints above its first row; text over the amount columns
    right above the first row that is no header's words may as well be the first row's label
    wrapped above its amounts (a two-sided summary's expenditure item): the table is reported."""
    k = len(above)
    while k > 0 and not _in_amount_zone(above[k - 1], left):
        k -= 1
    if k and not _header_words(above[k - 1]):
        text = " ".join(p.text for p in above[k - 1].pieces)
        raise BudgetError(
            f"{text!r}, above the table's first row, may be a line of its header or of the row's label: "
            "which cannot be told from text laid out by pdftotext (the PDF itself can)",
            line=above[k - 1].loc,
        )


def _header_words(pl: PrintedLine) -> bool:
    """A line of any standard table's header words or pieces of them (``收入项目`` is two)."""
    words = [t for p in pl.pieces for t in p.text.split()]
    return all(any(t in w for w in ALL_HEADER_WORDS) or _two_words(t) for t in words)


def _two_words(t: str) -> bool:
    return any(
        any(t[:k] in w for w in ALL_HEADER_WORDS) and any(t[k:] in w for w in ALL_HEADER_WORDS)
        for k in range(1, len(t))
    )


def _in_amount_zone(pl: PrintedLine, left: float) -> bool:
    """A line without amounts but with text over the amount columns: a header line."""
    return any(p.x1 > left for p in pl.pieces)


def _body_start(pls: list[PrintedLine], first: int, left: float, words: frozenset[str]) -> int:
    """The first row's label may start above its amounts: the label-only lines right above the
    first amounts that stand left of the amount columns and are no part of a header's words."""
    k = first
    while k > 0 and not pls[k - 1].amounts and not _in_amount_zone(pls[k - 1], left) and not _header(pls[k - 1], words):
        k -= 1
    return k


# Words of tables' headers over their label columns (besides the catalog's column names).
HEADER_WORDS = ("预算单位", "单位名称", "项目", "科目编码", "科目名称", "编码", "名称", "支出项目类别", "功能分类科目",
                "经济分类科目", "类", "款", "项", "收入", "支出", "年度", "资金来源")  # fmt: skip


# Every standard table's header words: what a line above a table's first row may be made of.
ALL_HEADER_WORDS = frozenset([*HEADER_WORDS, *(squash(f.zh) for t in TABLES for f in t.fields), "预算数", "小计"])


def header_words(spec: TableSpec) -> frozenset[str]:
    return frozenset([*HEADER_WORDS, *(squash(f.zh) for f in spec.fields)])


def _header(pl: PrintedLine, words: frozenset[str]) -> bool:
    """A line of a header's words, or of a piece of one wrapped in its cell (``科目编`` / ``码``)."""
    text = squash(" ".join(p.text for p in pl.pieces))
    parts = [squash(p.text) for p in pl.pieces]
    return any(text in w for w in words) or all(any(t in w for w in words) for t in parts if t)


def _rows(
    body: list[PrintedLine],
    cols: list[tuple[float, float]],
    split_labels: bool,
    years: bool = False,
    units: frozenset[str] = frozenset(),
) -> list[Line]:
    label_cols = _label_columns(body, cols, split_labels)
    try:
        cell = _label_cells(body, label_cols, cols[0][0])
        cell = _year_cell(cell) if years else cell
        named = [] if years else _unit_runs(body, cell, units)  # a 三公 unit's cell spans its year rows
        full = _widest(body, cell)

        def fits(i: int, j: int) -> bool:
            return _fits(body[i:j], cell, cols, split_labels, full) and all(
                _keeps(run, i, j, body, cell) for run in named
            )

        groups = group_rows(body, cols, fits, cell)
    except AmbiguousRows as e:
        raise BudgetError(str(e), line=e.loc) from None
    if not groups:
        raise BudgetError(
            "the amounts cannot be put together into rows: numbers wrapped in their cells do not join",
            line=body[0].loc,
        )
    out = []
    for members in groups:
        if years:
            out.append(_year_row(body, members, cols))
            continue
        _one_code_a_row(body, members)
        _no_lines_run_together(body, members)
        labels, amounts = row_cells(body, members, label_cols, cols)
        labels = _interleaved(body, members, label_cols, cols[0][0], labels)
        _label_has_amounts(labels, amounts, label_cols, cols, int(body[members[0]].loc))
        cells = sorted(
            [(a, text) for (a, _), text in zip(label_cols, labels, strict=True)]
            + [(a, text) for (a, _), text in zip(cols, amounts, strict=True)]
        )
        out.append(Line("\t".join(t for _, t in cells), int(body[members[0]].loc), grid=True))
    return out


def _interleaved(
    body: list[PrintedLine], members: list[int], label_cols: list[tuple[float, float]], left: float, labels: list[str]
) -> list[str]:
    """A row's label text set in two label columns whose lines take turns (``政府办公厅`` /
    ``（室）及相关`` / ``机构事务``: pdftotext starts a line that opens with a full-width bracket
    a column or two left of the others: columns ``NEAR``) is one cell's lines: joined in their order down the
    row, in the column of its first line, not column after column (``（室）及相关政府办公厅…``).
    (A column of codes takes no part: a code stands beside its wrapped name's middle line.)  More
    than one such pair in a row: which lines are whose cannot be told (``BudgetError``)."""
    at: dict[int, set[int]] = {}
    coded: set[int] = set()
    for n, i in enumerate(members):
        for p in body[i].labels:
            k = label_column(p, label_cols, left)
            at.setdefault(k, set()).add(n)
            if _is_code(p.text.split()[0]):
                coded.add(k)  # a code's column: a code beside its name's middle line is no line of it
    at = {k: v for k, v in at.items() if k not in coded}
    pairs = [
        (a, b)
        for a, b in itertools.combinations(sorted(at), 2)
        if not at[a] & at[b] and max(at[a]) > min(at[b]) and max(at[b]) > min(at[a]) and _near(label_cols, a, b)
    ]
    if not pairs:
        return labels
    if len(pairs) > 1:
        raise BudgetError(
            "a row's label lines take turns between more than two columns: which lines belong to which cell "
            "cannot be told from text laid out by pdftotext (the PDF itself can)",
            line=int(body[members[0]].loc),
        )
    a, b = pairs[0]
    out = list(labels)
    out[a] = out[b] = ""
    first = a if min(at[a]) < min(at[b]) else b
    out[first] = join_lines(
        [p.text for i in members for p in body[i].labels if label_column(p, label_cols, left) in (a, b)]
    )
    return out


def _near(cols: list[tuple[float, float]], a: int, b: int) -> bool:
    """Whether two label columns start within ``NEAR`` character columns of each other."""
    return abs(cols[a][0] - cols[b][0]) <= NEAR


NEAR = 3  # character columns: how far pdftotext may set a cell's line from where its others start


def _year_cell(cell: Callable[[Piece], int]) -> Callable[[Piece], int]:
    """The 三公 table's label cells: the year (``2024年``, ``增减变化金额`` or a piece of it) a cell
    of its own, apart from the unit's, which no line may print beside it (a unit's name wrapped
    between its year rows)."""
    return lambda p: -1 if _is_year(p.text) else cell(p)


def _is_year(text: str) -> bool:
    t = squash(text)
    return bool(t) and (bool(YEAR_IN.fullmatch(t)) or t in CHANGE)


def _first_cell(pl: PrintedLine, cell: Callable[[Piece], int]) -> list[str]:
    return [p.text for p in pl.labels if cell(p) == 0]


def _unit_runs(body: list[PrintedLine], cell: Callable[[Piece], int], units: frozenset[str]) -> list[tuple[int, int]]:
    """The runs of lines ``a:b`` whose text in the first label cell is a unit's name the
    document prints (its 单位名称 lines, its metadata's department and parent) word for word,
    wrapped (two lines or more), its last line short of its widest (a label ends there: text
    wraps only where a line is full), and no other unit's name with the lines after it (``…整备局``
    and ``…整备局（本级）``).  Such a name is one row's label, all of it: where a wrapped name may end
    the row above as well as start the row below (``深圳市罗湖区`` / ``互联网信息中`` / ``心``
    under ``中共深圳市罗`` / ``湖区委宣传部``), the unit's name says which.  Runs that overlap
    each other are left out (the names do not tell)."""
    texts = [_first_cell(pl, cell) for pl in body]
    runs: list[tuple[int, int]] = []
    for a in range(len(body)) if units else ():
        if not texts[a]:
            continue
        parts: list[list[str]] = []
        ends = []
        for b in range(a, min(len(body), a + MAX_ROW_LINES)):
            if texts[b]:
                parts.append(texts[b])
                if join_lines([t for ts in parts for t in ts]) in units:
                    ends.append((b + 1, len(parts)))
        widths = [width("".join(ts)) for ts in parts]
        if len(ends) == 1 and ends[0][1] > 1 and _ended(widths[: ends[0][1]], parts[ends[0][1] :]):
            runs.append((a, ends[0][0]))
    return [r for r in runs if not any(o != r and o[0] < r[1] and r[0] < o[1] for o in runs)]


def _ended(widths: list[int], after: list[list[str]]) -> bool:
    """Whether a cell's text whose lines are ``widths`` wide ends on its last line: short of its
    widest by ``SHORT``, or by one character where the text after it in its column (``after``,
    if any) starts with a character that may start a line (``建设中心`` over ``民意速办和…``: no
    closing sign was kept from its line's end)."""
    short = max(widths) - widths[-1]
    first = next((t.strip()[:1] for ts in after for t in ts if t.strip()), "")
    return short >= SHORT or (short >= 2 and first not in NO_LINE_START)


# Characters a line may not start with (they stay at the end of the line before)
NO_LINE_START = frozenset("）)」』】〕〉》，,。.、；;：:？?！!…—·％%")


def _keeps(run: tuple[int, int], i: int, j: int, body: list[PrintedLine], cell: Callable[[Piece], int]) -> bool:
    """Whether lines ``i:j`` as a row keep a unit's name ``run`` whole and by itself: they
    hold all of it and no other text in its cell, or none of it."""
    a, b = run
    if j <= a or b <= i:
        return True
    return i <= a and b <= j and not any(_first_cell(body[k], cell) for k in [*range(i, a), *range(b, j)])


def _label_cells(
    body: list[PrintedLine], label_cols: list[tuple[float, float]], amounts_from: float
) -> Callable[[Piece], int]:
    """A label piece's cell: its label column, where neighbouring columns no line prints text
    in both of are one (a name starting at two edges after codes of two lengths; a unit's
    name above the classification's names)."""
    if not label_cols:
        return lambda p: 0
    used = [{label_column(p, label_cols, amounts_from) for p in pl.labels} for pl in body]
    codes = [
        all(CODE.match(p.text) for pl in body for p in pl.labels if label_column(p, label_cols, amounts_from) == k)
        for k in range(len(label_cols))
    ]
    group = [0]
    for k in range(1, len(label_cols)):
        together = codes[k] or codes[k - 1] or any(k in u and k - 1 in u for u in used)
        group.append(group[-1] + 1 if together else group[-1])
    return lambda p: group[label_column(p, label_cols, amounts_from)]


def _fits(
    lines: list[PrintedLine],
    cell: Callable[[Piece], int],
    cols: list[tuple[float, float]],
    split: bool,
    full: dict[tuple[int, int], int] | None = None,
) -> bool:
    """Whether the lines may be one row (``_wraps``, ``_spanned``, and on each side of a
    two-sided table, ``_items``)."""
    return _wraps(lines, cell, full) and _spanned(lines, cell, cols) and (split or _items(lines, cols))


def _widest(lines: list[PrintedLine], cell: Callable[[Piece], int]) -> dict[tuple[int, int], int]:
    """The widest line on the page of each label cell's text starting at each column: how
    wide a left-aligned cell's text runs before it wraps."""
    out: dict[tuple[int, int], int] = {}
    for pl in lines:
        for key, w in _cell_widths(pl, cell).items():
            out[key] = max(out.get(key, 0), w)
    return out


def _cell_widths(pl: PrintedLine, cell: Callable[[Piece], int]) -> dict[tuple[int, int], int]:
    """A line's label text by cell and the column where it starts, and how wide it is."""
    texts: dict[int, list[Piece]] = {}
    for p in pl.labels:
        texts.setdefault(cell(p), []).append(p)
    return {(k, round(ps[0].x0)): width("".join(p.text for p in ps)) for k, ps in texts.items()}


def _items(lines: list[PrintedLine], cols: list[tuple[float, float]]) -> bool:
    """Each side of a two-sided summary's row prints its item with its amount: an amount
    column the row prints in has the row's text between it and the amount column before it
    (an item may start under the end of that column's longest amounts)."""
    for k in {column_of(p, cols) for pl in lines for p in pl.amounts}:
        start = cols[k - 1][0] + 1 if k else -1e9
        if not any(start <= p.x0 < cols[k][0] for pl in lines for p in pl.labels):
            return False
    return True


def _spanned(lines: list[PrintedLine], cell: Callable[[Piece], int], cols: list[tuple[float, float]]) -> bool:
    """Whether one of the row's cells spans all its lines: a row is as tall as its tallest
    cell, the others set within it (pdftotext puts a line centred between two on either, never
    outside them), so a row of one-line cells is one line, not a unit's ``心`` over the next
    row's ``201 一般公共服务支出``."""
    blocks: dict[tuple[str, int], list[float]] = {}
    for pl in lines:
        for p in pl.labels:
            blocks.setdefault(("label", cell(p)), []).append(pl.y)
        for p in pl.amounts:
            blocks.setdefault(("amount", column_of(p, cols)), []).append(pl.y)
    span = lines[-1].y - lines[0].y
    return any(max(ys) - min(ys) >= span for ys in blocks.values())


def _wraps(
    lines: list[PrintedLine], cell: Callable[[Piece], int], full: dict[tuple[int, int], int] | None = None
) -> bool:
    """Whether the lines can be one row's as far as its labels tell: text wraps in a cell only
    where a line is full, so in each label cell every line but the last is about as wide as
    the cell's widest (``一般公共服务支出`` / ``政府办公厅（室）及相关机构事`` are two cells' lines,
    the first ended short of the cell's width) — and, with ``full`` (``_widest``), as the page's
    widest line starting where it starts: ``结余、结转`` / ``收入总计`` are two rows, however alike
    their widths; and a classification code is printed with its name, so a row's labels are not
    a code alone."""
    for k in {cell(p) for pl in lines for p in pl.labels}:
        widths = [width("".join(p.text for p in pl.labels if cell(p) == k)) for pl in lines]
        widths = [w for w in widths if w]
        if len(widths) > 1 and min(widths[:-1]) <= max(widths) - SHORT:
            return False
    if full and not _full_lines(lines, cell, full):
        return False
    labels = [p.text for pl in lines for p in pl.labels]
    return not labels or not all(_is_code(t) for t in labels)


def _full_lines(lines: list[PrintedLine], cell: Callable[[Piece], int], full: dict[tuple[int, int], int]) -> bool:
    """Whether each of the row's lines that its cell's text runs on from (every line of the
    cell's but the last) is about as wide as the widest line the page starts where it starts."""
    widths = [_cell_widths(pl, cell) for pl in lines]
    last = {k: n for n, line in enumerate(widths) for k, _ in line}  # each cell's last line
    return all(
        n == last[k] or w > full.get((k, x), 0) - SHORT for n, line in enumerate(widths) for (k, x), w in line.items()
    )


# How much narrower than a cell's widest line (in half-width columns) its line must be to
# have ended short: two full-width characters (a line breaks before a closing bracket or a
# sign that may not start a line, so it may end a character early).
SHORT = 4


def width(text: str) -> int:
    """Printed width in half-width columns: a Chinese character (or a full-width sign) two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _leading_code(pl: PrintedLine) -> str | None:
    """The classification or procurement code a line's labels start with (``2010301 …``,
    ``C16010300 应用软件开发服``)."""
    first = pl.labels[0].text.split()[0] if pl.labels and pl.labels[0].text.split() else ""
    return first if _is_code(first) else None


def _is_code(text: str) -> bool:
    """Whether a word is a classification or procurement code (``2010301``, ``C16010300``)."""
    return bool(CODE.match(text) or PROCUREMENT_CODE.match(text))


def _one_code_a_row(body: list[PrintedLine], members: list[int]) -> None:
    """A row starts with its code: two lines of one row each starting with a code are two
    rows' lines put together (a wrapped name whose amounts stand on its last line, read as the
    row above's), so the table is reported."""
    codes = [(c, body[k].loc) for k in members if (c := _leading_code(body[k])) is not None]
    if len(codes) > 1:
        raise BudgetError(
            f"the lines of codes {codes[0][0]} and {codes[1][0]} fall into one row: which lines belong to "
            "which row cannot be told from text laid out by pdftotext (the PDF itself can)",
            line=int(codes[1][1]),
        )


# A lone ideograph set one space apart from a run of others, inside one piece of a label.
_LONE_IDEOGRAPH = re.compile(
    f"(?:^|(?<=\\s))[{IDEOGRAPHS}] (?=[{IDEOGRAPHS}]{{2}})|(?<=[{IDEOGRAPHS}]{{2}}) [{IDEOGRAPHS}](?=\\s|$)"
)


def _no_lines_run_together(body: list[PrintedLine], members: list[int]) -> None:
    """A label is printed without spaces inside it; a lone ideograph one space apart from the
    rest of a label (``务 政府办公厅（室）及相关机构事``) is the last line of a name wrapped in its
    cell that pdftotext set on the same line of text, before or after the first: their order
    cannot be told, so the table is reported."""
    for k in members:
        for p in body[k].labels:
            if _LONE_IDEOGRAPH.search(p.text):
                raise BudgetError(
                    f"the label {p.text!r} holds two printed lines set on one line of text: their order cannot "
                    "be told from text laid out by pdftotext (the PDF itself can)",
                    line=int(body[k].loc),
                )


def _label_has_amounts(
    labels: list[str],
    amounts: list[str],
    label_cols: list[tuple[float, float]],
    cols: list[tuple[float, float]],
    loc: int,
) -> None:
    """Every row of an amounts table prints its amounts (0.00 for none), on each side of a
    two-sided one: a label with no amount in the columns after it is a wrapped label's line
    that the text does not place (the row above or the row below: vertical centring in narrow
    cells puts it either way), so the table is reported rather than its rows shifted."""
    cells = sorted(
        [(a, t, True) for (a, _), t in zip(label_cols, labels, strict=True)]
        + [(a, t, False) for (a, _), t in zip(cols, amounts, strict=True)]
    )
    sides: list[tuple[list[str], list[str]]] = []
    for _, text, is_label in cells:
        if is_label and (not sides or sides[-1][1]):
            sides.append(([], []))
        if sides:
            sides[-1][0 if is_label else 1].append(text)
    for side_labels, side_amounts in sides:
        if any(side_labels) and side_amounts and not any(side_amounts):
            raise BudgetError(
                f"{''.join(side_labels)!r} is printed without an amount beside it: whether it belongs to the "
                "row above or below cannot be told from text laid out by pdftotext (the PDF itself can)",
                line=loc,
            )


YEAR_IN = re.compile(r"20\d\d\s*年|增减变化\S*|\S*变化金额")
CHANGE = "增减变化金额"


def _year_row(body: list[PrintedLine], members: list[int], cols: list[tuple[float, float]]) -> Line:
    """A row of the 三公 table: the unit's text (a cell merged down the unit's year rows, its
    lines in printed order), the year, then the amounts."""
    _, amounts = row_cells(body, members, [], cols)
    texts = [p.text for i in members for p in sorted(body[i].labels, key=lambda p: p.x0)]
    year: list[str] = []
    unit: list[str] = []
    for t in texts:
        m = YEAR_IN.search(t)
        if m:  # the year, and the unit's text pdftotext ran on to it with one space
            year.append(m.group(0))
            unit += [r for r in (t[: m.start()], t[m.end() :]) if r.strip()]
        elif squash(t) and squash(t) in CHANGE and len(year) >= 1:
            year.append(t)  # the rest of 增减变化金额, wrapped in its cell
        else:
            unit.append(t)
    return Line("\t".join([join_lines(unit), " ".join(year), *amounts]), int(body[members[0]].loc), grid=True)


def _label_columns(body: list[PrintedLine], cols: list[tuple[float, float]], split: bool) -> list[tuple[float, float]]:
    """The label cells' columns: the stretches between amount columns (and before the first);
    left of the amounts, with ``split``, one column per left edge the labels share (a code and a
    name, a unit and a year: text set left-aligned in a column starts where the column does)."""
    zones = [(-1e9, cols[0][0])] + [(a[1], b[0]) for a, b in itertools.pairwise(cols)]
    used = [z for z in zones if any(z[0] <= p.x0 < z[1] for pl in body for p in pl.labels)]
    if not split or not used or used[0] != zones[0]:
        return used
    edges = columns([(p.x0, p.x0 + 1) for pl in body for p in pl.labels if p.x0 < cols[0][0]])
    return [(a, b) for a, b in edges] + used[1:]


# ---------------------------------------------------------------------------- running text

# An indent of at least this many character columns starts a paragraph.
INDENT = 1


# How a line of ``pdftotext -layout`` text begins, as far as the layout tells: it starts a
# paragraph; it runs on; it follows the line above at the lines' pitch, which a paragraph after
# a heading or an item of a list may do too; the layout does not tell (a page's first line).
Start = Literal["start", "run-on", "tight", "unknown"]


def paragraph_starts(lines: list[Line]) -> list[Start] | None:
    """Where ``pdftotext -layout`` text marks its paragraphs' starts: a first line indented
    from the page's left margin (then every paragraph is), or an empty line above it (the room
    a layout leaves between paragraphs, perhaps not after a heading or between a list's items;
    and never above a page's first line).  None for lines that carry no such marks at all."""
    leading = [len(ln.text) - len(ln.text.lstrip(" ")) for ln in lines]
    firsts = [k for k, ln in enumerate(lines) if k == 0 or ln.new_page]
    margins: list[int] = []
    for a, b in itertools.pairwise([*firsts, len(lines)]):
        margins += [min(leading[a:b])] * (b - a)
    indented = [n >= m + INDENT for n, m in zip(leading, margins, strict=True)]
    if any(indented[1:]):
        return ["start" if indent or ln.after_blank else "run-on" for indent, ln in zip(indented, lines, strict=True)]
    if not any(ln.after_blank for ln in lines[1:]):
        return None
    return ["start" if ln.after_blank else "unknown" if ln.new_page else "tight" for ln in lines]
