"""The nine text parts: headings, paragraphs, the glossary (第九部分)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..catalog import PARTS, squash
from ..chinese import IDEOGRAPHS
from ..model import BudgetError, Line, Row
from .layout import paragraph_starts
from .line_room import SENTENCE_END, Column, column, first_piece, has_room
from .tables.key_project_layout import header_piece, header_start
from .tables.key_projects import KeyProjects
from .words import PAGE_NUMBER, SLACK_UNITS, SPACES, display_width, join_lines, label

# A space between two Chinese characters in text without glyph positions (data contract 4.1.0:
# ``uncertain_spaces``): printed, or a gap a character set wider than its neighbours left (one
# from another font), which an extraction prints as a space.
_GAP = re.compile(f"(?<=[{IDEOGRAPHS}]) (?=[{IDEOGRAPHS}])")

PART_HEADING = re.compile(r"^(?:-\s*)?第([一二三四五六七八九])部分\s*(.*)$")


def split_parts(lines: list[Line]) -> list[tuple[int, str, list[Line]]]:
    """(part number, heading, body lines) for the nine parts; the table of contents is skipped."""
    lines = _first_items_after_headings(lines)
    heads: dict[int, int] = {}
    for i, ln in enumerate(lines):
        m = PART_HEADING.match(ln.text.strip())
        if m:
            heads["一二三四五六七八九".index(m.group(1)) + 1] = i  # the last one wins: the TOC comes first
    order = sorted(heads.items(), key=lambda kv: kv[1])
    parts = []
    for k, (num, i) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        m = PART_HEADING.match(lines[i].text.strip())
        assert m
        heading = label(m.group(2)) or PARTS[num - 1][0]
        # the text ends where the document says its tables begin (二、表格部分): what text in a
        # reading order of its own (pdftotext) gives after that, before a table's title, is the table's
        tables = next((k for k in range(i + 1, end) if TABLES_PART.match(squash(lines[k].text))), end)
        body = [
            ln
            for ln in lines[i + 1 : tables]
            if not re.match(r"^(附件|附表|二、表格部分|一、文字部分)[:：]?$", squash(ln.text))
        ]
        parts.append((num, heading, body))
    return parts


TABLES_PART = re.compile(r"^(?:二、)?表格部分[:：]?$")
FIRST_ITEM = re.compile(r"^一、[^，。；：,;:]{1,30}$")


def _first_items_after_headings(lines: list[Line]) -> list[Line]:
    """Text in a reading order of its own (``pdftotext`` without ``-layout``) may give a page's
    first heading (``一、部门职责``) before the part's heading centred above it (``第一部分 …``):
    the first item of a part's list comes after the part's heading, so a page's first line that
    is such an item, right before a part's heading, is put after it."""
    out = list(lines)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if a.unordered and a.new_page and FIRST_ITEM.match(a.text.strip()) and PART_HEADING.match(b.text.strip()):
            out[i - 1], out[i] = replace(b, new_page=True), replace(a, new_page=False)
    return out


LIST_MARK = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[①-⑳])")


# A printed line holds at most ~45 CJK characters (landscape A4); an extraction whose lines
# are much longer has put each paragraph on one line, cut only where a page ends.
UNWRAPPED = 120


def paragraph_width(lines: list[Line]) -> int:
    """The width of a full line of text (half-width units): what most lines reach."""
    widths = sorted(display_width(t) for t in _texts(lines))
    return widths[int(len(widths) * 0.8)] if widths else 0


def _texts(lines: list[Line]) -> list[str]:
    return [t for _, t in _text_lines(lines)]


def _text_lines(lines: list[Line]) -> list[tuple[Line, str]]:
    texts = [(ln, SPACES.sub(" ", ln.text.replace("\t", " ")).strip()) for ln in lines]
    return [(ln, t) for ln, t in texts if t and not PAGE_NUMBER.match(t)]


def paragraphs(lines: list[Line], full: int | None = None, col: Column | None = None) -> list[str]:
    """Hard-wrapped lines → paragraphs (``told_paragraphs`` without where they were not told)."""
    return told_paragraphs(lines, full, col).paragraphs


