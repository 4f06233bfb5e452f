"""Shared rules for printed text (generator/read/words.py)."""

from __future__ import annotations

from generator.read.text import decode_text
from generator.read.words import is_full, join_lines, unify_radicals


def test_radicals_in_a_text_layer_become_the_ideographs_printed() -> None:
    # Kangxi radicals (NFKC) and the CJK Radicals Supplement (Unicode's equivalents): the one
    # table the PDF reader uses too
    assert unify_radicals("⼀般公共预算⽀出表") == "一般公共预算支出表"
    assert unify_radicals("部⻔预算，⻓期") == "部门预算，长期"
    assert unify_radicals("没有部首") == "没有部首"
    # the door radical is the simplified 户 a Chinese font draws, not NFKC's traditional 戶
    assert unify_radicals("财政专⼾管理资⾦，⻔⼾⽹站") == "财政专户管理资金，门户网站"
    lines = decode_text("表⼀：收⽀总表\n部⻔".encode(), "x.txt")
    assert [ln.text for ln in lines] == ["表一：收支总表", "部门"]


def test_a_line_is_full_when_the_next_word_would_not_fit() -> None:
    assert is_full("一" * 20, "二", 40)  # 40 units wide: nothing more fits
    assert not is_full("一" * 10, "二", 40)
    # digits, Latin letters and spaces are set narrower or wider than counted: doubt grows
    assert is_full("一" * 15 + " 2024 年 ABC", "二", 40)


def test_line_breaks_join_without_space_beside_non_ascii() -> None:
    assert join_lines(["≥100 张；≥", "50 份"]) == "≥100 张；≥50 份"
    assert join_lines(["the CIM", "platform"]) == "the CIM platform"
