"""The command line: ``python -m generator …`` (installed: ``budget-site``).  A thin layer
over library functions; its exit codes are ``EXIT_CODES`` (shown by every ``--help``)."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .model import Budget

if TYPE_CHECKING:
    from .build.cache import ExtractionCache

# The exit codes (2 is click's, for a command not used right).
OK, FAILED, USAGE, UNREADABLE = 0, 1, 2, 3
EXIT_CODES = """\b
Exit codes:
  0  done
  1  a document or table could not be read (check: a figure does not add up)
  2  the command was not used right (an unknown option, a missing argument)
  3  check: the document or one of its tables could not be read"""
# A progress bar is drawn for a stage of at least this many budgets, on a terminal only.
PROGRESS_FROM = 10


class _Main(click.Group):
    """The commands; an error any of them meets in its input or its output folder is said in one
    line on stderr (exit 1), never as a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from .build.result import BuildError
        from .model import BudgetError
        from .output import OutputError

        try:
            return super().invoke(ctx)
        except (BudgetError, BuildError, OutputError) as e:
            click.echo(f"error: {e}", err=True)
            sys.exit(FAILED)


@click.group(cls=_Main, epilog=EXIT_CODES)
@click.version_option(__version__, "--version", "-V", prog_name="budget-site")
def main() -> None:
    """Departmental budgets → data packages and a bilingual static site."""


@contextmanager
def _bar(label: str, total: int) -> Iterator[Callable[[int], None]]:
    """click's progress bar on stdout, when it is a terminal and the stage is long; else none."""
    if total < PROGRESS_FROM or not sys.stdout.isatty():
        yield lambda n: None
        return
    with click.progressbar(length=total, label=f"{label:8}", show_pos=True) as bar:
        yield bar.update


FORCE = click.option("--force", is_flag=True, help="Replace the output folder even if it holds other files.")


BUILD_HELP = """Build site/ from every budget in content/.

\b
Environment:
  SITE_URL  the site's public address (e.g. https://<user>.github.io/<repo>/), used
            where absolute addresses are needed: sitemap.xml, robots.txt, the canonical
            and hreflang links, the JSON-LD's download URLs, the packages' homepage and
            sources, the data catalog; unset, links stay relative, and there is no
            sitemap.xml and no data/catalog.json.
  SOURCE_DATE_EPOCH  when the packages say they were made (seconds since 1970; `make
            site` sets the last commit's time), so a commit builds the same files
            anywhere; unset: the start of today (UTC)."""


def _executor_options(f: Callable[..., None]) -> Callable[..., None]:
    """``--executor`` and ``--scheduler``: where the build's workers run."""
    f = click.option(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="The Dask scheduler (e.g. tcp://10.0.0.5:8786) for --executor dask; without it, a LocalCluster of "
        "--jobs workers.  The site's folder and the cache must be on paths every worker shares.",
    )(f)
    return click.option(
        "--executor",
        type=click.Choice(["pool", "dask"]),
        default="pool",
        show_default=True,
        help="Where reading, packaging and pages run: local processes, or dask.distributed (pip install '.[dask]').",
    )(f)


def _check_executor(executor: str, scheduler: str | None) -> None:
    """A usage error for ``--scheduler`` without Dask, or Dask not installed."""
    from .build.workers import DASK_MISSING

    if scheduler and executor != "dask":
        raise click.UsageError("--scheduler is for --executor dask")
    # Found, not imported: a build with nothing to do starts no cluster and need not import it.
    if executor == "dask" and importlib.util.find_spec("distributed") is None:
        raise click.UsageError(DASK_MISSING)


def _cache_options(f: Callable[..., None]) -> Callable[..., None]:
    """``--cache``, ``--no-cache`` and ``--cache-url``: where what was read is kept."""
    f = click.option(
        "--cache-url",
        metavar="URL",
        default=None,
        help="Keep the cache's entries at this fsspec URL (s3://bucket/cache, file:///shared/cache) "
        "instead of under --cache, which then holds only the build's state: workers on other machines "
        "share it (pip install '.[dask]', and the filesystem's package, e.g. s3fs).",
    )(f)
    f = click.option("--no-cache", is_flag=True, help="Do not use the extraction cache.")(f)
    return click.option(
        "--cache",
        "cache_dir",
        type=click.Path(path_type=Path),
        default=Path(".cache/extract"),
        show_default=True,
        help="Extraction cache (content-addressed); --no-cache to read every document afresh.",
    )(f)


