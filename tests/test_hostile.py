"""One bad file never takes the site down, leaks a file, or publishes a wrong number (issue 15).

Every bad input and fault here is made at test time, placed beside a good budget, and built as
`make site` builds it.  For each: no exception reaches the caller (the CLI's tests below: no
traceback), the good budget is built, the message names the file and says what is wrong,
nothing from outside content/ is published (a marker file outside content/ is what the links
point at), and once the fault is undone the next build of the same site equals a clean build
byte for byte.  Faults of the build itself (a full disk, a kill at every stage) are in the
second half; the browser's part (no script runs) is in test_browser.py.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_incremental import assert_same_site as same_site

from generator.build import build
from generator.build.cache import ExtractionCache
from generator.build.pipeline import restore
from generator.build.result import BuildError, BuildResult
from generator.cli import main
from generator.output import OutputError

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "budgets" / "2024"
GOOD = "shenzhen-big-data-center"  # the good budget every case is built beside
GOOD_ID = f"2024-{GOOD}"
OTHER = SEEDS / "luohu-smart-city-center.txt"  # the document bad files are made of
TEXT = OTHER.read_text(encoding="utf-8")
META = (SEEDS / "luohu-smart-city-center.yml").read_text(encoding="utf-8")
MARKER = b"SECRET-FROM-OUTSIDE-CONTENT-7f3a"  # in files outside content/: never in a site


def make_content(tmp: Path) -> Path:
    """content/ with the good budget, the dictionary, the catalog and the about pages."""
    content = tmp / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    for suffix in (".txt", ".yml"):
        shutil.copy(SEEDS / f"{GOOD}{suffix}", year / f"{GOOD}{suffix}")
    shutil.copytree(ROOT / "content" / "i18n", content / "i18n")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    return content


def outside(tmp: Path) -> Path:
    """A file outside content/ that nothing may publish."""
    secret = tmp / "outside" / "secret.txt"
    secret.parent.mkdir(exist_ok=True)
    secret.write_bytes(b"department: " + MARKER + b"\n" + MARKER + b"\n")
    return secret


class Log:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    def __call__(self, *args: object, file: object = None, **kw: object) -> None:
        (self.err if file is sys.stderr else self.out).append(" ".join(map(str, args)))


def run(content: Path, site: Path, cache: Path, **kw: object) -> tuple[BuildResult, Log]:
    log = Log()
    with _deadline(60):  # a FIFO read would hang the build: fail instead of waiting forever
        result = build(content, site, log=log, cache=ExtractionCache(cache), jobs=1, search=False, **kw)  # type: ignore[arg-type]
    return result, log


@contextlib.contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expired(*_: object) -> None:
        raise TimeoutError(f"the build did not end in {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def assert_same_site(a: Path, b: Path) -> None:
    """Byte for byte, but all.sqlite: the same rows (test_incremental.assert_same_site)."""
    fa, fb = files_of(a), files_of(b)
    assert sorted(fa) == sorted(fb), sorted(set(fa) ^ set(fb))[:10]
    same_site(a, b)


def assert_nothing_from_outside(site: Path) -> None:
    leaked = [name for name, data in files_of(site).items() if MARKER in data]
    assert not leaked, leaked


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One extraction cache for the module: the good budget is read once."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> Path:
    """A clean build of the good content: what every site must equal once its fault is undone."""
    tmp = tmp_path_factory.mktemp("clean")
    result, _ = run(make_content(tmp), tmp / "site", cache)
    assert result.ok, result.failures
    return tmp / "site"


# ---------------------------------------------------------------------------- bad input

Fault = Callable[[Path, Path], Path]  # (content, tmp) → the file the message must name


def put(name: str, data: bytes | str, meta: str | None = META) -> Fault:
    """A budget document ``name`` in 2024/ (and its .yml, unless ``meta`` is None)."""

    def fault(content: Path, tmp: Path) -> Path:
        path = content / "budgets" / "2024" / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        if meta is not None:
            path.with_suffix(".yml").write_text(meta, encoding="utf-8")
        return path

    return fault


def put_meta(meta: bytes | str) -> Fault:
    """A budget whose .yml is ``meta``."""

    def fault(content: Path, tmp: Path) -> Path:
        put("bad-meta.txt", TEXT, None)(content, tmp)
        yml = content / "budgets" / "2024" / "bad-meta.yml"
        yml.write_bytes(meta.encode() if isinstance(meta, str) else meta)
        return yml

    return fault


def replace_file(rel: str, data: bytes | str) -> Fault:
    """A file of content/ (the dictionary, an about page) replaced by ``data``."""

    def fault(content: Path, tmp: Path) -> Path:
        path = content / rel
        path.unlink()
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    return fault


def link_out(rel: str) -> Fault:
    """A file or folder of content/ made a link to the secret outside it."""

    def fault(content: Path, tmp: Path) -> Path:
        path = content / rel
        secret = outside(tmp)
        _beside(path)
        if path.is_dir():  # the folder: what the build reads in it is named
            shutil.rmtree(path)
            path.symlink_to(secret.parent)
            (secret.parent / "about.en.md").write_bytes(MARKER)
            return path / "about.en.md"
        path.unlink(missing_ok=True)
        path.symlink_to(secret)
        return path

    return fault


def fifo(rel: str) -> Fault:
    def fault(content: Path, tmp: Path) -> Path:
        path = content / rel
        _beside(path)
        path.unlink(missing_ok=True)
        os.mkfifo(path)
        return path

    return fault


def _beside(path: Path) -> None:
    """A budget's other file: its .yml beside a document, its document beside a .yml."""
    if path.suffix == ".txt":
        path.with_suffix(".yml").write_text(META, encoding="utf-8")
    elif path.suffix == ".yml":
        path.with_suffix(".txt").write_text(TEXT, encoding="utf-8")


