"""Incremental builds give exactly what a clean build gives, byte for byte, and clean builds
are reproducible (no timestamps, no random order)."""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from generator.build import build
from generator.build.cache import ExtractionCache

ROOT = Path(__file__).resolve().parent.parent
# Seed documents, by name (a budget added to content/ changes nothing here).
SEEDS = [
    ROOT / "content" / "budgets" / "2024" / f"{slug}.txt"
    for slug in (
        "futian-public-opinion-smart-city-center",
        "luohu-government-services-data-bureau",
        "luohu-internet-information-center",
        "luohu-smart-city-center",
    )
]


def make_content(tmp_path: Path, seeds: list[Path]) -> Path:
    content = tmp_path / "content"
    (content / "budgets" / "2024").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "i18n", content / "i18n")
    shutil.copytree(ROOT / "content" / "pages", content / "pages")
    for src in seeds:
        shutil.copy(src, content / "budgets" / "2024" / src.name)
        shutil.copy(src.with_suffix(".yml"), content / "budgets" / "2024" / src.with_suffix(".yml").name)
    return content


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


DATABASE = "data/all.sqlite"


def assert_same_site(a: Path, b: Path, *, exact: bool = False) -> None:
    """Every file of ``a`` is the file of ``b``, byte for byte; but all.sqlite, which a rebuild
    changes in place (data-contract.md, 4.0.0), holds the same tables, schema and rows (unless
    ``exact``: two builds made anew, whose databases are the same bytes too)."""
    fa, fb = files_of(a), files_of(b)
    assert sorted(fa) == sorted(fb)
    differ = [name for name in fa if fa[name] != fb[name] and (exact or name != DATABASE)]
    assert not differ, differ[:10]
    if DATABASE in fa:
        assert database_rows(a / DATABASE) == database_rows(b / DATABASE)


