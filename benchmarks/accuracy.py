"""Cells exact, per route and layout, on the corpus rendered from the hand-checked goldens.

    make accuracy                                    # the full matrix
    .venv/bin/python benchmarks/accuracy.py --budget 2024-luohu-smart-city-center --layout rl-cid-grid --route pdf
    .venv/bin/python benchmarks/accuracy.py --json accuracy.json --by-budget --diffs 10
    .venv/bin/python benchmarks/accuracy.py --unseen 4 --seed 7   # 4 layouts drawn at random

Every golden budget (tests/golden/<budget-id>/) × every layout (tests/corpus/layouts.py) × every
route (the PDF, pdftotext -layout, pdftotext, pdfplumber's extract_text()): each document is
rendered from its variant of the golden (amounts × k, department renamed), read by the project's
reader, and compared cell by cell with the variant's expected CSVs (findings excluded).  A cell
is exact, WRONG (published and not the golden's: the worst outcome) or missing (its table is not
in the package, or the document raised).  Rendered PDFs are kept in .cache/accuracy/.

The eleven layouts are the ones the reader has been developed against.  ``--unseen N`` draws N
other layouts at random from the same knobs (fonts, producer, rules, headers, continuation pages,
running headers, page numbers, separators, titles, sizes, column widths), seeded so a run can be
repeated: a check of whether the reader generalises, not a figure to tune against.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus import matrix  # noqa: E402
from corpus.compare import Count  # noqa: E402
from corpus.goldens import golden_ids  # noqa: E402
from corpus.layouts import BY_NAME, CID_FONT, CSS_FONTS, FONT_FILES, PAGE_NUMBERS, TITLES, Layout  # noqa: E402
from corpus.matrix import DocSpec, Result  # noqa: E402
from corpus.routes import ROUTES  # noqa: E402


def unseen_layouts(n: int, seed: int) -> list[Layout]:
    """``n`` layouts drawn at random from the knobs' values (the same seed draws the same ones)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        producer = rng.choice(("reportlab", "chromium"))
        fonts = [CID_FONT, *FONT_FILES] if producer == "reportlab" else list(CSS_FONTS)
        wide, rules = rng.choice(("landscape", "portrait")), rng.choice(("grid", "three-line", "none"))
        portrait = wide == "portrait"  # narrow columns, larger type: labels and amounts wrap
        out.append(
            Layout(
                f"u{seed}.{i}-{producer[:2]}-{rules}-{wide}",
                producer,
                rng.choice(fonts),
                rng.choice(fonts),
                wide=wide,
                rules=rules,
                headers=rng.choice(("merged", "flat")),
                repeat_header=rng.random() < 0.5,
                continued=rng.random() < 0.5,
                running_header=rng.random() < 0.5,
                page_number=rng.choice(PAGE_NUMBERS),
                thousands=rng.random() < 0.5,
                title=rng.choice(TITLES),
                indent=rng.random() < 0.5,
                table_size=rng.choice((8.0, 8.5, 9.0, 9.5, 10.0) if portrait else (7.0, 7.5, 8.0, 8.5, 9.0)),
                label_width=rng.choice((0.5, 0.6, 0.7) if portrait else (0.6, 0.8, 1.0)),
            )
        )
    return out


def unseen_documents(layouts: list[Layout], budgets: list[str] | None) -> list[DocSpec]:
    ids = golden_ids()
    return [
        DocSpec(b, layout, matrix.variant_for(bi, li))
        for bi, b in enumerate(ids)
        for li, layout in enumerate(layouts)
        if not budgets or b in budgets
    ]


def _run(spec: DocSpec, routes: tuple[str, ...], cache: str) -> list[Result]:
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's fonts: "Could not get FontBBox"
    return matrix.run_document(spec, routes, Path(cache))


