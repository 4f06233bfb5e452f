"""第七部分's key-projects table (project, amount, goal), printed inside the text part."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...catalog import squash
from ...model import BudgetError, Line, Row
from ..numbers import is_number, squash_number, to_decimal
from ..tokens import is_tab
from ..words import SLACK_UNITS, YEAR, display_width, join_lines, label
from .key_project_layout import _folded, header_piece, header_start, layout_key_projects
from .key_project_stream import SENTENCE, _full_width, centred_rows
from .name_pieces import unbalanced


@dataclass
class KeyProjects:
    """第七部分's table: where it sits among the part's lines, and its rows."""

    header: list[str]  # the printed column headings
    start: int  # index of the header's first line
    end: int  # index of the first line after the table (a 备注 line, or the end)
    rows: list[Row]  # project, amount, goal, and the amount as printed (``printed``)


KEY_PROJECT_COLUMNS = ("预算数", "绩效目标")


def key_projects(lines: list[Line]) -> KeyProjects | None:
    unreadable = next((ln for ln in lines if ln.unreadable), None)
    if unreadable is not None:  # the reader found the table and says why it cannot read it
        raise BudgetError(unreadable.text, line=unreadable.loc)
    # the header runs from 项目名称 to 绩效目标 (in one-cell-per-line extractions, over several lines)
    end_hdr = next((i for i, ln in enumerate(lines) if squash(ln.text).endswith("绩效目标")), None)
    if end_hdr is None:
        return None
    if any(ln.unordered for ln in lines):
        from . import UNORDERED

        raise BudgetError(UNORDERED, line=lines[end_hdr].loc)
    if any(ln.layout for ln in lines):
        return layout_key_projects(lines, end_hdr)
    start = end_hdr
    while start > 0 and "项目名" not in squash(lines[start].text) and end_hdr - start < 8:
        start -= 1
    if "项目名" not in squash(lines[start].text):
        start = end_hdr
    below = end_hdr + 1
    while below < len(lines) and not is_tab(lines[below]) and header_piece(lines[below].text):
        below += 1  # the rest of a header cell wrapped below the header's main line (元）)
    if below > end_hdr + 1:  # a cell wrapped around the header's main line: its pieces, by cell
        start = header_start(lines, end_hdr)
        header = centred_header([ln.text for ln in lines[start:below]])
    else:
        # the header as printed (long-text rules: wrapped cells joined, spaces kept), one space
        # between the columns
        head = join_lines([ln.text.replace("\t", " ") for ln in lines[start : end_hdr + 1]])
        if "项目名" in head:
            head = head[head.index("项目名") :]
        header = re.split(r"\s*(?=" + "|".join(KEY_PROJECT_COLUMNS) + ")", head)
    body: list[Line] = []
    end = below
    for ln in lines[below:]:
        if ln.text.strip().startswith(("备注", "注：", "注:")):
            break
        body.append(ln)
        end += 1
    return KeyProjects([h for h in header if h], start, end, _key_project_rows(body))


def centred_header(texts: list[str]) -> list[str]:
    """The header's cells from text without positions whose cells wrap around its main line
    (``预算数（万`` / ``项目名称（一级项目） 绩效目标`` / ``元）``): each piece goes to the cell it
    is part of, the first not yet whole where it could be part of two (``）``); a cell's pieces
    on one line keep their space, over lines they join as long text does."""
    cells: list[list[list[str]]] = [[] for _ in HEADER_KINDS]  # per cell, per line, its pieces
    for y, text in enumerate(texts):
        for w in text.split():
            kinds = [k for k, names in enumerate(HEADER_KINDS) if any(_folded(w) in n for n in names)]
            whole = [k for k in kinds if _whole(cells[k], HEADER_KINDS[k])]
            k = next((k for k in kinds if k not in whole and cells[k]), kinds[0] if kinds else -1)
            if k < 0:
                raise BudgetError(f"the key-projects table's header holds {w!r}, not a heading of it")
            if len(cells[k]) <= y:
                cells[k].extend([] for _ in range(y + 1 - len(cells[k])))
            cells[k][y].append(w)
    return [join_lines([" ".join(ws) for ws in c]) for c in cells if c]


HEADER_KINDS = (
    ("项目名称(一级项目)", "项目名称(二级项目)", "项目名称"),
    ("预算数(万元)", "预算金额(万元)"),
    ("项目绩效目标", "绩效目标"),
)


def _whole(cell: list[list[str]], names: tuple[str, ...]) -> bool:
    return _folded(squash("".join(w for ws in cell for w in ws))) in names


def key_project_rows(kp: KeyProjects | None) -> list[Row]:
    if kp is None:
        return []
    return [{"project": r["project"], "amount": r["amount"], "goal": r["goal"]} for r in kp.rows]


def _key_project_rows(body: list[Line]) -> list[Row]:
    body = [ln for ln in body if not header_piece(ln.text)]  # the header printed again on a new page
    room = _full_width([display_width(ln.text.strip()) for ln in body if not is_tab(ln) and not _row_like(ln.text)])
    rows: list[Row] = []
    goals: list[list[str]] = []  # each row's goal, line by line
    goal: list[str] = []
    for i, ln in enumerate(body):
        if is_tab(ln):
            cs = [c.strip() for c in ln.text.split("\t")]
            nonempty = [c for c in cs if c]
            if len(cs) >= 3 and cs[0] and is_number(squash_number(cs[1])):
                printed = squash_number(cs[1])
                rows.append({"project": label(cs[0]), "amount": to_decimal(printed), "printed": printed})
                goal = [" ".join(cs[2:]).strip()]
                goals.append(goal)
                continue
            if rows:
                goal.append(" ".join(nonempty))
            continue
        toks = ln.text.split()
        prev_end = (
            i == 0 or body[i - 1].text.rstrip().endswith(("。", "；", "）", ")", "”")) or _is_amount_line(body[i - 1])
        )
        idx = next((k for k, t in enumerate(toks) if is_number(t)), None)
        name_ok = _row_like(ln.text)
        if idx is not None and ((idx == 0 and len(toks) == 1) or (name_ok and prev_end)):
            _no_year_in_a_sentence(toks, idx, rows, ln)
            # name: the tokens before the amount, or the short lines before a lone amount
            if idx > 0:
                name = label("".join(toks[:idx]))
            else:
                name_parts: list[str] = []
                while goal and len(goal[-1]) <= 8 and not goal[-1].endswith(("。", "；")):
                    name_parts.insert(0, goal.pop())
                name = label("".join(name_parts))
                if not name:  # a page number in the middle of a goal
                    continue
            rows.append({"project": name, "amount": to_decimal(toks[idx]), "printed": toks[idx]})
            goal = [" ".join(toks[idx + 1 :])] if idx + 1 < len(toks) else []
            goals.append(goal)
            continue
        if not rows and _goal_like(ln.text):
            return centred_rows(body)  # a goal's text before the first row: goals centred on their rows
        text = ln.text.strip()
        if rows and len(goal) == 1 and (piece := _name_goes_on(str(rows[-1]["project"]), text, room)):
            rows[-1]["project"] = label(str(rows[-1]["project"]) + piece)
            text = text[len(piece) :].strip()
        goal.append(text)
    for r, g in zip(rows, goals, strict=True):
        r["goal"] = join_lines(g)
    return rows


def _row_like(text: str) -> bool:
    """A line that may be a row's: a name (no sentence in it), then an amount."""
    toks = text.split()
    idx = next((k for k, t in enumerate(toks) if is_number(t)), None)
    name = "".join(toks[:idx]) if idx else ""
    return bool(name) and not re.search(r"[，。；、：]", name) and len(name) <= 30


