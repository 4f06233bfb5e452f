"""The gettext catalog of the documents' sentences (content/i18n/en.po) and its upkeep."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from generator.build import build
from generator.cli import main
from generator.site.i18n import Sentences, catalog_path, check_translation, update_catalog

ROOT = Path(__file__).resolve().parent.parent


def po_entries(path: Path) -> dict[str, str]:
    with open(path, "rb") as f:
        return {str(m.id): str(m.string) for m in read_po(f) if m.id}


def test_update_adds_new_sentences_keeps_translations_and_obsoletes_the_rest(tmp_path: Path) -> None:
    po = tmp_path / "i18n" / "en.po"
    r = update_catalog(po, {"一。": ["a"], "二。": ["a", "b"]})
    assert (r.added, r.kept, r.untranslated) == (2, 0, 2)
    text = po.read_text(encoding="utf-8").replace('msgid "一。"\nmsgstr ""', 'msgid "一。"\nmsgstr "One."')
    po.write_text(text, encoding="utf-8")
    first = po.read_bytes()
    r = update_catalog(po, {"一。": ["a"], "二。": ["a", "b"]})
    assert po.read_bytes() == first, "an unchanged corpus rewrites the catalog byte for byte"
    r = update_catalog(po, {"二。": ["b"], "三。": ["c"]})
    assert (r.added, r.kept, r.obsolete, r.untranslated) == (1, 0, 1, 2)
    assert '#~ msgid "一。"' in po.read_text(encoding="utf-8")
    # A sentence that comes back gets its old translation again.
    r = update_catalog(po, {"一。": ["a"]})
    assert r.kept == 1 and po_entries(po)["一。"] == "One."


def test_untranslated_and_fuzzy_entries_are_not_used(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    catalog_path(tmp_path).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "甲。"\nmsgstr "A."\n\n'
        'msgid "乙。"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "丙。"\nmsgstr "C?"\n',
        encoding="utf-8",
    )
    s = Sentences.load(tmp_path)
    assert s.translate("甲。", "en") == ("A.", True)
    assert s.translate("乙。", "en") == ("乙。", False)
    assert s.translate("丙。", "en") == ("丙。", False)
    assert Sentences.load(tmp_path / "nowhere").translate("甲。", "en") == ("甲。", False)


@pytest.mark.parametrize(
    ("zh", "en", "problem"),
    [
        ("预算 9,769.67万元，增长 0.6%。", "A budget of CNY 97.6967 million, up 0.6%.", None),
        ("预算 9,769.67万元。", "A budget of CNY 97.69 million.", "number 9,769.67"),
        ("预算 7.34 万元。", "A budget of CNY 73,400.", None),
        ("预算 7.34 万元。", "A budget of CNY 734,000.", "number 7.34"),
        ("截至 2023年 10月。", "As of October 2023.", None),
        ("≥1500件", "≥1,500 items", None),
        ("≥1500件", "≥150 items", "number 1500"),
        ("短信可发送条数不少于1200万条", "at least 12 million text messages", None),
        ("一般公共预算拨款", "General budget appropriation", "general public budget"),
        ("财政拨款“三公”经费", 'fiscal appropriation for the "three public expenses"', None),
        ("说明。", "说明 explained.", "Chinese characters"),
    ],
)
def test_a_translation_is_checked_for_numbers_chinese_and_terms(zh: str, en: str, problem: str | None) -> None:
    found = check_translation(zh, en)
    if problem is None:
        assert found == []
    else:
        assert any(problem in p for p in found), found


def test_every_sentence_and_label_of_the_budgets_in_content_is_translated(tmp_path: Path) -> None:
    result = build(ROOT / "content", tmp_path / "site", log=lambda *a, **k: None, search=False)
    assert result.ok
    tr = result.translations
    assert tr.sentences.missing == set() and tr.labels.missing == set()
    assert tr.sentences.found and tr.labels.found
    assert tr.report()[0].endswith("(100.0%)") and tr.report()[1].endswith("(100.0%)")


def test_every_translation_in_the_catalog_passes_the_checks() -> None:
    problems = [
        f"{zh[:40]!r}: {p}"
        for zh, en in po_entries(catalog_path(ROOT / "content")).items()
        for p in check_translation(zh, en)
    ]
    assert not problems, "\n".join(problems)


def test_strings_command_adds_the_sentences_of_a_new_budget(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "budgets" / "2024").mkdir(parents=True)
    (content / "i18n").mkdir()
    src = ROOT / "content" / "budgets" / "2024"
    for name in ("luohu-smart-city-center.txt", "luohu-smart-city-center.yml"):
        (content / "budgets" / "2024" / name).write_bytes((src / name).read_bytes())
    for dictionary in (ROOT / "content" / "i18n").glob("*.[cy][sm][vl]"):  # the CSVs and terms.en.yml
        (content / "i18n" / dictionary.name).write_bytes(dictionary.read_bytes())
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    result = CliRunner().invoke(
        main, ["strings", "--content", str(content), "--templates", str(tmp_path / "templates")]
    )
    assert result.exit_code == 0, result.output
    entries = po_entries(catalog_path(content))
    assert entries and all(v == "" for v in entries.values())
    assert "new" in result.output and f"{len(entries)} to translate" in result.output
    # Every sentence the new budget's pages show is now in the catalog, waiting for English.
    ours = po_entries(catalog_path(ROOT / "content"))
    assert set(entries) <= set(ours)


def test_a_sentence_of_one_budget_has_the_budget_as_context_a_shared_one_none(tmp_path: Path) -> None:
    po = tmp_path / "i18n" / "en.po"
    update_catalog(po, {"一。": ["2024-a"], "二。": ["2024-a", "2024-b"], "三。": ["2024-b", "glossary"]})
    with open(po, "rb") as f:
        contexts = {str(m.id): m.context for m in read_po(f) if m.id}
    assert contexts == {"一。": "2024-a", "二。": None, "三。": None}
    assert 'msgctxt "2024-a"\nmsgid "一。"' in po.read_text(encoding="utf-8")
    # Translated for A; then B prints it too: one shared entry, with A's translation.
    po.write_text(
        po.read_text(encoding="utf-8").replace('msgid "一。"\nmsgstr ""', 'msgid "一。"\nmsgstr "One."'), "utf-8"
    )
    r = update_catalog(po, {"一。": ["2024-a", "2024-b"]})
    with open(po, "rb") as f:
        entries = [(m.context, str(m.string)) for m in read_po(f) if m.id == "一。"]
    assert (r.kept, entries) == (1, [(None, "One.")])


def test_a_budgets_own_translation_wins_over_a_shared_one(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    catalog_path(tmp_path).write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "甲。"\nmsgstr "A, shared."\n\n'
        'msgctxt "2024-b"\nmsgid "甲。"\nmsgstr "A, as B means it."\n\n'
        'msgctxt "2024-c"\nmsgid "乙。"\nmsgstr "B, as C means it."\n',
        encoding="utf-8",
    )
    s = Sentences.load(tmp_path)
    assert s.translate("甲。", "en", "2024-b") == ("A, as B means it.", True)
    assert s.translate("甲。", "en", "2024-a") == ("A, shared.", True)
    # no entry of its own nor shared: the same text translated for another budget
    assert s.translate("乙。", "en", "2024-a") == ("B, as C means it.", True)
