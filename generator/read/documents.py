"""Finding budget documents in ``content/`` and reading their metadata files.

Only files under ``content/`` are read: a path is resolved (symlinks followed) and refused when
it leaves ``content/``; only regular files are read (a FIFO or a device would hang the build or
never end), up to a size; YAML is refused when its anchors and aliases expand it beyond a limit
(an alias bomb of nine lines expands to a billion nodes).  Every refusal is a ``BudgetError``
naming the file and what to do.

A budget's id is ``<year>-<slug>`` (``budget_id``): the year of its folder, the slug its file
name; names that cannot be a slug, two files that would give the same id, and a ``year:`` in
the metadata other than the folder's are refused up front.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..model import BudgetError, Metadata, web_url

# libyaml's loader when PyYAML was built with it (same results, many times faster)
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SOURCE_SUFFIXES = (".pdf", ".txt")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 100  # characters: the id goes into file names (<id>.zip, <id>/, sources/<id>.pdf)
YEAR_FOLDER = re.compile(r"^[0-9]{4}$")

# Sizes: a budget's PDF or text, its metadata, the other files content/ holds.
DOCUMENT_LIMIT = 256 << 20
METADATA_LIMIT = 64 << 10
YAML_NODES = 1_000_000  # nodes a YAML file may expand to (aliases counted as what they stand for)
YAML_DEPTH = 64  # collections inside collections

METADATA_FIELDS = (
    "department",
    "department_en",
    "parent_department",
    "parent_department_en",
    "district",
    "district_en",
    "source_url",
    "source_note",
)
# A text cell starting with one of these is run as a formula by spreadsheets (OWASP): no name
# or note of a department starts so, and metadata that does is refused (docs/data-contract.md).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def budget_id(year: int, slug: str) -> str:
    """The one place a budget's id is made."""
    return f"{year}-{slug}" if year else slug


@dataclass(frozen=True)
class Document:
    path: Path  # the budget document (.pdf or .txt)
    meta_path: Path  # its <slug>.yml beside it
    year: int
    slug: str

    @property
    def id(self) -> str:
        return budget_id(self.year, self.slug)


# ---------------------------------------------------------------------------- reading content/


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, its symlinks followed, is ``root`` or under it."""
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def read_content(path: Path, root: Path | None, limit: int) -> bytes:
    """The bytes of a regular file (under ``root`` when given), at most ``limit`` of them."""
    path = Path(path)
    if root is not None and not inside(path, root):
        raise BudgetError(_outside(path, root), source=str(path))
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a FIFO, device or socket"
            raise BudgetError(f"refused: {kind}, not a regular file", source=str(path))
        if st.st_size > limit:
            raise BudgetError(f"refused: {st.st_size:,} bytes, more than the {limit:,} allowed", source=str(path))
        with open(path, "rb") as f:
            data = f.read(limit + 1)
    except OSError as e:
        raise BudgetError(f"cannot read file: {e.strerror or e}", source=str(path)) from e
    if len(data) > limit:
        raise BudgetError(f"refused: more than the {limit:,} bytes allowed", source=str(path))
    return data


def utf8_text(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text (a byte-order mark allowed), else an error saying where it is not."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise BudgetError(f"not UTF-8 text (line {line}, byte {e.start}): save it as UTF-8", source=name) from e


def load_yaml(text: str, name: str, nodes: int = YAML_NODES) -> Any:
    """YAML, safely: refused when it would expand to more than ``nodes`` nodes or nest deeper than
    ``YAML_DEPTH``; a syntax error named with the file, its line and column."""
    try:
        _check_expansion(text, name, nodes)
        return yaml.load(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise BudgetError(f"not valid YAML{where}: {e.problem or e.context}", source=name) from e
    except yaml.YAMLError as e:
        raise BudgetError(f"not valid YAML: {e}", source=name) from e


def _check_expansion(text: str, name: str, limit: int) -> None:
    """Count the nodes the YAML stands for, an alias as many as its anchor's node holds."""
    sizes: dict[str, int] = {}
    open_: list[list[Any]] = []  # [anchor, nodes so far] of each collection being read
    total = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            open_.append([event.anchor, 1])
            if len(open_) > YAML_DEPTH:
                raise BudgetError(f"refused: YAML nested more than {YAML_DEPTH} deep", source=name)
            continue
        if isinstance(event, yaml.CollectionEndEvent):
            anchor, n = open_.pop()
            if anchor:
                sizes[anchor] = n
        elif isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            n = sizes.get(event.anchor or "", 1)
        else:
            continue
        if open_:
            open_[-1][1] += n
            total_now = open_[-1][1]
        else:
            total += n
            total_now = total
        if total_now > limit:
            raise BudgetError(
                f"refused: its YAML expands to more than {limit:,} values (anchors and aliases: an alias bomb?)",
                source=name,
            )


