"""A document cut short is reported: its last table must end where the table itself says it
ends (generator/read/complete.py).  Cut at test time from the seeds; the whole seeds (and the
corpus of `make accuracy`) are not flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import Budget, BudgetError, Source
from generator.read.documents import metadata_for
from generator.read.parse import parse_document
from generator.read.text import decode_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "content" / "budgets" / "2024").glob("*.txt"))
SEED_NAMES = [
    "futian-public-opinion-smart-city-center",
    "luohu-government-services-data-bureau",
    "luohu-internet-information-center",
    "luohu-smart-city-center",
    "shenzhen-big-data-center",
]


def read(data: bytes, path: Path) -> Budget:
    return parse_document(decode_text(data, path.name), metadata_for(path), Source(path.name, "0" * 64, "text"))


def seed(name: str) -> Path:
    return next(p for p in SEEDS if p.stem == name)


@pytest.mark.parametrize("name", SEED_NAMES)
def test_a_whole_seed_is_not_flagged(name: str) -> None:
    budget = read(seed(name).read_bytes(), seed(name))
    assert budget.failures == []


@pytest.mark.parametrize("name", SEED_NAMES)
def test_no_table_of_a_cut_seed_is_published_short(name: str) -> None:
    # Cut anywhere in the last tenth (the last tables): every table published has all the rows of
    # the whole document's; the one that does not is reported (or the document is refused).
    path = seed(name)
    data = path.read_bytes()
    whole = {r: len(t.rows) for r, t in read(data, path).tables.items()}
    for permille in range(900, 1000, 7):
        cut = data[: len(data) * permille // 1000].decode("utf-8", "ignore").encode()
        try:
            budget = read(cut, path)
        except BudgetError:
            continue
        short = [r for r, t in budget.tables.items() if len(t.rows) < whole[r]]
        assert not short, f"cut at {permille / 10} %: {short} published short, unreported"


def test_a_cut_amounts_table_at_the_end_is_reported_by_its_totals() -> None:
    # A document without a contents page, cut before its 绩效目标表: the 政府采购项目支出表 is
    # last.  Cut after its C21040000 row, the rows under 服务 (321.17) add up to 167.17.
    path = seed("luohu-government-services-data-bureau")
    lines = path.read_text(encoding="utf-8").split("\n")
    end = next(i for i, ln in enumerate(lines) if ln.strip().startswith("C99000000"))
    budget = read("\n".join(lines[:end]).encode(), path)
    failure = next(f for f in budget.failures if f.resource == "procurement")
    assert "under 服务 add up to 167.17, less than its 321.17" in failure.reason and "is it cut off?" in failure.reason
    assert "procurement" not in budget.tables
    whole = next(i for i, ln in enumerate(lines) if "整体支出绩效目标表" in ln)  # the table whole: not flagged
    assert read("\n".join(lines[:whole]).encode(), path).failures == []


def test_cut_tasks_are_reported() -> None:
    path = seed("luohu-smart-city-center")
    text = path.read_text(encoding="utf-8")
    budget = read(text[: text.index("金额合计")].encode(), path)
    tasks = next(f for f in budget.failures if f.resource == "performance-tasks")
    assert "before their 金额合计 row" in tasks.reason and "performance-tasks" not in budget.tables
