"""The nine parts of text without positions (generator/read/text_parts.py, parse.py): what a
part says about itself (data contract 3.1.0: ``paragraphs_certain``, ``omitted_table``), and the
reading order of ``pdftotext`` without ``-layout``.  Made-up text."""

from __future__ import annotations

import pytest

from generator.model import BudgetError, Line
from generator.read.parse import _text_end
from generator.read.text_parts import PartText, check_order, joined, key_project_part, sections_rows, split_parts

FULL = "预算收支增加主要原因说明辅助性人员经费以及水电物业管理费等"  # 28 ideographs


def _lines(texts: list[str], unordered: bool = False, pages: tuple[int, ...] = ()) -> list[Line]:
    return [Line(t, k, new_page=k in pages, unordered=unordered) for k, t in enumerate(texts, start=1)]


def _parts(bodies: dict[int, list[str]]) -> list[tuple[int, str, list[Line]]]:
    return [(num, f"第{num}部分", _lines(texts)) for num, texts in bodies.items()]


def test_a_part_says_where_its_paragraphs_were_not_told() -> None:
    told = [FULL[:20] + "，", FULL[:12] + "。", FULL[:20] + "，", FULL[:8] + "。"]  # short last lines
    not_told = [FULL + "，", FULL + "。", FULL[:10] + "。"]  # a full line closing a sentence
    rows = sections_rows(_parts({1: told + not_told, 2: told}), None)
    assert [(r["part"], r["paragraphs_certain"]) for r in rows] == [(1, "false"), (2, "true")]
    first = "\n".join([told[0] + told[1], told[2] + told[3]]) + "\n"
    assert rows[0]["text"] == first + "".join(not_told)  # joined: most such lines run on
    assert rows[0]["uncertain_breaks"] == str(len(first) + 2 * len(FULL) + 2)  # …。| FULL[:10]
    assert rows[1]["text"] == "\n".join([told[0] + told[1], told[2] + told[3]])
    assert rows[1]["uncertain_breaks"] == "" and all(r["omitted_table"] == "" for r in rows)


def test_a_space_between_two_chinese_characters_is_said_to_be_uncertain_in_text_only() -> None:
    # a character from another font stands wider: text without positions prints a gap as a
    # space (督 査督办), which it cannot tell from a printed one; a space after punctuation, or
    # beside a digit or a Latin letter, is not between two Chinese characters
    texts = ["（四）视情况进行督 査督办，目标 2：完成、 物业管理 费。"]
    row = sections_rows(_parts({1: texts}), None)[0]
    assert row["text"] == texts[0]  # the characters as given
    assert row["uncertain_spaces"] == f"{texts[0].index(' 査')} {texts[0].index(' 费')}"
    laid_out = [Line(t, k, paragraph=True) for k, t in enumerate(texts, start=1)]
    assert sections_rows([(1, "第1部分", laid_out)], None)[0]["uncertain_spaces"] == ""  # a PDF places each glyph
    assert sections_rows(_parts({1: ["目标 2：完成、 物业管理费。"]}), None)[0]["uncertain_spaces"] == ""


def test_part_seven_without_its_unreadable_table_names_it_and_ends_where_it_starts() -> None:
    body = [
        "2024年，本单位重点项目绩效目标情况如下：",
        "项目名称（一级项目） 预算数（万元） 绩效目标",
        "甲项目 1.00 完成甲。",
        "备注：无。",
    ]
    text, omitted = key_project_part(_lines(body), None, failed=True)
    assert (text.text, text.doubts, omitted) == ("2024年，本单位重点项目绩效目标情况如下：", (), "key-projects")
    assert key_project_part(_lines(body[:1]), None) == (PartText(body[:1]), "")  # no table printed


def test_doubts_move_with_their_text() -> None:
    assert joined(PartText(["甲乙", "丙丁"], (1,)), PartText([]), PartText(["戊", "己庚"], (3,))) == PartText(
        ["甲乙", "丙丁", "戊", "己庚"],
        (1, 9),  # "甲乙\n丙丁\n" is 6 characters: 己|庚 at 6 + 3
    )


def test_part_seven_in_pdftotext_order_ends_at_the_first_piece_of_its_header() -> None:
    # pdftotext without -layout gives a table's columns one after another: the header's first
    # cell, the projects' names, then the other header cells
    body = [
        "本单位重点项目绩效目标情况如下：",
        "项目名称（一级项目）",
        "甲项目",
        "乙项目",
        "预算数（万元）",
        "绩效目标",
    ]
    assert key_project_part(_lines(body, unordered=True), None, failed=True)[0].text == body[0]


def test_a_part_heading_given_after_its_first_item_is_put_before_it() -> None:
    texts = ["第一部分 概况", "正文。", "一、部门职责", "第二部分 收支", "（一）负责。"]
    moved = split_parts(_lines(texts, unordered=True, pages=(3,)))
    assert [(num, [ln.text for ln in body]) for num, _, body in moved] == [
        (1, ["正文。"]),
        (2, ["一、部门职责", "（一）负责。"]),
    ]
    kept = split_parts(_lines(texts, unordered=False, pages=(3,)))  # text in printed order: as it is
    assert [ln.text for ln in kept[0][2]] == ["正文。", "一、部门职责"]
    later = split_parts(_lines(texts, unordered=True, pages=()))  # not a page's first line: as it is
    assert [ln.text for ln in later[0][2]] == ["正文。", "一、部门职责"]


def test_the_text_ends_where_pdftotext_puts_a_tables_cells_before_its_title() -> None:
    texts = ["十、三公经费：指公务接待费用。", "单位名称：深圳市测试中心", "项目", "收入", "表一：收支总表"]
    assert _text_end(_lines(texts, unordered=True, pages=(2,)), 4) == 1
    assert _text_end(_lines(texts, unordered=False, pages=(2,)), 4) == 4  # printed order: at the title
    assert _text_end(_lines(texts, unordered=True, pages=(3,)), 4) == 4  # on another page than the title


def test_a_character_out_of_its_line_in_pdftotext_order_is_reported() -> None:
    texts = ["事项进行督办，视情况提请相关部门进行", "査督办。", "督", "（五）负责指导。"]
    with pytest.raises(BudgetError, match="'督', stands apart from its line"):
        check_order(_lines(texts, unordered=True))
    check_order(_lines(texts))  # printed order (pdfplumber): a short line is a line


def test_a_stray_piece_costs_the_text_only() -> None:
    from generator.model import Budget, Metadata, Source
    from generator.read.parse import read_text_parts

    budget = Budget(Metadata("2024-x", 2024, "x"), Source("x.txt", "0" * 64, "text"))
    stray = _lines(["事项进行督办，视情况提请相关部门进行", "督"], unordered=True)
    read_text_parts(budget, [(1, "概况", stray), (9, "名词解释", _lines(["一、甲：指甲。"], unordered=True))])
    assert "sections" not in budget.tables and budget.rows("glossary") == [{"term": "甲", "definition": "指甲。"}]
    assert [(f.resource, f.loc) for f in budget.failures] == [("sections", 2)]


def test_the_text_ends_where_the_document_says_its_tables_begin() -> None:
    # pdftotext without -layout gives a table page's cells before the table's title; the page
    # after 二、表格部分 is the tables', whatever comes before the first title
    texts = ["第九部分 名词解释", "一、甲：指甲。", "二、表格部分", "收入项目", "一、财政拨款", "收入总计"]
    parts = split_parts(_lines(texts, unordered=True, pages=(4,)))
    assert [(num, [ln.text for ln in body]) for num, _, body in parts] == [(9, ["一、甲：指甲。"])]
