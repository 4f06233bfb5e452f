"""Lines of a document → the standard tables and the text parts.

Both readers (text extractions and PDFs) give lines; from here on the code is shared.
A line's cells are separated by tabs (tab-separated extractions, PDFs) or by spaces
(other extractions, where one printed cell may also be spread over several lines).
Tables are found by their titles (the catalog), their header is skipped, and the body is
read as a stream of tokens: label text, and number fragments that are joined back into
the printed amounts with the help of each row's known number of amounts and the
table's own arithmetic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher
from functools import lru_cache

from ..catalog import BY_RESOURCE, PARTS, TableSpec, match_title, squash
from ..chinese import SET_SOLID
from ..model import Budget, BudgetError, Line, Metadata, Row, Source, Table
from .numbers import (
    CODE,
    PROCUREMENT_CODE,
    decimals,
    exact_partitions,
    is_fragment,
    is_number,
    squash_number,
    to_decimal,
)

CJK = SET_SOLID  # what Chinese text sets solid (generator/chinese.py)
PAGE_NUMBER = re.compile(r"^[-–—]?\s*\d{1,3}\s*[-–—]?$")
DASHED_PAGE = re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$")
PART_HEADING = re.compile(r"^(?:-\s*)?第([一二三四五六七八九])部分\s*(.*)$")
NOTE = re.compile(r"^(?:注[:：]|备注[:：]|本套报表|注：)")
TABLE_NUMBER = re.compile(r"^表\s*(?:\d+|[一二三四五六七八九十]+)[:：]?$")
ECONOMIC_CLASSES = {
    "工资福利支出",
    "商品和服务支出",
    "对个人和家庭的补助",
    "对个人和家庭补助",
    "债务利息及费用支出",
    "资本性支出（基本建设）",
    "资本性支出",
    "对企业补助（基本建设）",
    "对企业补助",
    "对社会保障基金补助",
    "其他支出",
}
LEVEL1 = ("产出指标", "效益指标", "满意度指标")
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
    "其他满意度指标",
)
INCOME_ITEM = re.compile(r"(拨款|资金|收入|结余、结转|结余|收入合计|收入总计|差额)$")
EXPENDITURE_ITEM = re.compile(r"^(结转下年|本年支出合计|支出总计)")
SIDES = ("income", "expenditure")
DASHES = ("-", "—", "－", "–", "/")


# ---------------------------------------------------------------------------- text helpers


_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACES = re.compile(r"\s+")
_BLANKS = re.compile(r"[ \t]+")
_LONE_SPACE = re.compile(r"(?<![A-Za-z0-9]) | (?![A-Za-z0-9])")
_YEAR = re.compile(r"^(19|20)\d\d$")


def _is_cjk(ch: str) -> bool:
    return _CJK_CHAR.match(ch) is not None


@lru_cache(maxsize=1 << 14)
def display_width(text: str) -> int:
    """Printed width in half-width units: a CJK character (and the punctuation a Chinese
    font prints full-width, such as “ ” and —) is as wide as two ASCII ones."""
    return sum(2 if ord(ch) > 0x7F and unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def label(text: str) -> str:
    """A label as data: white space removed, except one space between two ASCII words."""
    text = _SPACES.sub(" ", text.strip())
    return _LONE_SPACE.sub("", text)


def join_lines(parts: list[str]) -> str:
    """Long text joined across line breaks: no space between CJK, one between ASCII words."""
    out = ""
    for p in parts:
        p = _BLANKS.sub(" ", p.strip())
        if not p:
            continue
        if out and not _is_cjk(out[-1]) and not _is_cjk(p[0]) and out[-1] != " ":
            out += " "
        out += p
    return out.strip()


# ---------------------------------------------------------------------------- tokens


@dataclass
class Tok:
    text: str
    line: int  # source line (or page for PDFs)
    nl: bool  # first token of its line
    empty: bool = False  # an empty printed cell in a tab-separated row

    @property
    def num(self) -> bool:
        return self.empty or is_fragment(self.text)


def cells(line: Line) -> list[str]:
    return [c.strip() for c in line.text.split("\t")]


def is_tab(line: Line) -> bool:
    return "\t" in line.text


def tokenize(lines: list[Line], n_amounts: int | None = None) -> list[Tok]:
    """Tokens of a table body.  Tab-separated lines give one token per cell (a spaced-out
    number ``66 7. 95`` is one number); other lines are split at spaces."""
    toks: list[Tok] = []
    for ln in merge_tab_rows(lines):
        if is_tab(ln):
            cs = [squash_number(c) for c in cells(ln)]
            first_num = next((i for i, c in enumerate(cs) if c and is_fragment(c)), None)
            if first_num is not None and CODE.match(cs[first_num]):
                # a classification code printed before the row's name is not its first amount
                names = [i for i in range(first_num + 1, len(cs)) if cs[i] and not is_fragment(cs[i])]
                if names:
                    first_num = next(
                        (i for i in range(names[-1] + 1, len(cs)) if cs[i] and is_fragment(cs[i])), first_num
                    )
            trailing = cs[first_num:] if first_num is not None else []
            if n_amounts is None or len(trailing) != n_amounts:
                while trailing and not trailing[-1]:
                    trailing.pop()
            # A row with an empty printed cell among its amounts keeps the cell's place.
            positional = n_amounts is not None and len(trailing) == n_amounts and any(not c for c in trailing)
            first = True
            for i, c in enumerate(cs):
                if c in DASHES:
                    toks.append(Tok("", ln.loc, first, empty=True))  # a dash printed for "none"
                    first = False
                elif c:
                    toks.append(Tok(c, ln.loc, first))
                    first = False
                elif positional and first_num is not None and first_num <= i < first_num + len(trailing):
                    toks.append(Tok("", ln.loc, first, empty=True))
                    first = False
        else:
            for j, t in enumerate(ln.text.split()):
                toks.append(Tok("", ln.loc, j == 0, empty=True) if t in DASHES else Tok(t, ln.loc, j == 0))
    return toks


def merge_tab_rows(lines: list[Line]) -> list[Line]:
    """Tab rows whose numbers were split over two lines, column by column, become one row:
    ``X\\t66\\t0.`` + ``\\t7.95\\t00`` → ``X\\t667.95\\t0.00``."""
    out: list[Line] = []
    for ln in lines:
        if out and is_tab(ln) and is_tab(out[-1]) and _column_continuation(out[-1], ln):
            a, b = cells(out[-1]), cells(ln)
            width = max(len(a), len(b))
            a += [""] * (width - len(a))
            b += [""] * (width - len(b))
            merged = []
            # a label wrapped into the next line (both lines carry text): numbers below are debris
            label_wrap = any(c and not is_fragment(squash_number(c)) for c in b) and any(
                c and not is_fragment(squash_number(c)) for c in a
            )
            for x, y in zip(a, b, strict=True):
                x, y = squash_number(x), squash_number(y)
                if label_wrap and x and y and is_fragment(y) and is_number(x):
                    merged.append(x)  # number debris beside a wrapped label
                elif x and y and is_fragment(x) and is_fragment(y) and is_number(x + y):
                    merged.append(x + y)
                elif x and y and is_fragment(x) and is_fragment(y):
                    merged.append(x)  # two complete numbers in one column: keep the upper
                elif x and y:
                    merged.append(x + y)  # a label wrapped into the same column
                else:
                    merged.append(x or y)
            out[-1] = Line("\t".join(merged), out[-1].line, out[-1].page)
        else:
            out.append(ln)
    return out


def _column_continuation(a: Line, b: Line) -> bool:
    ca = [squash_number(c) for c in cells(a)]
    cb = [squash_number(c) for c in cells(b)]
    na = [i for i, c in enumerate(ca) if c and is_fragment(c)]
    nb = [i for i, c in enumerate(cb) if c and is_fragment(c)]
    text_a = [i for i, c in enumerate(ca) if c and not is_fragment(c)]
    text_b = [i for i, c in enumerate(cb) if c and not is_fragment(c)]
    if na and text_a and text_b and not nb:
        # a label wrapped onto a line of its own: "\t\t缴费支出\t\t…"
        return all(i in text_a for i in text_b)
    if not na or not nb:
        return False
    if text_a and text_b:
        # a label wrapped into the next line, in the same column, maybe with number debris
        return (
            all(i in text_a for i in text_b)
            and all(i in na for i in nb)
            and min(nb) > max(text_b)
            and len(nb) < len(na)
            and min(nb) > min(na)
        )
    if text_a and not text_b and not nb:
        return False
    incomplete_a = any(not is_number(ca[i]) for i in na)
    incomplete_b = any(not is_number(cb[i]) for i in nb)
    joinable = sum(1 for i in nb if i < len(ca) and ca[i] and is_number(ca[i] + cb[i]))
    if not text_b and (incomplete_a or incomplete_b) and joinable:
        return True
    # numbers printed on the line above their label: "\t40.80\t0.0" + "奖金\t\t0"
    return bool(not text_a and text_b and joinable == len(nb))


# ---------------------------------------------------------------------------- document


@dataclass
class Context:
    meta: Metadata
    source: Source
    units: list[str] = field(default_factory=list)  # unit names known so far
    two_decimals: bool = False  # the document prints every amount with two decimals
    warnings: list[str] = field(default_factory=list)

    def add_unit(self, name: str) -> None:
        if name and name not in self.units:
            self.units.append(name)

    def is_unit(self, name: str) -> bool:
        for u in self.units:
            if name == u:
                return True
            if len(name) >= 6 and SequenceMatcher(None, name, u).ratio() >= 0.85:
                return True
        return False

    def starts_unit(self, text: str) -> bool:
        return any(len(u) >= 4 and text.startswith(u[: min(6, len(u))]) for u in self.units)


def parse_document(lines: list[Line], meta: Metadata, source: Source) -> Budget:
    lines = [Line(ln.text.rstrip(" \r\n"), ln.line, ln.page, ln.paragraph) for ln in lines if ln.text.strip()]
    start = next((i for i, ln in enumerate(lines) if is_table_title(ln)), None)
    if start is None:
        raise BudgetError(
            "no budget tables found (no title such as 收支总表 or 表一：收支总表): is this a departmental budget?"
        )
    ctx = Context(meta, source)
    for u in (meta.department, meta.parent_department):
        ctx.add_unit(u)
    budget = Budget(meta=meta, source=source)
    text_lines = lines[:start]
    while text_lines and TABLE_NUMBER.match(squash(text_lines[-1].text)):
        text_lines = text_lines[:-1]  # "表 1" printed above the first table's title
    parts = split_parts(text_lines)
    if parts:
        budget.tables["sections"] = Table(
            "sections", sections_rows(parts), parts[0][2][0].loc if parts[0][2] else 1, "文字部分"
        )
        glossary = next((p for p in parts if p[0] == 9), None)
        if glossary:
            budget.tables["glossary"] = Table("glossary", glossary_rows(glossary[2]), glossary[2][0].loc, "名词解释")
    regions = split_regions(lines[start:])
    ctx.two_decimals = _mostly_two_decimals(lines[start:])
    for r in regions:
        for ln in r.pages[0]:
            m = re.match(
                r"^(?:单位名称|部门名称|部门（单位）名称)\s*[:：]\s*(.+?)(?:\s+单位\s*[:：].*)?$", ln.text.strip()
            )
            if m and "\t" not in ln.text:
                ctx.add_unit(label(m.group(1)))
    order = sorted(regions, key=lambda r: r.spec.resource != "income-summary")  # units first
    for region in order:
        spec = region.spec
        try:
            tables = parse_region(region, ctx)
        except BudgetError as e:
            if not e.table:
                e.table = f"{region.title} ({spec.resource})"
                e.args = (e._format(),)
            raise
        for t in tables:
            if t.resource in budget.tables:
                budget.tables[t.resource].rows.extend(t.rows)
            else:
                budget.tables[t.resource] = t
    if parts:
        seven = next((p for p in parts if p[0] == 7), None)
        if seven:
            rows = key_project_rows(seven[2])
            if rows:
                budget.tables["key-projects"] = Table("key-projects", rows, seven[2][0].loc, "重点项目预算绩效情况")
    for t in budget.tables.values():
        for i, row in enumerate(t.rows, start=1):
            row["line"] = i
    if "income-expenditure-summary" not in budget.tables and "income-summary" not in budget.tables:
        raise BudgetError("no 收支总表 or 收入总表 found: is this a departmental budget?")
    check_complete(budget, lines[:start], lines[-1])
    budget.warnings.extend(ctx.warnings)
    return budget


TOC_ENTRY = re.compile(r"^[-\s]*[（(][一二三四五六七八九十]+\s*[)）]\s*(.+)$")
# Printed by every budget of the standard template, even when empty.
ALWAYS = (
    "income-expenditure-summary",
    "income-summary",
    "expenditure-summary",
    "basic-expenditure",
    "project-expenditure",
    "fiscal-appropriation-summary",
    "general-budget-by-function",
    "general-budget-by-economic",
    "three-public-expenses",
)


def check_complete(budget: Budget, text_lines: list[Line], last: Line) -> None:
    """A document cut off half-way misses tables that its contents page (or the standard
    template) promises: say so instead of publishing half a budget."""
    promised = []
    for ln in text_lines:
        m = TOC_ENTRY.match(ln.text.strip())
        spec = match_title(m.group(1)) if m else None
        if spec is not None and spec.resource not in promised:
            promised.append(spec.resource)
    expected = promised or list(ALWAYS)
    missing = [r for r in expected if r not in budget.tables]
    if missing:
        names = BY_RESOURCE[missing[0]].zh + (f" and {len(missing) - 1} more table(s)" if len(missing) > 1 else "")
        where = "the contents page lists" if promised else "every budget prints"
        raise BudgetError(
            f"{names} missing although {where} them; the document ends at line {last.loc} "
            f"({last.text.strip()[:30]!r}): is it cut off?",
            table=BY_RESOURCE[missing[0]].zh,
            line=last.loc,
        )


def is_table_title(ln: Line) -> bool:
    s = squash(ln.text)
    if s.startswith(("(", "（", "-")):
        return False
    return match_title(ln.text) is not None


def _mostly_two_decimals(lines: list[Line]) -> bool:
    nums = [t for ln in lines for t in re.split(r"[\s\t]+", ln.text) if is_number(t) and ("." in t or "," in t)]
    if len(nums) < 20:
        return False
    return sum(1 for t in nums if decimals(t) == 2) / len(nums) > 0.97


# ---------------------------------------------------------------------------- text parts


def split_parts(lines: list[Line]) -> list[tuple[int, str, list[Line]]]:
    """(part number, heading, body lines) for the nine parts; the table of contents is skipped."""
    heads: dict[int, int] = {}
    for i, ln in enumerate(lines):
        m = PART_HEADING.match(ln.text.strip())
        if m:
            heads["一二三四五六七八九".index(m.group(1)) + 1] = i  # the last one wins: the TOC comes first
    order = sorted(heads.items(), key=lambda kv: kv[1])
    parts = []
    for k, (num, i) in enumerate(order):
        end = order[k + 1][1] if k + 1 < len(order) else len(lines)
        m = PART_HEADING.match(lines[i].text.strip())
        assert m
        heading = label(m.group(2)) or PARTS[num - 1][0]
        body = [
            ln
            for ln in lines[i + 1 : end]
            if not re.match(r"^(附件|附表|二、表格部分|一、文字部分)[:：]?$", squash(ln.text))
        ]
        parts.append((num, heading, body))
    return parts


LIST_MARK = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[①-⑳])")


# A printed line holds at most ~45 CJK characters (landscape A4); an extraction whose lines
# are much longer has put each paragraph on one line, cut only where a page ends.
UNWRAPPED = 120


def paragraph_width(lines: list[Line]) -> int:
    """The width of a full line of text (half-width units): what most lines reach."""
    widths = sorted(display_width(t) for t in _texts(lines))
    return widths[int(len(widths) * 0.8)] if widths else 0


def _texts(lines: list[Line]) -> list[str]:
    texts = [_SPACES.sub(" ", ln.text.replace("\t", " ")).strip() for ln in lines]
    return [t for t in texts if t and not PAGE_NUMBER.match(t)]


def paragraphs(lines: list[Line], full: int | None = None) -> list[str]:
    """Hard-wrapped lines → paragraphs.  A paragraph ends at a short line that closes a
    sentence, before a numbered item, and after a heading-like line.  In an extraction with
    one line per paragraph (``full`` beyond any printed line) every line that closes a
    sentence ends its paragraph; a line cut mid-sentence by a page break runs on.  Paragraphs
    a PDF reader joined from the layout stand as they are."""
    if any(ln.paragraph for ln in lines):
        return laid_out_paragraphs(lines)
    texts = _texts(lines)
    if not texts:
        return []
    if full is None:
        full = paragraph_width(lines)
    unwrapped = full > UNWRAPPED
    paras: list[list[str]] = [[]]
    for i, t in enumerate(texts):
        if paras[-1] and LIST_MARK.match(t):
            paras.append([])
        paras[-1].append(t)
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        ends_sentence = t.endswith(("。", "：", ":", "；", "！", "？", "”"))
        short = display_width(t) < full * 0.85
        heading = (
            bool(LIST_MARK.match(t))
            and (
                len(t) <= 20
                or (short and not unwrapped)
                # a heading of a one-line-per-paragraph extraction: no punctuation inside
                or (unwrapped and len(t) <= 40 and not re.search(r"[，。；：,;]", t))
            )
            and not re.search(r"[，。；：:、]$", t)
            and "。" not in t
        )
        if (
            (ends_sentence and (short or unwrapped))
            or heading
            or (short and not t.endswith(("，", "、")) and nxt and LIST_MARK.match(nxt))
        ):
            paras.append([])
    return [join_lines(p) for p in paras if p]


def laid_out_paragraphs(lines: list[Line]) -> list[str]:
    """Paragraphs a reader has joined from the layout (PDFs) stand as they are.  Table rows
    among them (a table printed inside a text part) are not running text."""
    texts = [re.sub(r"\s+", " ", ln.text).strip() for ln in lines if ln.paragraph]
    return [join_lines([t]) for t in texts if t and not PAGE_NUMBER.match(t)]


def sections_rows(parts: list[tuple[int, str, list[Line]]]) -> list[Row]:
    unwrapped = paragraph_width([ln for _, _, body in parts for ln in body]) > UNWRAPPED
    rows: list[Row] = []
    for num, heading, body in parts:
        full = UNWRAPPED + 1 if unwrapped else None  # one line per paragraph throughout, else per part
        text = key_project_text(body, full) if num == 7 else "\n".join(paragraphs(body, full))
        rows.append({"part": num, "heading": heading, "text": text})
    return rows


GLOSSARY_ITEM = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+?)[:：]\s*(.*)$")


def glossary_rows(lines: list[Line]) -> list[Row]:
    rows: list[Row] = []
    current: list[str] = []
    term = ""
    for ln in lines:
        t = ln.text.strip()
        if PAGE_NUMBER.match(t):
            continue
        m = GLOSSARY_ITEM.match(t)
        if m:
            if term:
                rows.append({"term": term, "definition": join_lines(current)})
            term, current = label(m.group(2)), [m.group(3)]
        elif term:
            current.append(t)
    if term:
        rows.append({"term": term, "definition": join_lines(current)})
    return rows


# ---------------------------------------------------------------------------- regions


@dataclass
class Region:
    spec: TableSpec
    title: str
    start: int
    pages: list[list[Line]]


def split_regions(lines: list[Line]) -> list[Region]:
    regions: list[Region] = []
    for ln in lines:
        t = ln.text.strip()
        if TABLE_NUMBER.match(squash(t)):
            continue
        spec = match_title(t) if is_table_title(ln) else None
        if spec is not None:
            if regions and regions[-1].spec is spec:
                regions[-1].pages.append([])  # the table goes on over a page with its header again
            else:
                regions.append(Region(spec, label(t), ln.loc, [[]]))
            continue
        if regions and not DASHED_PAGE.match(t):
            regions[-1].pages[-1].append(ln)
    return regions


def skip_unit_line(page: list[Line]) -> list[Line]:
    """Drop the ``单位名称：… 单位：万元`` lines (possibly wrapped) at the top of a page."""
    for i, ln in enumerate(page[:8]):
        s = squash(ln.text)
        if "万元" in s or s == "元":
            return page[i + 1 :]
        if re.search(r"单位[:：]万$", s) and i + 1 < len(page) and squash(page[i + 1].text).startswith("元"):
            return page[i + 2 :]
        if re.search(r"单位[:：]$", s) and i + 1 < len(page) and "万元" in squash(page[i + 1].text):
            return page[i + 2 :]
    return page


def parse_region(region: Region, ctx: Context) -> list[Table]:
    spec = region.spec
    if spec.kind == "two-sided":
        rows = two_sided_rows(region, ctx)
    elif spec.kind == "three-public":
        rows = three_public_rows(region, ctx)
    elif spec.kind == "performance":
        return performance_tables(region, ctx)
    else:
        rows = amount_rows(region, ctx)
    return [Table(spec.resource, rows, region.start, region.title)]


def body_lines(region: Region, ctx: Context, is_start) -> list[Line]:
    """The data lines of a table: on the first page everything from the first data row,
    on later pages everything that is not a repeat of the first page's header."""
    out: list[Line] = []
    header: set[str] = set()
    for p, page in enumerate(region.pages):
        page = [ln for ln in skip_unit_line(page) if not NOTE.match(ln.text.strip())]
        if p == 0:
            i = next((k for k in range(len(page)) if is_start(page, k)), len(page))
            header = {squash(ln.text) for ln in page[:i]}
            out.extend(page[i:])
        else:
            k = 0
            while k < len(page) and squash(page[k].text) in header:
                k += 1
            out.extend(page[k:])
    return out


