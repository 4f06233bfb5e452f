"""The layout matrix: how a budget document is laid out and by which PDF producer.

Every knob is covered by some layout (tests/test_corpus.py checks it).  Tables with cells
merged down the rows (三公 units, the performance indicators' classes) are always printed in a
full grid, vertically centred in their block, as the published budgets print them: without
rules their block would not be told apart from the next.  ``valign`` sets every cell, merged
ones too, at its top or bottom instead; it is an axis of its own (``make accuracy
ARGS="--valign top"``, ``matrix.aligned``), not drawn into the eleven layouts or the draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FONT_FILES = {
    "wqy-microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    "wqy-zenhei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
}
CID_FONT = "STSong-Light"  # reportlab's built-in CID font (not embedded)
CSS_FONTS = {
    "noto-sans": "'Noto Sans CJK SC'",
    "noto-serif": "'Noto Serif CJK SC'",
    "wqy-microhei": "'WenQuanYi Micro Hei'",
    "wqy-zenhei": "'WenQuanYi Zen Hei'",
    "uming": "'AR PL UMing CN'",
}
PAGE_NUMBERS = ("第 {n} 页", "- {n} -", "{n}/{total}", "{n}", "— {n} —")
TITLES = ("cn-colon", "num-space", "above", "bare")  # 表一：收支总表 | 表1 收支总表 | 表一 above | 收支总表


@dataclass(frozen=True)
class Layout:
    name: str
    producer: str  # "reportlab" | "chromium"
    font: str  # body text: STSong-Light, a FONT_FILES key (reportlab) or a CSS_FONTS key (chromium)
    table_font: str  # the tables' font, same kinds
    wide: str = "landscape"  # wide tables on landscape pages; "portrait": all portrait, narrow columns wrap
    rules: str = "grid"  # "grid" | "three-line" (三线表: top, under the header, bottom) | "none"
    headers: str = "merged"  # "merged" (multi-level, rowspan/colspan) | "flat" (one row of leaf names)
    repeat_header: bool = True  # header printed again on continuation pages
    continued: bool = False  # a 续表 line at the top of a continuation page
    running_header: bool = False  # "2024年<department>部门预算" at the top of every page
    page_number: str = "- {n} -"
    thousands: bool = True  # 21,141.12 (else 21141.12)
    title: str = "cn-colon"
    indent: bool = True  # paragraphs' first lines indented (else space between paragraphs)
    table_size: float = 7.5
    label_width: float = 1.0  # label columns' width (× the seeds'): < 1 wraps names inside their cells
    # cells' vertical alignment, merged cells' too: "middle" | "top" | "bottom" (left out of the
    # repr, which keys the rendered PDFs, while it is the default: the cache of the others stays)
    valign: str = field(default="middle", repr=False)

    @property
    def fonts(self) -> tuple[str, str]:
        return self.font, self.table_font


LAYOUTS: tuple[Layout, ...] = (
    Layout("rl-cid-grid", "reportlab", CID_FONT, CID_FONT),
    Layout("rl-microhei-portrait", "reportlab", "wqy-microhei", "wqy-microhei", wide="portrait",
           running_header=True, page_number="第 {n} 页", thousands=False, title="num-space", table_size=9.5, label_width=0.6),
    Layout("rl-zenhei-threeline", "reportlab", "wqy-zenhei", "wqy-zenhei", rules="three-line", continued=True,
           running_header=True, page_number="{n}/{total}", title="above", indent=False),
    Layout("rl-uming-norules-flat", "reportlab", "uming", "uming", rules="none", headers="flat",
           repeat_header=False, page_number="{n}", title="bare"),
    Layout("rl-cid-threeline-portrait", "reportlab", CID_FONT, "wqy-microhei", wide="portrait", rules="three-line",
           repeat_header=False, continued=True, page_number="— {n} —", thousands=False, title="cn-colon", table_size=9.0, label_width=0.6),
    Layout("rl-microhei-grid-flat", "reportlab", "uming", "wqy-microhei", headers="flat", continued=True,
           running_header=True, title="above", indent=False, table_size=8.0),
    Layout("cr-noto-grid", "chromium", "noto-serif", "noto-sans", running_header=True, page_number="第 {n} 页"),
    Layout("cr-microhei-threeline", "chromium", "wqy-microhei", "wqy-microhei", rules="three-line",
           page_number="- {n} -", thousands=False, title="num-space", indent=False),
    Layout("cr-uming-portrait", "chromium", "uming", "uming", wide="portrait", running_header=True,
           page_number="{n}/{total}", title="above", table_size=9.5, label_width=0.6),
    Layout("cr-zenhei-norules-flat", "chromium", "wqy-zenhei", "wqy-zenhei", rules="none", headers="flat",
           repeat_header=False, page_number="{n}", title="bare"),
    Layout("cr-noto-portrait-flat", "chromium", "noto-sans", "wqy-zenhei", wide="portrait", headers="flat",
           repeat_header=False, running_header=True, page_number="— {n} —", thousands=True, title="cn-colon", table_size=9.0, label_width=0.6),
)  # fmt: skip
BY_NAME = {layout.name: layout for layout in LAYOUTS}
