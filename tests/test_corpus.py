"""The corpus machinery itself (tests/corpus/): variants derived exactly from the goldens, line
breaks that join back to the text, a layout matrix that covers every knob, rendered PDFs that
pass their self-check (and a self-check that can fail), and the cell-by-cell comparison."""

from __future__ import annotations

import dataclasses
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from corpus import breaks, document, goldens, layouts, matrix, reportlab_pdf, selfcheck, variants
from corpus.compare import compare
from corpus.routes import Package

BUDGETS = goldens.golden_ids()


@pytest.fixture(scope="module", params=BUDGETS)
def golden(request: pytest.FixtureRequest) -> goldens.ExpectedDoc:
    return goldens.load(request.param)


def test_every_golden_folder_is_a_budget() -> None:
    folders = sorted(p.name for p in goldens.GOLDEN.iterdir() if p.is_dir() and any(p.glob("*.csv")))
    assert folders == BUDGETS and len(BUDGETS) >= 3
    for budget in BUDGETS:
        doc = goldens.load(budget)
        assert doc.department and "sections" in doc.rows and "findings" not in doc.rows


def test_scaling_multiplies_every_amount_exactly(golden: goldens.ExpectedDoc) -> None:
    k = 7
    scaled = variants.scale(golden, k)
    assert scaled.fields == golden.fields and scaled.meta == golden.meta
    amounts = 0
    for resource, rows in golden.rows.items():
        names = variants.amount_fields(resource)
        for before, after in zip(rows, scaled.rows[resource], strict=True):
            for f, v in before.items():
                if f in names and v:
                    amounts += 1
                    assert Decimal(after[f]) == Decimal(v) * k, (resource, f, v)
                    assert len(after[f].partition(".")[2]) == len(v.partition(".")[2]), "decimals kept"
                elif resource != "sections":
                    assert after[f] == v, "only amounts change"
    assert amounts > 100


def test_scaling_keeps_part_seven_in_step_with_key_projects(golden: goldens.ExpectedDoc) -> None:
    seven = goldens.part_seven(variants.scale(golden, 13))
    assert seven is not None
    projects = variants.scale(golden, 13).rows["key-projects"]
    assert [p.replace(",", "") for _n, p, _g in seven.rows] == [r["amount"] for r in projects]
    other = [r for r in golden.rows["sections"] if r["part"] != "7"]
    assert other == [r for r in variants.scale(golden, 13).rows["sections"] if r["part"] != "7"]


def _sums(doc: goldens.ExpectedDoc) -> list[tuple[str, int, bool]]:
    """Every 'total = basic + project' row and every 'code row = sum of its children' in the
    coded tables, and whether it holds."""
    out = []
    for resource, rows in doc.rows.items():
        if not {"total", "basic", "project"} <= set(doc.fields[resource]) or resource == "expenditure-summary":
            continue
        for i, r in enumerate(rows):
            if r["total"] and r["basic"] and r["project"]:
                out.append((resource, i, Decimal(r["total"]) == Decimal(r["basic"]) + Decimal(r["project"])))
            code = r.get("code", "")
            kids = [c for c in rows if c.get("code", "").startswith(code) and len(c["code"]) == len(code) + 2]
            if code and kids and len(code) in (3, 5):
                total = sum(Decimal(c["total"] or 0) for c in kids)
                out.append((resource, -i, Decimal(r["total"] or 0) == total))
    return out


def test_a_scaled_variant_satisfies_the_sums_the_golden_satisfies(golden: goldens.ExpectedDoc) -> None:
    before = _sums(golden)
    after = _sums(variants.scale(golden, 3))
    assert [(r, i) for r, i, _ in before] == [(r, i) for r, i, _ in after]
    held = [(r, i) for r, i, ok in before if ok]
    assert len(held) > 20
    assert held == [(r, i) for r, i, ok in after if ok]


