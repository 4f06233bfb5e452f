"""The commands on the golden corpus, their output exactly (stdout and stderr apart; the build's
timings and memory masked, as they vary from run to run)."""

from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_budget_page import SUMMARY_FAILED, unread

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "golden-site" / "content"
A = CORPUS / "budgets" / "2024" / "a-test-center.txt"
B = CORPUS / "budgets" / "2024" / "b-test-center.txt"


def run(*args: str) -> tuple[int, list[str], list[str]]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout.splitlines(), result.stderr.splitlines()


def test_check_in_english() -> None:
    assert run("check", str(A), "--lang", "en") == (
        0,
        [
            f"{A}: [Explained function-vs-summary] Summary of expenditure, row 1 (深圳市甲测试中心), total expenditure: "
            "printed 105.00, expected 95.00, difference 10.00. The expenditure summary's total exceeds the general "
            "public budget table by 10.00 万元: the government-fund and state-capital spending, which the general "
            "public budget table leaves out. Not an error.",
            "checks: Inconsistent 0, Doubtful 0, Rounding 0, Explained 1",
        ],
        [],
    )


def test_check_quiet_in_chinese_a_warning_does_not_fail() -> None:
    assert run("check", str(B), "--quiet") == (
        0,
        [
            f"{B}: [存疑 text-staff] 文字部分：印列 6，核对 5，差额 1。第一部分“行政编制总数 5 人，实有在编人数 6 人；"
            "事业编制总数 4 人，实有在编人数 4 人”：行政实有在编人数 6 人超过行政编制数 5 人。",
            "核对结果：不一致 0，存疑 1，尾数误差 0，说明 1",
        ],
        [],
    )


