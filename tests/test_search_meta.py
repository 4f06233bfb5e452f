"""What a budget page tells the search index: the department's names and the filters."""

from __future__ import annotations

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
