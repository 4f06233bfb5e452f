"""The build and the extract command end to end: packages, validity, bad input."""

from __future__ import annotations

import csv
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.catalog import BY_RESOURCE, DERIVED
from generator.cli import main
from generator.read.documents import discover

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
# Every budget in content/, in the order of their ids (however many there are).
IDS = [d.id for d in discover(CONTENT)]
# The seed budgets, by name: what the tests below know of them holds for them, not for any budget.
SEED_IDS = [
    "2024-futian-public-opinion-smart-city-center",
    "2024-luohu-government-services-data-bureau",
    "2024-luohu-internet-information-center",
    "2024-luohu-smart-city-center",
    "2024-shenzhen-big-data-center",
]


@pytest.fixture(scope="session")
def data_dir(built_site: Path) -> Path:
    """site/data as `make site` writes it."""
    return built_site / "data"


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} lacks the UTF-8 byte-order mark Excel needs"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.mark.parametrize("budget_id", IDS)
def test_every_package_is_valid_frictionless(data_dir: Path, budget_id: str) -> None:
    # The same check as `frictionless validate site/data/<id>/datapackage.json` (`all` is
    # published only as all.zip: tests/test_data_tools.py validates every zip).
    from frictionless import Package

    descriptor = data_dir / budget_id / "datapackage.json"
    report = Package(str(descriptor)).validate()
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid, errors[:5]
    assert len(report.tasks) == len(json.loads(descriptor.read_text(encoding="utf-8"))["resources"])


def test_all_is_published_as_its_zip_and_database_only(data_dir: Path) -> None:
    """Contract 3.0.0: data/all/ holds only the list of budgets and the glossary (the list and
    glossary pages' CSVs), the same bytes as all.zip's; its other CSVs and its descriptor were
    all.zip's files a second time.  all.zip, all.sqlite and its Datasette metadata are there."""
    assert sorted(p.name for p in (data_dir / "all").iterdir()) == ["budgets.csv", "glossary.csv"]
    assert all((data_dir / name).is_file() for name in ("all.zip", "all.sqlite", "all.metadata.json"))
    with zipfile.ZipFile(data_dir / "all.zip") as zf:
        assert json.loads(zf.read("datapackage.json"))["version"] == "4.1.0"
        for name in ("budgets.csv", "glossary.csv"):
            assert zf.read(name) == (data_dir / "all" / name).read_bytes()


