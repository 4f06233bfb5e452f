"""The content-addressed extraction cache and the parallel loader (generator/build/cache.py,
build.load_budgets): an unchanged document is read once; a change to the document, its
metadata or the extractor is read afresh; the results never differ from a fresh read."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from generator.build import load_budgets
from generator.build.cache import ExtractionCache, cache_key, extractor_version
from generator.read.documents import metadata_for

ROOT = Path(__file__).resolve().parent.parent
# Seed documents, by name (a budget added to content/ changes nothing here).
SEEDS = [
    ROOT / "content" / "budgets" / "2024" / f"{slug}.txt"
    for slug in ("futian-public-opinion-smart-city-center", "luohu-government-services-data-bureau")
]


def corpus(tmp_path: Path, n: int = 2) -> Path:
    content = tmp_path / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    for src in SEEDS[:n]:
        shutil.copy(src, year / src.name)
        shutil.copy(src.with_suffix(".yml"), year / src.with_suffix(".yml").name)
    return content


def test_unchanged_documents_come_from_the_cache_and_equal_a_fresh_read(tmp_path: Path) -> None:
    content = corpus(tmp_path)
    cache = ExtractionCache(tmp_path / "cache")
    fresh = load_budgets(content, log=lambda *a, **k: None, cache=cache, jobs=2)
    assert (cache.hits, cache.misses) == (0, 2)
    cache = ExtractionCache(tmp_path / "cache")
    again = load_budgets(content, log=lambda *a, **k: None, cache=cache)
    assert (cache.hits, cache.misses) == (2, 0)
    assert [b.tables for b in again.budgets] == [b.tables for b in fresh.budgets]
    assert [b.id for b in again.budgets] == sorted(b.id for b in fresh.budgets)


def test_a_changed_document_or_metadata_is_read_again(tmp_path: Path) -> None:
    content = corpus(tmp_path)
    load_budgets(content, log=lambda *a, **k: None, cache=ExtractionCache(tmp_path / "cache"))
    txt, yml = (
        sorted((content / "budgets" / "2024").glob("*.txt"))[0],
        sorted((content / "budgets" / "2024").glob("*.yml"))[1],
    )
    txt.write_text(txt.read_text(encoding="utf-8").replace("部门职责", "部门主要职责", 1), encoding="utf-8")
    yml.write_text(yml.read_text(encoding="utf-8") + "source_url: https://example.org/x.pdf\n", encoding="utf-8")
    cache = ExtractionCache(tmp_path / "cache")
    result = load_budgets(content, log=lambda *a, **k: None, cache=cache)
    assert (cache.hits, cache.misses) == (0, 2)
    assert any("部门主要职责" in str(r["text"]) for r in result.budgets[0].rows("sections"))
    assert result.budgets[1].meta.source_url == "https://example.org/x.pdf"


def test_the_key_covers_bytes_metadata_and_extractor(tmp_path: Path) -> None:
    src = SEEDS[0]
    meta = metadata_for(src)
    data = src.read_bytes()
    key = cache_key(data, ".txt", meta)
    assert key == cache_key(data, ".txt", metadata_for(src))
    assert key != cache_key(data + b"\n", ".txt", meta)
    assert key != cache_key(data, ".pdf", meta)
    meta.department_en = "Another name"
    assert key != cache_key(data, ".txt", meta)
    assert len(extractor_version()) == 16


def test_a_corrupt_cache_entry_is_a_miss_not_an_error(tmp_path: Path) -> None:
    content = corpus(tmp_path, 1)
    load_budgets(content, log=lambda *a, **k: None, cache=ExtractionCache(tmp_path / "cache"))
    for entry in (tmp_path / "cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    cache = ExtractionCache(tmp_path / "cache")
    result = load_budgets(content, log=lambda *a, **k: None, cache=cache)
    assert result.ok and len(result.budgets) == 1 and cache.misses == 1


def test_a_failure_in_a_worker_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    content = corpus(tmp_path, 2)
    (content / "budgets" / "2024" / "broken.txt").write_text("这不是预算。\n", encoding="utf-8")
    result = load_budgets(content, log=lambda *a, **k: None, cache=ExtractionCache(None), jobs=2)
    assert len(result.budgets) == 2 and len(result.failures) == 1
    assert "broken.txt" in result.failures[0] and "no budget tables found" in result.failures[0]


def test_an_entry_changed_on_disk_is_a_miss_and_never_published(tmp_path: Path) -> None:
    # A same-length edit of a cached budget (5574.90 → 9999.99, a valid pickle still) fails its
    # digest: the document is read again, and a new site from that cache equals a clean build.
    from generator.build import build

    content = tmp_path / "content"
    year = content / "budgets" / "2024"
    year.mkdir(parents=True)
    src = ROOT / "content" / "budgets" / "2024" / "luohu-smart-city-center"
    for suffix in (".txt", ".yml"):
        shutil.copy(src.with_suffix(suffix), year / f"luohu-smart-city-center{suffix}")
    quiet = lambda *a, **k: None  # noqa: E731
    build(content, tmp_path / "clean", log=quiet, cache=ExtractionCache(None), search=False)
    build(content, tmp_path / "first", log=quiet, cache=ExtractionCache(tmp_path / "cache"), search=False)
    edited = [entry for entry in (tmp_path / "cache").rglob("*.pickle") if b"5574.90" in entry.read_bytes()]
    assert edited
    for entry in edited:
        entry.write_bytes(entry.read_bytes().replace(b"5574.90", b"9999.99"))
    cache = ExtractionCache(tmp_path / "cache")
    assert cache.load(edited[0].stem, object) is None and cache.misses == 1
    build(content, tmp_path / "second", log=quiet, cache=cache, search=False)
    clean = sorted(p.relative_to(tmp_path / "clean") for p in (tmp_path / "clean").rglob("*"))
    assert clean == sorted(p.relative_to(tmp_path / "second") for p in (tmp_path / "second").rglob("*"))
    for rel in clean:
        if (tmp_path / "clean" / rel).is_file():
            assert (tmp_path / "clean" / rel).read_bytes() == (tmp_path / "second" / rel).read_bytes(), rel
    with zipfile.ZipFile(tmp_path / "second" / "data" / "all.zip") as zf:
        assert b"9999.99" not in zf.read("expenditure-summary.csv")


def test_an_entry_moved_to_another_key_or_cut_short_is_a_miss(tmp_path: Path) -> None:
    cache = ExtractionCache(tmp_path)
    cache.store("aa" + "1" * 62, {"x": 1})
    path = next(tmp_path.rglob("*.pickle"))
    assert cache.load("aa" + "1" * 62, dict) == {"x": 1}
    other = path.with_name("aa" + "2" * 62 + ".pickle")
    shutil.copy(path, other)
    assert cache.load("aa" + "2" * 62, dict) is None
    path.write_bytes(path.read_bytes()[:-1])
    assert cache.load("aa" + "1" * 62, dict) is None


def test_a_cache_at_a_url_keeps_its_entries_there_and_its_state_in_the_folder(tmp_path: Path) -> None:
    # file:// goes through fsspec as s3:// would; the pool's processes share it as a cluster's
    # workers on other machines would share a bucket.
    from click.testing import CliRunner

    from generator.cli import main

    content, store = corpus(tmp_path, 1), tmp_path / "store"
    args = ["build", "--content", str(content), "--cache", str(tmp_path / "state"), "--cache-url", store.as_uri()]
    first = CliRunner().invoke(main, [*args, "--site", str(tmp_path / "a"), "-j", "2"])
    assert first.exit_code == 0, first.output
    entries = sorted(p.relative_to(store) for p in store.rglob("*.pickle"))
    assert entries and not list((tmp_path / "state").rglob("*.pickle"))  # the folder: the state only
    assert any((tmp_path / "state").iterdir())
    cache = ExtractionCache(tmp_path / "elsewhere", url=store.as_uri() + "/")
    key = entries[0].stem
    assert cache.load(key, object) is not None and cache.hits == 1
    (store / entries[0]).write_bytes((store / entries[0]).read_bytes()[:-1])  # cut short: a miss
    assert ExtractionCache(tmp_path / "elsewhere", url=store.as_uri()).load(key, object) is None
    second = CliRunner().invoke(main, [*args, "--site", str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    # the entry cut short was a miss: the document was read again and its entry written whole
    assert ExtractionCache(tmp_path / "elsewhere", url=store.as_uri()).load(key, object) is not None
    for rel in (p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file()):
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel


def test_a_cache_url_that_cannot_be_used_is_a_usage_error(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    def run(*args: str) -> tuple[int, str]:
        r = CliRunner().invoke(main, ["build", "--content", str(tmp_path), "--site", str(tmp_path / "s"), *args])
        return r.exit_code, r.stderr

    code, err = run("--cache-url", "just/a/folder")
    assert code == 2 and "has no scheme (such as s3:// or file://)" in err
    code, err = run("--cache-url", "nosuchfs://bucket/cache")
    assert code == 2 and "the cache URL 'nosuchfs://bucket/cache' cannot be used" in err
    code, err = run("--cache-url", (tmp_path / "c").as_uri(), "--no-cache")
    assert code == 2 and "--cache-url and --no-cache exclude each other" in err
    assert not (tmp_path / "s").exists()
