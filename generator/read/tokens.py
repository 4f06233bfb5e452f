"""A table body as a stream of tokens: label text and number fragments, from lines of any style."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line
from .numbers import CODE, decimals, is_fragment, is_number, squash_number
from .words import label

DASHES = ("-", "—", "－", "–", "/")


@dataclass
class Tok:
    text: str
    line: int  # source line (or page for PDFs)
    nl: bool  # first token of its line
    empty: bool = False  # an empty printed cell in a tab-separated row
    tab: bool = False  # a cell of a tab-separated row
    # an amount wrapped in its cell around the line of the row's other amounts (that line's
    # ``loc``), in a column the text does not say (``merge_wrapped_numbers``)
    floating: int | None = None
    # a piece of a label printed on the line of the ends of a row's wrapped amounts: that row's
    # (the ``loc`` of the line of its other amounts), whatever follows it in the stream
    label_of_row: int | None = None

    @property
    def num(self) -> bool:
        return self.empty or is_fragment(self.text)


def label_of(toks: list[Tok]) -> str:
    """The label the tokens ``toks`` print, as one cell's text (``words.label``)."""
    return label(" ".join(t.text for t in toks))


def cells(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t")]


def is_tab(line: Line) -> bool:
    return "\t" in line.text


def tokenize(lines: list[Line], n_amounts: int | None = None) -> list[Tok]:
    """Tokens of a table body.  Tab-separated lines give one token per cell (a spaced-out
    number ``66 7. 95`` is one number); other lines are split at spaces."""
    toks: list[Tok] = []
    floats: dict[int, int] = {}
    for ln in merge_tab_rows(merge_wrapped_numbers(lines, n_amounts, floats)):
        if is_tab(ln):
            cs = [squash_number(c) for c in cells(ln)]
            first_num = next((i for i, c in enumerate(cs) if c and is_fragment(c)), None)
            if first_num is not None and CODE.match(cs[first_num]):
                # a classification code printed before the row's name is not its first amount
                names = [i for i in range(first_num + 1, len(cs)) if cs[i] and not is_fragment(cs[i])]
                if names:
                    first_num = next(
                        (i for i in range(names[-1] + 1, len(cs)) if cs[i] and is_fragment(cs[i])), first_num
                    )
            trailing = cs[first_num:] if first_num is not None else []
            if n_amounts is None or len(trailing) != n_amounts:
                while trailing and not trailing[-1]:
                    trailing.pop()
            # A row with an empty printed cell among its amounts keeps the cell's place.
            positional = n_amounts is not None and len(trailing) == n_amounts and any(not c for c in trailing)
            first = True
            for i, c in enumerate(cs):
                if c in DASHES:
                    toks.append(Tok("", ln.loc, first, empty=True, tab=True))  # a dash printed for "none"
                    first = False
                elif c:
                    toks.append(Tok(c, ln.loc, first, tab=True))
                    first = False
                elif positional and first_num is not None and first_num <= i < first_num + len(trailing):
                    toks.append(Tok("", ln.loc, first, empty=True, tab=True))
                    first = False
        else:
            to = floats.get(ln.line) if ln.page is None else None
            for j, t in enumerate(ln.text.split()):
                tok = Tok("", ln.loc, j == 0, empty=True) if t in DASHES else Tok(t, ln.loc, j == 0)
                if to is not None and to > ln.line and is_number(t):
                    tok.floating = to
                elif to is not None and to < ln.line and not tok.num:
                    tok.label_of_row = to
                toks.append(tok)
    return toks


def merge_wrapped_numbers(
    lines: list[Line], n_amounts: int | None = None, floats: dict[int, int] | None = None
) -> list[Line]:
    """Text without positions, amounts wrapped in narrow cells: a row's amounts on one line
    and their ends on a line below (a label's line may stand between), column by column —
    ``4.6 0.0 1.0`` … ``7 0 0`` → ``4.67 0.00 1.00``.  Joined only when every piece above
    stops short of two decimals, every piece below is digits only, and every join has two.
    Where the line between prints the row's other amounts, whole (cells of one line, centred
    between the wrapped cells' two), the joined amounts and those make the row's ``n_amounts``
    in an order the text does not give: ``floats`` gets the joined line's number and that line's
    (its amounts are the row's, in columns to be told by the table's sums), and the ends' line
    may carry the last line of the row's label (``育装备中心 5 5 5``), which is that row's too
    (``floats`` gets the ends' line's number and the row's line)."""
    out = _ends_below(list(lines))
    for i, ln in enumerate(out):
        top = _numbers(ln)
        decimals_cut = all(_cut_after_point(t) for _, t in top)
        if not top or not (decimals_cut or all(_short(t) for _, t in top)):
            continue
        for j in range(i + 1, min(i + 3, len(out))):
            below = _numbers(out[j])
            words = out[j].text.split()
            middle = _whole_between(out, i, j, len(top), n_amounts)
            labelled = middle and _label_then_numbers(words, len(below))
            if (
                ((decimals_cut and len(top) > 1) or middle)
                and len(below) == len(top)
                and (len(words) == len(below) or labelled)
                and all(_tail(b, middle) and _two(a + b) for (_, a), (_, b) in zip(top, below, strict=True))
            ):
                joined = ln.text.split()
                for (k, a), (_, b) in zip(top, below, strict=True):
                    joined[k] = a + b
                out[i] = Line(" ".join(joined), ln.line, ln.page)
                out[j] = Line(" ".join(words[: len(words) - len(below)]), out[j].line, out[j].page)
                if middle and floats is not None:
                    floats[ln.line] = floats[out[j].line] = out[i + 1].line
                break
    return [ln for ln in out if ln.text.strip() or ln.grid]


def _ends_below(out: list[Line]) -> list[Line]:
    """Text without positions, cells at their tops: a row's line of amounts, some of them cut
    short before their second decimal (``203,342.5 8,272.14 195,070.4 0.00``), and on the next
    line as many ends of digits (after the last line of the row's label, if any: ``5 1``), which
    finish them in order, each with two decimals (``203,342.55 … 195,070.41``).  Not where the
    line above holds pieces cut short too: the ends may finish those (``5,320.0`` / ``5,574.9 …``
    / ``2``, cells centred; an amount may be printed with one decimal)."""
    for i in range(len(out) - 1):
        top, words = _numbers(out[i]), out[i + 1].text.split()
        cut = [(k, t) for k, t in top if _cut_after_point(t)]
        if not cut or len(cut) == len(top) or out[i].page is not None or "\t" in out[i + 1].text:
            continue
        above = _numbers(out[i - 1]) if i else []
        if above and all(_short(t) for _, t in above):
            continue  # the ends may as well finish the pieces above, cells centred on the row's line
        ends = words[len(words) - len(cut) :]
        if (
            len(words) >= len(cut)
            and all(e.isdigit() for e in ends)
            and not any(is_fragment(w) for w in words[: len(words) - len(cut)])
            and all(_two(a + b) for (_, a), b in zip(cut, ends, strict=True))
        ):
            joined = out[i].text.split()
            for (k, a), b in zip(cut, ends, strict=True):
                joined[k] = a + b
            out[i] = Line(" ".join(joined), out[i].line, out[i].page)
            out[i + 1] = Line(" ".join(words[: len(words) - len(cut)]), out[i + 1].line, out[i + 1].page)
    return out


def _cut_after_point(t: str) -> bool:
    """A number cut short in its cell before its second decimal (``6,800.5``, ``22,508.``)."""
    return "." in t and decimals(t) < 2


def _short(t: str) -> bool:
    """A number cut short in its cell: before its second decimal, or in its whole part
    (``29,30`` of 29,309.01)."""
    return _cut_after_point(t) or ("." not in t and not is_number(t))


def _tail(t: str, middle: bool) -> bool:
    """The end of a number cut short: digits, or (beside a row's whole amounts, where the row
    tells) the end of its whole part and its decimals (``9.01``)."""
    return t.isdigit() or (middle and re.fullmatch(r"\d+\.\d{2}", t) is not None)


def _whole_between(out: list[Line], i: int, j: int, wrapped: int, n_amounts: int | None) -> bool:
    """Whether the one line between ``out[i]`` and ``out[j]`` of a text without positions prints
    the rest of a row of ``n_amounts``, each whole with two decimals (after its label, and a
    code before it)."""
    if j != i + 2 or n_amounts is None or out[i].page is not None or out[i + 1].page is not None:
        return False
    words = out[i + 1].text.split()
    if len(words) > 1 and CODE.match(words[0]):
        words = words[1:]  # the row's code, then its name or its amounts
    amounts = [w for w in words if is_fragment(w) and any(c.isdigit() for c in w)]
    return (
        bool(amounts)
        and wrapped + len(amounts) == n_amounts
        and all(_two(a) for a in amounts)
        and _label_then_numbers(words, len(amounts))
    )


def _label_then_numbers(words: list[str], numbers: int) -> bool:
    """Words of a label (none or more), then ``numbers`` number pieces."""
    head, tail = words[: len(words) - numbers], words[len(words) - numbers :]
    return all(is_fragment(w) for w in tail) and not any(is_fragment(w) for w in head)


def _numbers(ln: Line) -> list[tuple[int, str]]:
    if "\t" in ln.text:
        return []
    return [(k, t) for k, t in enumerate(ln.text.split()) if is_fragment(t) and any(c.isdigit() for c in t)]


def _two(t: str) -> bool:
    return is_number(t) and "." in t and len(t.split(".", 1)[1]) == 2


def merge_tab_rows(lines: list[Line]) -> list[Line]:
    """Tab rows whose numbers were split over two lines, column by column, become one row:
    ``X\\t66\\t0.`` + ``\\t7.95\\t00`` → ``X\\t667.95\\t0.00``."""
    out: list[Line] = []
    for ln in lines:
        if out and is_tab(ln) and is_tab(out[-1]) and _column_continuation(out[-1], ln):
            a, b = cells(out[-1]), cells(ln)
            width = max(len(a), len(b))
            a += [""] * (width - len(a))
            b += [""] * (width - len(b))
            merged = []
            # a label wrapped into the next line (both lines carry text): numbers below are debris
            label_wrap = any(c and not is_fragment(squash_number(c)) for c in b) and any(
                c and not is_fragment(squash_number(c)) for c in a
            )
            for x, y in zip(a, b, strict=True):
                x, y = squash_number(x), squash_number(y)
                if label_wrap and x and y and is_fragment(y) and is_number(x) and not is_number(x + y):
                    merged.append(x)  # number debris beside a wrapped label
                elif x and y and is_fragment(x) and is_fragment(y) and is_number(x + y):
                    merged.append(x + y)
                elif x and y and is_fragment(x) and is_fragment(y):
                    merged.append(x)  # two complete numbers in one column: keep the upper
                elif x and y:
                    merged.append(x + y)  # a label wrapped into the same column
                else:
                    merged.append(x or y)
            out[-1] = Line("\t".join(merged), out[-1].line, out[-1].page)
        else:
            out.append(ln)
    return out


def _column_continuation(a: Line, b: Line) -> bool:
    ca = [squash_number(c) for c in cells(a)]
    cb = [squash_number(c) for c in cells(b)]
    na = [i for i, c in enumerate(ca) if c and is_fragment(c)]
    nb = [i for i, c in enumerate(cb) if c and is_fragment(c)]
    text_a = [i for i, c in enumerate(ca) if c and not is_fragment(c)]
    text_b = [i for i, c in enumerate(cb) if c and not is_fragment(c)]
    if na and text_a and text_b and not nb:
        # a label wrapped onto a line of its own: "\t\t缴费支出\t\t…"
        return all(i in text_a for i in text_b)
    if not na or not nb:
        return False
    if text_a and text_b:
        # a label wrapped into the next line, in the same column, maybe with number debris
        return (
            all(i in text_a for i in text_b)
            and all(i in na for i in nb)
            and min(nb) > max(text_b)
            and len(nb) < len(na)
            and min(nb) > min(na)
        )
    if text_a and not text_b and not nb:
        return False
    incomplete_a = any(not is_number(ca[i]) for i in na)
    incomplete_b = any(not is_number(cb[i]) for i in nb)
    joinable = sum(1 for i in nb if i < len(ca) and ca[i] and is_number(ca[i] + cb[i]))
    if not text_b and (incomplete_a or incomplete_b) and joinable:
        return True
    # numbers printed on the line above their label: "\t40.80\t0.0" + "奖金\t\t0"
    return bool(not text_a and text_b and joinable == len(nb))
