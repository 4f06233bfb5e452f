"""The derived files of the golden corpus (compare.csv, all/, the descriptors, the glossary page,
the sitemap, the JSON-LD) equal the files in tests/golden-site/expected/, each checked by hand
against the corpus; `make goldens` writes them anew (tests/golden-site/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from golden_site import build_corpus, derived_files, differences, expected_files

from generator.site.writer import TEMPLATES


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("golden") / "site"
    build_corpus(site)
    return site


@pytest.fixture(scope="module")
def derived(corpus_site: Path) -> dict[str, bytes]:
    return derived_files(corpus_site)


def test_the_goldens_cover_what_they_say() -> None:
    names = set(expected_files())
    assert {"data/compare.csv", "data/all/datapackage.json", "data/all/budgets.csv", "sitemap.xml"} <= names
    assert {"zh/glossary/index.html", "en/glossary/index.html", "jsonld/en-2024-a-test-center.json"} <= names


@pytest.mark.parametrize("name", sorted(expected_files()))
def test_a_derived_file_is_as_checked_by_hand(derived: dict[str, bytes], name: str) -> None:
    assert name in derived, f"{name} is no longer made"
    found = differences({name: derived[name]}, {name: expected_files()[name]})
    assert not found, "\n".join(found)


def test_no_derived_file_lacks_its_golden(derived: dict[str, bytes]) -> None:
    assert sorted(set(derived) - set(expected_files())) == []


def test_csv_files_carry_the_byte_order_mark_excel_needs(derived: dict[str, bytes]) -> None:
    csvs = [n for n in derived if n.endswith(".csv")]
    assert csvs and all(derived[n].startswith(b"\xef\xbb\xbf") for n in csvs)


def test_the_summary_tables_depth_on_the_budget_page(corpus_site: Path) -> None:
    """The expenditure side prints its subjects without codes: each shows at its depth in the
    classification (类 1, 款 2, 项 3), totals at 0; income items by their numbering."""
    html = (corpus_site / "en" / "budgets" / "2024-a-test-center" / "index.html").read_text(encoding="utf-8")
    table = html.split('id="table-income-expenditure-summary"')[1].split("</table>")[0]
    levels = re.findall(r'<th scope="row" class="lvl-(\d)">', table)
    # income: 一、财政拨款 1, 1. 2, 2. 2, 二、 1, 三、 1, 本年收入合计 0, 上年结余、结转 1, 1. 2, 2. 2, 收入总计 0;
    # expenditure: 一般公共服务支出 1, 政府办公厅… 2, 行政运行 3, 一般行政管理事务 3, 城乡社区支出 1,
    # 国有土地使用权出让收入安排的支出 2, 城市建设支出 3, 本年支出合计 0, 结转下年 1, 支出总计 0.
    assert levels == [*"1221101220", *"1233123010"]


def test_every_interface_string_is_in_both_languages() -> None:
    ui = yaml.safe_load((TEMPLATES / "ui.yml").read_text(encoding="utf-8"))
    wrong = {k: v for k, v in ui.items() if not isinstance(v, dict) or set(v) != {"zh", "en"}}
    assert not wrong, wrong  # an unquoted comma in a flow mapping makes a key of its own
    assert all(isinstance(s, str) and s for v in ui.values() for s in v.values())
