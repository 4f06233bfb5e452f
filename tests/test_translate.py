"""The optional machine translation (generator/translate.py, `generator translate`): untranslated
entries of the document catalog pre-filled as fuzzy through an engine (a fake one here: no
engine is downloaded, no network), shown on the page marked as machine translations and not
counted as translated."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from new_budget import BUDGET_ID, make, write_content

from generator.build import build
from generator.cli import main
from generator.site.i18n import Sentences, catalog_path
from generator.translate import ENGINES, EngineUnavailable, argos, prefill

HAN = re.compile(r"[\u3400-\u9fff]")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def fake(texts: Sequence[str]) -> list[str]:
    """An 'engine' that keeps a sentence's figures and nothing else of it."""
    return [f"Machine English ({len(t)} characters): " + " ".join(NUMBER.findall(t)) for t in texts]


def strings(content: Path) -> list[str]:
    """`strings` on ``content``, the interface's catalog of a copy of the templates beside it."""
    templates = content.parent / "templates"
    if not templates.exists():
        shutil.copytree(Path(__file__).resolve().parent.parent / "templates", templates)
    return ["strings", "--content", str(content), "--templates", str(templates)]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    content = write_content(tmp_path / "content", make(mismatch=False))
    result = CliRunner().invoke(main, strings(content))
    assert result.exit_code == 0, result.output
    return content


def entries(content: Path) -> list:
    with open(catalog_path(content), "rb") as f:
        return [m for m in read_po(f) if m.id]


def test_untranslated_entries_are_prefilled_as_fuzzy_and_shown_marked(content: Path, tmp_path: Path) -> None:
    before = entries(content)
    assert before and all(not m.string for m in before)
    r = prefill(content, fake, "fake", limit=40)
    assert (r.translated, r.skipped) == (40, 0)
    filled = [m for m in entries(content) if m.string]
    assert len(filled) == 40 and all(m.fuzzy for m in filled)
    assert all("machine translation (fake), not reviewed" in " ".join(m.user_comments) for m in filled)
    # not translations: the catalog's reader keeps them apart
    s = Sentences.load(content)
    assert len(s.machine) == 40 and s.table == {}
    # `make strings` keeps them, fuzzy
    assert CliRunner().invoke(main, strings(content)).exit_code == 0
    assert [(m.id, m.string, m.fuzzy) for m in entries(content) if m.string] == [(m.id, m.string, True) for m in filled]

    n = len(before)
    assert prefill(content, fake, "fake").translated == n - 40  # the rest
    log: list[str] = []
    result = build(content, tmp_path / "site", log=lambda *a, **k: log.append(" ".join(map(str, a))), search=False)
    assert result.ok
    page = (tmp_path / "site" / "en" / "budgets" / BUDGET_ID / "index.html").read_text(encoding="utf-8")
    marked = re.findall(r'<span class="mt">(.*?) <small class="mt-mark">\[machine translation\]</small></span>', page)
    assert marked and all(t.startswith("Machine English (") for t in marked)
    assert all(not HAN.search(t) and "lang=" not in t for t in marked)  # English, in the page's language
    note = re.search(r'<div class="translation-note" role="note">\s*<p>(.*?)</p>', page, re.S)
    assert note is not None
    assert re.search(r"(\d+) of the (\d+) paragraphs are machine translations, not yet reviewed", note.group(1))
    coverage = next(line for line in log if line.startswith("translation coverage (en) sentences: "))
    m = re.fullmatch(r"translation coverage \(en\) sentences: (\d+)/(\d+) \(.*%\), (\d+) machine-translated", coverage)
    assert m and int(m.group(1)) + int(m.group(3)) == int(m.group(2)), coverage  # machine translations do not count
    zh = (tmp_path / "site" / "zh" / "budgets" / BUDGET_ID / "index.html").read_text(encoding="utf-8")
    assert 'class="mt"' not in zh
    # the glossary's English definitions, in both languages' pages, and their tooltips
    for lang in ("zh", "en"):
        glossary = (tmp_path / "site" / lang / "glossary" / "index.html").read_text(encoding="utf-8")
        assert re.search(
            r'<div class="def" lang="en"[^>]*>\s*<h4>English</h4>\s*<p><span class="mt">Machine English', glossary
        )
    assert re.search(r'class="gloss-tip"[^>]*>Machine English [^<]*\[machine translation\]<', page)


def test_the_command_uses_the_engine_and_reports_what_the_checks_find(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ENGINES, "argos", lambda: lambda texts: ["Translated." for _ in texts])
    result = CliRunner().invoke(main, ["translate", "--engine", "argos", "--content", str(content), "--limit", "5"])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0] == f"{catalog_path(content)}: 5 entries machine-translated (fuzzy), 0 left empty"
    )
    result = CliRunner().invoke(main, ["translate", "--engine", "argos", "--content", str(content)])
    lines = result.stdout.splitlines()
    total = len(entries(content))
    assert lines[0] == f"{catalog_path(content)}: {total - 5} entries machine-translated (fuzzy), 0 left empty"
    # a translation that drops a figure of the Chinese is reported, one line per problem
    assert lines[1:] and all(line.startswith("check: ") for line in lines[1:])
    assert any("not in the translation" in line for line in lines[1:])
    # machine-translated entries are left alone: nothing more to do
    again = CliRunner().invoke(main, ["translate", "--engine", "argos", "--content", str(content)])
    assert again.stdout.splitlines() == [f"{catalog_path(content)}: 0 entries machine-translated (fuzzy), 0 left empty"]


def test_without_argostranslate_the_command_says_what_to_install(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "argostranslate", None)  # import fails, as when it is not installed
    with pytest.raises(EngineUnavailable, match="pip install argostranslate"):
        argos()
    result = CliRunner().invoke(main, ["translate", "--engine", "argos", "--content", str(content)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: argostranslate is not installed")
    assert "argospm install translate-zh_en" in result.stderr
    assert all(not m.string for m in entries(content))