def _name_goes_on(name: str, text: str, room: int) -> str:
    """The rest of a project's name wrapped in its cell at the cell's top, printed before its
    goal's second line (``智慧城区与数字政府建设 4851 开展…`` / ``管理 电维护、…``): the line's
    first word, where it closes a bracket the name opened, or where the line is wider than a
    goal's full line and is one without the word.  Else nothing."""
    word, _, rest = text.partition(" ")
    if not rest or SENTENCE.search(re.sub(r"[()（）]", "", word)) or len(word) > 20:
        return ""
    closes = unbalanced(name) and not unbalanced(name + word)
    wide = display_width(text) > room + SLACK_UNITS and display_width(rest) <= room + SLACK_UNITS
    return word if closes or wide else ""


def _no_year_in_a_sentence(toks: list[str], idx: int, rows: list[Row], ln: Line) -> None:
    """A line after a goal's line that reads as a name and an amount, where the amount is a year
    followed by 年 (``时效指标类在 2024 年度项目资金…``), may as well be the goal going on: the
    text does not say which, so the table is reported."""
    if rows and YEAR.match(toks[idx]) and idx + 1 < len(toks) and toks[idx + 1].startswith("年"):
        raise BudgetError(
            f"the line {ln.text.strip()[:30]!r} may start a row (amount {toks[idx]}) or go on with the goal "
            "above (a year in its sentence): which cannot be told",
            line=ln.loc,
        )


def _goal_like(text: str) -> bool:
    """A line of a goal's sentence (not a piece of a project's name wrapped above its amount)."""
    t = text.strip()
    return display_width(t) > 30 or bool(SENTENCE.search(t))


def _is_amount_line(ln: Line) -> bool:
    toks = ln.text.split()
    return len(toks) == 1 and is_number(toks[0])
