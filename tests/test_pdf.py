"""The PDF route end to end: each seed budget printed as a PDF (``pdf_fixtures``) reads back
into the same package as its text extraction, CSV for CSV; unreadable PDFs are reported.

The PDFs are rendered once per session from what the text route reads, into a temporary
folder laid out like ``content/`` (each ``<slug>.pdf`` beside a copy of its ``<slug>.yml``).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pdf_fixtures import STYLES, render_budget
from reportlab.lib import pdfencrypt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from generator.build import load_budgets
from generator.catalog import ABOUT_THE_READING
from generator.cli import main
from generator.model import Budget, BudgetError, Line, Source
from generator.package import package_files
from generator.read.documents import metadata_for
from generator.read.extract import read_budget
from generator.read.parse import parse_document
from generator.read.pdf import read_pdf_lines
from generator.read.regions import is_table_title

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "budgets" / "2024"
SLUGS = [p.stem for p in sorted(SEEDS.glob("*.txt")) if p.stem in STYLES]  # the seeds, each in its style


@pytest.fixture(scope="session")
def pdf_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A content/ folder holding the five seed budgets as PDFs."""
    content = tmp_path_factory.mktemp("pdf-content")
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    for slug in SLUGS:
        budget = read_budget(SEEDS / f"{slug}.txt")
        (year / f"{slug}.pdf").write_bytes(render_budget(budget, STYLES[slug]))
        shutil.copy(SEEDS / f"{slug}.yml", year / f"{slug}.yml")
    return content


@pytest.fixture(scope="session")
def routes(pdf_content: Path) -> dict[str, tuple[Budget, Budget]]:
    """slug → (the budget read from its text, the budget read from its PDF)."""
    year = pdf_content / "budgets" / "2024"
    return {slug: (read_budget(SEEDS / f"{slug}.txt"), read_budget(year / f"{slug}.pdf")) for slug in SLUGS}


def _without_source(descriptor: bytes) -> tuple[dict, list[dict]]:
    """The package descriptor less what differs by nature between the routes (the source
    file's name, hash and kind, and where each table starts), and those starts."""
    d = json.loads(descriptor)
    src = d["sources"][0]
    for key in ("title", "x-sha256", "x-kind"):
        src.pop(key)
    src.pop("path", None)  # where the copy is published: only with the site's address
    starts = [r.pop("x-source-start") for r in d["resources"] if "x-source-start" in r]  # derived ones have none
    for r in d["resources"]:
        if r["name"] in ABOUT_THE_READING:  # its file differs in how the source told it
            r.pop("bytes"), r.pop("hash")
    return d, starts


def _as_printed(name: str, data: bytes) -> str:
    """A CSV without the columns that say how the source told it (``ABOUT_THE_READING``: a
    text extraction does not tell some paragraph ends that a PDF does)."""
    text = data.decode("utf-8-sig")
    reading = ABOUT_THE_READING.get(name.removesuffix(".csv"), ())
    if not reading:
        return text
    rows = list(csv.reader(io.StringIO(text)))
    keep = [i for i, h in enumerate(rows[0]) if h not in reading]
    return "\n".join(",".join(row[i] for i in keep) for row in rows)


def _first_difference(a: str, b: str) -> str:
    diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "text route", "pdf route", lineterm="", n=0)
    return "\n".join(list(diff)[:12])


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_gives_the_package_of_the_text(routes: dict[str, tuple[Budget, Budget]], slug: str) -> None:
    text, pdf = routes[slug]
    a, b = package_files(text), package_files(pdf)
    assert sorted(a) == sorted(b)
    for name in sorted(a):
        if name.endswith(".csv"):
            x, y = _as_printed(name, a[name]), _as_printed(name, b[name])
            assert x == y, f"{name}:\n" + _first_difference(x, y)
    assert all(r["paragraphs_certain"] == "true" and not r["omitted_table"] for r in pdf.rows("sections"))
    desc_a, _ = _without_source(a["datapackage.json"])
    desc_b, starts = _without_source(b["datapackage.json"])
    assert desc_a == desc_b
    assert starts and all(list(s) == ["page"] for s in starts), starts


@pytest.mark.parametrize("slug", SLUGS)
def test_pdf_package_records_pages(routes: dict[str, tuple[Budget, Budget]], slug: str) -> None:
    _, pdf = routes[slug]
    assert pdf.source.kind == "pdf" and pdf.source.file == f"{slug}.pdf" and len(pdf.source.sha256) == 64
    pages = pdf.source.pages
    assert pages is not None and pages > 20
    desc = json.loads(package_files(pdf)["datapackage.json"])
    start = {r["name"]: r["x-source-start"]["page"] for r in desc["resources"] if "x-source-start" in r}
    assert all(1 <= p <= pages for p in start.values())
    # the text parts come first (after the cover and contents), then the tables in order
    assert 3 <= start["sections"] < start["key-projects"] < start["glossary"] < start["income-expenditure-summary"]
    assert start["income-expenditure-summary"] < start["income-summary"] < start["expenditure-summary"]
    assert start["performance-tasks"] == start["performance-indicators"] == max(start.values())


