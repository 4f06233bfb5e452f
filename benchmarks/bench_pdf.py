"""Pages per second of the PDF route, on the five seed budgets printed as PDFs.

    .venv/bin/python benchmarks/bench_pdf.py [--repeat N]

The PDFs are rendered first (tests/pdf_fixtures.py, the same documents the tests read) and
not timed.  Then, for each, the best of N runs of:

- read:    generator.read.pdf.read_pdf_lines — pdfplumber parsing the pages, tables found by their
           rules, cells and paragraphs → Lines;
- extract: generator.read.extract.read_budget — the same plus the shared parser, i.e. what
           ``python -m generator extract x.pdf`` does before writing the package.

No cache is involved: each run reads the bytes from scratch.
"""

from __future__ import annotations

import argparse
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
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per document; the best is kept (default 3)")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    try:
        docs = []
        for txt in sorted(SEEDS.glob("*.txt")):
            pdf = work / f"{txt.stem}.pdf"
            pdf.write_bytes(render_budget(read_budget(txt), STYLES[txt.stem]))
            shutil.copy(txt.with_suffix(".yml"), pdf.with_suffix(".yml"))
            docs.append(pdf)
        print(f"python {platform.python_version()} on {platform.machine()}, best of {args.repeat} runs\n")
        print(f"{'document':44} {'pages':>5} {'read s':>8} {'pages/s':>8} {'extract s':>10} {'pages/s':>8}")
        total_pages = total_read = total_extract = 0.0
        for pdf in docs:
            data = pdf.read_bytes()
            pages = read_pdf_lines(data, str(pdf))[1]
            t_read = best(args.repeat, lambda data=data, pdf=pdf: read_pdf_lines(data, str(pdf)))
            t_extract = best(args.repeat, lambda pdf=pdf: read_budget(pdf))
            total_pages += pages
            total_read += t_read
            total_extract += t_extract
            print(
                f"{pdf.stem:44} {pages:5d} {t_read:8.2f} {pages / t_read:8.1f} {t_extract:10.2f} {pages / t_extract:8.1f}"
            )
        print(
            f"{'all five':44} {int(total_pages):5d} {total_read:8.2f} {total_pages / total_read:8.1f} "
            f"{total_extract:10.2f} {total_pages / total_extract:8.1f}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
