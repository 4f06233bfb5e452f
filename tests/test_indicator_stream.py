"""The performance indicators in text without positions, an indicator and its target on one
line apart by spaces (pdfplumber's ``extract_text``): generator/read/tables/indicator_stream.py."""

from __future__ import annotations

import pytest

from generator.model import BudgetError, Line
from generator.read.tables.indicators import indicator_rows

# The indicators of the six-row tables below, in order (three 数量指标, three 质量指标).
SIX_INDICATORS = [
    "智慧罗湖无线城区租用AP的数量",
    "信息安全等级保护二级系统数量",
    "接入监控系统幼儿园数量",
    "全年VPN链路可用率",
    "短信平台无故障率",
    "全年互联网带宽无故障率",
]


def rows(text: str) -> list[tuple[str, str, str, str]]:
    lines = [Line(t, n) for n, t in enumerate(text.split("\n"), start=1)]
    return [(r["level1"], r["level2"], r["indicator"], r["target"]) for r in indicator_rows(lines)]


def test_side_label_characters_are_not_indicator_text() -> None:
    got = rows(
        "年 智慧罗湖无线城区租用AP的数量 2050 个\n"
        "度 数量指标 信息安全等级保护二级系统数量 ≥10 个\n"
        "绩 接入监控系统幼儿园数量 130 所\n"
        "效 产出指标 全年VPN链路可用率 ≥99%\n"
        "指 质量指标 短信平台无故障率 ≥99%\n"
        "标 全年互联网带宽无故障率 ≥99%"
    )
    assert [r[2] for r in got] == SIX_INDICATORS
    assert [r[1] for r in got] == ["数量指标"] * 3 + ["质量指标"] * 3


def test_side_label_characters_on_lines_of_their_own_between_tab_rows_are_no_target_text() -> None:
    # The PDF route (cells apart by tabs) on a continuation page: 年度绩效指标 down the left side
    # a character a line, between the rows' lines.  Not the targets' wrapped ends (≥4 批次年度);
    # a lone character that spells nothing with the others is (130 / 所).
    got = rows(
        "产出指标\t数量指标\t智慧罗湖无线城区租用AP的数量\t≥4 批次\n年\n度\n"
        "\t\t信息安全等级保护二级系统数量\t≥10 个\n绩\n"
        "\t\t接入监控系统幼儿园数量\t130\n所\n效\n"
        "\t质量指标\t全年VPN链路可用率\t≥99%\n指\n标"
    )
    assert got == [
        ("产出指标", "数量指标", SIX_INDICATORS[0], "≥4 批次"),
        ("产出指标", "数量指标", SIX_INDICATORS[1], "≥10 个"),
        ("产出指标", "数量指标", SIX_INDICATORS[2], "130所"),
        ("产出指标", "质量指标", SIX_INDICATORS[3], "≥99%"),
    ]


def test_a_class_label_wrapped_in_its_cell() -> None:
    got = rows(
        "群众满意率 ≥99%\n"
        "服务对象满意度 创文工作在区考部门绩效考核结果 达标\n"
        "满意度指标 指标 各科室对服务团队的满意度 1"
    )
    assert {r[1] for r in got} == {"服务对象满意度指标"} and {r[0] for r in got} == {"满意度指标"}
    assert [r[2] for r in got] == ["群众满意率", "创文工作在区考部门绩效考核结果", "各科室对服务团队的满意度"]


def test_the_header_printed_again_is_no_row() -> None:
    got = rows(
        "数量指标 接入监控系统幼儿园数量 130 所\n一级指标 二级指标 三级指标 目标值\n全年VPN链路可用率 ≥99%\n续表"
    )
    assert [r[2:] for r in got] == [("接入监控系统幼儿园数量", "130 所"), ("全年VPN链路可用率", "≥99%")]


def test_a_number_ending_an_indicator_above_its_target() -> None:
    got = rows(
        "数量指标 是否满足电子合同实名认证服务、电子合同签约服务有效\n期 1 年\n满足\n信息化系统运维及时性 ≤2 小时"
    )
    assert got[0][2:] == ("是否满足电子合同实名认证服务、电子合同签约服务有效期1年", "满足")
    assert got[1][2:] == ("信息化系统运维及时性", "≤2 小时")


def test_a_class_label_inside_an_indicator_is_reported() -> None:
    with pytest.raises(BudgetError, match="part of a class label"):
        rows("数量指标 接入监控系统幼儿园数量 130 所\n产出指标质量指 罗湖正面发布内容比例 ≥95%")


