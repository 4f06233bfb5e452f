"""What counts as Chinese and how Chinese text numbers things (generator/chinese.py), the one
definition the reader, the checks and the pages share."""

from __future__ import annotations

import pytest

from generator.chinese import CHINESE_RUN, SET_SOLID, has_chinese, numbering, numeral, numeral_value
from generator.read import words as parse
from generator.site.terms import split_numbering


def test_the_reader_joins_lines_by_the_same_definition() -> None:
    assert parse.CJK == SET_SOLID
    assert parse._is_cjk("年") and parse._is_cjk("，") and parse._is_cjk("“") and not parse._is_cjk("a")


@pytest.mark.parametrize(
    ("text", "chinese"),
    [("预算", True), ("≥99%", False), ("（１）", False), ("Budget 万元", True), ("﨑", True), ("", False)],
)
def test_a_text_is_chinese_when_it_holds_a_han_character(text: str, chinese: bool) -> None:
    assert has_chinese(text) is chinese


def test_punctuation_is_set_solid_but_is_not_chinese_by_itself() -> None:
    assert parse._is_cjk("。") and parse._is_cjk("—") and not parse._is_cjk("-") and not has_chinese("。—")
    assert [m.group(0) for m in CHINESE_RUN.finditer("CNY 10,000 (万元), 单位：万元.")] == ["万元", "单位：万元"]


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_numerals_both_ways(n: int, text: str) -> None:
    assert numeral(n) == text and numeral_value(text) == n


def test_what_is_not_a_numeral() -> None:
    assert numeral(0) == "0" and numeral(100) == "100"
    assert numeral_value("") == numeral_value("十十") == numeral_value("三三") == numeral_value("甲") == 0


@pytest.mark.parametrize(
    ("label", "kind", "number", "rest"),
    [
        ("一、财政拨款", "cn", 1, "财政拨款"),
        ("十二、其他支出", "cn", 12, "其他支出"),
        ("（三）项目支出", "paren", 3, "项目支出"),
        ("(二) 公用", "paren", 2, "公用"),
        ("2.政府性基金预算拨款", "digit", 2, "政府性基金预算拨款"),
        ("10 、其他", "digit", 10, "其他"),
        ("收入总计", "", 0, "收入总计"),
        ("2024年预算", "", 0, "2024年预算"),
    ],
)
def test_list_numbering(label: str, kind: str, number: int, rest: str) -> None:
    assert numbering(label) == (kind, number, rest)


def test_english_numbering_prefix() -> None:
    assert split_numbering("十一、其他") == ("XI. ", "其他")
    assert split_numbering("（十）其他") == ("(10) ", "其他")
    assert split_numbering("三三、其他") == ("", "三三、其他")  # not a numeral: left as printed
