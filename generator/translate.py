"""Machine translation of the document catalog: an optional step, a command of its own
(``python -m generator translate --engine argos``), never part of the build.

It fills each untranslated entry of ``content/i18n/en.po`` with a machine translation marked
``fuzzy``: the site shows it marked as a machine translation and does not count it as
translated; a translator reviews it (in Poedit: "needs work") and removes the mark.  The
engine runs locally: argostranslate with its Chinese→English model, installed by the user; the
build itself never needs it, nor a network.  An engine is any function from a list of Chinese
sentences to their English, so the tests give a fake one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .site.i18n import catalog_path, check_translation, read_catalog, write_catalog

Engine = Callable[[Sequence[str]], list[str]]
MACHINE_COMMENT = "machine translation ({engine}), not reviewed: check it, then remove the fuzzy flag"


class EngineUnavailable(RuntimeError):
    """The engine cannot run here; the message says what to install."""


ARGOS_INSTALL = (
    "pip install argostranslate, then install its Chinese→English model: "
    "argospm update && argospm install translate-zh_en"
)


def argos() -> Engine:
    """argostranslate's installed Chinese→English model (it translates offline)."""
    try:
        from argostranslate import translate  # type: ignore[import-not-found,unused-ignore]
    except ImportError as e:
        raise EngineUnavailable(f"argostranslate is not installed ({e.name or e}): {ARGOS_INSTALL}") from e
    languages = {lang.code: lang for lang in translate.get_installed_languages()}
    model = languages["zh"].get_translation(languages["en"]) if "zh" in languages and "en" in languages else None
    if model is None:
        raise EngineUnavailable(f"argostranslate has no Chinese→English model installed: {ARGOS_INSTALL}")
    return lambda texts: [str(model.translate(t)) for t in texts]


ENGINES: dict[str, Callable[[], Engine]] = {"argos": argos}


@dataclass
class Prefilled:
    translated: int = 0  # entries given a machine translation
    skipped: int = 0  # entries the engine returned nothing for
    problems: list[str] = field(default_factory=list)  # what the checks of a translation found


def prefill(content: Path, engine: Engine, name: str, limit: int | None = None) -> Prefilled:
    """Every untranslated entry of the catalog of ``content`` (at most ``limit``) given the
    engine's translation, marked fuzzy and commented as a machine translation by ``name``;
    translated and fuzzy entries are left as they are."""
    path = catalog_path(content)
    catalog = read_catalog(path)
    todo = [m for m in catalog if m.id and isinstance(m.id, str) and not m.string][:limit]
    result = Prefilled()
    for m, english in zip(todo, engine([str(m.id) for m in todo]), strict=True):
        if not english.strip():
            result.skipped += 1
            continue
        m.string = english.strip()
        m.flags.add("fuzzy")
        m.user_comments = [*m.user_comments, MACHINE_COMMENT.format(engine=name)]
        result.translated += 1
        result.problems += [f"{str(m.id)[:40]!r}: {p}" for p in check_translation(str(m.id), m.string)]
    if result.translated:
        write_catalog(path, catalog)
    return result
