"""The performance indicators in text without positions (pdfplumber's ``extract_text``, plain
``pdftotext``, extractions with one cell per line or cells apart by spaces): each printed line
read as, left to right, the side label's characters (年度绩效指标, printed down the table's
side a character or two per line), class labels, the indicator's text and the target.  The
lines then go through what the positioned route does (``indicator_layout``): indicator cells by
fullness, each paired with one target, the classes placed over their rows — and the table is
reported where that does not come out unambiguously.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

from ...catalog import squash
from ...model import BudgetError, Line
from ..furniture import PAGE_NUMBER
from .indicator_layout import CONTINUED, HEADER, PAGE, SIDE, Placed, Text, header_wrap, page_rows
from .performance import LEVEL1, LEVEL2

CLASSES = (*LEVEL1, *LEVEL2)


def stream_indicators(lines: list[Line]) -> list[Placed]:
    """The classes and rows of the indicator table, in printed order."""
    side = 0  # how much of the side label has been printed
    labels: list[Placed] = []
    indicators: list[Text] = []
    targets: list[Text] = []
    printed: list[tuple[int, list[str]]] = []
    for y, ln in enumerate(lines):
        words = ln.text.split()
        if not words or set(map(squash, words)) <= HEADER | CONTINUED or PAGE_NUMBER.match(ln.text.strip()):
            continue
        rest, side_after = _side_label(words, side)
        if rest == words and header_wrap(lines, y):
            continue  # the header's cells wrapped (``一级指 二级指`` / ``三级指标 目标值`` / ``标 标``)
        words, side = rest, side_after
        printed.append((y, words))
    split, spans = _split_classes(printed)
    leads = [[squash(w) for w in words[:2] if squash(w) not in CLASSES] for _, words in split]
    for k, (y, words) in enumerate(split):
        words = _classes(words, y, labels, spans)
        if not words:
            continue
        _no_stray_label(words, lines[y], _completable(squash(words[0]), k, leads))
        cut = target_cut(words)
        if cut is None:
            indicators.append(Text(" ".join(words), y, 0.0))
        else:
            if cut:
                indicators.append(Text(" ".join(words[:cut]), y, 0.0))
            targets.append(Text(" ".join(words[cut:]), y, 1.0))
    indicators, targets = _own_line_targets(indicators, targets)
    rows = _rows_one_way(indicators, targets, lines) if indicators or targets else []
    return sorted(_on_pages([*labels, *rows], lines), key=lambda p: p.y)


LOOSE_MOST = 4  # loose targets tried both ways at most (2⁴ readings)


def _rows_one_way(indicators: list[Text], targets: list[Text], lines: list[Line]) -> list[Placed]:
    """The rows; where the lines as read do not pair up, the lines holding only a loose target
    word (``有效期1年``: 有效… is a target, 有效期1年 may be an indicator's last line, its
    target printed centred on its two lines) read as indicator text instead, when exactly one
    choice of which of them are pairs up.  Else the error of the lines as read."""
    try:
        return page_rows(indicators, targets, lines, beside=True)
    except BudgetError as e:
        error = e
    shared = {t.y for t in indicators}
    loose = [t for t in targets if t.y not in shared and _loose_target(t.text)]
    if not loose or len(loose) > LOOSE_MOST:
        raise error
    found: list[list[Placed]] = []
    for n in range(1, len(loose) + 1):
        for flip in itertools.combinations(loose, n):
            texts = sorted([*indicators, *(Text(t.text, t.y, 0.0) for t in flip)], key=lambda t: t.y)
            try:
                found.append(page_rows(texts, [t for t in targets if t not in flip], lines, beside=True))
            except BudgetError:
                continue
    if len(found) != 1:
        raise error
    return found[0]


def _loose_target(text: str) -> bool:
    """A target word that runs on past a stem (有效期1年 from 有效…), alone on its line."""
    from .indicators import TARGET_STEMS

    words = text.split()
    return len(words) == 1 and any(words[0].startswith(s) and words[0] != s for s in TARGET_STEMS)


def paged(lines: list[Line]) -> bool:
    """Whether the text says where the table's pages begin (the document's pages told by its
    page numbers, ``furniture.split_pages``, and the table running over one)."""
    return any(ln.new_page for ln in lines[1:])


def _on_pages(placed: list[Placed], lines: list[Line]) -> list[Placed]:
    """Positions down the pages (page × ``PAGE`` + line), where the text tells the pages."""
    if not paged(lines):
        return placed
    page = list(itertools.accumulate(int(k > 0 and ln.new_page) for k, ln in enumerate(lines)))

    def at(y: float) -> float:
        return y + page[min(int(y), len(page) - 1)] * PAGE

    return [replace(p, y=at(p.y), top=at(p.top), bottom=at(p.bottom)) for p in placed]


def _own_line_targets(indicators: list[Text], targets: list[Text]) -> tuple[list[Text], list[Text]]:
    """A line read as an indicator and a target, right above a line that holds only a target:
    what looked like its target is the end of the indicator (``…有效期 1 年`` / ``满足``).  Where
    the line below may as well end the indicator (a target word run on past its stem, ``…签约服务
    满足`` / ``有效期1年``: cells at their tops), which is meant the text does not tell: reported."""
    by_y = {t.y: t for t in indicators}
    target_y = sorted(t.y for t in targets)
    keep: list[Text] = []
    for t in targets:
        later = [y for y in target_y if y > t.y]
        nxt = later[0] if later else None
        if t.y in by_y and nxt is not None and nxt not in by_y and not any(t.y < y < nxt for y in by_y):
            below = next(u for u in targets if u.y == nxt)
            if nxt == t.y + 1 and _loose_target(below.text):
                raise BudgetError(
                    f"{t.text!r} may be the target of its line, {below.text!r} below it the indicator's last "
                    "line (cells at their tops), or the other way round: which, the text does not tell"
                )
            ind = by_y[t.y]
            ind.text = f"{ind.text} {t.text}"
            continue
        keep.append(t)
    return indicators, keep


def _side_label(words: list[str], side: int) -> tuple[list[str], int]:
    """The side label's next characters, when a line starts with them, left out."""
    if words and side < len(SIDE):
        w = squash(words[0])
        if w and SIDE[side:].startswith(w):
            return words[1:], side + len(w)
    return words, side