def test_blank_cells_in_a_pdf_are_missing_values(tmp_path: Path) -> None:
    budget = read_budget(SEEDS / "luohu-smart-city-center.txt")
    blanks = {"expenditure-summary": ("basic", "procurement_sme"), "general-budget-by-economic": ("project",)}
    for resource, fields in blanks.items():
        for row in budget.tables[resource].rows[1:4]:
            for f in fields:
                row[f] = None
    path = tmp_path / "luohu-smart-city-center.pdf"
    path.write_bytes(render_budget(budget, STYLES["luohu-smart-city-center"]))
    got = package_files(read_budget(path))
    for resource in blanks:
        assert got[f"{resource}.csv"] == package_files(budget)[f"{resource}.csv"], resource
    assert b",," in got["expenditure-summary.csv"]


def test_extract_command_reads_a_pdf(pdf_content: Path, tmp_path: Path) -> None:
    slug = "luohu-smart-city-center"
    runner = CliRunner()
    out_pdf, out_txt = tmp_path / "from-pdf", tmp_path / "from-text"
    result = runner.invoke(
        main, ["extract", str(pdf_content / "budgets" / "2024" / f"{slug}.pdf"), "--out", str(out_pdf)]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["extract", str(SEEDS / f"{slug}.txt"), "--out", str(out_txt)]).exit_code == 0
    csvs = sorted(p.name for p in out_txt.glob("*.csv"))
    assert csvs == sorted(p.name for p in out_pdf.glob("*.csv")) and len(csvs) >= 14
    for name in csvs:
        if name != "sections.csv":
            assert (out_pdf / name).read_bytes() == (out_txt / name).read_bytes(), name
    # The same paragraphs; the PDF says where they end, the text may not (contract 3.1.0): where
    # the text's reader was not certain, it says so, and the PDF's is certain everywhere.
    pdf_parts, txt_parts = (_sections(out / "sections.csv") for out in (out_pdf, out_txt))
    assert [r["text"] for r in pdf_parts] == [r["text"] for r in txt_parts]
    assert all(r["paragraphs_certain"] == "true" and not r["uncertain_breaks"] for r in pdf_parts)
    assert any(r["paragraphs_certain"] == "false" and r["uncertain_breaks"] for r in txt_parts)
    desc = json.loads((out_pdf / "datapackage.json").read_text(encoding="utf-8"))
    assert desc["sources"][0]["x-kind"] == "pdf" and desc["sources"][0]["title"] == f"{slug}.pdf"


def _sections(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def test_pdf_lines_are_paragraphs_and_table_rows(pdf_content: Path) -> None:
    data = (pdf_content / "budgets" / "2024" / "shenzhen-big-data-center.pdf").read_bytes()
    lines, pages = read_pdf_lines(data, "x.pdf")
    assert pages == max(ln.page or 0 for ln in lines)
    text = [ln for ln in lines if ln.paragraph]
    rows = [ln for ln in lines if "\t" in ln.text]
    assert text and rows and not any(ln.paragraph for ln in rows)
    assert [ln.page for ln in lines] == sorted(ln.page or 0 for ln in lines)
    assert not any(ln.text.strip("-—– ").isdigit() for ln in text), "page numbers are left out"


def _marked(lines: list[Line], start: int, end: int, why: str) -> list[Line]:
    """``lines`` with ``lines[start:end]`` replaced by the reader's word that a table is there
    and cannot be read (``Line.unreadable``)."""
    return [*lines[:start], Line(why, lines[start].line, lines[start].page, unreadable=True), *lines[end:]]


def test_a_table_the_reader_cannot_read_costs_that_table_only(pdf_content: Path) -> None:
    # The PDF reader found a table it cannot read (say, one without rules whose rows its words'
    # positions do not settle) and says so in its place: the parser reports that table, with
    # the reader's reason and page, and reads every other.
    path = pdf_content / "budgets" / "2024" / "shenzhen-big-data-center.pdf"
    lines, pages = read_pdf_lines(path.read_bytes(), str(path))
    source = Source(path.name, "0" * 64, "pdf", pages)
    whole = parse_document(lines, metadata_for(path), source)
    titles = [i for i, ln in enumerate(lines) if is_table_title(ln)]
    k = next(n for n, i in enumerate(titles) if "按功能分类" in lines[i].text)
    why = "the lines of the table cannot be put together into rows: numbers wrapped in their cells do not join"
    marked = _marked(lines, titles[k] + 1, titles[k + 1], why)
    read = parse_document(marked, metadata_for(path), source)
    assert [(f.resource, f.reason, f.loc) for f in read.failures] == [
        ("general-budget-by-function", why, lines[titles[k] + 1].page)
    ]
    assert set(read.tables) == set(whole.tables) - {"general-budget-by-function"}
    for resource, table in read.tables.items():
        assert table.rows == whole.tables[resource].rows, resource
    # part 7's key-projects table likewise, the rest of part 7's text kept
    head = next(i for i, ln in enumerate(lines) if "\t" in ln.text and "绩效目标" in ln.text)
    end = next(i for i in range(head, len(lines)) if lines[i].text.startswith("备注"))
    read = parse_document(_marked(lines, head, end, why), metadata_for(path), source)
    assert [(f.resource, f.reason) for f in read.failures] == [("key-projects", why)]
    assert "key-projects" not in read.tables and read.tables["sections"].rows[6]["text"].startswith(
        whole.tables["sections"].rows[6]["text"].split("\n")[0]
    )
    assert read.tables["sections"].rows[6]["omitted_table"] == "key-projects"  # and the part says so


# ---------------------------------------------------------------------------- unreadable PDFs


def _pdf(text: str | None = "会议纪要：今天讨论了工作安排。", *, encrypt=None, image: bool = False) -> bytes:
    from pdf_fixtures import FONT

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, encrypt=encrypt, invariant=1)
    if image:
        from PIL import Image

        scan = Image.new("L", (400, 200), 255)  # a scanned page: pixels, no text
        c.drawImage(ImageReader(scan), 72, 500, 400, 200)
    if text:
        c.setFont(FONT, 12)
        c.drawString(72, 700, text)
    c.showPage()
    c.save()
    return buf.getvalue()