# ---------------------------------------------------------------------------- discovery


def discover(content: Path, errors: list[BudgetError] | None = None) -> list[Document]:
    """Every budget document under ``content/budgets/<year>/``, sorted by id.

    When both ``<slug>.pdf`` and ``<slug>.txt`` exist the PDF is the source.  A file that cannot
    be a budget (its name, two names for one id, a link out of ``content/``, not a regular file)
    is left out, and its error added to ``errors``.
    """
    errors = errors if errors is not None else []
    content = Path(content)
    root = content / "budgets"
    if not root.is_dir():
        return []
    if not inside(root, content):
        errors.append(BudgetError(_outside(root, content), source=str(root)))
        return []
    found: dict[str, list[Document]] = {}
    for year_dir in _year_folders(root, content, errors):
        for doc in _documents_in(year_dir, content, errors):
            found.setdefault(doc.id, []).append(doc)
    docs: dict[str, Document] = {}
    for budget, candidates in found.items():
        pdfs = [d for d in candidates if d.path.suffix.lower() == ".pdf"]
        chosen = pdfs or candidates  # the PDF is the source when there is one
        if len(chosen) > 1:
            names = " and ".join(d.path.name for d in chosen)
            errors.append(
                BudgetError(f"two files for the budget {budget}: {names}; keep one", source=str(chosen[-1].path))
            )
            continue
        docs[budget] = chosen[0]
    return [docs[k] for k in sorted(docs)]


def _year_folders(root: Path, content: Path, errors: list[BudgetError]) -> list[Path]:
    folders = []
    for p in sorted(root.iterdir()):
        if p.name.startswith(".") or not p.is_dir() or not any(c.isdigit() for c in p.name):
            continue
        if not YEAR_FOLDER.match(p.name):
            errors.append(BudgetError("a year folder's name must be the year, four digits (e.g. 2024)", source=str(p)))
        elif not inside(p, content):
            errors.append(BudgetError(_outside(p, content), source=str(p)))
        else:
            folders.append(p)
    return folders


def _documents_in(year_dir: Path, content: Path, errors: list[BudgetError]) -> list[Document]:
    """The documents of one year folder, their names checked; by id, first the .pdf, then the .txt."""
    found = []
    for path in sorted(year_dir.iterdir()):
        if path.suffix.lower() not in SOURCE_SUFFIXES or path.name.startswith("."):
            continue
        problem = _name_problem(path) or _file_problem(path, content)
        if problem:
            errors.append(BudgetError(problem, source=str(path)))
            continue
        found.append(Document(path, path.with_suffix(".yml"), int(year_dir.name), path.stem))
    return found


def _name_problem(path: Path) -> str:
    stem = path.stem
    if SLUG.match(stem) and len(stem) <= MAX_SLUG:
        return ""
    if len(stem) > MAX_SLUG:
        return f"the file name is {len(stem)} characters long; a budget's name (its id) may have {MAX_SLUG}"
    suggestion = slugify(stem)
    hint = f" (e.g. {suggestion}{path.suffix.lower()})" if suggestion else ""
    return (
        f"the file name {stem!r} cannot be a budget's id: rename the file (and its .yml) to lowercase "
        f"ASCII letters and digits joined by single hyphens{hint}"
    )


