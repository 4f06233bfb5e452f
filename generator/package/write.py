"""Writing packages to disk: the only part of package/ that touches it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..catalog import RESOURCES
from ..checks import Finding
from ..model import Budget, Row
from ..output import check_output, locked, new_folder, remove_leftovers, replace_folder, staging_prefix
from .archive import zip_bytes
from .columns import budget_translator
from .descriptor import descriptor_json, package_descriptor
from .publication import Publication
from .tables import published_tables, resource_csvs
from .workbook import workbook_bytes


def package_files(
    budget: Budget, findings: list[Finding] | None = None, pub: Publication | None = None
) -> dict[str, bytes]:
    """Every file of the package, by name (``findings``: the checks' findings, if known; ``pub``:
    where and when it is published, and the English columns' dictionary)."""
    pub = pub or Publication()
    return _files(budget, published_tables(budget, findings, budget_translator(pub.tr, budget)), pub)


def _files(budget: Budget, tables: dict[str, list[Row]], pub: Publication) -> dict[str, bytes]:
    files = resource_csvs(tables)
    files["datapackage.json"] = descriptor_json(package_descriptor(budget, files, pub))
    return files


def write_budget(
    budget: Budget, findings: list[Finding], data_dir: Path, pub: Publication | None = None
) -> dict[str, bytes]:
    """``data_dir/<id>/`` (a new folder), ``data_dir/<id>.zip`` (the same files, the descriptor
    at its root) and ``data_dir/<id>.xlsx`` (the workbook); the package's files, by name."""
    pub = pub or Publication()
    tables = published_tables(budget, findings, budget_translator(pub.tr, budget))
    files = _files(budget, tables, pub)
    out = Path(data_dir) / budget.id
    out.mkdir(parents=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    (Path(data_dir) / f"{budget.id}.zip").write_bytes(zip_bytes(files))
    (Path(data_dir) / f"{budget.id}.xlsx").write_bytes(workbook_bytes(budget, tables, pub.created))
    return files


def write_files(files: dict[str, bytes], out_dir: Path) -> None:
    """Write a package into ``out_dir`` atomically: build beside it, then swap."""
    out_dir = Path(os.path.abspath(out_dir))
    with locked(out_dir):
        remove_leftovers(out_dir)
        tmp = new_folder(out_dir, staging_prefix(out_dir))
        try:
            for name, data in files.items():
                (tmp / name).write_bytes(data)
            replace_folder(tmp, out_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def is_package(folder: Path) -> bool:
    """Whether ``folder`` holds a package this command wrote, and nothing else."""
    names = {p.name for p in folder.iterdir()}
    return "datapackage.json" in names and names <= {"datapackage.json", *(f"{r}.csv" for r in RESOURCES)}


def check_out(out_dir: Path, force: bool = False) -> None:
    """Refuse (``OutputError``) a folder that holds anything but a package, unless ``force``."""
    check_output(out_dir, is_package, force, [], "a data package this command wrote", "--out")


def write_package(budget: Budget, out_dir: Path, pub: Publication | None = None, force: bool = False) -> None:
    """One budget's package into ``out_dir`` (the ``extract`` command), if ``check_out`` allows."""
    check_out(out_dir, force)
    write_files(package_files(budget, pub=pub), out_dir)