def test_renaming_replaces_department_and_parent_everywhere(golden: goldens.ExpectedDoc) -> None:
    to = variants.RENAMES[0]
    out = variants.renamed(golden, to)
    dept, parent = golden.meta["department"], golden.meta["parent_department"]
    assert out.meta["parent_department"] == to.parent and out.meta["department"] in (
        to.department,
        to.parent + "（本级）",
    )
    found = 0
    for resource, rows in golden.rows.items():
        for before, after in zip(rows, out.rows[resource], strict=True):
            for f, v in before.items():
                found += v.count(dept)
                marked = v.replace(dept, "\0").replace(parent, "\1")
                assert after[f] == marked.replace("\0", out.meta["department"]).replace("\1", to.parent), (resource, f)
    assert found > 5, "the department is printed in cells and text"
    assert f"department: {out.meta['department']}" in out.yml_text()


def test_renaming_keeps_a_bureau_proper_suffix() -> None:
    doc = goldens.ExpectedDoc("2024-x", {"department": "甲局（本级）", "parent_department": "甲局"}, {"t": ["unit"]},
                              {"t": [{"unit": "甲局"}, {"unit": "甲局（本级）"}]})  # fmt: skip
    out = variants.renamed(doc, variants.Rename("乙中心", "乙局", "B", "B bureau", "b"))
    assert [r["unit"] for r in out.rows["t"]] == ["乙局", "乙局（本级）"]
    assert out.meta["department"] == "乙局（本级）"


def test_amounts_print_with_separators_that_remove_to_the_csv() -> None:
    for plain in ("0", "0.00", "5574.9", "21141.12", "-1234.50", "107466.24", "1000000"):
        printed = variants.with_separators(plain)
        assert printed.replace(",", "") == plain
    assert variants.with_separators("21141.12") == "21,141.12"


@pytest.mark.parametrize("kind", ["label", "text"])
def test_lines_broken_at_safe_places_join_back(golden: goldens.ExpectedDoc, kind: str) -> None:
    rng = random.Random(9)
    field_kind = {
        "label": ("indicator", "project", "name", "item"),
        "text": ("text", "goal", "content", "definition", "target"),
    }
    texts = [
        v for rows in golden.rows.values() for r in rows for f, v in r.items() if f in field_kind[kind] and v
    ]  # fmt: skip
    assert texts
    for text in texts:
        for para in text.split("\n"):
            room = rng.choice([3, 5, 8, 13])
            lines = breaks.wrap(para, kind, room, len)
            assert breaks.join(lines, kind) == para, (para, lines)


def test_numbers_may_break_anywhere() -> None:
    assert breaks.join(breaks.wrap("107466.24", "number", 7, len), "number") == "107466.24"
    assert breaks.wrap("21141.12", "number", 7, len) == ["21141.1", "2"]


def test_no_break_inside_ascii_runs_or_beside_a_space_next_to_cjk() -> None:
    assert breaks.atoms("“深蓝-2024”深圳", "text") == ["“", "深", "蓝", "-2024”", "深", "圳"]
    assert breaks.atoms("在 2024 年", "text") == ["在 2024 年"]
    assert breaks.atoms("129.73 m ²", "text") == ["129.73", " m ²"]
    assert " 10" in breaks.atoms("Windows 10", "label")


def test_the_matrix_covers_every_knob() -> None:
    ls = layouts.LAYOUTS
    assert len({x.name for x in ls}) == len(ls)
    for producer in ("reportlab", "chromium"):
        mine = [x for x in ls if x.producer == producer]
        assert {x.rules for x in mine} == {"grid", "three-line", "none"}, producer
        assert {x.headers for x in mine} == {"merged", "flat"}
        assert {x.repeat_header for x in mine} == {True, False}
        assert {x.wide for x in mine} == {"landscape", "portrait"}
        assert {x.thousands for x in mine} == {True, False}
        assert {x.running_header for x in mine} == {True, False}
    assert {x.continued for x in ls if x.producer == "reportlab"} == {True, False}
    assert {x.page_number for x in ls} == set(layouts.PAGE_NUMBERS)
    assert {x.title for x in ls} == set(layouts.TITLES)
    assert {x.indent for x in ls} == {True, False}
    fonts = {f for x in ls for f in x.fonts}
    assert {layouts.CID_FONT, *layouts.FONT_FILES, *layouts.CSS_FONTS} <= fonts
    specs = matrix.documents()
    assert len(specs) == len(BUDGETS) * len(ls)
    for budget in BUDGETS:
        seen = [s.variant for s in specs if s.budget_id == budget]
        assert {v.k for v in seen} == set(matrix.SCALES)
        assert {v.rename for v in seen} == set(matrix.NAMES)