Spans = dict[tuple[int, str], tuple[int, int]]  # a class wrapped over two lines, by the line it is set on: the two


def _split_classes(rows: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], Spans]:
    """A class label wrapped in its cell (``服务对象满意度`` / ``指标``) joined back, on the line
    where it starts, when the line after starts with the rest of it; or, a label alone on its
    line whose rest starts the line after a row's line (``服务对象满意度`` / ``用户满意度 ≥90%`` /
    ``满意度指标 指标``: its two lines centred on the row's), on that row's line."""
    spans: Spans = {}
    out = _chains_joined([(y, list(words)) for y, words in rows], spans)
    for k in range(len(out) - 1):
        words, after = out[k][1], out[k + 1][1]
        if not words or squash(words[0]) in CLASSES:
            continue
        j = _past_classes(after)
        if j is not None and squash(words[0]) + squash(after[j]) in CLASSES:
            words[0] = squash(words[0]) + squash(after[j])
            spans[out[k][0], words[0]] = (out[k][0], out[k + 1][0])
            del after[j]
        elif len(words) == 1 and k + 2 < len(out) and _around_a_row(words[0], after, out[k + 2][1]):
            later = out[k + 2][1]
            j = _past_classes(later)
            assert j is not None
            out[k + 1] = (out[k + 1][0], [squash(words[0]) + squash(later.pop(j)), *after])
            words.clear()
    return out, spans


@dataclass
class _Chain:
    """A class wrapped in its cell down the lines: its pieces so far, each (line, word)."""

    pieces: list[tuple[int, int]]
    text: str


def _chains_joined(rows: list[tuple[int, list[str]]], spans: Spans) -> list[tuple[int, list[str]]]:
    """Classes wrapped over consecutive lines in cells side by side (``服务对`` / ``象满意 …`` /
    ``满意度 度指标`` / ``指标 其他满`` / ``意度指 …`` / ``标``: 服务对象满意度指标, 满意度指标 and
    其他满意度指标, a level-one and two level-two cells), read from the words a line starts
    with: each word either starts a class or goes on with one begun on the line above, and
    never both or two ways.  A class made whole is set on its middle line (the first of two);
    where a word could be read two ways, nothing is joined (the lines are read as before)."""
    chains: list[_Chain] = []
    done: list[_Chain] = []
    for k, (_, words) in enumerate(rows):
        going = [c for c in chains if c.pieces[-1][0] == k - 1]
        chains = []
        for j, w in enumerate(words):
            s = squash(w)
            if s in CLASSES:
                continue
            on = [c for c in going if _begins_class(c.text + s)]
            if len(on) + _begins_class(s) > 1:
                return rows  # a word two ways: not certain
            if on:
                going.remove(on[0])
                chain = _Chain([*on[0].pieces, (k, j)], on[0].text + s)
            elif _begins_class(s):
                chain = _Chain([(k, j)], s)
            else:
                break  # the row's text
            (done if chain.text in CLASSES else chains).append(chain)
    return _set_joined(rows, [c for c in done if len(c.pieces) > 1], spans)