def test_check_a_missing_document(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    assert run("check", str(missing)) == (3, [], [f"error: {missing}: cannot read file: No such file or directory"])


def test_check_a_document_with_a_table_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.read.extract as extract

    read = extract.read_budget
    monkeypatch.setattr("generator.read.extract.read_budget", lambda p, m=None: unread(read(p, m), SUMMARY_FAILED))
    code, out, err = run("check", str(A), "--quiet")
    assert code == 3
    assert out == ["核对结果：不一致 0，存疑 0，尾数误差 0，说明 0"]  # what is read is checked
    assert err == [f"error: {A}: {SUMMARY_FAILED}"]


def test_extract(tmp_path: Path) -> None:
    out = tmp_path / "pkg"
    assert run("extract", str(B), "--out", str(out)) == (0, [f"wrote {out}/datapackage.json (12 resources)"], [])
    assert sorted(p.name for p in out.iterdir())[:3] == [
        "basic-expenditure.csv",
        "datapackage.json",
        "expenditure-summary.csv",
    ]


def test_extract_a_document_with_a_table_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.read.extract as extract

    read = extract.read_budget
    monkeypatch.setattr("generator.read.extract.read_budget", lambda p, m=None: unread(read(p, m), SUMMARY_FAILED))
    out = tmp_path / "pkg"
    assert run("extract", str(B), "--out", str(out)) == (
        1,
        [f"wrote {out}/datapackage.json (11 resources)"],
        [f"error: {B}: 表三：支出总表 (expenditure-summary): line 47: row '行政运行': expected 12 amounts, found 11"],
    )
    assert (out / "datapackage.json").exists() and not (out / "expenditure-summary.csv").exists()


def masked(lines: list[str]) -> list[str]:
    return [re.sub(r"\d+\.\d s|\d+ MiB|\d+\.\d MB|\d+ files|\d+ %", "#", line) for line in lines]


BUILD_REPORT = [
    "translation coverage (en) labels: 15/46 (32.6%)",
    "translation coverage (en) sentences: 1/24 (4.2%)",
    # per budget: A shows 19 sentences, B 7, two of them both (shared glossary definitions)
    "translation coverage (en) 2024-a-test-center: sentences 1/19 (5.3%), labels 13/43 (30.2%)",
    "translation coverage (en) 2024-b-test-center: sentences 0/7 (0.0%), labels 12/41 (29.3%)",
    "translation coverage (en): 0 of 2 budget(s) fully translated",
    "  untranslated: 1.一般公共预算拨款",
    "  untranslated: 1.一般公共预算拨款结余、结转",
    "  untranslated: 1.因公出国（境）费用。2024 年预算数 0 万元，较 2023 年年初预算增加 0 万元。",
    "  untranslated: 1.财政拨款结余、结转",
    "  untranslated: 1.项目甲 30.00 万元，主要用于测试，较 2023 年预算增加 10 万元，增长 50%。",
    "  untranslated: 2.公务接待费。2024 年预算数 0.50 万元，较 2023 年年初预算减少 0.50 万元。",
    "  untranslated: 2.政府性基金预算拨款",
    "  untranslated: 2.政府性基金预算拨款结余、结转",
    "  untranslated: 2.非财政拨款结余、结转",
    "  untranslated: 2.项目乙 15.00 万元，主要用于测试。",
    "  … and 44 more untranslated strings (python -m generator strings)",
]


SIZE = "site: # in #, # of GitHub Pages' 1 GB (pages #, data #, search #, sources #, static #, other #)"


def test_build_then_build_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    site, cache = tmp_path / "site", tmp_path / "cache"
    code, out, err = run("build", "--content", str(CORPUS), "--site", str(site), "--cache", str(cache))
    assert (code, err) == (0, [])
    stages = ["discover", "extract", "prepare", "render", "combine", "shared pages", "name index", "search", "swap"]
    assert masked(out) == [
        *BUILD_REPORT,
        "search index: 1 bundle(s), 1 indexed, 0 reused",
        SIZE,
        "stages: " + ", ".join(f"{s} # (cpu #, #)" for s in stages),
        "peak memory: # in this process, # in the largest worker",
        f"built 2 budget(s) into {site}/",
    ]
    code, out, err = run("build", "--content", str(CORPUS), "--site", str(site), "--cache", str(cache))
    assert (code, err) == (0, [])
    assert masked(out) == [
        *BUILD_REPORT,
        SIZE,
        "stages: discover # (cpu #, #), check # (cpu #, #)",
        "peak memory: # in this process, # in the largest worker",
        f"{site}/ is up to date: 2 budget(s), nothing to do",
    ]


def test_build_quietly_then_verbosely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    site, cache = tmp_path / "site", tmp_path / "cache"
    args = ["build", "--content", str(CORPUS), "--site", str(site), "--cache", str(cache)]
    assert run(*args, "-q") == (0, [f"built 2 budget(s) into {site}/"], [])
    (site / "en" / "index.html").unlink()  # the shared pages are made again, the rest reused
    code, out, err = run(*args, "--verbose")
    assert (code, err) == (0, [])
    report = [line for line in out if not line.startswith(("stages:", "peak memory:"))]
    assert report[:2] == ["packages: 0 made, 2 reused", "budget pages: 0 made, 2 reused"]
    untranslated = [line for line in report if line.startswith("  untranslated: ")]
    assert len(untranslated) == 54 and not any(line.startswith("  … and") for line in report)  # all, not 10
    assert report[-3:] == [
        "search index: 1 bundle(s), 0 indexed, 1 reused",
        report[-2],
        f"built 2 budget(s) into {site}/",
    ]
    assert masked(report[-2:-1]) == [SIZE]
    assert run(*args, "-q", "-v")[0] == 2  # they exclude each other: a usage error


def test_version_and_exit_codes_in_help() -> None:
    from generator import __version__

    assert run("--version") == (0, [f"budget-site, version {__version__}"], [])
    for command in ([], ["build"], ["extract"], ["check"]):
        code, out, _ = run(*command, "--help")
        assert code == 0 and "  Exit codes:" in out
        codes = out[out.index("  Exit codes:") + 1 :]
        assert [line.split()[0] for line in codes[:4]] == ["0", "1", "2", "3"], codes
    assert any("SITE_URL" in line for line in run("build", "--help")[1])
    assert run("build", "--no-such-option")[0] == 2  # click's usage error, which no other outcome uses


def test_build_reports_a_document_that_cannot_be_read(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CORPUS, content)
    empty = content / "budgets" / "2024" / "empty.txt"
    empty.write_bytes(b"")
    code, out, err = run("build", "--content", str(content), "--site", str(tmp_path / "site"), "--no-cache")
    assert code == 1
    assert err == [f"error: {empty}: the file is empty"]
    assert out[-2:] == [
        f"built 2 budget(s) into {tmp_path / 'site'}/; 1 failed",
        f"  failed: {empty}: the file is empty",
    ]


def test_strings_adds_the_sentences_of_the_pages(tmp_path: Path) -> None:
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(CORPUS, content)
    shutil.copytree(ROOT / "templates", templates)  # the interface's catalog is updated too
    po = content / "i18n" / "en.po"
    ui = len(re.findall(r"^msgid ", (templates / "i18n" / "en.po").read_text(encoding="utf-8"), re.M)) - 1
    assert run("strings", "--content", str(content), "--templates", str(templates)) == (
        0,
        [
            f"{templates / 'i18n' / 'en.po'}: {ui} interface messages, 0 to translate, 0 fuzzy, 0 obsolete",
            f"{po}: 24 sentences, 23 new, 1 translated, 23 to translate, 0 obsolete",
        ]
        + [
            f"label missing from {content / 'i18n'} (labels.en.csv or terms.en.yml): {label}"
            for label in MISSING_LABELS
        ],
        [],
    )


# The labels of the corpus its small dictionary lacks (15 of its 46 are there), in sorted order.
MISSING_LABELS = [
    "1.一般公共预算拨款",
    "1.一般公共预算拨款结余、结转",
    "1.财政拨款结余、结转",
    "2.政府性基金预算拨款",
    "2.政府性基金预算拨款结余、结转",
    "2.非财政拨款结余、结转",
    "3.国有资本经营预算拨款",
    "一般行政管理事务",
    "三、单位资金",
    "上年结余、结转",
    "二、财政专户管理资金",
    "信息技术服务",
    "办公费",
    "商品和服务支出",
    "国有土地使用权出让收入安排的支出",
    "城市建设支出",
    "基本工资",
    "委托业务费",
    "对个人和家庭的补助",
    "工资福利支出",
    "政府办公厅（室）及相关机构事务",
    "政府采购",
    "服务",
    "本年支出合计",
    "本年收入合计",
    "津贴补贴",
    "结转下年",
    "行政运行",
    "退休费",
    "项目乙",
    "项目甲",
]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_progress_bar_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import PROGRESS_FROM, _bar

    def drawn(total: int) -> str:
        screen = Terminal()
        monkeypatch.setattr(sys, "stdout", screen)
        with _bar("reading", total) as advance:
            for _ in range(total):
                advance(1)
        return screen.getvalue()

    assert f"{PROGRESS_FROM}/{PROGRESS_FROM}" in drawn(PROGRESS_FROM) and "reading" in drawn(PROGRESS_FROM)
    assert drawn(PROGRESS_FROM - 1) == ""  # a short stage: no bar
    monkeypatch.setattr(Terminal, "isatty", lambda self: False)
    assert drawn(PROGRESS_FROM) == ""  # not a terminal (a log, a pipe): no bar


def test_the_program_ends_with_the_command_s_exit_code_and_all_its_output(tmp_path: Path) -> None:
    """``python -m generator`` (``cli.run``) leaves at once when the command is done (without
    freeing what it built): its exit code is the command's and nothing it wrote to a pipe is lost."""
    import subprocess

    content = tmp_path / "content" / "budgets" / "2024"
    content.mkdir(parents=True)
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "content" / "budgets" / "2024" / f"luohu-smart-city-center{suffix}", content)

    def program(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True)

    site = tmp_path / "site"
    built = program(
        "build", "--content", str(tmp_path / "content"), "--site", str(site), "--cache", str(tmp_path / "c")
    )
    assert built.returncode == 0, built.stderr
    assert built.stdout.splitlines()[-1] == f"built 1 budget(s) into {site}/"
    assert (site / "data" / "all.zip").stat().st_size > 0
    refused = program("build", "--content", str(tmp_path / "content"), "--site", str(tmp_path / "content"))
    assert refused.returncode == 1 and refused.stderr.startswith("error: "), refused.stderr
    assert program("no-such-command").returncode == 2
    assert program("--version").stdout.startswith("budget-site, version ")