def test_a_rendered_pdf_passes_its_selfcheck_and_a_wrong_one_fails(tmp_path: Path) -> None:
    layout = layouts.BY_NAME["rl-zenhei-threeline"]
    expected = variants.apply(goldens.load(BUDGETS[0]), variants.Variant(13, variants.RENAMES[1]))
    printed = document.build(expected, layout)
    path = tmp_path / "x.pdf"
    path.write_bytes(reportlab_pdf.render(printed, layout))
    pages = selfcheck.read_pages(path)
    assert len(pages) > 20
    assert selfcheck.check(printed, pages, layout.title) == []
    assert any(re.search(r"第 ?\d+/\d+", p.text) or re.search(r"\d+/\d+", p.text) for p in pages)
    assert sum(expected.department in p.text for p in pages) > 15, "running header on every page"
    table = printed.tables()[1]
    cell = table.data_cells()[3]
    cell.text += "1"
    para = next(b for b in printed.blocks if getattr(b, "data", False))
    printed.blocks[printed.blocks.index(para)] = dataclasses.replace(para, text=para.text + "。")
    problems = selfcheck.check(printed, pages, layout.title)
    assert len(problems) == 2 and table.resource in problems[1]


@pytest.mark.browser
def test_a_chromium_pdf_passes_its_selfcheck(tmp_path: Path) -> None:
    spec = next(s for s in matrix.documents([BUDGETS[-1]]) if s.layout.name == "cr-noto-portrait-flat")
    expected = variants.apply(goldens.load(spec.budget_id), spec.variant)
    doc = matrix.rendered(spec, expected, tmp_path)
    assert doc.problems == [] and len(doc.pages) > 20
    assert any("⻔" in w or "⼀" in w for p in doc.pages for w in p.words), (
        "Chromium with Noto: radicals in the text layer"
    )


def test_compare_counts_exact_wrong_and_missing_cells() -> None:
    doc = goldens.ExpectedDoc("2024-x", {"department": "d"}, {"a": ["line", "v"], "b": ["line", "v"]},
                              {"a": [{"line": "1", "v": "1.50"}, {"line": "2", "v": "2"}], "b": [{"line": "1", "v": "x"}]})  # fmt: skip
    score = compare(doc, Package({"a": [["line", "v"], ["1", "1.5"], ["2", "2"], ["3", "9"]]}, ["b: unreadable"]))
    a, b = score.resources["a"], score.resources["b"]
    assert (a.exact, a.total, a.wrong, a.missing, a.extra) == (3, 4, 1, 0, 2)
    assert (b.exact, b.total, b.missing) == (0, 2, 2)
    assert score.diffs[0].kind == "wrong" and score.diffs[0].got == "1.5" and score.diffs[0].expected == "1.50"
    assert score.failures == ["b: unreadable"]
    raised = compare(doc, None, "BudgetError: x")
    assert raised.total.missing == raised.total.total == 6 and raised.error


