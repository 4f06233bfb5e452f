"""Pages per second of the PDF route, on the five seed budgets printed as PDFs.

    .venv/bin/python benchmarks/bench_pdf.py [--repeat N]

The PDFs are rendered first (tests/pdf_fixtures.py, the same documents the tests read) and
not timed.  Then, for each, the best of N runs of:

- read:    generator.read.pdf.read_pdf_lines — pdfplumber parsing the pages, tables found by their
           rules, cells and paragraphs → Lines;
- extract: generator.read.extract.read_budget — the same plus the shared parser, i.e. what
           ``python -m generator extract x.pdf`` does before writing the package;
- pdfplumber: pdfplumber's own ``extract_tables()`` and ``extract_text()`` on every page of the
           same PDF (default settings), the yardstick: the PDF route is to stay within 1.5× it
           (issue 9).  ``read ÷ plumber`` is the ratio, measured in the same run, the two timed
           one after the other for each document.

Times are the process's CPU time (the machine is shared: CPU time is what others' load does not
inflate); no cache is involved: each run reads the bytes from scratch.  ``--corpus`` also times the
corpus documents rendered by ``make accuracy`` (in .cache/accuracy/, when there), one per layout.
"""

from __future__ import annotations

import argparse
import io
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from pdf_fixtures import STYLES, render_budget  # noqa: E402

from generator.read.extract import read_budget  # noqa: E402
from generator.read.pdf import read_pdf_lines  # noqa: E402

SEEDS = ROOT / "content" / "budgets" / "2024"


def best(repeat: int, fn) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def plumber(data: bytes) -> None:
    """pdfplumber's own reading of every page: its tables and its text."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.extract_text()


def corpus_documents() -> list[Path]:
    """One rendered corpus document per layout (the first budget's), when make accuracy has run."""
    out: dict[str, Path] = {}
    for meta in sorted((ROOT / ".cache" / "accuracy" / "read").glob("*/pdf/*.yml")):
        layout = meta.parts[-3].split("~")[1]
        pdf = meta.with_suffix(".pdf")
        if pdf.exists() and layout not in out:
            out[layout] = pdf
    return [out[k] for k in sorted(out)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per document; the best is kept (default 3)")
    ap.add_argument("--corpus", action="store_true", help="also the corpus documents of make accuracy, if rendered")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        docs = []
        for txt in sorted(SEEDS.glob("*.txt")):
            if txt.stem not in STYLES:
                continue
            pdf = work / f"{txt.stem}.pdf"
            pdf.write_bytes(render_budget(read_budget(txt), STYLES[txt.stem]))
            shutil.copy(txt.with_suffix(".yml"), pdf.with_suffix(".yml"))
            docs.append((txt.stem, pdf))
        if args.corpus:
            docs += [(pdf.parts[-3].split("~")[1], pdf) for pdf in corpus_documents()]
        print(f"python {platform.python_version()} on {platform.machine()}, best of {args.repeat} runs\n")
        head = f"{'document':44} {'pages':>5} {'read s':>8} {'pages/s':>8} {'extract s':>10} {'pages/s':>8}"
        print(f"{head} {'plumber s':>10} {'read ÷ plumber':>15}")
        totals = [0.0, 0.0, 0.0, 0.0]  # pages, read, extract, pdfplumber
        for name, pdf in docs:
            data = pdf.read_bytes()
            pages = read_pdf_lines(data, str(pdf))[1]
            t_read = best(args.repeat, lambda data=data, pdf=pdf: read_pdf_lines(data, str(pdf)))
            t_plumber = best(args.repeat, lambda data=data: plumber(data))
            t_extract = best(args.repeat, lambda pdf=pdf: read_budget(pdf))
            for k, v in enumerate((pages, t_read, t_extract, t_plumber)):
                totals[k] += v
            print(
                f"{name[:44]:44} {pages:5d} {t_read:8.2f} {pages / t_read:8.1f} {t_extract:10.2f} "
                f"{pages / t_extract:8.1f} {t_plumber:10.2f} {t_read / t_plumber:15.2f}"
            )
        pages, t_read, t_extract, t_plumber = totals
        print(
            f"{'all':44} {int(pages):5d} {t_read:8.2f} {pages / t_read:8.1f} {t_extract:10.2f} "
            f"{pages / t_extract:8.1f} {t_plumber:10.2f} {t_read / t_plumber:15.2f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