@dataclass(frozen=True)
class PartText:
    """A part's paragraphs and where they were not told: ``doubts``, the places in ``text``
    (character offsets) where a printed line that may have ended its paragraph ended, and the
    next line was joined to it (data contract 3.1.0: ``uncertain_breaks``)."""

    paragraphs: list[str]
    doubts: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def joined(*texts: PartText) -> PartText:
    """Part texts one after another, their doubts moved to where they stand in the whole."""
    paras: list[str] = []
    doubts: list[int] = []
    for t in texts:
        if not t.paragraphs:
            continue
        at = len("\n".join(paras)) + 1 if paras else 0
        doubts += [at + d for d in t.doubts]
        paras += t.paragraphs
    return PartText(paras, tuple(doubts))


def told_paragraphs(lines: list[Line], full: int | None = None, col: Column | None = None) -> PartText:
    """Hard-wrapped lines → paragraphs, and where they were not told.  A paragraph ends at a
    short line that closes a sentence, before a numbered item, and after a heading-like line.
    A line that closes a sentence where the text does not tell whether it ends its paragraph (it
    is full: ``_ends``) runs on, as most such lines do, and the place is kept as a doubt: the
    paragraphs are said not to be told there, never published as if they were.  In an
    extraction with one line per paragraph (``full`` beyond any printed line) every line that
    closes a sentence ends its paragraph; a line cut mid-sentence by a page break runs on.
    Paragraphs a PDF reader joined from the layout stand as they are; where ``pdftotext
    -layout`` text marks where paragraphs start (``layout.paragraph_starts``), the marks decide."""
    if any(ln.paragraph for ln in lines):
        return PartText(laid_out_paragraphs(lines))
    check_order(lines)
    pairs = _text_lines(lines)
    texts = [t for _, t in pairs]
    if not texts:
        return PartText([])
    starts = paragraph_starts([ln for ln, _ in pairs]) if all(ln.layout for ln, _ in pairs) else None
    full = paragraph_width(lines) if full is None else full
    ends: list[bool | None]
    if starts is not None:  # the layout's marks, and the words' where it does not tell
        words = _ends(texts, full, None)
        ends = [
            {"start": True, "run-on": False, "tight": structural, "unknown": verdict}[start]
            for (structural, verdict), start in zip(words, [*starts[1:], "start"], strict=True)
        ]
    else:
        ends = [verdict for _, verdict in _ends(texts, full, col or text_column([lines]))]
    return _set_paragraphs(texts, ends)


def _set_paragraphs(texts: list[str], ends: list[bool | None]) -> PartText:
    """The lines ``texts`` joined into paragraphs where ``ends`` says they run on (False) or
    does not tell (None: a doubt, at the place the next line starts in the text)."""
    done: list[str] = []
    doubts: list[int] = []
    current: list[str] = []
    for k, (t, end) in enumerate(zip(texts, ends, strict=True)):
        current.append(t)
        if end is None and k + 1 < len(texts):
            at = len("\n".join(done)) + (1 if done else 0)
            doubts.append(at + len(join_lines([*current, texts[k + 1]])) - len(join_lines([texts[k + 1]])))
        if end is True or k + 1 == len(texts):
            done.append(join_lines(current))
            current = []
    return PartText(done, tuple(doubts))


STRAY = re.compile(r"^[\u3400-\u9fff]{1,2}$")


def check_order(lines: list[Line]) -> None:
    """Text in a reading order of its own (``pdftotext`` without ``-layout``) may take a
    character or two out of their line and give them apart (``…进行`` / ``査督办。`` / ``督``):
    no line of running text is one or two ideographs alone, and where such a piece belongs
    cannot be told, so the text is reported (``BudgetError``), not published with it misplaced."""
    stray = next((ln for ln in lines if ln.unordered and STRAY.match(ln.text.strip())), None)
    if stray is not None:
        raise BudgetError(
            f"a piece of text, {stray.text.strip()!r}, stands apart from its line in text from pdftotext "
            "without -layout, and where it belongs cannot be told: extract the text with `pdftotext -layout`, "
            "or add the PDF itself",
            line=stray.loc,
        )


