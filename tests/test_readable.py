"""Every kind of page as a reader meets it, at 390 px (a phone, touch) and 1280 px, in both
languages, in Chromium, served under a sub-path: no page wider than the screen, no table cell's
text cut, no text smaller than 12 px (charts included), every glossary definition fully on the
screen and not covered when it opens (by keyboard focus, by hover, by a tap) and closed by Esc."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = sorted(
    f"{p.parent.name}-{p.stem}" for p in (ROOT / "content" / "budgets").glob("*/*.yml")
)  # the ids, as the build makes them
KINDS = ("index.html", "glossary/index.html", "compare/index.html", "about/index.html", "search/index.html")
PAGES = [
    "index.html",
    "no/such/page/",  # the 404 page, where GitHub Pages serves it
    *(f"{lang}/{kind}" for lang in ("zh", "en") for kind in KINDS),
    *(f"{lang}/budgets/{b}/index.html" for lang in ("zh", "en") for b in BUDGETS),
]
WIDTHS = (390, 1280)

# What a page must be, measured in the page: each entry a problem found.
LAYOUT = """() => {
  const problems = [];
  const vw = document.documentElement.clientWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw > vw) problems.push(`the page is ${sw} px wide in a ${vw} px window`);
  for (const el of document.querySelectorAll("body *")) {
    if (!el.checkVisibility()) continue;
    const direct = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (direct && el.closest(".vh") === null) {
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 12) problems.push(`text at ${size} px: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  for (const svg of document.querySelectorAll("figure.chart svg text")) {
    const h = svg.getBoundingClientRect().height;
    if (h < 12) problems.push(`chart text drawn ${h.toFixed(1)} px high: ${svg.textContent.slice(0, 30)}`);
  }
  for (const cell of document.querySelectorAll("table th, table td")) {
    if (!cell.checkVisibility()) continue;
    if (cell.scrollWidth > cell.clientWidth + 1)
      problems.push(`cell text cut (${cell.scrollWidth} > ${cell.clientWidth} px): ${cell.textContent.trim().slice(0, 40)}`);
  }
  for (const box of document.querySelectorAll(".table-scroll")) {
    if (!box.checkVisibility()) continue;
    const r = box.getBoundingClientRect();
    if (r.right > vw + 0.5) problems.push(`a table's box ends at ${r.right} px: ${box.id || box.textContent.slice(0, 30)}`);
    const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
    if (box.scrollWidth > box.clientWidth && !scrolls) problems.push("a table wider than its box does not scroll");
  }
  for (const cap of document.querySelectorAll("caption .caption-text, tr.no-rows td")) {
    if (cap.checkVisibility() && cap.getBoundingClientRect().right > vw + 0.5)
      problems.push(`text off the screen: ${cap.textContent.trim().slice(0, 40)}`);
  }
  return problems;
}"""

# A definition as the reader sees it once opened: inside the window, and on top (the points
# just inside its corners and its middle are the definition itself, not a table's cell over
# it or a scroll box's edge cutting it).
SHOWN = """(tip) => {
  const r = tip.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  if (!tip.checkVisibility() || r.width === 0) return "not shown";
  if (r.left < 0 || r.top < 0 || r.right > vw || r.bottom > vh)
    return `outside the ${vw}x${vh} window: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)}`;
  const points = [[r.left + 3, r.top + 3], [r.right - 3, r.top + 3], [r.left + 3, r.bottom - 3],
                  [r.right - 3, r.bottom - 3], [(r.left + r.right) / 2, (r.top + r.bottom) / 2]];
  for (const [x, y] of points) {
    const at = document.elementFromPoint(x, y);
    if (!at || !tip.contains(at)) return `covered at ${Math.round(x)},${Math.round(y)} by ${at && at.outerHTML.slice(0, 60)}`;
  }
  return "";
}"""

# Every visible glossary link focused in turn: its definition shown, then Esc closes it.
EVERY_FOCUS = (
    """() => {
  const shown = """
    + SHOWN
    + """;
  const problems = [];
  const links = [...document.querySelectorAll("main a.gloss-link")].filter(a => a.checkVisibility());
  for (const a of links) {
    a.focus();
    const tip = document.getElementById(a.getAttribute("aria-describedby"));
    const p = shown(tip);
    if (p) problems.push(`${a.textContent}: ${p}`);
    document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", bubbles: true}));
    if (tip.checkVisibility()) problems.push(`${a.textContent}: Esc does not close it`);
    a.blur();
  }
  return [links.length, problems];
}"""
)


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A page at one width: a phone (390 px, touch) or a desktop (1280 px, touch too, so a tap
    can be tried)."""
    width = request.param
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.errors = errors
    yield page
    context.close()


