"""The name index (generator/site/names.py): its keys, its fixed number of key files, the order
of its results, no false hit from bigrams that a name holds apart, and what a build writes of it
(the same bytes from an incremental build as from a clean one)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest
from test_incremental import SEEDS, assert_same_site, change_text, clean_build, make_content, quiet, recorded_loads

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.pipeline import Verbosity
from generator.site import names, urls
from generator.site.names import DEPARTMENT, PLACE, PROJECT, UNIT, BudgetNames


def budget(i: int, department: str, *more: tuple[int, str]) -> BudgetNames:
    return BudgetNames(department, f"zh/budgets/b{i}/", ((DEPARTMENT, department), *more))


def reader(budgets: list[BudgetNames]) -> tuple[dict[str, object], object]:
    """The index's files in memory (as JSON goes over the wire) and a ``read`` of them."""
    files = {path: json.loads(names.dumps(value)) for path, value in names.files_of(names.index_of(budgets))}
    return files, files.__getitem__


def test_tokens_and_keys() -> None:
    assert names.tokens("中心（本级）") == ["中心本级"]  # punctuation between Chinese characters dropped
    assert names.tokens("Center (bureau proper), IT-2") == ["center", "bureau", "proper", "it", "2"]
    assert names.tokens("深圳市IT中心") == ["深圳市", "it", "中心"]
    assert names.keys("大数据") == {"大", "数", "据", "大数", "数据"}
    assert names.keys("Budget of") == {"b", "bu", "bud", "budg", "o", "of"}
    assert names.query_keys("数据中心") == ["数据", "中心"]  # side by side: 据中 is checked by ``holds``
    assert names.query_keys("深圳市罗湖") == ["深圳", "市罗", "罗湖"]
    assert names.query_keys("心") == ["心"]
    assert names.query_keys("Big Data") == ["big", "data"]
    assert names.query_keys("Budgets") == ["budg"]
    assert names.query_keys("  （）") == []


