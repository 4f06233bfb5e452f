"""The 绩效目标表's second table: the performance indicators (一级指标, 二级指标, 三级指标, 目标值),
the classes printed as cells merged down their rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...catalog import squash
from ...model import BudgetError, Line, Row, Table
from ..regions import Context, Region
from ..tokens import cells, is_tab
from ..words import display_width, is_full, join_lines, label
from .indicator_classes import ALIGNMENTS, MARGIN, WORDS, fit, place, snapped_apart
from .indicator_groups import Group, level1_groups
from .indicator_layout import CONTINUED, HEADER, PAGE, SIDE, Placed, layout_indicators
from .indicator_stream import paged, stream_indicators, target_cut
from .performance import LEVEL1, LEVEL2, _indicator_start, _lines, level1_of


def indicator_table(region: Region, ctx: Context) -> Table | None:
    """年度绩效指标: everything after the header's 三级指标."""
    lines = _lines(region, ctx)
    ind_i = _indicator_start(lines)
    if ind_i is None:
        return None
    return Table("performance-indicators", indicator_rows(lines[ind_i + 1 :]), region.start, region.title)


# The side label 年度绩效指标 printed down the table a piece at a time: any piece of two or more
# characters on a line of its own.
SIDE_PIECES = {SIDE[i:j] for i in range(len(SIDE)) for j in range(i + 2, len(SIDE) + 1)}

OPERATOR_TARGET = re.compile(r"^[≥≤><＞＜=]")
# Targets in words: whole words, and stems a target's words may go on from (有所提升, 不断扩大).
TARGET_STEMS = ("有效", "有所", "不断", "正常", "持续", "明显", "逐步", "稳定")
WORD_TARGET = re.compile(
    r"^(?:满足|显著|不适用|不涉及|无|安全|及时|及时有效|及时完成|达标|合格|是|否|良好|"
    r"较好|提高|提升|降低|完善|[A-D]|优|良|满意|基本满意|较满意|非常满意|"
    + "|".join(f"{stem}.*" for stem in TARGET_STEMS)
    + ")$"
)


TARGET_OPEN = ("；", "；≥", "≥", "、", "，")  # a target ending so goes on in the next line


def _target_start(word: str) -> bool:
    return bool(OPERATOR_TARGET.match(word) or word[:1].isdigit())


@dataclass
class Entry:
    kind: str  # "label1" | "label2" | "item"
    text: str
    target: str = ""
    same_line: bool = False  # a label printed on the same line as the item after it
    at: float | None = None  # a label's place among the items (k: before item k; k + ½: beside it), when known
    page: int | None = None  # the page it is printed on, when known
    span: tuple[float, float] | None = None  # an item's first and last printed line; a label's line (twice)
    lines: int = 1  # text without positions: the item's lines read so far
    owed: int = 0  # its lines still to come below its target (an indicator centred on its target)
    tail: str = ""  # text without positions: the item's last line of text read so far
    tall: int = 1  # an item's height in printed lines, when known (its taller cell's)
    ends: tuple[float, float] | None = None  # a class wrapped over two lines: its place at either
    printed: tuple[float, ...] = ()  # a class's printed lines, where the text is laid out by position
    beside: tuple[int, int] | None = None  # such a class: the first and last item printed on its lines