def run(specs: list[DocSpec], routes: tuple[str, ...], cache: Path, jobs: int) -> list[Result]:
    results: list[Result] = []
    if jobs <= 1:
        for spec in specs:
            results += _run(spec, routes, str(cache))
            print(f"  {spec.name}", file=sys.stderr)
        return results
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(_run, spec, routes, str(cache)): spec for spec in specs}
        for done, future in enumerate(as_completed(futures), start=1):
            results += future.result()
            print(f"  [{done}/{len(specs)}] {futures[future].name}", file=sys.stderr)
    return results


def pct(c: Count) -> str:
    return f"{100 * c.exact / c.total:5.1f} %" if c.total else "    – "


def table(results: list[Result], row_key, rows: list[str], routes: tuple[str, ...]) -> list[str]:
    cells: dict[tuple[str, str], Count] = defaultdict(Count)
    for r in results:
        if r.corpus_problems:
            continue
        for key in (row_key(r), "all"):
            for route in (r.route, "all"):
                cells[key, route].add(r.score.total)
    width = max(len(x) for x in [*rows, "all"]) + 2
    head = "".join(f"{x:>18}" for x in (*routes, "all"))
    out = [f"{'':{width}}{head}"]
    for key in [*rows, "all"]:
        out.append(f"{key:{width}}" + "".join(f"{pct(cells[key, route]):>18}" for route in (*routes, "all")))
    return out


def report(results: list[Result], routes: tuple[str, ...], by_budget: bool, by_resource: bool, diffs: int) -> str:
    order = [*BY_NAME, *sorted({r.layout for r in results} - set(BY_NAME))]
    layouts = sorted({r.layout for r in results}, key=order.index)
    budgets = sorted({r.budget_id for r in results})
    total = Count()
    for r in results:
        if not r.corpus_problems:
            total.add(r.score.total)
    lines = ["cells exact, by layout (rows) and route (columns)", *table(results, lambda r: r.layout, layouts, routes)]
    if by_budget:
        lines += ["", "cells exact, by budget and route", *table(results, lambda r: r.budget_id, budgets, routes)]
    if by_resource:
        lines += ["", *_by_resource(results)]
    lines += [
        "",
        f"cells: {total.total}   exact: {total.exact}   WRONG (published, not the golden's): {total.wrong}"
        f"   missing (table not published): {total.missing}   extra rows' cells: {total.extra}",
    ]
    bad = [r for r in results if r.corpus_problems]
    if bad:
        lines += ["", f"CORPUS PROBLEMS (left out of the figures): {len(bad)} combinations"]
        lines += [f"  {r.name}: {p}" for r in bad for p in r.corpus_problems[:3]]
    raised = [r for r in results if r.score.error]
    lines += ["", f"documents that raised: {len(raised)} of {len(results)}"]
    lines += [f"  {r.name}: {r.score.error[:220]}" for r in raised]
    lines += ["", "first differences of each failing combination (WRONG first)", *_diffs(results, diffs)]
    return "\n".join(lines)


def _by_resource(results: list[Result]) -> list[str]:
    per: dict[str, Count] = defaultdict(Count)
    for r in results:
        if not r.corpus_problems:
            for resource, c in r.score.resources.items():
                per[resource].add(c)
    out = [f"{'resource':34}{'exact':>9}{'cells':>9}{'wrong':>9}{'missing':>9}"]
    for resource, c in sorted(per.items()):
        out.append(f"{resource:34}{pct(c):>9}{c.total:>9}{c.wrong:>9}{c.missing:>9}")
    return out


def _diffs(results: list[Result], n: int) -> list[str]:
    out: list[str] = []
    for r in sorted(results, key=lambda r: r.name):
        c = r.score.total
        if c.exact == c.total and not c.extra:
            continue
        out.append(
            f"{r.name} ({r.variant}): {c.exact}/{c.total} exact, {c.wrong} WRONG, {c.missing} missing, {c.extra} extra"
        )
        if r.score.error:
            out.append(f"    raised: {r.score.error[:300]}")
            continue
        failures = "; ".join(r.score.failures)
        if failures:
            out.append(f"    unreadable: {failures[:300]}")
        for d in r.score.diffs[:n]:
            if d.kind == "missing":
                out.append(f"    missing {d.resource} (not in the package)")
            elif d.kind == "extra":
                out.append(f"    EXTRA   {d.resource} row {d.line}: {d.got}")
            else:
                got, want = excerpt(d.got, d.expected)
                out.append(f"    WRONG   {d.resource} row {d.line} {d.field}: got {got}, expected {want}")
    return out