def _cache(folder: Path, off: bool, url: str | None) -> ExtractionCache:
    """The build's cache, as its options ask (a usage error where they cannot)."""
    from .build.cache import CacheURLError, ExtractionCache, check_url

    if url is None:
        return ExtractionCache(None if off else folder)
    if off:
        raise click.UsageError("--cache-url and --no-cache exclude each other")
    try:
        check_url(url)
    except CacheURLError as e:
        raise click.UsageError(str(e)) from None
    return ExtractionCache(folder, url=url)


@main.command(epilog=EXIT_CODES, help=BUILD_HELP)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--site", type=click.Path(path_type=Path), default=Path("site"), show_default=True)
@_cache_options
@click.option("--jobs", "-j", type=int, default=None, help="Processes for extraction (default: one per core).")
@_executor_options
@click.option("--quiet", "-q", is_flag=True, help="Say only warnings, errors and what was built.")
@click.option("--verbose", "-v", is_flag=True, help="Also say what was made and reused, and every untranslated string.")
@FORCE
def build(
    content: Path,
    site: Path,
    cache_dir: Path,
    no_cache: bool,
    cache_url: str | None,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    quiet: bool,
    verbose: bool,
    force: bool,
) -> None:
    """Build site/ from every budget in content/ (the help: ``BUILD_HELP``)."""
    from .build import build as run_build
    from .build.pipeline import Verbosity
    from .build.workers import ExecutorError

    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose exclude each other")
    _check_executor(executor, scheduler)
    cache = _cache(cache_dir, no_cache, cache_url)
    say = Verbosity(quiet, verbose, _bar if not quiet else Verbosity().progress)
    try:
        result = run_build(
            content,
            site,
            click.echo,
            cache=cache,
            jobs=jobs,
            say=say,
            force=force,
            executor=executor,
            scheduler=scheduler,
        )
    except ExecutorError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(FAILED)
    if not result.ok:
        sys.exit(FAILED)


@contextmanager
def _dictionaries() -> Iterator[None]:
    """A dictionary of content/i18n that is not well formed: said with its file and line."""
    from .classifications import ClassificationError

    try:
        yield
    except ClassificationError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(FAILED)


@main.command(epilog=EXIT_CODES)
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), required=True, help="Folder for the package.")
@click.option(
    "--content",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Where the English columns' dictionaries are (i18n/: the classifications, labels.en.csv, terms.en.yml, "
    "en.po); without them they stay empty.",
)
@FORCE
def extract(source: Path, out: Path, content: Path, force: bool) -> None:
    """Write the data package of one budget document (.pdf or .txt) into OUT.

    Exits 1 when the document cannot be read (nothing is written), or when a table it prints
    could not be read (the package is written without it, and names it as x-unreadable)."""
    from .package import write_package
    from .package.publication import publication
    from .package.write import check_out

    check_out(out, force)
    budget = _read(source, exit_code=FAILED)
    write_package(budget, out, publication(content), force=force)
    click.echo(f"wrote {out}/datapackage.json ({len(budget.tables)} resources)")
    if budget.failures:
        sys.exit(FAILED)


def _read(source: Path, exit_code: int) -> Budget:
    """The budget ``source`` reads as; its warnings and the tables it could not read said on
    stderr; a document that cannot be read said, and the command ends with ``exit_code``."""
    from .model import BudgetError
    from .read.extract import read_budget

    try:
        budget = read_budget(source)
    except BudgetError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(exit_code)
    for w in budget.warnings:
        click.echo(f"warning: {source}: {w}", err=True)
    for f in budget.failures:
        click.echo(f"error: {source}: {f}", err=True)
    return budget