def indicator_rows(lines: list[Line]) -> list[Row]:
    """年度绩效指标: (一级指标, 二级指标, 三级指标, 目标值) rows."""
    if any(ln.layout for ln in lines):
        return _spacing_told(lines, rows_of(entries_of(layout_indicators(lines))))
    if not any(is_tab(ln) for ln in lines) and _rows_on_lines(lines):
        return _every_row_classed(lines, rows_of(entries_of(stream_indicators(lines), paged=paged(lines))))
    entries: list[Entry] = []
    lines = _merge_split_labels(_without_side_characters(lines))
    beside = _targets_beside(lines)
    room = _room(lines)
    for li, ln in enumerate(lines):
        if is_tab(ln):
            _tab_indicator_line(ln, entries)
            continue
        words = ln.text.split()
        if squash(ln.text) in SIDE_PIECES or set(map(squash, words)) <= HEADER | CONTINUED:
            continue  # the side label's characters on a line of their own; the header printed again
        labelled = False
        while words and squash(words[0]) in (*LEVEL1, *LEVEL2, "年度绩效指标"):
            w = squash(words.pop(0))
            if w != "年度绩效指标":
                entries.append(Entry("label1" if w in LEVEL1 else "label2", w))
                labelled = True
        if not words:
            continue
        _no_class_piece(words, ln)
        if labelled and entries[-1].kind != "item":
            entries[-1].same_line = True
        rest = " ".join(words)
        nxt = lines[li + 1].text.strip() if li + 1 < len(lines) else ""
        last = entries[-1] if entries and entries[-1].kind == "item" else None
        if last is not None and not labelled:
            if _centred_tail(last, words, nxt, room):
                continue
            if (
                not last.target
                and (_target_start(words[0]) or (len(words) == 1 and WORD_TARGET.match(words[0])))
                and not _standalone_target(nxt)
            ):
                last.target = rest  # the target of the indicator above, on a line of its own
                last.owed = last.lines if beside else 0
                continue
            if (
                last.target
                and (last.target.endswith(TARGET_OPEN) or len(squash(rest)) <= 2)
                and not _standalone_target(nxt)
            ):
                last.target = join_lines([last.target, rest])  # a target wrapped in its cell
                continue
            if not last.target:
                cut = _target_cut(words)
                if _standalone_target(nxt) or cut is None:
                    last.text += label(rest)  # indicator text wrapped in its cell
                    last.lines, last.tail = last.lines + 1, rest
                else:
                    last.text += label(" ".join(words[:cut]))
                    last.target, last.tail = " ".join(words[cut:]), " ".join(words[:cut])
                    last.owed = last.lines if beside else 0
                continue
        cut = _target_cut(words)
        if cut is not None and not _standalone_target(nxt):
            entries.append(
                Entry("item", label(" ".join(words[:cut])), " ".join(words[cut:]), tail=" ".join(words[:cut]))
            )
        else:
            entries.append(Entry("item", label(rest), tail=rest))
    _all_targets_found(lines, entries)
    return _every_row_classed(lines, _all_classes_placed(lines, rows_of(entries)))


CLOSE_UNIT = re.compile(r"^[≥≤><＞＜=]?[\d.]+[\u4e00-\u9fff]")  # a target's number and unit set close: ``4份``
APART_UNIT = re.compile(r"^[≥≤><＞＜=]?[\d.]+ [\u4e00-\u9fff]")  # set apart: ``≥4 个``


def _spacing_told(lines: list[Line], rows: list[Row]) -> list[Row]:
    """The rows, unless their targets set a number and its unit both close (``4份``) and apart
    (``≥4 个``): pdftotext -layout sets characters on a grid and drops a narrow printed space
    (``4 份`` comes out ``4份``), so where a table prints both, which of its targets had a space
    cannot be told: reported."""
    targets = [str(r["target"]) for r in rows]
    close = next((t for t in targets if CLOSE_UNIT.match(t)), None)
    if close is not None and any(APART_UNIT.match(t) for t in targets):
        raise BudgetError(
            f"a target sets a number and its unit close ({close[:20]!r}) where others set them apart: "
            "whether a space is printed cannot be told from text laid out by pdftotext",
            line=lines[0].loc if lines else None,
        )
    return rows


def _every_row_classed(lines: list[Line], rows: list[Row]) -> list[Row]:
    """The rows, when each is under a 一级指标 and a 二级指标: a row read without its class (the
    side label's pieces and the classes' wrapped among the first rows' lines) means the lines
    were not understood: reported, not published with the class left out."""
    bare = next((r for r in rows if not r["level1"] or not r["level2"]), None)
    if bare is not None:
        raise BudgetError(
            f"an indicator read without its class, {str(bare['indicator'])[:30]!r}: "
            "its rows cannot be told apart from the classes' lines",
            line=lines[0].loc if lines else None,
        )
    return rows