def amount_start(ctx: Context):
    def is_start(page: list[Line], k: int) -> bool:
        ahead = squash("".join(ln.text for ln in page[k : k + 6]))
        if ctx.starts_unit(ahead):
            return True
        toks = page[k].text.replace("\t", " ").split()
        for j, t in enumerate(toks):
            t = squash_number(t)
            if is_number(t) and not _YEAR.match(t):
                return True
            if CODE.match(t) and j + 1 < len(toks) and not is_fragment(toks[j + 1]):
                return True
        if is_tab(page[k]):
            cs = [squash_number(c) for c in cells(page[k])]
            if any(c and is_number(c) and not _YEAR.match(c) for c in cs):
                return True
        return False

    return is_start


# ---------------------------------------------------------------------------- amount tables


@dataclass
class RawRow:
    head: list[Tok]
    nums: list[Tok]
    score: tuple[int, int, int] = (0, 0, 0)


def amount_rows(region: Region, ctx: Context) -> list[Row]:
    spec = region.spec
    n = len(spec.amounts)
    lines = body_lines(region, ctx, amount_start(ctx))
    toks = tokenize(lines, n)
    raw: list[RawRow] = []
    head: list[Tok] = []
    nums: list[Tok] = []
    for tok in toks:
        if tok.num:
            nums.append(tok)
            continue
        if nums:
            carry = _code_suffix(nums, spec) if head or raw else []
            if not head and not raw and _code_tokens_only(nums, spec):
                carry = nums
            rest = nums[: len(nums) - len(carry)]
            if rest or head:
                raw.append(RawRow(head, rest))
            head, nums = list(carry), []
        head.append(tok)
    if head or nums:
        raw.append(RawRow(head, nums))
    rows: list[Row] = []
    unit = ""
    for ri, r in enumerate(raw):
        values_sets = _amount_sets(r, n, spec, ctx)
        if ri == len(raw) - 1 and len(r.nums) > 1 and r.nums[-1].nl and re.fullmatch(r"\d{1,3}", r.nums[-1].text):
            # A page number printed below the table's last row ("0.00" / "18")?
            short = RawRow(r.head, r.nums[:-1])
            try:
                short_sets = _amount_sets(short, n, spec, ctx)
            except BudgetError:
                short_sets = None
            if short_sets is not None and short.score > r.score:
                ctx.warnings.append(
                    f"line {r.nums[-1].line}: {r.nums[-1].text!r} below the table read as a page number"
                )
                values_sets = short_sets
        for k, values in enumerate(values_sets):
            if k == 0 and r.head:
                row = _labelled_row(r, spec, ctx, unit, rows)
                if row.get("level") == 0 or (
                    spec.resource in ("basic-expenditure", "project-expenditure") and row.get("_unit")
                ):
                    unit = str(row["unit"])
                row.pop("_unit", None)
                row.update(zip([f.name for f in spec.amounts], values, strict=True))
                rows.append(row)
            elif any(v not in (None, Decimal(0)) for v in values):
                raise BudgetError(
                    f"a row of amounts with no label: {' '.join(t.text for t in r.nums)}",
                    line=r.nums[0].line if r.nums else None,
                    table=f"{region.title}",
                )
            # else: a blank template row (no label, every amount 0) is dropped
    return rows