def test_rows_read_without_their_class_are_reported() -> None:
    # the side label down the first rows a character a line, the class labels printed where the
    # text does not say which rows they are over: rows read before any class are not published
    # without it
    with pytest.raises(BudgetError, match="without its class"):
        rows(
            "年 政务云季度巡检报告 4 份\n度\n短信年发送总量 ≥24800 万条\n绩\n效 抽查监测政务新媒体数量 ≥280 个\n"
            "指 全市党政机关网站和新媒体季度监测报告 4 份\n标\n政府在线英文版网站专题策划 ≥4 个\n度指\n标\n30"
        )


def test_a_class_label_wrapped_around_a_rows_line() -> None:
    """服务对象满意度 / 指标 printed on the lines above and below its one row's line (the
    level-one class 满意度指标 beside the rest): the class of that row, set beside it."""
    got = rows(
        "生态效益指标 不适用 不适用\n服务对象满意度\n用户满意度 ≥90%\n满意度指标 指标\n其他满意度指标 不适用 不适用"
    )
    assert got == [
        ("效益指标", "生态效益指标", "不适用", "不适用"),
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
        ("满意度指标", "其他满意度指标", "不适用", "不适用"),
    ]


def test_a_label_not_around_one_row_is_not_joined_across_it() -> None:
    """The rest of a label two lines down, but the line between holds no indicator beside a
    target: nothing is joined, and the stray piece reports the table."""
    with pytest.raises(BudgetError, match="part of a class label"):
        rows(
            "数量指标 会议 ≥4 场\n"
            "培训 ≥2 次\n"
            "服务对象满意度\n"
            "各发布单位投诉\n"
            "满意度指标 指标\n"
            "其他满意度指标 不适用 不适用"
        )


def test_a_class_is_centred_on_its_rows_lines_a_wrapped_indicator_two_of_them() -> None:
    """社会效益指标 printed beside its block's fourth row of six, the fifth wrapped over two lines
    (its target on a line between them): the middle of the block's seven lines, not half a row
    below the middle of its rows; every row keeps its class."""
    got = rows(
        "支出进度达标率 ≥90%\n"
        "成本指标 预算执行率 ≥95%\n"
        "成本控制率 100%\n"
        "经济效益指标 不适用 不适用\n"
        "提升窗口人员形象 显著\n"
        "保障单位日常运行工作的正常开展 显著\n"
        "政务提升程度 显著\n"
        "社会效益指标 政务服务提升程度 显著\n"
        "对保障机构稳定运转、发挥职能的改善或提\n"
        "显著\n"
        "升程度\n"
        "信息系统安全应急响应能力提升 显著\n"
        "生态效益指标 不适用 不适用"
    )
    assert [r[1] for r in got] == ["成本指标"] * 3 + ["经济效益指标"] + ["社会效益指标"] * 6 + ["生态效益指标"]
    assert got[8][2:] == ("对保障机构稳定运转、发挥职能的改善或提升程度", "显著")


def test_an_indicator_printed_without_a_target_is_a_row_with_none() -> None:
    """An indicator printed without a target (月运维达标评分): a short line, which the line above
    does not run on into nor it into the next, with no target on it or beside it but the
    targets printed on the other indicators' lines (a target shares its line only with its
    own row): its target cell is empty, and no target below it moves up a row."""
    got = rows(
        "电子证照新增总量 ≥50 万张\n"
        "数量指标 抽查监测政府网站数量 ≥50 个\n"
        "开放目录数 ≥4000 个\n"
        "月运维达标评分\n"
        "质量指标 短信送达率 ≥98%\n"
        "政务外网统一互联网出口链路可用率 ≥99%\n"
        "网络事件处理时效 ≤24 小时\n"
        "时效指标 机房故障修复完成时间 ≤48 小时\n"
        "短信发送速度 ≤10 秒"
    )
    assert [r[2:] for r in got] == [
        ("电子证照新增总量", "≥50 万张"),
        ("抽查监测政府网站数量", "≥50 个"),
        ("开放目录数", "≥4000 个"),
        ("月运维达标评分", ""),
        ("短信送达率", "≥98%"),
        ("政务外网统一互联网出口链路可用率", "≥99%"),
        ("网络事件处理时效", "≤24 小时"),
        ("机房故障修复完成时间", "≤48 小时"),
        ("短信发送速度", "≤10 秒"),
    ]
    assert [r[1] for r in got] == ["数量指标"] * 3 + ["质量指标"] * 3 + ["时效指标"] * 3


def test_a_line_the_one_above_runs_on_into_is_no_row_without_a_target() -> None:
    """A full line (the column's widest) runs on: the short line after it ends its indicator,
    it is not an indicator printed without a target."""
    got = rows(
        "社会效益指标 对保障机构稳定运转、发挥职能的改善或提 显著\n"
        "升程度\n"
        "信息系统安全应急响应能力提升 显著\n"
        "政务服务提升程度 显著"
    )
    assert [r[2:] for r in got] == [
        ("对保障机构稳定运转、发挥职能的改善或提升程度", "显著"),
        ("信息系统安全应急响应能力提升", "显著"),
        ("政务服务提升程度", "显著"),
    ]


