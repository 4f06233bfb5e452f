"""Tables printed without vertical rules — three-line tables (三线表: a rule on top, one under
the header, one at the bottom), or no rules at all: cut into rows and cells by the positions of
their words, into the rows a ruled table gives (one tab-separated cell per column).

- **Where**: the text lines after a catalog title (up to a ruled table, a note, a part heading
  or the next title, over as many pages as the table runs), and part 7's key-projects table
  (from its 项目名称 … 绩效目标 header).
- **Columns** of amounts are the stretches where the body's amounts stand (``grid.columns``);
  a column holding only classification codes left of them is labels.  Label columns are the
  stretches between them (and before the first, cut where no label's ink crosses the white
  space between two columns).  A page of the table whose amounts stand in other columns than
  the table has is not read (``BudgetError``).
- **Header and body**: the body starts under the rule below the header, or, without rules, at
  the first row's first line (its amounts' line, or the label lines set tight above it); it
  ends at the bottom rule, or at the last row's last line.  The header is one row (its lines'
  words put into the columns); on the pages a table goes on to, the header printed again is
  left out.
- **Rows** (``rows``): the body's lines cut into runs of lines, each holding amounts, where in
  every column a row's pieces join into one number (the pieces but the last fill the column: a
  number wrapped in a narrow cell), no cut falls between two lines that overlap, and each row's
  labels stand where the table aligns its cells against the amounts — centred, at the top or at
  the bottom, whichever the page is most consistent with.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..catalog import TableSpec, match_title, squash
from ..model import BudgetError
from .grid import columns, is_amount_piece
from .layout import header_words, table_shape
from .numbers import CODE, decimals, is_number, squash_number
from .pdf_page import Chunk, PageText
from .pdf_text import TextLine, cell_text, has_ink, line_text
from .tokens import DASHES

NOTE_OR_PART = re.compile(r"^(注[:：]|备注|本套报表|第[一二三四五六七八九]部分|[一二]、(?:文字|表格)部分)")
UNIT_LINE = re.compile(r"(单位|名称)\s*[:：]")
PART_SEVEN = re.compile(r"^第七部分")
KEY_PROJECTS_HEADER = ("项目名称", "绩效目标")


# ---------------------------------------------------------------------------- a table's lines


@dataclass
class Run:
    """A run of a printed line: its characters, set apart from the line's other runs by more
    than a word space (a cell of a table without rules)."""

    chars: list[dict]
    x0: float
    x1: float
    text: str
    amount: bool = False


@dataclass
class Printed:
    """A printed line of a table without rules, and where it is."""

    page: PageText
    index: int  # its chunk on the page
    line: TextLine
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.line.top

    @property
    def bottom(self) -> float:
        return self.line.bottom

    @property
    def mid(self) -> float:
        return (self.line.top + self.line.bottom) / 2

    @property
    def amounts(self) -> list[Run]:
        return [r for r in self.runs if r.amount]

    @property
    def labels(self) -> list[Run]:
        return [r for r in self.runs if not r.amount]


def _numeric(ch: str) -> bool:
    return ch.isdigit() or ch in ".,-%"


def line_runs(ln: TextLine) -> list[Run]:
    """A line's runs: cut where the gap between two characters is wider than letter spacing
    (0.4 em), unless the PDF prints a space there and the gap is a word space (up to 1 em); and
    where a space stands between two numbers (a space joins no number: two cells' amounts).  A
    run that is a number (or a piece of one) is taken for an amount."""
    groups: list[list[dict]] = []
    spaces: list[dict] = []  # the space characters since the last character with ink
    for ch in ln.spaced:
        if not has_ink(ch):
            spaces.append(ch)
            continue
        if groups:
            last = next(c for c in reversed(groups[-1]) if has_ink(c))
            gap = ch["x0"] - last["x1"]
            size = float(ch.get("size") or 10.0)
            numbers = bool(spaces) and _numeric(last["text"][-1]) and _numeric(ch["text"][0])  # two amounts
            if not numbers and (gap <= 0.4 * size or (spaces and gap <= 1.0 * size)):
                groups[-1] += [*spaces, ch]  # a word space is kept in the run's text
                spaces = []
                continue
        groups.append([ch])
        spaces = []
    out = []
    for g in groups:
        text = line_text(g)
        out.append(Run(g, g[0]["x0"], g[-1]["x1"], text, amount=is_amount_piece(text)))
    return out  # (classification codes are told from amounts by their column: ``_layout``)


# ---------------------------------------------------------------------------- the document


def split_unruled(pages: list[PageText]) -> None:
    """Tables printed without vertical rules (or without any): the text lines of a table
    region are replaced by the table's rows.  A region that cannot be read as a table is left
    as it is, a catalog table's region then marked as not readable."""
    found = [(_prepare(region, expected), expected, region) for expected, region in _regions(pages)]
    document = Form.of([r for f, _, _ in found if f is not None for r in _isolated(f)])
    for table_id, (prepared, expected, _) in enumerate(found):
        if prepared is not None:
            _cut_region(prepared, -2 - table_id, expected, Form.of(_isolated(prepared), document))
    for p in pages:
        p.chunks = [c for c in p.chunks if c.line is not None or c.cells is not None or c.unreadable]


@dataclass(frozen=True)
class Expected:
    """What a table of a kind has: how many amount columns it can have; whether its labels
    left of the amounts are cells of their own (a unit, a code, a name); whether its first
    column's cells are merged down over blocks of rows (the 三公 table's units)."""

    counts: tuple[int, ...]
    split: bool
    merged_down: bool = False
    words: frozenset[str] = frozenset()  # its header's words


KEY_PROJECTS = Expected(
    (1,), False, words=frozenset(("项目名称（一级项目）", "项目名称", "预算数（万元）", "绩效目标"))
)


def _regions(pages: list[PageText]) -> list[tuple[Expected, list[Printed]]]:
    """Every region and the columns its table has: after a catalog title, up to a ruled
    table, a note, a part heading or the next title; and part 7's key-projects table, from its
    header to a note or the next part."""
    regions: list[tuple[Expected, list[Printed]]] = []
    region: list[Printed] | None = None
    part_seven = False
    last: TableSpec | None = None  # the catalog table of the last region
    for p in pages:
        for i, c in enumerate(p.chunks):
            if c.line is None:
                region = last = None  # a ruled table
                continue
            squashed = re.sub(r"\s+", "", c.line.text)
            spec = match_title(c.line.text) if not squashed.startswith(("(", "（", "-")) else None
            if spec is not None:
                if spec is last and regions:
                    region = regions[-1][1]  # the title printed again on the table's next page
                else:
                    region = []
                    shape = Expected(*table_shape(spec), spec.kind == "three-public", header_words(spec))
                    regions.append((shape, region))
                last = spec
                continue
            if NOTE_OR_PART.match(squashed):
                region = None
                part_seven = bool(PART_SEVEN.match(squashed))
                continue
            if part_seven and region is None and _key_projects_header(p, i):
                region = _lines_above(p, i)
                regions.append((KEY_PROJECTS, region))
                last = None
            if region is not None:
                region.append(Printed(p, i, c.line))
    return regions


def _key_projects_header(p: PageText, i: int) -> bool:
    """Is the line the key-projects table's header (项目名称 …, 绩效目标 on it or set tight below)?"""
    ln = p.chunks[i].line
    assert ln is not None
    if "项目名称" not in re.sub(r"\s+", "", ln.text):
        return False
    band = [ln]
    for c in p.chunks[i + 1 : i + 3]:
        if c.line is None or not _tight(band[-1], c.line):
            break
        band.append(c.line)
    return any("绩效目标" in re.sub(r"\s+", "", b.text) for b in band)


def _lines_above(p: PageText, i: int) -> list[Printed]:
    """The lines set tight above a line: the upper lines of header cells wrapped around it."""
    k = i
    while k > 0 and (above := p.chunks[k - 1].line) is not None and _tight(above, p.chunks[k].line):
        k -= 1
    out = []
    for j in range(k, i):
        ln = p.chunks[j].line
        assert ln is not None
        out.append(Printed(p, j, ln))
    return out


def _tight(a: TextLine, b: TextLine | None) -> bool:
    """Is ``b`` (below ``a``) set as close to it as the lines of one cell are?"""
    return b is not None and b.top - a.bottom <= 0.5 * min(a.size, b.size)


# ---------------------------------------------------------------------------- a region


@dataclass
class Layout:
    """Where a table's cells stand: its amount columns and label columns, left to right."""

    amounts: list[tuple[float, float]]
    labels: list[tuple[float, float]]

    @property
    def all(self) -> list[tuple[float, float]]:
        return sorted(self.amounts + self.labels)


@dataclass
class Prepared:
    """A region read so far: its lines, the pages where its table stands (each with where its
    header and body are), and its columns (or why it has none a table of its kind can have)."""

    region: list[Printed]
    parts: list[tuple[list[Printed], tuple[int, int, int]]]
    layout: Layout | None

    def bodies(self) -> list[list[Printed]]:
        return [pls[start:end] for pls, (_, start, end) in self.parts]


def _prepare(region: list[Printed], expected: Expected) -> Prepared | None:
    """A region's runs, table pages and columns; None when it holds no table's rows."""
    for pl in region:
        pl.runs = line_runs(pl.line)
    pages: dict[int, list[Printed]] = {}
    for pl in region:
        pages.setdefault(pl.page.number, []).append(pl)
    zone = columns([(r.x0, r.x1) for pl in region for r in pl.amounts])
    parts: list[tuple[list[Printed], tuple[int, int, int]]] = []
    for pls in pages.values():
        span = _span(pls, first=not parts, header=lambda pl: _header_line(pl, zone, expected.words))
        if span is not None:
            parts.append((pls, span))
    if not parts:
        return None
    return Prepared(region, parts, _layout([pl for pls, (_, start, end) in parts for pl in pls[start:end]], expected))


def _cut_region(prepared: Prepared, table_id: int, expected: Expected, form: Form) -> None:
    """Replace the region's text lines by table rows, when its body's amounts stand in the
    columns a table of its kind has; else by what says the table cannot be read."""
    region, parts, layout = prepared.region, prepared.parts, prepared.layout
    try:
        if layout is None:
            raise BudgetError(
                f"its amounts stand in other columns than a table of its kind has "
                f"({' or '.join(map(str, expected.counts))}): cannot tell which column each amount belongs to",
                line=parts[0][0][0].page.number,
            )
        rows = [
            table_rows(body, layout.amounts, _rules(pls), form)
            for (pls, _), body in zip(parts, prepared.bodies(), strict=True)
        ]
    except BudgetError as e:
        _unreadable(region, e.detail, e.line)
        return
    first = _first_key(parts[0][0][parts[0][1][1] :], rows[0], layout)
    for n, ((pls, (head, start, end)), page_rows) in enumerate(zip(parts, rows, strict=True)):
        if n == 0 and head < start:
            _replace(pls[head:start], [list(range(start - head))], layout, table_id)
        else:
            for pl in pls[head:start]:
                pl.page.chunks[pl.index] = Chunk(pl.top)  # the header printed again
        _replace(pls[start:end], page_rows, layout, table_id, merged_down=first if expected.merged_down else None)


FORM_SAMPLE = 20  # amounts a table needs to tell its own form; else the document's


def _isolated(prepared: Prepared) -> list[str]:
    """The amounts standing alone in their cells (no piece of a number above or below them in
    their column, a line away): complete as printed."""
    out = []
    for body in prepared.bodies():
        for k, pl in enumerate(body):
            near = [q for q in body[max(0, k - 2) : k + 3] if q is not pl and abs(q.mid - pl.mid) <= 1.6 * pl.line.size]
            for r in pl.amounts:
                if not any(o.x1 > r.x0 and o.x0 < r.x1 for q in near for o in q.amounts):
                    out.append(squash_number(r.text))
    return out


def _decimals_of(amounts: list[str]) -> int | None:
    """The number of decimals nine in ten of the amounts have (None: they mix forms, or too few)."""
    counts: dict[int, int] = {}
    for t in amounts:
        counts[decimals(t)] = counts.get(decimals(t), 0) + 1
    total = sum(counts.values())
    if total < FORM_SAMPLE:
        return None
    d, n = max(counts.items(), key=lambda kv: kv[1])
    return d if n * 10 >= total * 9 else None


def _zero(number: str) -> bool:
    return not number.strip("0.,-")


@dataclass(frozen=True)
class Form:
    """The decimals a table prints its amounts with, and its zeros with (some tables print
    zeros in a form of their own: 0 among 5,574.90); None where it mixes forms."""

    amounts: int | None = None
    zeros: int | None = None

    @classmethod
    def of(cls, amounts: list[str], fallback: Form | None = None) -> Form:
        """The form of a table's amounts (each part the ``fallback``'s where it has too few)."""
        numbers = [t for t in amounts if is_number(t)]
        nonzero = [t for t in numbers if not _zero(t)]
        zeros = [t for t in numbers if _zero(t)]
        fallback = fallback or cls()
        return cls(
            _decimals_of(nonzero) if len(nonzero) >= FORM_SAMPLE else fallback.amounts,
            _decimals_of(zeros) if len(zeros) >= FORM_SAMPLE else fallback.zeros,
        )

    def decimals(self, number: str) -> int | None:
        return self.zeros if _zero(number) else self.amounts


def _unreadable(region: list[Printed], why: str, page: int | None) -> None:
    """The table of a region cannot be read: its lines are replaced by what says so (on the
    page where it cannot be read), for the parser to report the table — never to read its
    words some other way."""
    at = next((pl for pl in region if pl.page.number == page), region[0])
    for pl in region:
        pl.page.chunks[pl.index] = Chunk(pl.top, unreadable=why if pl is at else "")


def _header_line(pl: Printed, zone: list[tuple[float, float]], words: frozenset[str]) -> bool:
    """A line of a header: words over the amount columns, or one of a header's words."""
    return any(r.x1 > a and r.x0 < b for r in pl.labels for a, b in zone) or squash(pl.line.text) in words


def _span(pls: list[Printed], *, first: bool, header: Callable[[Printed], bool]) -> tuple[int, int, int] | None:
    """Where the table stands among a page's lines: (its header's first line, its body's first
    line, the line after its body), or None when the page holds none of its rows.  Without a
    rule under the header, the body starts at the first row's first line: its amounts' line,
    or the label lines set tight above it (no header's)."""
    anchors = [k for k, pl in enumerate(pls) if pl.amounts]
    if not anchors:
        return None
    head = 0
    if first:
        units = [k for k in range(anchors[0]) if UNIT_LINE.search(pls[k].line.text)]
        head = units[-1] + 1 if units else 0
    rules = _rules(pls)
    start = anchors[0]
    above = [y for y in rules if pls[head].top - 1 <= y <= pls[start].top + 1] if head <= start else []
    if above and any(pls[k].mid < max(above) for k in range(head, start)):
        start = next(k for k in range(head, start + 1) if pls[k].mid > max(above))
    else:
        top = max(above, default=-1e9)
        while (
            start > head
            and not pls[start - 1].amounts
            and pls[start - 1].mid > top
            and _tight(pls[start - 1].line, pls[start].line)
            and not header(pls[start - 1])
        ):
            start -= 1
    end = anchors[-1] + 1
    below = [y for y in rules if y >= pls[anchors[-1]].bottom - 1]
    while end < len(pls) and (
        pls[end].mid < min(below) if below else _tight(pls[end - 1].line, pls[end].line) and not pls[end].amounts
    ):
        end += 1
    return head, start, end


def _rules(pls: list[Printed]) -> list[float]:
    """The heights of the horizontal rules that run across the table's lines (three-line
    tables: over the header, under it, under the body), rules drawn in pieces joined."""
    left = min(pl.line.x0 for pl in pls)
    right = max(pl.line.x1 for pl in pls)
    spans: dict[float, list[tuple[float, float]]] = {}
    for x0, x1, y in pls[0].page.rules:
        if x1 > left and x0 < right:
            key = next((k for k in spans if abs(k - y) <= 1.5), y)
            spans.setdefault(key, []).append((max(x0, left), min(x1, right)))
    return sorted(y for y, s in spans.items() if sum(b - a for a, b in columns(s)) >= 0.6 * (right - left))


def _layout(body: list[Printed], expected: Expected) -> Layout | None:
    """The table's columns from its body lines (all its pages), or None when its amounts do not
    stand in as many columns as a table of its kind has."""
    counts, split = expected.counts, expected.split
    amounts = columns([(r.x0, r.x1) for pl in body for r in pl.amounts])
    if len(amounts) > 1 and all(CODE.match(squash_number(r.text)) for pl in body for r in _in(pl.amounts, amounts[0])):
        for pl in body:  # a column of classification codes (their names wrapped above and below)
            for r in _in(pl.amounts, amounts[0]):
                r.amount = False
        amounts = amounts[1:]
    # (a table whose labels are cells of their own is read whatever its columns: the parser counts them)
    if not amounts or (not split and len(amounts) not in counts):
        return None
    for pl in body:
        for r in pl.labels:  # a dash printed in an amount's cell for "none"
            if r.text.strip() in DASHES and any(min(r.x1, b) - max(r.x0, a) > (r.x1 - r.x0) / 2 for a, b in amounts):
                r.amount = True
    zones = [(-1e9, amounts[0][0])] + [(a[1], b[0]) for a, b in itertools.pairwise(amounts)] + [(amounts[-1][1], 1e9)]
    out: list[tuple[float, float]] = []
    for z, (lo, hi) in enumerate(zones):
        lines = [[(r.x0, r.x1) for r in pl.labels if lo <= (r.x0 + r.x1) / 2 < hi] for pl in body]
        inside = [span for line in lines for span in line]
        if not inside:
            continue
        if z == 0 and split:
            out += _label_columns(lines)
        else:
            out.append((min(a for a, _ in inside), max(b for _, b in inside)))
    return Layout(sorted(amounts), out)


def _label_columns(lines: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The label cells left of the amounts (a unit, a code, a name): stretches no label's ink
    crosses, as the lines holding two or more labels there show them (a unit's name in a cell
    merged over them all stands across); a label that falls in none is a column of its own."""
    cols = columns([span for line in lines if len(line) > 1 for span in line])
    alone = [span for line in lines for span in line if not any(span[1] > a and span[0] < b for a, b in cols)]
    return sorted(cols + columns(alone))


def _in(runs: list[Run], col: tuple[float, float]) -> list[Run]:
    return [r for r in runs if r.x1 > col[0] and r.x0 < col[1]]


def _replace(
    pls: list[Printed], rows: list[list[int]], layout: Layout, table_id: int, *, merged_down: str | None = None
) -> None:
    """Put each row's cells into the chunk of its first line; its other lines are taken."""
    cols = layout.all
    starts = tuple(a for a, _ in cols)
    cells: list[list[list[dict]]] = []
    for members in rows:
        cells.append([[] for _ in cols])
        for k in members:
            for r in pls[k].runs:
                cells[-1][_column_of(r, cols)].extend(r.chars)
    if merged_down is not None:
        _merged_to_first_row(cells, merged_down)
    for members, row in zip(rows, cells, strict=True):
        first = pls[members[0]]
        first.page.chunks[first.index] = Chunk(
            first.top, cells=[cell_text(c) for c in row], table=table_id, columns=starts
        )
        for k in members[1:]:
            pls[k].page.chunks[pls[k].index] = Chunk(pls[k].top)  # taken into the row; dropped


def _key(row: list[list[dict]]) -> str:
    """A row's second cell's text (a 三公 row's year)."""
    return squash(line_text(sorted(row[1], key=lambda c: c["x0"]))) if len(row) > 1 else ""


def _first_key(pls: list[Printed], rows: list[list[int]], layout: Layout) -> str:
    """The second cell's text of a table's first row."""
    cols = layout.all
    cells: list[list[dict]] = [[] for _ in cols]
    for k in rows[0]:
        for r in pls[k].runs:
            cells[_column_of(r, cols)].extend(r.chars)
    return _key(cells)


def _merged_to_first_row(rows: list[list[list[dict]]], first: str) -> None:
    """A first-column cell merged down over a block of rows (a 三公 unit over its year rows),
    its text centred on the block, is read in the block's first row.  A block starts where the
    second column starts its run over again (``first``, the table's first row's: 2023年);
    without that, the block is the rows around the text's row whose first column is empty, as
    many above it as below."""
    if len(rows[0]) < 2:
        return
    keys = [_key(row) for row in rows]
    starts = [r for r, key in enumerate(keys) if key and key == first]
    if starts:
        ends = [*starts[1:], len(rows)]
        for a, b in zip(starts, ends, strict=True):
            chars = [c for row in rows[a:b] for c in row[0]]
            for row in rows[a:b]:
                row[0] = []
            rows[a][0] = chars
        return
    filled = [bool(row[0]) for row in rows]
    for r, row in enumerate(rows):
        if not filled[r]:
            continue
        up = next((k for k in range(1, r + 1) if filled[r - k]), r + 1) - 1
        down = next((k for k in range(1, len(rows) - r) if filled[r + k]), len(rows) - r) - 1
        if min(up, down):
            rows[r - min(up, down)][0], row[0] = row[0], []


def _column_of(r: Run, cols: Sequence[tuple[float, float]]) -> int:
    """The column a run overlaps most (or stands nearest to)."""

    def fit(k: int) -> tuple[float, float]:
        a, b = cols[k]
        return (min(r.x1, b) - max(r.x0, a), -abs((r.x0 + r.x1) / 2 - (a + b) / 2))

    return max(range(len(cols)), key=fit)


# ---------------------------------------------------------------------------- rows

ALIGNMENTS = ("centre", "top", "bottom")
MAX_ROW_LINES = 60
ROW = 0.25  # pt²: a row's worth of misalignment (two rows as well aligned as one are two)
ODD_FORM = 4.0  # pt²: the cost of an amount not in the table's form (rather than joined with a piece)


def table_rows(
    lines: Sequence[Printed],
    amount_cols: Sequence[tuple[float, float]],
    rules: Sequence[float] = (),
    form: Form = Form(),
) -> list[list[int]]:
    """The lines of each row (indices into ``lines``, a page of a table's body, top to bottom):
    the cut, among those that put every column's pieces together into one number, cut no two
    overlapping lines apart and keep no rule (``rules``: the heights of the horizontal rules
    across the table) inside a row, whose rows' labels stand most consistently where the table
    aligns them against the row's amounts (``form``: the decimals the table's amounts and zeros
    have; a number of another form costs, a wrapped one cannot have it).  Raises ``BudgetError`` when
    no cut does."""
    cells: list[dict[int, list[Run]]] = []
    for pl in lines:
        cells.append({})
        for r in pl.amounts:
            cells[-1].setdefault(_column_of(r, amount_cols), []).append(r)
    widths = [0.0] * len(amount_cols)
    for c in cells:
        for k, rs in c.items():
            widths[k] = max([widths[k], *(r.x1 - r.x0 for r in rs)])
    ruled = {k for k in range(1, len(lines)) if any(lines[k - 1].mid < y < lines[k].mid for y in rules)}
    best: tuple[float, list[list[int]]] | None = None
    for align in ALIGNMENTS:
        found = _partition(lines, cells, widths, align, ruled, form)
        if found is not None and (best is None or found[0] < best[0] - 1e-9):
            best = found
    if best is None:
        raise BudgetError(
            "the lines of the table cannot be put together into rows: numbers wrapped in their cells do not join",
            line=lines[0].page.number if lines else None,
        )
    return best[1]


def _partition(
    lines: Sequence[Printed],
    cells: list[dict[int, list[Run]]],
    widths: list[float],
    align: str,
    ruled: set[int],
    form: Form,
) -> tuple[float, list[list[int]]] | None:
    """The cheapest cut (dynamic programming over where rows end); no row goes on across a
    line ``k`` in ``ruled`` (a rule stands between lines ``k - 1`` and ``k``)."""
    n = len(lines)
    inf = float("inf")
    best = [0.0] + [inf] * n
    back = [0] * (n + 1)
    reach = list(itertools.accumulate((pl.bottom for pl in lines), max))  # the lowest ink so far
    for j in range(1, n + 1):
        if j < n and lines[j].top < reach[j - 1] - 0.5:
            continue  # a line overlapping one above it is in that line's row
        for i in range(j - 1, max(-1, j - 1 - MAX_ROW_LINES), -1):
            if i + 1 in ruled and i + 1 < j:
                break  # a rule inside the row
            if best[i] == inf:
                continue
            cost = _row_cost(lines, cells, widths, i, j, align, form)
            if cost is not None:
                cost -= ROW  # of two cuts as well aligned, the one with more rows
            if cost is not None and best[i] + cost < best[j]:
                best[j], back[j] = best[i] + cost, i
    if best[n] == inf:
        return None
    rows = []
    j = n
    while j > 0:
        rows.append(list(range(back[j], j)))
        j = back[j]
    return best[n], rows[::-1]


def _row_cost(
    lines: Sequence[Printed],
    cells: list[dict[int, list[Run]]],
    widths: list[float],
    i: int,
    j: int,
    align: str,
    form: Form,
) -> float | None:
    """The cost of lines ``i:j`` as one row, or None when they cannot be one: a row has
    amounts, and in each column its pieces join into one number, each piece but the last
    filling the column (it wrapped because the next piece's start did not fit) and the next
    piece on the cell's next line."""
    joined: dict[int, list[tuple[float, Run]]] = {}
    for k in range(i, j):
        for col, rs in cells[k].items():
            joined.setdefault(col, []).extend((lines[k].mid, r) for r in rs)
    if not joined:
        return None
    odd = 0.0
    for col, parts in joined.items():
        if len(parts) == 1 and parts[0][1].text.strip() in DASHES:
            continue  # none, printed as a dash
        number = "".join(squash_number(r.text) for _, r in parts)
        if not is_number(number):
            return None
        expected = form.decimals(number)
        if expected is not None and decimals(number) != expected:
            if len(parts) > 1:
                return None  # pieces joined into a number of another form
            odd += ODD_FORM
        for (y, r), (y_next, nxt) in itertools.pairwise(parts):
            # a number wrapped in its cell: each piece but the last wrapped because the next
            # one's first character (with the point or comma it holds) did not fit, and the
            # next one stands on the cell's next line
            if r.x1 - r.x0 + _lead_width(nxt) < widths[col] - 0.3 * _size(r) or y_next - y > 1.6 * _size(r):
                return None
    labelled = [lines[k].mid for k in range(i, j) if lines[k].labels]
    if not labelled:
        return odd
    amounts = [lines[k].mid for k in range(i, j) if cells[k]]
    if align == "top":
        return odd + (min(labelled) - min(amounts)) ** 2
    if align == "bottom":
        return odd + (max(labelled) - max(amounts)) ** 2
    return odd + ((min(labelled) + max(labelled)) / 2 - (min(amounts) + max(amounts)) / 2) ** 2


def _lead_width(r: Run) -> float:
    """The width of what a run starts with that a line cannot be broken within: its first
    character, with the point, comma or percent sign after it (a line does not start with one)."""
    ink = [c for c in r.chars if has_ink(c)]
    end = ink[1] if len(ink) > 1 and ink[1]["text"] in ".,%" else ink[0]
    return float(end["x1"] - ink[0]["x0"])


def _size(r: Run) -> float:
    return float(r.chars[0].get("size") or 10.0)
