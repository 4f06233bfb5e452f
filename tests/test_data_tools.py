"""The packages as data users' tools open them: frictionless on every zip, R's and pandas'
reading of the CSVs (R's by running it), the hierarchy a sum needs, the English beside the Chinese, the Data
Package v2 metadata, and the Fiscal Data Package model against that specification's profile."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import jsonschema
import pytest

from generator.catalog import BY_RESOURCE
from generator.checks import run_checks
from generator.checks.within import HIERARCHICAL
from generator.package.tables import any_field_size
from generator.read.documents import discover
from generator.read.extract import read_budget

ROOT = Path(__file__).resolve().parent.parent
IDS = [d.id for d in discover(ROOT / "content")]


@pytest.fixture(scope="module")
def data_dir(built_site: Path) -> Path:
    return built_site / "data"


@pytest.fixture(scope="module")
def packages(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each package's files by package: a budget's folder in the site; ``all``'s files as a
    data user has them after unzipping ``all.zip`` (the site publishes them only zipped)."""
    unzipped = tmp_path_factory.mktemp("all")
    with zipfile.ZipFile(data_dir / "all.zip") as zf:
        zf.extractall(unzipped)
    return {**{i: data_dir / i for i in IDS}, "all": unzipped}


def descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def rows_of(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))


@pytest.mark.parametrize("package", [*IDS, "all"])
def test_every_zip_opens_and_validates_as_a_data_package(
    data_dir: Path, packages: dict[str, Path], package: str
) -> None:
    """`frictionless.Package("x.zip")`: the descriptor at the zip's root, every resource in it
    checked (rows, types, keys, bytes and hash), not one file said VALID."""
    from frictionless import Package

    zipped = data_dir / f"{package}.zip"
    with zipfile.ZipFile(zipped) as zf:
        inside = json.loads(zf.read("datapackage.json"))
    report = Package(str(zipped)).validate()
    errors = [f"{t.name}: {e.message}" for t in report.tasks for e in t.errors] + [e.message for e in report.errors]
    assert report.valid, errors[:5]
    assert sorted(t.name for t in report.tasks) == sorted(r["name"] for r in inside["resources"])
    assert inside == descriptor(packages[package])


def test_all_zip_opens_over_http_and_reads_every_resource(server: str, packages: dict[str, Path]) -> None:
    """The corpus's one package is its zip (contract 3.0.0): `frictionless.Package(<url of
    all.zip>)` fetches it over HTTP, as a data user opens it from the site, and reads every
    resource, row for row what the zip's CSVs hold, and validates."""
    from frictionless import Package

    url = f"{server}data/all.zip"
    package = Package(url)
    resources = descriptor(packages["all"])["resources"]
    assert [r.name for r in package.resources] == [r["name"] for r in resources]
    for r in package.resources:
        with any_field_size():
            assert len(r.read_rows()) == len(rows_of(packages["all"] / r.path)), r.name
    report = Package(url).validate()
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]


R_ROUND_TRIP = """
jobs <- read.delim(commandArgs(trailingOnly = TRUE)[1], header = FALSE, colClasses = "character",
                   quote = "", encoding = "UTF-8")
for (i in seq_len(nrow(jobs))) {
  d <- read.csv(jobs[i, 1], fileEncoding = jobs[i, 2], colClasses = "character",
                check.names = FALSE, na.strings = character(0))
  write.csv(d, jobs[i, 3], row.names = FALSE, fileEncoding = "UTF-8", na = "")
}
"""