def test_where_the_pages_are_known_a_class_is_centred_on_its_rows_on_its_page() -> None:
    """The text's pages known (its page numbers counting up), a block run over a page break
    centres its class on its rows of the page where it is printed: 时效指标 beside the first
    of its three rows, two of them on the next page, heads all three; the rows of 质量指标 are
    the three around it (centred), not the one beside it with the next taken by 时效指标."""
    texts = [
        "电子证照新增总量 ≥50 万张",
        "数量指标 抽查监测政府网站数量 ≥50 个",
        "开放目录数 ≥4000 个",
        "月运维达标评分",
        "质量指标 短信送达率 ≥98%",
        "政务外网统一互联网出口链路可用率 ≥99%",
        "时效指标 网络事件处理时效 ≤24 小时",
        "机房故障修复完成时间 ≤48 小时",
        "短信发送速度 ≤10 秒",
    ]
    lines = [Line(t, n, new_page=n == 8) for n, t in enumerate(texts, start=1)]
    assert [r["level2"] for r in indicator_rows(lines)] == ["数量指标"] * 3 + ["质量指标"] * 3 + ["时效指标"] * 3


def test_a_word_no_lines_around_complete_into_a_class_is_indicator_text() -> None:
    """``满意度`` (an indicator named so) begins a line as a piece of 满意度指标 would, but no
    line around it holds the rest (the 指标 below is 服务对象满意度's): it is the row's text."""
    from generator.read.tables.indicator_stream import stream_indicators

    text = (
        "群众满意率 ≥99%\n"
        "满意度 ≥90%\n"
        "区民生诉求部门对第三方机构提供服务的满意度， ≥90%\n"
        "服务对象满意度 创文工作在区考部门绩效考核结果 达标\n"
        "满意度指标 指标 各科室对服务团队的满意度 1\n"
        "健康管理工作干部满意度 ≥95%\n"
        "其他满意度指标 无 无"
    )
    placed = stream_indicators([Line(t, n) for n, t in enumerate(text.split("\n"), start=1)])
    assert [(p.text, p.target) for p in placed if p.kind == "item"][:2] == [("群众满意率", "≥99%"), ("满意度", "≥90%")]
    assert [p.text for p in placed if p.kind != "item"] == ["服务对象满意度指标", "满意度指标", "其他满意度指标"]


def test_a_class_cut_over_three_lines_is_joined_on_its_middle_line() -> None:
    """A class cut over three lines in a narrow column (可持续 / 影响指 / 标), centred on its one
    row: its pieces, the first words of consecutive lines, joined on the middle line."""
    got = rows(
        "信息系统安全应急响应能力提升 显著\n"
        "生态效益指标 不适用 不适用\n"
        "可持续\n"
        "影响指 不适用 不适用\n"
        "标\n"
        "服务对象满意度指标 用户满意度 ≥90%"
    )
    assert [r[1:] for r in got][-3:] == [
        ("生态效益指标", "不适用", "不适用"),
        ("可持续影响指标", "不适用", "不适用"),
        ("服务对象满意度指标", "用户满意度", "≥90%"),
    ]


def test_classes_cut_in_cells_side_by_side_are_joined() -> None:
    """The level-one 满意度指标 (满意度 / 指标) beside two level-two classes each cut over three
    lines (服务对 / 象满意 / 度指标, 其他满 / 意度指 / 标), their pieces sharing lines: each word
    a line starts with goes on with one class begun on the line above, or begins one."""
    got = rows(
        "对保障机构稳定运转的改善程度 显著\n"
        "社会效益指标 信息系统安全应急响应能力提升 显著\n"
        "对促进政务信息公开情况的影响程度 显著\n"
        "生态效益指标 不适用 不适用\n"
        "服务对\n"
        "象满意 用户满意度 ≥90%\n"
        "满意度 度指标\n"
        "指标 其他满\n"
        "意度指 不适用 不适用\n"
        "标"
    )
    assert got[-2:] == [
        ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
        ("满意度指标", "其他满意度指标", "不适用", "不适用"),
    ]


def test_pieces_of_classes_that_could_go_on_two_ways_are_reported() -> None:
    """Two classes cut side by side (产出指 数量指 / 标 标): which 标 ends which is not told by
    the words alone; nothing is joined, and the pieces left report the table."""
    with pytest.raises(BudgetError, match="part of a class label"):
        rows(
            "信息安全等级保护二级系统数量 ≥10 个\n"
            "产出指 数量指 接入监控系统幼儿园数量 130 所\n"
            "标 标 网络及信息安全服务单位数量 ≥50 家\n"
            "质量指标 全年VPN链路可用率 ≥99%"
        )