def _no_class_piece(words: list[str], line: Line) -> None:
    """A line (its classes taken off) starting with a piece of the side label or of a class
    (``指标 智慧罗湖…``, ``社会效益指``: a label wrapped in its merged cell, among the rows'
    lines) is not understood: reported, not read into an indicator."""
    first = squash(words[0])
    side = len(words) > 1 and first in SIDE_PIECES and first != "年度绩效指标"
    if side or any(len(first) >= 4 and c.startswith(first) and c != first for c in (*LEVEL1, *LEVEL2)):
        raise BudgetError(
            f"a line of the indicators starts with part of a label that cannot be placed: {' '.join(words)[:40]!r}",
            line=line.loc,
        )


def _targets_beside(lines: list[Line]) -> bool:
    """Whether the text prints targets beside their indicators (cells apart by spaces) at least
    as often as on lines of their own (one cell per line): only then does a target alone on
    its line say that its indicator is centred on it."""
    both = alone = 0
    for ln in lines:
        words = ln.text.split()
        cut = target_cut(words) if words and not is_tab(ln) else None
        both += cut is not None and cut > 0
        alone += cut == 0
    return both >= alone > 0


def _centred_tail(last: Entry, words: list[str], nxt: str, room: int) -> bool:
    """An indicator set centred on its target prints as many of its lines below the target's
    line as above it (``…正常运行的监`` / ``1918 个`` / ``控点数量``): a line of text alone
    right below is the indicator's, not the start of the next (whose target would stand beside
    it or below it, not on the line after the next), when the indicator's line so far is full
    (its text runs on; an indicator ending in a short line, its target below it, has ended)."""
    if not last.owed or not last.target or last.target.endswith(TARGET_OPEN):
        return False
    if _target_cut(words) is not None or _target_start(words[0]) or _standalone_target(nxt):
        return False
    if not is_full(last.tail, " ".join(words), room):
        return False
    last.text += label(" ".join(words))
    last.owed, last.tail = last.owed - 1, " ".join(words)
    return True


def _room(lines: list[Line]) -> int:
    """How wide the indicators' column is (half-width units): its widest line of text, the
    targets beside them left out."""
    widths = [0]
    for ln in lines:
        words = ln.text.split()
        cut = target_cut(words) if words and not is_tab(ln) else None
        if words and cut != 0:
            widths.append(display_width(" ".join(words[:cut])))
    return max(widths)


def _all_targets_found(lines: list[Line], entries: list[Entry]) -> None:
    """Text apart by spaces, one cell per line or not: an indicator read without a target means
    its target was not told from its text (``传播及时性 重大、热点新闻在3日内进行传播``):
    reported, not published with the target inside the indicator.  (A tab-separated row keeps an
    empty target cell as printed.)"""
    if any(is_tab(ln) for ln in lines):
        return
    missing = next((e for e in entries if e.kind == "item" and e.text and not e.target), None)
    if missing is not None:
        raise BudgetError(
            f"an indicator without its target, {missing.text[:30]!r}: its target cannot be told from its text",
            line=lines[0].loc,
        )


def _all_classes_placed(lines: list[Line], rows: list[Row]) -> list[Row]:
    """The rows, when every class the table prints has rows under it; a class printed but not
    placed (its label wrapped in its cell among the rows' lines, ``数量指`` / ``标``) means the
    lines were not understood: reported, not published with rows under the wrong class."""
    printed = squash("".join(ln.text for ln in lines))
    placed = {r.get("level2") for r in rows} | {r.get("level1") for r in rows}
    for name in (*LEVEL2, *LEVEL1):
        if name in printed and name not in placed:
            raise BudgetError(
                f"the table prints the class {name} but no row could be placed under it: "
                "its rows cannot be told apart from the others'",
                line=lines[0].loc,
            )
    return rows


def _rows_on_lines(lines: list[Line]) -> bool:
    """Whether most lines print an indicator and its target together (cells apart by spaces,
    as pdfplumber's ``extract_text`` gives them), rather than one cell per line."""
    both = sum(1 for ln in lines if (cut := target_cut(ln.text.split() or [""])) is not None and cut > 0)
    return both * 2 >= len(lines)