def _good_pdf(pdf_content: Path) -> bytes:
    return (pdf_content / "budgets" / "2024" / "luohu-internet-information-center.pdf").read_bytes()


BAD = {
    "encrypted.pdf": (lambda good: _pdf(encrypt=pdfencrypt.StandardEncryption("secret")), "encrypted PDF"),
    "truncated.pdf": (lambda good: good[: len(good) * 2 // 3], "truncated PDF"),
    "damaged.pdf": (lambda good: good[:9] + bytes(range(256)) * 40 + b"\n%%EOF\n", "damaged PDF"),
    "scanned.pdf": (lambda good: _pdf(None, image=True), "no text layer"),
    "minutes.pdf": (lambda good: _pdf(), "no budget tables found"),
    "page.pdf": (lambda good: b"<!DOCTYPE html><html><body>404</body></html>", "not a PDF"),
}
ADVICE = {
    "encrypted.pdf": "ask the publisher for an unprotected copy",
    "truncated.pdf": "download the document again",
    "damaged.pdf": "repair it",
    "scanned.pdf": "run OCR first",
    "minutes.pdf": "is this a departmental budget?",
    "page.pdf": "check that the file is the published PDF",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_pdf_says_which_and_what_to_do(pdf_content: Path, tmp_path: Path, name: str) -> None:
    make, what = BAD[name]
    path = tmp_path / name
    path.write_bytes(make(_good_pdf(pdf_content)))
    with pytest.raises(BudgetError) as e:
        read_budget(path)
    msg = str(e.value)
    assert msg.startswith(f"{path}: ") and what in msg and ADVICE[name] in msg, msg


def test_extract_command_reports_an_unreadable_pdf_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_pdf(encrypt=pdfencrypt.StandardEncryption("secret")))
    result = CliRunner().invoke(main, ["extract", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"{path}: encrypted PDF" in result.output and "remove the password" in result.output
    assert not (tmp_path / "out").exists()


def test_pdf_with_a_cell_that_will_not_parse_names_the_page_and_keeps_the_rest(tmp_path: Path) -> None:
    budget = read_budget(SEEDS / "shenzhen-big-data-center.txt")
    budget.tables["income-expenditure-summary"].rows[2]["amount"] = "12,34x"
    path = tmp_path / "shenzhen-big-data-center.pdf"
    path.write_bytes(render_budget(budget))
    read = read_budget(path)
    assert [f.resource for f in read.failures] == ["income-expenditure-summary"]
    failure = read.failures[0]
    assert str(failure).startswith("收支总表 (income-expenditure-summary): page ") and failure.loc_kind == "page"
    assert "not an amount: '12,34x'" in failure.reason
    assert "income-expenditure-summary" not in read.tables and "income-summary" in read.tables


def test_build_reports_unreadable_pdfs_and_goes_on(pdf_content: Path, tmp_path: Path) -> None:
    content = tmp_path / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    good = _good_pdf(pdf_content)
    shutil.copy(pdf_content / "budgets" / "2024" / "luohu-internet-information-center.pdf", year / "good.pdf")
    for name, (make, _what) in BAD.items():
        (year / name).write_bytes(make(good))
    lines: list[str] = []
    result = load_budgets(content, log=lambda *a, **k: lines.append(" ".join(map(str, a))))
    assert [b.id for b in result.budgets] == ["2024-good"]
    assert len(result.failures) == len(BAD)
    for name, (_make, what) in BAD.items():
        assert any(f.startswith(str(year / name)) and what in f for f in result.failures), (name, result.failures)
