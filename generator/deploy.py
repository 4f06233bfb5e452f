"""Where a built site is published, and whether it fits there.

- **GitHub Pages** publishes at most 1 GB a site (``PAGES_LIMIT``): ``site_size`` says how big
  a site is and of what, the build reports it, and ``budget-site deploy pages`` refuses (exit
  1, saying what to do) a site that Pages would not publish, before the workflow uploads it.
- **An S3-compatible bucket** (behind a CDN) for a corpus past that: ``upload_plan`` compares
  the site with what the bucket holds (each object's ETag, the MD5 of its bytes for a plain
  upload) and ``deploy_s3`` uploads only the files that changed, each with its type and how
  long a browser or CDN may keep it, and (``delete``) removes what the site no longer has.
  ``budget-site deploy s3 --dry-run`` prints the plan without changing the bucket.  boto3 is an
  optional extra (``pip install .[s3]``); the client is passed in, so the plan and the upload
  are tested without a network against a fake bucket.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages publishes sites of at most 1 GB
MB = 1_000_000

PART_NAMES = ("pages", "data", "search", "sources", "static", "other")
# What each part of the site is, by the first part of its path.
_PARTS = {"data": "data", "sources": "sources", "static": "static", "pagefind": "search", "pagefind-budgets": "search"}


@dataclass
class SiteSize:
    total: int = 0
    parts: dict[str, int] = field(default_factory=dict)  # pages, data, search, sources, static, other
    files: int = 0

    def add(self, path: str, size: int) -> None:
        top = path.split("/", 1)[0]
        part = _PARTS.get(top) or ("pages" if path.endswith(".html") else "other")
        self.parts[part] = self.parts.get(part, 0) + size
        self.total += size
        self.files += 1

    @property
    def fits_pages(self) -> bool:
        return self.total <= PAGES_LIMIT

    def report(self) -> str:
        parts = ", ".join(f"{name} {self.parts[name] / MB:.1f} MB" for name in PART_NAMES if name in self.parts)
        share = 100 * self.total / PAGES_LIMIT
        return f"site: {self.total / MB:.1f} MB in {self.files} files, {share:.0f} % of GitHub Pages' 1 GB ({parts})"

    def outlook(self, budgets: int) -> str | None:
        """Past half of Pages' limit (not past it: that is ``advice``): at how many budgets the site
        will pass it, and what then."""
        if budgets <= 0 or not PAGES_LIMIT / 2 < self.total <= PAGES_LIMIT:
            return None
        each = self.total / budgets
        return (
            f"at {each / MB:.2f} MB a budget the site passes GitHub Pages' 1 GB at about {int(PAGES_LIMIT / each):,} "
            "budgets; a larger corpus goes to an S3-compatible bucket (budget-site deploy s3; see docs/site.md)"
        )

    def advice(self) -> str:
        """What to do with a site Pages would not publish."""
        return (
            f"the site is {self.total / MB:.0f} MB, past GitHub Pages' limit of {PAGES_LIMIT / MB:.0f} MB: "
            "Pages would not publish it; publish it to an S3-compatible bucket instead "
            "(budget-site deploy s3 --site SITE --bucket NAME; see docs/site.md)"
        )


def site_size(files: dict[str, list[int]] | None = None, site: Path | None = None) -> SiteSize:
    """The size of a site: from a build's manifest (``files``: path → [size, mtime]), else by
    walking ``site``."""
    size = SiteSize()
    for path, n in ((p, st[0]) for p, st in files.items()) if files is not None else _walk(site):
        size.add(path, n)
    return size


def _walk(site: Path | None) -> Iterator[tuple[str, int]]:
    assert site is not None
    base = len(str(site)) + 1
    for folder, _, names in os.walk(site):
        for name in names:
            path = os.path.join(folder, name)
            yield path[base:], os.stat(path).st_size


# ---------------------------------------------------------------------------- S3


class Bucket(Protocol):
    """What ``deploy_s3`` asks of an S3 client (boto3's ``client("s3")`` has all three)."""

    def get_paginator(self, name: str) -> Any: ...
    def put_object(self, **kw: Any) -> Any: ...
    def delete_objects(self, **kw: Any) -> Any: ...


@dataclass
class Plan:
    upload: list[str] = field(default_factory=list)  # paths in the site: new or changed
    delete: list[str] = field(default_factory=list)  # keys the site no longer has
    unchanged: int = 0
    upload_bytes: int = 0

    def report(self) -> str:
        return (
            f"{len(self.upload)} file(s) to upload ({self.upload_bytes / MB:.1f} MB), {self.unchanged} unchanged, "
            f"{len(self.delete)} to delete"
        )


def md5_of(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def remote_objects(client: Bucket, bucket: str, prefix: str) -> dict[str, str]:
    """Every object under ``prefix``: its key after the prefix → its ETag (without quotes)."""
    found: dict[str, str] = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for obj in page.get("Contents", []):
            found[obj["Key"][len(prefix) :]] = obj["ETag"].strip('"')
    return found


def upload_plan(site: Path, remote: dict[str, str], delete: bool = False) -> Plan:
    """What to upload (a file the bucket lacks, or holds with other bytes) and delete."""
    plan = Plan()
    local = dict(_walk(site))
    for path in sorted(local):
        if remote.get(path) == md5_of(site / path):
            plan.unchanged += 1
        else:
            plan.upload.append(path)
            plan.upload_bytes += local[path]
    if delete:
        plan.delete = sorted(set(remote) - set(local))
    return plan


def headers(path: str) -> dict[str, str]:
    """The type of a file and how long it may be kept: pages and Pagefind's entry files must be
    checked on every visit (they change with the site); Pagefind's fragments and indexes are
    named by their content's hash and never change; the rest for an hour."""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/javascript", "application/xml"):
        kind += "; charset=utf-8"
    name = path.rsplit("/", 1)[-1]
    if path.endswith(".html") or name.startswith("pagefind-entry") or name.endswith((".xml", ".txt")):
        cache = "no-cache"
    elif path.startswith("pagefind") and name.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pagefind")):
        cache = "public, max-age=31536000, immutable"
    else:
        cache = "public, max-age=3600"
    return {"ContentType": kind, "CacheControl": cache}


def deploy_s3(
    site: Path,
    client: Bucket,
    bucket: str,
    prefix: str = "",
    *,
    delete: bool = False,
    dry_run: bool = False,
    log: Callable[[str], None] = print,
) -> Plan:
    """Upload what changed of ``site`` to ``bucket`` under ``prefix`` (and, ``delete``, remove what
    the site no longer has); ``dry_run``: only say what would be done."""
    prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
    plan = upload_plan(site, remote_objects(client, bucket, prefix), delete)
    log(("dry run: " if dry_run else "") + plan.report())
    if dry_run:
        return plan
    # Pages last: a visitor never gets a page whose files are not there yet.
    for path in sorted(plan.upload, key=lambda p: (p.endswith(".html") or "pagefind-entry" in p, p)):
        with open(site / path, "rb") as f:
            client.put_object(Bucket=bucket, Key=prefix + path, Body=f, **headers(path))
    for i in range(0, len(plan.delete), 1000):  # at most 1,000 keys a request
        keys = [{"Key": prefix + k} for k in plan.delete[i : i + 1000]]
        client.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
    log(f"uploaded {len(plan.upload)} file(s) to s3://{bucket}/{prefix}, deleted {len(plan.delete)}")
    return plan