def entries_of(placed: list[Placed], paged: bool = True) -> list[Entry]:
    """Entries from classes and rows placed down the pages (``indicator_layout``); ``paged``:
    whether the pages are known (text without page breaks knows only the order of lines)."""
    placed = sorted(placed, key=lambda p: (p.y, p.kind == "item"))
    items = [p for p in placed if p.kind == "item"]
    return [
        Entry(
            p.kind,
            p.text,
            p.target,
            at=None if p.kind == "item" else _among(p.y, items),
            page=int(p.y // PAGE) if paged else None,
            span=(p.top, p.bottom) if p.kind == "item" else (p.y, p.y),
            tall=p.tall,
            ends=(_among(p.top, items), _among(p.bottom, items)) if p.kind != "item" and p.bottom > p.top else None,
            printed=p.lines,
            beside=_beside(p.lines, items),
        )
        for p in placed
    ]


def _beside(lines: tuple[float, ...], items: list[Placed]) -> tuple[int, int] | None:
    """The first and last item printed on a class's lines: a class stands inside its merged
    cell, which spans its rows' lines, so an item on one of its lines is one of its rows."""
    ks = [k for k, it in enumerate(items) if any(it.top - 0.25 <= y <= it.bottom + 0.25 for y in lines)]
    return (ks[0], ks[-1]) if ks else None


def _among(y: float, items: list[Placed]) -> float:
    """Where a label printed at ``y`` stands among the items, each spanning its printed lines:
    ``k + f`` inside item k (``f`` the share of its lines above ``y``), ``k`` between items."""
    for k, it in enumerate(items):
        if y < it.top - 0.25:
            return float(k)
        if y <= it.bottom + 0.25:
            return k + (min(max(y, it.top), it.bottom) - it.top + 0.5) / (it.bottom - it.top + 1)
    return float(len(items))


def rows_of(entries: list[Entry]) -> list[Row]:
    """Rows from the classes and indicators in printed order, each class over its block: the
    classes placed where they stand among the rows (``_center_labels``) where the text is laid
    out by position, or where a row comes before the first class; else each heads the rows
    after it."""
    if _labels_in_middle(entries) or any(e.printed for e in entries):
        entries = _center_labels(entries)
    rows: list[Row] = []
    level1 = level2 = ""
    pending_empty = False
    for e in entries:
        if e.kind == "label1":
            if pending_empty:
                rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
                pending_empty = False
            level1, level2 = e.text, ""
            continue
        if e.kind == "label2":
            if pending_empty:
                rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
            level2 = e.text
            level1 = level1_of(e.text, level1)
            pending_empty = True
            continue
        pending_empty = False
        rows.append({"level1": level1, "level2": level2, "indicator": e.text, "target": e.target})
    if pending_empty:
        rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
    return rows


def _target_cut(words: list[str]) -> int | None:
    for k in range(1, len(words)):
        if _target_start(words[k]):
            return k
    if len(words) >= 2 and WORD_TARGET.match(words[-1]):
        return len(words) - 1
    return None


def _tab_indicator_line(ln: Line, entries: list[Entry]) -> None:
    texts = [c for c in cells(ln) if c]
    labelled = False
    for c in list(texts):
        s = squash(c)
        if s == "年度绩效指标":
            texts.remove(c)
        elif s in LEVEL1 or s in LEVEL2:
            entries.append(Entry("label1" if s in LEVEL1 else "label2", s))
            texts.remove(c)
            labelled = True
    if labelled and texts:
        entries[-1].same_line = True
    if len(texts) >= 2:
        entries.append(Entry("item", label(texts[0]), " ".join(texts[1:])))
    elif len(texts) == 1:
        last = entries[-1] if entries and entries[-1].kind == "item" else None
        if last is not None and not labelled and not last.target:
            last.target = texts[0]
        else:
            entries.append(Entry("item", label(texts[0])))


def _labels_in_middle(entries: list[Entry]) -> bool:
    """Some extractions print a merged cell's label in the vertical middle of its rows:
    then an item comes before the first second-level label."""
    for e in entries:
        if e.kind == "item":
            return True
        if e.kind == "label2":
            return False
    return False


def _standalone_target(text: str) -> bool:
    ws = text.split()
    if not ws or squash(text) in (*LEVEL1, *LEVEL2):
        return False
    return len(ws) == 1 and bool(WORD_TARGET.match(ws[0]) or OPERATOR_TARGET.match(ws[0]))


def _without_side_characters(lines: list[Line]) -> list[Line]:
    """The lines less the side label 年度绩效指标 printed down the table a character a line
    (``年`` / ``度`` between the rows' lines, ``绩`` further down): lines of one character each
    which, taken in order, spell two or more of its characters in a row.  A lone character that
    spells nothing with the ones around it is left (a target's last character, wrapped)."""
    single = [k for k, ln in enumerate(lines) if not is_tab(ln) and len(squash(ln.text)) == 1]
    side: set[int] = set()
    run: list[int] = []
    spelled = ""
    for k in [*single, None]:
        ch = squash(lines[k].text) if k is not None else ""
        if k is not None and spelled + ch in SIDE:
            run, spelled = [*run, k], spelled + ch
            continue
        if spelled in SIDE_PIECES:
            side.update(run)
        run, spelled = ([k], ch) if k is not None and ch in SIDE else ([], "")
    return [ln for k, ln in enumerate(lines) if k not in side]


def _merge_split_labels(lines: list[Line]) -> list[Line]:
    """``可持续影响指`` + ``标`` → one label line."""
    out: list[Line] = []
    for ln in lines:
        if out and not is_tab(ln) and not is_tab(out[-1]):
            joined = squash(out[-1].text) + squash(ln.text)
            if joined in (*LEVEL1, *LEVEL2, "年度绩效指标") and squash(out[-1].text) not in (*LEVEL1, *LEVEL2):
                out[-1] = Line(joined, out[-1].line, out[-1].page)
                continue
        out.append(ln)
    return out


def _center_labels(entries: list[Entry]) -> list[Entry]:
    """Labels printed in their blocks of rows → labels on top of them.  A class is printed once
    in a cell merged down its block, in the cell's middle, at its top or at its bottom, as the
    document's producer set the table's cells: each alignment places the classes
    (``indicator_classes.place``: each as near as it can be to where the alignment sets it,
    no other cut nearly as good).  Text laid out by position (``-layout``): the alignment that
    fits best is taken, and where another fits about as well and reads the rows differently,
    the table is reported (``_best_fit``).  Text without positions, where a class on a line of
    its own between two rows stands as well at the one's bottom as at the other's top: the
    classes are taken centred, unless another alignment fits clearly better — then the rows'
    own lines are set so too, which such text does not tell apart: reported.

    Text without page breaks, classes centred: a merged cell that runs onto the next page
    prints its label on the page where it starts, near that page's foot, above its true centre
    (never below it): so a label may stand before its block's centre, not after it, when any
    partition allows that.  Where the pages and lines are known, a cut that holds every class
    inside its block on the page where it is printed must exist, else the table is reported."""
    if not any(e.kind == "label2" for e in entries):
        return entries
    paged = all(e.page is not None for e in entries)
    found: dict[str, tuple[float, list[Entry] | BudgetError]] = {}
    for align in ALIGNMENTS:
        for upward_only in (False,) if paged or align != "middle" else (True, False):
            cost = _placed_cost(entries, upward_only=upward_only, align=align)
            if cost is not None:
                try:
                    found[align] = cost, _place_labels(entries, upward_only=upward_only, align=align)
                except BudgetError as e:
                    found[align] = cost, e
                break
    if not found:
        if paged:
            raise BudgetError("the classes cannot be placed over their rows: a class stands apart from every block")
        return entries
    if any(e.printed for e in entries):
        return _best_fit(found)  # laid out by position: each class on the lines it is printed on
    middle = found.get("middle")
    better = {a: f for a, f in found.items() if a != "middle" and (middle is None or f[0] <= middle[0] - MARGIN)}
    if middle is not None and not better:
        if isinstance(middle[1], BudgetError):
            raise middle[1]
        return middle[1]
    raise BudgetError(
        f"the classes stand where cells set {WORDS[next(iter(better), 'top')]} put them, not centred: "
        "their rows cannot be told from text without positions"
    )


def _best_fit(found: dict[str, tuple[float, list[Entry] | BudgetError]]) -> list[Entry]:
    """The placement of the alignment that fits best, when every other one that fits about as
    well (``MARGIN``) places the classes the same."""
    align, (cost, placed) = min(found.items(), key=lambda kv: kv[1][0])
    for other, (c, p) in found.items():
        same = not isinstance(p, BudgetError) and not isinstance(placed, BudgetError) and _texts(p) == _texts(placed)
        if other != align and c < cost + MARGIN and not same:
            raise BudgetError(
                f"the classes' rows read one way with their cells {WORDS[align]} and another with them "
                f"{WORDS[other]}: which, the text does not say"
            )
    if isinstance(placed, BudgetError):
        raise placed
    return placed


def _texts(entries: list[Entry]) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in entries]