def database_rows(path: Path) -> dict[str, tuple[str, list[tuple]]]:
    """Each table of a database: how it is made (its SQL) and its rows, in the order of its key."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        out = {}
        for name, sql in tables:
            key = "id" if name == "budgets" else "budget, line"
            out[name] = (sql, db.execute(f'SELECT * FROM "{name}" ORDER BY {key}').fetchall())
        return out


def change_text(content: Path, seed: Path = SEEDS[1]) -> Path:
    """A budget's text changed, not its names or amounts (部门职责 → 部门主要职责): its document."""
    doc = content / "budgets" / "2024" / seed.name
    doc.write_text(doc.read_text(encoding="utf-8").replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    return doc


def recorded_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the cache entries loaded from now on (``ExtractionCache.load``), in order."""
    loads: list[str] = []
    load = ExtractionCache.load
    monkeypatch.setattr(ExtractionCache, "load", lambda self, key, kind: loads.append(key) or load(self, key, kind))
    return loads


def quiet(*a: object, **k: object) -> None:
    pass


def clean_build(content: Path, site: Path, tmp: Path, *, search: bool = False) -> None:
    result = build(content, site, log=quiet, cache=ExtractionCache(None), search=search)
    assert result.ok, result.failures


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:2])
    clean_build(content, tmp_path / "a", tmp_path, search=True)
    clean_build(content, tmp_path / "b", tmp_path, search=True)
    assert_same_site(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a" / "pagefind" / "pagefind-ui.js").exists()
    assert not (tmp_path / "a" / "pagefind-budgets").exists()  # a budget's page is found by the name index


def test_incremental_builds_equal_clean_builds(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    lines: list[str] = []

    def log(*a: object, **k: object) -> None:
        lines.append(" ".join(map(str, a)))

    assert build(content, site, log=log, cache=cache, search=True).ok
    # Nothing changed: every page, package and search bundle is linked from the last build.
    inode = (site / "zh" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html").stat().st_ino
    lines.clear()
    assert build(content, site, log=log, cache=cache, search=True).ok
    assert (site / "zh" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html").stat().st_ino == inode
    assert any("is up to date" in line for line in lines), lines
    clean_build(content, tmp_path / "clean", tmp_path, search=True)
    assert_same_site(site, tmp_path / "clean")

    # One budget changed: only it is made again, and the site equals a clean build.
    doc = change_text(content)
    assert build(content, site, log=log, cache=cache, search=True).ok
    assert (site / "zh" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html").stat().st_ino == inode
    shutil.rmtree(tmp_path / "clean")
    clean_build(content, tmp_path / "clean", tmp_path, search=True)
    assert_same_site(site, tmp_path / "clean")

    # A glossary definition changed: every page shows it in its tooltips, so all are made again.
    text = doc.read_text(encoding="utf-8")
    assert "指预算单位从本级财政部门取得的财政预算资金" in text
    doc.write_text(
        text.replace("指预算单位从本级财政部门取得的财政预算资金", "指预算单位从本级财政取得的资金", 1),
        encoding="utf-8",
    )
    # A budget added and one removed.
    shutil.copy(SEEDS[3], content / "budgets" / "2024" / SEEDS[3].name)
    shutil.copy(SEEDS[3].with_suffix(".yml"), content / "budgets" / "2024" / SEEDS[3].with_suffix(".yml").name)
    (content / "budgets" / "2024" / SEEDS[2].name).unlink()
    assert build(content, site, log=log, cache=cache, search=True).ok
    assert (site / "zh" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html").stat().st_ino != inode
    assert not (site / "zh" / "budgets" / f"2024-{SEEDS[2].stem}").exists()
    shutil.rmtree(tmp_path / "clean")
    clean_build(content, tmp_path / "clean", tmp_path, search=True)
    assert_same_site(site, tmp_path / "clean")


def test_a_site_changed_by_hand_is_made_right_again(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:2])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=True).ok
    clean_build(content, tmp_path / "clean", tmp_path, search=True)
    page = site / "en" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html"
    csv = site / "data" / f"2024-{SEEDS[1].stem}" / "glossary.csv"
    bundle = next((site / "pagefind").rglob("*.pf_fragment"))
    for edit in (
        lambda: page.write_text(page.read_text(encoding="utf-8") + "<!-- edited -->", encoding="utf-8"),
        csv.unlink,
        bundle.unlink,
        lambda: shutil.rmtree(site),
    ):
        edit()
        lines: list[str] = []

        def log(*a: object, lines: list[str] = lines, **k: object) -> None:
            lines.append(str(a[0]))

        assert build(content, site, log=log, cache=cache, search=True).ok
        assert not any("is up to date" in line for line in lines)
        assert_same_site(site, tmp_path / "clean")


def test_no_hard_link_is_shared_with_content(tmp_path: Path) -> None:
    content = make_content(tmp_path, SEEDS[:1])
    site = tmp_path / "site"
    cache = ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    src = content / "budgets" / "2024" / SEEDS[0].name
    copy = next((site / "sources").iterdir())
    assert filecmp.cmp(src, copy, shallow=False)
    assert os.stat(src).st_ino != os.stat(copy).st_ino


def test_a_change_undone_makes_the_pages_again(tmp_path: Path) -> None:
    """The cache still holds what the first build made; the site holds what the second made:
    the third build, back to the first state, must not take the second's pages for the first's."""
    content = make_content(tmp_path, SEEDS[:1])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    doc = content / "budgets" / "2024" / SEEDS[0].name
    original = doc.read_text(encoding="utf-8")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    doc.write_text(original.replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    doc.write_text(original, encoding="utf-8")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_unchanged_documents_are_not_read_again_and_a_change_is_seen_whatever_its_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Discovery reads only documents whose file or metadata changed (their signature: inode,
    size, times, the change time included), so a rebuild does not hash the whole corpus."""
    import generator.build.extract as extract

    content = make_content(tmp_path, SEEDS[:2])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    read: list[str] = []
    real = extract.read_content
    monkeypatch.setattr(extract, "read_content", lambda p, *a: read.append(Path(p).name) or real(p, *a))
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    assert read == []
    # The same size and modification time, other bytes: its change time gives it away.
    doc = content / "budgets" / "2024" / SEEDS[1].name
    st = doc.stat()
    text = doc.read_text(encoding="utf-8")
    assert "部门预算" in text
    doc.write_text(text.replace("部门预算", "部門预算", 1), encoding="utf-8")  # 门 and 門: three bytes each
    assert doc.stat().st_size == st.st_size
    os.utime(doc, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    assert read == [SEEDS[1].name]
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_a_one_budget_change_makes_only_its_part_of_all_and_puts_only_changed_files_in_place(tmp_path: Path) -> None:
    from generator.build.pipeline import Verbosity

    content = make_content(tmp_path, SEEDS[:2])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    kept = site / "zh" / "budgets" / f"2024-{SEEDS[0].stem}" / "index.html"
    before, database = kept.stat(), (site / DATABASE).stat()
    change_text(content)
    lines: list[str] = []
    say = Verbosity(verbose=True)
    assert build(content, site, log=lambda *a, **k: lines.append(str(a[0])), cache=cache, search=False, say=say).ok
    assert "all: 1 budget(s) made, 1 copied from the last build" in lines, lines
    after = kept.stat()  # the unchanged budget's page is the same file, not written again
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert (site / DATABASE).stat().st_ino == database.st_ino  # changed where it is, not copied
    assert not (tmp_path / ".site.journal").exists() and not (site / f"{DATABASE}-journal").exists()
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_a_rebuild_that_fails_after_changing_all_sqlite_leaves_it_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database is changed in place in an open transaction, committed only in the swap: a
    build that fails before writes nothing of it (bytes and time as they were)."""
    from generator.build import pipeline
    from generator.build.result import BuildError

    content = make_content(tmp_path, SEEDS[:2])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    before, data = (site / DATABASE).stat(), (site / DATABASE).read_bytes()
    change_text(content)
    combined = []

    def fail(*a: object, **k: object) -> None:
        combined.append(sorted(p.name for p in (tmp_path.glob(".site.staging.*/data/all.sqlite*"))))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "shared", fail)
    with pytest.raises(BuildError):
        build(content, site, log=quiet, cache=cache, search=False)
    assert combined == [["all.sqlite", "all.sqlite-journal"]]  # the site's file, linked; its journal
    after = (site / DATABASE).stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert (site / DATABASE).read_bytes() == data and not (site / f"{DATABASE}-journal").exists()
    monkeypatch.undo()
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_a_one_budget_rebuild_reads_no_other_budgets_digest_and_lists_no_kept_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The unchanged budgets' digests come with the build's state (a row each), not from a cache
    entry each; their package folders are not listed again (the site was listed at the start):
    each kept file is only ``stat``'ed."""
    import generator.build.state as state

    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    change_text(content)
    loads = recorded_loads(monkeypatch)
    listed: list[Path] = []
    files_of = state.files_of
    monkeypatch.setattr(state, "files_of", lambda folder, known=None: listed.append(folder) or files_of(folder, known))
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    assert len({k for k in loads if k.startswith("digest-")}) == 1, loads  # the changed budget's only
    assert not [p for p in listed if "data" in Path(p).parts], listed
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_a_one_budget_rebuild_stats_no_kept_file_after_its_first_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site is listed once at the start, each file's size and time with it (``state.scan``):
    the unchanged budgets' files are known intact from that listing, none is ``stat``'ed again;
    a file changed by hand before the build is still seen by that listing
    (``test_a_site_changed_by_hand_is_made_right_again``)."""
    import os

    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    change_text(content)
    kept = [f"2024-{SEEDS[0].stem}", f"2024-{SEEDS[2].stem}"]
    stats: list[str] = []
    stat = os.stat

    def counting(path: object, *a: object, **k: object) -> os.stat_result:
        if any(f"/{bid}/" in str(path) or str(path).endswith(f"/{bid}.zip") for bid in kept):
            stats.append(str(path))
        return stat(path, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", counting)
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    monkeypatch.undo()
    assert not [p for p in stats if str(site) in p], stats
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


def test_a_one_budget_rebuild_cuts_the_glossary_from_the_last_one_and_inflates_nothing_of_the_last_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``all/glossary.csv`` (all.zip's member published alone): the unchanged budgets' rows are cut
    from the last build's file, not inflated from the last zip; the site is a clean build's."""
    import generator.package.combined as combined

    content = make_content(tmp_path, SEEDS[:3])
    site, cache = tmp_path / "site", ExtractionCache(tmp_path / "cache")
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    doc = content / "budgets" / "2024" / SEEDS[1].name
    text = doc.read_text(encoding="utf-8")
    assert "指预算单位从本级财政部门取得的财政预算资金" in text
    doc.write_text(text.replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    from_zip: list[object] = []
    inflated = combined.inflated
    monkeypatch.setattr(
        combined, "inflated", lambda parts, zip_path: from_zip.append(zip_path) or inflated(parts, zip_path)
    )
    assert build(content, site, log=quiet, cache=cache, search=False).ok
    assert from_zip and not [z for z in from_zip if z is not None], from_zip
    clean_build(content, tmp_path / "clean", tmp_path)
    assert_same_site(site, tmp_path / "clean")


# A build run as the command line runs it; then the libraries it imported, of those it need not.
PROBE = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit as e:
    assert not e.code, e.code
print("imported:", *(m for m in ("pypinyin", "distributed", "pdfplumber") if m in sys.modules))
"""


def test_a_rebuild_imports_neither_pypinyin_nor_dask_when_it_need_not(tmp_path: Path) -> None:
    """pypinyin (most of a second to import) only for a text whose pinyin no build kept before;
    dask.distributed only when a cluster is started (not for a site up to date); pdfplumber for
    a PDF only."""
    import importlib.util
    import subprocess
    import sys

    content = make_content(tmp_path, SEEDS[:2])
    site, cache = tmp_path / "site", tmp_path / "cache"
    args = ["build", "-q", "--content", str(content), "--site", str(site), "--cache", str(cache)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def imported(*more: str) -> str:
        run = subprocess.run([sys.executable, "-c", PROBE, *args, *more], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return next(line for line in run.stdout.splitlines() if line.startswith("imported:")).removeprefix("imported:")

    assert imported().split() == ["pypinyin"]  # the first build: no pinyin kept yet
    change_text(content)
    assert imported().split() == []  # one budget changed, its texts' pinyin known
    if importlib.util.find_spec("distributed") is not None:  # installed with the test extras
        assert imported("--executor", "dask").split() == []  # nothing changed: no cluster


def test_templates_compiled_by_an_earlier_build_are_compiled_again_when_their_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps the compiled templates in its cache (generator/site/writer.keep_compiled); a
    template changed since is compiled anew, never served as it was."""
    import gettext

    from generator.site import writer
    from generator.site.ui import Interface

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "x.html").write_text("one {{ n }}", encoding="utf-8")
    monkeypatch.setattr(writer, "TEMPLATES", templates)
    ui = Interface(gettext.NullTranslations())
    writer.keep_compiled(tmp_path / "compiled")
    try:
        assert writer.environment(ui).get_template("x.html").render(n=1) == "one 1"
        kept = list((tmp_path / "compiled").iterdir())
        assert len(kept) == 1 and kept[0].read_bytes().startswith(b"j2")  # Jinja's compiled code
        assert writer.environment(ui).get_template("x.html").render(n=2) == "one 2"  # from what was kept
        (templates / "x.html").write_text("two {{ n }}", encoding="utf-8")
        assert writer.environment(ui).get_template("x.html").render(n=1) == "two 1"
    finally:
        writer.keep_compiled(None)
