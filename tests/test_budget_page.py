"""A budget's page: the change from last year as the text states it (read by statements.py
for the page and the compare page alike), and the tables printed but not read."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import pages_of
from test_checks import good_budget

from generator.cli import main
from generator.model import Budget, TableFailure
from generator.package import package_files
from generator.site.compare import compare

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "golden-site" / "content"


def with_part2(text: str) -> Budget:
    b = good_budget()
    for row in b.tables["sections"].rows:
        if row["part"] == 2:
            row["text"] = text
    return b


def figure_notes(html: str) -> list[str]:
    return [s.split("</span>")[0] for s in html.split('<span class="figure-note">')[1:]]


def test_a_change_stated_against_last_year_without_its_year_is_shown() -> None:
    b = with_part2(
        "2024 年部门预算收入 105.00 万元。2024 年部门预算支出 105.00 万元，较上年预算增加 5.00 万元，增长 5.0%。"
    )
    pages = pages_of([b])
    assert figure_notes(pages["zh/budgets/2024-tiny/index.html"])[0] == "比 2023 年年初预算增加 5.00 万元（5.0%）"
    assert figure_notes(pages["en/budgets/2024-tiny/index.html"])[0] == "up CNY 50,000 (5.0%) on the 2023 budget"
    assert compare(b).change == 5  # the compare page reads the same statement


def test_the_expenditure_shows_its_own_change_not_the_incomes() -> None:
    b = with_part2(
        "2024 年部门预算收入 105.00 万元，较 2023 年年初预算增加 7.00 万元，增长 7.1%。"
        "2024 年部门预算支出 105.00 万元，较 2023 年年初预算减少 5.00 万元，下降 4.5%。"
    )
    pages = pages_of([b])
    assert figure_notes(pages["zh/budgets/2024-tiny/index.html"])[0] == "比 2023 年年初预算减少 5.00 万元（4.5%）"
    assert figure_notes(pages["en/budgets/2024-tiny/index.html"])[0] == "down CNY 50,000 (4.5%) on the 2023 budget"
    assert (compare(b).change, compare(b).change_percent) == (-5, -4.5)


def test_a_change_stated_without_a_percentage() -> None:
    b = with_part2("2024 年部门预算支出 105.00 万元，较 2023 年预算增加 5.00 万元。")
    assert figure_notes(pages_of([b])["zh/budgets/2024-tiny/index.html"])[0] == "比 2023 年年初预算增加 5.00 万元"


def test_no_change_stated_no_note() -> None:
    b = with_part2("2024 年部门预算支出 105.00 万元。")
    assert not figure_notes(pages_of([b])["zh/budgets/2024-tiny/index.html"])[0].startswith("比")


# ---------------------------------------------------------------------------- tables not read

SUMMARY_FAILED = TableFailure(
    "expenditure-summary", "表三：支出总表", "row '行政运行': expected 12 amounts, found 11", 47
)
KEY_PROJECTS_FAILED = TableFailure("key-projects", "重点项目预算绩效情况", "a project without its amount", 3, "page")


def unread(b: Budget, *failures: TableFailure) -> Budget:
    for f in failures:
        b.tables.pop(f.resource, None)
        b.failures.append(f)
    return b


def test_the_descriptor_names_each_table_not_read() -> None:
    desc = json.loads(package_files(unread(good_budget(), SUMMARY_FAILED, KEY_PROJECTS_FAILED))["datapackage.json"])
    assert "expenditure-summary" not in {r["name"] for r in desc["resources"]}
    assert desc["x-unreadable"] == [
        {
            "resource": "expenditure-summary",
            "title": "表三：支出总表",
            "reason": "row '行政运行': expected 12 amounts, found 11",
            "x-source-start": {"line": 47},
        },
        {
            "resource": "key-projects",
            "title": "重点项目预算绩效情况",
            "reason": "a project without its amount",
            "x-source-start": {"page": 3},
        },
    ]
    assert "x-unreadable" not in json.loads(package_files(good_budget())["datapackage.json"])


def test_the_page_says_where_a_table_was_not_read_and_why_in_both_languages() -> None:
    pages = pages_of([unread(good_budget(), SUMMARY_FAILED)])
    zh, en = pages["zh/budgets/2024-tiny/index.html"], pages["en/budgets/2024-tiny/index.html"]
    for html in (zh, en):
        tables = html.split('id="tables"')[1]
        # at its place among the tables, in the catalog's order
        assert tables.index('id="table-income-summary"') < tables.index('id="table-expenditure-summary"')
        assert tables.index('id="table-expenditure-summary"') < tables.index('id="table-basic-expenditure"')
    note = zh.split('<div class="table-unreadable" id="table-expenditure-summary" data-nolink>')[1].split("</div>")[0]
    assert "<strong>支出总表</strong>" in note
    assert "原文印有此表（表三：支出总表，第 47 行），但未能准确读取，因此未予发布。原因：" in note
    assert '<span lang="en">row &#39;行政运行&#39;: expected 12 amounts, found 11</span>' in note
    note = en.split('<div class="table-unreadable" id="table-expenditure-summary" data-nolink>')[1].split("</div>")[0]
    assert "<strong>Summary of expenditure</strong>" in note
    assert (
        'The document prints this table (<span lang="zh">表三：支出总表</span>, line 47), but it could not be read'
        in note
    )
    assert "Why: row &#39;行政运行&#39;: expected 12 amounts, found 11" in note


def test_key_projects_not_read_are_said_in_part_7(tmp_path: Path) -> None:
    b = unread(good_budget(), KEY_PROJECTS_FAILED)
    b.tables["sections"].rows.append({"line": 7, "part": 7, "heading": "", "text": "重点项目如下。\n项目甲 30.00 测试"})
    html = pages_of([b])["en/budgets/2024-tiny/index.html"]
    part7 = html.split('id="part-7"')[1].split("</section>")[0]
    assert 'id="table-key-projects"' in part7 and "page 3" in part7 and "a project without its amount" in part7


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    return content


def fail_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """B's 支出总表 read as not read (what the reader will report for a table it cannot read exactly)."""
    import generator.build.extract as extract

    read = extract.read_budget

    def reader(path: Path, meta: object = None) -> Budget:
        b = read(path, meta)  # type: ignore[arg-type]
        return unread(b, SUMMARY_FAILED) if b.id == "2024-b-test-center" else b

    monkeypatch.setattr(extract, "read_budget", reader)


