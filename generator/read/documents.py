"""Finding budget documents in ``content/`` and reading their metadata files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model import BudgetError, Metadata

# libyaml's loader when PyYAML was built with it (same results, many times faster)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SOURCE_SUFFIXES = (".pdf", ".txt")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Document:
    path: Path  # the budget document (.pdf or .txt)
    meta_path: Path  # its <slug>.yml beside it
    year: int
    slug: str

    @property
    def id(self) -> str:
        return f"{self.year}-{self.slug}"


def discover(content: Path) -> list[Document]:
    """Every budget document under ``content/budgets/<year>/``, sorted by id.

    When both ``<slug>.pdf`` and ``<slug>.txt`` exist the PDF is the source.
    """
    docs: dict[str, Document] = {}
    root = Path(content) / "budgets"
    if not root.is_dir():
        return []
    for year_dir in sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit()):
        for path in sorted(year_dir.iterdir()):
            if path.suffix.lower() not in SOURCE_SUFFIXES or path.name.startswith("."):
                continue
            doc = Document(path, path.with_suffix(".yml"), int(year_dir.name), path.stem)
            if doc.id in docs and docs[doc.id].path.suffix.lower() == ".pdf":
                continue
            docs[doc.id] = doc
    return [docs[k] for k in sorted(docs)]


def metadata_for(source: Path, *, year: int | None = None) -> Metadata:
    """Metadata from the ``.yml`` beside ``source``; a document without one still gets an id."""
    source = Path(source)
    slug = source.stem
    meta_path = source.with_suffix(".yml")
    data: dict = {}
    if meta_path.exists():
        try:
            loaded = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=SafeLoader)
        except yaml.YAMLError as e:
            raise BudgetError(f"metadata is not valid YAML: {e}", source=str(meta_path)) from e
        if loaded is not None and not isinstance(loaded, dict):
            raise BudgetError("metadata must be a mapping of keys to values", source=str(meta_path))
        data = loaded or {}
    if not SLUG.match(slug):
        slug = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-") or "budget"
    y = data.get("year", year)
    if y is None and source.parent.name.isdigit():
        y = int(source.parent.name)
    try:
        y = int(y) if y is not None else 0
    except (TypeError, ValueError) as e:
        raise BudgetError(f"year must be a number, got {y!r}", source=str(meta_path)) from e
    fields = {
        k: str(data.get(k) or "")
        for k in (
            "department",
            "department_en",
            "parent_department",
            "parent_department_en",
            "district",
            "district_en",
            "source_url",
            "source_note",
        )
    }
    return Metadata(id=f"{y}-{slug}" if y else slug, year=y, slug=slug, **fields)
