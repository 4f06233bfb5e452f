"""The performance indicators in ``pdftotext -layout`` text, read by position.

Per page: the indicators (三级指标) are text set left-aligned in their column, so most of their
lines start at one character column; what stands right of it is the targets (目标值); what
stands left of it is the classes (一级/二级指标, printed once in cells merged down their rows)
and the table's side label (年度绩效指标, printed a character or two per line).  A cell's text
runs on to the next line when the next line's first word would not have fitted on it (the
line is full); each indicator pairs with the target printed beside it.  The classes are then
placed over the rows they are centred on (``indicators._center_labels``).

Where the positions do not tell (the indicators not left-aligned, indicators and targets not
pairing up, text left of the indicators that is no class), ``BudgetError``: the table is
reported, not guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from ...catalog import squash
from ...model import BudgetError, Line
from ..furniture import PAGE_NUMBER
from ..layout import pieces
from ..words import cell_gap, display_width, is_full, join_lines, label
from .performance import LEVEL1, LEVEL2

HEADER = {"一级指标", "二级指标", "三级指标", "目标值", "指标值", "年度绩效指标", "绩效指标"}
SIDE = "年度绩效指标"
CONTINUED = {"续表", "（续）", "(续)", "续"}


@dataclass
class Text:
    """A piece of a page's text: its line (position down the page) and where it starts."""

    text: str
    y: int
    x0: float
    pushed: bool = False  # set one space after a class on its line: where it starts is the class's doing


@dataclass
class Cell:
    texts: list[Text]

    @property
    def top(self) -> int:
        return self.texts[0].y

    @property
    def bottom(self) -> int:
        return self.texts[-1].y

    @property
    def mid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Placed:
    """What the page holds, down the page: classes and (indicator, target) rows."""

    kind: str  # "label1" | "label2" | "item"
    text: str
    target: str
    y: float
    top: float = 0.0  # an item's first and last printed line (its indicator's and target's)
    bottom: float = 0.0
    tall: int = 1  # an item's height in lines: its taller cell's (a target centred between an
    # indicator's two lines stands on a line of its own in the text, not in the row's height)
    lines: tuple[float, ...] = ()  # a class's printed lines, where they are known (``-layout`` text)


def layout_indicators(lines: list[Line]) -> list[Placed]:
    """The classes and rows of the indicator table, in order down the pages."""
    out: list[Placed] = []
    for n, page in enumerate(_pages(lines)):
        out.extend(
            Placed(
                p.kind,
                p.text,
                p.target,
                p.y + n * PAGE,
                p.top + n * PAGE,
                p.bottom + n * PAGE,
                p.tall,
                tuple(y + n * PAGE for y in p.lines),
            )
            for p in _page(page)
        )
    return out


PAGE = 10_000  # lines a page may have: positions down the document are page × PAGE + line


