"""The derived files of the golden corpus (tests/golden-site/content: two small budgets written
for the tests) against the files in tests/golden-site/expected/, each checked by hand against
the corpus (tests/golden-site/README.md says how).

    python tests/golden_site.py            # what differs from expected/ (nothing: exit 0)
    python tests/golden_site.py --write    # write expected/ anew (`make goldens`); review the diff

The files: compare.csv, the data catalog (catalog.json), the database's Datasette metadata, the `all` package (every file in all.zip, as data/all/), each budget's
datapackage.json, the glossary page in both languages, the sitemap, and the JSON-LD of each
budget page.  The site is built with SITE_URL set, so addresses are absolute, and with
SOURCE_DATE_EPOCH, so the packages' `created` is fixed.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "golden-site" / "content"
EXPECTED = HERE / "golden-site" / "expected"
SITE_URL = "https://example.org/budgets/"
# The site's address, and the time the packages say they were made (2024-06-01T00:00:00Z).
ENV = {"SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": "1717200000"}
IDS = ("2024-a-test-center", "2024-b-test-center")
_JSONLD = re.compile(r'<script type="application/ld\+json">\n(.*?)\n</script>', re.S)


def build_corpus(site: Path) -> None:
    """The corpus's site, as `make site` builds it (without the search index)."""
    sys.path.insert(0, str(HERE.parent))
    from generator.build import build

    before = {name: os.environ.get(name) for name in ENV}
    os.environ.update(ENV)
    try:
        result = build(CORPUS, site, log=lambda *a, **k: None, search=False)
    finally:
        for name, value in before.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value
    assert result.budgets and not result.failures, result.failures


def derived_files(site: Path) -> dict[str, bytes]:
    """The files the goldens pin, by path in expected/."""
    files = {
        "data/compare.csv": (site / "data" / "compare.csv").read_bytes(),
        "data/catalog.json": (site / "data" / "catalog.json").read_bytes(),
        "data/all.metadata.json": (site / "data" / "all.metadata.json").read_bytes(),
        "sitemap.xml": (site / "sitemap.xml").read_bytes(),
    }
    with zipfile.ZipFile(site / "data" / "all.zip") as zf:
        for name in sorted(zf.namelist()):
            files[f"data/all/{name}"] = zf.read(name)
    for i in IDS:
        files[f"data/{i}/datapackage.json"] = (site / "data" / i / "datapackage.json").read_bytes()
    for lang in ("zh", "en"):
        files[f"{lang}/glossary/index.html"] = (site / lang / "glossary" / "index.html").read_bytes()
        for i in IDS:
            page = (site / lang / "budgets" / i / "index.html").read_text(encoding="utf-8")
            m = _JSONLD.search(page)
            assert m, f"{lang}/budgets/{i}: no JSON-LD"
            files[f"jsonld/{lang}-{i}.json"] = (m.group(1) + "\n").encode()
    return files


def expected_files() -> dict[str, bytes]:
    return {str(p.relative_to(EXPECTED)): p.read_bytes() for p in sorted(EXPECTED.rglob("*")) if p.is_file()}


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    """What differs, file by file (a unified diff of each changed text file)."""
    out = [f"missing from expected/: {name}" for name in sorted(set(got) - set(want))]
    out += [f"no longer made: {name}" for name in sorted(set(want) - set(got))]
    for name in sorted(set(got) & set(want)):
        if got[name] != want[name]:
            a, b = want[name].decode("utf-8", "replace"), got[name].decode("utf-8", "replace")
            diff = difflib.unified_diff(
                a.splitlines(), b.splitlines(), f"expected/{name}", f"built/{name}", lineterm=""
            )
            out.append("\n".join(diff) or f"{name}: bytes differ (byte-order mark, line ends)")
    return out


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        build_corpus(Path(tmp) / "site")
        got = derived_files(Path(tmp) / "site")
    if "--write" in argv:
        shutil.rmtree(EXPECTED, ignore_errors=True)
        for name, data in got.items():
            (EXPECTED / name).parent.mkdir(parents=True, exist_ok=True)
            (EXPECTED / name).write_bytes(data)
        print(f"wrote {len(got)} files into {EXPECTED}: review them (git diff) against the corpus")
        return 0
    found = differences(got, expected_files())
    print("\n".join(found) or "the derived files are as expected")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