def test_compare_counts_a_part_marked_not_whole_as_missing_only_when_it_is_true() -> None:
    # part 7 without its unreadable table (contract 3.1.0: omitted_table) and a part whose
    # paragraphs were not told at some places (uncertain_breaks) are missing where their text is
    # the golden's as far as the marks say, and wrong where it is not
    seven = "如下：\n项目名称 预算数 绩效目标\n甲项目 1.00 完成甲。\n备注：无。"
    fields = {"sections": ["line", "part", "heading", "text"], "key-projects": ["line", "project", "amount", "goal"]}
    rows = {
        "sections": [{"line": "1", "part": "1", "heading": "h", "text": "第一段。\n第二段 2024 年。\n第三段。"},
                     {"line": "2", "part": "7", "heading": "k", "text": seven}],
        "key-projects": [{"line": "1", "project": "甲项目", "amount": "1.00", "goal": "完成甲。"}],
    }  # fmt: skip
    doc = goldens.ExpectedDoc("2024-x", {"department": "d"}, fields, rows)
    head = ["line", "part", "heading", "text", "paragraphs_certain", "uncertain_breaks", "omitted_table"]

    def cells(one: str, breaks: str, seventh: str, omitted: str) -> tuple[int, int, int]:
        told = "false" if breaks else "true"
        got = [head, ["1", "1", "h", one, told, breaks, ""], ["2", "7", "k", seventh, "true", "", omitted]]
        c = compare(doc, Package({"sections": got})).resources["sections"]
        return c.exact, c.wrong, c.missing

    joined = "第一段。第二段 2024 年。\n第三段。"  # 第二段 joined to 第一段 at offset 4
    assert cells(joined, "4", "如下：", "key-projects") == (6, 0, 2)
    assert cells(joined, "", "如下：", "") == (6, 2, 0)  # joined without saying so; part 7 cut short
    assert cells(joined, "3", seven, "") == (7, 1, 0)  # the doubt is not where the paragraphs meet
    assert cells("第一段。\n第二段 2024 年。\n第三段。", "8", seven, "") == (8, 0, 0)  # the golden's, though not told
    assert cells(joined, "4", "如下：\n项目名称", "key-projects") == (6, 1, 1)  # a piece of the table kept


def test_compare_counts_a_text_with_uncertain_spaces_as_missing_only_when_dropping_them_gives_the_golden() -> None:
    # contract 4.1.0: a space between two Chinese characters in text without positions may be a
    # gap; the text is the golden's with those spaces dropped (all, or none), or it is wrong
    want = "进行督査督办。\n第二段。\n第三段。"
    fields = {"sections": ["line", "part", "heading", "text"]}
    doc = goldens.ExpectedDoc(
        "2024-x", {"department": "d"}, fields, {"sections": [{"line": "1", "part": "1", "heading": "h", "text": want}]}
    )
    head = [
        "line",
        "part",
        "heading",
        "text",
        "paragraphs_certain",
        "uncertain_breaks",
        "omitted_table",
        "uncertain_spaces",
    ]

    def cells(text: str, breaks: str, spaces: str) -> tuple[int, int, int]:
        got = [head, ["1", "1", "h", text, "false" if breaks else "true", breaks, "", spaces]]
        c = compare(doc, Package({"sections": got})).resources["sections"]
        return c.exact, c.wrong, c.missing

    gap = "进行督 査督办。\n第二段。\n第三段。"
    assert cells(gap, "", "3") == (3, 0, 1)
    assert cells(gap, "", "") == (3, 1, 0)  # the space published as printed
    assert cells(gap, "", "5") == (3, 1, 0)  # the offset is not a space's
    assert cells("进行督 査督办。\n第二段。第三段。", "13", "3") == (3, 0, 1)  # a break doubt after the space
    assert cells("进行督 査督 办。\n第二段。\n第三段。", "", "3") == (3, 1, 0)  # a space not listed stays


NOT_PRINTED_AS_DATA = ("line", "level", "side", "year", "fund")  # order, depth, side and year are layout