def _pages(lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    for ln in lines:
        if ln.new_page and pages[-1]:
            pages.append([])
        pages[-1].append(ln)
    return [p for p in pages if p]


def _page(lines: list[Line]) -> list[Placed]:
    texts: list[Text] = []
    for y, ln in enumerate(lines):
        ps = pieces(ln.text, numbers=False)
        words = {squash(p.text) for p in ps}
        if not ps or words <= HEADER or words <= CONTINUED or PAGE_NUMBER.match(ln.text.strip()):
            continue  # the header printed again on a continuation page, 续表, a page number
        if header_wrap(lines, y):
            continue  # the header's cells wrapped (``一级指`` / ``标``)
        texts.extend(t for p in ps for t in _classes_apart(Text(p.text, y, p.x0)))
    labels, body = _classes(_wrapped_apart(_side_apart(texts)))
    if not body:
        return labels
    edge = _indicator_edge(body, lines)
    _targets_not_taken_for_indicators(body, edge, lines)
    targets = [t for t in body if t.x0 >= edge + 1.5]
    if targets:
        body = _split_at_targets(body, edge, min(t.x0 for t in targets))
    indicators = [t for t in body if t.x0 < edge + 1.5]
    targets = [t for t in body if t.x0 >= edge + 1.5]
    if targets:
        _none_into_targets(indicators, min(t.x0 for t in targets), lines)
    _no_target_inside(indicators, targets, lines)
    stray = next((t for t in indicators if t.x0 < edge - 1.5 and not t.pushed), None)
    if stray is not None:
        raise BudgetError(
            f"text stands left of the indicators that is no indicator class ({stray.text!r})", line=lines[stray.y].loc
        )
    return sorted([*labels, *page_rows(indicators, targets, lines)], key=lambda p: p.y)


def page_rows(indicators: list[Text], targets: list[Text], lines: list[Line], *, beside: bool = False) -> list[Placed]:
    """A page's rows: its indicators' lines cut into cells, each beside one target.  ``beside``:
    the text prints a row's target on a line of its indicator's (cells apart by spaces), so a
    target on a line that holds indicator text is that text's row's."""
    return _rows(_lines_of(indicators), _target_cells(_lines_of(targets)), lines, beside)


def header_wrap(lines: list[Line], y: int) -> bool:
    """Whether line ``y`` is a piece of the header wrapped in its narrow cells (``一级指 二级指`` /
    ``三级指标 目标值`` / ``标 标``): every word of it a piece of a heading, and the line next to
    the header's line (the one that holds 三级指标; the region's first line follows it)."""
    words = [squash(w) for w in lines[y].text.split()]
    if not words or not all(any(w in h for h in HEADER) for w in words):
        return False
    around = [lines[k].text for k in (y - 1, y + 1) if 0 <= k < len(lines)]
    return y == 0 or any("三级指标" in squash(t) for t in around)


def _side_apart(texts: list[Text]) -> list[Text]:
    """The side label 年度绩效指标 printed down the page's leftmost column a character a line, one
    space from a class beside it (``指 产出指`` / ``标 标``): where the leftmost column's single
    characters spell, down the page, a piece of the side label, each is set apart from what
    follows it (the class, then where it starts)."""
    left = min((t.x0 for t in texts), default=0.0)
    side = [i for i, t in enumerate(texts) if t.x0 <= left + 0.5 and t.text[:1] in SIDE and t.text[1:2] in ("", " ")]
    if len(side) < 2 or "".join(texts[i].text[0] for i in side) not in SIDE:
        return texts
    out: list[Text] = []
    for i, t in enumerate(texts):
        rest = t.text[1:].lstrip()
        if i in side and rest:
            out += [Text(t.text[0], t.y, t.x0), Text(rest, t.y, t.x0 + len(t.text) - len(rest), pushed=True)]
        else:
            out.append(t)
    return out


def _classes_apart(t: Text) -> list[Text]:
    """A class set one space from the text beside it (``可持续影响指标 不适用``: pdftotext keeps a
    single space where the columns stand close) is a piece of its own: the class, then the rest."""
    first, _, rest = t.text.partition(" ")
    if not rest.strip() or squash(first) not in (*LEVEL1, *LEVEL2):
        return [t]
    at = t.x0 + len(first) + 1 + (len(rest) - len(rest.lstrip()))
    return [Text(first, t.y, t.x0), *_classes_apart(Text(rest.strip(), t.y, at, pushed=True))]


def _below(texts: list[Text], i: int) -> int | None:
    """The piece right under piece ``i``: of the next line's starting within 3 columns of it,
    the one starting nearest."""
    t = texts[i]
    near = [k for k in range(i + 1, len(texts)) if texts[k].y > t.y and abs(texts[k].x0 - t.x0) <= 3]
    if not near:
        return None
    return min((k for k in near if texts[k].y == texts[near[0]].y), key=lambda k: abs(texts[k].x0 - t.x0))


def _wrapped_apart(texts: list[Text]) -> list[Text]:
    """A class wrapped in its cell whose first line pdftotext sets one space from the indicator
    beside it (``服务对象满意度指 创文工作…`` / ``标``): its first words, joined, are a class; they
    are set apart from what follows them, so that ``_classes`` joins them.  Until none is left:
    a class set apart moves what followed it right (``满意度 度指标``: ``度指标`` then stands
    under ``象满意`` and ends the class beside it)."""
    while True:
        apart = {k for i in range(len(texts)) for k in _wrapped_heads(texts, i)}
        out = [p for i, t in enumerate(texts) for p in (_head_apart(t) if i in apart else [t])]
        if len(out) == len(texts):
            return texts
        texts = sorted(out, key=lambda t: (t.y, t.x0))


def _wrapped_heads(texts: list[Text], i: int) -> list[int]:
    """The pieces, from piece ``i`` down, whose first words make a class (each the next line's
    piece right under the one above, a line of another cell at most between them: ``可持续`` /
    ``影响指 不适用`` / ``标``); [] where they make none."""
    chain, s = [i], squash(texts[i].text.partition(" ")[0])
    while s and any(c.startswith(s) and c != s for c in (*LEVEL1, *LEVEL2)):
        k = _below(texts, chain[-1])
        if k is None or texts[k].y > texts[chain[-1]].y + 2:
            return []
        chain, s = [*chain, k], s + squash(texts[k].text.partition(" ")[0])
    return chain if len(chain) > 1 and s in (*LEVEL1, *LEVEL2) else []


def _head_apart(t: Text) -> list[Text]:
    head, _, rest = t.text.partition(" ")
    if not rest.strip():
        return [t]
    at = t.x0 + len(head) + 1 + len(rest) - len(rest.lstrip())
    return [Text(head, t.y, t.x0), Text(rest.strip(), t.y, at, pushed=True)]


def _classes(texts: list[Text]) -> tuple[list[Placed], list[Text]]:
    """The class labels (wrapped ones joined: ``服务对象满意度`` / ``指标``, ``可持续`` / ``影响指`` /
    ``标``), the side label's pieces left out; the rest is the body."""
    labels: list[Placed] = []
    body: list[Text] = []
    used: set[int] = set()
    for i, t in enumerate(texts):
        if i in used:
            continue
        s = squash(t.text)
        chain = _wrapped_class(texts, i, used)
        if chain:
            used.update(chain)
            whole = s + "".join(squash(texts[k].text) for k in chain)
            y = (t.y + texts[chain[-1]].y) / 2
            lines = (float(t.y), *(float(texts[k].y) for k in chain))
            labels.append(Placed("label1" if whole in LEVEL1 else "label2", whole, "", y, lines=lines))
        elif s in LEVEL1 or s in LEVEL2:
            labels.append(Placed("label1" if s in LEVEL1 else "label2", s, "", float(t.y), lines=(float(t.y),)))
        elif s and s in SIDE and _leftmost(t, texts):
            continue  # a piece of the side label 年度绩效指标
        else:
            body.append(t)
    return labels, body


def _wrapped_class(texts: list[Text], i: int, used: set[int]) -> list[int]:
    """The pieces below piece ``i`` that make a class with it, each the next line's piece
    starting within 3 columns of the one above (a line of another cell at most between
    them), every piece but the last leaving the label a class's beginning; [] where none."""
    chain, s = [i], squash(texts[i].text)
    while s and any(c.startswith(s) and c != s for c in (*LEVEL1, *LEVEL2)):
        k = _below(texts, chain[-1])
        if k is None or k in used or texts[k].y > texts[chain[-1]].y + 2:
            return []
        chain, s = [*chain, k], s + squash(texts[k].text)
        if s in LEVEL1 or s in LEVEL2:
            return chain[1:]
    return []


def _leftmost(t: Text, texts: list[Text]) -> bool:
    return t.x0 <= min(x.x0 for x in texts) + 1


def _indicator_edge(body: list[Text], lines: list[Line]) -> float:
    """The column where the indicators' lines start: they are the leftmost text once the
    classes are set aside, set left-aligned (most of the leftmost pieces start at one column)."""
    placed = [t for t in body if not t.pushed] or body
    left = min(t.x0 for t in placed)
    near = Counter(round(t.x0) for t in placed if t.x0 <= left + 3)
    edge, n = near.most_common(1)[0]
    if n * 2 < sum(near.values()) or (n < 2 and len(body) > 2):
        raise BudgetError(
            "the indicators are not set in one column (no column where most of their lines start)",
            line=lines[0].loc,
        )
    return float(edge)


def _targets_not_taken_for_indicators(body: list[Text], edge: float, lines: list[Line]) -> None:
    """The indicators' column is where the leftmost text not set after a class starts; on a
    page whose every indicator is set one space after its class (``数量指标 播出条数``), that is
    the targets' column, and nothing stands right of it: which text is an indicator and which a
    target cannot be told (``BudgetError``)."""
    if any(t.x0 >= edge + 1.5 for t in body):
        return
    t = next((t for t in body if t.pushed and t.x0 < edge - 1.5), None)
    if t is not None:
        raise BudgetError(
            f"the indicators' column cannot be told: every indicator on the page is set after its class ({t.text!r})",
            line=lines[t.y].loc,
        )


def _split_at_targets(body: list[Text], edge: float, column: float) -> list[Text]:
    """An indicator run on into its target with one space between them (pdftotext keeps a
    single space where a long indicator pushes the target along): cut it at the first space
    at or beyond the targets' column, when nothing else stands right of it on its line."""
    out: list[Text] = []
    for t in body:
        alone = not any(o.y == t.y and o.x0 > t.x0 for o in body)
        cut = next((k for k, ch in enumerate(t.text) if ch == " " and t.x0 + k + 1 >= column - PUSHED), None)
        if abs(t.x0 - edge) < 1.5 and alone and cut is not None:
            _cut_at_a_target_start(t, cut)
            out += [Text(t.text[:cut], t.y, t.x0), Text(t.text[cut + 1 :], t.y, t.x0 + cut + 1)]
        else:
            out.append(t)
    return out


PUSHED = 2  # columns: how far left of the targets' column a target pushed by its indicator may start


def _none_into_targets(indicators: list[Text], column: float, lines: list[Line]) -> None:
    """An indicator's line that reaches into the targets' column with no space there to cut it
    at holds a piece of a target, or of an indicator the column does not hold: which words are
    whose cannot be told (read as one indicator's, it would join a target to the next row's
    indicator): ``BudgetError``."""
    for t in indicators:
        if t.x0 + len(t.text) > column + 1:
            raise BudgetError(
                f"an indicator's line reaches into the targets' column ({t.text[:30]!r}): which of its words "
                "are a target cannot be told",
                line=lines[t.y].loc,
            )


def _no_target_inside(indicators: list[Text], targets: list[Text], lines: list[Line]) -> None:
    """An indicator's line with no target beside it that holds a space before a number or a
    comparison (``…季度监测报告 4 份``), or between two Chinese characters (``…提升 显著``): its
    target run on into it, short of the targets' column, may hold its row's target: which of its
    words are the target cannot be told, and reading it as indicator text moves every target
    below it a row, or leaves its row without one: ``BudgetError``."""
    for t in indicators:
        if any(o.y == t.y for o in targets):
            continue
        if any(
            ch == " " and (t.text[k + 1 : k + 2].startswith(TARGET_START) or cell_gap(t.text, k))
            for k, ch in enumerate(t.text)
        ):
            raise BudgetError(
                f"an indicator's line holds what may be its target ({t.text[:30]!r}): where the target "
                "starts cannot be told",
                line=lines[t.y].loc,
            )


TARGET_START = ("≥", "≤", ">", "<", "＞", "＜", "=", *"0123456789")


def _cut_at_a_target_start(t: Text, cut: int) -> None:
    """The cut by the targets' column must be where a target would start, if any space of the
    line is followed by a number or a comparison (``…摸排报告 ≥1 份``, the target pushed left of
    its column by the indicator's wide characters: not ``…报告 ≥1`` / ``份``); else where the
    target starts cannot be told: ``BudgetError``."""
    starts = [k for k, ch in enumerate(t.text) if ch == " " and t.text[k + 1 : k + 2].startswith(TARGET_START)]
    if starts and cut not in starts:
        raise BudgetError(
            f"an indicator runs on into its target ({t.text[:30]!r}): where the target starts cannot be told"
        )


def _lines_of(texts: list[Text]) -> list[Text]:
    """A column's pieces joined line by line (top to bottom)."""
    by: dict[int, list[Text]] = {}
    for t in texts:
        by.setdefault(t.y, []).append(t)
    return [
        Text(" ".join(t.text for t in sorted(by[y], key=lambda t: t.x0)), y, min(t.x0 for t in by[y]))
        for y in sorted(by)
    ]


OPEN = ("，", "、", "；", ",", ";")  # a text ending so goes on in the next line


def _target_cells(lines: list[Text]) -> list[Cell]:
    """Targets: a line ending mid-sentence (``≥100 张；≥50 份；``) runs on to the next."""
    cells: list[Cell] = []
    for t in lines:
        if cells and t.y - cells[-1].bottom <= 2 and cells[-1].texts[-1].text.rstrip().endswith(OPEN):
            cells[-1].texts.append(t)
        else:
            cells.append(Cell([t]))
    return cells


def _rows(indicators: list[Text], targets: list[Cell], lines: list[Line], beside: bool = False) -> list[Placed]:
    """The indicators' lines cut into cells, one beside each target (in order, their lines
    overlapping or touching), a line running on to the next only when it is full (the next
    line's first word would not have fitted on it)."""
    room = max((display_width(t.text) for t in indicators), default=0)
    cut = _paired(indicators, targets, room, None, beside=beside, bare=True)
    if cut is None:
        raise BudgetError(
            f"{len(indicators)} lines of indicators and {len(targets)} targets on a page do not pair up: "
            "cannot tell which target is whose",
            line=lines[0].loc,
        )
    rows = []
    for a, b, k in cut:
        cell = Cell(indicators[a:b])
        text = label("".join(t.text for t in cell.texts))
        tgt = targets[k] if k >= 0 else Cell([])
        top, bottom = min([cell.top, *(t.y for t in tgt.texts)]), max([cell.bottom, *(t.y for t in tgt.texts)])
        tall = max(len(cell.texts), len(tgt.texts))
        rows.append(Placed("item", text, join_lines([t.text for t in tgt.texts]), cell.mid, top, bottom, tall))
    return rows


def _cut(
    indicators: list[Text], targets: list[Cell], room: int, left: float | None = None, *, beside: bool = False
) -> list[tuple[int, int]] | None:
    """Indicator line ranges, the k-th beside the k-th target: of the ways to cut, the one whose
    cells stand best centred on their targets (of those as well centred, the one whose cells
    do not end mid-sentence on a line that could run on).  With ``left`` (where the column's lines start),
    a line starting right of it has that much less room (pushed right by an amount beside it).
    With ``beside``, a target printed on a line of indicator text pairs only with the cell
    holding that line."""
    found = _paired(indicators, targets, room, left, beside=beside, bare=False)
    return None if found is None else [(a, b) for a, b, _ in found]


Paired = tuple[tuple[int, int, int], ...]  # cells (first line, line after the last, its target or -1)


def _paired(
    indicators: list[Text], targets: list[Cell], room: int, left: float | None, *, beside: bool, bare: bool
) -> Paired | None:
    """``_cut``'s cells, each with its target; with ``bare``, a cell may have none where no target
    can be its (``_bare``)."""
    n, m = len(indicators), len(targets)
    inf = float("inf")
    texts = {t.y for t in indicators} if beside or bare else set()

    def runs_on(a: Text, b: Text) -> bool:
        return _runs_on(a.text, b.text, room - _indent(a, left))

    @cache
    def go(i: int, k: int) -> tuple[float, Paired]:
        if i == n:
            return (0.0, ()) if k == m else (inf, ())
        best: tuple[float, Paired] = (inf, ())
        for j in range(i + 1, n + 1):
            if j > i + 1 and not runs_on(indicators[j - 2], indicators[j - 1]):
                break
            top, bottom = indicators[i].y, indicators[j - 1].y
            if bare and _bare(indicators, targets, i, j, texts, runs_on):
                cost, rest = go(j, k)
                if cost < best[0]:
                    best = (cost, ((i, j, -1), *rest))
            if k == m or max(targets[k].top - bottom, top - targets[k].bottom) > 1:
                continue
            if beside and any(t.y in texts and not top <= t.y <= bottom for t in targets[k].texts):
                continue
            cost, rest = go(j, k + 1)
            cost += ((top + bottom) / 2 - targets[k].mid) ** 2
            if (
                j < n
                and not indicators[j - 1].text.rstrip().endswith(CLOSE)
                and runs_on(indicators[j - 1], indicators[j])
            ):
                cost += ENDS_FULL
            if cost < best[0]:
                best = (cost, ((i, j, k), *rest))
        return best

    cost, found = go(0, 0)
    return found if cost < inf else None


def _bare(
    indicators: list[Text], targets: list[Cell], i: int, j: int, texts: set[int], runs_on: Callable[[Text, Text], bool]
) -> bool:
    """Whether the indicator lines ``i:j`` are a cell with no target (an indicator printed with its
    target cell empty): neither the line above runs on into it nor its last line into the line
    below, and no target stands on its lines or the lines next to them but targets printed
    on another indicator's line (a target shares its line only with its own row's text)."""
    if (i > 0 and runs_on(indicators[i - 1], indicators[i])) or (
        j < len(indicators) and runs_on(indicators[j - 1], indicators[j])
    ):
        return False
    top, bottom = indicators[i].y, indicators[j - 1].y
    own = {t.y for t in indicators[i:j]}
    near = [t.y for c in targets for t in c.texts if top - 1 <= t.y <= bottom + 1]
    return all(y in texts and y not in own for y in near)


ENDS_FULL = 0.05  # a cell ending mid-sentence on a line that could run on: to choose between cuts as well centred
CLOSE = ("。", "；", "！", "？", ".", ";", "）", ")")


def _indent(t: Text, left: float | None) -> int:
    return max(0, round(t.x0 - left)) if left is not None else 0


def _runs_on(text: str, nxt: str, room: int) -> bool:
    """A cell's line goes on in the next: it is full, or it ends mid-sentence (``，``), or it
    nearly fills its line and stops short of a sentence's end (a renderer may break a line
    early, before a number and its unit: ``…满意程度达`` / ``到 95%以上。``)."""
    t = text.rstrip()
    return t.endswith(OPEN) or _full(text, nxt, room) or (not t.endswith(CLOSE) and display_width(t) >= room - LOOSE)


LOOSE = 8  # half-width units short of a full line


def _full(text: str, nxt: str, room: int) -> bool:
    return is_full(text, nxt, room)
