"""Tables of labelled rows with a fixed number of amounts (收入总表, 支出总表, 按功能/经济分类, …)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ...catalog import TableSpec
from ...model import BudgetError, Line, Row
from ..numbers import CODE, PROCUREMENT_CODE, decimals, exact_partitions, to_decimal
from ..regions import Context, Region, amount_start, body_lines, line_above_body
from ..tokens import DASHES, Tok, cells, label_of, tokenize
from ..words import label
from .label_lines import aligned, is_code
from .wrapped_columns import Values, orders, place

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


@dataclass
class RawRow:
    head: list[Tok]
    nums: list[Tok]
    score: tuple[int, int, int] = (0, 0, 0)
    code_below: bool = False  # label lines stood above the line its code starts (_code_row)
    floating: list[Tok] = field(default_factory=list)  # amounts wrapped around nums' line, columns untold


def amount_rows(region: Region, ctx: Context) -> list[Row]:
    spec = region.spec
    n = len(spec.amounts)
    is_start = amount_start(ctx)
    lines = body_lines(region, ctx, is_start)
    if lines and all(ln.grid for ln in lines):
        raw = grid_rows(lines, n)
    else:
        above = line_above_body(region, is_start)
        raw = aligned(stream_rows(lines, spec), set(ctx.units), above.text if above is not None else "")
    return labelled_rows(raw, region, ctx)


def grid_rows(lines: list[Line], n: int) -> list[RawRow]:
    """Rows read by position: the label cells, then one amount cell per column (empty kept)."""
    raw = []
    for ln in lines:
        cs = cells(ln)
        head = [Tok(t, ln.loc, k == 0) for k, c in enumerate(cs[:-n]) for t in _code_first(c)]
        nums = [Tok(c, ln.loc, False, empty=not c or c in DASHES) for c in cs[-n:]]
        raw.append(RawRow(head, nums))
    return raw


def _code_first(cell: str) -> list[str]:
    """A label cell's classification or procurement code, when the cell starts with one, apart
    from the name beside it (``C16000000 信息技术服务``)."""
    first, _, rest = cell.strip().partition(" ")
    if rest and (CODE.match(first) or PROCUREMENT_CODE.match(first)):
        return [first, rest.strip()]
    return [cell] if cell else []


def stream_rows(lines: list[Line], spec: TableSpec) -> list[RawRow]:
    """Rows of a token stream: label text, then number fragments."""
    toks = tokenize(lines, len(spec.amounts))
    raw: list[RawRow] = []
    head: list[Tok] = []
    nums: list[Tok] = []
    below = False  # the row being read is a _code_row
    floating: dict[int, list[Tok]] = {}
    tails: dict[int, list[Tok]] = {}
    for tok in toks:
        if tok.floating is not None:
            floating.setdefault(tok.floating, []).append(tok)
            continue
        if tok.label_of_row is not None:
            tails.setdefault(tok.label_of_row, []).append(tok)
            continue
        if tok.num:
            nums.append(tok)
            continue
        if nums:
            carry = _code_suffix(nums, spec) if head or raw else []
            if not head and not raw and _code_tokens_only(nums, spec):
                carry = nums
            rest = nums[: len(nums) - len(carry)]
            if _code_row(head, rest, carry):
                head, nums, below = [*carry, *head], [], True
                head.append(tok)
                continue
            if rest or head:
                raw.append(RawRow(head, rest, code_below=below))
            head, nums, below = list(carry), [], False
        head.append(tok)
    if head or nums:
        raw.append(RawRow(head, nums, code_below=below))
    return _leading_codes(_with_floating(raw, floating, tails), spec)


def _with_floating(raw: list[RawRow], floating: dict[int, list[Tok]], tails: dict[int, list[Tok]]) -> list[RawRow]:
    """Each run of amounts wrapped around a line of whole ones goes with the row of that line's,
    and so does the piece of a label printed beside the amounts' ends (the row's last line)."""
    for loc, toks in floating.items():
        owners = [r for r in raw if any(t.line == loc for t in r.nums)]
        if len(owners) != 1:
            raise BudgetError(
                f"the amounts {' '.join(t.text for t in toks)!r}, wrapped in their cells, cannot be put with a row",
                line=toks[0].line,
            )
        owners[0].floating.extend(toks)
        owners[0].head.extend(tails.pop(loc, []))
    if tails:
        toks = next(iter(tails.values()))
        raise BudgetError(f"the label {label_of(toks)!r} cannot be put with a row", line=toks[0].line)
    return [r for r in raw if r.head or r.nums]


def _code_row(head: list[Tok], rest: list[Tok], carry: list[Tok]) -> bool:
    """Label lines only since the last amounts, then a line that starts with a code and goes on
    with words (``政府办公厅（`` / ``20103 室）及相关机 8,930.46 …`` / ``构事务``): a name wrapped
    in its cell and centred on the row's amounts, whose code stands on the amounts' line.  The
    lines above are that row's (or the row above's, ``label_lines.aligned``), not a row of their own."""
    return (
        bool(head)
        and bool(carry)
        and not rest
        and carry[0].nl
        and not carry[0].tab
        and all(t.line < carry[0].line and not is_code(t.text) for t in head)
    )


def _leading_codes(raw: list[RawRow], spec: TableSpec) -> list[RawRow]:
    """A code printed at the start of its row's amounts' line, the name wrapped around it
    (``机关事业单位基本养老保险缴费支`` / ``2080505 1,092.00 …`` / ``出``): the row's code, not
    a piece of its first amount (when it is one more than the row's amounts) nor of its name."""
    n = len(spec.amounts)
    for r in raw:
        first = r.nums[0] if r.nums else None
        if (
            spec.coded
            and first is not None
            and len(r.nums) + len(r.floating) == n + 1
            and first.nl
            and not first.empty
            and CODE.match(first.text)
            and first.text[0] in "23456789"
            and r.head
            and not r.head[0].text.isdigit()
        ):
            r.head.insert(0, r.nums.pop(0))
        if spec.kind == "procurement" and r.nums and r.head and not PROCUREMENT_CODE.match(r.head[0].text):
            code = next(
                (t for t in r.head if t.nl and t.line == r.nums[0].line and PROCUREMENT_CODE.match(t.text)), None
            )
            if code is not None:
                r.head.remove(code)
                r.head.insert(0, code)
    return raw


def labelled_rows(raw: list[RawRow], region: Region, ctx: Context) -> list[Row]:
    spec = region.spec
    n = len(spec.amounts)
    rows: list[Row] = []
    unit = ""
    open_rows: dict[int, list[Values]] = {}
    locs: dict[int, int] = {}
    for ri, r in enumerate(raw):
        if r.floating:
            candidates = _floating_orders(r, n, spec)
            values_sets: list[list[Decimal | None]] = [list(candidates[0])]
            if len(candidates) > 1:
                open_rows[len(rows)], locs[len(rows)] = candidates, r.nums[0].line
        else:
            values_sets = _amount_sets(r, n, spec, ctx)
        if (
            not r.floating
            and ri == len(raw) - 1
            and len(r.nums) > 1
            and r.nums[-1].nl
            and re.fullmatch(r"\d{1,3}", r.nums[-1].text)
        ):
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
    if open_rows:
        place(rows, open_rows, spec, locs)
    return rows


def _floating_orders(r: RawRow, n: int, spec: TableSpec) -> list[Values]:
    """A row's amounts, some wrapped in their cells in columns the text does not give: the
    orders its own sums allow (each check ``_row_checks`` makes of the table's rows that some
    order keeps: one that none keeps is the source's, which the checks report)."""
    if not r.head:
        raise BudgetError(f"a row of amounts with no label: {' '.join(t.text for t in r.nums)}", line=r.nums[0].line)
    found = orders(r.nums, r.floating, n, lambda row: _row_checks(row, spec))
    if not found:
        raise BudgetError(
            f"row {label_of(r.head)!r}: its amounts wrapped in their cells stand in columns the text does not give, "
            "and no order of them adds up",
            line=r.nums[0].line,
        )
    return found


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
        if not tail[0].tab and not tail[0].nl and len(nums) > j and nums[-j - 1].line == tail[0].line:
            continue  # in text apart by spaces, among its line's amounts: the row's last amount, no code
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
            raise BudgetError(f"expected {n} amounts after {label_of(r.head)!r}, found none", line=loc)
        return []
    texts = tuple(t.text if not t.empty else "∅" for t in r.nums)
    joinable = tuple(
        not r.nums[i + 1].empty and not r.nums[i].empty and r.nums[i + 1].nl for i in range(len(r.nums) - 1)
    )
    for m in range(1, len(texts) // n + 1):
        exact = exact_partitions(texts, joinable, m * n)
        if exact:
            best = max(exact, key=lambda c: _score(c, n, spec, ctx))
            _ends_told(r, best)
            r.score = _score(best, n, spec, ctx)
            return [[_value(x) for x in best[i : i + n]] for i in range(0, len(best), n)]
    # Digits spaced out inside a cell ("66 7. 95", "0 . 0 0"): join across spaces too.
    loose = tuple(not r.nums[i + 1].empty and not r.nums[i].empty for i in range(len(r.nums) - 1))
    if loose != joinable:
        for m in range(1, len(texts) // n + 1):
            exact = exact_partitions(texts, loose, m * n)
            if exact:
                best = max(exact, key=lambda c: _score(c, n, spec, ctx))
                _ends_told(r, best)
                r.score = _score(best, n, spec, ctx)
                return [[_value(x) for x in best[i : i + n]] for i in range(0, len(best), n)]
    cands = [c for k in range(1, len(texts) + 1) for c in exact_partitions(texts, joinable, k, limit=5)] or [
        c for k in range(1, len(texts) + 1) for c in exact_partitions(texts, loose, k, limit=5)
    ]
    if not cands:
        raise BudgetError(f"cannot read the amounts {' '.join(texts)!r}", line=r.nums[0].line)
    # More amounts than columns: extraction repeated empty columns (of tab-separated cells;
    # in text apart by spaces, an amount wrapped in its cell may be what looks like one).  When
    # the surplus is all zero, drop it: beyond the header's last column, or else before the last.
    longer = [c for c in cands if len(c) > n]
    if longer and r.head and all(t.tab for t in r.nums):
        c = min(longer, key=len)
        zero = [x != "∅" and to_decimal(x) == 0 for x in c]
        kept = c[:n] if all(zero[n:]) else [*c[: n - 1], c[-1]] if all(zero[n - 1 : -1]) else None
        if kept is not None:
            ctx.warnings.append(
                f"line {r.nums[0].line}: {len(c)} amounts where the table has {n}; dropped the surplus zero columns"
            )
            return [[_value(x) for x in kept]]
    got = max(len(c) for c in cands)
    name = label_of(r.head) if r.head else "(no label)"
    raise BudgetError(f"row {name!r}: expected {n} amounts, found {got}", line=r.nums[0].line)


def _ends_told(r: RawRow, read: tuple[str, ...]) -> None:
    """Raise where ``read`` joins a line of two or more bare digits on to the amounts of the line
    above: the ends of amounts wrapped in their cells (``0.000 0.000 … 0.0000`` / ``0 0``), which
    text without positions puts after the line's last amount whatever cells they end."""
    joined: list[Tok] = []  # the tokens read as the end of the amount before them
    k = 0
    for piece in read:
        if piece == "∅":
            k += 1
            continue
        acc = r.nums[k].text
        k += 1
        while acc != piece:
            joined.append(r.nums[k])
            acc += r.nums[k].text
            k += 1
    for t in joined:
        line = [u for u in r.nums if u.line == t.line]
        if t.nl and t.line != r.nums[0].line and len(line) > 1 and all(u.text.isdigit() for u in line):
            raise BudgetError(
                f"row {label_of(r.head)!r}: the ends {' '.join(u.text for u in line)!r} of amounts wrapped in "
                "their cells, below the row's line: which amounts they end, the text does not say",
                line=t.line,
            )


def _value(x: str) -> Decimal | None:
    return None if x == "∅" else to_decimal(x)


def _score(c: tuple[str, ...], n: int, spec: TableSpec, ctx: Context) -> tuple[int, int, int]:
    rows = [c[i : i + n] for i in range(0, len(c), n)]
    arithmetic = sum(_arith_ok(r, spec) for r in rows)
    # Amounts are printed with two decimals or none; a join giving 1 or 3+ decimals is suspect.
    fmt = sum(1 if decimals(x) == 2 else (-3 if decimals(x) > 2 else 0) for x in c if x != "∅")
    return (arithmetic, fmt, -len(c))


def _arith_ok(values: tuple[str, ...], spec: TableSpec) -> int:
    return sum(_row_checks(values, spec))


CLOSE = Decimal("0.05")
APPROPRIATIONS = (
    "basic_appropriation",
    "duty_project_appropriation",
    "special_fund_appropriation",
    "government_investment_appropriation",
)


def _row_checks(values: tuple[str, ...], spec: TableSpec) -> list[bool]:
    """Whether the row keeps each sum the table's rows keep (its total the sum of its parts, …)."""
    v = [to_decimal(x) if x != "∅" else Decimal(0) for x in values]
    names = [f.name for f in spec.amounts]
    d = dict(zip(names, v, strict=True))
    if spec.resource in ("income-summary", "project-expenditure"):
        parts = [d[k] for k in names if k != "total" and k not in APPROPRIATIONS]
        sub = [d[k] for k in APPROPRIATIONS if k in d]
        return [abs(sum(parts) - d["total"]) <= CLOSE, abs(sum(sub) - d["general_budget"]) <= CLOSE]
    if spec.resource == "basic-expenditure":
        fiscal = d["general_budget"] + d["government_fund"] + d["state_capital"]
        rest = [d[k] for k in names if k not in ("total", "general_budget", "government_fund", "state_capital")]
        return [abs(fiscal - d["fiscal_subtotal"]) <= CLOSE, abs(sum(rest) - d["total"]) <= CLOSE]
    if "basic" in d and "project" in d:
        ok = []
        if "procurement_total" in d:
            ok.append(
                d["procurement_sme"] <= d["procurement_total"] and d["procurement_small_micro"] <= d["procurement_sme"]
            )
            ok.append(d["procurement_total"] <= d["total"])
        extra = sum(
            d.get(k, Decimal(0)) for k in ("business_operating", "subordinate_subsidy", "remittance_to_superior")
        )
        ok.append(abs(d["basic"] + d["project"] + extra - d["total"]) <= CLOSE)
        return ok
    return []


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
    text = label_of(head)
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
