"""The site's parts on tiny inline inputs: glossary linking, number formatting, English labels,
and the pages of a hand-made budget, made by the page functions the build calls."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import pages_of

from generator.model import Budget, Metadata, Source, Table
from generator.site import format as fmt
from generator.site.linking import Linker, LinkTerm, PageState
from generator.site.terms import Phrase, Terms, Translator, split_numbering

ROOT = Path(__file__).resolve().parent.parent


def term(id: str, *patterns: str, definition: str = "定义") -> LinkTerm:
    return LinkTerm(id, patterns[0], definition, "zh", patterns)


ZH_TERMS = [
    term("t-income", "财政拨款收入", definition="指从本级财政取得的收入。"),
    term("t-approp", "财政拨款"),
    term("t-basic", "基本支出"),
    term("t-three", "“三公”经费", "三公经费"),
]


def link(html: str, terms: list[LinkTerm] = ZH_TERMS, lang: str = "zh") -> str:
    return str(Linker(terms, lang).link_html(html, PageState("../glossary/index.html")))


def linked_terms(html: str) -> list[str]:
    return re.findall(r'href="\.\./glossary/index\.html#([^"]+)"', html)


# -- term linking ------------------------------------------------------------------------------


def test_longest_term_wins_over_a_shorter_one_it_contains() -> None:
    out = link("<p>本年财政拨款收入增加。</p>")
    assert linked_terms(out) == ["t-income"]
    assert ">财政拨款收入</a>" in out


def test_overlapping_terms_each_linked_where_they_stand_alone() -> None:
    out = link("<p>财政拨款收入与财政拨款不同。</p>")
    assert linked_terms(out) == ["t-income", "t-approp"]


def test_first_occurrence_per_section_only() -> None:
    out = link("<h2>一</h2><p>基本支出，基本支出。</p><p>又是基本支出。</p><h2>二</h2><p>基本支出。</p>")
    assert linked_terms(out) == ["t-basic", "t-basic"]
    # The later occurrence of a longer term still hides the shorter one inside it.
    out = link("<p>财政拨款收入，再次财政拨款收入。</p>")
    assert linked_terms(out) == ["t-income"]


def test_no_links_inside_links_headings_or_captions() -> None:
    html = (
        '<h2>基本支出</h2><p><a href="x.html">基本支出说明</a></p>'
        "<table><caption>基本支出表</caption><tr><th>项目</th></tr></table>"
    )
    out = link(html)
    assert linked_terms(out) == []
    assert '<a href="x.html">基本支出说明</a>' in out


def test_table_headers_are_linked() -> None:
    out = link('<table><thead><tr><th scope="col">基本支出</th></tr></thead></table>')
    assert linked_terms(out) == ["t-basic"]


def test_term_spelling_variants_link_to_the_same_entry() -> None:
    out = link("<p>三公经费预算</p>")
    assert linked_terms(out) == ["t-three"]


def test_html_in_source_text_is_escaped_not_markup() -> None:
    # What a template produced from source text '<script>alert(1)</script>基本支出&' is escaped
    # already; the linker must keep it escaped when it rewrites the text.
    out = link("<p>&lt;script&gt;alert(1)&lt;/script&gt;基本支出 &amp; &lt;b&gt;</p>")
    assert "<script>" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&amp; &lt;b&gt;" in out
    assert linked_terms(out) == ["t-basic"]


def test_link_text_escapes_plain_text_and_definitions() -> None:
    terms = [LinkTerm("t", "基本支出", "<i>定义</i>", "zh", ("基本支出",))]
    out = Linker(terms, "zh").link_text("<b>基本支出</b>", PageState("g.html"))
    assert out.startswith("&lt;b&gt;")
    assert "&lt;i&gt;定义&lt;/i&gt;" in out and "<i>" not in out


def test_tooltip_is_tied_to_the_link_for_hover_focus_and_screen_readers() -> None:
    out = link("<p>基本支出和财政拨款</p>")
    ids = re.findall(r'aria-describedby="([^"]+)"', out)
    assert len(ids) == 2 and len(set(ids)) == 2
    for i in ids:
        assert f'id="{i}"' in out and 'role="tooltip"' in out


def test_english_terms_match_whole_words_case_insensitively() -> None:
    terms = [
        LinkTerm("t-basic", "Basic expenditure", "def", "en", ("Basic expenditure",)),
        LinkTerm("t-exp", "Expenditure", "def", "en", ("expenditure",)),
    ]
    out = link("<p>The basic expenditure rose; expenditures are not a match.</p>", terms, "en")
    assert linked_terms(out) == ["t-basic"]
    assert ">basic expenditure</a>" in out


def test_untranslated_chinese_on_an_english_page_links_the_chinese_term() -> None:
    en = [LinkTerm("t-basic", "Basic expenditure", "def", "en", ("Basic expenditure",))]
    zh = [LinkTerm("t-basic", "基本支出", "def", "en", ("基本支出",))]
    linker = Linker(en, "en", zh)
    out = str(linker.link_html('<p><span lang="zh">基本支出</span> and basic expenditure</p>', PageState("g.html")))
    assert linked_terms(out.replace('href="g.html', 'href="../glossary/index.html')) == ["t-basic"]


def test_nothing_is_linked_inside_an_element_marked_data_nolink() -> None:
    out = link("<table><tr><th data-nolink>基本支出<span>财政拨款</span></th><td>基本支出</td></tr></table>")
    assert linked_terms(out) == ["t-basic"]
    assert out.index("t-basic") > out.index("<td>")


def test_script_contents_are_left_alone() -> None:
    html = '<script type="application/ld+json">{"a": "基本支出 & <"}</script><p>x</p>'
    assert link(html) == html


# -- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        (Decimal("5574.9"), "zh", "5,574.90"),
        (Decimal("5574.9"), "en", "5,574.90"),
        (Decimal("0"), "en", "0.00"),
        (Decimal("1234567.891"), "en", "1,234,567.89"),
        (Decimal("-68.66"), "zh", "-68.66"),
        (12, "en", "12.00"),
        (None, "zh", ""),
    ],
)
def test_format_amount(value: Decimal | int | None, lang: str, expected: str) -> None:
    assert fmt.amount(value, lang) == expected


def test_format_headline_states_the_unit_per_language() -> None:
    assert fmt.headline(Decimal("5574.90"), "zh") == "5,574.90 万元"
    assert fmt.headline(Decimal("5574.90"), "en") == "CNY 55,749,000"
    assert fmt.headline(Decimal("2.35"), "en") == "CNY 23,500"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("comprising CNY 8.1375 million and CNY 550,000", "comprising CNY 8,137,500 and CNY 550,000"),
        ("CNY 1 million; CNY 1.5 billion", "CNY 1,000,000; CNY 1,500,000,000"),
        ("CNY 10,000", "CNY 10,000"),
        ("100%；100%", "100%; 100%"),
        ("a（b）, c：d。", "a (b), c: d."),
        ("≥９５％", "≥95%"),
        ("12 million text messages", "12 million text messages"),
    ],
)
def test_english_text_writes_amounts_in_yuan_and_english_punctuation(text: str, expected: str) -> None:
    assert fmt.english(text) == expected


# -- labels ------------------------------------------------------------------------------------


def test_numbering_is_translated_separately_from_the_label() -> None:
    assert split_numbering("一、财政拨款") == ("I. ", "财政拨款")
    assert split_numbering("2.政府性基金预算拨款") == ("2. ", "政府性基金预算拨款")
    assert split_numbering("（三）其他") == ("(3) ", "其他")
    assert split_numbering("收入总计") == ("", "收入总计")


def test_labels_come_from_the_dictionary_and_missing_ones_stay_chinese() -> None:
    tr = Translator(Terms.load(ROOT / "content"))
    assert tr.label("一、财政拨款", "en").text == "I. Fiscal appropriations"
    assert tr.label("一般公共服务支出", "en", code="201", scheme="functional").text == "General public services"
    assert tr.label("基本工资", "en", code="30101", scheme="economic").text == "Basic salaries"
    missing = tr.label("没有的标签", "en")
    assert missing == Phrase("没有的标签", "zh")
    assert "没有的标签" in tr.labels_coverage.missing
    assert tr.sentence("≥99%", "en") == Phrase("≥99%", "en")


# -- a whole site from a hand-made budget ------------------------------------------------------


def tiny_budget() -> Budget:
    meta = Metadata(
        "2024-tiny",
        2024,
        "tiny",
        department="测试中心<script>",
        department_en="Test Center",
        district="罗湖区",
        district_en="Luohu District",
    )
    b = Budget(meta, Source("tiny.txt", "0" * 64, "text"))
    b.tables["general-budget-by-function"] = Table(
        "general-budget-by-function",
        [
            {
                "line": 1,
                "unit": "测试中心<script>",
                "code": "",
                "name": "",
                "level": 0,
                "total": Decimal("100"),
                "basic": Decimal("60"),
                "project": Decimal("40"),
            },
            {
                "line": 2,
                "unit": "测试中心<script>",
                "code": "201",
                "name": "一般公共服务支出",
                "level": 1,
                "total": Decimal("100"),
                "basic": Decimal("60"),
                "project": Decimal("40"),
            },
        ],
        10,
    )
    b.tables["glossary"] = Table("glossary", [{"line": 1, "term": "基本支出", "definition": "指<b>人员</b>支出。"}], 20)
    b.tables["sections"] = Table(
        "sections",
        [
            {
                "line": 1,
                "part": 1,
                "heading": "部门概况",
                "text": "一、部门职责\n基本支出<img src=x onerror=alert(1)>用于运转。",
            }
        ],
        1,
    )
    return b


def test_a_hand_made_budget_renders_in_both_languages() -> None:
    pages = pages_of([tiny_budget()])
    zh, en = pages["zh/budgets/2024-tiny/index.html"], pages["en/budgets/2024-tiny/index.html"]
    assert '<html lang="zh">' in zh and '<html lang="en">' in en
    assert 'hreflang="en" href="../../../en/budgets/2024-tiny/index.html"' in zh
    assert "<img src=x" not in zh and "&lt;img src=x onerror=alert(1)&gt;" in zh
    assert "<script>" not in zh.split("</head>")[1].replace('<script src="', "")
    assert "General public services" in en and "Test Center" in en
    assert "<td>100.00</td>" in zh and 'class="data has-amounts num-cells"' in zh
    assert '<th scope="row" class="lvl-1">' in zh
    assert "glossary/index.html#term-basic-expenditure" in zh
    # An untranslated sentence shows in Chinese, marked as such, never blank.
    assert re.search(r'<p><span lang="zh">.*用于运转。</span></p>', en)
    for path in ("index.html", "zh/index.html", "en/glossary/index.html", "zh/about/index.html", "404.html"):
        assert path in pages, path


def test_a_glossary_entry_does_not_link_its_own_term() -> None:
    html = '<section data-term="t-basic"><h2>基本支出</h2><p>基本支出不含财政拨款。</p></section><section><p>基本支出</p></section>'
    out = link(html)
    assert linked_terms(out) == ["t-approp", "t-basic"]


def test_sentences_come_from_the_catalog_interface_and_are_counted() -> None:
    catalog = {"指预算单位的收入。": "Income of a budget unit."}

    def translate(text: str, lang: str, where: str = "") -> tuple[str, bool]:
        return (catalog[text], True) if text in catalog else (text, False)

    tr = Translator(Terms(), translate)
    assert tr.sentence("指预算单位的收入。", "en") == Phrase("Income of a budget unit.", "en")
    assert tr.sentence("没有翻译。", "en") == Phrase("没有翻译。", "zh")
    assert tr.sentence("没有翻译。", "zh") == Phrase("没有翻译。", "zh")
    assert tr.translations.report()[1] == "translation coverage (en) sentences: 1/2 (50.0%)"


def test_findings_on_the_budget_page_link_to_their_rows() -> None:
    from decimal import Decimal as D

    b = tiny_budget()
    b.tables["general-budget-by-function"].rows[1]["basic"] = D("59")  # 100 ≠ 59 + 40
    pages = pages_of([b])
    zh, en = pages["zh/budgets/2024-tiny/index.html"], pages["en/budgets/2024-tiny/index.html"]
    for html in (zh, en):
        # Every row has a stable anchor; the finding links to it and the row links back.
        assert 'id="row-general-budget-by-function-1"' in html
        m = re.search(
            r'<tr id="(finding-\d+)" class="sev-error">(?:(?!</tr>).)*?href="#row-general-budget-by-function-2"',
            html,
            re.S,
        )
        assert m, "finding linking to its row"
        assert re.search(
            rf'<tr id="row-general-budget-by-function-2" class="flagged flagged-error">.*?href="#{m.group(1)}"',
            html,
            re.S,
        )
    assert "不一致" in zh and "Inconsistent" in en and "does not equal" in en
    assert "<script>" not in en.split("</head>")[1].replace('<script src="', "")
