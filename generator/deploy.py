"""Where a built site is published, and whether it fits there.

- **GitHub Pages** publishes at most 1 GB a site (``PAGES_LIMIT``): ``site_size`` says how big
  a site is and of what, the build reports it and, from half of the limit, what to do
  (``SiteSize.advice``: how many budgets fit, the bucket's commands), and ``budget-site deploy
  pages`` refuses (exit 1, saying the same) a site that Pages would not publish, before the
  workflow uploads it.
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
import shlex
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .site import urls

PAGES_LIMIT = 1_000_000_000  # bytes: GitHub Pages publishes sites of at most 1 GB
MB = 1_000_000

PART_NAMES = ("pages", "data", "search", "sources", "static", "other")
# What each part of the site is, by the first part of its path.
_PARTS = {"data": "data", "sources": "sources", "static": "static", "pagefind": "search"}
_PARTS[urls.NAME_INDEX] = "search"


@dataclass
class SiteSize:
    total: int = 0
    parts: dict[str, int] = field(default_factory=dict)  # pages, data, search, sources, static, other
    files: int = 0

    def add(self, path: str, size: int) -> None:
        self.add_group(path.split("/", 1)[0], path.endswith(".html"), size, 1)

    def add_group(self, top: str, html: bool, size: int, files: int) -> None:
        """``files`` files of ``size`` bytes in all, under ``top`` (the first part of their path),
        pages or not (``html``)."""
        part = _PARTS.get(top) or ("pages" if html else "other")
        self.parts[part] = self.parts.get(part, 0) + size
        self.total += size
        self.files += files

    @property
    def fits_pages(self) -> bool:
        return self.total <= PAGES_LIMIT

    def report(self) -> str:
        parts = ", ".join(f"{name} {self.parts[name] / MB:.1f} MB" for name in PART_NAMES if name in self.parts)
        share = 100 * self.total / PAGES_LIMIT
        return f"site: {self.total / MB:.1f} MB in {self.files} files, {share:.0f} % of GitHub Pages' 1 GB ({parts})"

    def advice(self, budgets: int, site: str = "site") -> str | None:
        """What to do, from half of Pages' limit on (None below it): how many budgets Pages
        publishes at this site's size a budget (``budgets``: how many it has; 0: not known), and
        the commands that publish ``site`` to an S3-compatible bucket instead (docs/site.md)."""
        if self.total < PAGES_LIMIT / 2:
            return None
        size = f"{self.total / MB:.1f} MB" + (f" for {budgets:,} budget(s)" if budgets > 0 else "")
        most = ""
        if budgets > 0:
            each = self.total / budgets
            fit = int(PAGES_LIMIT / each)
            more = f"{fit - budgets:,} more than now" if fit >= budgets else f"{budgets - fit:,} fewer than now"
            most = f"at {each / MB:.2f} MB a budget, Pages publishes at most {fit:,} budgets, {more}"
        if self.fits_pages:
            head = f"the site is {size}, {100 * self.total / PAGES_LIMIT:.0f} % of GitHub Pages' 1 GB: {most}{'; ' if most else ''}"
            head += "before it grows past that, publish it to an S3-compatible bucket behind a CDN instead"
        else:
            head = f"the site is {size}, past GitHub Pages' limit of 1 GB: Pages would not publish it{f' ({most})' if most else ''}; "
            head += "publish it to an S3-compatible bucket behind a CDN instead"
        steps = "\n".join(f"  {c}" for c in bucket_commands(site))
        return f'{head} (docs/site.md, "Deploying to an S3-compatible bucket"):\n{steps}'


def bucket_commands(site: str) -> list[str]:
    """The commands that publish ``site`` to a bucket, as docs/site.md gives them (NAME: the
    bucket's; the credentials and region, boto3's environment)."""
    where = shlex.quote(site)
    deploy = f".venv/bin/python -m generator deploy s3 --site {where} --bucket NAME"
    return [
        ".venv/bin/pip install -e '.[s3]'",
        "export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… AWS_DEFAULT_REGION=…",
        f"{deploy} --dry-run",
        f"{deploy} --delete [--prefix P] [--endpoint-url URL]",
    ]


def site_size(files: dict[str, list[int]] | None = None, site: Path | None = None) -> SiteSize:
    """The size of a site: from a build's manifest (``files``: path → [size, mtime]), else by
    walking ``site``."""
    size = SiteSize()
    for path, n in ((p, st[0]) for p, st in files.items()) if files is not None else _walk(site):
        size.add(path, n)
    return size


def budgets_in(site: Path) -> int:
    """How many budgets a built site has (its Chinese budget pages)."""
    folder = site / Path(urls.budget_page("x", "zh").path).parent.parent
    return sum(1 for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else 0


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
    """The type of a file and how long it may be kept: pages, Pagefind's entry files and the
    name index's files must be checked on every visit (they change with the site, under the same
    names; a CDN may ignore the tag they are fetched with); Pagefind's fragments and indexes are
    named by their content's hash and never change; the rest for an hour."""
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/json", "application/javascript", "application/xml"):
        kind += "; charset=utf-8"
    name = path.rsplit("/", 1)[-1]
    checked = path.endswith(".html") or name.startswith("pagefind-entry") or path.startswith(f"{urls.NAME_INDEX}/")
    if checked or name.endswith((".xml", ".txt")):
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