def test_the_build_says_which_tables_were_not_read_exits_1_and_publishes_the_rest(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_a_table(monkeypatch)
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(corpus), "--site", str(site), "--no-cache"])
    doc = corpus / "budgets" / "2024" / "b-test-center.txt"
    line = f"{doc}: 表三：支出总表 (expenditure-summary): line 47: row '行政运行': expected 12 amounts, found 11"
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == f"error: {line}"
    assert result.stdout.splitlines()[-2:] == [
        f"built 2 budget(s) into {site}/; 1 table(s) not read",
        f"  not read: {line}",
    ]
    # the rest is published: both budgets' pages and packages, B's without the table
    assert (site / "en" / "budgets" / "2024-b-test-center" / "index.html").exists()
    assert (site / "data" / "2024-a-test-center" / "expenditure-summary.csv").exists()
    assert not (site / "data" / "2024-b-test-center" / "expenditure-summary.csv").exists()
    desc = json.loads((site / "data" / "2024-b-test-center" / "datapackage.json").read_text(encoding="utf-8"))
    assert [u["resource"] for u in desc["x-unreadable"]] == ["expenditure-summary"]
    with zipfile.ZipFile(site / "data" / "all.zip") as zf:
        combined = json.loads(zf.read("datapackage.json"))
    assert combined["x-unreadable"] == [{"budget": "2024-b-test-center", **desc["x-unreadable"][0]}]
    assert "未能准确读取" in (site / "zh" / "budgets" / "2024-b-test-center" / "index.html").read_text(encoding="utf-8")