@main.command()
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    default=None,
    help="The templates whose interface catalog (i18n/site.pot, i18n/en.po) to update [default: the site's].",
)
def strings(content: Path, templates: Path | None) -> None:
    """Update both catalogs: the site's interface (templates/i18n) and the documents' sentences
    (content/i18n/en.po).

    The interface's messages are extracted anew from the templates and the views into site.pot
    and merged into en.po (a changed message marked fuzzy, one no longer said kept as obsolete).
    Run it after adding a budget: its sentences are added untranslated, existing translations
    are kept, and those no page shows any more are kept as obsolete entries."""
    import tempfile

    from .build import build as run_build
    from .build.cache import ExtractionCache
    from .site.i18n import Sentences, catalog_path, update_catalog
    from .site.ui import catalog_dir, update_catalogs
    from .site.writer import TEMPLATES

    folder = templates if templates is not None else TEMPLATES
    ui = update_catalogs(folder, Path(__file__).resolve().parent)
    click.echo(
        f"{catalog_dir(folder) / 'en.po'}: {ui.messages} interface messages, {ui.untranslated} to translate, "
        f"{ui.fuzzy} fuzzy, {ui.obsolete} obsolete"
    )

    def errors_only(*args: object, file: object = None, **kw: object) -> None:
        if file is sys.stderr:  # warnings and errors; the build's progress is not this command's
            click.echo(" ".join(map(str, args)), err=True)

    with tempfile.TemporaryDirectory() as tmp, _dictionaries():  # the pages are built as `make site` builds them
        result = run_build(content, Path(tmp) / "site", log=errors_only, cache=ExtractionCache(None), search=False)
    tr, catalog = result.translations, Sentences.load(content)
    # In the order the pages show them; those the label dictionary translates need no entry.
    sentences = {
        t: w for t, w in tr.sentences.where.items() if t in tr.sentences.missing or catalog.translate(t, "en")[1]
    }
    path = catalog_path(content)
    r = update_catalog(path, sentences)
    click.echo(
        f"{path}: {len(sentences)} sentences, {r.added} new, {r.kept} translated, "
        f"{r.untranslated} to translate, {r.obsolete} obsolete"
    )
    for label in sorted(tr.labels.missing):
        click.echo(f"label missing from {content / 'i18n'} (labels.en.csv or terms.en.yml): {label}")
    if not result.ok:
        sys.exit(FAILED)


@main.command(epilog=EXIT_CODES)
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--engine", type=click.Choice(["argos"]), required=True, help="The local engine (argostranslate).")
@click.option("--limit", type=int, default=None, help="Translate at most this many entries.")
def translate(content: Path, engine: str, limit: int | None) -> None:
    """Pre-fill the untranslated sentences of content/i18n/en.po by machine translation.

    Optional, and never part of the build: each entry gets the engine's English marked fuzzy
    (shown on the site as a machine translation, not counted as translated) until a translator
    has reviewed it.  The engine runs locally; run `make strings` first so that the catalog
    holds every sentence."""
    from .site.i18n import catalog_path
    from .translate import ENGINES, EngineUnavailable, prefill

    try:
        run = ENGINES[engine]()
    except EngineUnavailable as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(FAILED)
    r = prefill(content, run, engine, limit)
    click.echo(f"{catalog_path(content)}: {r.translated} entries machine-translated (fuzzy), {r.skipped} left empty")
    for problem in r.problems:
        click.echo(f"check: {problem}")


@main.group()
def deploy() -> None:
    """Check or publish a built site: GitHub Pages (1 GB at most) or an S3-compatible bucket."""


SITE_ARG = click.option("--site", type=click.Path(path_type=Path, exists=True, file_okay=False), default=Path("site"))


@deploy.command("pages", epilog=EXIT_CODES)
@SITE_ARG
def deploy_pages(site: Path) -> None:
    """Check that GitHub Pages would publish SITE (the workflow uploads it): exit 1, saying
    what to do, when it is past Pages' 1 GB."""
    from .deploy import budgets_in, site_size

    size = site_size(site=site)
    click.echo(size.report())
    advice = size.advice(budgets_in(site), str(site))
    if not size.fits_pages:
        click.echo(f"error: {advice}", err=True)
        sys.exit(FAILED)
    if advice:
        click.echo(f"note: {advice}")