def _ends(texts: list[str], full: int, col: Column | None) -> list[tuple[bool, bool | None]]:
    """Whether each line ends its paragraph, by what the words tell: (a heading-like line or
    the line before a numbered item; the verdict: True for such a line and for a line closing a
    sentence that could have held the next line's first piece, ``line_room.first_piece``; None
    for a line closing a sentence that could not, which is a paragraph's last line, full, or a
    line the renderer filled: the words do not tell which; else False, as for a line closing a
    sentence before the next item of a list that runs inline, ``_inline_item``).  The room is counted
    in character cells (``display_width``, with slack: what ``pdftotext -layout`` text shows)
    and, for text without positions, also in em bounds in the column ``col`` the document shows
    (``line_room``); a sentence also ends where the next line is an indented first line
    (``_indented``)."""
    items, _, _ = _marks(texts, full)
    closes = [bool(SENTENCE_END.search(t)) for t in texts]
    ends: list[tuple[bool, bool | None]] = []
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        cells = display_width(t) + display_width(first_piece(nxt or "二")) + SLACK_UNITS < full
        may_be_first = i == 0 or closes[i - 1] or ends[-1][0]
        room = full > UNWRAPPED or cells or (col is not None and has_room(t, nxt or "二", col, may_be_first))
        structural = _heading(t, full, room) or (i + 1 < len(texts) and items[i + 1])
        indented = col is not None and _indented(texts[i + 1 : i + 3], col, full)
        told = structural or (closes[i] and (room or indented))
        inline = i + 1 < len(texts) and bool(LIST_MARK.match(nxt)) and not items[i + 1]  # _inline_item
        ends.append((structural, True if told else None if closes[i] and not inline else False))
    return ends


def _indented(nxt: list[str], col: Column, full: int) -> bool:
    """Is the first of the lines ``nxt`` (two of them) an indented paragraph's first line: in a
    column whose first lines are indented, a line that goes on (it closes no sentence and is no
    heading) although, not indented, it would have held the next line's first piece."""
    return (
        col.indent > 0
        and len(nxt) == 2
        and not SENTENCE_END.search(nxt[0])
        and not _heading(nxt[0], full, True)
        and has_room(nxt[0], nxt[1], col, may_be_first=False)
    )


def _marks(texts: list[str], full: int) -> tuple[list[bool], list[bool], list[bool]]:
    """Per line: it starts a numbered item; it surely starts a paragraph (after a heading, or a
    numbered item); it may end one (it closes a sentence, or the next surely starts one)."""
    if not texts:
        return [], [], []
    items = [bool(LIST_MARK.match(t)) and not _inline_item(_before(texts, k), t) for k, t in enumerate(texts)]
    first = [True, *(_heading(t, full, True) or item for t, item in zip(texts[:-1], items[1:], strict=True))]
    last = [bool(SENTENCE_END.search(t)) or f for t, f in zip(texts, [*first[1:], True], strict=True)]
    return items, first, last


def text_column(bodies: list[list[Line]], full: int | None = None) -> Column:
    """The column the text parts were set in, from all their lines."""
    texts: list[str] = []
    first: list[bool] = []
    last: list[bool] = []
    for body in bodies:
        t = _texts(body)
        _, f, e = _marks(t, paragraph_width(body) if full is None else full)
        texts, first, last = texts + t, first + f, last + e
    return column(texts, first, last)


def _heading(t: str, full: int, room: bool) -> bool:
    """A heading-like line: a numbered line that is short (or, in an extraction with one line
    per paragraph, has no punctuation inside) and does not end in punctuation."""
    unwrapped = full > UNWRAPPED
    short = display_width(t) < full * 0.85 and room
    return (
        bool(LIST_MARK.match(t))
        and (
            len(t) <= 20
            or (short and not unwrapped)
            or (unwrapped and len(t) <= 40 and not re.search(r"[，。；：,;]", t))
        )
        and not re.search(r"[，。；：:、]$", t)
        and "。" not in t
    )


def _inline_item(before: list[str], nxt: str) -> bool:
    """Whether ``nxt`` starts an item of a list that runs inline: the item before it stands
    inside the lines ``before`` it, not at a line's start (``；5.保障…；`` / ``6.推动…``;
    ``主要用于 1.通过…`` / … / ``2.通过…``)."""
    m = re.match(r"(\d+)[.、．](?!\d)", nxt)
    if m is None:
        return False
    mark = re.compile(rf"(?<![\d.．]){int(m.group(1)) - 1}[.、．](?!\d)")
    return any(found.start() > 0 for t in before for found in mark.finditer(t))


def _before(texts: list[str], k: int) -> list[str]:
    """The lines before line ``k`` back to the last that starts a numbered item (ten at most)."""
    out: list[str] = []
    for t in reversed(texts[max(0, k - 10) : k]):
        out.append(t)
        if LIST_MARK.match(t):
            break
    return out


def laid_out_paragraphs(lines: list[Line]) -> list[str]:
    """Paragraphs a reader has joined from the layout (PDFs) stand as they are.  Table rows
    among them (a table printed inside a text part) are not running text."""
    texts = [re.sub(r"\s+", " ", ln.text).strip() for ln in lines if ln.paragraph]
    return [join_lines([t]) for t in texts if t and not PAGE_NUMBER.match(t)]


