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
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
def strings(content: Path) -> None:
    """Put every sentence the English pages show into content/i18n/en.po.

    Run it after adding a budget: new sentences are added untranslated, existing
    translations are kept, and those no page shows any more are kept as obsolete entries."""
    import tempfile

    from .build import load_budgets
    from .i18n import catalog_path, update_catalog
    from .render import SiteRenderer

    result = load_budgets(content, log=click.echo)
    with tempfile.TemporaryDirectory() as tmp:
        renderer = SiteRenderer(result.budgets, content, Path(tmp), log=lambda *a, **k: None, search=False)
        renderer.run()
    cov = renderer.tr.sentences_coverage
    sentences = dict(cov.where)  # in the order the pages show them
    # Sentences the label dictionary already translates need no catalog entry.
    sentences = {t: w for t, w in sentences.items() if t in cov.missing or renderer.tr.translate(t, "en")[1]}
    path = catalog_path(content)
    r = update_catalog(path, sentences)
    click.echo(
        f"{path}: {len(sentences)} sentences, {r.added} new, {r.kept} translated, "
        f"{r.untranslated} to translate, {r.obsolete} obsolete"
    )
    missing_labels = sorted(renderer.tr.labels_coverage.missing)
    for label in missing_labels:
        click.echo(f"label missing from {content / 'i18n' / 'terms.en.yml'}: {label}")
    if not result.ok:
        sys.exit(1)