def test_r_reads_every_csv_with_its_declared_encoding(packages: dict[str, Path], tmp_path: Path) -> None:
    """Base R's `read.csv(path, fileEncoding = <the descriptor's encoding>)` on every CSV of every
    package: what it reads, written back out by R, is cell for cell what the file holds (the
    byte-order mark not in the first column's name, codes and amounts as printed, line breaks
    inside cells kept).  Rscript comes from Debian's r-base-core (.ci/run installs it)."""
    rscript = shutil.which("Rscript")
    assert rscript, "Rscript is needed for this test: apt-get install r-base-core"
    jobs = []
    for package in [*IDS, "all"]:
        for r in descriptor(packages[package])["resources"]:
            assert r["encoding"] == "utf-8"  # the IANA name, not Python's utf-8-sig
            source = packages[package] / r["path"]
            jobs.append((source, r["encoding"], tmp_path / f"{package}~{Path(r['path']).name}"))
    assert len(jobs) > 50
    listing = tmp_path / "jobs.tsv"
    listing.write_text("".join(f"{a}\t{e}\t{b}\n" for a, e, b in jobs), encoding="utf-8")
    script = tmp_path / "round-trip.R"
    script.write_text(R_ROUND_TRIP, encoding="utf-8")
    done = subprocess.run([rscript, "--vanilla", str(script), str(listing)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    for source, _, back in jobs:
        with open(source, encoding="utf-8-sig", newline="") as f:
            printed = list(csv.reader(f))
        with open(back, encoding="utf-8", newline="") as f:
            read_by_r = list(csv.reader(f))
        assert read_by_r == printed, source


def test_every_csv_is_utf8_with_one_bom(data_dir: Path, packages: dict[str, Path]) -> None:
    """Every CSV (the site's and all.zip's) is UTF-8 after one byte-order mark (Excel needs it to
    see UTF-8)."""
    csvs = sorted([*data_dir.rglob("*.csv"), *packages["all"].glob("*.csv")])
    assert len(csvs) > 50
    for path in csvs:
        raw = path.read_bytes()
        assert raw.startswith(codecs.BOM_UTF8), path
        text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")  # strict: raises on any invalid byte
        assert "\ufeff" not in text, path


@pytest.mark.parametrize("package", [*IDS, "all"])
def test_every_field_and_resource_is_described_and_value_sets_declared(packages: dict[str, Path], package: str) -> None:
    d = descriptor(packages[package])
    for r in d["resources"]:
        assert r["description"], r["name"]
        for f in r["schema"]["fields"]:
            assert f.get("description"), (r["name"], f["name"])
            if f["name"] in ("side", "fund", "year", "severity") and r["name"] != "budgets":
                assert f["constraints"]["enum"] and f["categories"], (r["name"], f["name"])
    fields = {r["name"]: r for r in d["resources"]}["income-expenditure-summary"]["schema"]["fields"]
    (side,) = [f for f in fields if f["name"] == "side"]
    assert side["constraints"]["enum"] == ["income", "expenditure"]


def test_the_three_public_expenses_years_follow_the_budgets_year(data_dir: Path) -> None:
    d = descriptor(data_dir / "2024-luohu-smart-city-center")
    (r,) = [r for r in d["resources"] if r["name"] == "three-public-expenses"]
    (year,) = [f for f in r["schema"]["fields"] if f["name"] == "year"]
    assert year["constraints"]["enum"] == ["2023", "2024", "change"]


@pytest.mark.parametrize("budget_id", IDS)
def test_the_detail_rows_add_up_to_the_total(data_dir: Path, budget_id: str) -> None:
    """Summing every row of a table counts subtotals again (general-budget-by-function of
    luohu-smart-city-center sums to four times its total); summing the rows flagged `is_leaf`
    gives the table's total, wherever the checks find the printed table adding up."""
    year, slug = budget_id.split("-", 1)
    budget = read_budget(ROOT / "content" / "budgets" / year / f"{slug}.txt")
    wrong = {f.table for f in run_checks(budget) if f.check == "children-sum" and f.severity == "error"}
    checked = 0
    for resource in HIERARCHICAL:
        path = data_dir / budget_id / f"{resource}.csv"
        if resource in wrong or not path.exists():
            continue
        rows = rows_of(path)
        if not rows:
            continue
        by_line = {r["line"]: r for r in rows}
        top = [r for r in rows if not r["parent_line"]]
        for r in rows:
            if r["parent_line"]:
                parent = by_line[r["parent_line"]]
                assert parent["is_leaf"] == "false" and int(parent["line"]) < int(r["line"])
                if "parent_code" in r:
                    assert r["parent_code"] == parent["code"]
        for field in BY_RESOURCE[resource].amounts:
            total = sum(Decimal(r[field.name] or 0) for r in top)
            leaves = sum(Decimal(r[field.name] or 0) for r in rows if r["is_leaf"] == "true")
            assert abs(leaves - total) <= Decimal("0.01") * len(rows), (resource, field.name, leaves, total)
        checked += 1
    assert checked >= 5


def test_summing_every_row_is_what_the_flag_prevents(data_dir: Path) -> None:
    rows = rows_of(data_dir / "2024-luohu-smart-city-center" / "general-budget-by-function.csv")
    everything = sum(Decimal(r["total"]) for r in rows)
    leaves = sum(Decimal(r["total"]) for r in rows if r["is_leaf"] == "true")
    assert (everything, leaves) == (Decimal("22099.60"), Decimal("5524.90"))
    assert rows[0]["total"] == "5524.9" and rows[0]["parent_line"] == "" and rows[0]["is_leaf"] == "false"


def test_english_columns_come_from_the_dictionary(data_dir: Path, packages: dict[str, Path]) -> None:
    """Each label's English is the site's (content/i18n/terms.en.yml, by code where the row has
    one); a label the dictionary lacks is left empty, never guessed."""
    rows = rows_of(data_dir / "2024-luohu-smart-city-center" / "general-budget-by-function.csv")
    by_code = {r["code"]: r for r in rows}
    assert by_code["2050201"]["name"] == "学前教育" and by_code["2050201"]["name_en"] == "Preschool education"
    assert rows[0]["unit_en"] == "Smart City Construction Center of Luohu District, Shenzhen"
    summary = rows_of(packages["all"] / "income-expenditure-summary.csv")
    assert all(r["item_en"] for r in summary)  # the seeds' dictionary is complete
    numbered = [r for r in summary if r["item"].startswith("一、")]
    assert numbered and all(r["item_en"].startswith("I. ") for r in numbered)


def test_english_left_empty_where_the_dictionary_has_none(tmp_path: Path) -> None:
    from generator.catalog import RESOURCES
    from generator.package import package_files
    from generator.package.publication import publication

    corpus = ROOT / "tests" / "golden-site" / "content"
    budget = read_budget(corpus / "budgets" / "2024" / "a-test-center.txt")
    files = package_files(budget, pub=publication(corpus))
    projects = list(csv.DictReader(io.StringIO(files["project-expenditure.csv"].decode("utf-8-sig"))))
    named = [(r["project"], r["project_en"]) for r in projects]
    assert named[0] == ("深圳市甲测试中心", 'Test Centre "A" <Alpha> & Co')  # its .yml's English name
    assert named[1:] == [("项目甲", ""), ("项目乙", "")]  # not in its dictionary
    untranslated = package_files(budget)  # no dictionary at all: every English cell empty
    for resource in RESOURCES:
        name = f"{resource}.csv"
        if name in untranslated:
            for row in csv.DictReader(io.StringIO(untranslated[name].decode("utf-8-sig"))):
                assert all(v == "" for k, v in row.items() if k.endswith("_en") and k[:-3] in row), (resource, row)


def test_code_stays_a_string_when_read_by_its_schema(data_dir: Path) -> None:
    """A plain `pd.read_csv` guesses `code` is a number (2050201.0); read with the types the
    schema declares (the data contract's recipe; frictionless and frictionless-r do the same),
    it is the printed text."""
    import pandas as pd
    from frictionless import Resource

    folder = data_dir / "2024-luohu-smart-city-center"
    (r,) = [r for r in descriptor(folder)["resources"] if r["name"] == "general-budget-by-function"]
    path = folder / "general-budget-by-function.csv"
    assert pd.read_csv(path)["code"].dtype == "float64"  # what the issue saw
    types = {"string": "string", "integer": "Int64", "number": "float64", "boolean": "boolean"}
    dtype = {f["name"]: types[f["type"]] for f in r["schema"]["fields"]}
    df = pd.read_csv(path, encoding=r["encoding"], dtype=dtype, true_values=["true"], false_values=["false"])
    assert df.columns[0] == "line" and "2050201" in set(df["code"].dropna())
    assert df[df["is_leaf"]]["total"].sum() == pytest.approx(5524.9)
    from frictionless import Schema

    resource = Resource(path.name, basepath=str(folder), schema=Schema.from_descriptor(r["schema"]), encoding="utf-8")
    assert {row["code"] for row in resource.read_rows()} >= {"205", "20502", "2050201"}


def test_no_project_internal_note_is_published(data_dir: Path, packages: dict[str, Path]) -> None:
    """The .yml's source_note (how the maintainer obtained a file: "project seed …") is not
    public; the descriptors say where the document is and its hash."""
    for path in [*data_dir.rglob("*.json"), packages["all"] / "datapackage.json"]:
        text = path.read_text(encoding="utf-8")
        assert "x-note" not in text and "project seed" not in text and "seed 0" not in text, path


@pytest.mark.parametrize("package", [*IDS, "all"])
def test_data_package_v2_metadata(packages: dict[str, Path], package: str) -> None:
    d = descriptor(packages[package])
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert d["version"] == "4.1.0" and d["created"].endswith("Z") and d["keywords"] and d["contributors"]
    assert all(c["title"] and c["roles"] for c in d["contributors"])
    assert d["sources"] and all(s["title"] for s in d["sources"])
    for r in d["resources"]:
        data = (packages[package] / r["path"]).read_bytes()
        assert r["bytes"] == len(data) and r["type"] == "table"
        # Contract 4.0.0: all.zip's resources made of every budget's rows say their size, not their
        # hash (a hash of the whole would be computed over every budget's rows on each change);
        # the zip's own CRC-32 of each member still checks it.  Its list of budgets, made whole, has one.
        if package == "all" and r["name"] != "budgets":
            assert "hash" not in r
        else:
            assert r["hash"] == f"sha256:{hashlib.sha256(data).hexdigest()}"


# ---------------------------------------------------------------------------- Fiscal Data Package


def fiscal_profile() -> dict:
    """The Fiscal Data Package profile (JSON Schema, draft 4; 0.3, with the Tabular Data Package
    it extends), as published with the specification and shipped in the `datapackage` library
    (installed by `make test` without its code's dependencies, for this file)."""
    path = metadata.distribution("datapackage").locate_file("datapackage/profiles/fiscal-data-package.json")
    return json.loads(Path(str(path)).read_text(encoding="utf-8"))


@pytest.mark.parametrize("package", [*IDS, "all"])
def test_the_fiscal_model_validates_against_the_fiscal_data_package_profile(
    packages: dict[str, Path], package: str
) -> None:
    d = descriptor(packages[package])
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in jsonschema.Draft4Validator(fiscal_profile()).iter_errors(d)
    ]
    assert not errors, errors[:5]
    # What the specification requires that its profile does not check: at least one measure,
    # sources that are columns of the resources named, each classification with a `code`
    # attribute, `labelfor` naming an attribute of its own dimension, primary keys that are.
    fields = {r["name"]: {f["name"]: f for f in r["schema"]["fields"]} for r in d["resources"]}
    model = d["model"]
    assert model["measures"] and model["dimensions"]
    for m in model["measures"].values():
        assert fields[m["resource"]][m["source"]]["type"] == "number"
        assert (m["currency"], m["factor"], m["phase"]) == ("CNY", 10000, "approved")
    for dim in model["dimensions"].values():
        attrs = dim["attributes"]
        assert all(a["source"] in fields[a["resource"]] for a in attrs.values())
        assert all(a["labelfor"] in attrs for a in attrs.values() if "labelfor" in a)
        assert dim["primaryKey"] in attrs
        if dim["dimensionType"] == "classification":
            assert "code" in attrs and dim["classificationType"] in ("functional", "economic")
    assert d["countryCode"] == "CN" and d["fiscalPeriod"] == {"start": "2024-01-01", "end": "2024-12-31"}


def test_the_fiscal_model_maps_the_classifications(data_dir: Path) -> None:
    model = descriptor(data_dir / "2024-luohu-smart-city-center")["model"]
    function = model["dimensions"]["general_budget_by_function__functional"]
    assert function["attributes"]["name_en"] == {
        "source": "name_en",
        "resource": "general-budget-by-function",
        "labelfor": "code",
    }
    assert model["dimensions"]["general_budget_by_economic__economic"]["classificationType"] == "economic"
    assert model["measures"]["income_summary__total"]["direction"] == "revenue"
    assert model["measures"]["general_budget_by_function__total"]["direction"] == "expenditure"


# ---------------------------------------------------------------------------- workbook, database


@pytest.mark.parametrize("budget_id", IDS)
def test_the_workbook_opens_with_openpyxl_one_sheet_a_table(data_dir: Path, budget_id: str) -> None:
    """Chinese and English headers (and the field names) above the CSV's rows, amounts as
    numbers equal to the printed ones, codes as text."""
    import openpyxl

    wb = openpyxl.load_workbook(data_dir / f"{budget_id}.xlsx", read_only=True)
    csvs = {p.stem: p for p in (data_dir / budget_id).glob("*.csv")}
    assert wb.sheetnames[0] == "说明 About" and sorted(wb.sheetnames[1:]) == sorted(csvs)
    for resource, path in csvs.items():
        rows = rows_of(path)
        sheet = list(wb[resource].iter_rows(values_only=True))
        zh, en, names = sheet[:3]
        fields = {f.name: f for f in BY_RESOURCE[resource].fields}
        assert list(names) == list(rows[0] if rows else names) and len(sheet) == 3 + len(rows)
        assert all(zh[i] == fields[n].zh and en[i] == fields[n].en for i, n in enumerate(names) if n in fields)
        for row, cells in zip(rows, sheet[3:], strict=True):
            for name, cell in zip(names, cells, strict=True):
                text = row[name]
                if name in fields and fields[name].type == "number" and text:
                    assert isinstance(cell, int | float) and Decimal(str(cell)) == Decimal(text), (resource, name)
                elif name in ("code", "parent_code"):
                    assert cell == (text or None) and (cell is None or isinstance(cell, str))
    wb.close()


def test_the_database_opens_in_datasette_with_its_metadata(data_dir: Path, packages: dict[str, Path]) -> None:
    """`datasette inspect` reads every table of all.sqlite, as many rows as all.zip's CSVs; its
    foreign keys hold; Datasette serves it with all.metadata.json's titles and descriptions."""
    import asyncio
    import sqlite3
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    db = data_dir / "all.sqlite"
    datasette = Path(sys.executable).parent / "datasette"
    run = subprocess.run(
        [str(datasette), "inspect", db.name, "--inspect-file", "-"], cwd=data_dir, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    tables = json.loads(run.stdout)["all"]["tables"]
    csvs = {p.stem: len(rows_of(p)) for p in packages["all"].glob("*.csv")}
    assert {name: t["count"] for name, t in tables.items()} == csvs
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = con.execute("PRAGMA foreign_key_list('general-budget-by-function')").fetchall()
        assert {(k[2], k[3], k[4]) for k in keys} == {
            ("budgets", "budget", "id"),
            *{("general-budget-by-function", c, c.replace("parent_", "")) for c in ("budget", "parent_line")},
        }
        leaves = con.execute(
            "SELECT sum(total) FROM 'general-budget-by-function' WHERE is_leaf AND budget = '2024-luohu-smart-city-center'"
        ).fetchone()[0]
        assert leaves == pytest.approx(5524.9)
    from datasette.app import Datasette

    meta = json.loads((data_dir / "all.metadata.json").read_text(encoding="utf-8"))
    ds = Datasette([str(db)], metadata=meta)

    async def fetch(path: str) -> tuple[int, str]:
        response = await ds.client.get(path)
        return response.status_code, response.text

    def get(path: str) -> tuple[int, str]:
        # In a thread of its own: the browser tests' driver may hold this thread's event loop.
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, fetch(path)).result()

    status, body = get("/all/general-budget-by-function.json?_shape=array&code=2050201")
    assert status == 200 and json.loads(body)[0]["name_en"] == "Preschool education"
    status, page = get("/all/general-budget-by-function")
    table = meta["databases"]["all"]["tables"]["general-budget-by-function"]
    assert status == 200 and table["title"] in page and "万元 (10,000 CNY)" in table["columns"]["total"]
    assert set(meta["databases"]["all"]["tables"]) == set(csvs)


def test_the_database_holds_every_cell_of_the_corpus_exactly(data_dir: Path) -> None:
    """Every row of every table of all.sqlite is the row of all.zip's CSV: text as text, each
    amount the number printed (its REAL, written out, is the CSV's decimal), booleans 0/1,
    empty cells NULL; and the database is packed (16 KiB pages, nothing free)."""
    import sqlite3

    from generator.package.descriptor import schema_of

    with zipfile.ZipFile(data_dir / "all.zip") as zf, sqlite3.connect(data_dir / "all.sqlite") as con:
        assert con.execute("PRAGMA page_size").fetchone()[0] == 16384
        assert con.execute("PRAGMA freelist_count").fetchone()[0] == 0
        names = [n.removesuffix(".csv") for n in zf.namelist() if n.endswith(".csv")]
        assert names and {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} == set(
            names
        )
        for name in names:
            fields = schema_of(name, combined=name != "budgets")["fields"]
            with any_field_size():
                rows = list(csv.reader(io.StringIO(zf.read(f"{name}.csv").decode("utf-8-sig"))))[1:]
            key = "id" if name == "budgets" else "budget, line"
            stored = con.execute(f'SELECT * FROM "{name}" ORDER BY {key}').fetchall()
            assert len(stored) == len(rows), name
            order = (lambda r: r[0]) if name == "budgets" else (lambda r: (r[0], int(r[1])))
            for row, got in zip(sorted(rows, key=order), stored, strict=True):
                for f, text, value in zip(fields, row, got, strict=True):
                    if text == "":
                        assert value is None, (name, f["name"], row[:2])
                    elif f["type"] == "number":
                        assert Decimal(repr(value)) == Decimal(text), (name, f["name"], row[:2], text, value)
                    elif f["type"] == "boolean":
                        assert value == (text == "true"), (name, f["name"])
                    elif f["type"] == "integer":
                        assert value == int(text), (name, f["name"])
                    else:
                        assert value == text, (name, f["name"], row[:2])