def sections_rows(
    parts: list[tuple[int, str, list[Line]]], kp: KeyProjects | None, kp_failed: bool = False
) -> list[Row]:
    """The nine parts; part 7 with its key-projects table ``kp`` as one line per row.  Each row
    says where its paragraphs were not told (``paragraphs_certain``, ``uncertain_breaks``), which
    of its spaces may not be printed ones (``uncertain_spaces``) and which table it prints that
    is left out of its text (``omitted_table``: part 7's, when it could not be read,
    ``kp_failed``)."""
    unwrapped = paragraph_width([ln for _, _, body in parts for ln in body]) > UNWRAPPED
    full = UNWRAPPED + 1 if unwrapped else None  # one line per paragraph throughout, else per part
    laid_out = all(ln.layout for _, _, body in parts for ln in body)
    col = None if laid_out else text_column([body for num, _, body in parts if num != 7], full)
    rows: list[Row] = []
    for num, heading, body in parts:
        omitted = ""
        if num == 7:
            part, omitted = key_project_part(body, kp, full, col, kp_failed)
        else:
            part = told_paragraphs(body, full, col)
        rows.append(
            {
                "part": num,
                "heading": heading,
                "text": part.text,
                "paragraphs_certain": "false" if part.doubts else "true",
                "uncertain_breaks": " ".join(str(d) for d in part.doubts),
                "omitted_table": omitted,
                "uncertain_spaces": "" if _positioned(body) else uncertain_spaces(part.text),
            }
        )
    return rows


def _positioned(body: list[Line]) -> bool:
    """Whether a part's lines came from a reader that placed each glyph (a PDF's paragraphs)."""
    return any(ln.paragraph for ln in body)


def uncertain_spaces(text: str) -> str:
    """The offsets in ``text`` of each space between two Chinese characters, separated by
    spaces: Chinese prose sets none, but text without the glyphs' positions prints one wherever a
    character stood wider than its neighbours (a character missing from the document's font, set
    in another), so such a space may or may not be printed."""
    return " ".join(str(m.start()) for m in _GAP.finditer(text))


GLOSSARY_ITEM = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+?)[:：]\s*(.*)$")


def glossary_rows(lines: list[Line]) -> list[Row]:
    check_order(lines)
    rows: list[Row] = []
    current: list[str] = []
    term = ""
    for ln in lines:
        t = ln.text.strip()
        if PAGE_NUMBER.match(t):
            continue
        m = GLOSSARY_ITEM.match(t)
        if m:
            if term:
                rows.append({"term": term, "definition": join_lines(current)})
            term, current = label(m.group(2)), [m.group(3)]
        elif term:
            current.append(t)
    if term:
        rows.append({"term": term, "definition": join_lines(current)})
    return rows


def key_project_text(
    lines: list[Line], kp: KeyProjects | None, full: int | None = None, col: Column | None = None
) -> str:
    """第七部分 as text (``key_project_part``)."""
    return key_project_part(lines, kp, full, col)[0].text


def key_project_part(
    lines: list[Line],
    kp: KeyProjects | None,
    full: int | None = None,
    col: Column | None = None,
    failed: bool = False,
) -> tuple[PartText, str]:
    """第七部分 as text: the paragraphs before the table, one line per table row (cells
    separated by a space, amounts as printed), then the notes after it; and the table left out
    of it.  A table that could not be read (``failed``) is left out with its notes: the text
    ends where the table starts (its header's first line, or the first line holding only a
    piece of its header, which text in a reading order of its own puts before the rest:
    ``pdftotext``), and ``key-projects`` is named as left out (it is reported)."""
    if kp is None:
        header = next((i for i, ln in enumerate(lines) if squash(ln.text).endswith("绩效目标")), None)
        if header is not None:
            first = next((i for i, ln in enumerate(lines[:header]) if header_piece(ln.text)), header)
            header = min(first, header_start(lines, header))
        return told_paragraphs(lines[:header], full, col), "key-projects" if failed else ""
    if not kp.rows:
        return told_paragraphs(lines, full, col), ""
    table = [" ".join(kp.header)] + [f"{r['project']} {r['printed']} {r['goal']}".rstrip() for r in kp.rows]
    head, notes = told_paragraphs(lines[: kp.start], full, col), told_paragraphs(lines[kp.end :], full, col)
    return joined(head, PartText(table), notes), ""