def test_a_loose_target_word_that_pairs_only_as_indicator_text() -> None:
    """An indicator wrapped over two lines, its target centred between them, its last line a
    word a target could be (``有效期1年``, from 有效…): read as a target, the targets do not pair
    with the indicators; read as the indicator's last line, they do, and no other reading does."""
    got = rows(
        "智慧罗湖无线城区租用AP的数量 2050 个\n"
        "数量指标 信息安全等级保护二级系统数量 ≥10 个\n"
        "是否满足电子合同实名认证服务、电子合同签约服务\n"
        "满足\n"
        "有效期1年\n"
        "信息化系统运维及时性 ≤2 小时"
    )
    assert [r[2:] for r in got] == [
        ("智慧罗湖无线城区租用AP的数量", "2050 个"),
        ("信息安全等级保护二级系统数量", "≥10 个"),
        ("是否满足电子合同实名认证服务、电子合同签约服务有效期1年", "满足"),
        ("信息化系统运维及时性", "≤2 小时"),
    ]


def test_the_header_wrapped_in_its_cells_is_no_row() -> None:
    """Narrow columns: the header's cells wrapped (``一级指 二级指`` / ``三级指标 目标值`` /
    ``标 标``), at the table's start and printed again on a continuation page: no row."""
    got = rows(
        "标 标\n"
        "智慧罗湖无线城区租用AP的数量 2050 个\n"
        "数量指标 信息安全等级保护二级系统数量 ≥10 个\n"
        "接入监控系统幼儿园数量 130 所\n"
        "一级指 二级指\n"
        "三级指标 目标值\n"
        "标 标\n"
        "全年VPN链路可用率 ≥99%\n"
        "质量指标 短信平台无故障率 ≥99%\n"
        "全年互联网带宽无故障率 ≥99%"
    )
    assert [r[2] for r in got] == SIX_INDICATORS


def test_a_class_wrapped_over_two_lines_that_places_its_rows_two_ways_is_reported() -> None:
    """质量指 / 标: the class is centred between its two lines, and the rows' cut depends on
    which of them it stands on (at the first, 质量指标's four rows from 机柜运维数 centre on it; at
    the second, its three rows from 抽查监测政府网站数量): which rows are whose is not certain."""
    with pytest.raises(BudgetError, match="wrapped over lines"):
        rows(
            "政务云季度巡检报告 4 份\n"
            "数量指标 短信年发送总量 ≥24800 万条\n"
            "抽查监测政务新媒体数量 ≥280 个\n"
            "机柜运维数 ≥3929 台\n"
            "抽查监测政府网站数量 ≥50 个\n"
            "质量指\n"
            "标 短信送达率 ≥98%\n"
            "政务外网统一互联网出口链路可用率 ≥99%\n"
            "时效指标 网络事件处理时效 ≤24 小时"
        )


def test_the_side_label_starting_the_table_is_no_wrapped_header() -> None:
    """The side label's first characters on the table's first line (``年度绩``, a piece of a
    heading as a wrapped header's are): taken as the side label, so that its rest (``效指标``)
    is too, not skipped as the header."""
    got = rows(
        "年度绩\n"
        "效指标\n"
        "产出指标\n"
        "数量指标\n"
        "智慧罗湖无线城区租用AP的数量 2050 个\n"
        "信息安全等级保护二级系统数量 ≥10 个\n"
        "接入监控系统幼儿园数量 130 所\n"
        "网络及信息安全服务单位数量 ≥50 家\n"
        "短信可发送条数 ≥1200 万条"
    )
    assert [r[2] for r in got] == [
        "智慧罗湖无线城区租用AP的数量",
        "信息安全等级保护二级系统数量",
        "接入监控系统幼儿园数量",
        "网络及信息安全服务单位数量",
        "短信可发送条数",
    ]
    assert {r[:2] for r in got} == {("产出指标", "数量指标")}


def test_a_target_word_over_a_line_that_may_end_its_indicator_is_reported() -> None:
    """Cells at their tops: ``…签约服务 满足`` over ``有效期1年``, the indicator's last line below
    its target; read centred (a target below the line is the row's, the word above the
    indicator's end) the row was ``…签约服务满足`` / ``有效期1年``: which, the text does not tell."""
    texts = [
        "数量指标 电子证照新增总量 ≥50 万张",
        "时效指标 是否满足电子合同实名认证服务、电子合同签约服务 满足",
        "有效期1年",
        "信息化系统运维及时性 ≤2 小时",
    ]
    with pytest.raises(BudgetError, match="may be the target of its line"):
        indicator_rows([Line(t, n) for n, t in enumerate(texts, start=1)])
