"""What the landing page says the site holds (departmental budgets, where, which years), and what
the about page says of each budget's source: both from the budgets' metadata, not written in;
and that every chart leads to the table and the CSV it is drawn from."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from conftest import pages_of

from generator.model import Budget, Metadata, Source

ROOT = Path(__file__).resolve().parent.parent


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))).strip()


def test_the_landing_page_says_what_where_and_which_year(built_site: Path) -> None:
    html = (built_site / "index.html").read_text("utf-8")
    said = [_text(p) for p in re.findall(r'<p class="coverage"[^>]*>(.*?)</p>', html, re.S)]
    # content/budgets/2024: five budgets of 2024, of Futian, Luohu and the city level of Shenzhen
    assert said == [
        "2024 年深圳市部门预算 5 份：福田区、罗湖区和市本级。每份都有原文表格、文字说明与可下载的数据包。",
        "5 departmental budgets of Shenzhen for 2024: City level, Futian District, and Luohu District. "
        "Each with its tables, its text, and data packages to download.",
    ]
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    assert description and "深圳市" in description.group(1) and "2024" in description.group(1)


def _budget(slug: str, year: int, department: str, department_en: str, district: str, district_en: str) -> Budget:
    meta = Metadata(f"{year}-{slug}", year, slug, department, department_en, "", "", district, district_en)
    return Budget(meta, Source(f"{slug}.txt", "0" * 64, "text"))


def _landing(budgets: list[Budget]) -> list[str]:
    html = pages_of(budgets)["index.html"]
    return [_text(p) for p in re.findall(r'<p class="coverage"[^>]*>(.*?)</p>', html, re.S)]


def test_years_and_places_come_from_the_budgets() -> None:
    budgets = [
        _budget("a", 2022, "广州市甲局", "Bureau A, Guangzhou", "越秀区", "Yuexiu District"),
        _budget("b", 2023, "中共深圳市乙委员会", "Committee B of the CPC, Shenzhen", "市本级", "City level"),
        _budget("c", 2024, "深圳市丙中心", "Centre C", "市本级", "City level"),
    ]
    zh, en = _landing(budgets)
    assert zh.startswith("2022–2024 年广州市和深圳市部门预算 3 份：市本级和越秀区。")
    assert en.startswith(
        "3 departmental budgets of Guangzhou and Shenzhen for 2022–2024: City level and Yuexiu District."
    )
    zh, en = _landing(budgets[:1] + budgets[2:])
    assert zh.startswith("2022和2024 年")  # not a run: the years listed
    assert en.startswith("2 departmental budgets of Guangzhou for 2022 and 2024:")  # Shenzhen: not in an English name


def test_without_a_city_in_the_names_the_landing_page_says_years_and_count() -> None:
    zh, en = _landing([_budget("a", 2024, "某某中心", "Some Centre", "", "")])
    assert zh.startswith("2024 年部门预算 1 份。") and en.startswith("1 departmental budget for 2024.")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_list_says_what_each_budget_was_read_from(built_site: Path, lang: str) -> None:
    html = (built_site / lang / "index.html").read_text("utf-8")
    table = re.search(r'<table class="data has-amounts sortable" id="budgets".*?</table>', html, re.S)
    assert table is not None
    rows = re.findall(
        r'<tr>\s*<th scope="row"><a href="([^"]+)">.*?</a></th>(?:\s*<td[^>]*>.*?</td>){5}'
        r'\s*<td><a href="([^"]+)">(.*?)</a></td>\s*<td class="url">(.*?)</td>\s*</tr>',
        table.group(0),
        re.S,
    )
    # content/budgets/2024: five text extractions, none with a source_url
    assert len(rows) == 5
    extraction = {"zh": "PDF 的文字提取（文本文件）", "en": "a text extraction of the PDF (text file)"}[lang]
    none = {"zh": "元数据未记录", "en": "not recorded in the metadata"}[lang]
    assert all(
        downloads == f"{page}#downloads" and read == extraction and url == none for page, downloads, read, url in rows
    )
    # the about page says where they are, and lists no budget (it would grow with the corpus)
    about = (built_site / lang / "about" / "index.html").read_text("utf-8")
    section = re.search(r'<section id="sources".*?</section>', about, re.S)
    assert section and f'href="../../{lang}/index.html"' in section.group(0) and "/budgets/" not in about


def test_a_pdf_source_and_its_published_address_are_said() -> None:
    b = _budget("a", 2024, "深圳市甲中心", "Centre A, Shenzhen", "市本级", "City level")
    b.source = Source("a.pdf", "0" * 64, "pdf")
    b.meta.source_url = "https://example.gov.cn/a.pdf"
    html = pages_of([b])["en/index.html"]
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S)
    assert row and '#downloads">the PDF itself</a></td>' in row.group(1)
    assert '<td class="url"><a href="https://example.gov.cn/a.pdf">https://example.gov.cn/a.pdf</a></td>' in row.group(
        1
    )


def _chart_pages() -> list[str]:
    ids = sorted(f"{p.parent.name}-{p.stem}" for p in (ROOT / "content" / "budgets").glob("*/*.yml"))
    return [
        f"{lang}/{p}"
        for lang in ("zh", "en")
        for p in ("compare/index.html", *(f"budgets/{i}/index.html" for i in ids))
    ]


@pytest.mark.parametrize("path", _chart_pages())
def test_every_chart_links_the_table_and_the_csv_it_is_drawn_from(built_site: Path, path: str) -> None:
    html = (built_site / path).read_text("utf-8")
    charts = re.findall(r'<figure class="chart[^"]*" id="([^"]+)">(.*?)</figure>', html, re.S)
    assert charts
    for chart, body in charts:
        sources = re.search(
            r'<p class="chart-sources">.*?<a href="#([^"]+)">.*?<a href="([^"]+\.csv)">CSV</a></p>', body
        )
        assert sources, f"{chart}: no link to its table and CSV"
        table, csv = sources.groups()
        assert re.search(rf'<table [^>]*id="{table}"', html), f"{chart}: #{table} is not a table of the page"
        assert (built_site / path).parent.joinpath(csv).resolve().is_file(), f"{chart}: {csv} is not in the site"


def test_a_source_address_that_is_not_a_web_address_is_not_linked() -> None:
    # The metadata check refuses one; a renderer handed one anyway links nothing and escapes it.
    b = _budget("a", 2024, "深圳市甲中心", "Centre A, Shenzhen", "市本级", "City level")
    b.meta.source_url = ' javascript:alert("x")'
    html = pages_of([b])["en/index.html"]
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S)
    assert row and '<td class="url">not recorded in the metadata</td>' in row.group(1)
    assert "javascript:" not in html
