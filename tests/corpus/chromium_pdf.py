"""The second producer: Chromium printing HTML (Playwright driving Debian's /usr/bin/chromium),
CJK fonts by CSS font-family.  HTML tables with <thead> (Chromium repeats it on every page, or
the header rows are put in the body when the layout does not repeat them), rowspan/colspan
merged cells, CSS borders for a full grid, three rules or none; the running header and the
page numbers are Chromium's header and footer templates.

Chromium breaks the lines itself: every run of characters that must stay on one line (an ASCII
run, a space beside a CJK character) is a ``white-space: nowrap`` span, so a break can only fall
where ``breaks`` allows it; amounts may wrap anywhere (``word-break: break-all``)."""

from __future__ import annotations

import atexit
import contextlib
from concurrent.futures import ThreadPoolExecutor
from html import escape
from typing import Any

from .breaks import atoms
from .layouts import CSS_FONTS, Layout
from .printed import Band, Cell, Document, Para, Table, title_lines

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]  # fmt: skip
_browser: dict[str, Any] = {}
# Playwright's sync API belongs to the thread that started it and refuses a thread running an
# asyncio loop (as the browser tests' own Playwright does): one thread of its own does it all.
_thread = ThreadPoolExecutor(1, thread_name_prefix="corpus-chromium")


def _page() -> Any:
    """One browser per process, started on first use."""
    if "page" not in _browser:
        from playwright.sync_api import sync_playwright

        pw = sync_playwright().start()
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        _browser.update(pw=pw, browser=browser, page=browser.new_page())
        atexit.register(close)
    return _browser["page"]


def close() -> None:
    # at exit, after the thread was shut down, submitting fails: the driver ends with the process
    with contextlib.suppress(RuntimeError):
        _thread.submit(_close).result()


def _close() -> None:
    if "browser" in _browser:
        _browser.pop("page")
        _browser.pop("browser").close()
        _browser.pop("pw").stop()


def render(doc: Document, layout: Layout) -> bytes:
    return _thread.submit(_render, doc, layout).result()


def _render(doc: Document, layout: Layout) -> bytes:
    page = _page()
    page.set_content(html(doc, layout), wait_until="load")
    page.evaluate("document.fonts.ready")
    return page.pdf(
        format="A4",
        landscape=False,
        prefer_css_page_size=True,
        display_header_footer=True,
        header_template=_furniture(doc.running_header if layout.running_header else "", layout),
        footer_template=_furniture(layout.page_number, layout, numbers=True),
    )


def _furniture(text: str, layout: Layout, numbers: bool = False) -> str:
    body = escape(text)
    if numbers:
        body = body.replace("{n}", '<span class="pageNumber"></span>').replace(
            "{total}", '<span class="totalPages"></span>'
        )
    style = f"font-family:{CSS_FONTS[layout.font]};font-size:9pt;width:100%;text-align:center;"
    return f'<div style="{style}">{body}</div>'


def inline(text: str, kind: str) -> str:
    """Escaped text whose lines can only break at the safe places."""
    if kind in ("number", "head"):
        return escape(text)
    out = []
    for a in atoms(text, kind):
        lead, core = (" ", a[1:]) if a.startswith(" ") else ("", a)
        out.append(lead + (f'<span class="nw">{escape(core)}</span>' if len(core) > 1 else escape(core)))
    return "".join(out)


def css(layout: Layout) -> str:
    body_font, table_font = CSS_FONTS[layout.font], CSS_FONTS[layout.table_font]
    wide = (
        "size: A4 landscape; margin: 18mm 12mm;"
        if layout.wide == "landscape"
        else "size: A4 portrait; margin: 22mm 16mm;"
    )
    para = "text-indent: 2em; margin: 0;" if layout.indent else "margin: 0.8em 0 0 0;"
    rules = {
        "grid": "td, th { border: 0.5pt solid #000; }",
        "three-line": "th.top { border-top: 1pt solid #000; } th.under { border-bottom: 0.5pt solid #000; }"
        " table.body tr:last-child td { border-bottom: 1pt solid #000; }",
        "none": "",
    }[layout.rules]
    return f"""
@page {{ size: A4 portrait; margin: 22mm 19mm; }}
@page wide {{ {wide} }}
body {{ font-family: {body_font}; font-size: 12pt; line-height: 1.6; margin: 0; }}
section {{ break-before: page; }}
section.wide {{ page: wide; }}
.cover {{ margin-top: 70mm; text-align: center; font-size: 22pt; font-weight: bold; }}
.date {{ margin-top: 110mm; text-align: center; font-size: 14pt; }}
.ctitle, .part {{ text-align: center; font-size: 17pt; font-weight: bold; margin: 0 0 0.6em 0; }}
.divider {{ margin-top: 70mm; text-align: center; font-size: 22pt; font-weight: bold; }}
.contents {{ font-size: 11pt; margin: 0; }}
p.body, p.heading {{ {para} }}
p.heading {{ font-weight: bold; }}
.tnum {{ text-align: center; font-size: 11pt; margin: 0; }}
.ttitle {{ text-align: center; font-size: 15pt; font-weight: bold; margin: 0; }}
.unitline {{ display: flex; justify-content: space-between; font-size: 9pt; margin: 0.3em 0; }}
.note {{ font-size: 8pt; margin-top: 0.8em; }}
table {{ border-collapse: collapse; table-layout: auto; margin: 0 auto; font-family: {table_font};
        font-size: {layout.table_size}pt; line-height: 1.25; }}
table.inline {{ font-size: 9.5pt; margin-top: 0.5em; margin-bottom: 0.5em; }}
td, th {{ padding: {"2pt" if layout.rules == "grid" else "2pt 4pt"}; vertical-align: {layout.valign}; font-weight: normal;
          overflow-wrap: normal; }}
th {{ text-align: center; }}
td.number {{ text-align: right; word-break: break-all; }}
td.head {{ text-align: center; }}
tr {{ break-inside: avoid; }}
.nw {{ white-space: nowrap; }}
table.perf td, table.perf th {{ border: 0.5pt solid #000; }}
{"table.perf, table.perf + table.perf { margin-top: -0.5pt; }" if layout.rules == "grid" else ""}
{rules}
"""