def _outside(path: Path, root: Path) -> str:
    return f"refused: it leads outside {root}/ (to {os.path.realpath(path)}); only files under {root}/ are read"


def _file_problem(path: Path, content: Path) -> str:
    """What keeps the file ``path`` (in a year folder already found inside ``content``) from being
    read: a regular file that is not a link is inside ``content`` with its folder (one ``lstat``);
    a link is followed to where it leads."""
    try:
        st = os.lstat(path)
    except OSError as e:
        return f"cannot read file: {e.strerror or e}"
    if stat.S_ISLNK(st.st_mode):
        if not inside(path, content):
            return _outside(path, content)
        try:
            st = os.stat(path)
        except OSError as e:
            return f"cannot read file: {e.strerror or e}"
    return "" if stat.S_ISREG(st.st_mode) else "refused: not a regular file (a FIFO, device, socket or folder)"


def slugify(name: str) -> str:
    """A slug made of ``name`` (for a document read on its own, outside content/)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:MAX_SLUG].strip("-")


# ---------------------------------------------------------------------------- metadata


def metadata_for(source: Path, *, year: int | None = None, content: Path | None = None) -> Metadata:
    """Metadata from the ``.yml`` beside ``source``; a document without one still gets an id.

    ``year``: the year of the document's folder in content/ (the metadata's ``year:``, if any,
    must be the same); ``content``: the folder its files must stay under."""
    source = Path(source)
    meta_path = source.with_suffix(".yml")
    data = _metadata_file(meta_path, content) if os.path.lexists(meta_path) else {}
    name = str(meta_path)
    slug = source.stem if SLUG.match(source.stem) and len(source.stem) <= MAX_SLUG else slugify(source.stem) or "budget"
    y = _year(data.get("year"), year, source, name)
    fields = {k: _text_field(data, k, name) for k in METADATA_FIELDS}
    if fields["source_url"] and not web_url(fields["source_url"]):
        raise BudgetError(
            f"source_url must be an http:// or https:// address, not {fields['source_url'][:60]!r}", source=name
        )
    return Metadata(id=budget_id(y, slug), year=y, slug=slug, **fields)


def _metadata_file(path: Path, content: Path | None) -> dict[str, Any]:
    name = str(path)
    loaded = load_yaml(utf8_text(read_content(path, content, METADATA_LIMIT), name), name, 10_000)
    if loaded is not None and not isinstance(loaded, dict):
        raise BudgetError("metadata must be a mapping of keys to values", source=name)
    return loaded or {}


def _year(value: Any, folder: int | None, source: Path, name: str) -> int:
    if value is None:
        if folder is not None:
            return folder
        return int(source.parent.name) if YEAR_FOLDER.match(source.parent.name) else 0
    if isinstance(value, bool) or not isinstance(value, int | str) or not re.fullmatch(r"[0-9]{4}", str(value)):
        raise BudgetError(f"year must be a year of four digits, got {value!r}", source=name)
    if folder is not None and int(value) != folder:
        raise BudgetError(
            f"year: {value} differs from the year of its folder ({folder}/): correct the year, "
            f"or move the document and its .yml to {source.parent.parent / str(value)}/",
            source=name,
        )
    return int(value)


def _text_field(data: dict[str, Any], key: str, name: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BudgetError(f"{key} must be text, not {type(value).__name__}", source=name)
    text = str(value).strip()
    if _controls(text):
        raise BudgetError(f"{key} holds control characters (such as NUL or ESC)", source=name)
    if len(text) > 2000:
        raise BudgetError(f"{key} is {len(text):,} characters long; at most 2,000", source=name)
    if text.startswith(FORMULA_START):
        raise BudgetError(
            f"{key} starts with {text[0]!r}, which spreadsheets run as a formula: no name or note starts so",
            source=name,
        )
    return text


def _controls(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)
