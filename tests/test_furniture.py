"""Page furniture in text extractions: page numbers, running headers and footers, recognised
by repetition (``generator/read/furniture.py``), never read as text or table rows."""

from __future__ import annotations

from generator.read.furniture import split_pages, text_furniture
from generator.read.text import without_furniture

HEADER = "2024年深圳市南山区教育装备中心部门预算"
TEXTS = [
    "负责全区教育装备的规划。",
    "承担中小学实验室建设。",
    "组织装备的采购与验收。",
    "开展教师培训。",
    "完成上级交办的任务。",
]


def _pages(n: int, footer: str = "- {n} -", header: str = HEADER, sep: str = "\f") -> list[str]:
    """A document of ``n`` pages after a title page: each with a running header and a footer,
    pages separated as pdftotext separates them (a form feed before a page's first line)."""
    pages = [[HEADER, "", "目 录"]]
    for k in range(1, n + 1):
        body = [TEXTS[k % len(TEXTS)], "单位：万元", f"行政运行\t{k}0.00\t{k}0.00"]
        pages.append([*([header] if header else []), *body, footer.format(n=k)])
    lines = pages[0]
    for page in pages[1:]:
        lines += [sep + page[0], *page[1:]]
    return lines


def _kept(lines: list[str]) -> list[str]:
    return [ln.text for ln in without_furniture(lines)]


def test_form_feeds_split_pages() -> None:
    assert len(split_pages(["a", "b\f", "c", "\fd", "e"])) == 3


def test_running_header_and_page_numbers_are_dropped() -> None:
    kept = _kept(_pages(5))
    assert kept[0] == HEADER  # the document's own title stays
    assert HEADER not in kept[1:] and not any(t.strip().startswith("- ") for t in kept)
    assert kept.count("单位：万元") == 5  # unit lines recur but are never furniture
    assert "行政运行\t30.00\t30.00" in kept and all(t in kept for t in TEXTS)


def test_pages_found_from_counting_page_numbers_without_form_feeds() -> None:
    lines = _pages(4, footer="第 {n} 页", sep="")
    assert len(split_pages(lines)) >= 4
    kept = _kept(lines)
    assert not any(t.strip()[-1:] == "页" and t.strip().startswith("第 ") for t in kept)
    assert HEADER not in kept[1:]


def test_a_running_footer_with_the_department_name() -> None:
    lines = _pages(4, footer="深圳市南山区教育装备中心 第 {n} 页", header="")
    kept = _kept(lines)
    assert not any("第 " in t and t.endswith(" 页") for t in kept), kept


def test_lines_repeated_inside_pages_are_not_furniture() -> None:
    pages = [["标题", "行政运行 10.00", "事业运行 5.00", "尾"] for _ in range(5)]
    drop = text_furniture(pages)
    # the first and last lines recur on every page: furniture (but the document's first line);
    # the rows in between are not
    assert drop == [{3}, *[{0, 3}] * 4]


def test_too_few_pages_to_tell() -> None:
    assert text_furniture([["页眉", "正文一"], ["页眉", "正文二"]]) == [set(), set()]


def test_bare_page_numbers_counting_up_split_pages_and_are_dropped() -> None:
    # pages joined without form feeds (pdfplumber's extract_text, page by page), each ending in
    # its number printed bare; a row's wrapped digits on a line of their own stay
    lines = _pages(6, footer="{n}", header="", sep="")
    lines[5:5] = ["10,645.0", "4"]  # an amount's last digit wrapped: not the page number 4
    assert len(split_pages(lines)) == 6  # the title page, without a number, goes with page 1
    kept = _kept(lines)
    assert "4" in kept and not any(t in kept for t in ("1", "2", "3", "5", "6"))
    assert all(t in kept for t in TEXTS)


def test_a_bare_number_equal_to_the_page_number_beside_it_is_not_taken_for_it() -> None:
    lines = _pages(6, footer="{n}", header="", sep="")
    at = lines.index("3")
    lines[at - 1 : at - 1] = ["3"]  # page 3 holds a lone 3 of its own: which one is the page's?
    pages = split_pages(lines)
    assert len(pages) == 5  # pages 3 and 4 are not told apart (the title page goes with page 1)
    assert [lines[i] for i in pages[2]].count("3") == 2 and "4" in [lines[i] for i in pages[2]]


def test_a_short_column_of_row_numbers_is_not_page_numbers() -> None:
    lines = ["正文"] * 40 + [x for n in range(1, 7) for x in (str(n), "项目", "10.00")] + ["正文"] * 40
    assert split_pages(lines) == [list(range(len(lines)))]


def test_a_page_has_one_page_number() -> None:
    # a table's last line printing a lone 0 (a number wrapped in its cell) above the page's
    # number: once the page number is gone, the 0 is the table's, not a second page number
    lines = _pages(4, footer="{n}")
    k = lines.index("行政运行\t30.00\t30.00")
    lines.insert(k + 1, "                                        0")
    kept = _kept(lines)
    assert "                                        0" in kept
    assert not any(t.strip() in ("1", "2", "3", "4") for t in kept)