def with_year(folder: str) -> Fault:
    def fault(content: Path, tmp: Path) -> Path:
        path = content / "budgets" / folder
        path.mkdir()
        (path / "luohu-smart-city-center.txt").write_text(TEXT, encoding="utf-8")
        return path

    return fault


def year_out(content: Path, tmp: Path) -> Path:
    secret = outside(tmp)
    (secret.parent / "leak.txt").write_bytes(MARKER + b"\n" + TEXT.encode())
    (secret.parent / "leak.yml").write_text(META, encoding="utf-8")
    path = content / "budgets" / "2023"
    path.symlink_to(secret.parent)
    return path


def collide(content: Path, tmp: Path) -> Path:
    put("dup.TXT", TEXT, None)(content, tmp)
    return put("dup.txt", TEXT)(content, tmp)  # the error names the last of the two


def cut(fraction: float) -> bytes:
    data = TEXT.encode()
    return data[: int(len(data) * fraction)].decode("utf-8", "ignore").encode()


BOMB = """department: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""
# A malformed PDF (242 bytes in the issue): no MediaBox, an xref pointing nowhere.
BAD_PDF = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R >> endobj
xref
0 4
0000000000 65535 f
trailer << /Root 1 0 R /Size 4 >>
startxref
9999
%%EOF
"""
LINE = "住房公积金 62.91"  # a row of 表一 of the document bad files are made of
assert LINE in TEXT

