"""What a budget page tells the search index: the department's names and the filters."""

from __future__ import annotations

import gzip
import json
import re
from html import unescape
from pathlib import Path
from typing import Any

from generator.build import search
from generator.model import Metadata
from generator.site import urls
from generator.site.views.search import chinese_short, endings, english_short, search_meta

LUOHU = Metadata(
    "2024-x",
    2024,
    "x",
    department="深圳市罗湖区政务服务数据管理局（本级）",
    department_en="Government Services and Data Management Bureau of Luohu District, Shenzhen (bureau proper)",
    district="罗湖区",
    district_en="Luohu District",
)
CITY = Metadata(
    "2024-y",
    2024,
    "y",
    department="深圳市大数据资源管理中心",
    department_en="Shenzhen Big Data Resource Management Center",
    district="市本级",
    district_en="City level",
)


def test_a_short_name_is_the_name_without_its_city_and_district() -> None:
    assert chinese_short(LUOHU) == "政务服务数据管理局（本级）"
    assert chinese_short(CITY) == "大数据资源管理中心"
    assert english_short(LUOHU) == "Government Services and Data Management Bureau (bureau proper)"
    assert english_short(CITY) == "Big Data Resource Management Center"


def test_every_ending_of_a_name_is_one_word_without_punctuation() -> None:
    assert endings("互联网（本级）") == "互联网本级 联网本级 网本级 本级 级"


def test_the_metadata_and_filters_of_a_page() -> None:
    meta = search_meta(LUOHU, {"year": "Year", "district": "District", "parent": "Parent"}, "Luohu District", "")
    values = dict(meta.meta)
    assert values["zh_name"] == "深圳市罗湖区政务服务数据管理局本级"
    assert values["zh_short"] == "政务服务数据管理局本级"
    assert (
        values["en_name"] == "Government Services and Data Management Bureau of Luohu District Shenzhen bureau proper"
    )
    assert meta.filter_spec == "Year[data-filter-year], District[data-filter-district]"
    assert ("data-filter-district", "Luohu District") in meta.attributes
    assert meta.meta_spec.startswith("zh_name[data-meta-zh_name], zh_short[data-meta-zh_short]")


def _fragments(site: Path) -> dict[str, dict[str, Any]]:
    """What the shared pages' Pagefind bundle holds of each page (its fragment), by the page's URL."""
    out = {}
    for f in (site / urls.MAIN_BUNDLE / "fragment").iterdir():
        raw = gzip.decompress(f.read_bytes())
        fragment = json.loads(raw[len(search.SIGNATURE) :])
        out[fragment["url"]] = fragment
    return out


INTERNET = "{}/budgets/2024-luohu-internet-information-center/index.html"


def _listed(site: Path, lang: str) -> list[str]:
    """The lists of names a budget page gives the name index (after its title), as text."""
    html = (site / INTERNET.format(lang)).read_text(encoding="utf-8")
    block = re.search(r"<div hidden data-pagefind-body>(.*?)</div>", html, re.S)
    assert block
    return [unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", block[1])]


def test_a_budget_page_lists_its_names_not_its_text_or_tables(built_site: Path) -> None:
    # The names as printed in the document's tables (收入总表's units, 项目支出总表's projects;
    # 中共深圳市委宣传部 and 中共深圳罗湖区委宣传部 are printed so), its parent department and district.
    assert _listed(built_site, "zh") == [
        "中共深圳市罗湖区委宣传部；罗湖区",
        "中共深圳市委宣传部；深圳市罗湖区互联网信息中心；中共深圳市罗湖区委宣传部；中共深圳罗湖区委宣传部",
        "新闻发布业务工作；预算准备金；基层党组织党建工作；网信工作",
    ]
    assert _listed(built_site, "en") == [
        "Publicity Department of the CPC Luohu District Committee, Shenzhen; Luohu District",
        "Publicity Department of the CPC Shenzhen Municipal Committee; Internet Information Center of Luohu District, "
        "Shenzhen; Publicity Department of the CPC Luohu District Committee, Shenzhen",
        "News release work; Budget reserve; Party building in primary-level Party organizations; Cyberspace work",
    ]


def test_pagefind_indexes_the_shared_pages_and_no_budget_page(built_site: Path) -> None:
    # A budget is found by the name index; Pagefind's index holds the glossary, about, list and
    # compare pages (their text), so no budget is listed twice.
    indexed = _fragments(built_site)
    assert not (built_site / "pagefind-budgets").exists()
    assert not [u for u in indexed if re.search(r"/budgets/\d{4}-", u)], sorted(indexed)
    pages = {f"/{lang}/{kind}" for lang in ("zh", "en") for kind in ("", "glossary/", "about/", "compare/")}
    assert pages <= set(indexed), sorted(indexed)