@pytest.mark.parametrize("layout", ["rl-cid-grid", "rl-uming-norules-flat"])
def test_every_expected_value_is_printed_in_a_data_cell(golden: goldens.ExpectedDoc, layout: str) -> None:
    """The tables print every non-empty expected value (the self-check then finds each in the
    PDF): a value the builder left out would go unnoticed by the self-check."""
    from collections import Counter

    lay = layouts.BY_NAME[layout]
    printed = document.build(golden, lay)
    by_resource: dict[str, Counter[str]] = {}
    for t in printed.tables():
        cells = Counter(c.text.replace(",", "") if c.kind == "number" else c.text for c in t.data_cells())
        by_resource.setdefault("performance" if t.resource == "performance-tasks" else t.resource, Counter()).update(
            cells
        )
    for resource, rows in golden.rows.items():
        if resource in ("sections", "glossary", "key-projects"):
            continue  # printed as the text of the parts
        key = "performance" if resource.startswith("performance") else resource
        want: Counter[str] = Counter()
        for i, r in enumerate(rows):
            before = rows[i - 1] if i else {}
            if resource == "performance-indicators":  # a class is printed once, merged down its block
                r = {**r, "level1": "" if before.get("level1") == r["level1"] else r["level1"]}
                same = before.get("level1") == rows[i]["level1"] and before.get("level2") == r["level2"]
                r["level2"] = "" if same else r["level2"]
            unit_row = r["level"] == "0" if "level" in r else not r.get("code")
            for f, v in r.items():
                if f == "unit" and resource in ("basic-expenditure", "project-expenditure"):
                    continue  # a unit is printed as its row's name; the rows under it print none
                repeated_unit = f == "unit" and ("code" in r or resource == "three-public-expenses")
                if v and f not in NOT_PRINTED_AS_DATA and not (repeated_unit and not unit_row):
                    want[v] += 1
        if resource == "three-public-expenses":
            want = Counter({v: n for v, n in want.items() if v not in {r["unit"] for r in rows}})
        missing = want - by_resource[key]
        assert not missing, (resource, list(missing.items())[:5])


def test_blank_cells_print_blank(tmp_path: Path) -> None:
    """A row that prints only some of its cells (a parent unit's row): the golden's empty cells
    are printed empty, and the PDF still passes its self-check."""
    golden = goldens.load(BUDGETS[0])
    rows = [dict(r) for r in golden.rows["expenditure-summary"]]
    blanked = ("basic", "project", "business_operating", "procurement_sme")
    rows[0].update(dict.fromkeys(blanked, ""))
    doc = dataclasses.replace(golden, rows={**golden.rows, "expenditure-summary": rows})
    layout = layouts.BY_NAME["rl-cid-threeline-portrait"]
    printed = document.build(doc, layout)
    table = next(t for t in printed.tables() if t.resource == "expenditure-summary")
    first = [c for c in table.bands[0].body if c.row == 0]
    assert sum(1 for c in first if c.kind == "number" and not c.text) == len(blanked)
    path = tmp_path / "x.pdf"
    path.write_bytes(reportlab_pdf.render(printed, layout))
    assert selfcheck.check(printed, selfcheck.read_pages(path), layout.title) == []


def test_narrow_columns_wrap_labels_and_amounts(tmp_path: Path) -> None:
    """In a portrait layout, names and amounts wrap inside their cells (and the PDF still
    prints every cell: its self-check passes)."""
    layout = layouts.BY_NAME["rl-microhei-portrait"]
    spec = next(s for s in matrix.documents([BUDGETS[-1]], [layout.name]))
    doc = matrix.rendered(spec, variants.apply(goldens.load(spec.budget_id), spec.variant), tmp_path)
    assert doc.problems == []
    words = {w for p in doc.pages for w in p.words}
    cells = [
        c
        for t in document.build(variants.apply(goldens.load(spec.budget_id), spec.variant), layout).tables()
        for c in t.data_cells()
    ]
    assert sum(c.kind == "number" and c.text not in words for c in cells) >= 5
    assert sum(c.kind == "label" and c.text.replace(" ", "") not in words for c in cells) >= 20


def test_cells_set_at_their_tops_print_every_value_where_it_belongs(tmp_path: Path) -> None:
    """``--valign top``: every cell's lines, merged cells' too, start at the cell's top (the row's
    other cells on its first line), and the PDF still prints every cell: its self-check passes."""
    spec = matrix.aligned(next(s for s in matrix.documents([BUDGETS[0]], ["rl-zenhei-threeline"])), "top")
    assert spec.layout.name == "rl-zenhei-threeline-top" and spec.layout.valign == "top"
    assert matrix.doc_key(goldens.load(spec.budget_id), spec.layout) != matrix.doc_key(
        goldens.load(spec.budget_id), layouts.BY_NAME["rl-zenhei-threeline"]
    )
    doc = matrix.rendered(spec, variants.apply(goldens.load(spec.budget_id), spec.variant), tmp_path)
    assert doc.problems == []
