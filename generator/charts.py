"""Static bar charts, drawn at build time as plain SVG geometry (the template writes the SVG).

Horizontal bars read better than pies for a handful of categories with long names in two
languages: each bar has its label on its own line above it and its amount after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
BAR_MAX = 470  # room after the longest bar for its amount
ROW = 46
LABEL_Y = 16
BAR_Y = 22
BAR_H = 14
TOP = 4


@dataclass
class Bar:
    label: str
    label_lang: str
    value: Decimal
    value_text: str  # formatted amount and share
    y: int
    width: float

    @property
    def label_y(self) -> int:
        return self.y + LABEL_Y

    @property
    def bar_y(self) -> int:
        return self.y + BAR_Y

    @property
    def value_x(self) -> float:
        return self.width + 6

    @property
    def value_y(self) -> int:
        return self.y + BAR_Y + BAR_H - 2


@dataclass
class Chart:
    id: str
    title: str
    note: str  # what the amounts are (unit, which budget)
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_H

    @property
    def height(self) -> int:
        return TOP + ROW * len(self.bars) + 4


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
