"""Printing (Chromium's PDF, as the browser prints: the print stylesheet, A4 landscape): every
column of every table is on the paper.  Checked twice: laid out for print at the paper's
width, no table is wider than the paper and no cell's text is cut; and in the PDF itself,
every amount of every table is printed, and every word of every column's header."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from corpus.tounicode import TEXT_LAYER_TO_PRINTED

pytestmark = pytest.mark.browser

A4_LANDSCAPE_CONTENT = round((297 - 2 * 10) / 25.4 * 96)  # px: the paper's width less the page margins
ROOT = Path(__file__).resolve().parent.parent
BUDGETS = sorted(f"{p.parent.name}-{p.stem}" for p in (ROOT / "content" / "budgets").glob("*/*.yml"))
# Every page with tables: each budget (every one prints a 16-column 收入总表), the compare page
# and the list, in both languages.
PAGES = [
    *(f"{lang}/budgets/{b}/index.html" for lang in ("zh", "en") for b in BUDGETS),
    *(f"{lang}/{kind}" for lang in ("zh", "en") for kind in ("compare/index.html", "index.html")),
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
    for (const td of table.querySelectorAll("tbody td.num, table.num-cells tbody td:not(.text)")) {
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
    """Every word of the PDF (counted) and all its text without spaces (poppler's pdftotext:
    pdfplumber takes 50 times as long on a budget's 26 pages)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    out = text.stdout.decode("utf-8")
    return Counter(out.split()), re.sub(r"\s+", "", out.translate(FOLD))


def _paper(pdf: bytes) -> tuple[float, float]:
    """The first page's size in mm (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert m, info
    return float(m[1]) / 72 * 25.4, float(m[2]) / 72 * 25.4


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
    assert tuple(map(round, _paper(pdf))) == (297, 210), "not A4 landscape"
    words, text = _words(pdf)
    amounts = Counter(w for a in shown["amounts"] for w in a.split())  # '1,793.34 (15.8%)': two words
    missing = amounts - words
    assert not missing, f"amounts not printed: {list(missing.items())[:10]}"
    unprinted = [h for h in shown["headers"] if not _printed(h, text)]
    assert not unprinted, f"headers not printed: {unprinted[:10]}"