def test_a_fixed_number_of_key_files_whatever_the_number_of_budgets() -> None:
    for n in (3, 700):
        budgets = [budget(i, f"第{i}号数据中心", (PROJECT, f"项目{i % 7}")) for i in range(n)]
        files, _ = reader(budgets)
        shards = [p for p in files if p.startswith("k/")]
        assert sorted(shards) == sorted(f"k/{s}.json" for s in range(names.SHARDS))
        # Each key in the file of its hash, every key there.
        index = names.index_of(budgets)
        for k, ids in index.postings.items():
            assert list(itertools.accumulate(files[f"k/{names.shard(k)}.json"][k])) == ids  # type: ignore[index]
        assert sum(len(files[p]) for p in shards) == len(index.postings)  # type: ignore[arg-type]
        # Names and budgets in chunks of their fixed sizes.
        assert len([p for p in files if p.startswith("b/")]) == -(-n // names.BUDGET_CHUNK)
        assert all(len(files[p]) <= names.NAME_CHUNK for p in files if p.startswith("n/"))  # type: ignore[arg-type]
        assert files["b/0.json"][0] == ["第0号数据中心", "zh/budgets/b0/"]  # type: ignore[index]


def test_the_shard_is_the_fnv_hash_the_page_script_computes() -> None:
    # FNV-1a, 32 bits: of "a" 0xe40c292c, of "中心" computed by hand over its code points.
    assert names.shard("a") == 0xE40C292C % names.SHARDS
    h = 0x811C9DC5
    for cp in (0x4E2D, 0x5FC3):
        h = ((h ^ cp) * 0x01000193) % 2**32
    assert names.shard("中心") == h % names.SHARDS


def test_results_by_field_then_shorter_names_each_budget_once() -> None:
    budgets = [
        budget(0, "深圳市某某局", (PROJECT, "数据中心运维")),
        budget(1, "深圳市数据中心管理处", (UNIT, "数据中心")),
        budget(2, "深圳市数据中心", (PLACE, "深圳市数据中心管理局")),
        budget(3, "深圳市另一局", (UNIT, "深圳市数据中心附属单位"), (PROJECT, "数据中心")),
    ]
    _, read = reader(budgets)
    hits = names.search(read, "数据中心")  # type: ignore[arg-type]
    # Departments (shorter first), then the unit 数据中心 before the longer one; budget 2's
    # place and budget 3's project are not listed again; the project of budget 0 last.
    assert [(h.url, h.field, h.name) for h in hits] == [
        ("zh/budgets/b2/", "department", "深圳市数据中心"),
        ("zh/budgets/b1/", "department", "深圳市数据中心管理处"),
        ("zh/budgets/b3/", "unit", "深圳市数据中心附属单位"),
        ("zh/budgets/b0/", "project", "数据中心运维"),
    ]
    assert [h.url for h in names.search(read, "数据中心", limit=2)] == ["zh/budgets/b2/", "zh/budgets/b1/"]  # type: ignore[arg-type]


def test_no_false_hit_from_bigrams_a_name_holds_apart() -> None:
    budgets = [
        budget(0, "中心城区中心"),  # holds 区中, 中心 and 心城, not 区中心城
        budget(1, "信息技术科", (PROJECT, "服务中心建设")),  # 信息 and 中心, in two names
        budget(2, "Water Resources Office", (PROJECT, "Sewage")),
    ]
    _, read = reader(budgets)
    assert set(names.query_keys("区中心城")) <= set(names.index_of(budgets).postings)
    assert names.search(read, "区中心城") == []  # type: ignore[arg-type]
    assert [h.url for h in names.search(read, "城区中心")] == ["zh/budgets/b0/"]  # type: ignore[arg-type]
    assert names.search(read, "信息 中心") == []  # type: ignore[arg-type]
    assert [h.url for h in names.search(read, "信息")] == ["zh/budgets/b1/"]  # type: ignore[arg-type]
    # An English word is a word's beginning, not its middle; every word of the query in one name.
    assert [h.url for h in names.search(read, "wat res")] == ["zh/budgets/b2/"]  # type: ignore[arg-type]
    assert names.search(read, "ater") == []  # type: ignore[arg-type]
    assert names.search(read, "water sewage") == []  # type: ignore[arg-type]
    assert names.holds("Water Resources Office", "reso") and not names.holds("Water", "watering")


def _index(site: Path, lang: str) -> dict[str, bytes]:
    folder = site / urls.name_index(lang)
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


def test_a_build_indexes_every_budgets_names_in_both_languages(built_site: Path) -> None:
    def read(lang: str):  # type: ignore[no-untyped-def]
        return lambda path: json.loads((built_site / urls.name_index(lang) / path).read_text(encoding="utf-8"))

    zh = names.search(read("zh"), "智慧城市建设中心")
    assert zh[0].url == "zh/budgets/2024-luohu-smart-city-center/" and zh[0].field == "department"
    assert {h.url for h in zh} == {
        "zh/budgets/2024-luohu-smart-city-center/",
        "zh/budgets/2024-futian-public-opinion-smart-city-center/",
    }
    unit = names.search(read("zh"), "中共深圳市委宣传部")  # a unit of the internet center's budget
    assert [(h.url, h.field) for h in unit] == [("zh/budgets/2024-luohu-internet-information-center/", "unit")]
    en = names.search(read("en"), "big data")
    assert en[0].title == "Shenzhen Big Data Resource Management Center"
    assert en[0].url == "en/budgets/2024-shenzhen-big-data-center/"
    # The English page's index holds the department's Chinese name too.
    assert names.search(read("en"), "大数据资源")[0].url == "en/budgets/2024-shenzhen-big-data-center/"
    assert len(_index(built_site, "zh")) == names.SHARDS + 2  # 5 budgets: one chunk of names, one of budgets


def test_an_incremental_build_writes_the_index_a_clean_build_writes(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    before = {lang: _index(site, lang) for lang in urls.LANGS}
    # One budget's department renamed: its names change.  The names after it in the index's
    # order have new ids, so most key files change too; a file whose bytes did not is kept.
    meta = content / "budgets" / "2024" / SEEDS[1].with_suffix(".yml").name
    text = meta.read_text(encoding="utf-8")
    assert "深圳市罗湖区政务服务数据管理局" in text
    meta.write_text(text.replace("深圳市罗湖区政务服务数据管理局", "深圳市罗湖区政务服务与数据局", 1), encoding="utf-8")
    lines: list[str] = []
    say = Verbosity(verbose=True)
    assert build(content, site, log=lambda *a, **k: lines.append(str(a[0])), cache=cache, search=False, say=say).ok
    after = {lang: _index(site, lang) for lang in urls.LANGS}
    changed = [(lang, p) for lang in urls.LANGS for p in after[lang] if before[lang].get(p) != after[lang][p]]
    total = sum(len(files) for files in after.values())
    assert 0 < len(changed) < total
    assert f"name index: {len(changed)} file(s) written" in lines, lines
    hits = names.search(lambda p: json.loads(after["zh"][p]), "政务服务与数据局")
    assert [h.url for h in hits] == ["zh/budgets/2024-luohu-government-services-data-bureau/"]
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")
    shutil.rmtree(tmp_path / "clean")


def test_a_rebuild_whose_budgets_give_the_same_names_keeps_the_index_and_reads_no_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A budget's text changed, not its names: the index's key is the last build's, so its files
    are kept (the same inodes) and no budget's names are read from the cache."""
    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    inodes = {p: p.stat().st_ino for p in (site / urls.NAME_INDEX).rglob("*.json")}
    change_text(content)
    loads = recorded_loads(monkeypatch)
    lines: list[str] = []
    say = Verbosity(verbose=True)
    assert build(content, site, log=lambda *a, **k: lines.append(str(a[0])), cache=cache, search=False, say=say).ok
    assert "name index: kept as it was" in lines, lines
    assert not [k for k in loads if k.startswith("names-")], loads
    assert {p: p.stat().st_ino for p in (site / urls.NAME_INDEX).rglob("*.json")} == inodes
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_an_index_made_again_when_the_cache_lost_a_kept_budgets_names_makes_its_pages_again(tmp_path: Path) -> None:
    """A budget renamed: the index is made from every budget's names; the unchanged budgets'
    names are read from the cache, and one whose names the cache lost has its pages made again
    (for its names), so the index still holds it."""
    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    lost = sorted((tmp_path / "cache").rglob("names-*.pickle"))
    assert len(lost) == 3
    for entry in lost:
        entry.unlink()
    meta = content / "budgets" / "2024" / SEEDS[1].with_suffix(".yml").name
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("深圳市罗湖区政务服务数据管理局", "深圳市罗湖区政务服务与数据局", 1), encoding="utf-8")
    lines: list[str] = []
    say = Verbosity(verbose=True)
    assert build(content, site, log=lambda *a, **k: lines.append(str(a[0])), cache=cache, search=False, say=say).ok
    assert "budget pages: 3 made, 0 reused" in lines, lines  # the renamed one, and two for their names
    zh = lambda path: json.loads((site / urls.name_index("zh") / path).read_text(encoding="utf-8"))  # noqa: E731
    assert [h.url for h in names.search(zh, "政务服务与数据局")] == [
        "zh/budgets/2024-luohu-government-services-data-bureau/"
    ]
    smart = "zh/budgets/2024-futian-public-opinion-smart-city-center/"  # one whose names the cache lost
    assert [h.url for h in names.search(zh, "智慧城市建设中心")] == [smart]
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


@pytest.mark.parametrize("query", ["深圳市", "中心", "Luohu"])
def test_the_python_search_and_the_index_agree_on_every_match(built_site: Path, query: str) -> None:
    """Every budget that has a name holding the query is found (the limit set past their number)."""
    lang = "en" if query.isascii() else "zh"
    read = lambda path: json.loads((built_site / urls.name_index(lang) / path).read_text(encoding="utf-8"))  # noqa: E731
    want = set()
    for path in sorted((built_site / urls.name_index(lang) / "n").glob("*.json")):
        for _, text, holders in json.loads(path.read_text(encoding="utf-8")):
            if names.holds(text, query):
                want.update(holders)
    budgets = read("b/0.json")
    assert {h.url for h in names.search(read, query, limit=100)} == {budgets[b][1] for b in want}
    assert want


def test_the_bucket_target_has_the_name_index_checked_on_every_visit() -> None:
    """Its files keep their names when they change (a CDN may ignore the ?v= tag they are fetched with)."""
    from generator.deploy import headers

    assert headers(f"{urls.name_index('zh')}/k/3.json")["CacheControl"] == "no-cache"


def _shown_first(index: names.Index, query: str, limit: int) -> list[str]:
    """The first ``limit`` budgets (urls) of the names holding ``query``, in the index's order,
    each once: read from the names in memory, not from the index's files."""
    out: list[str] = []
    for _, text, holders in index.names:
        if names.holds(text, query):
            out += [index.budgets[b][1] for b in holders if index.budgets[b][1] not in out]
    return out[:limit]


def test_a_long_keys_list_is_in_parts_read_only_when_every_key_is_long(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(names, "LONG", 3)
    monkeypatch.setattr(names, "SPAN", 4)
    budgets = [budget(i, f"深圳市第{i}号中心", (PROJECT, f"深圳项目{i % 3}")) for i in range(20)]
    files, _ = reader(budgets)
    index = names.index_of(budgets)
    long = {k for k, ids in index.postings.items() if len(ids) > 3}
    assert {"深圳", "中心", "市"} <= long and "7" not in long
    for k, ids in index.postings.items():
        entry = files[f"k/{names.shard(k)}.json"][k]  # type: ignore[index]
        if k in long:  # the number of its parts, its ids in those (each part's ids in its span)
            assert entry == ids[-1] // 4 + 1
            parts = [list(itertools.accumulate(files[f"p/{names.shard(k)}/{j}.json"].get(k, []))) for j in range(entry)]  # type: ignore[attr-defined]
            assert [i for p in parts for i in p] == ids
            assert all(i // 4 == j for j, p in enumerate(parts) for i in p)
        else:
            assert list(itertools.accumulate(entry)) == ids
    asked: list[str] = []

    def read(path: str) -> object:
        asked.append(path)
        return files[path]

    # A key that is not long: no long key's list is read (深圳, 市, 第 are; the names found hold them).
    assert [h.url for h in names.search(read, "深圳市第7号")] == ["zh/budgets/b7/"]
    assert not [p for p in asked if p.startswith("p/")], asked
    # Only long keys: their lists a part at a time, as far as the first results.
    for query, limit in (("深圳", 2), ("深圳", 100), ("中心", 5), ("深圳市", 3), ("深圳项目", 10)):
        asked.clear()
        assert [h.url for h in names.search(read, query, limit=limit)] == _shown_first(index, query, limit), query
        assert all(p.startswith(("k/", "p/", "n/", "b/")) for p in asked)
    asked.clear()
    names.search(read, "深圳", limit=2)
    assert [p for p in asked if p.startswith("p/")] == [f"p/{names.shard('深圳')}/0.json"]
