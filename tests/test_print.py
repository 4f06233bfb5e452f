"""Printing (Chromium's PDF, as the browser prints: the print stylesheet, A4 landscape): every
column of every table is on the paper.  Checked twice: laid out for print at the paper's
width, no table is wider than the paper and no cell's text is cut; and in the PDF itself,
every amount of every table is printed, and every word of every column's header."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import Any

import pdfplumber
import pytest
from corpus.tounicode import TEXT_LAYER_TO_PRINTED

pytestmark = pytest.mark.browser

A4_LANDSCAPE_CONTENT = round((297 - 2 * 10) / 25.4 * 96)  # px: the paper's width less the page margins
PAGES = [
    "zh/budgets/2024-luohu-smart-city-center/index.html",  # every budget prints a 16-column 收入总表
    "en/budgets/2024-shenzhen-big-data-center/index.html",
    "zh/compare/index.html",
    "en/compare/index.html",
    "en/index.html",
]

# What print shows of the tables: each visible table's header texts and amounts, and what
# does not fit.
TABLES = """(width) => {
  const out = {headers: [], amounts: [], problems: []};
  for (const table of document.querySelectorAll("table")) {
    if (!table.checkVisibility()) continue;
    const r = table.getBoundingClientRect();
    if (r.right > width + 0.5) out.problems.push(`${table.id}: ${Math.round(r.right)} px on paper ${width} px wide`);
    for (const th of table.querySelectorAll("thead th")) out.headers.push(th.innerText);
    for (const cell of table.querySelectorAll("th, td")) {
      if (cell.scrollWidth > cell.clientWidth + 1) out.problems.push(`${table.id}: cell cut: ${cell.innerText.slice(0, 30)}`);
    }
    for (const td of table.querySelectorAll("tbody td.num")) {
      const own = [...td.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join("").trim();
      if (own) out.amounts.push(own);
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def paper(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": A4_LANDSCAPE_CONTENT, "height": 800})
    page = context.new_page()
    yield page
    context.close()


FOLD = str.maketrans(TEXT_LAYER_TO_PRINTED)  # Chromium's text layer gives some ideographs as radicals


def _words(pdf: bytes) -> tuple[Counter[str], str]:
    """Every word of the PDF (counted) and all its text without spaces."""
    words: Counter[str] = Counter()
    text = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for p in doc.pages:
            words.update(w["text"] for w in p.extract_words(keep_blank_chars=False))
            text.append(re.sub(r"\s+", "", (p.extract_text() or "").translate(FOLD)))
    return words, "".join(text)


def _printed(header: str, text: str) -> bool:
    """Whether ``header`` is in ``text`` with its characters in order, close together: a header
    wrapped in its cell is read line by line across the row of headers, its lines apart."""
    want = re.sub(r"\s+|[↕↑↓]", "", header)
    if not want:
        return True
    reach = 40 * len(want) + 200
    start = text.find(want[0])
    while start >= 0:
        at, ok = start, True
        for ch in want[1:]:
            at = text.find(ch, at + 1, start + reach)
            if at < 0:
                ok = False
                break
        if ok:
            return True
        start = text.find(want[0], start + 1)
    return False


@pytest.mark.parametrize("path", PAGES)
def test_every_column_of_every_table_prints_on_a4(paper: Any, server: str, path: str) -> None:
    paper.goto(server + path)
    paper.emulate_media(media="print")
    shown = paper.evaluate(TABLES, A4_LANDSCAPE_CONTENT)
    assert shown["amounts"], "no table printed"
    assert not shown["problems"], "\n".join(shown["problems"][:10])
    pdf = paper.pdf(prefer_css_page_size=True, print_background=True)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        box = doc.pages[0]
        assert box.width > box.height, "not landscape"
        assert round(box.width / 72 * 25.4) == 297 and round(box.height / 72 * 25.4) == 210, "not A4"
    words, text = _words(pdf)
    amounts = Counter(w for a in shown["amounts"] for w in a.split())  # '1,793.34 (15.8%)': two words
    missing = amounts - words
    assert not missing, f"amounts not printed: {list(missing.items())[:10]}"
    unprinted = [h for h in shown["headers"] if not _printed(h, text)]
    assert not unprinted, f"headers not printed: {unprinted[:10]}"