def _load(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_the_screen_and_its_text_is_whole_and_readable(screen: Any, server: str, path: str) -> None:
    _load(screen, server + path)
    problems = screen.evaluate(LAYOUT)
    assert not problems, "\n".join(problems[:15])
    assert not screen.errors, screen.errors


# Served at the root (a user site) as well: a page of each kind.
AT_THE_ROOT = ["index.html", "no/such/page/", f"zh/budgets/{BUDGETS[0]}/index.html", *(f"en/{k}" for k in KINDS)]


# The site built in small parts (conftest.SMALL_PARTS): the paged pages with their pagers, the
# first part of each (the compare page's with its charts) and parts past it.
PAGED = [
    f"{lang}/{p}"
    for lang in ("zh", "en")
    for p in (
        "index.html",
        "list/2/index.html",
        "list/3/index.html",
        "compare/index.html",
        "compare/2/index.html",
        "glossary/index.html",
        "glossary/2/index.html",
    )
]


@pytest.mark.parametrize("path", PAGED)
def test_the_pages_in_parts_fit_the_screen_and_their_text_is_whole_and_readable(
    screen: Any, paged_server: str, path: str
) -> None:
    _load(screen, paged_server + path)
    assert screen.locator("nav.pager").count() == 2
    problems = screen.evaluate(LAYOUT)
    assert not problems, "\n".join(problems[:15])
    assert not screen.errors, screen.errors


@pytest.mark.parametrize("path", ["en/list/2/index.html", "zh/compare/2/index.html", "en/glossary/2/index.html"])
def test_the_pages_in_parts_fit_the_screen_at_the_root_too(screen: Any, paged_root_server: str, path: str) -> None:
    _load(screen, paged_root_server + path)
    problems = screen.evaluate(LAYOUT)
    assert not problems, "\n".join(problems[:15])
    assert not screen.errors, screen.errors


@pytest.mark.parametrize("path", ["zh/glossary/2/index.html", "en/compare/2/index.html", "en/list/2/index.html"])
def test_every_definition_on_a_part_opens_on_the_screen_by_focus(screen: Any, paged_server: str, path: str) -> None:
    _load(screen, paged_server + path)
    count, problems = screen.evaluate(EVERY_FOCUS)
    assert not problems, f"{len(problems)} of {count}:\n" + "\n".join(problems[:15])


@pytest.mark.parametrize("path", AT_THE_ROOT)
def test_the_page_fits_the_screen_at_the_root_too(screen: Any, root_server: str, path: str) -> None:
    _load(screen, root_server + path)
    problems = screen.evaluate(LAYOUT)
    assert not problems, "\n".join(problems[:15])
    assert not screen.errors, screen.errors


def _samples(page: Any) -> list[Any]:
    """The links most at risk: the first in a table, the one furthest right, the last."""
    links = page.locator("main a.gloss-link:visible")
    n = links.count()
    if n == 0:
        return []
    in_table = page.locator("main table a.gloss-link:visible")
    rightmost = page.evaluate(
        """() => { const ls = [...document.querySelectorAll('main a.gloss-link')].filter(a => a.checkVisibility());
                   let best = 0; ls.forEach((a, i) => { if (a.getBoundingClientRect().right > ls[best].getBoundingClientRect().right) best = i; });
                   return best; }"""
    )
    out = [links.nth(i) for i in dict.fromkeys([rightmost, n - 1])]
    if in_table.count():
        out.insert(0, in_table.first)
    return out


def _tip(page: Any, link: Any) -> Any:
    return page.locator(f"#{link.get_attribute('aria-describedby')}")


@pytest.mark.parametrize(
    "path",
    [p for p in PAGES if "/budgets/" in p] + ["zh/glossary/index.html", "en/compare/index.html", "en/about/index.html"],
)
def test_every_definition_opens_on_the_screen_by_focus_and_closes_with_esc(screen: Any, server: str, path: str) -> None:
    _load(screen, server + path)
    count, problems = screen.evaluate(EVERY_FOCUS)
    assert not problems, f"{len(problems)} of {count}:\n" + "\n".join(problems[:15])


@pytest.mark.parametrize("path", [p for p in PAGES if "/budgets/" in p] + ["en/glossary/index.html"])
def test_definitions_open_by_hover_and_by_tap_on_the_screen_and_close_with_esc(
    screen: Any, server: str, path: str
) -> None:
    _load(screen, server + path)
    samples = _samples(screen)
    assert samples, "no glossary link on the page"
    for link in samples:
        term = link.inner_text()
        tip = _tip(screen, link)
        link.scroll_into_view_if_needed()
        link.hover()
        assert screen.evaluate(SHOWN, tip.element_handle()) == "", f"hover: {term}"
        screen.mouse.move(0, 0)
        tip.wait_for(state="hidden", timeout=2000)
        address = screen.url
        link.tap()
        assert screen.url == address, f"a tap on {term} leaves the page instead of showing its definition"
        assert screen.evaluate(SHOWN, tip.element_handle()) == "", f"tap: {term}"
        screen.keyboard.press("Escape")
        assert not tip.is_visible(), f"Esc: {term}"
