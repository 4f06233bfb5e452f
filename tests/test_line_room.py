"""Paragraphs in text without positions, told from the lines' widths (generator/read/line_room.py,
generator/read/text_parts.py): synthetic paragraphs set greedily in a column of ideographs."""

from __future__ import annotations

from generator.model import Line
from generator.read.line_room import Column, em_width, first_piece, has_room
from generator.read.text_parts import PartText, paragraphs, told_paragraphs

IDEOGRAPHS = "预算收支增加主要原因说明辅助性人员经费以及水电物业管理费等经费的增加部门整体绩效"


def _text(n: int, end: str = "。", start: int = 0) -> str:
    """``n`` characters of running text ending in ``end`` (n counts it)."""
    body = "".join(IDEOGRAPHS[(start + k) % len(IDEOGRAPHS)] for k in range(n - len(end)))
    return body + end


def _set(paras: list[str], width: int, indent: int = 0) -> list[Line]:
    """The paragraphs set as a renderer sets them: greedily, ``width`` characters a line, a
    paragraph's first line ``indent`` characters narrower (ideographs and CJK punctuation only,
    one character one em)."""
    lines: list[str] = []
    for p in paras:
        room = width - indent
        while len(p) > room:
            lines.append(p[:room])
            p, room = p[room:], width
        lines.append(p)
    return [Line(t, k) for k, t in enumerate(lines, start=1)]


def test_widths_are_bounded_not_guessed() -> None:
    assert em_width("预算") == (2.0, 2.0)  # an ideograph is one em in every CJK font
    assert em_width("，") == (0.5, 1.0)  # punctuation may be compressed
    assert em_width("，", solid=True) == (1.0, 1.0)
    lo, hi = em_width("2024")
    assert 1.7 < lo < hi < 2.5


def test_the_first_piece_of_a_line_is_what_no_renderer_breaks() -> None:
    assert first_piece("较 2023 年预算减少") == "较 2023 年"  # a space beside CJK text is not broken
    assert first_piece("出，包括人员支出") == "出，"  # no line starts with closing punctuation
    assert first_piece("（一）贯彻执行") == "（一）"  # nor ends with opening punctuation
    assert first_piece("部门预算") == "部"
    col = Column(20.0, 0.0)
    assert has_room("一" * 18 + "。", "部门预算", col, may_be_first=False)
    assert not has_room("一" * 15 + "。", "较 2023 年预算减少", col, may_be_first=False)


def test_a_sentence_ends_its_paragraph_where_the_next_character_would_have_fitted() -> None:
    # no indents, 20 characters a line: a paragraph ending one character short of the margin
    # ends there (the next line's first character would have fitted); a sentence ending at the
    # margin inside a paragraph runs on
    paras = [_text(41, start=0), _text(39, start=5), _text(40, "，", start=9) + _text(25, start=3), _text(30)]
    lines = _set(paras, 20)
    assert [len(ln.text) for ln in lines[3:5]] == [20, 19] and lines[4].text.endswith("。")
    assert paragraphs(lines) == paras


def test_a_full_line_closing_a_sentence_runs_on_and_is_said_not_told() -> None:
    # a sentence ending at the margin: inside a paragraph or at its end, the text cannot tell;
    # the next line is joined to it (most run on) and the place is given as a doubt
    inside = _text(20, start=2) + _text(25, start=7)  # its first sentence ends at the margin
    paras = [_text(45, start=1), inside, _text(33, start=4)]
    lines = _set(paras, 20)
    assert any(ln.text.endswith("。") and len(ln.text) == 20 for ln in lines)
    told = told_paragraphs(lines)
    assert told.paragraphs == paras and told.doubts == (len(paras[0]) + 1 + 20,)
    ending = [_text(40, start=1), _text(33, start=4)]  # a paragraph ending exactly at the margin
    told = told_paragraphs(_set(ending, 20))
    assert told.paragraphs == ["".join(ending)] and told.doubts == (40,)  # joined, and said so
    assert told.text[: told.doubts[0]] == ending[0]


def test_paragraphs_told_by_room_are_certain() -> None:
    paras = [_text(41, start=0), _text(39, start=5), _text(30)]
    assert told_paragraphs(_set(paras, 20)) == PartText(paras, ())


def test_indented_first_lines_have_less_room_and_mark_a_paragraph_start() -> None:
    # first lines indented by two characters (首行缩进): a one-line paragraph of 18 characters
    # is full for a first line, yet the next line, which goes on though a line not indented
    # would have held one more character, is an indented first line: the paragraph ended
    paras = [
        _text(45, start=1),
        _text(18, start=3),
        _text(44, start=6),
        _text(18, start=11) + _text(30, start=2),  # a full first line ending a sentence: not told
        _text(39, start=8),
    ]
    lines = _set(paras, 20, indent=2)
    assert [len(ln.text) for ln in lines[3:6]] == [18, 18, 20]
    told = told_paragraphs(lines)
    assert told.paragraphs == paras and len(told.doubts) == 1
    assert told.text[told.doubts[0] :].startswith(_text(30, start=2))


def test_a_numbered_item_after_an_item_running_inline_runs_on() -> None:
    # item 1 stands inside a line (主要用于 1.通过…), so item 2 at a line's start is the same
    # list running on, not a paragraph of its own
    text = [
        "是政务服务管理 1304.91 万元,主要用于 1.通过本项目的实施，实施对政",
        "务服务机制流程的优化，提升政务服务水平，不断优化营商环境营商环境；",
        "2.通过委托邮政公司邮寄政务服务中心业务结果证书，提高服务便利度。",
    ]
    lines = [Line(t, k) for k, t in enumerate(text, start=1)]
    assert paragraphs(lines) == ["".join(text)]


def test_a_line_without_room_for_the_next_lines_first_piece_runs_on_not_told() -> None:
    # 较 2023 年 is one piece: the line before it, closing a sentence 3 characters short of
    # the margin, had no room for it, so it may run on or end its paragraph: it is kept as a line
    lines = _set([_text(45, start=1), _text(30, start=4)], 20)
    lines += [Line(_text(17, start=2), 10), Line("较 2023 年预算减少 376.66 万元。", 11)]
    told = told_paragraphs(lines)
    assert told.paragraphs[-1] == _text(17, start=2) + "较 2023 年预算减少 376.66 万元。"
    assert told.text[told.doubts[-1] :] == "较 2023 年预算减少 376.66 万元。"
    lines[-2] = Line(_text(14, start=2), 10)  # 6 characters short: room for it, the paragraph ended
    assert told_paragraphs(lines).doubts == ()
