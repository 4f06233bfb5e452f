"""Each rendered PDF checked against what it should print, without the project's reader, so that
a corpus bug is never taken for a reader bug.

pdfplumber's words (runs of characters without a gap on one line) are read page by page; the
blocks are found in order (the contents, each part's heading, each table's title); then every
expected cell and paragraph must be made of whole words of its own pages, cut only where a line
may break (``breaks``: beside a CJK character, at a space; an amount anywhere).  A cell merged
with its neighbour, a character lost, a break inside an ASCII run fail the check."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from .breaks import is_cjk
from .printed import Document, Para, Table, title_lines
from .tounicode import TEXT_LAYER_TO_PRINTED


@dataclass(frozen=True)
class PageText:
    words: tuple[str, ...]  # squashed words, in pdfplumber's order
    text: str  # page.extract_text(), for the pdfplumber-text route


def read_pages(path: Path) -> list[PageText]:
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = tuple("".join(w["text"].split()) for w in page.extract_words(x_tolerance=1.5))
            pages.append(PageText(words, page.extract_text() or ""))
    return pages


def _squash(text: str) -> tuple[str, list[bool]]:
    """The text without white space, and whether white space stood before each character."""
    out, before, space = [], [], False
    for ch in text:
        if ch.isspace():
            space = True
            continue
        out.append(ch)
        before.append(space)
        space = False
    return "".join(out), before


def covered(text: str, kind: str, words: set[str], lengths: list[int]) -> bool:
    """``text`` is a sequence of whole ``words``, cut only where a line may break."""
    s, space = _squash(text)
    n = len(s)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(n):
        if not ok[i]:
            continue
        for size in lengths:
            j = i + size
            if j > n:
                break
            if (
                not ok[j]
                and s[i:j] in words
                and (j == n or kind == "number" or space[j] or is_cjk(s[j - 1]) or is_cjk(s[j]))
            ):
                ok[j] = True
    return ok[n]


class Pages:
    def __init__(self, pages: list[PageText], radicals: bool):
        fold = str.maketrans(TEXT_LAYER_TO_PRINTED) if radicals else {}
        self.words = [[w.translate(fold) for w in p.words] for p in pages]
        self.joined = ["".join(ws) for ws in self.words]
        self.starts = [0]
        for j in self.joined:
            self.starts.append(self.starts[-1] + len(j))
        self.full = "".join(self.joined)

    def find(self, marker: str, cursor: int) -> int:
        """Offset of ``marker`` at or after ``cursor``; -1 when absent."""
        return self.full.find("".join(marker.split()), cursor)

    def page_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset) - 1

    def vocabulary(self, first: int, last: int) -> tuple[set[str], list[int]]:
        words = {w for p in range(first, last + 1) for w in self.words[p]}
        return words, sorted({len(w) for w in words if w})


def check(doc: Document, pages: list[PageText], title_form: str, radicals: bool = False) -> list[str]:
    """Problems found (empty: the PDF prints the document)."""
    text = Pages(pages, radicals)
    groups = _groups(doc, title_form)
    problems: list[str] = []
    cursor = text.find(groups[0][0], 0)
    if cursor < 0:
        return [f"contents entry {groups[0][0]!r} not found"]
    starts: list[int] = []
    for marker, _blocks in groups[1:]:
        pos = text.find(marker, cursor + 1)
        if pos < 0:
            return [*problems, f"{marker!r} not found after offset {cursor}"]
        starts.append(text.page_of(pos))
        cursor = pos
    for k, (marker, blocks) in enumerate(groups[1:]):
        first = starts[k]
        last = starts[k + 1] - 1 if k + 1 < len(starts) else len(pages) - 1
        words, lengths = text.vocabulary(first, max(first, last))
        for block in blocks:
            problems += _check_block(block, words, lengths, f"{marker} (pages {first + 1}–{last + 1})")
    return problems


def _groups(doc: Document, title_form: str) -> list[tuple[str, list[Para | Table]]]:
    """(marker, blocks): the end of the contents first, then each part and each table from its
    heading or title to the next one."""
    contents = [b for b in doc.blocks if isinstance(b, Para) and b.style == "contents"]
    groups: list[tuple[str, list[Para | Table]]] = [(contents[-1].text, [])]
    for b in doc.blocks:
        if isinstance(b, Para) and b.style in ("part", "divider"):
            groups.append((b.text, []))
        elif isinstance(b, Table) and b.title:
            groups.append(("".join(title_lines(b, title_form)), [b]))
        elif len(groups) > 1 and (isinstance(b, Table) or b.data):
            groups[-1][1].append(b)
    return groups


def _check_block(block: Para | Table, words: set[str], lengths: list[int], where: str) -> list[str]:
    if isinstance(block, Para):
        return [] if covered(block.text, "text", words, lengths) else [f"{where}: paragraph {block.text[:30]!r}…"]
    return [
        f"{where}: {block.resource} cell {c.text[:30]!r} (row {c.row + 1}, column {c.col + 1})"
        for c in block.data_cells()
        if not covered(c.text, c.kind, words, lengths)
    ]