@deploy.command("s3", epilog=EXIT_CODES)
@SITE_ARG
@click.option("--bucket", required=True, help="The bucket's name.")
@click.option("--prefix", default="", help="Where in the bucket the site goes (e.g. budgets/2024).")
@click.option("--endpoint-url", default=None, help="An S3-compatible service's address (MinIO, R2, OSS, COS…).")
@click.option("--delete", is_flag=True, help="Also delete what the bucket holds under the prefix and SITE does not.")
@click.option("--dry-run", is_flag=True, help="Only say what would be uploaded and deleted.")
def deploy_s3(site: Path, bucket: str, prefix: str, endpoint_url: str | None, delete: bool, dry_run: bool) -> None:
    """Upload to an S3-compatible bucket only the files of SITE that it lacks or holds with
    other bytes (each with its type and how long it may be cached).  Needs boto3 (pip install
    '.[s3]'); credentials and region as boto3 finds them (AWS_ACCESS_KEY_ID, …)."""
    from . import deploy as publish

    try:
        import boto3
    except ImportError:
        raise click.UsageError("deploy s3 needs boto3: pip install '.[s3]'") from None
    client = boto3.client("s3", endpoint_url=endpoint_url)
    try:
        publish.deploy_s3(site, client, bucket, prefix, delete=delete, dry_run=dry_run, log=click.echo)
    except Exception as e:  # botocore's errors: credentials, a missing bucket, the network
        click.echo(f"error: s3://{bucket}/{prefix}: {type(e).__name__}: {e}", err=True)
        sys.exit(FAILED)


@main.command()
@click.option("--content", type=click.Path(path_type=Path), default=Path("content"), show_default=True)
@click.option("--sizes", default="5,100,1000", show_default=True, help="Corpus sizes, comma-separated.")
@click.option("--work", type=click.Path(path_type=Path), default=Path(".cache/bench"), show_default=True)
@click.option("--jobs", "-j", type=int, default=None, help="Processes for the builds (default: one per core).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None, help="Also write the figures here.")
@click.option("--executor", type=click.Choice(["pool", "dask"]), default="pool", show_default=True)
def bench(content: Path, sizes: str, work: Path, jobs: int | None, json_out: Path | None, executor: str) -> None:
    """Time full, unchanged and one-changed builds of synthetic corpora of N budgets."""
    import os

    from .build.bench import bench as run_bench
    from .build.bench import to_json

    click.echo(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    _check_executor(executor, None)
    sizes_ = [int(s) for s in sizes.split(",") if s.strip()]
    results = run_bench(content, sizes_, work / executor, jobs, log=click.echo, executor=executor)
    if json_out:
        json_out.write_text(to_json(results) + "\n", encoding="utf-8")


@main.command(epilog=EXIT_CODES)
@click.argument("source", type=click.Path(path_type=Path))
@click.option(
    "--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the messages."
)
@click.option("--quiet", is_flag=True, help="Leave out rounding differences and explained ones.")
def check(source: Path, lang: str, quiet: bool) -> None:
    """Check the arithmetic of one budget document (.pdf or .txt) and print what does not add up.

    Exits 1 when a figure is inconsistent (severity error), 3 when the document or one of its
    tables cannot be read (the tables read are still checked), else 0: a department can check
    its draft before publishing it."""
    from .checks import count, format_finding, format_summary, has_errors, run_checks

    budget = _read(source, exit_code=UNREADABLE)
    findings = run_checks(budget)
    for f in findings:
        if quiet and f.severity in ("rounding", "info"):
            continue
        click.echo(format_finding(f, lang, source=str(source)))
    click.echo(format_summary(count(findings), lang))
    if budget.failures:
        sys.exit(UNREADABLE)
    if has_errors(findings):
        sys.exit(FAILED)


def run() -> None:
    """The program (``python -m generator``, ``budget-site``): ``main``, then the process ends
    at once with its exit code, its output flushed, without freeing one by one what the command
    built (a one-budget rebuild of 10,000 budgets holds about 870,000 objects in reference cycles:
    the interpreter's last collection took a second of its 13.6 s; docs/performance.md).  Every
    file the commands write is closed before they return, so nothing is lost."""
    import os

    try:
        main()
        code: object = 0
    except SystemExit as e:
        code = e.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = FAILED
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code or 0)
