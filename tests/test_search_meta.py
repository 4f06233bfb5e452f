"""What a budget page tells the search index: the department's names and the filters."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from generator.build import search
from generator.model import Metadata
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


def _indexed(site: Path) -> dict[str, dict[str, Any]]:
    """What the bundle of all budgets holds of each page (its fragment), by the page's URL."""
    out = {}
    for f in (site / "pagefind-budgets" / "budgets" / "fragment").iterdir():
        raw = gzip.decompress(f.read_bytes())
        fragment = json.loads(raw[len(search.SIGNATURE) :])
        fragment["content"] = fragment["content"].replace("\u200b", "")  # Pagefind's marks between Chinese words
        out[fragment["url"]] = fragment
    return out


INTERNET = "/{}/budgets/2024-luohu-internet-information-center/"


def test_search_reads_a_budget_pages_names_not_its_text_or_tables(built_site: Path) -> None:
    # The names as printed in the document's tables (收入总表's units, 项目支出总表's projects;
    # 中共深圳市委宣传部 and 中共深圳罗湖区委宣传部 are printed so), its parent department and district.
    indexed = _indexed(built_site)
    zh, en = indexed[INTERNET.format("zh")], indexed[INTERNET.format("en")]
    assert zh["content"] == (
        "深圳市罗湖区互联网信息中心. 中共深圳市罗湖区委宣传部；罗湖区. "
        "中共深圳市委宣传部；深圳市罗湖区互联网信息中心；中共深圳市罗湖区委宣传部；中共深圳罗湖区委宣传部. "
        "新闻发布业务工作；预算准备金；基层党组织党建工作；网信工作."
    )
    assert en["content"] == (
        "Internet Information Center of Luohu District, Shenzhen. "
        "Publicity Department of the CPC Luohu District Committee, Shenzhen; Luohu District. "
        "Publicity Department of the CPC Shenzhen Municipal Committee; Internet Information Center of Luohu District, "
        "Shenzhen; Publicity Department of the CPC Luohu District Committee, Shenzhen. "
        "News release work; Budget reserve; Party building in primary-level Party organizations; Cyberspace work."
    )
    # Each Chinese name's every ending a word (the department's in zh_parts): 党组织 finds 基层党组织党建工作.
    words = zh["meta"]["zh_names"].split()
    assert {"基层党组织党建工作", "党组织党建工作", "网信工作", "中共深圳罗湖区委宣传部"} <= set(words)
    assert len(words) == len(set(words)) and "zh_names" not in en["meta"]  # the English page's are English


def test_no_budget_page_gives_search_its_text(built_site: Path) -> None:
    # Ten budget pages, each at most a few dozen words to score (they had thousands): the text of
    # the nine parts, the tables' cells, the key figures and the headings are not read.
    indexed = _indexed(built_site)
    assert len(indexed) == 10
    on_every_page = {
        "zh": ("部门职责", "主要数字", "收入总计", "万元", "核对"),
        "en": ("Responsibilities", "Key figures", "Total income"),
    }
    for url, fragment in indexed.items():
        assert fragment["word_count"] < 100, (url, fragment["word_count"])
        lang = url.split("/")[1]
        html = (built_site / url.strip("/") / "index.html").read_text(encoding="utf-8")
        for word in on_every_page[lang]:
            assert word in html and word not in fragment["content"], (url, word)