def excerpt(got: str | None, expected: str | None, room: int = 36) -> tuple[str, str]:
    """Both values, or around their first difference when they are long."""
    if got is None or expected is None:
        return (repr(got)[: 2 * room] + "…" if got and len(got) > 2 * room else repr(got)), (
            repr(expected)[: 2 * room] + "…" if expected and len(expected) > 2 * room else repr(expected)
        )
    if max(len(got), len(expected)) <= 2 * room:
        return repr(got), repr(expected)
    i = next((k for k, (a, b) in enumerate(zip(got, expected, strict=False)) if a != b), min(len(got), len(expected)))
    start = max(0, i - room // 2)

    def cut(text: str) -> str:
        return ("…" if start else "") + repr(text[start : start + room]) + ("…" if start + room < len(text) else "")

    return cut(got), cut(expected)


def to_json(results: list[Result], seconds: float) -> dict:
    combos = []
    for r in results:
        c = r.score.total
        combos.append({
            "name": r.name, "budget": r.budget_id, "layout": r.layout, "route": r.route, "variant": r.variant,
            **{k: v for k, v in asdict(c).items()}, "error": r.score.error, "unreadable": r.score.failures,
            "corpus_problems": r.corpus_problems,
            "resources": {k: asdict(v) for k, v in r.score.resources.items()},
            "first_differences": [asdict(d) for d in r.score.diffs[:50]],
        })  # fmt: skip
    return {"seconds": round(seconds, 1), "combinations": combos}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--budget", action="append", help="a golden budget id (repeatable; default: all)")
    ap.add_argument("--layout", action="append", choices=list(BY_NAME), help="a layout (repeatable; default: all)")
    ap.add_argument("--route", action="append", choices=ROUTES, help="a route (repeatable; default: all)")
    ap.add_argument("--unseen", type=int, metavar="N", help="N layouts drawn at random instead of the eleven")
    ap.add_argument("--seed", type=int, help="the draw of --unseen (default: a new one, printed)")
    ap.add_argument("--json", type=Path, help="write the figures to this file")
    ap.add_argument(
        "--valign",
        choices=("middle", "top", "bottom"),
        default="middle",
        help="every layout's cells aligned so (their names get -top / -bottom; default middle)",
    )
    ap.add_argument("--by-budget", action="store_true", help="also cells exact per budget")
    ap.add_argument("--by-resource", action="store_true", help="also cells exact per resource")
    ap.add_argument("--diffs", type=int, default=5, help="differences shown per failing combination (default 5)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per core)")
    ap.add_argument("--cache", type=Path, default=matrix.CACHE, help="work folder (default .cache/accuracy)")
    args = ap.parse_args()
    if args.unseen:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10_000)
        print(f"unseen layouts: --unseen {args.unseen} --seed {seed}", file=sys.stderr)
        specs = unseen_documents(unseen_layouts(args.unseen, seed), args.budget)
    else:
        specs = matrix.documents(args.budget, args.layout)
    if not specs:
        ap.error("no combination matches")
    if args.valign != "middle":
        specs = [matrix.aligned(s, args.valign) for s in specs]
    routes = tuple(args.route or ROUTES)
    start = time.perf_counter()
    print(
        f"{len({s.budget_id for s in specs})} budgets × {len({s.layout for s in specs})} layouts × {len(routes)} routes",
        file=sys.stderr,
    )
    results = run(specs, routes, args.cache, args.jobs)
    seconds = time.perf_counter() - start
    print(report(results, routes, args.by_budget, args.by_resource, args.diffs))
    print(f"\n{len(results)} combinations in {seconds:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps(to_json(results, seconds), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
