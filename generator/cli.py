"""The command line: ``python -m generator …``.  A thin layer over library functions."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def main() -> None:
    """Departmental budgets → data packages and a bilingual static site."""


@main.command()
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--site", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
def build(content: Path, site: Path) -> None:
    """Build site/ from every budget in content/."""
    from .build import build as run_build

    result = run_build(content, site, log=click.echo)
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the package.")
def extract(source: Path, out: Path) -> None:
    """Write the data package of one budget document (.pdf or .txt) into OUT."""
    from .extract import read_budget
    from .model import BudgetError
    from .package import write_package

    try:
        budget = read_budget(source)
    except BudgetError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(1)
    for w in budget.warnings:
        click.echo(f"warning: {source}: {w}", err=True)
    write_package(budget, out)
    click.echo(f"wrote {out}/datapackage.json ({len(budget.tables)} resources)")


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the messages."
)
@click.option("--quiet", is_flag=True, help="Leave out rounding differences and explained ones.")
def check(source: Path, lang: str, quiet: bool) -> None:
    """Check the arithmetic of one budget document (.pdf or .txt) and print what does not add up.

    Exits 1 when a figure is inconsistent (severity error), 2 when the document cannot be
    read, else 0: a department can check its draft before publishing it."""
    from .checks import count, format_finding, format_summary, has_errors, run_checks
    from .extract import read_budget
    from .model import BudgetError

    try:
        budget = read_budget(source)
    except BudgetError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(2)
    for w in budget.warnings:
        click.echo(f"warning: {source}: {w}", err=True)
    findings = run_checks(budget)
    for f in findings:
        if quiet and f.severity in ("rounding", "info"):
            continue
        click.echo(format_finding(f, lang, source=str(source)))
    click.echo(format_summary(count(findings), lang))
    if has_errors(findings):
        sys.exit(1)