def html(doc: Document, layout: Layout) -> str:
    sections: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            if block.title:
                sections.append(_table_section(doc, block, layout))
            else:
                sections[-1] += _table(block, layout, inline_table=True)
            continue
        html_block = _para(block)
        if block.style in ("cover", "contents-title", "part", "divider"):
            sections.append(html_block)
        else:
            sections[-1] += html_block
    body = "".join(f"<section>{s}</section>" if not s.startswith("<section") else s for s in sections)
    return f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{css(layout)}</style></head><body>{body}</body></html>'


_CLASSES = {"cover": "cover", "date": "date", "contents-title": "ctitle", "contents": "contents", "part": "part",
            "divider": "divider", "heading": "heading", "body": "body"}  # fmt: skip


def _para(p: Para) -> str:
    tag = "p" if p.style in ("body", "heading", "contents") else "div"
    return f'<{tag} class="{_CLASSES[p.style]}">{inline(p.text, "text")}</{tag}>'


def _table_section(doc: Document, t: Table, layout: Layout) -> str:
    lines = title_lines(t, layout.title)
    head = "".join(f'<div class="tnum">{escape(x)}</div>' for x in lines[:-1])
    head += f'<div class="ttitle">{escape(lines[-1])}</div>'
    left = f"单位名称：{doc.department}" if t.unit_line else f"{doc.year}年度"
    head += f'<div class="unitline"><span>{escape(left)}</span><span>单位：万元</span></div>'
    note = f'<div class="note">{escape(t.note)}</div>' if t.note else ""
    wide = ' class="wide"' if t.wide and layout.wide == "landscape" else ""
    return f"<section{wide}>{head}{_table(t, layout)}{note}</section>"


def _table(t: Table, layout: Layout, inline_table: bool = False) -> str:
    page_width = 770.0 if t.wide and layout.wide == "landscape" else 530.0 if layout.wide == "landscape" else 500.0
    scale = min(1.0, page_width / sum(t.widths))
    cols = "".join(f'<col style="width:{w * scale:.1f}pt">' for w in t.widths)
    classes = ("perf " if len(t.bands) > 1 else "") + ("inline " if inline_table else "") + "body"
    width = f"{sum(t.widths) * scale:.1f}pt"  # the columns' widths are hints: none is narrower than its words
    return "".join(
        f'<table class="{classes}" style="width:{width}"><colgroup>{cols}</colgroup>{_band(band, layout)}</table>'
        for band in t.bands
    )


def _band(band: Band, layout: Layout) -> str:
    head_rows = [_row(band.head, r, band.head_rows, header=True) for r in range(band.head_rows)]
    body_rows = [_row(band.body, r, band.body_rows, header=False) for r in range(band.body_rows)]
    if layout.repeat_header and head_rows:
        return f"<thead>{''.join(head_rows)}</thead><tbody>{''.join(body_rows)}</tbody>"
    return f"<tbody>{''.join(head_rows + body_rows)}</tbody>"


def _row(cells: list[Cell], r: int, nrows: int, header: bool) -> str:
    out = []
    for c in (c for c in cells if c.row == r):
        tag = "th" if header else "td"
        span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
            f' colspan="{c.colspan}"' if c.colspan > 1 else ""
        )
        classes = [c.kind]
        if header and r == 0:
            classes.append("top")
        if header and r + c.rowspan == nrows:
            classes.append("under")
        out.append(f'<{tag} class="{" ".join(classes)}"{span}>{inline(c.text, c.kind)}</{tag}>')
    return f"<tr>{''.join(out)}</tr>"
