"""The site's own interface (headings, navigation, notes) in gettext: ``templates/i18n/``.

The messages are the Chinese the templates and the views say (``_('预算表格')`` in a template,
``s.t("预算表格")`` in a view; ``N_`` marks a message kept in a table and said later), in
Python's ``%(name)s`` format; ``templates/i18n/site.pot`` holds them as extracted, and
``templates/i18n/en.po`` their English, with plural forms (``ngettext`` in a template, ``nt`` in a
view: 1 finding, 2 findings).  The build reads ``en.po`` (fuzzy and empty entries left out: the
Chinese is said); ``update_catalogs`` — run by ``make strings`` — extracts the messages anew
(Babel, with Jinja's extractor for the templates) and merges them into both files.  Poedit or any
PO editor opens them; ``msgfmt -c`` validates them (a test does).
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract

DOMAIN = "site"
PROJECT = "budget-site-generator"
# How a message is said, for the extraction: in the templates Jinja's gettext functions and the
# two that name their language (the landing and 404 pages speak both); in the views ``t`` and
# ``nt`` (the scopes' methods), ``N_`` (a message said later) and Interface's own methods.
TEMPLATE_KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "gettext_in": (2,),
    "ngettext_in": (2, 3),
    "pgettext_in": ((2, "c"), 3),
}
CODE_KEYWORDS: dict[str, Any] = {"t": None, "nt": (1, 2), "N_": None, "gettext": (2,), "ngettext": (2, 3)}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}
HEADER = """The site's interface (headings, navigation, notes) in English.  The messages are the
Chinese the templates and generator/site/views say; update with: make strings (then translate
the new and fuzzy entries, e.g. in Poedit).  The documents' own sentences are in content/i18n/."""
TRANSLATOR = "budget-site-generator maintainers"


def N_(message: str) -> str:
    """``message`` as it is: marks it for the extraction, to be said later with ``t``."""
    return message


def catalog_dir(templates: Path) -> Path:
    return Path(templates) / "i18n"


@dataclass(frozen=True)
class Interface:
    """The interface's messages in each language: Chinese as written, English from ``en.po``."""

    english: gettext.NullTranslations

    @classmethod
    def load(cls, templates: Path) -> Interface:
        path = catalog_dir(templates) / "en.po"
        if not path.exists():
            return cls(gettext.NullTranslations())
        with open(path, "rb") as f:
            catalog = read_po(f, locale="en", domain=DOMAIN)
        mo = io.BytesIO()
        write_mo(mo, catalog, use_fuzzy=False)
        mo.seek(0)
        return cls(gettext.GNUTranslations(mo))

    def _in(self, lang: str) -> gettext.NullTranslations:
        return self.english if lang == "en" else _CHINESE

    def raw(self, lang: str, message: str) -> str:
        """``message`` in ``lang``, its ``%(name)s`` and ``%%`` left as they are."""
        return self._in(lang).gettext(message)

    def raw_plural(self, lang: str, singular: str, plural: str, n: int) -> str:
        return self._in(lang).ngettext(singular, plural, n)

    def raw_context(self, lang: str, context: str, message: str) -> str:
        """``message`` as said in ``context`` (a message worded otherwise in one place)."""
        return self._in(lang).pgettext(context, message)

    def gettext(self, lang: str, message: str, **kw: Any) -> str:
        """``message`` in ``lang``, its ``%(name)s`` filled from ``kw`` (``%%`` for a percent sign)."""
        return self.raw(lang, message) % kw

    def ngettext(self, lang: str, singular: str, plural: str, n: int, **kw: Any) -> str:
        """The form of ``singular``/``plural`` for ``n`` in ``lang`` (``%(num)s`` is ``n``)."""
        kw.setdefault("num", n)
        return self.raw_plural(lang, singular, plural, n) % kw


_CHINESE = gettext.NullTranslations()  # the messages are Chinese: said as written


# ---------------------------------------------------------------------------- make strings


def _extracted(templates: Path, code: Path) -> Iterator[tuple[str, str | tuple[str, ...], str | None]]:
    """(where, message, context) of every message the templates and the code say."""
    sources: list[tuple[Path, Any, dict[str, Any], dict[str, str]]] = [
        (p, babel_extract, TEMPLATE_KEYWORDS, JINJA_OPTIONS) for p in sorted(Path(templates).glob("*.html"))
    ]
    # the interface is said by the site stage only: the reading half has no messages, and a name
    # like t in its code is no keyword there
    sources += [(p, "python", CODE_KEYWORDS, {}) for p in sorted((Path(code) / "site").rglob("*.py"))]
    for path, method, keywords, options in sources:
        where = str(path.relative_to(Path(code).parent)) if method == "python" else f"templates/{path.name}"
        with open(path, "rb") as f:
            for _, message, _, context in extract(method, f, keywords=keywords, options=options):
                yield where, message, context


def template_catalog(templates: Path, code: Path, creation_date: Any = None) -> Catalog:
    """The messages as extracted: the .pot."""
    pot = Catalog(
        project=PROJECT,
        version="1",
        domain=DOMAIN,
        charset="utf-8",
        creation_date=creation_date,
        fuzzy=False,
        header_comment="# " + HEADER.replace("\n", "\n# "),
        last_translator=TRANSLATOR,
        language_team="English",
    )
    for where, message, context in _extracted(templates, code):
        pot.add(message, None, [(where, None)], context=context)  # type: ignore[list-item]  # no line numbers
    pot.revision_date = pot.creation_date
    return pot


@dataclass
class InterfaceUpdate:
    messages: int
    untranslated: int
    fuzzy: int
    obsolete: int


def update_catalogs(templates: Path, code: Path) -> InterfaceUpdate:
    """``site.pot`` extracted anew and ``en.po`` merged with it (translations kept, a changed
    message marked fuzzy with its old translation, one no longer said kept as obsolete); the
    files' dates kept, so that unchanged messages rewrite both files byte for byte."""
    folder = catalog_dir(templates)
    pot_path, po_path = folder / f"{DOMAIN}.pot", folder / "en.po"
    old = _read(po_path, "en")
    pot = template_catalog(templates, code, old.creation_date if po_path.exists() else None)
    po = _read(po_path, "en") if po_path.exists() else Catalog(locale="en", domain=DOMAIN, project=PROJECT, version="1")
    po.update(pot, update_header_comment=True)
    po.creation_date = po.revision_date = pot.creation_date
    po.last_translator, po.language_team, po.fuzzy = TRANSLATOR, "English", False
    for path, catalog in ((pot_path, pot), (po_path, po)):
        _write(path, catalog)
    messages = [m for m in po if m.id]
    return InterfaceUpdate(
        len(messages),
        sum(1 for m in messages if not _translated(m.string)),
        sum(1 for m in messages if m.fuzzy),
        len(po.obsolete),
    )


def _translated(string: object) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def _read(path: Path, locale: str | None) -> Catalog:
    if not path.exists():
        return Catalog(locale=locale, domain=DOMAIN, project=PROJECT, version="1")
    with open(path, "rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as f:
        write_po(f, catalog, width=0, include_lineno=False, sort_output=False, include_previous=False)
    tmp.replace(path)