def _begins_class(text: str) -> bool:
    return any(c.startswith(text) for c in CLASSES)


def _set_joined(rows: list[tuple[int, list[str]]], chains: list[_Chain], spans: Spans) -> list[tuple[int, list[str]]]:
    """Each whole class set at the start of its middle line, its pieces taken off their lines."""
    out = [(y, list(words)) for y, words in rows]
    drop = {piece for c in chains for piece in c.pieces}
    for k, (y, words) in enumerate(rows):
        out[k] = (y, [w for j, w in enumerate(words) if (k, j) not in drop])
    for c in chains:
        k = c.pieces[(len(c.pieces) - 1) // 2][0]
        out[k][1].insert(0, c.text)
        if len(c.pieces) == 2:
            spans[out[k][0], c.text] = (rows[c.pieces[0][0]][0], rows[c.pieces[-1][0]][0])
    return out


def _past_classes(words: list[str]) -> int | None:
    """The first word of a line past the classes it starts with."""
    return next((j for j, v in enumerate(words) if squash(v) not in CLASSES), None)


def _around_a_row(piece: str, row: list[str], later: list[str]) -> bool:
    """Whether a label's first piece, alone on its line, and its rest starting the line after
    next (past its classes) stand around one row: a line that starts with no class nor a piece
    of one, and holds an indicator and its target."""
    j = _past_classes(later)
    if j is None or squash(piece) + squash(later[j]) not in CLASSES or not row:
        return False
    first = squash(row[0])
    piece_of_class = any(first in c for c in (*CLASSES, SIDE))
    return not piece_of_class and target_cut(row) not in (None, 0)


def _classes(words: list[str], y: int, labels: list[Placed], spans: Spans) -> list[str]:
    """The class labels a line starts with, taken off it (a class joined of pieces spanning
    the lines they stand on)."""
    while words and squash(words[0]) in CLASSES:
        w = squash(words.pop(0))
        top, bottom = spans.get((y, w), (y, y))
        labels.append(Placed("label1" if w in LEVEL1 else "label2", w, "", float(y), float(top), float(bottom)))
    return words


def _completable(piece: str, k: int, leads: list[list[str]]) -> bool:
    """Whether a word on line ``k`` could be a piece of a class or of the side label: the rest
    of one is there in the first words of the lines around it (up to three lines away each)."""
    for c in (*CLASSES, SIDE):
        i = c.find(piece)
        while piece and i >= 0:
            if _forms(c[:i], k, leads, -1) and _forms(c[i + len(piece) :], k, leads, 1):
                return True
            i = c.find(piece, i + 1)
    return False


def _forms(rest: str, k: int, leads: list[list[str]], step: int) -> bool:
    """Whether ``rest`` is made of first words of the lines above (``step`` -1, read upwards)
    or below line ``k``, one a line."""
    if not rest:
        return True
    for j in (k + step, k + 2 * step, k + 3 * step):
        for w in leads[j] if 0 <= j < len(leads) else []:
            if w and step > 0 and rest.startswith(w) and _forms(rest[len(w) :], j, leads, step):
                return True
            if w and step < 0 and rest.endswith(w) and _forms(rest[: -len(w)], j, leads, step):
                return True
    return False


def _no_stray_label(words: list[str], line: Line, completable: bool) -> None:
    """What is left of a line once its side label and classes are taken off must not start
    with a piece of either that the lines around it could complete (a label cut character by
    character in a narrow column that could not be joined back), nor hold a whole class: else
    the line is not understood.  A word no lines around complete into a class is no piece of
    one (``满意度`` / ``≥90%``, an indicator named so; ``数量``, a wrapped indicator's last line)."""
    first = squash(words[0])
    text = squash("".join(words))
    piece = 2 <= len(first) <= 4 and any(first in c and first != c for c in (*CLASSES, SIDE))
    if (piece and completable) or any(c in text for c in CLASSES):
        raise BudgetError(
            f"a line of the indicators holds part of a class label that cannot be placed: {' '.join(words)[:40]!r}",
            line=line.loc,
        )


def target_cut(words: list[str]) -> int | None:
    """Where a line's target starts: at a word that starts with a comparison or a number, or
    a target word at the end (满足, 及时有效 …); None when the line holds no target."""
    from .indicators import OPERATOR_TARGET, WORD_TARGET, _target_start

    for k in range(1, len(words)):
        if _target_start(words[k]):
            return k
    if WORD_TARGET.match(words[-1]):
        return len(words) - 1
    if _target_start(words[0]) and (len(words) <= 2 or OPERATOR_TARGET.match(words[0])):
        return 0  # a target on a line of its own: ≥95%, 1918 个
    return None
