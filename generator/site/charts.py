"""Static bar charts, computed at build time; the template draws them as HTML text with an SVG
bar each, so every label and number is page text at the page's own size (at least 12 px on a
phone, where a scaled drawing shrank it to 5 px) and reads without the drawing.

Horizontal bars read better than pies for a handful of categories with long names in two
languages: each bar has its label above it and its amount beside it.  Every chart names the
table and the CSV it is drawn from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, Self, TypeVar


def _percent(part: Decimal, whole: Decimal) -> float:
    """``part`` as a percentage of ``whole``, for a bar's length (SVG: '37.2%')."""
    return round(float(part / whole) * 100, 2) if whole else 0.0


@dataclass
class Bar:
    label: str
    label_lang: str
    value: Decimal
    value_text: str  # formatted amount and share
    length: float  # percent of the longest bar

    @property
    def drawn(self) -> float:
        """The length drawn: at least a sliver, so a small amount still shows a bar."""
        return max(self.length, 0.5)


B = TypeVar("B")


@dataclass
class Drawing(Generic[B]):
    """A chart's figure: its title, what its amounts are, its bars, and where its figures come
    from (a table on the page and its CSV: links relative to the page)."""

    id: str
    title: str
    note: str  # what the amounts are (unit, which budget)
    bars: list[B]
    table: str = ""
    csv: str = ""

    def sourced(self, table: str, csv: str) -> Self:
        self.table, self.csv = table, csv
        return self


@dataclass
class Chart(Drawing[Bar]):
    """Horizontal bars, largest first."""


def bar_chart(
    chart_id: str,
    title: str,
    note: str,
    items: list[tuple[str, str, Decimal]],
    fmt: Callable[[Decimal, Decimal], str],
    *,
    other: tuple[str, str] = ("其他", "zh"),
    limit: int = 10,
) -> Chart | None:
    """A chart of ``items`` (label, label language, amount), largest first; ``fmt(value, share)``
    formats an amount.  Items beyond ``limit`` are summed into one bar labelled ``other``.
    None when there is nothing to draw."""
    items = [(label, lang, v) for label, lang, v in items if v and v > 0]
    if not items:
        return None
    items.sort(key=lambda x: -x[2])
    if len(items) > limit:
        head, tail = items[: limit - 1], items[limit - 1 :]
        items = [*head, (other[0], other[1], sum((v for _, _, v in tail), Decimal(0)))]
    total = sum((v for _, _, v in items), Decimal(0))
    top = max(v for _, _, v in items)
    bars = [
        Bar(label, lang, value, fmt(value, value / total if total else Decimal(0)), _percent(value, top))
        for label, lang, value in items
    ]
    return Chart(chart_id, title, note, bars)


# Stacked bars: one bar per row (a department), its segments the shares of a whole (basic and
# project expenditure; functional classes), so rows of very different size compare by shape.
COLORS = 8  # bar-0 … bar-7 in site.css
# Neighbouring segments in colours far apart: dark blue, brown, green, purple, red, light blue…
STACK_ORDER = (0, 3, 2, 4, 5, 1, 6, 7)


@dataclass
class Segment:
    label: str
    label_lang: str
    value: Decimal
    text: str  # formatted amount and share
    x: float  # percent of the bar where the segment starts
    width: float  # percent of the bar
    color: int


@dataclass
class StackedBar:
    label: str
    label_lang: str
    segments: list[Segment]


@dataclass
class LegendItem:
    label: str
    label_lang: str
    color: int


@dataclass
class StackedChart(Drawing[StackedBar]):
    """One full-width bar per row, split into the shares of its series, with their legend;
    each segment's amount and share is written under its bar."""

    legend: list[LegendItem] = field(default_factory=list)


def stacked_chart(
    chart_id: str,
    title: str,
    note: str,
    rows: list[tuple[str, str, list[Decimal | None]]],
    series: list[tuple[str, str]],
    fmt: Callable[[Decimal, Decimal], str],
) -> StackedChart | None:
    """A chart of one full-width bar per row (label, label language, one value per series),
    split into the series' shares; ``fmt(value, share)`` formats a segment.  Rows with nothing
    to show are left out; None when no row has anything."""
    bars: list[StackedBar] = []
    used: set[int] = set()
    for label, lang, values in rows:
        present = [(k, v) for k, v in enumerate(values) if v is not None and v > 0]
        total = sum((v for _, v in present), Decimal(0))
        if total <= 0:
            continue
        x = Decimal(0)
        segments = []
        for k, v in present:
            color = STACK_ORDER[k % COLORS]
            segments.append(Segment(*series[k], v, fmt(v, v / total), _percent(x, total), _percent(v, total), color))
            x += v
            used.add(k)
        bars.append(StackedBar(label, lang, segments))
    if not bars:
        return None
    legend = [LegendItem(label, lang, STACK_ORDER[k % COLORS]) for k, (label, lang) in enumerate(series) if k in used]
    return StackedChart(chart_id, title, note, bars, legend=legend)