def _labels(entries: list[Entry]) -> tuple[list[Entry], list[tuple[float, Entry]]]:
    """The items, and each class with its place among them."""
    items = [e for e in entries if e.kind == "item"]
    labels: list[tuple[float, Entry]] = []
    count = 0
    for e in entries:
        if e.kind == "item":
            count += 1
        elif e.kind == "label2":
            at = e.at if e.at is not None else count + 0.5 if e.same_line else float(count)
            labels.append((at, e))
    return items, labels


def _placed_cost(entries: list[Entry], *, upward_only: bool, align: str) -> float | None:
    items, labels = _labels(entries)
    found = fit(items, labels, upward_only=upward_only, unique=False, align=align)
    return found[1] if found is not None else None


def _place_labels(entries: list[Entry], *, upward_only: bool, align: str) -> list[Entry]:
    items, labels = _labels(entries)
    bounds = place(items, labels, upward_only=upward_only, align=align)
    if bounds is None:
        raise BudgetError("the classes cannot be placed over their rows")
    _beside_tall_rows(items, labels, bounds, upward_only, align)
    _wrapped_ends_agree(items, labels, bounds, upward_only, align)
    if align == "middle":
        snapped_apart(items, labels, bounds, _groups(entries, labels))
    out: list[Entry] = list(items[: bounds[0]])
    for i, (_, lab) in enumerate(labels):
        out.append(lab)
        out.extend(items[bounds[i] : bounds[i + 1]])
    return out


