"""The compare page's figures (generator/site/compare.py) on hand-made budgets, their CSV, and the
page itself in both languages."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal as D
from pathlib import Path

from conftest import pages_of
from test_checks import good_budget

from generator.model import Budget, Metadata, Source
from generator.site.compare import compare, compare_csv
from generator.site.views.compare import CHART_DEPARTMENTS

ROOT = Path(__file__).resolve().parent.parent


def test_the_figures_of_a_budget() -> None:
    c = compare(good_budget())
    assert c.total == D("105.00")
    assert (c.change, c.change_percent) == (D("5.00"), D("5.0"))  # as part 2 states it
    assert (c.basic, c.project) == (D("60.00"), D("45.00"))
    assert (c.basic_share, c.project_share) == (D("0.5714"), D("0.4286"))
    assert (c.personnel, c.personnel_share) == (D("50.00"), D("0.4762"))
    assert (c.three_public, c.three_public_change) == (D("2.50"), D("-0.50"))
    assert (c.procurement, c.procurement_sme, c.sme_share) == (D("20.00"), D("10"), D("0.5"))
    assert c.functions == {"201": D("95.00"), "212": D("10.00")}
    assert c.function_names["201"] == "一般公共服务支出"
    assert (c.authorised_posts, c.staff_in_post) == (8, 7)
    assert c.findings["error"] == 0 and c.findings["info"] == 1


def test_what_a_budget_does_not_state_stays_empty() -> None:
    b = good_budget()
    for row in b.tables["sections"].rows:
        row["text"] = "无。"
    del b.tables["procurement"]
    c = compare(b)
    assert c.change is None and c.change_percent is None
    assert c.authorised_posts is None and c.staff_in_post is None
    assert c.procurement == D("20.00")  # the expenditure summary's procurement subtotal
    empty = compare(Budget(Metadata("2024-empty", 2024, "empty"), Source("e.txt", "0" * 64, "text")))
    assert empty.total is None and empty.basic_share is None and empty.functions == {}


def test_the_csv_holds_what_the_page_shows() -> None:
    other = good_budget()
    other.meta = Metadata("2024-other", 2024, "other", department="另一中心", department_en="Other Center")
    rows = list(
        csv.DictReader(io.StringIO(compare_csv([compare(b) for b in (other, good_budget())]).decode("utf-8-sig")))
    )
    assert [r["id"] for r in rows] == ["2024-other", "2024-tiny"]
    tiny = rows[1]
    assert tiny["total_expenditure"] == "105.00" and tiny["basic_share"] == "0.5714"
    assert tiny["function_201"] == "95.00" and tiny["function_212"] == "10.00"
    assert tiny["findings_error"] == "0" and tiny["staff_in_post"] == "7"


def test_the_compare_page_in_both_languages() -> None:
    b = good_budget()
    b.meta.department_en = "Test Center"
    pages = pages_of([b])
    zh, en = pages["zh/compare/index.html"], pages["en/compare/index.html"]
    assert "部门预算比较" in zh and "Departments side by side" in en
    assert 'href="../../data/compare.csv"' in en
    assert "General public services" in en and "Test Center" in en
    assert 'data-value="105.00"' in en and "57.1%" in en
    assert en.count("<svg") >= 4  # charts drawn at build time, no script needed
    assert 'class="data has-amounts sortable compare"' in en and "static/sort.js" in en
    # Every page's navigation leads to it.
    for page in ("zh/index.html", "en/glossary/index.html", "en/budgets/2024-tiny/index.html"):
        html = pages[page]
        assert re.search(r'<nav[^>]*>.*href="[./]*(zh|en)/compare/index.html"', html, re.S), page


def test_charts_show_the_largest_departments_and_the_tables_all_of_them() -> None:
    import copy

    budgets = []
    for i in range(CHART_DEPARTMENTS + 5):
        b = copy.deepcopy(good_budget())
        b.meta = Metadata(
            f"2024-d{i:02d}", 2024, f"d{i:02d}", department=f"第{i:02d}中心", department_en=f"Center {i:02d}"
        )
        for t in b.tables.values():
            for row in t.rows:
                for k, v in row.items():
                    if isinstance(v, D):
                        row[k] = v * (i + 1)
        budgets.append(b)
    en = pages_of(budgets)["en/compare/index.html"]
    table = en.split('id="compare-money"')[1].split("</table>")[0]
    assert all(f"Center {i:02d}" in table for i in range(CHART_DEPARTMENTS + 5))
    chart = en.split('id="chart-compare-total"')[1].split("</figure>")[0]
    # the largest (Center 34 … Center 05) are drawn, the five smallest are not
    assert "Center 34" in chart and "Center 05" in chart and "Center 04" not in chart
    assert f"The charts show the {CHART_DEPARTMENTS} departments with the largest total expenditure (of 35)" in en
