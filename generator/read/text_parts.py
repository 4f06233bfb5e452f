"""The nine text parts: headings, paragraphs, the glossary (第九部分)."""

from __future__ import annotations

import re

from ..catalog import PARTS, squash
from ..model import Line, Row
from .layout import paragraph_starts
from .tables.key_project_layout import header_start
from .tables.key_projects import KeyProjects
from .words import PAGE_NUMBER, SLACK_UNITS, SPACES, display_width, first_word_width, join_lines, label

PART_HEADING = re.compile(r"^(?:-\s*)?第([一二三四五六七八九])部分\s*(.*)$")


def split_parts(lines: list[Line]) -> list[tuple[int, str, list[Line]]]:
    """(part number, heading, body lines) for the nine parts; the table of contents is skipped."""
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
        body = [
            ln
            for ln in lines[i + 1 : end]
            if not re.match(r"^(附件|附表|二、表格部分|一、文字部分)[:：]?$", squash(ln.text))
        ]
        parts.append((num, heading, body))
    return parts


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


def paragraphs(lines: list[Line], full: int | None = None) -> list[str]:
    """Hard-wrapped lines → paragraphs.  A paragraph ends at a short line that closes a
    sentence, before a numbered item, and after a heading-like line.  In an extraction with
    one line per paragraph (``full`` beyond any printed line) every line that closes a
    sentence ends its paragraph; a line cut mid-sentence by a page break runs on.  Paragraphs
    a PDF reader joined from the layout stand as they are; where ``pdftotext -layout`` text
    marks where paragraphs start (``layout.paragraph_starts``), the marks decide."""
    if any(ln.paragraph for ln in lines):
        return laid_out_paragraphs(lines)
    pairs = _text_lines(lines)
    texts = [t for _, t in pairs]
    if not texts:
        return []
    words = _ends(texts, paragraph_width(lines) if full is None else full)
    starts = paragraph_starts([ln for ln, _ in pairs]) if all(ln.layout for ln, _ in pairs) else None
    if starts is not None:  # the layout's marks, and the words' where it does not tell
        ends = [
            {"start": True, "run-on": False, "tight": structural, "unknown": structural or sentence}[start]
            for (structural, sentence), start in zip(words, [*starts[1:], "start"], strict=True)
        ]
    else:
        ends = [structural or sentence for structural, sentence in words]
    paras: list[list[str]] = [[]]
    for t, end in zip(texts, ends, strict=True):
        paras[-1].append(t)
        if end:
            paras.append([])
    return [join_lines(p) for p in paras if p]


def _ends(texts: list[str], full: int) -> list[tuple[bool, bool]]:
    """Whether each line ends its paragraph, by what the words tell: (a heading-like line or
    the line before a numbered item, a line closing a sentence where the next line's first word
    would have fitted)."""
    unwrapped = full > UNWRAPPED
    ends = []
    for i, t in enumerate(texts):
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        ends_sentence = t.endswith(("。", "：", ":", "；", "！", "？", "”"))
        short = display_width(t) < full * 0.85
        # A sentence ends its paragraph when the next line's first word would have fitted, with
        # room to spare for what widths counted in characters cannot tell (proportional digits).
        room = display_width(t) + (first_word_width(nxt) if nxt else 2) + SLACK_UNITS < full
        heading = (
            bool(LIST_MARK.match(t))
            and (
                len(t) <= 20
                or (short and not unwrapped)
                # a heading of a one-line-per-paragraph extraction: no punctuation inside
                or (unwrapped and len(t) <= 40 and not re.search(r"[，。；：,;]", t))
            )
            and not re.search(r"[，。；：:、]$", t)
            and "。" not in t
        )
        ends.append(
            (
                heading or (bool(LIST_MARK.match(nxt)) and not _inline_item(t, nxt)),
                ends_sentence and (room or unwrapped),
            )
        )
    return ends


def _inline_item(t: str, nxt: str) -> bool:
    """Whether ``nxt`` starts an item of a list that runs inline, in the line before it: the
    item before (``；5.保障…；`` / ``6.推动…``) stands after a sentence's end inside ``t``."""
    m = re.match(r"(\d+)[.、．](?!\d)", nxt)
    return m is not None and re.search(rf"[；;。]{int(m.group(1)) - 1}[.、．](?!\d)", t) is not None


def laid_out_paragraphs(lines: list[Line]) -> list[str]:
    """Paragraphs a reader has joined from the layout (PDFs) stand as they are.  Table rows
    among them (a table printed inside a text part) are not running text."""
    texts = [re.sub(r"\s+", " ", ln.text).strip() for ln in lines if ln.paragraph]
    return [join_lines([t]) for t in texts if t and not PAGE_NUMBER.match(t)]


def sections_rows(parts: list[tuple[int, str, list[Line]]], kp: KeyProjects | None) -> list[Row]:
    """The nine parts; part 7 with its key-projects table ``kp`` as one line per row."""
    unwrapped = paragraph_width([ln for _, _, body in parts for ln in body]) > UNWRAPPED
    rows: list[Row] = []
    for num, heading, body in parts:
        full = UNWRAPPED + 1 if unwrapped else None  # one line per paragraph throughout, else per part
        text = key_project_text(body, kp, full) if num == 7 else "\n".join(paragraphs(body, full))
        rows.append({"part": num, "heading": heading, "text": text})
    return rows


GLOSSARY_ITEM = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+?)[:：]\s*(.*)$")


def glossary_rows(lines: list[Line]) -> list[Row]:
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


def key_project_text(lines: list[Line], kp: KeyProjects | None, full: int | None = None) -> str:
    """第七部分 as text: the paragraphs before the table, one line per table row (cells
    separated by a space, amounts as printed), then the notes after it.  (A table that could
    not be read, ``kp`` None although the part prints one, is left out: it is reported.)"""
    if kp is None:
        header = next((i for i, ln in enumerate(lines) if squash(ln.text).endswith("绩效目标")), None)
        return "\n".join(paragraphs(lines if header is None else lines[: header_start(lines, header)], full))
    if not kp.rows:
        return "\n".join(paragraphs(lines, full))
    table = [" ".join(kp.header)] + [f"{r['project']} {r['printed']} {r['goal']}".rstrip() for r in kp.rows]
    return "\n".join([*paragraphs(lines[: kp.start], full), *table, *paragraphs(lines[kp.end :], full)])