def _groups(entries: list[Entry], labels: list[tuple[float, Entry]]) -> list[Group]:
    """The level-1 classes over their level-2 classes (``indicator_groups``)."""
    of: list[str] = []  # each class's level-1 class
    for _, lab in labels:
        of.append(level1_of(lab.text, of[-1] if of else ""))
    return level1_groups([e for e in entries if e.kind == "label1"], labels, of)


def _wrapped_ends_agree(
    items: list[Entry], labels: list[tuple[float, Entry]], bounds: list[int], upward_only: bool, align: str
) -> None:
    """A class wrapped over two lines in text without positions (``质量指`` / ``标``) is centred
    between them, and which of the two the rows beside it are centred on is not told: the cut
    must come out the same with the class at either (or with the class at one, fit no cut),
    else which rows are whose is not certain: ``BudgetError``.  (A class of three lines or more
    stands on its middle line, as a class of one line stands on its own.)"""
    for i, (_, lab) in enumerate(labels):
        for q in lab.ends or ():
            moved = [*labels[:i], (q, lab), *labels[i + 1 :]]
            if place(items, moved, upward_only=upward_only, unique=False, align=align) not in (bounds, None):
                raise BudgetError(
                    f"the class {lab.text} is wrapped over lines: which rows are its depends on which of its lines it stands on"
                )


def _beside_tall_rows(
    items: list[Entry], labels: list[tuple[float, Entry]], bounds: list[int], upward_only: bool, align: str
) -> None:
    """A class printed beside a row of several lines stands in that row's middle or on the line
    the text puts it on: pdftotext sets a class that stands between a row's two lines on the
    first (a merged cell and the row beside it both centred).  The cut must come out the same
    with the class at the row's middle, else which rows are whose is not certain: ``BudgetError``."""
    for i, (q, lab) in enumerate(labels):
        k = int(q)
        if q == k or k >= len(items) or items[k].tall < 2 or abs(q - k - 0.5) < 1e-9:
            continue
        moved = [*labels[:i], (k + 0.5, lab), *labels[i + 1 :]]
        if place(items, moved, upward_only=upward_only, unique=False, align=align) != bounds:
            raise BudgetError(
                f"the class {lab.text} is printed beside a row of {items[k].tall} lines: "
                "which rows are its depends on where on that row it stands"
            )
