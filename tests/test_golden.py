"""The packages of the seed budgets, cell by cell, against golden CSVs transcribed by hand
from the source documents (tests/golden/<budget-id>/, see NOTES.md there).

The goldens are never written by the code under test: a difference is resolved by reading
the source document, then fixing whichever side is wrong.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.catalog import ABOUT_THE_READING, BY_RESOURCE, DERIVED
from generator.package import package_files
from generator.read.extract import read_budget

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
BUDGETS = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir() and any(p.glob("*.csv")))


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture(scope="module", params=BUDGETS)
def pair(request: pytest.FixtureRequest) -> tuple[str, dict[str, str], dict[str, str]]:
    budget_id: str = request.param
    year, slug = budget_id.split("-", 1)
    budget = read_budget(ROOT / "content" / "budgets" / year / f"{slug}.txt")
    produced = {
        name.removesuffix(".csv"): data.decode("utf-8-sig")
        for name, data in package_files(budget).items()
        if name.endswith(".csv") and name.removesuffix(".csv") not in DERIVED  # computed, not transcribed
    }
    golden = {p.stem: p.read_text(encoding="utf-8-sig") for p in (GOLDEN / budget_id).glob("*.csv")}
    return budget_id, produced, golden


def test_goldens_exist_for_two_styles() -> None:
    assert len(BUDGETS) >= 2, BUDGETS


def test_same_resources(pair: tuple[str, dict[str, str], dict[str, str]]) -> None:
    budget_id, produced, golden = pair
    assert sorted(produced) == sorted(golden), budget_id


def test_every_cell_equals_the_golden(pair: tuple[str, dict[str, str], dict[str, str]]) -> None:
    budget_id, produced, golden = pair
    problems: list[str] = []
    for resource in sorted(set(produced) & set(golden)):
        # The catalog's fields, as transcribed (the columns the package adds beside them, English
        # and the hierarchy, are made from these and tested on their own).
        got = list(csv.DictReader(io.StringIO(produced[resource])))
        want = rows_of(golden[resource])
        reading = ABOUT_THE_READING.get(resource, ())  # how the extraction told it: not transcribed
        fields = [f.name for f in BY_RESOURCE[resource].fields if f.name not in reading]
        if want[0] != fields:
            problems.append(f"{resource}: golden header {want[0]} != {fields}")
            continue
        if len(got) != len(want) - 1:
            problems.append(f"{resource}: {len(got)} rows, golden has {len(want) - 1}")
        for i, (g, w) in enumerate(zip(got, want[1:], strict=False), start=1):
            for name, wv in zip(fields, w, strict=True):
                if g[name] != wv:
                    problems.append(f"{resource} row {i} {name}: got {g[name]!r}, golden {wv!r}")
    assert not problems, f"{budget_id}: {len(problems)} differences:\n" + "\n".join(problems[:60])


def test_the_seeds_text_says_where_its_paragraphs_were_not_told(
    pair: tuple[str, dict[str, str], dict[str, str]],
) -> None:
    # the seeds are hard-wrapped text without positions: where a full line closes a sentence the
    # reader cannot tell whether the paragraph ends; it joins the next line (as the goldens do,
    # the text above equals theirs) and gives each such place, an offset where a line starts
    budget_id, produced, _ = pair
    for row in csv.DictReader(io.StringIO(produced["sections"])):
        breaks = [int(d) for d in row["uncertain_breaks"].split()]
        assert row["omitted_table"] == "" and row["paragraphs_certain"] == ("false" if breaks else "true"), budget_id
        assert all(0 < d < len(row["text"]) and row["text"][d - 1] != "\n" for d in breaks), (budget_id, row["part"])
