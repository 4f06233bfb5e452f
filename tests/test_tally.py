"""The tally of the budgets' pages' records (generator/build/tally.py): a record taken out leaves
exactly the union of the others, and a rebuild reports the translations a clean build reports."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_incremental import SEEDS, make_content

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.tally import Tally
from generator.site.terms import NameMismatch, Translations


def record(budget: str, found: list[str], missing: list[str], machine: list[str] = ()) -> Translations:
    t = Translations()
    for text in found:
        t.sentences.note(text, True, budget)
        t.labels.note("label " + text, True, budget)
    for text in missing:
        t.sentences.note(text, False, budget, machine=text in machine)
    t.names.add(NameMismatch(budget, "income-summary", "201", "印的", "标准的", "recalled"))
    return t


def union(records: list[Translations]) -> Translations:
    out = Translations()
    for r in records:
        out.merge(r)
    return out


def test_a_record_taken_out_leaves_the_union_of_the_others() -> None:
    a = record("a", ["甲", "乙"], ["丙"])
    b = record("b", ["甲"], ["丙", "丁"], machine=["丁"])
    c = record("c", ["乙", "戊"], [])
    tally = Tally()
    assert all(tally.add(i, f"key-{i}", r) for i, r in (("a", a), ("b", b), ("c", c)))
    assert tally.merged == union([a, b, c])
    tally.remove("b", b)
    assert tally.merged == union([a, c]) and "丁" not in tally.merged.sentences.machine
    assert tally.merged.sentences.where["丙"] == {"a"} and "丁" not in tally.merged.sentences.where
    tally.remove("a", a)
    assert tally.merged == union([c]) and tally.pages == {"c": "key-c"}
    b2 = record("b", ["丙"], [])
    assert tally.add("b", "key-b2", b2) and tally.merged == union([c, b2])
    tally.remove("c", c)
    tally.remove("b", b2)
    assert tally.merged == Translations() and not tally.counts


def test_a_record_that_notes_another_place_is_not_tallied() -> None:
    tally = Tally()
    assert not tally.add("a", "k", record("b", ["甲"], []))
    assert tally.pages == {} and tally.merged == Translations()


def test_a_rebuild_reports_the_translations_a_clean_build_reports(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")

    def report(site: Path, cache: ExtractionCache) -> list[str]:
        lines: list[str] = []
        assert build(content, site, log=lambda *a, **k: lines.append(str(a[0])), cache=cache, search=False).ok
        return [line for line in lines if "translation coverage" in line or "untranslated" in line]

    first = report(site, cache)
    assert any("translation coverage (en) sentences" in line for line in first)
    doc = content / "budgets" / "2024" / SEEDS[1].name
    # A sentence no catalog translates: the changed budget's coverage and the missing strings change.
    doc.write_text(doc.read_text(encoding="utf-8").replace("部门职责", "部门的一项新的职责说明", 1), encoding="utf-8")
    read: list[str] = []
    load = cache.load
    cache.load = lambda key, kind: read.append(key) or load(key, kind)  # type: ignore[method-assign]
    rebuilt = report(site, cache)
    cache.load = load  # type: ignore[method-assign]
    # One record of pages read, the changed budget's last (taken out of the tally), not one a budget.
    assert len([k for k in read if k.startswith("pages-")]) == 1 and any(k.startswith("tally-") for k in read)
    assert rebuilt != first and any("部门的一项新的职责说明" in line for line in rebuilt), rebuilt
    assert rebuilt == report(tmp_path / "clean", ExtractionCache(None))
    shutil.rmtree(tmp_path / "clean")
    (content / "budgets" / "2024" / SEEDS[2].name).unlink()  # a budget removed (the glossary changes)
    assert report(site, cache) == report(tmp_path / "clean", ExtractionCache(None))
    shutil.rmtree(tmp_path / "clean")
    assert report(site, cache) == report(tmp_path / "clean", ExtractionCache(None))  # nothing changed
    shutil.rmtree(tmp_path / "clean")
    doc.write_text(SEEDS[1].read_text(encoding="utf-8"), encoding="utf-8")  # undone
    assert report(site, cache) == report(tmp_path / "clean", ExtractionCache(None))


def test_the_report_lists_only_the_budgets_not_fully_translated_each_with_its_own_ratios() -> None:
    # a: all found; b: one of three sentences missing (machine-translated); c: its one sentence is
    # noted missing too, for no budget: a text missing anywhere is missing for each budget shown it
    tr = union([record("a", ["甲", "乙"], []), record("b", ["甲", "丙"], ["丁"], ["丁"]), record("c", ["戊"], [])])
    tr.sentences.note("戊", False, "")
    lines = tr.report(["a", "b", "c"], limit=None)
    assert lines == [
        "translation coverage (en) labels: 4/4 (100.0%)",
        "translation coverage (en) sentences: 3/5 (60.0%), 1 machine-translated",
        "translation coverage (en) b: sentences 2/3 (66.7%), 1 machine-translated, labels 2/2 (100.0%)",
        "translation coverage (en) c: sentences 0/1 (0.0%), labels 1/1 (100.0%)",
        "translation coverage (en): 1 of 3 budget(s) fully translated",
        "  untranslated: 丁",
        "  untranslated: 戊",
    ]


def test_the_report_lists_at_most_limit_budgets_and_says_how_many_more() -> None:
    """Past ``limit`` budgets not fully translated, the rest are counted, not listed (a corpus of
    thousands is not a line a budget in every build; ``build --verbose`` lists them all)."""
    tr = union([record(b, ["甲"], ["乙"]) for b in ("a", "b", "c")])
    lines = tr.report(["a", "b", "c"], limit=2)
    assert lines[2:5] == [
        "translation coverage (en) a: sentences 1/2 (50.0%), labels 1/1 (100.0%)",
        "translation coverage (en) b: sentences 1/2 (50.0%), labels 1/1 (100.0%)",
        "  … and 1 more budget(s) not fully translated (build --verbose)",
    ]
    assert lines[5] == "translation coverage (en): 0 of 3 budget(s) fully translated"
    assert len([line for line in tr.report(["a", "b", "c"], limit=None) if line.endswith("labels 1/1 (100.0%)")]) == 3
