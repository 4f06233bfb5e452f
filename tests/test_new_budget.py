"""A budget of another department (tests/new_budget.py: a seed whose coded tables print codes no
seed prints) gets English pages without a human: every table label in English from the
classifications and the label dictionary, its untranslated text marked and announced, a
printed name that is not its code's standard name reported."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from new_budget import BUDGET_ID, NewBudget, make, write_content

from generator.build import build
from generator.classifications import load, same_name
from generator.site.terms import Phrase, Terms, Translator

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "content" / "budgets" / "2024").glob("*.txt"))
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CODED = ("expenditure-summary", "general-budget-by-function", "general-budget-by-economic", "procurement")
# Tables whose cells hold the document's own sentences (tasks, goals, indicators and targets),
# untranslated in a department's first budget; every other table holds labels only.
SENTENCE_TABLES = ("performance-tasks", "performance-indicators", "key-projects")


@dataclass
class Built:
    budget: NewBudget
    site: Path
    log: list[str]

    def page(self, lang: str) -> str:
        return (self.site / lang / "budgets" / BUDGET_ID / "index.html").read_text(encoding="utf-8")

    def csv(self, resource: str) -> list[dict[str, str]]:
        with open(self.site / "data" / BUDGET_ID / f"{resource}.csv", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    budget = make()
    root = tmp_path_factory.mktemp("new-budget")
    content = write_content(root / "content", budget)
    log: list[str] = []
    result = build(content, root / "site", log=lambda *a, **k: log.append(" ".join(map(str, a))), search=False)
    assert result.ok, (result.failures, result.unreadable)
    return Built(budget, root / "site", log)


def printed_in_a_seed(code: str) -> bool:
    pattern = re.compile(rf"(?<![0-9A-Za-z]){re.escape(code)}(?![0-9A-Za-z])")
    return any(pattern.search(p.read_text(encoding="utf-8")) for p in SEEDS)


class Texts(HTMLParser):
    """Every text of a page with the language it is marked in, the ids around it and whether it
    is inside a <table> (and which)."""

    VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "rect", "path", "wbr"})

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: list[tuple[str, str, list[str]]] = []  # (text, lang, ids outermost first)
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        langs = [a["lang"] for _, a in self.stack if a.get("lang")]
        ids = [str(a["id"]) for _, a in self.stack if a.get("id")]
        if data.strip():
            self.texts.append((data.strip(), str(langs[-1]) if langs else "", ids))

    def chinese(self) -> list[tuple[str, str, list[str]]]:
        return [t for t in self.texts if HAN.search(t[0])]


def test_the_budget_prints_over_200_codes_no_seed_prints_with_their_standard_names(built: Built) -> None:
    classifications = load(ROOT / "content")
    printed = {(r["code"], r.get("name") or r.get("item") or "") for res in CODED for r in built.csv(res) if r["code"]}
    new = {code for code, _ in printed if not printed_in_a_seed(code)}
    families = {"functional": 0, "economic": 0, "procurement": 0}
    for family in families:
        families[family] = sum(1 for c in new if classifications.entry(family, c) is not None)
    assert len(new) >= 200 and sum(families.values()) == len(new), families
    assert families["functional"] >= 100 and families["economic"] >= 20 and families["procurement"] >= 20, families
    # each printed with its standard name (the two rows printed otherwise on purpose aside)
    odd = {(r.code, r.name) for r in built.budget.mismatch + built.budget.variant}
    for code, name in printed - odd:
        family = next(f for f in families if classifications.entry(f, code))
        assert same_name(name) == same_name(classifications.entry(family, code)[1].zh), (code, name)


def test_every_label_of_its_tables_is_english(built: Built) -> None:
    texts = Texts(built.page("en"))
    # (a glossary term's definition, a tooltip, is the document's own sentence)
    in_tables = [
        t
        for t in texts.chinese()
        if any(i.startswith("table-") for i in t[2]) and not t[2][-1].startswith("gloss-tip-")
    ]
    assert in_tables, "the tables' captions mark 万元 as Chinese"
    labels = [t for t in in_tables if not any(i.startswith(f"table-{r}") for r in SENTENCE_TABLES for i in t[2])]
    # the one Chinese word of the label tables: the unit in their captions, marked lang="zh"
    assert {(text, lang) for text, lang, _ in labels} == {("万元", "zh")}
    assert all(ids[-1].endswith("-caption") for _, _, ids in labels)
    # the sentence tables: Chinese only in the document's own sentences, never in a label
    sentences = {
        str(r[f])
        for res, fields in (
            ("performance-tasks", ("task", "content")),
            ("performance-indicators", ("indicator", "target")),
        )
        for r in built.csv(res)
        for f in fields
    } | {r["goal"] for r in built.csv("key-projects")}
    others = {t for t, _, ids in in_tables if t != "万元" and t not in sentences}
    assert not others, sorted(others)[:5]


def test_no_chinese_outside_lang_zh_marks_and_the_untranslated_text_is_announced(built: Built) -> None:
    texts = Texts(built.page("en"))
    assert [t for t in texts.chinese() if not t[1].startswith("zh")] == []
    narrative = [t for t in texts.chinese() if "narrative" in t[2]]
    assert len(narrative) > 50  # the text, in Chinese, marked
    page = built.page("en")
    note = re.search(r'<div class="translation-note" role="note">\s*<p>(.*?)</p>', page, re.S)
    assert note is not None and not HAN.search(note.group(1))
    m = re.match(
        r"(\d+) of the (\d+) paragraphs of this budget's text are not translated into English yet", note.group(1)
    )
    assert m and 0 < int(m.group(1)) <= int(m.group(2))
    assert 'href="../../../en/about/index.html#translating">How to translate</a>' in note.group(1)
    assert 'id="translating"' in (built.site / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "translation-note" not in built.page("zh")
    # the build reports the budget's coverage
    assert any(line.startswith(f"translation coverage (en) {BUDGET_ID}: sentences ") for line in built.log)


def test_a_printed_name_that_is_not_the_codes_is_reported_and_shown_by_what_is_printed(built: Built) -> None:
    (wrong,) = built.budget.mismatch
    warnings = [line for line in built.log if line.startswith("warning: ") and BUDGET_ID in line]
    assert warnings == [
        f"warning: {BUDGET_ID}: 一般公共预算支出表（按功能分类） (general-budget-by-function): code {wrong.code} is "
        f"printed as {wrong.name!r}, its standard name is {wrong.standard!r} (source: recalled, unverified: to be "
        "checked against the Ministry of Finance's publication); English from the label dictionary, not the code's"
    ]
    terms = Terms.load(ROOT / "content")
    row = next(
        m.group(1)
        for m in re.finditer(r'<tr id="row-general-budget-by-function-\d+">(.*?)</tr>', built.page("en"), re.S)
        if f'<td class="text">{wrong.code}</td>' in m.group(1)  # a text cell of a table of amounts
    )
    english_of_printed = terms.labels[same_name(wrong.name)]
    english_of_code = terms.classifications.entry("functional", wrong.code)[1].en
    assert english_of_printed != english_of_code
    label = re.search(r'<th scope="row"[^>]*>(.*?)<a href="#row-', row)  # the label, then its row's link
    assert label and label.group(1) == english_of_printed and english_of_code not in row
    # a trivial variant of the standard name (half-width brackets) is the standard name: not reported
    (variant,) = built.budget.variant
    assert not [w for w in warnings if f"code {variant.code} " in w]


def test_a_misprint_stays_chinese_marked_and_says_whether_the_standard_name_was_verified() -> None:
    tr = Translator(Terms.load(ROOT / "content"), where="2024-x")
    shown = tr.label("小学教育费", "en", code="2050202", scheme="functional", table="general-budget-by-function")
    assert shown == Phrase("小学教育费", "zh")  # in no dictionary: Chinese, never Primary education
    assert tr.label("行政运行经费", "en", code="2010301", scheme="functional", table="expenditure-summary").lang == "zh"
    messages = sorted(m.message() for m in tr.translations.names)
    assert "code 2010301 is printed as '行政运行经费', its standard name is '行政运行' (source: seed)" in messages[1]
    assert (
        "code 2050202 is printed as '小学教育费', its standard name is '小学教育' (source: recalled, unverified"
        in (messages[0])
    )
    assert sorted(tr.translations.warnings()) == messages
