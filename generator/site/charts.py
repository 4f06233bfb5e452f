"""Static bar charts, drawn at build time as plain SVG geometry (the template writes the SVG).

Horizontal bars read better than pies for a handful of categories with long names in two
languages: each bar has its label on its own line above it and its amount after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

WIDTH = 640
BAR_MAX = 470  # room after the longest bar for its amount
ROW = 46
LABEL_Y = 16
BAR_Y = 22
BAR_H = 14
TOP = 4


class _Row:
    """A row of a chart, drawn from ``y`` down: its label, then its bar."""

    y: int

    @property
    def label_y(self) -> int:
        return self.y + LABEL_Y

    @property
    def bar_y(self) -> int:
        return self.y + BAR_Y


@dataclass
class Bar(_Row):
    label: str
    label_lang: str
    value: Decimal
    value_text: str  # formatted amount and share
    y: int
    width: float

    @property
    def value_x(self) -> float:
        return self.width + 6

    @property
    def value_y(self) -> int:
        return self.y + BAR_Y + BAR_H - 2


B = TypeVar("B")


@dataclass
class Drawing(Generic[B]):
    """A chart's figure: its title, what its amounts are, its bars, its size."""

    id: str
    title: str
    note: str  # what the amounts are (unit, which budget)
    bars: list[B]
    width: int = WIDTH
    bar_height: int = BAR_H

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.bars) + 4


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
    bars = []
    for i, (label, lang, value) in enumerate(items):
        share = value / total if total else Decimal(0)
        width = float(value / top) * BAR_MAX if top else 0.0
        bars.append(Bar(label, lang, value, fmt(value, share), TOP + i * ROW, max(width, 1.5)))
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
    x: float
    width: float
    color: int


@dataclass
class StackedBar(_Row):
    label: str
    label_lang: str
    y: int
    segments: list[Segment]


@dataclass
class LegendItem:
    label: str
    label_lang: str
    color: int


@dataclass
class StackedChart(Drawing[StackedBar]):
    """One full-width bar per row, split into the shares of its series, with their legend."""

    legend: list[LegendItem] = field(default_factory=list)


def stacked_chart(
    chart_id: str,
    title: str,
    note: str,
    rows: list[tuple[str, str, list[Decimal | None]]],
    series: list[tuple[str, str]],
    fmt: Callable[[Decimal, Decimal], str],
    *,
    width: int = WIDTH,
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
        x = 0.0
        segments = []
        for k, v in present:
            w = float(v / total) * width
            segments.append(Segment(series[k][0], series[k][1], v, fmt(v, v / total), x, w, STACK_ORDER[k % COLORS]))
            x += w
            used.add(k)
        bars.append(StackedBar(label, lang, TOP + len(bars) * ROW, segments))
    if not bars:
        return None
    legend = [LegendItem(label, lang, STACK_ORDER[k % COLORS]) for k, (label, lang) in enumerate(series) if k in used]
    return StackedChart(chart_id, title, note, bars, width=width, legend=legend)