@pytest.mark.parametrize("budget_id", SEED_IDS)
def test_package_declares_unit_source_and_table_starts(data_dir: Path, budget_id: str) -> None:
    desc = json.loads((data_dir / budget_id / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["x-unit"] == "万元" and desc["x-currency"] == "CNY"
    src = desc["sources"][0]
    assert len(src["x-sha256"]) == 64 and src["title"].endswith(".txt")
    names = {r["name"] for r in desc["resources"]}
    for required in (
        "income-expenditure-summary",
        "income-summary",
        "expenditure-summary",
        "basic-expenditure",
        "project-expenditure",
        "fiscal-appropriation-summary",
        "general-budget-by-function",
        "general-budget-by-economic",
        "three-public-expenses",
        "glossary",
        "sections",
        "key-projects",
        "performance-tasks",
        "performance-indicators",
    ):
        assert required in names, required
    assert set(DERIVED) <= names  # computed from the tables (findings): in every package
    for r in desc["resources"]:
        assert r["encoding"] == "utf-8"  # the IANA name; the files begin with a byte-order mark
        if r["name"] not in DERIVED:
            assert r["x-source-start"]["line"] >= 1
        assert r["description"]
        for f in r["schema"]["fields"]:
            assert f["title"] and f["x-title-zh"] and f["description"], f
        amounts = [f for f in r["schema"]["fields"] if f["type"] == "number"]
        assert all(f.get("x-unit", "").startswith("万元") for f in amounts)


def test_amounts_are_plain_numbers_as_printed(data_dir: Path) -> None:
    rows = read_csv(data_dir / "2024-luohu-smart-city-center" / "income-summary.csv")
    assert rows[0]["total"] == "5574.9"  # printed "5,574.9": no separator, no padding
    exp = read_csv(data_dir / "2024-luohu-smart-city-center" / "expenditure-summary.csv")
    assert exp[0]["total"] == "5574.90"  # printed "5,574.90"


def test_combined_package_has_budgets_and_budget_field(data_dir: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(data_dir / "all.zip") as zf:
        zf.extractall(tmp_path)
    budgets = read_csv(tmp_path / "budgets.csv")
    assert [b["id"] for b in budgets] == IDS
    big = next(b for b in budgets if b["id"] == "2024-shenzhen-big-data-center")
    assert big["district"] == "市本级" and big["total_income"] == "68098.25" == big["total_expenditure"]
    rows = read_csv(tmp_path / "income-expenditure-summary.csv")
    assert list(rows[0])[:2] == ["budget", "line"]
    assert {r["budget"] for r in rows} == set(IDS)


def test_zip_holds_the_package_at_its_root(data_dir: Path) -> None:
    with zipfile.ZipFile(data_dir / "2024-shenzhen-big-data-center.zip") as zf:
        names = set(zf.namelist())
    folder = data_dir / "2024-shenzhen-big-data-center"
    assert names == {p.name for p in folder.iterdir()}
    with zipfile.ZipFile(data_dir / "all.zip") as zf:
        names = set(zf.namelist())
        resources = {f"{r['name']}.csv" for r in json.loads(zf.read("datapackage.json"))["resources"]}
    assert names == {"datapackage.json", *resources} and "budgets.csv" in resources


def test_pandas_style_reading_keeps_chinese(data_dir: Path) -> None:
    text = (data_dir / "2024-shenzhen-big-data-center" / "glossary.csv").read_text(encoding="utf-8-sig")
    assert "财政拨款收入" in text


def test_absent_tables_are_absent(data_dir: Path) -> None:
    d = data_dir / "2024-shenzhen-big-data-center"
    assert not (d / "procurement.csv").exists() and not (d / "special-transfer-expenditure.csv").exists()
    assert (data_dir / "2024-luohu-internet-information-center" / "procurement.csv").exists()  # printed, blank


def test_csv_columns_follow_the_catalog(data_dir: Path) -> None:
    """The catalog's fields in its order, each English column right after its field, the
    hierarchy's after `level`."""
    rows = read_csv(data_dir / "2024-futian-public-opinion-smart-city-center" / "expenditure-summary.csv")
    assert list(rows[0])[:10] == [
        *("line", "unit", "unit_en", "code", "name", "name_en", "level"),
        *("parent_line", "parent_code", "is_leaf"),
    ]
    for resource in ("expenditure-summary", "three-public-expenses", "performance-indicators"):
        rows = read_csv(data_dir / "2024-futian-public-opinion-smart-city-center" / f"{resource}.csv")
        catalog = [f.name for f in BY_RESOURCE[resource].fields]
        assert [n for n in rows[0] if n in catalog] == catalog


# ---------------------------------------------------------------------------- bad input


def make_content(tmp_path: Path, files: dict[str, bytes]) -> Path:
    content = tmp_path / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    shutil.copy(CONTENT / "budgets" / "2024" / "shenzhen-big-data-center.txt", year / "good.txt")
    for name, data in files.items():
        (year / name).write_bytes(data)
    return content


GOOD = (CONTENT / "budgets" / "2024" / "luohu-smart-city-center.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name,data,expected",
    [
        ("empty.txt", b"", "the file is empty"),
        ("binary.txt", b"\x00\x01\x02PK\x03\x04", "binary file"),
        ("minutes.txt", "会议纪要\n今天讨论了工作安排。\n".encode(), "no budget tables found"),
        ("cut.txt", "\n".join(GOOD.split("\n")[:1300]).encode(), "cut off"),
        (
            "badrow.txt",
            GOOD.replace("2101102 事业单位医疗 24.86 24.86 0 0 0 0 0 0 0", "2101102 事业单位医疗 24.86 24.86").encode(),
            "expected 9 amounts",
        ),
    ],
)
def test_build_reports_bad_budget_and_goes_on(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    content = make_content(tmp_path, {name: data})
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--content", str(content), "--site", str(site)])
    assert result.exit_code == 1
    # One error, on stderr, naming the file; the summary on stdout.  (What the reader says is
    # the reader's: tests/test_parse_quirks.py and test_pdf*.py pin its words.)
    path = content / "budgets" / "2024" / name
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {path}: ") and expected in errors[0], errors
    assert (site / "data" / "2024-good" / "datapackage.json").exists()
    if name == "badrow.txt":  # one table cannot be read: the rest of the budget is published
        assert result.stdout.splitlines()[-2:] == [
            f"built 2 budget(s) into {site}/; 1 table(s) not read",
            f"  not read: {errors[0][7:]}",
        ]
        assert errors[0].startswith(f"error: {path}: 表三：支出总表 (expenditure-summary): line ")
        package = json.loads((site / "data" / "2024-badrow" / "datapackage.json").read_text(encoding="utf-8"))
        names = [r["name"] for r in package["resources"]]
        assert "expenditure-summary" not in names and "income-summary" in names
    else:
        assert result.stdout.splitlines()[-2:] == [
            f"built 1 budget(s) into {site}/; 1 failed",
            f"  failed: {errors[0][7:]}",
        ]
        assert not (site / "data" / f"2024-{Path(name).stem}").exists()


def test_bad_row_error_names_file_table_and_line(tmp_path: Path) -> None:
    src = tmp_path / "badrow.txt"
    src.write_text(
        GOOD.replace("2101102 事业单位医疗 24.86 24.86 0 0 0 0 0 0 0", "2101102 事业单位医疗 24.86 24.86"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"error: {src}: 表三：支出总表 (expenditure-summary): line " in result.output
    assert "expected 9 amounts" in result.output
    # the other tables are written; the one that failed is not
    assert (tmp_path / "out" / "income-summary.csv").exists()
    assert not (tmp_path / "out" / "expenditure-summary.csv").exists()


def test_extract_writes_one_package(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    result = CliRunner().invoke(
        main, ["extract", str(CONTENT / "budgets/2024/shenzhen-big-data-center.txt"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    desc = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["name"] == "2024-shenzhen-big-data-center"
    assert (out / "sections.csv").exists()


def test_failed_build_keeps_the_previous_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = make_content(tmp_path, {})
    site = tmp_path / "site"
    assert CliRunner().invoke(main, ["build", "--content", str(content), "--site", str(site)]).exit_code == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))

    import generator.build.pipeline as build_mod

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_mod, "write_combined", boom)
    with pytest.raises(RuntimeError):
        build_mod.build(content, site, log=lambda *a, **k: None)
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_validation_catches_a_broken_package(data_dir: Path, tmp_path: Path) -> None:
    from frictionless import Package

    broken = tmp_path / "broken"
    shutil.copytree(data_dir / "2024-shenzhen-big-data-center", broken)
    path = broken / "income-summary.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("68098.25", "68,098.25 万元", 1), encoding="utf-8-sig")
    assert not Package(str(broken / "datapackage.json")).validate().valid
