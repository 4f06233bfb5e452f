"""Synthetic documents (generator/synth.py): a budget written back out as a tab-separated text
extraction reads back into the same tables — the seed budgets, and the scaled variants that
``make bench`` builds its corpora from."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.build.synth import budget_text, variant
from generator.catalog import ABOUT_THE_READING
from generator.read.extract import read_budget
from generator.read.parse import parse_document
from generator.read.text import decode_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "content" / "budgets").glob("*/*.txt"))


def _printed(resource: str, rows: list) -> list:  # type: ignore[type-arg]
    """The rows without the fields that say how the source told them (a seed's hard-wrapped
    lines leave some paragraph ends untold; written back one paragraph a line, they are told)."""
    reading = ABOUT_THE_READING.get(resource, ())
    return [{k: v for k, v in r.items() if k not in reading} for r in rows]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_budget_written_as_text_reads_back_the_same(path: Path) -> None:
    budget = read_budget(path)
    again = parse_document(
        decode_text(budget_text(budget).encode("utf-8"), "synthetic.txt"), budget.meta, budget.source
    )
    assert sorted(again.tables) == sorted(budget.tables)
    for resource, table in budget.tables.items():
        assert _printed(resource, again.rows(resource)) == _printed(resource, table.rows), resource


@pytest.mark.parametrize("path", SEEDS[:2], ids=lambda p: p.stem)
def test_a_variant_has_new_names_and_scaled_amounts_and_reads_back(path: Path) -> None:
    budget = read_budget(path)
    v = variant(budget, slug="bench-00007", department="深圳市基准测试第00007号中心", factor=3)
    assert v.id == "2024-bench-00007" and v.meta.department == "深圳市基准测试第00007号中心"
    old, new = budget.rows("expenditure-summary")[0], v.rows("expenditure-summary")[0]
    assert new["total"] == old["total"] * 3 and isinstance(new["total"], Decimal)
    assert new["unit"] == "深圳市基准测试第00007号中心"
    units = {str(r["unit"]) for t in v.tables.values() for r in t.rows if r.get("unit")}
    assert budget.meta.department not in units
    again = parse_document(decode_text(budget_text(v).encode("utf-8"), "synthetic.txt"), v.meta, v.source)
    for resource, table in v.tables.items():
        assert _printed(resource, again.rows(resource)) == _printed(resource, table.rows), resource
