"""The 整体支出绩效目标表, the parts its two tables share: the region's lines, the indicator classes."""

from __future__ import annotations

import re

from ...catalog import squash
from ...model import Line
from ..regions import NOTE, Context, Region
from ..words import DASHED_PAGE, label

LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "其他满意度指标",
)


def level1_of(level2: str, current: str) -> str:
    """The level-1 class a level-2 class stands under (成本指标: the one before it, else 产出指标)."""
    if level2 in ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"):
        return "效益指标"
    if level2 in ("服务对象满意度指标", "其他满意度指标"):
        return "满意度指标"
    if level2 in ("数量指标", "质量指标", "时效指标"):
        return "产出指标"
    return current or "产出指标"


def _lines(region: Region, ctx: Context) -> list[Line]:
    """The region's lines without notes and page numbers; the 主管部门 it names is a unit."""
    lines = [
        ln
        for page in region.pages
        for ln in page
        if not NOTE.match(ln.text.strip()) and not DASHED_PAGE.match(ln.text.strip())
    ]
    for ln in lines:
        m = re.search(r"主管部\s*门\s*\t?\s*(\S.*)$", ln.text)
        if m:
            ctx.add_unit(label(m.group(1).replace("\t", "")))
    return lines


def _indicator_start(lines: list[Line]) -> int | None:
    return next((i for i, ln in enumerate(lines) if "三级指标" in squash(ln.text)), None)
