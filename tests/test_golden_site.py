"""The derived files of the golden corpus (compare.csv, all.zip's files, the descriptors, the glossary page,
the sitemap, the JSON-LD) equal the files in tests/golden-site/expected/, each checked by hand
against the corpus; `make goldens` writes them anew (tests/golden-site/README.md)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from golden_site import build_corpus, derived_files, differences, expected_files


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


def test_hreflang_alternates_are_absolute_with_the_sites_address(corpus_site: Path) -> None:
    """Built with SITE_URL, every page's hreflang alternates (search engines require them
    absolute) and its canonical link are at the site's address."""
    from golden_site import SITE_URL

    pages = [p for p in sorted(corpus_site.rglob("*.html")) if p.name != "404.html"]  # 404: both languages at once
    assert len(pages) > 10
    for page in pages:
        html = page.read_text(encoding="utf-8")
        alternates = re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]*)">', html)
        assert len(alternates) >= 2, page
        assert all(href.startswith(SITE_URL) for _, href in alternates), (page, alternates)
    html = (corpus_site / "en" / "budgets" / "2024-a-test-center" / "index.html").read_text(encoding="utf-8")
    budget = "budgets/2024-a-test-center/index.html"
    assert f'<link rel="alternate" hreflang="zh" href="{SITE_URL}zh/{budget}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{SITE_URL}index.html">' in html


def test_the_packages_sources_resolve(corpus_site: Path) -> None:
    """Each package's sources are addresses: the copy the site publishes (at the site's address,
    a file of the site) and where the department published the document; the descriptor's
    homepage is the budget's page."""
    from golden_site import SITE_URL

    for package in ("2024-a-test-center", "2024-b-test-center", "all"):
        d = json.loads(derived_files(corpus_site)[f"data/{package}/datapackage.json"])
        paths = [s["path"] for s in d["sources"]]
        copies = [p for p in paths if p.startswith(f"{SITE_URL}sources/")]
        assert copies and all((corpus_site / p.removeprefix(SITE_URL)).is_file() for p in copies), paths
        assert (corpus_site / d["homepage"].removeprefix(SITE_URL)).is_file()
    a = json.loads((corpus_site / "data" / "2024-a-test-center" / "datapackage.json").read_text(encoding="utf-8"))
    assert [s["path"] for s in a["sources"]] == [
        f"{SITE_URL}sources/2024-a-test-center.txt",
        "https://example.org/budgets/a.pdf?year=2024&kind=<dept>",  # its .yml's source_url
    ]
    assert a["sources"][0]["x-sha256"] and "x-note" not in json.dumps(a)


def test_descriptors_are_laid_out_a_field_a_line(derived: dict[str, bytes]) -> None:
    """Every descriptor (each budget's and all.zip's) is indented by two spaces down to a schema's
    fields and the fiscal model's attributes, each of those on one line as json.dumps writes it;
    the layout descriptor_json gives it again."""
    from generator.package.descriptor import descriptor_json

    names = [n for n in derived if n.endswith("/datapackage.json")]
    assert len(names) == 3
    for name in names:
        data = derived[name]
        d = json.loads(data)
        assert data == descriptor_json(d) and data.startswith(b'{\n  "$schema": ') and data.endswith(b"\n}\n")
        lines = {line.removesuffix(",") for line in data.decode().splitlines()}
        for r in d["resources"]:
            for f in r["schema"]["fields"]:
                assert " " * 10 + json.dumps(f, ensure_ascii=False) in lines, (name, r["name"], f["name"])
        for dim in d["model"]["dimensions"].values():
            for key, attr in dim["attributes"].items():
                assert f"{' ' * 10}{json.dumps(key)}: {json.dumps(attr, ensure_ascii=False)}" in lines, (name, key)


def pod_schema() -> Callable[[dict], list[str]]:
    """Project Open Data's data.json schema (v1.1) for non-federal publishers, the one
    data.gov's harvester (ckanext-datajson, which ships it; installed by `make test` without
    its code's dependencies) checks a non-federal catalog against: its errors for a catalog."""
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    folder = "ckanext/datajson/pod_schema/non-federal-v1.1"
    dist = metadata.distribution("ckanext-datajson")
    schemas = {
        name: json.loads(Path(str(dist.locate_file(f"{folder}/{name}"))).read_text(encoding="utf-8"))
        for name in ("catalog.json", "dataset-non-federal.json")
    }
    base = "https://project-open-data.cio.gov/v1.1/schema/"
    registry = Registry().with_resources(
        (base + name, Resource.from_contents(s, default_specification=DRAFT4)) for name, s in schemas.items()
    )
    validator = jsonschema.Draft4Validator(schemas["catalog.json"], registry=registry)
    return lambda doc: [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_data_catalog_validates_against_the_data_json_schema(corpus_site: Path) -> None:
    from golden_site import SITE_URL

    catalog = json.loads((corpus_site / "data" / "catalog.json").read_text(encoding="utf-8"))
    assert pod_schema()(catalog) == []
    assert pod_schema()({**catalog, "dataset": [{"title": "no identifier"}]})  # the check can fail
    datasets = catalog["dataset"]
    assert [d["identifier"] for d in datasets] == [
        f"{SITE_URL}zh/index.html",  # all, of which every budget's dataset is part
        f"{SITE_URL}zh/budgets/2024-a-test-center/index.html",
        f"{SITE_URL}zh/budgets/2024-b-test-center/index.html",
    ]
    assert all(d["isPartOf"] == datasets[0]["identifier"] for d in datasets[1:])
    for d in datasets:
        urls = [x["downloadURL"] for x in d["distribution"]]
        assert all(u.startswith(SITE_URL) and (corpus_site / u.removeprefix(SITE_URL)).is_file() for u in urls), urls
    a = datasets[1]
    assert a["temporal"] == "2024-01-01/2024-12-31" and a["modified"] == "2024-06-01"
    formats = [x["format"] for x in a["distribution"]]
    assert formats[:2] == ["ZIP", "JSON"] and formats[-1] == "TXT" and formats.count("CSV") == 15
    assert a["publisher"] == {
        "@type": "org:Organization",
        "name": "深圳市甲测试中心",
        "subOrganizationOf": {"@type": "org:Organization", "name": "深圳市测试局"},
    }


def test_no_data_catalog_without_the_sites_address(built_site: Path) -> None:
    """Its addresses must be absolute: without SITE_URL there is none (as there is no sitemap)."""
    assert not (built_site / "data" / "catalog.json").exists()
