"""What a package says besides its budget, the same for every budget of a build: where the
site is published, when the packages were made, and the dictionary and catalog their English
columns come from."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..model import BudgetError
from ..read.documents import read_content
from ..site import urls
from ..site.i18n import Sentences
from ..site.terms import Terms, Translator

T = TypeVar("T")


@dataclass(frozen=True)
class Publication:
    site_url: str = ""  # the site's address (SITE_URL, with its trailing slash); "" unknown
    created: str = ""  # when the packages were made (RFC 3339); "" not said
    tr: Translator | None = None  # the English columns' dictionary and catalog; None: no English
    key: str = ""  # a hash of all of the above (for the build's keys)

    def address(self, path: str) -> str:
        """``path`` (from the site's root) at the site's address; "" when it is unknown."""
        return urls.absolute(self.site_url, path) if self.site_url else ""


def created_at(source_date_epoch: str) -> str:
    """The time the packages say they were made: ``SOURCE_DATE_EPOCH`` (seconds since 1970, the
    reproducible-builds convention: `make site` sets it to the last commit's time), else the
    start of today (UTC), so that equal input gives equal files all day."""
    epoch = int(source_date_epoch) if source_date_epoch.strip().isdigit() else int(time.time()) // 86400 * 86400
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def publication(content: Path | None, site_url: str = "", created: str = "") -> Publication:
    """The publication of a build of ``content`` (its dictionaries in content/i18n — the
    classifications, labels.en.csv, terms.en.yml — and its catalog content/i18n/en.po; None: no
    English columns)."""
    h = hashlib.sha256(f"{site_url}\0{created}\0".encode())
    if content is None or not (Path(content) / "i18n").is_dir():
        return Publication(site_url, created, None, h.hexdigest())
    content = Path(content)
    i18n = content / "i18n"
    for p in sorted(i18n.iterdir()):
        try:
            h.update(p.name.encode() + b"\0" + read_content(p, content, I18N_LIMIT) + b"\0")
        except BudgetError:
            continue  # a folder, or a file the site refuses (and reports): not read
    tr = Translator(_or_empty(lambda: Terms.load(content), Terms()),
                    _or_empty(lambda: Sentences.load(content), Sentences({})).translate)  # fmt: skip
    return Publication(site_url, created, tr, h.hexdigest())


I18N_LIMIT = 64 << 20  # bytes: what a file of content/i18n may hold


def _or_empty(load: Callable[[], T], empty: T) -> T:
    """What ``load`` reads, or ``empty`` when the file cannot be read: the site's build reports it
    (``SiteContext.problems``) and publishes without it."""
    try:
        return load()
    except BudgetError:
        return empty
