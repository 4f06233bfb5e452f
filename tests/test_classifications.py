"""The national classifications and the label dictionary in content/i18n (generator/classifications.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from generator.catalog import FUNCTION_CLASSES
from generator.classifications import (
    SCHEMES,
    ClassificationError,
    load,
    load_classification,
    load_labels,
    same_name,
)
from generator.model import BudgetError
from generator.site.terms import Terms

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GOLDEN = ROOT / "tests" / "golden"
SEEDS = sorted((CONTENT / "budgets" / "2024").glob("*.txt"))
TERMS = yaml.safe_load((CONTENT / "i18n" / "terms.en.yml").read_text(encoding="utf-8"))
HEADER = "code,parent,level,zh,en,source\n"


@pytest.fixture(scope="module")
def shipped():
    return load(CONTENT).schemes


def golden_codes() -> dict[str, set[tuple[str, str]]]:
    """code → {(printed name, golden file)} for every coded row of the golden CSVs."""
    found: dict[str, set[tuple[str, str]]] = {}
    for path in sorted(GOLDEN.glob("*/*.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                code = row.get("code") or ""
                if code:
                    name = row.get("name") or row.get("item") or ""
                    found.setdefault(code, set()).add((name, f"{path.parent.name}/{path.name}"))
    return found


def scheme_of(code: str) -> str:
    return next(name for name, s in SCHEMES.items() if s.pattern.match(code))


# -- the shipped files --------------------------------------------------------------------------------


def test_shipped_files_validate(shipped) -> None:
    assert set(shipped) == set(SCHEMES)
    for c in shipped.values():
        for e in c.entries.values():
            assert e.en.strip() and not re.search(r"[\u3400-\u9fff]", e.en), e
            assert e.source in ("seed", "recalled") or e.source.startswith("http"), e


def levels(c) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for e in c.entries.values():
        out.setdefault(e.level, []).append(e.code)
    return out


def test_the_functional_classes_are_the_catalogs_and_the_common_items_are_there(shipped) -> None:
    f = shipped["functional"]
    # Every 类 (the one list in code, catalog.FUNCTION_CLASSES, by which the checks find classes
    # printed without codes): the same codes and names.
    assert {e.code: e.zh for e in f.entries.values() if e.level == 1} == FUNCTION_CLASSES
    assert len(levels(f)[2]) >= 200 and len(levels(f)[3]) >= 600
    # 款 under every class that has them, and the common 项 of the classes departments print most
    for cls in set(FUNCTION_CLASSES) - {"227"}:
        assert any(e.parent == cls for e in f.entries.values()), cls
    common = [  # items departments of each kind print often: general, public safety, education, health …
        *("2010101", "2010301", "2010350", "2011101", "2013101", "2013201", "2013301", "2013801"),
        *("2040201", "2040220", "2040601", "2040607", "2050101", "2050201", "2050202", "2050203", "2050204"),
        *("2050302", "2050803", "2080101", "2080109", "2080505", "2080506", "2080801", "2081002", "2082801"),
        *("2100101", "2100201", "2100302", "2100401", "2100408", "2100409", "2101101", "2101102", "2101103"),
        *("2120101", "2120104", "2120501", "2130101", "2130104", "2130201", "2130301", "2130505", "2140101"),
        *("2140104", "2140106", "2149901", "2210101", "2210106", "2210201", "2210202", "2210203", "2240101"),
    ]
    assert [c for c in common if f.lookup(c) is None or f.lookup(c).level != 3] == []
    assert f.translate("2050202", "小学教育") == "Primary education"
    assert f.translate("2100409", "重大公共卫生服务") == "Major public health services"


def test_the_economic_classifications_have_their_classes_and_items(shipped) -> None:
    dep, gov = shipped["economic-department"], shipped["economic-government"]
    assert set(levels(dep)[1]) == {"301", "302", "303", "307", "309", "310", "311", "312", "313", "399"}
    assert len(levels(dep)[2]) >= 100
    assert {c[:1] for c in levels(gov)[1]} == {"5"} and len(levels(gov)[1]) >= 15 and len(levels(gov)[2]) >= 60
    assert load(CONTENT).entry("economic", "50201")[1].zh == "办公经费"  # a table's 5xx codes: the government's
    assert load(CONTENT).entry("economic", "30201")[1].zh == "办公费"


def test_procurement_levels_are_the_data_contracts(shipped) -> None:
    p = shipped["procurement"]
    assert [p.lookup(c).level for c in ("C", "C16000000", "C16010000", "C16010300", "C16010301")] == [1, 2, 3, 4, 5]


def printed_in_a_seed(code: str, zh: str) -> bool:
    """Whether a seed document prints ``code`` followed by ``zh`` (white space and line breaks between)."""
    pattern = re.compile(rf"(?<![0-9A-Z]){re.escape(code)}(?![0-9])\s*" + r"\s*".join(map(re.escape, zh)))
    return any(pattern.search(p.read_text(encoding="utf-8")) for p in SEEDS)


def test_a_row_marked_seed_is_printed_in_a_seed_and_the_rest_say_where_they_come_from(shipped) -> None:
    seed = [e for c in shipped.values() for e in c.entries.values() if e.source == "seed"]
    assert len(seed) >= 90
    assert [e for e in seed if not printed_in_a_seed(e.code, e.zh)] == []
    recalled = [e for c in shipped.values() for e in c.entries.values() if e.source == "recalled"]
    assert recalled and all(not e.verified for e in recalled) and all(e.verified for e in seed)
    readme = (CONTENT / "i18n" / "README.md").read_text(encoding="utf-8")
    assert "`recalled`" in readme and "unverified" in readme


def test_every_code_the_seeds_print_is_there_with_the_name_printed(shipped) -> None:
    printed = golden_codes()
    assert len(printed) > 80  # functional, economic and procurement rows of three seeds
    differing = []
    for code, uses in sorted(printed.items()):
        entry = shipped[scheme_of(code)].lookup(code)
        assert entry is not None, f"{code} {uses} is missing"
        assert entry.source == "seed", entry
        differing += [(code, name, entry.zh) for name, _ in uses if not shipped[scheme_of(code)].matches(code, name)]
    # Where a seed's wording differs from the standard name, the build reports it: none of the
    # three golden seeds does.
    assert differing == []


def test_terms_no_longer_holds_codes(tmp_path: Path) -> None:
    assert not {"functional", "economic", "procurement"} & set(TERMS)
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "terms.en.yml").write_text('functional:\n  "201": {zh: 一般公共服务支出, en: X}\n', "utf-8")
    with pytest.raises(
        ClassificationError, match=r"functional section is no longer read.*classification-functional\.csv"
    ):
        Terms.load(tmp_path)


def test_a_label_in_both_dictionaries_with_different_english_is_refused(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "labels.en.csv").write_text(
        "zh,en,group,standard,source\n合计,Total,total,,seed\n", encoding="utf-8"
    )
    (tmp_path / "i18n" / "terms.en.yml").write_text("labels:\n  合计: Sum\n", "utf-8")
    with pytest.raises(ClassificationError, match=r"合计 is also in labels\.en\.csv"):
        Terms.load(tmp_path)


def test_names_printed_without_codes_are_translated_only_when_unambiguous(tmp_path: Path) -> None:
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "classification-functional.csv").write_text(
        HEADER + "201,,1,一般公共服务支出,General public services,seed\n20101,201,2,人大事务,A,recalled\n"
        "2010101,20101,3,行政运行,Administrative operation,recalled\n"
        "2010102,20101,3,其他,Other one,recalled\n20102,201,2,政协事务,B,recalled\n"
        "2010201,20102,3,行政运行,Administrative operation,recalled\n2010202,20102,3,其他,Other two,recalled\n",
        encoding="utf-8",
    )
    names = load(tmp_path).names()
    assert names[same_name("行政运行")] == "Administrative operation"
    assert same_name("其他") not in names  # two Englishes: which one is meant cannot be told


# -- translate(): the printed name must be the standard name ------------------------------------------


def test_translate_accepts_trivial_variants_only(shipped) -> None:
    f = shipped["functional"]
    assert f.translate("2010399", "其他政府办公厅（室）及相关机构事务支出") == (
        "Other expenditure on government general offices and related agencies"
    )
    assert f.translate("2010399", "其他政府办公厅(室)及相关机构 事务支出") is not None  # half-width, a space
    assert f.translate(" 20103 ", "政府办公厅\n（室）及相关机构事务") is not None  # a line break
    # a different wording, a misprint, a name of another code, an unknown code: no English
    assert f.translate("2010399", "其他政府办公厅及相关机构事务支出") is None
    assert f.translate("2010399", "其它政府办公厅（室）及相关机构事务支出") is None
    assert f.translate("2010301", "事业运行") is None
    assert f.translate("2019998", "其他一般公共服务支出") is None  # not a code of the file
    assert f.translate("2010301", "") is None
    e = shipped["economic-department"]
    assert e.translate("30213", "维修(护)费") == "Repairs and maintenance"
    assert e.translate("30213", "维修费") is None


def test_same_name_folds_width_brackets_and_space_but_not_wording() -> None:
    assert same_name("因公出国（境）费") == same_name("因公出国(境)费") == same_name("因公出国 〔境〕 费")
    assert same_name("“三公”经费") == same_name('"三公"经费')
    assert same_name("ＩＴ运维") == same_name("IT运维")
    assert same_name("因公出国（境）费用") != same_name("因公出国（境）费")


# -- validation: a bad file gets an error naming the file, the line and the fault ---------------------


@pytest.mark.parametrize(
    ("scheme", "body", "fault"),
    [
        (
            "functional",
            "201,,1,一般公共服务支出,General public services,seed\n2010,201,2,x支出,X,seed\n",
            "line 3: '2010' is not",
        ),
        ("functional", "20101,201,2,人大事务,People's congress affairs,seed\n", "parent 201 is not listed"),
        (
            "functional",
            "201,,2,一般公共服务支出,General public services,seed\n",
            "line 2: 201 has parent (none) and level 1",
        ),
        (
            "functional",
            "201,,1,一般公共服务支出,A,seed\n201,,1,一般公共服务支出,A,seed\n",
            "line 3: 201 is listed twice",
        ),
        ("functional", "201,,1,一般公共服务支出,,seed\n", "line 2: no English name"),
        ("functional", "201,,1,一般公共服务支出,General 公共 services,seed\n", "Chinese characters"),
        ("functional", "201,,1,,General public services,seed\n", "the Chinese name is empty"),
        ("functional", "201,,1,一般公共服务支出,General public services\n", "line 2: expected 6 fields"),
        ("functional", "201,,1,一般公共服务支出,General public services,memory\n", "line 2: source must be"),
        ("economic-department", "30101,,1,基本工资,Basic salaries,seed\n", "30101 has parent 301 and level 2"),
        ("procurement", "A02000100,A02000000,3,x设备,X,seed\n", "is not a code"),
        (
            "procurement",
            "C,,1,服务,Services,seed\nC16000000,C,2,信息技术服务,IT,seed\nC16010301,C16010300,5,软件,S,seed\n",
            "C16010300",
        ),
    ],
)
def test_a_bad_file_is_reported_by_file_and_line(tmp_path: Path, scheme: str, body: str, fault: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(ClassificationError) as e:
        load_classification(path, SCHEMES[scheme])
    assert str(path) in str(e.value) and fault in str(e.value)


def test_a_wrong_header_or_encoding_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n201,一般公共服务支出\n", encoding="utf-8")
    with pytest.raises(ClassificationError, match="line 1: the header must be code,parent,level,zh,en,source"):
        load_classification(path, SCHEMES["functional"])
    path.write_bytes((HEADER + "201,,1,一般公共服务支出,General,seed\n").encode("gbk"))
    with pytest.raises(BudgetError, match=r"not UTF-8 text \(line 2") as e:
        load_classification(path, SCHEMES["functional"])
    assert e.value.source == str(path)


# -- the label dictionary -----------------------------------------------------------------------------

NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]|\d{1,2}[.．、])")


def test_labels_validate_and_keep_the_english_of_the_glossary() -> None:
    labels = load_labels(CONTENT)
    assert len(labels) >= 100
    glossary = {zh: v["en"] for zh, v in TERMS["glossary"].items()}
    shared = [zh for zh in glossary if same_name(zh) in labels]
    assert len(shared) >= 8
    for zh in shared:
        assert labels[same_name(zh)].en == glossary[zh], zh
    # terms.en.yml holds a budget's own labels only: the fixed ones are in labels.en.csv, once.
    assert not [zh for zh in TERMS["labels"] if same_name(zh) in labels]
    for label in labels.values():
        if label.standard:
            assert labels[same_name(label.standard)].en == label.en, label


def test_every_fixed_label_the_seeds_print_is_in_the_dictionary(shipped) -> None:
    labels = load_labels(CONTENT)
    names = {same_name(e.zh) for e in shipped["functional"].entries.values()}
    seed_text = "".join(re.sub(r"\s+", "", p.read_text(encoding="utf-8")) for p in SEEDS)
    assert [x.zh for x in labels.values() if x.source == "seed" and re.sub(r"\s+", "", x.zh) not in seed_text] == []
    missing = set()
    for path in sorted(GOLDEN.glob("*/*.csv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f):
                # two-sided summaries (an item and a side) and the performance indicators
                for column in ("item", "level1", "level2") if "side" in row else ("level1", "level2"):
                    text = NUMBERING.sub("", row.get(column) or "")
                    if text and same_name(text) not in labels and same_name(text) not in names:
                        missing.add(text)
    # The two-sided summaries print functional names without codes: those come from the classification.
    assert missing == set()


def test_a_duplicate_label_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "i18n" / "labels.en.csv"
    path.parent.mkdir()
    path.write_text(
        "zh,en,group,standard,source\n因公出国（境）费,Official overseas travel,three-public,,seed\n"
        "因公出国(境)费,Official overseas travel,three-public,,seed\n",
        encoding="utf-8",
    )
    with pytest.raises(ClassificationError, match=r"line 3: 因公出国\(境\)费 is listed twice"):
        load_labels(tmp_path)