# (id, the fault, words the error must hold).  An error names the file: each message starts with it.
CASES: list[tuple[str, Fault, str]] = [
    # file names and folders
    ("chinese-name", put("预算.txt", TEXT), "cannot be a budget's id"),
    ("space-in-name", put("a b.txt", TEXT), "cannot be a budget's id"),
    ("dash-first", put("-rf.txt", TEXT), "cannot be a budget's id"),
    ("double-dot", put("a..b.txt", TEXT), "cannot be a budget's id"),
    ("upper-case", put("Luohu-Smart-City-Center.txt", TEXT), "e.g. luohu-smart-city-center.txt"),
    ("two-names-one-id", collide, "two files for the budget 2024-dup"),
    ("name-of-250", put("a" * 250 + ".txt", TEXT, None), "characters long"),
    ("year-folder-24", with_year("24"), "four digits"),
    ("year-folder-fullwidth", with_year("２０２３"), "four digits"),
    ("folder-named-txt", lambda c, t: (p := c / "budgets/2024/x.txt", p.mkdir(), p)[2], "not a regular file"),
    ("fifo-document", fifo("budgets/2024/x.txt"), "not a regular file"),
    ("fifo-metadata", fifo("budgets/2024/x.yml"), "not a regular file"),
    ("document-links-out", link_out("budgets/2024/x.txt"), "leads outside"),
    ("metadata-links-out", link_out("budgets/2024/x.yml"), "leads outside"),
    ("year-folder-links-out", year_out, "leads outside"),
    # metadata
    ("year-of-last-year", put_meta(META.replace("year: 2024", "year: 2023")), "differs from the year of its folder"),
    ("year-true", put_meta(META.replace("year: 2024", "year: true")), "year must be a year of four digits"),
    ("metadata-gbk", put_meta(META.encode("gb18030")), "not UTF-8 text"),
    ("metadata-syntax", put_meta(META + "department: [unclosed\n"), "not valid YAML at line"),
    ("metadata-alias-bomb", put_meta(BOMB), "expands to more than"),
    ("metadata-list", put_meta("- a\n- b\n"), "must be a mapping"),
    ("metadata-nested", put_meta(META.replace("department: ", "department: {a: 1}\nx: ")), "must be text"),
    ("metadata-huge", put_meta(META + "# " + "x" * 70_000 + "\n"), "more than the 65,536"),
    ("metadata-control", put_meta(META + 'source_note: "\\e[31mred"\n'), "source_note holds control characters"),
    ("metadata-raw-control", put_meta(META + "source_note: \x1b[31m\n"), "not valid YAML"),
    ("javascript-url", put_meta(META + 'source_url: "javascript:alert(1)"\n'), "source_url must be an http"),
    ("javascript-url-case", put_meta(META + 'source_url: " JaVaScRiPt:alert(1)"\n'), "source_url must be an http"),
    ("data-url", put_meta(META + 'source_url: "data:text/html,<script>alert(1)</script>"\n'), "must be an http"),
    ("formula-name", put_meta(META.replace("department: ", "department: '=HYPERLINK(\"http://x\")'\nx: ")), "formula"),
    # the document's bytes
    ("nul-bytes", put("nul.txt", TEXT.replace(LINE, "住房公积金 62\x00\x00.91")), "NUL byte(s), the first at line"),
    ("utf-16", put("u16.txt", TEXT.encode("utf-16")), "UTF-16 text: save it as UTF-8"),
    ("utf-16-no-bom", put("u16le.txt", TEXT.encode("utf-16-le")), "UTF-16 text"),
    ("escape-character", put("esc.txt", TEXT.replace(LINE, "住房公积金\x1b 62.91")), "control character U+001B"),
    ("cut-mid-character", put("mid.txt", TEXT.rstrip().encode()[:-1]), "ends in the middle of a character"),
    (
        "damaged-utf8",
        put("damaged.txt", TEXT.encode().replace(LINE.encode(), b"\xff\xfe" + LINE.encode())),
        "not UTF-8",
    ),
    ("million-digits", put("million.txt", TEXT.replace(LINE, "住房公积金 " + "6" * 1_000_001)), "1,000,001 digits"),
    # cut in its last table, the 绩效目标表: what the parser cannot pair up, or else complete.py
    ("cut-at-99-percent", put("cut.txt", cut(0.99)), "(performance-indicators)"),
    ("cut-at-99.2-percent", put("cut.txt", cut(0.992)), "is it cut off?"),
    ("cut-at-99.6-percent", put("cut.txt", cut(0.996)), "is it cut off?"),
    ("cut-at-95-percent", put("cut.txt", cut(0.95)), "is it cut off?"),
    ("formula-in-document", put("formula.txt", TEXT.replace("短信平台无故障率", '=HYPERLINK("http://x")')), "formula"),
    ("malformed-pdf", put("bad.pdf", BAD_PDF), "the PDF cannot be read"),
    ("empty-pdf", put("empty.pdf", b""), "the file is empty"),
    ("random-pdf", put("random.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 4), "truncated PDF"),
    # the files every page reads
    ("terms-gbk", replace_file("i18n/terms.en.yml", "labels:\n  收入: 收入的英文\n".encode("gb18030")), "not UTF-8"),
    ("terms-syntax", replace_file("i18n/terms.en.yml", "labels: [unclosed\n"), "terms.en.yml: not valid YAML at line"),
    ("terms-alias-bomb", replace_file("i18n/terms.en.yml", BOMB.replace("department", "labels")), "expands to more"),
    ("terms-shape", replace_file("i18n/terms.en.yml", "glossary:\n  基本支出: x\n"), "not a dictionary the build"),
    ("terms-moved", replace_file("i18n/terms.en.yml", "functional:\n  '201': x\n"), "no longer read"),
    ("terms-links-out", link_out("i18n/terms.en.yml"), "leads outside"),
    ("catalog-links-out", link_out("i18n/en.po"), "leads outside"),
    ("catalog-fifo", fifo("i18n/en.po"), "not a regular file"),
    ("about-gbk", replace_file("pages/about.en.md", "关于".encode("gb18030")), "not UTF-8"),
    ("about-links-out", link_out("pages/about.en.md"), "leads outside"),
    ("pages-folder-links-out", link_out("pages"), "leads outside"),
]


@pytest.mark.parametrize("fault,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_file_is_reported_and_the_rest_is_built(
    tmp_path: Path, cache: Path, clean: Path, fault: Fault, expected: str
) -> None:
    content = make_content(tmp_path)
    site = tmp_path / "site"
    named = fault(content, tmp_path)
    result, log = run(content, site, cache)
    messages = result.failures + result.unreadable
    assert any(m.startswith(f"{named}: ") and expected in m for m in messages), messages
    assert all(m.startswith(f"{content}/") for m in messages), messages  # each names its file
    assert sorted(f"error: {m}" for m in messages) == sorted(line for line in log.err if line.startswith("error:"))
    assert GOOD_ID in [b.id for b in result.budgets]
    assert (site / "data" / GOOD_ID / "datapackage.json").exists()
    assert_nothing_from_outside(site)
    # Undone, the next build of the same site is the clean build.
    shutil.rmtree(content)
    content = make_content(tmp_path)
    again, _ = run(content, site, cache)
    assert again.ok, again.failures
    assert_same_site(site, clean)


def test_a_symlink_inside_content_is_followed(tmp_path: Path, cache: Path) -> None:
    content = make_content(tmp_path)
    elsewhere = content / "drafts"
    elsewhere.mkdir()
    (elsewhere / "luohu-smart-city-center.txt").write_text(TEXT, encoding="utf-8")
    year = content / "budgets" / "2024"
    (year / "luohu-smart-city-center.txt").symlink_to(elsewhere / "luohu-smart-city-center.txt")
    (year / "luohu-smart-city-center.yml").write_text(META, encoding="utf-8")
    result, _ = run(content, tmp_path / "site", cache)
    assert result.ok and [b.id for b in result.budgets] == ["2024-luohu-smart-city-center", GOOD_ID]


def test_a_text_part_longer_than_csvs_default_field_limit_is_published_whole(tmp_path: Path, cache: Path) -> None:
    content = make_content(tmp_path)
    long = "很长的一段文字。" * 20_000  # 160,000 characters in one paragraph
    text = TEXT.replace("一、部门职责", "一、部门职责\n" + long, 1)
    assert text != TEXT
    put("long.txt", text)(content, tmp_path)
    result, _ = run(content, tmp_path / "site", cache)
    assert result.ok, result.failures
    with zipfile.ZipFile(tmp_path / "site" / "data" / "all.zip") as zf:
        sections = zf.read("sections.csv").decode("utf-8-sig")
    assert long in sections


def test_output_is_readable_by_others(tmp_path: Path, clean: Path) -> None:
    old = os.umask(0o022)
    try:
        site = tmp_path / "site"
        result, _ = run(make_content(tmp_path), site, tmp_path / "cache")
    finally:
        os.umask(old)
    assert result.ok
    assert site.stat().st_mode & 0o777 == 0o755
    assert (site / "index.html").stat().st_mode & 0o777 == 0o644
    assert {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_dir()} == {0o755}
    out = tmp_path / "pkg"
    assert CliRunner().invoke(main, ["extract", str(SEEDS / f"{GOOD}.txt"), "--out", str(out)]).exit_code == 0
    assert out.stat().st_mode & 0o777 == 0o755


# ---------------------------------------------------------------------------- the commands


def test_build_refuses_a_folder_that_is_not_a_site_and_force_replaces_it(tmp_path: Path, cache: Path) -> None:
    content = make_content(tmp_path)
    site = tmp_path / "mine"
    site.mkdir()
    (site / "notes.txt").write_text("my notes", encoding="utf-8")
    args = ["build", "--content", str(content), "--site", str(site), "--cache", str(cache)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert result.stderr.startswith(f"error: {site}: refused as --site: it holds files that are not a site")
    assert "notes.txt" in result.stderr and "--force" in result.stderr and "Traceback" not in result.output
    assert (site / "notes.txt").read_text(encoding="utf-8") == "my notes"
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0
    assert not (site / "notes.txt").exists() and (site / "index.html").exists()
    # A site it built is replaced without --force; a file left in it by hand is not.
    assert CliRunner().invoke(main, args).exit_code == 0
    (site / "data" / "notes.txt").write_text("mine", encoding="utf-8")
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "refused as --site" in refused.stderr
    with pytest.raises(OutputError, match="it holds"):
        build(content, tmp_path, log=lambda *a, **k: None)  # the folder holding content/: never


def test_extract_refuses_a_file_a_foreign_folder_and_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = str(SEEDS / f"{GOOD}.txt")
    a_file = tmp_path / "report.txt"
    a_file.write_text("keep me", encoding="utf-8")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me too", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for out, words in (
        (a_file, "it is not a folder"),
        (folder, "holds files that are not a data package"),
        (Path("."), "the folder you are in"),
    ):
        result = CliRunner().invoke(main, ["extract", src, "--out", str(out)])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert result.stderr.startswith(f"error: {out}: refused as --out") and words in result.stderr, result.stderr
    assert a_file.read_text(encoding="utf-8") == "keep me" and (folder / "notes.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "report.txt"]  # no .report.txt.old
    pkg = tmp_path / "pkg"
    for _ in range(2):  # a package it wrote is replaced
        assert CliRunner().invoke(main, ["extract", src, "--out", str(pkg)]).exit_code == 0
    assert CliRunner().invoke(main, ["extract", src, "--out", str(folder), "--force"]).exit_code == 0
    assert not (folder / "notes.txt").exists() and (folder / "datapackage.json").exists()


def test_the_cli_says_a_bad_input_in_one_line_without_a_traceback(tmp_path: Path, cache: Path) -> None:
    content = make_content(tmp_path)
    replace_file("i18n/terms.en.yml", "labels: [unclosed\n")(content, tmp_path)
    put("bad.pdf", BAD_PDF)(content, tmp_path)
    args = ["build", "--content", str(content), "--site", str(tmp_path / "site"), "--cache", str(cache), "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith(f"error: {content}/budgets/2024/bad.pdf: the PDF cannot be read")
    assert errors[1].startswith(f"error: {content}/i18n/terms.en.yml: not valid YAML at line 2")
    for cmd in (
        ["check", str(content / "budgets/2024/bad.pdf")],
        ["extract", str(tmp_path / "none.txt"), "--out", str(tmp_path / "o")],
    ):
        result = CliRunner().invoke(main, cmd)
        assert result.exit_code in (1, 3) and "Traceback" not in result.output  # 3: check cannot read it
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr


# ---------------------------------------------------------------------------- faults of the build


def changed(content: Path) -> None:
    """A change to the good budget's metadata: its pages, package and search shard are made again."""
    yml = content / "budgets" / "2024" / f"{GOOD}.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("Big Data", "Big-Data"), encoding="utf-8")


def test_a_full_disk_in_the_search_thread_fails_the_build_and_the_next_one_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Simulated (an OSError ENOSPC where the search thread writes the pages it indexes): the
    # build fails, the previous site stays as it was, and nothing is recorded as built.
    import generator.build.search as search

    content, site, cache = make_content(tmp_path), tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=Log(), cache=cache, jobs=1).ok
    before = files_of(site)
    changed(content)

    def full(html: str) -> str:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as m:
        m.setattr(search, "for_search", full)
        with pytest.raises(BuildError, match=r"search index could not be built: OSError: \[Errno 28\] No space left"):
            build(content, site, log=Log(), cache=cache, jobs=1)
    assert files_of(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "content", "site"]
    log = Log()
    assert build(content, site, log=log, cache=cache, jobs=1).ok
    assert not any("up to date" in line for line in log.out)
    build(content, tmp_path / "clean", log=Log(), cache=ExtractionCache(None), jobs=1)
    assert_same_site(site, tmp_path / "clean")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of 8 MB (root only, where mounting is allowed), unmounted after."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root: the full disk is simulated in the test above")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mnt)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"tmpfs not allowed here ({done.stderr.decode().strip()}): simulated in the test above")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_fails_the_build_and_freeing_space_recovers(tmp_path: Path, small_disk: Path) -> None:
    # Real: the site on a small tmpfs, filled so that the old site fits and the new one does not.
    content, site, cache = make_content(tmp_path), small_disk / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=Log(), cache=cache, jobs=1).ok
    before = files_of(site)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 150_000))  # what is left is less than the new pages
    changed(content)
    result = CliRunner().invoke(
        main, ["build", "--content", str(content), "--site", str(site), "--cache", str(tmp_path / "cache"), "-j", "1"]
    )
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "No space left on device" in result.stderr and "the previous site is kept" in result.stderr
    assert files_of(site) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "site"]
    filler.unlink()
    log = Log()
    assert build(content, site, log=log, cache=cache, jobs=1).ok
    assert not any("up to date" in line for line in log.out)
    build(content, tmp_path / "clean", log=Log(), cache=ExtractionCache(None), jobs=1)
    assert_same_site(site, tmp_path / "clean")


