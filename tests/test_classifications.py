"""The national classifications and the label dictionary in content/i18n (generator/classifications.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from generator.classifications import (
    SCHEMES,
    ClassificationError,
    load,
    load_classification,
    load_labels,
    same_name,
)

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
GOLDEN = ROOT / "tests" / "golden"
TERMS = yaml.safe_load((CONTENT / "i18n" / "terms.en.yml").read_text(encoding="utf-8"))
# terms.en.yml section → classification file
SECTIONS = {"functional": "functional", "economic": "economic-department", "procurement": "procurement"}
HEADER = "code,parent,level,zh,en\n"


@pytest.fixture(scope="module")
def shipped():
    return load(CONTENT)


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
    assert len(shipped["functional"].entries) >= 49
    assert len(shipped["economic-department"].entries) >= 59
    for c in shipped.values():
        for e in c.entries.values():
            assert e.en.strip() and not re.search(r"[\u3400-\u9fff]", e.en), e


def test_every_code_the_seeds_print_is_there_with_the_name_printed(shipped) -> None:
    printed = golden_codes()
    assert len(printed) > 80  # functional, economic and procurement rows of three seeds
    differing = []
    for code, uses in sorted(printed.items()):
        entry = shipped[scheme_of(code)].lookup(code)
        assert entry is not None, f"{code} {uses} is missing"
        differing += [(code, name, entry.zh) for name, _ in uses if not shipped[scheme_of(code)].matches(code, name)]
    # Where a seed's wording differs from the standard name, the build reports it: none of the
    # three golden seeds does (checked by hand against their tables and, for the procurement
    # codes, against the 2022 catalogue).
    assert differing == []


@pytest.mark.parametrize("section", sorted(SECTIONS))
def test_terms_codes_keep_their_chinese_and_english(shipped, section: str) -> None:
    classification = shipped[SECTIONS[section]]
    for code, v in TERMS[section].items():
        entry = classification.lookup(str(code))
        assert entry is not None, f"{section} {code} missing"
        assert (entry.zh, entry.en) == (v["zh"], v["en"]), code
        assert classification.translate(str(code), v["zh"]) == v["en"]


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
    assert f.translate("2019999", "其他一般公共服务支出") is None
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
            "201,,1,一般公共服务支出,General public services\n2010,201,2,x支出,X\n",
            "line 3: '2010' is not",
        ),
        ("functional", "20101,201,2,人大事务,National people's congress affairs\n", "parent 201 is not listed"),
        (
            "functional",
            "201,,2,一般公共服务支出,General public services\n",
            "line 2: 201 has parent (none) and level 1",
        ),
        ("functional", "201,,1,一般公共服务支出,A\n201,,1,一般公共服务支出,A\n", "line 3: 201 is listed twice"),
        ("functional", "201,,1,一般公共服务支出,\n", "line 2: no English name"),
        ("functional", "201,,1,一般公共服务支出,General 公共 services\n", "Chinese characters"),
        ("functional", "201,,1,,General public services\n", "the Chinese name is empty"),
        ("functional", "201,,1,一般公共服务支出\n", "line 2: expected 5 fields"),
        ("economic-department", "30101,,1,基本工资,Basic salaries\n", "30101 has parent 301 and level 2"),
        ("procurement", "A02000100,A02000000,3,x设备,X\n", "is not a code"),
        (
            "procurement",
            "C,,0,服务,Services\nC16000000,C,1,信息技术服务,IT\nC16010301,C16010300,4,软件,S\n",
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
    with pytest.raises(ClassificationError, match="line 1: the header must be code,parent,level,zh,en"):
        load_classification(path, SCHEMES["functional"])
    path.write_bytes((HEADER + "201,,1,一般公共服务支出,General\n").encode("gbk"))
    with pytest.raises(ClassificationError, match="cannot be read as UTF-8"):
        load_classification(path, SCHEMES["functional"])


# -- the label dictionary -----------------------------------------------------------------------------

NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]、|[（(][一二三四五六七八九十][）)]|\d{1,2}[.．、])")


def test_labels_validate_and_keep_the_english_of_terms() -> None:
    labels = load_labels(CONTENT)
    assert len(labels) >= 100
    known = {**TERMS["labels"], **{zh: v["en"] for zh, v in TERMS["glossary"].items()}}
    shared = [zh for zh in known if same_name(zh) in labels]
    assert len(shared) >= 45
    for zh in shared:
        assert labels[same_name(zh)].en == known[zh], zh
    for label in labels.values():
        if label.standard:
            assert labels[same_name(label.standard)].en == label.en, label


def test_every_fixed_label_the_seeds_print_is_in_the_dictionary(shipped) -> None:
    labels = load_labels(CONTENT)
    names = {same_name(e.zh) for e in shipped["functional"].entries.values()}
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
