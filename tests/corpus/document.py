"""A whole budget document as departments publish it, from an expected document: a cover, the
contents, the nine text parts (part 7 with its key-projects table), then the tables in catalog
order, the performance targets last."""

from __future__ import annotations

import re

from .goldens import ExpectedDoc, part_seven
from .layouts import Layout
from .printed import Block, Document, Para, numeral
from .tables import key_projects_table, printed_tables

_SUBHEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")


def part_heading(part: str, heading: str) -> str:
    return f"第{numeral(int(part))}部分 {heading}"


def build(doc: ExpectedDoc, layout: Layout) -> Document:
    tables = printed_tables(doc, layout)
    parts = doc.table("sections")
    blocks: list[Block] = [
        Para(f"{doc.year}年{doc.department}部门预算", "cover"),
        Para(f"{doc.year}年1月", "date"),
        Para("目 录", "contents-title"),
        Para("一、文字部分", "contents"),
        *(Para(part_heading(p["part"], p["heading"]), "contents") for p in parts),
        Para("二、表格部分", "contents"),
        *(Para(f"（{numeral(t.number)}）{t.title}", "contents") for t in tables),
    ]
    for p in parts:
        blocks.append(Para(part_heading(p["part"], p["heading"]), "part"))
        blocks += _part_body(doc, p["part"], p["text"], layout)
    blocks.append(Para("二、表格部分", "divider"))
    blocks += tables
    return Document(doc.year, doc.department, blocks)


def _paras(texts: list[str]) -> list[Block]:
    out: list[Block] = []
    for text in texts:
        if not text.strip():
            continue
        heading = bool(_SUBHEADING.match(text)) and len(text) <= 24
        out.append(Para(text, "heading" if heading else "body", data=True))
    return out


def _part_body(doc: ExpectedDoc, part: str, text: str, layout: Layout) -> list[Block]:
    seven = part_seven(doc) if part == "7" else None
    if seven is None:
        return _paras(text.split("\n"))
    return [*_paras(seven.before), key_projects_table(seven, layout), *_paras(seven.after)]