# Kills: the build in a process of its own, killed (with what it started) where the hook says.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys
    from contextlib import contextmanager
    from pathlib import Path
    import generator.build.timing as timing
    import generator.output as output
    from generator.build import build
    from generator.build.cache import ExtractionCache

    where = os.environ["KILL_AT"]

    def kill():
        os.killpg(os.getpgrp(), signal.SIGKILL)

    def _killed_on_call(n, fn, kill):  # fn, the build killed as it is called the n-th time
        calls = []

        def wrapped(a, b):
            calls.append(a)
            if len(calls) == n:
                kill()
            fn(a, b)

        return wrapped

    stage = timing.Stages.__call__

    @contextmanager
    def killing(self, name):
        if name == where:
            kill()
        with stage(self, name):
            yield

    timing.Stages.__call__ = killing
    exchange = output._exchange
    if where == "after the exchange":
        output._exchange = lambda a, b: exchange(a, b) and kill()
    if where == "between the two renames":  # where the exchange is not possible
        output._exchange = lambda a, b: False
        output.os.rename = _killed_on_call(2, os.rename, kill)
    if where == "before the state is kept":
        import generator.build.state as state
        state.State.save = lambda *a, **k: kill()
    if where == "in the middle of the update":  # two files put in place, the third's old one moved out
        output._move = _killed_on_call(3, output._move, kill)
    if where.endswith("the database's commit"):
        import generator.package.database as database
        commit = database.Database.commit

        def killed_commit(self):  # the site's all.sqlite, changed in place, committed in the swap
            if where != "before the database's commit":
                commit(self)
            if where == "in the middle of the database's commit":  # its first page (always journaled) torn
                with open(self.journal.with_name("all.sqlite"), "r+b") as f:
                    f.write(b"torn" * 1024)
            kill()

        database.Database.commit = killed_commit
    if where == "after the state is kept":
        import generator.build.pipeline as pipeline
        pipeline.close_journal = lambda path: kill()
    content, site, cache = (Path(a) for a in sys.argv[1:4])
    build(content, site, log=lambda *a, **k: None, cache=ExtractionCache(cache), jobs=1, search=sys.argv[4] == "1")
    print("not killed")
    """
)
KILLS = [
    ("discover", False),
    ("check", False),
    ("extract", False),
    ("prepare", False),
    ("render", False),
    ("combine", True),
    ("shared pages", False),
    ("search", True),
    ("swap", False),
    ("after the exchange", False),
    ("between the two renames", False),
    ("in the middle of the update", True),
    ("before the database's commit", False),
    ("after the database's commit", False),
    ("in the middle of the database's commit", False),
    ("before the state is kept", False),
    ("after the state is kept", False),
]
# A rebuild puts only the files it made in place, one rename each, the old ones kept in a journal
# until its state is kept; killed before that, the site is the old one with some files new: the
# previous site is put back from the journal by the next build, first of all.  all.sqlite is
# changed where it is (committed once the plan is written): its old pages are put back from
# SQLite's rollback journal, kept in the site's.
ROLLED_BACK = {
    "in the middle of the update",
    "before the database's commit",
    "after the database's commit",
    "in the middle of the database's commit",
    "before the state is kept",
}
# A build without a usable previous state (here: its state removed) makes the site whole and
# swaps it in with one atomic exchange (two renames where that is not possible).
WHOLE = {"after the exchange", "between the two renames"}


@pytest.mark.parametrize("where,search", KILLS, ids=[k[0] for k in KILLS])
def test_a_build_killed_anywhere_leaves_the_previous_site_restored_at_the_latest_by_the_next_build(
    tmp_path: Path, where: str, search: bool
) -> None:
    content, site, cache = make_content(tmp_path), tmp_path / "site", tmp_path / "cache"
    for suffix in (".txt", ".yml"):  # a budget that does not change: its files are kept in place
        shutil.copy(OTHER.with_suffix(suffix), content / "budgets" / "2024" / OTHER.with_suffix(suffix).name)
    assert build(content, site, log=Log(), cache=ExtractionCache(cache), jobs=1, search=search).ok
    old = files_of(site)
    changed(content)
    if where in WHOLE:
        shutil.rmtree(cache / "state")
    driver = subprocess.run(
        [sys.executable, "-c", DRIVER, str(content), str(site), str(cache), "1" if search else "0"],
        env={**os.environ, "KILL_AT": where, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        start_new_session=True,
        timeout=600,  # the whole test takes about a minute alone, several times that on a loaded machine
    )
    assert driver.returncode == -signal.SIGKILL, driver.stdout + driver.stderr
    build(content, tmp_path / "clean", log=Log(), cache=ExtractionCache(None), jobs=1, search=search)
    new = files_of(tmp_path / "clean")
    if where == "between the two renames":  # no exchange: the old site waits beside, put back next
        assert not site.exists() and files_of(tmp_path / ".site.old") == old
    elif where in ROLLED_BACK:  # a mix of old and new files until the next build puts the old back
        assert (tmp_path / ".site.journal").is_dir()
        restore(site, ExtractionCache(cache), Log())  # what the next build does first
        assert files_of(site) == old and not (tmp_path / ".site.journal").exists()
    else:
        restore(site, ExtractionCache(cache), Log())
        if where == "after the state is kept":  # its update was whole: kept (all.sqlite changed in place)
            assert_same_site(site, tmp_path / "clean")
        else:
            assert files_of(site) in (old, new)  # whole, old or new
    log = Log()
    assert build(content, site, log=log, cache=ExtractionCache(cache), jobs=1, search=search).ok
    assert_same_site(site, tmp_path / "clean")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "clean", "content", "site"]  # no leftovers
    if where in ("render", "search", "after the exchange", *ROLLED_BACK):
        assert any(line.startswith("removed what an interrupted build left: ") for line in log.out), log.out


def test_two_builds_of_one_site_at_once_the_second_is_refused(tmp_path: Path, cache: Path) -> None:
    from generator.output import locked

    content, site = make_content(tmp_path), tmp_path / "site"
    with locked(site), pytest.raises(OutputError, match="another run is writing it"):
        run(content, site, cache)


def test_extract_of_a_damaged_pdf_says_so_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(BAD_PDF)
    result = CliRunner().invoke(main, ["extract", str(bad), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].startswith(f"error: {bad}: the PDF cannot be read (TypeError")
    assert not (tmp_path / "out").exists()
    assert json.dumps(sorted(p.name for p in tmp_path.iterdir())) == '["bad.pdf"]'
