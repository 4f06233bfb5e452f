"""The combinations: every golden budget × every layout × every route.  One document per
budget × layout (its four routes read the same PDF), with a variant picked by position so that
each budget is seen at every scale and under every name:

    document    <budget-id>~<layout>            e.g. 2024-luohu-smart-city-center~rl-zenhei-threeline
    combination <budget-id>~<layout>~<route>    e.g. …~rl-zenhei-threeline~pdftotext-layout
    variant     k<scale>[-<renamed to>]         e.g. k7-nanshan

Rendered PDFs are kept in a work folder keyed by a hash of what they are made from (the
expected CSVs and metadata, the layout, the corpus's code), with their pages' words and their
self-check, so a rerun reads them back instead of rendering again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from . import chromium_pdf, document, goldens, reportlab_pdf, selfcheck
from .compare import Score, compare
from .goldens import ExpectedDoc
from .layouts import LAYOUTS, Layout
from .routes import ROUTES, read_package, source_for
from .variants import RENAMES, Variant, apply

SCALES = (1, 3, 7, 13)
NAMES = (None, *RENAMES)
CACHE = goldens.ROOT / ".cache" / "accuracy"


@dataclass(frozen=True)
class DocSpec:
    budget_id: str
    layout: Layout
    variant: Variant

    @property
    def name(self) -> str:
        return f"{self.budget_id}~{self.layout.name}"

    @property
    def slug(self) -> str:
        """The file name the document gets (a valid slug of its own)."""
        return f"{self.budget_id.split('-', 1)[1]}-{self.variant.name}"


def variant_for(budget_index: int, layout_index: int) -> Variant:
    k = SCALES[(budget_index + layout_index) % len(SCALES)]
    rename = NAMES[(2 * budget_index + layout_index) % len(NAMES)]
    return Variant(k, rename)


def documents(budgets: list[str] | None = None, layouts: list[str] | None = None) -> list[DocSpec]:
    """The matrix's documents (all, or those of the budgets and layouts named)."""
    out = []
    for bi, budget in enumerate(goldens.golden_ids()):
        for li, layout in enumerate(LAYOUTS):
            if (budgets and budget not in budgets) or (layouts and layout.name not in layouts):
                continue
            out.append(DocSpec(budget, layout, variant_for(bi, li)))
    return out


def aligned(spec: DocSpec, valign: str) -> DocSpec:
    """The document with its layout's cells aligned ``valign`` ("top", "bottom"; its layout
    named so, ``rl-cid-grid-top``): a knob of its own, kept out of the eleven layouts and the
    draws so that their documents (and figures) stay what they were."""
    layout = dataclasses.replace(spec.layout, name=f"{spec.layout.name}-{valign}", valign=valign)
    return dataclasses.replace(spec, layout=layout)


def radicals(layout: Layout) -> bool:
    """The text layer carries radicals for some ideographs (Chromium with Noto CJK, tounicode)."""
    return layout.producer == "chromium" and any(f.startswith("noto") for f in layout.fonts)


def _code_hash() -> str:
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()


def doc_key(expected: ExpectedDoc, layout: Layout) -> str:
    h = hashlib.sha256(_code_hash().encode())
    h.update(repr(layout).encode())
    if layout.valign != "middle":
        h.update(f"valign={layout.valign}".encode())
    h.update(expected.yml_text().encode())
    for resource in sorted(expected.rows):
        h.update(resource.encode() + b"\0" + expected.csv_text(resource).encode())
    return h.hexdigest()[:20]


@dataclass
class Rendered:
    pdf: Path
    pages: list[selfcheck.PageText]
    problems: list[str]  # the self-check's (empty: the PDF prints what it should)
    seconds: float = 0.0


def rendered(spec: DocSpec, expected: ExpectedDoc, cache: Path = CACHE) -> Rendered:
    """The document's PDF, its pages' words and its self-check, from the cache when there."""
    import time

    folder = cache / "pdf" / doc_key(expected, spec.layout)
    pdf, meta = folder / "document.pdf", folder / "pages.json"
    if pdf.exists() and meta.exists():
        data = json.loads(meta.read_text(encoding="utf-8"))
        pages = [selfcheck.PageText(tuple(p["words"]), p["text"]) for p in data["pages"]]
        return Rendered(pdf, pages, data["problems"])
    start = time.perf_counter()
    printed = document.build(expected, spec.layout)
    producer = reportlab_pdf if spec.layout.producer == "reportlab" else chromium_pdf
    folder.mkdir(parents=True, exist_ok=True)
    # Names of this process's own, each put in place whole: several runs may share the cache.
    tmp, meta_tmp = folder / f"document.pdf.{os.getpid()}.tmp", folder / f"pages.json.{os.getpid()}.tmp"
    tmp.write_bytes(producer.render(printed, spec.layout))
    pages = selfcheck.read_pages(tmp)
    problems = selfcheck.check(printed, pages, spec.layout.title, radicals(spec.layout))
    meta_tmp.write_text(
        json.dumps({"pages": [asdict(p) for p in pages], "problems": problems}, ensure_ascii=False), encoding="utf-8"
    )
    meta_tmp.replace(meta)
    tmp.replace(pdf)
    return Rendered(pdf, pages, problems, time.perf_counter() - start)


@dataclass
class Result:
    name: str  # the combination's name
    budget_id: str
    layout: str
    route: str
    variant: str
    score: Score
    corpus_problems: list[str]  # the PDF failed its self-check: not the reader's fault
    seconds: float


def run_document(spec: DocSpec, routes: tuple[str, ...] = ROUTES, cache: Path = CACHE) -> list[Result]:
    """Render (or reuse) one document and read it through each route."""
    import time

    expected = apply(goldens.load(spec.budget_id), spec.variant)
    doc = rendered(spec, expected, cache)
    out = []
    for route in routes:
        start = time.perf_counter()
        work = cache / "read" / spec.name / route
        shutil.rmtree(work, ignore_errors=True)
        source = source_for(route, doc.pdf, doc.pages, work, spec.slug, expected.yml_text())
        try:
            score = compare(expected, read_package(source))
        except Exception as e:  # the document raised: everything missing, the message kept
            message = f"{type(e).__name__}: {e}".replace(f"{work}/", "")
            if not str(e):
                message += " " + traceback.format_exc(limit=-1).strip().splitlines()[-1]
            score = compare(expected, None, message)
        name = f"{spec.name}~{route}"
        out.append(
            Result(
                name,
                spec.budget_id,
                spec.layout.name,
                route,
                spec.variant.name,
                score,
                doc.problems,
                time.perf_counter() - start,
            )
        )
    return out
