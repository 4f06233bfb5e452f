"""What keeps a large site publishable: sitemaps of at most 50,000 addresses under an index; the
site's size against GitHub Pages' limit; a bucket that gets only what changed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import deploy
from generator.cli import main
from generator.site import urls, writer
from generator.site.urls import LANGS

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://example.org/budgets/"


def _pages(n: int) -> list[urls.PageRef]:
    return [urls.budget_page(f"2024-b{i:03d}", lang) for i in range(n) for lang in LANGS] + urls.shared_pages()


def test_one_sitemap_while_it_holds_every_page() -> None:
    out = writer.sitemaps(SITE, _pages(3))
    assert list(out) == ["sitemap.xml"]
    locs = [e.text for e in ET.fromstring(out["sitemap.xml"]).findall("s:url/s:loc", NS)]
    assert len(locs) == 2 * 3 + 9 and f"{SITE}en/budgets/2024-b002/index.html" in locs
    assert f"{SITE}404.html" not in locs and f"{SITE}zh/search/index.html" not in locs


def test_a_sitemap_index_past_the_limit() -> None:
    out = writer.sitemaps(SITE, _pages(10), limit=6)  # 29 addresses: 5 sitemaps of 6, 6, 6, 6, 5
    index = ET.fromstring(out["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [e.text for e in index.findall("s:sitemap/s:loc", NS)]
    assert listed == [f"{SITE}sitemaps/{i}.xml" for i in range(1, 6)]
    assert sorted(out) == ["sitemap.xml", *(f"sitemaps/{i}.xml" for i in range(1, 6))]
    locs = [[e.text for e in ET.fromstring(out[f"sitemaps/{i}.xml"]).findall("s:url/s:loc", NS)] for i in range(1, 6)]
    assert [len(part) for part in locs] == [6, 6, 6, 6, 5]
    every = [loc for part in locs for loc in part]
    assert every == sorted(every) and len(set(every)) == 29
    assert set(every) == {
        e.text for e in ET.fromstring(writer.sitemap(SITE, _pages(10))).findall("s:url/s:loc", NS)
    } - {f"{SITE}{p}" for p in ("404.html", "zh/search/index.html", "en/search/index.html")}


def test_the_shared_files_name_every_sitemap_of_the_real_limit() -> None:
    assert urls.SITEMAP_URLS == 50_000
    assert [f for f in urls.shared_files(SITE, 24_995) if "sitemap" in f] == ["sitemap.xml"]  # 49,999 addresses
    assert [f for f in urls.shared_files(SITE, 24_996) if "sitemap" in f] == [
        "sitemap.xml",
        "sitemaps/1.xml",
        "sitemaps/2.xml",
    ]
    assert not [f for f in urls.shared_files("", 100_000) if "sitemap" in f]


# ---------------------------------------------------------------------------- deploying


class FakeBucket:
    """An S3 client's three calls over a dict: key → (bytes, headers); ETags as S3 gives them
    for a plain upload (the MD5 of the bytes, quoted)."""

    def __init__(self) -> None:
        self.objects: dict[str, tuple[bytes, dict[str, str]]] = {}
        self.puts: list[str] = []

    def get_paginator(self, name: str) -> FakeBucket:
        assert name == "list_objects_v2"
        return self

    def paginate(self, Bucket: str, Prefix: str) -> list[dict[str, object]]:
        keys = sorted(k for k in self.objects if k.startswith(Prefix))
        pages = [keys[i : i + 2] for i in range(0, len(keys), 2)] or [[]]  # two a page: pagination is followed
        return [{"Contents": [{"Key": k, "ETag": f'"{_md5(self.objects[k][0])}"'} for k in page]} for page in pages]

    def put_object(self, Bucket: str, Key: str, Body: object, **headers: str) -> None:
        self.objects[Key] = (Body.read(), headers)  # type: ignore[attr-defined]
        self.puts.append(Key)

    def delete_objects(self, Bucket: str, Delete: dict[str, list[dict[str, str]]]) -> None:
        for obj in Delete["Objects"]:
            del self.objects[obj["Key"]]


def _md5(data: bytes) -> str:
    import hashlib

    return hashlib.md5(data).hexdigest()


def _site(tmp_path: Path, files: dict[str, bytes]) -> Path:
    site = tmp_path / "site"
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return site


def test_deploy_s3_uploads_only_what_changed(tmp_path: Path) -> None:
    files = {
        "index.html": b"<html>1</html>",
        "data/a.csv": b"x,y\n1,2\n",
        "pagefind/fragment/en_1.pf_fragment": b"f",
        "pagefind/pagefind-entry.json": b"{}",
        "static/site.css": b"body{}",
    }
    site, bucket, said = _site(tmp_path, files), FakeBucket(), []
    plan = deploy.deploy_s3(site, bucket, "b", "2024/", log=said.append)
    assert sorted(bucket.objects) == sorted(f"2024/{f}" for f in files) and plan.unchanged == 0
    assert all(bucket.objects[f"2024/{f}"][0] == data for f, data in files.items())
    assert bucket.puts[-2:] == ["2024/index.html", "2024/pagefind/pagefind-entry.json"]  # what points at the rest: last
    head = {k: v[1] for k, v in bucket.objects.items()}
    assert head["2024/index.html"] == {"ContentType": "text/html; charset=utf-8", "CacheControl": "no-cache"}
    assert head["2024/pagefind/fragment/en_1.pf_fragment"]["CacheControl"] == "public, max-age=31536000, immutable"
    assert head["2024/data/a.csv"] == {"ContentType": "text/csv; charset=utf-8", "CacheControl": "public, max-age=3600"}
    # One file changed, one added, one removed: only those two are uploaded; the removed one is
    # deleted with --delete only.
    (site / "data" / "a.csv").write_bytes(b"x,y\n1,3\n")
    (site / "data" / "b.csv").write_bytes(b"new\n")
    (site / "static" / "site.css").unlink()
    bucket.puts.clear()
    dry = deploy.deploy_s3(site, bucket, "b", "2024", dry_run=True, delete=True, log=said.append)
    assert (dry.upload, dry.delete, dry.unchanged) == (["data/a.csv", "data/b.csv"], ["static/site.css"], 3)
    assert bucket.puts == [] and said[-1] == "dry run: 2 file(s) to upload (0.0 MB), 3 unchanged, 1 to delete"
    deploy.deploy_s3(site, bucket, "b", "2024", log=said.append)
    assert bucket.puts == ["2024/data/a.csv", "2024/data/b.csv"] and "2024/static/site.css" in bucket.objects
    deploy.deploy_s3(site, bucket, "b", "2024", delete=True, log=said.append)
    assert "2024/static/site.css" not in bucket.objects
    assert deploy.upload_plan(site, deploy.remote_objects(bucket, "b", "2024/")).upload == []


def test_deploy_pages_refuses_a_site_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path, {"index.html": b"x" * 600, "data/a.csv": b"y" * 500})
    result = CliRunner().invoke(main, ["deploy", "pages", "--site", str(site)])
    assert result.exit_code == 0 and result.stdout.startswith("site: 0.0 MB in 2 files, 0 % of GitHub Pages' 1 GB")
    monkeypatch.setattr(deploy, "PAGES_LIMIT", 1000)
    result = CliRunner().invoke(main, ["deploy", "pages", "--site", str(site)])
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the site is 0.0 MB, past GitHub Pages' limit of 1 GB: Pages would not publish it; publish it to an "
        'S3-compatible bucket behind a CDN instead (docs/site.md, "Deploying to an S3-compatible bucket"):\n'
        "  .venv/bin/pip install -e '.[s3]'\n"
        "  export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_DEFAULT_REGION=…\n"
        f"  .venv/bin/python -m generator deploy s3 --site {site} --bucket NAME --dry-run\n"
        f"  .venv/bin/python -m generator deploy s3 --site {site} --bucket NAME --delete [--prefix P] [--endpoint-url URL]\n"
    )
    size = deploy.site_size(site=site)
    assert (size.total, size.parts, size.files) == (1100, {"pages": 600, "data": 500}, 2)


def test_from_half_of_pages_limit_the_size_says_how_many_budgets_fit_and_the_buckets_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Below half of the limit nothing; from half of it, a note: the budgets Pages publishes at
    this site's size a budget and the commands of docs/site.md for a bucket, with the site's
    path as the shell needs it; past the limit the same, saying Pages would not publish it."""
    commands = [
        "  .venv/bin/pip install -e '.[s3]'",
        "  export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_DEFAULT_REGION=…",
        "  .venv/bin/python -m generator deploy s3 --site '/srv/my site' --bucket NAME --dry-run",
        "  .venv/bin/python -m generator deploy s3 --site '/srv/my site' --bucket NAME --delete [--prefix P] "
        "[--endpoint-url URL]",
    ]
    assert deploy.SiteSize(499_999_999).advice(1000, "/srv/my site") is None
    half = deploy.SiteSize(500_000_000).advice(1000, "/srv/my site")
    assert half is not None and half.splitlines() == [
        "the site is 500.0 MB for 1,000 budget(s), 50 % of GitHub Pages' 1 GB: at 0.50 MB a budget, Pages publishes "
        "at most 2,000 budgets, 1,000 more than now; before it grows past that, publish it to an S3-compatible bucket "
        'behind a CDN instead (docs/site.md, "Deploying to an S3-compatible bucket"):',
        *commands,
    ]
    near = deploy.SiteSize(987_400_000).advice(1000, "/srv/my site")
    assert near is not None and near.splitlines()[0].startswith(
        "the site is 987.4 MB for 1,000 budget(s), 99 % of GitHub Pages' 1 GB: at 0.99 MB a budget, Pages publishes "
        "at most 1,012 budgets, 12 more than now; "
    )
    past = deploy.SiteSize(1_250_000_000).advice(1000, "/srv/my site")
    assert past is not None and past.splitlines() == [
        "the site is 1250.0 MB for 1,000 budget(s), past GitHub Pages' limit of 1 GB: Pages would not publish it (at "
        "1.25 MB a budget, Pages publishes at most 800 budgets, 200 fewer than now); publish it to an S3-compatible "
        'bucket behind a CDN instead (docs/site.md, "Deploying to an S3-compatible bucket"):',
        *commands,
    ]
    # The commands are those docs/site.md gives (but for the site's path and the bucket's name).
    doc = (Path(__file__).resolve().parent.parent / "docs" / "site.md").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -e '.[s3]'" in doc and "--delete \\\n    [--prefix 2024] [--endpoint-url" in doc
    assert "deploy s3 --site site --bucket my-budgets --dry-run" in doc
