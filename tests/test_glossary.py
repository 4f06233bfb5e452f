"""The glossary page as a reader looks a term up: an index by letter, the Chinese page in pinyin
order and the English one in alphabetical order, each page's own language first."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from generator.site.collate import OTHER, initial, sort_key

ROOT = Path(__file__).resolve().parent.parent

# The real budgets' terms, ordered by hand from their readings in a dictionary
# (cái, jī, jīng yíng shōu, jīng yíng zhī, qí, sān, shì, xiàng, xíng, yòng).
PINYIN_ORDER = [
    "财政拨款收入",
    "基本支出",
    "经营收入",
    "经营支出",
    "其他收入",
    "“三公”经费",
    "事业收入",
    "项目支出",
    "行政经费（机关运行经费）",
    "用事业基金弥补收支差额",
]


ENGLISH_ORDER = [  # the same terms' English (content/i18n/terms.en.yml), ordered by hand
    "Administrative funds (agency operating funds)",
    "Basic expenditure",
    "Fiscal appropriation income",
    "Operating expenditure",
    "Operating income",
    "Other income",
    "Project expenditure",
    "Public institution business income",
    '"Three public expenses"',
    "Use of the institution fund to cover the income–expenditure gap",
]


def test_chinese_terms_are_ordered_by_pinyin_syllable_by_syllable() -> None:
    shuffled = sorted(PINYIN_ORDER)  # code point order: 事 before 其 before 基 …
    assert shuffled != PINYIN_ORDER
    assert sorted(shuffled, key=lambda t: sort_key(t, "zh")) == PINYIN_ORDER
    assert [initial(t, "zh") for t in PINYIN_ORDER] == ["C", "J", "J", "J", "Q", "S", "S", "X", "X", "Y"]
    # a character read by the word it is in: 重点 zhòng (not chóng), 银行 háng (not xíng)
    assert sorted(["重点项目", "银行存款", "崇高"], key=lambda t: sort_key(t, "zh")) == ["崇高", "银行存款", "重点项目"]


def test_english_terms_are_ordered_alphabetically_quotes_and_case_aside() -> None:
    terms = ['"Three public expenses"', "basic expenditure", "Other income", "Éclair", "Operating income"]
    ordered = sorted(terms, key=lambda t: sort_key(t, "en"))
    assert ordered == ["basic expenditure", "Éclair", "Operating income", "Other income", '"Three public expenses"']
    assert [initial(t, "en") for t in ordered] == ["B", "E", "O", "O", "T"]


def test_terms_under_no_letter_come_last_together() -> None:
    # On an English page a term still in Chinese, and on any page a term starting with a
    # digit, are filed under OTHER, after every letter.
    en = sorted(["政府采购", "Zero-base budget", "2024 budget", "Basic expenditure"], key=lambda t: sort_key(t, "en"))
    assert [initial(t, "en") for t in en] == ["B", "Z", OTHER, OTHER]
    zh = sorted(["2024年预算", "政府采购", "基本支出"], key=lambda t: sort_key(t, "zh"))
    assert zh[-1] == "2024年预算" and initial(zh[-1], "zh") == OTHER


@pytest.fixture(scope="module")
def glossary_pages(built_site: Path) -> dict[str, str]:
    return {lang: (built_site / lang / "glossary" / "index.html").read_text("utf-8") for lang in ("zh", "en")}


def _entries(html: str) -> list[tuple[str, str, str]]:
    """(anchor, the term in the page's language, language of the first definition) of each
    entry, in order."""
    entry = (
        r'<section class="term" id="([^"]+)".*?<h3[^>]*>(.*?) <span class="term-other">.*?<div class="def" lang="(\w+)"'
    )
    return [(m[1], unescape(re.sub(r"<[^>]+>", "", m[2])), m[3]) for m in re.finditer(entry, html, re.S)]


def test_the_chinese_page_is_in_pinyin_order_with_chinese_first(glossary_pages: dict[str, str]) -> None:
    entries = _entries(glossary_pages["zh"])
    assert [name for _, name, _ in entries] == PINYIN_ORDER
    assert {first for _, _, first in entries} == {"zh"}


def test_the_english_page_is_in_alphabetical_order_with_english_first(glossary_pages: dict[str, str]) -> None:
    entries = _entries(glossary_pages["en"])
    assert [name for _, name, _ in entries] == ENGLISH_ORDER
    assert {first for _, _, first in entries} == {"en"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_index_links_every_entry_in_the_pages_order_under_its_letter(
    glossary_pages: dict[str, str], lang: str
) -> None:
    html = glossary_pages[lang]
    index = re.search(r'<nav class="glossary-index".*?</nav>', html, re.S)
    assert index is not None
    letters = re.findall(r'<a href="#(letter-\w+)">(\w)</a>', index.group(0))
    linked = re.findall(r'<li><a href="#(term-[^"]+)">', index.group(0))
    assert linked == [a for a, _, _ in _entries(html)]
    body = html[index.end() :]
    for anchor, letter in letters:  # each letter's heading, and the entries after it start with it
        assert f'<h2 class="letter-h" id="{anchor}">{letter}</h2>' in body
    assert [le for _, le in letters] == sorted(le for _, le in letters)