def _code_tokens_only(nums: list[Tok], spec: TableSpec) -> bool:
    return (
        bool(spec.coded)
        and all(t.text.isdigit() for t in nums)
        and CODE.match("".join(t.text for t in nums)) is not None
    )


def _code_suffix(nums: list[Tok], spec: TableSpec) -> list[Tok]:
    """The trailing number fragments that are really the next row's classification code."""
    if not spec.coded:
        return []
    for j in (2, 1):
        if len(nums) < j:
            continue
        tail = nums[-j:]
        text = "".join(t.text for t in tail)
        if all(t.text.isdigit() and not t.empty for t in tail) and CODE.match(text) and text[0] in "23456789":
            if j == 2 and not (len(tail[0].text) in (3, 5) and len(tail[1].text) == 2):
                continue
            return tail
    return []


def _amount_sets(r: RawRow, n: int, spec: TableSpec, ctx: Context) -> list[list[Decimal | None]]:
    """The row's fragments read as one labelled row of ``n`` amounts plus any blank rows."""
    if not r.nums:
        if r.head:
            loc = r.head[0].line
            raise BudgetError(
                f"expected {n} amounts after {label(' '.join(t.text for t in r.head))!r}, found none", line=loc
            )
        return []
    texts = tuple(t.text if not t.empty else "∅" for t in r.nums)
    joinable = tuple(
        not r.nums[i + 1].empty and not r.nums[i].empty and r.nums[i + 1].nl for i in range(len(r.nums) - 1)
    )
    for m in range(1, len(texts) // n + 1):
        exact = exact_partitions(texts, joinable, m * n)
        if exact:
            best = max(exact, key=lambda c: _score(c, n, spec, ctx))
            r.score = _score(best, n, spec, ctx)
            return [[_value(x) for x in best[i : i + n]] for i in range(0, len(best), n)]
    # Digits spaced out inside a cell ("66 7. 95", "0 . 0 0"): join across spaces too.
    loose = tuple(not r.nums[i + 1].empty and not r.nums[i].empty for i in range(len(r.nums) - 1))
    if loose != joinable:
        for m in range(1, len(texts) // n + 1):
            exact = exact_partitions(texts, loose, m * n)
            if exact:
                best = max(exact, key=lambda c: _score(c, n, spec, ctx))
                r.score = _score(best, n, spec, ctx)
                return [[_value(x) for x in best[i : i + n]] for i in range(0, len(best), n)]
    cands = [c for k in range(1, len(texts) + 1) for c in exact_partitions(texts, joinable, k, limit=5)] or [
        c for k in range(1, len(texts) + 1) for c in exact_partitions(texts, loose, k, limit=5)
    ]
    if not cands:
        raise BudgetError(f"cannot read the amounts {' '.join(texts)!r}", line=r.nums[0].line)
    # More amounts than columns: extraction repeated empty columns; keep the total and the
    # last column when what is dropped is all zero.
    longer = [c for c in cands if len(c) > n]
    if longer and r.head:
        c = min(longer, key=len)
        extra = c[n - 1 : len(c) - 1]
        if all(x != "∅" and to_decimal(x) == 0 for x in extra[: len(c) - n]):
            ctx.warnings.append(
                f"line {r.nums[0].line}: {len(c)} amounts where the table has {n}; dropped the surplus zero columns"
            )
            kept = [*c[: n - 1], c[-1]]
            return [[_value(x) for x in kept]]
    got = max(len(c) for c in cands)
    name = label(" ".join(t.text for t in r.head)) if r.head else "(no label)"
    raise BudgetError(f"row {name!r}: expected {n} amounts, found {got}", line=r.nums[0].line)


def _value(x: str) -> Decimal | None:
    return None if x == "∅" else to_decimal(x)


def _score(c: tuple[str, ...], n: int, spec: TableSpec, ctx: Context) -> tuple[int, int, int]:
    rows = [c[i : i + n] for i in range(0, len(c), n)]
    arithmetic = sum(_arith_ok(r, spec) for r in rows)
    # Amounts are printed with two decimals or none; a join giving 1 or 3+ decimals is suspect.
    fmt = sum(1 if decimals(x) == 2 else (-3 if decimals(x) > 2 else 0) for x in c if x != "∅")
    return (arithmetic, fmt, -len(c))


def _arith_ok(values: tuple[str, ...], spec: TableSpec) -> int:
    v = [to_decimal(x) if x != "∅" else Decimal(0) for x in values]
    names = [f.name for f in spec.amounts]
    d = dict(zip(names, v, strict=True))
    ok = 0
    if spec.resource in ("income-summary", "project-expenditure"):
        parts = [
            d[k]
            for k in names
            if k
            not in (
                "total",
                "basic_appropriation",
                "duty_project_appropriation",
                "special_fund_appropriation",
                "government_investment_appropriation",
            )
        ]
        ok += abs(sum(parts) - d["total"]) <= Decimal("0.05")
        sub = [
            d[k]
            for k in (
                "basic_appropriation",
                "duty_project_appropriation",
                "special_fund_appropriation",
                "government_investment_appropriation",
            )
            if k in d
        ]
        ok += abs(sum(sub) - d["general_budget"]) <= Decimal("0.05")
    elif spec.resource == "basic-expenditure":
        ok += abs(d["general_budget"] + d["government_fund"] + d["state_capital"] - d["fiscal_subtotal"]) <= Decimal(
            "0.05"
        )
        rest = [d[k] for k in names if k not in ("total", "general_budget", "government_fund", "state_capital")]
        ok += abs(sum(rest) - d["total"]) <= Decimal("0.05")
    elif "basic" in d and "project" in d:
        if "procurement_total" in d:
            ok += (
                d["procurement_sme"] <= d["procurement_total"] and d["procurement_small_micro"] <= d["procurement_sme"]
            )
            ok += d["procurement_total"] <= d["total"]
        extra = sum(
            d.get(k, Decimal(0)) for k in ("business_operating", "subordinate_subsidy", "remittance_to_superior")
        )
        ok += abs(d["basic"] + d["project"] + extra - d["total"]) <= Decimal("0.05")
    return ok


def _labelled_row(r: RawRow, spec: TableSpec, ctx: Context, unit: str, rows: list[Row]) -> Row:
    head = list(r.head)
    code = ""
    if spec.coded and head and head[0].text.isdigit():
        digits: list[str] = []
        while head and head[0].text.isdigit() and len("".join(digits) + head[0].text) <= 7:
            digits.append(head.pop(0).text)
        code = "".join(digits)
    if spec.kind == "procurement" and head and PROCUREMENT_CODE.match(head[0].text):
        code = head.pop(0).text
    text = label(" ".join(t.text for t in head))
    row: Row = {}
    if spec.kind == "procurement":
        if code:
            row.update(unit=unit, code=code, item=text, level=_procurement_level(code))
        else:
            ctx.add_unit(text)
            row.update(unit=text, code="", item="", level=0)
        return row
    if spec.kind == "special-transfer":
        if code:
            name, _, project = (" ".join(t.text for t in head)).partition(" ")
            row.update(unit=unit, code=code, name=label(name), project=label(project))
        else:
            ctx.add_unit(text)
            row.update(unit=text, code="", name="", project="")
        return row
    if spec.coded:
        if code:
            row.update(unit=unit, code=code, name=text, level={3: 1, 5: 2, 7: 3}.get(len(code), 0))
        else:
            ctx.add_unit(text)
            row.update(unit=text, code="", name="", level=0)
        return row
    name_field = "project" if spec.resource == "project-expenditure" else "name"
    if spec.resource == "income-summary":
        ctx.add_unit(text)
        return {"unit": text}
    # A unit's row: a known unit (a parent department may stand above the 本级 row), or the
    # table's first row, which is always the unit's total.
    if ctx.is_unit(text) or not rows:
        ctx.add_unit(text)
        return {"unit": text, name_field: text, "level": 0, "_unit": True}
    if spec.resource == "basic-expenditure":
        return {"unit": unit, name_field: text, "level": 1 if text in ECONOMIC_CLASSES else 2}
    return {"unit": unit, name_field: text, "level": 1}


def _procurement_level(code: str) -> int:
    digits = code[1:]
    return 1 + sum(1 for i in range(0, len(digits), 2) if digits[i : i + 2] not in ("", "00"))


# ---------------------------------------------------------------------------- two-sided summaries


def two_sided_rows(region: Region, ctx: Context) -> list[Row]:
    def is_start(page: list[Line], k: int) -> bool:
        # the header ends with its last "2024 年预算数" cell (the row may be split over lines)
        heads = [i for i, ln in enumerate(page[:12]) if re.search(r"预算数|年预算", squash(ln.text))]
        if heads:
            return k == heads[-1] + 1
        return k > 0 and not re.fullmatch(r"(收入|支出|项目)+", squash(page[k].text))

    lines = body_lines(region, ctx, is_start)
    sides: dict[str, list[Row]] = {"income": [], "expenditure": []}
    pending: list[str] = []
    for ln in lines:
        if is_tab(ln):
            cs = [c.strip() for c in ln.text.split("\t")]
            pairs = []
            for col in range(0, len(cs), 2):
                lab = cs[col] if col < len(cs) else ""
                amt = squash_number(cs[col + 1]) if col + 1 < len(cs) else ""
                if lab or amt:
                    pairs.append((col // 2, lab, amt))
            for side_i, lab, amt in pairs:
                _add_pair(sides, SIDES[min(side_i, 1)], lab, amt, ln, ctx)
            continue
        toks = ln.text.split()
        found: list[tuple[str, str]] = []
        for t in toks:
            if is_number(t) or (t.startswith("-") and is_number(t[1:])):
                found.append((label("".join(pending)), t))
                pending = []
            else:
                pending.append(t)
        if len(found) == 2:
            _add_pair(sides, "income", *found[0], ln, ctx)
            _add_pair(sides, "expenditure", *found[1], ln, ctx)
        elif len(found) == 1:
            lab, amt = found[0]
            side = "income" if INCOME_ITEM.search(lab) and not EXPENDITURE_ITEM.match(lab) else "expenditure"
            _add_pair(sides, side, lab, amt, ln, ctx)
        elif len(found) > 2:
            raise BudgetError(f"more than two label/amount pairs on one line: {ln.text!r}", line=ln.loc)
    if pending:
        raise BudgetError(
            f"label without an amount at the end of the table: {''.join(pending)!r}",
            line=lines[-1].loc if lines else None,
        )
    return [{"side": s, **r} for s in SIDES for r in sides[s]]


def _add_pair(sides: dict[str, list[Row]], side: str, lab: str, amt: str, ln: Line, ctx: Context) -> None:
    lab = label(lab)
    if not lab and not amt:
        return
    if amt and not is_number(amt):
        raise BudgetError(f"not an amount: {amt!r} (item {lab!r})", line=ln.loc)
    sides[side].append({"item": lab, "amount": to_decimal(amt) if amt else None})


# ---------------------------------------------------------------------------- 三公 table

YEAR = re.compile(r"^(20\d\d)\s*年?$")


def three_public_rows(region: Region, ctx: Context) -> list[Row]:
    lines = body_lines(region, ctx, amount_start(ctx))
    toks = tokenize(lines)
    # merge "2023" + "年" and wrapped labels
    items: list[tuple[str, str]] = []  # (kind, text): kind "text" | "num"
    for t in toks:
        kind = "num" if t.num else "text"
        if (kind == "text" and items and items[-1][0] == "text") or (
            kind == "text"
            and t.text.startswith("年")
            and items
            and items[-1][0] == "num"
            and re.match(r"^20\d\d$", items[-1][1])
        ):
            items[-1] = ("text", items[-1][1] + t.text)
        else:
            items.append((kind, t.text))
    rows: list[Row] = []
    unit = ""
    year: str | None = None
    values: list[str] = []

    def flush() -> None:
        if year is None:
            return
        nums = [to_decimal(v) for v in values]
        names = ("total", "overseas", "reception", "vehicles", "vehicle_purchase", "vehicle_operation")
        if len(nums) == 6:
            rows.append({"unit": unit, "year": year, "fund": "general_budget", **dict(zip(names, nums, strict=True))})
        elif len(nums) == 18:
            for f, fund in enumerate(("general_budget", "government_fund", "state_capital")):
                rows.append(
                    {"unit": unit, "year": year, "fund": fund, **{nm: nums[c * 3 + f] for c, nm in enumerate(names)}}
                )
        else:
            raise BudgetError(f"year row {year}: expected 6 or 18 amounts, found {len(nums)}", line=lines[0].loc)

    for kind, text in items:
        if kind == "text":
            s = squash(text)
            m = re.match(r"^(.*?)(20\d\d)年$", s)
            if m or "增减变化" in s or s.endswith("变化金额"):
                flush()
                if m and m.group(1):
                    unit = label(m.group(1))
                    ctx.add_unit(unit)
                year = m.group(2) if m else "change"
                values = []
            elif year is None:
                unit = label(text)
                ctx.add_unit(unit)
            else:
                flush()
                unit, year, values = label(text), None, []
        else:
            values.append(text)
    flush()
    return rows


# ---------------------------------------------------------------------------- key projects (第七部分)


@dataclass
class KeyProjects:
    """第七部分's table: where it sits among the part's lines, and its rows."""

    header: list[str]  # the printed column headings
    start: int  # index of the header's first line
    end: int  # index of the first line after the table (a 备注 line, or the end)
    rows: list[Row]  # project, amount, goal, and the amount as printed (``printed``)


KEY_PROJECT_COLUMNS = ("预算数", "绩效目标")


def key_projects(lines: list[Line]) -> KeyProjects | None:
    # the header runs from 项目名称 to 绩效目标 (in one-cell-per-line extractions, over several lines)
    end_hdr = next((i for i, ln in enumerate(lines) if squash(ln.text).endswith("绩效目标")), None)
    if end_hdr is None:
        return None
    start = end_hdr
    while start > 0 and "项目名" not in squash(lines[start].text) and end_hdr - start < 8:
        start -= 1
    if "项目名" not in squash(lines[start].text):
        start = end_hdr
    # the header as printed (long-text rules: wrapped cells joined, spaces kept), one space
    # between the columns
    head = join_lines([ln.text.replace("\t", " ") for ln in lines[start : end_hdr + 1]])
    if "项目名" in head:
        head = head[head.index("项目名") :]
    header = re.split(r"\s*(?=" + "|".join(KEY_PROJECT_COLUMNS) + ")", head)
    body: list[Line] = []
    end = end_hdr + 1
    for ln in lines[end_hdr + 1 :]:
        if ln.text.strip().startswith(("备注", "注：", "注:")):
            break
        body.append(ln)
        end += 1
    return KeyProjects([h for h in header if h], start, end, _key_project_rows(body))


def key_project_rows(lines: list[Line], ctx: Context | None = None) -> list[Row]:
    kp = key_projects(lines)
    if kp is None:
        return []
    return [{"project": r["project"], "amount": r["amount"], "goal": r["goal"]} for r in kp.rows]


def _key_project_rows(body: list[Line]) -> list[Row]:
    rows: list[Row] = []
    goals: list[list[str]] = []  # each row's goal, line by line
    goal: list[str] = []
    for i, ln in enumerate(body):
        if is_tab(ln):
            cs = [c.strip() for c in ln.text.split("\t")]
            nonempty = [c for c in cs if c]
            if len(cs) >= 3 and cs[0] and is_number(squash_number(cs[1])):
                printed = squash_number(cs[1])
                rows.append({"project": label(cs[0]), "amount": to_decimal(printed), "printed": printed})
                goal = [" ".join(cs[2:]).strip()]
                goals.append(goal)
                continue
            if rows:
                goal.append(" ".join(nonempty))
            continue
        toks = ln.text.split()
        prev_end = (
            i == 0 or body[i - 1].text.rstrip().endswith(("。", "；", "）", ")", "”")) or _is_amount_line(body[i - 1])
        )
        idx = next((k for k, t in enumerate(toks) if is_number(t)), None)
        name_ok = (
            idx is not None
            and idx > 0
            and not re.search(r"[，。；、：]", "".join(toks[:idx]))
            and len("".join(toks[:idx])) <= 30
        )
        if idx is not None and ((idx == 0 and len(toks) == 1) or (name_ok and prev_end)):
            # name: the tokens before the amount, or the short lines before a lone amount
            if idx > 0:
                name = label("".join(toks[:idx]))
            else:
                name_parts: list[str] = []
                while goal and len(goal[-1]) <= 8 and not goal[-1].endswith(("。", "；")):
                    name_parts.insert(0, goal.pop())
                name = label("".join(name_parts))
                if not name:  # a page number in the middle of a goal
                    continue
            rows.append({"project": name, "amount": to_decimal(toks[idx]), "printed": toks[idx]})
            goal = [" ".join(toks[idx + 1 :])] if idx + 1 < len(toks) else []
            goals.append(goal)
            continue
        goal.append(ln.text.strip())
    for r, g in zip(rows, goals, strict=True):
        r["goal"] = join_lines(g)
    return rows


def key_project_text(lines: list[Line], full: int | None = None) -> str:
    """第七部分 as text: the paragraphs before the table, one line per table row (cells
    separated by a space, amounts as printed), then the notes after it."""
    kp = key_projects(lines)
    if kp is None or not kp.rows:
        return "\n".join(paragraphs(lines, full))
    table = [" ".join(kp.header)] + [f"{r['project']} {r['printed']} {r['goal']}".rstrip() for r in kp.rows]
    return "\n".join([*paragraphs(lines[: kp.start], full), *table, *paragraphs(lines[kp.end :], full)])


def _is_amount_line(ln: Line) -> bool:
    toks = ln.text.split()
    return len(toks) == 1 and is_number(toks[0])


# ---------------------------------------------------------------------------- performance targets


def performance_tables(region: Region, ctx: Context) -> list[Table]:
    lines = [
        ln
        for page in region.pages
        for ln in page
        if not NOTE.match(ln.text.strip()) and not DASHED_PAGE.match(ln.text.strip())
    ]
    for ln in lines:
        m = re.search(r"主管部\s*门\s*\t?\s*(\S.*)$", ln.text)
        if m:
            ctx.add_unit(label(m.group(1).replace("\t", "")))
    # tasks: from the header 总额/其中：财政拨款 to 年度总体目标
    hdr = next((i for i, ln in enumerate(lines) if re.search(r"其中[:：]财政拨款", squash(ln.text))), None)
    goal_i = next((i for i, ln in enumerate(lines) if squash(ln.text).startswith(("年度总体目标", "年度总"))), None)
    ind_i = next((i for i, ln in enumerate(lines) if "三级指标" in squash(ln.text)), None)
    tables: list[Table] = []
    if hdr is not None:
        end = goal_i if goal_i is not None and goal_i > hdr else (ind_i or len(lines))
        task_lines = lines[hdr + 1 : end]
        acc = ""
        while task_lines and "其中：其他资金".startswith(acc + squash(task_lines[0].text).replace(":", "：")):
            acc += squash(task_lines[0].text).replace(":", "：")  # the header's last cell, wrapped
            task_lines = task_lines[1:]
        tables.append(Table("performance-tasks", task_rows(task_lines, ctx), region.start, region.title))
    if ind_i is not None:
        tables.append(Table("performance-indicators", indicator_rows(lines[ind_i + 1 :]), region.start, region.title))
    return tables


def task_rows(lines: list[Line], ctx: Context) -> list[Row]:
    rows: list[Row] = []
    buf: list[str] = []
    known = [u for u in ctx.units]
    for ln in lines:
        if is_tab(ln):
            cs = [squash_number(c.strip()) for c in ln.text.split("\t")]
            while cs and not cs[-1]:
                cs.pop()
            nums: list[str] = []
            while cs and cs[-1] and is_number(cs[-1]) and len(nums) < 3:
                nums.insert(0, cs.pop())
            texts = [c for c in cs if c and squash(c) not in ("年度主要任务", "年度主要", "任务")]
            if len(nums) == 3:
                lab = texts[0] if texts else ""
                content = " ".join(texts[1:])
                if buf:
                    content = join_lines([*buf, content]) if not lab else content
                rows.append(_task(lab, content, nums))
                buf = []
            elif rows and texts:
                rows[-1]["content"] = join_lines([str(rows[-1]["content"]), *texts])
            continue
        toks = ln.text.split()
        nums = []
        while toks and is_number(toks[-1]) and len(nums) < 3:
            nums.insert(0, toks.pop())
        text = " ".join(toks)
        if squash(text) in ("年度主要任务", "年度主要", "任务", "务"):
            continue
        if len(nums) == 3:
            if text:
                buf.append(text)
            rows.append(_split_task(buf, nums, known))
            buf = []
        else:
            buf.append(text)
    return rows


def _task(lab: str, content: str, nums: list[str]) -> Row:
    return {
        "task": label(lab),
        "content": join_lines([content]),
        "total": to_decimal(nums[0]),
        "fiscal": to_decimal(nums[1]),
        "other": to_decimal(nums[2]),
    }


def _split_task(buf: list[str], nums: list[str], known: list[str]) -> Row:
    if not buf:
        return _task("", "", nums)
    # "金额合计" rows and one-line rows: the first space-separated word is the task
    first = buf[0]
    if len(buf) == 1:
        name, _, rest = first.partition(" ")
        return _task(name, rest, nums)
    # a task name wrapped over its own lines: lines without sentence punctuation at the start
    name_parts = [buf[0]]
    k = 1
    if " " in buf[0]:
        name, _, rest = buf[0].partition(" ")
        return _task(name, join_lines([rest, *buf[1:]]), nums)
    while k < len(buf) and len(buf[k]) <= 6 and not re.search(r"[，。、；]", buf[k]) and len(buf[k - 1]) <= 10:
        name_parts.append(buf[k])
        k += 1
    return _task("".join(name_parts), join_lines(buf[k:]), nums)


OPERATOR_TARGET = re.compile(r"^[≥≤><＞＜=]")
WORD_TARGET = re.compile(
    r"^(?:满足|显著|不适用|不涉及|有效.*|无|安全|及时|及时有效|及时完成|有所.*|不断.*|正常.*|达标|合格|是|否|良好|"
    r"较好|持续.*|明显.*|逐步.*|提高|提升|降低|稳定.*|完善|[A-D]|优|良|满意|基本满意|较满意|非常满意)$"
)


def _target_start(word: str) -> bool:
    return bool(OPERATOR_TARGET.match(word) or word[:1].isdigit())


@dataclass
class Entry:
    kind: str  # "label1" | "label2" | "item"
    text: str
    target: str = ""
    same_line: bool = False  # a label printed on the same line as the item after it


def indicator_rows(lines: list[Line]) -> list[Row]:
    """年度绩效指标: (一级指标, 二级指标, 三级指标, 目标值) rows."""
    entries: list[Entry] = []
    lines = _merge_split_labels(lines)
    for li, ln in enumerate(lines):
        if is_tab(ln):
            _tab_indicator_line(ln, entries)
            continue
        words = ln.text.split()
        if squash(ln.text) in ("年度绩效指标", "年度绩", "效指标", "年度绩效", "指标"):
            continue
        labelled = False
        while words and squash(words[0]) in (*LEVEL1, *LEVEL2, "年度绩效指标"):
            w = squash(words.pop(0))
            if w != "年度绩效指标":
                entries.append(Entry("label1" if w in LEVEL1 else "label2", w))
                labelled = True
        if not words:
            continue
        if labelled and entries[-1].kind != "item":
            entries[-1].same_line = True
        rest = " ".join(words)
        nxt = lines[li + 1].text.strip() if li + 1 < len(lines) else ""
        last = entries[-1] if entries and entries[-1].kind == "item" else None
        if last is not None and not labelled:
            if (
                not last.target
                and (_target_start(words[0]) or (len(words) == 1 and WORD_TARGET.match(words[0])))
                and not _standalone_target(nxt)
            ):
                last.target = rest  # the target of the indicator above, on a line of its own
                continue
            if (
                last.target
                and (last.target.endswith(("；", "；≥", "≥", "、", "，")) or len(squash(rest)) <= 2)
                and not _standalone_target(nxt)
            ):
                last.target = join_lines([last.target, rest])  # a target wrapped in its cell
                continue
            if not last.target:
                cut = _target_cut(words)
                if _standalone_target(nxt) or cut is None:
                    last.text += label(rest)  # indicator text wrapped in its cell
                else:
                    last.text += label(" ".join(words[:cut]))
                    last.target = " ".join(words[cut:])
                continue
        cut = _target_cut(words)
        if cut is not None and not _standalone_target(nxt):
            entries.append(Entry("item", label(" ".join(words[:cut])), " ".join(words[cut:])))
        else:
            entries.append(Entry("item", label(rest)))
    if _labels_in_middle(entries):
        entries = _center_labels(entries)
    rows: list[Row] = []
    level1 = level2 = ""
    pending_empty = False
    for e in entries:
        if e.kind == "label1":
            if pending_empty:
                rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
                pending_empty = False
            level1, level2 = e.text, ""
            continue
        if e.kind == "label2":
            if pending_empty:
                rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
            level2 = e.text
            level1 = _level1_of(e.text, level1)
            pending_empty = True
            continue
        pending_empty = False
        rows.append({"level1": level1, "level2": level2, "indicator": e.text, "target": e.target})
    if pending_empty:
        rows.append({"level1": level1, "level2": level2, "indicator": "", "target": ""})
    return rows


def _level1_of(level2: str, current: str) -> str:
    if level2 in ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"):
        return "效益指标"
    if level2 in ("服务对象满意度指标", "其他满意度指标"):
        return "满意度指标"
    if level2 in ("数量指标", "质量指标", "时效指标"):
        return "产出指标"
    return current or "产出指标"


def _target_cut(words: list[str]) -> int | None:
    for k in range(1, len(words)):
        if _target_start(words[k]):
            return k
    if len(words) >= 2 and WORD_TARGET.match(words[-1]):
        return len(words) - 1
    return None


def _tab_indicator_line(ln: Line, entries: list[Entry]) -> None:
    texts = [c for c in cells(ln) if c]
    labelled = False
    for c in list(texts):
        s = squash(c)
        if s == "年度绩效指标":
            texts.remove(c)
        elif s in LEVEL1 or s in LEVEL2:
            entries.append(Entry("label1" if s in LEVEL1 else "label2", s))
            texts.remove(c)
            labelled = True
    if labelled and texts:
        entries[-1].same_line = True
    if len(texts) >= 2:
        entries.append(Entry("item", label(texts[0]), " ".join(texts[1:])))
    elif len(texts) == 1:
        last = entries[-1] if entries and entries[-1].kind == "item" else None
        if last is not None and not labelled and not last.target:
            last.target = texts[0]
        else:
            entries.append(Entry("item", label(texts[0])))


def _labels_in_middle(entries: list[Entry]) -> bool:
    """Some extractions print a merged cell's label in the vertical middle of its rows:
    then an item comes before the first second-level label."""
    for e in entries:
        if e.kind == "item":
            return True
        if e.kind == "label2":
            return False
    return False


def _standalone_target(text: str) -> bool:
    ws = text.split()
    if not ws or squash(text) in (*LEVEL1, *LEVEL2):
        return False
    return len(ws) == 1 and bool(WORD_TARGET.match(ws[0]) or OPERATOR_TARGET.match(ws[0]))


def _merge_split_labels(lines: list[Line]) -> list[Line]:
    """``可持续影响指`` + ``标`` → one label line."""
    out: list[Line] = []
    for ln in lines:
        if out and not is_tab(ln) and not is_tab(out[-1]):
            joined = squash(out[-1].text) + squash(ln.text)
            if joined in (*LEVEL1, *LEVEL2, "年度绩效指标") and squash(out[-1].text) not in (*LEVEL1, *LEVEL2):
                out[-1] = Line(joined, out[-1].line, out[-1].page)
                continue
        out.append(ln)
    return out


def _center_labels(entries: list[Entry]) -> list[Entry]:
    """Labels printed in the vertical middle of their block of rows → labels on top of it.

    Item k spans [k, k+1]; a label alone on its line after p items sits at p, one printed
    beside item p at p + 0.5.  The blocks [b_i, b_i+1] are chosen so that each label is as
    near as possible to its block's centre, every block holding its label.

    A merged cell that runs onto the next page prints its label on the page where it
    starts, near that page's foot, above its true centre (never below it): so a label may
    stand before its block's centre, not after it, when any partition allows that."""
    placed = _place_labels(entries, upward_only=True)
    return placed if placed is not None else (_place_labels(entries, upward_only=False) or entries)


def _place_labels(entries: list[Entry], *, upward_only: bool) -> list[Entry] | None:
    items = [e for e in entries if e.kind == "item"]
    labels: list[tuple[float, Entry]] = []
    count = 0
    for e in entries:
        if e.kind == "item":
            count += 1
        elif e.kind == "label2":
            labels.append((count + 0.5 if e.same_line else float(count), e))
    n, k = len(items), len(labels)
    if not k:
        return entries
    inf = float("inf")
    # best[i][b]: cost of placing labels 0..i-1 with block i-1 ending at b
    best = [[inf] * (n + 1) for _ in range(k + 1)]
    back = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for i in range(k):
        q, lab = labels[i]
        for a in range(n + 1):
            if best[i][a] == inf:
                continue
            for b in range(a, n + 1):
                if not (a <= q <= b) or (lab.same_line and not (a <= q - 0.5 < b)):
                    continue
                if upward_only and (a + b) / 2 < q:
                    continue
                cost = best[i][a] + ((a + b) / 2 - q) ** 2
                if cost < best[i + 1][b]:
                    best[i + 1][b], back[i + 1][b] = cost, a
    if best[k][n] == inf:
        return None
    bounds = [n]
    for i in range(k, 0, -1):
        bounds.append(back[i][bounds[-1]])
    bounds.reverse()
    out: list[Entry] = list(items[: bounds[0]])
    for i, (_, lab) in enumerate(labels):
        out.append(lab)
        out.extend(items[bounds[i] : bounds[i + 1]])
    return out
