"""The figures the text parts of a budget state, read with careful regular expressions.

Pure functions over the ``sections`` resource of a ``Budget``.  Each figure keeps the phrase
it was read from and the part it stands in, so a finding can quote the document.  A figure
the text does not state is absent (None), never guessed: the documents word things in many
ways, and a missed statement costs one check, a misread one a false alarm.

Amounts are in 万元 as printed (``Decimal`` keeps the printed digits, so ``3,460.1`` is
``Decimal('3460.1')`` and its precision is known).  A change printed in 元 is converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..chinese import DIGIT_MARK
from ..model import Budget

# A printed amount: 5,574.90 or 3460.1 or 0 (no sign: the direction is in the words).
NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
WAN = r"\s*万元"
SEP = r"\s*[，,、]?\s*"
_UP = ("增加", "增长", "上升", "提高")
_DOWN = ("减少", "下降", "降低", "压减")
# "较 2023 年年初预算增加 165.09 万元，增长 5.8%": year, direction, amount, unit, percentage.
CHANGE = (
    r"较\s*(?:上年|(\d{4})\s*年)\s*(?:年初\s*)?(?:预算\s*)?(?:数\s*)?"
    r"(增加|减少|增长|下降|上升|降低|压减)\s*(?:了\s*)?" + NUM + r"\s*(万元|元)"
    r"(?:\s*[，,]?\s*(?:同比)?\s*(?:增长|减少|下降|增加|上升|降低|增幅|减幅|降幅)?\s*(?:了|为)?\s*" + NUM + r"\s*%)?"
)
_CHANGE = re.compile(CHANGE)


def number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@dataclass(frozen=True)
class Stated:
    """A figure as the text states it."""

    value: Decimal
    phrase: str  # the words it was read from, as printed
    part: int  # 1–9
    line: int | None  # the ``line`` of that part in the sections resource

    @property
    def decimals(self) -> int:
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0


@dataclass(frozen=True)
class Change:
    """A change from last year as stated: the current figure it belongs to, the change (signed,
    in 万元) and the percentage when printed (unsigned, as printed)."""

    current: Stated | None
    amount: Stated  # signed
    percent: Stated | None
    year: int | None  # the year compared with


@dataclass(frozen=True)
class Staff:
    """Staff numbers as part 1 states them; None where the text does not say."""

    authorised: int | None  # 编制数 (posts), administrative and public-institution together
    in_post: int | None  # 实有人数 / 在职人数 (people)
    retired: int | None
    # (kind, posts, people in post) as printed, e.g. ("行政", 12, 11), for plausibility checks.
    pairs: tuple[tuple[str, int, int], ...] = ()
    phrase: str = ""
    line: int | None = None


def part(budget: Budget, n: int) -> tuple[int | None, str]:
    """(line of the part in ``sections``, its text); (None, "") when the document lacks it."""
    for row in budget.rows("sections"):
        if row.get("part") == n:
            line = row.get("line")
            return (line if isinstance(line, int) else None), str(row.get("text") or "")
    return None, ""


def _stated(m: re.Match[str], group: int, n: int, line: int | None) -> Stated:
    return Stated(number(m.group(group)), _squash(m.group(0)), n, line)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _change(m: re.Match[str], n: int, line: int | None, current: Stated | None) -> Change:
    year, direction, amount, unit, pct = m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)
    value = number(amount)
    if unit == "元":
        value = value / 10000
    sign = -1 if direction in _DOWN else 1
    phrase = _squash(m.group(0))
    return Change(
        current,
        Stated(sign * value, phrase, n, line),
        Stated(number(pct), phrase, n, line) if pct is not None else None,
        int(year) if year else None,
    )


# -- part 2: totals and their change ---------------------------------------------------------

_TOTAL = re.compile(r"预算(收入|支出)\s*(?:总(?:计|额)\s*(?:为\s*)?)?" + NUM + WAN + r"(?:\s*[，,]?\s*" + CHANGE + ")?")


def totals(budget: Budget) -> dict[str, Stated]:
    """Part 2's 收入 and 支出 totals: {"income": …, "expenditure": …} (first statement of each)."""
    line, text = part(budget, 2)
    out: dict[str, Stated] = {}
    for m in _TOTAL.finditer(text):
        key = "income" if m.group(1) == "收入" else "expenditure"
        out.setdefault(key, _stated(m, 2, 2, line))
    return out


def total_change(budget: Budget, key: str = "expenditure") -> Change | None:
    """The change from last year's budget that part 2 states for the total (收入 or 支出)."""
    line, text = part(budget, 2)
    for m in _TOTAL.finditer(text):
        if ("income" if m.group(1) == "收入" else "expenditure") != key or m.group(4) is None:
            continue
        current = _stated(m, 2, 2, line)
        sub = _CHANGE.search(m.group(0))
        if sub:
            return _change(sub, 2, line, current)
    return None


# -- every stated change that carries a percentage ------------------------------------------

_AMOUNT = re.compile(NUM + WAN)
_CLAUSE_END = re.compile(r"[。；;]")


def changes(budget: Budget) -> list[Change]:
    """Every change from last year stated with a percentage, in parts 2–8, with the figure it is
    a change of: the last amount in the same clause before 较, else the first amount of the
    paragraph (a numbered item states its amount first: '1.预算准备金 20 万元，…。较 2023
    年预算减少 5 万元，下降 20%')."""
    out = []
    for n in range(2, 9):
        line, text = part(budget, n)
        for m in _CHANGE.finditer(text):
            if m.group(5) is None:
                continue
            para_start = text.rfind("\n", 0, m.start()) + 1
            before = text[para_start : m.start()]
            clause = _CLAUSE_END.split(before)[-1]
            amounts = list(_AMOUNT.finditer(clause))
            am = amounts[-1] if amounts else _AMOUNT.search(before)
            current = Stated(number(am.group(1)), _squash(am.group(0)), n, line) if am else None
            out.append(_change(m, n, line, current))
    return out


# -- part 3: spending by kind and by project --------------------------------------------------

_SPENDING_TOTAL = re.compile(r"预算\s*" + NUM + WAN + r"\s*[，,]\s*(?:其中\s*[：:]?\s*)?包括")
SPENDING_KINDS: dict[str, str] = {
    "personnel": r"人员(?:支出|经费)",
    "public": r"公用(?:支出|经费)",
    "individuals": r"对个人和家庭的?补助(?:支出)?",
    "project": r"项目支出",
}
_SPENDING = {k: re.compile(p + r"\s*(?:为\s*)?" + NUM + WAN) for k, p in SPENDING_KINDS.items()}


def spending(budget: Budget) -> dict[str, Stated]:
    """Part 3's total and its split: total, personnel (人员支出), public (公用支出/公用经费),
    individuals (对个人和家庭的补助), project (项目支出).  The first statement of each: a
    department with several units states the department's figures first."""
    line, text = part(budget, 3)
    out: dict[str, Stated] = {}
    m = _SPENDING_TOTAL.search(text)
    if m:
        out["total"] = _stated(m, 1, 3, line)
    for key, pattern in _SPENDING.items():
        m = pattern.search(text)
        if m:
            out[key] = _stated(m, 1, 3, line)
    return out


# '1.信息化与网络安全1,793.34万元,主要包括…' / '3. 信息化新建项目（非政府投资项目）9,230.32 万元'
_PROJECT_ITEM = re.compile(r"^\s*" + DIGIT_MARK + r"\s*([^，,。；;：:\n]{1,60}?)\s*" + NUM + WAN, re.M)


def projects(budget: Budget) -> list[tuple[str, Stated]]:
    """The numbered projects part 3 lists with their amounts: (name as printed, amount)."""
    line, text = part(budget, 3)
    return [(m.group(1).strip(), _stated(m, 2, 3, line)) for m in _PROJECT_ITEM.finditer(text)]


# -- part 4: procurement ----------------------------------------------------------------------

_PROCUREMENT = re.compile(r"政府采购(?:项目|预算)*\s*(?:资金\s*)?(?:共有|共计|合计|总额为?|总计|为|共)\s*" + NUM + WAN)
_PROCUREMENT_KIND = re.compile(r"(货物|工程|服务)类?(?:项目)?(?:采购)?\s*(?:预算\s*)?(?:为\s*)?" + NUM + WAN)
PROCUREMENT_KINDS = {"货物": "goods", "工程": "works", "服务": "services"}


def procurement(budget: Budget) -> dict[str, Stated]:
    """Part 4's procurement total and its split: total, goods, works, services."""
    line, text = part(budget, 4)
    out: dict[str, Stated] = {}
    m = _PROCUREMENT.search(text)
    if m:
        out["total"] = _stated(m, 1, 4, line)
        for k in _PROCUREMENT_KIND.finditer(text, m.end()):
            out.setdefault(PROCUREMENT_KINDS[k.group(1)], _stated(k, 2, 4, line))
    return out


# -- part 5: the three public expenses --------------------------------------------------------

_THREE_TOTAL = re.compile(
    r"[“\"]?三公[”\"]?\s*经费\s*(?:预算|预算数|支出预算)\s*(?:为\s*)?" + NUM + WAN + r"(?:\s*[，,]?\s*" + CHANGE + ")?"
)
THREE_ITEMS: dict[str, str] = {
    "vehicles": r"公务用车购置(?:和|及)运行(?:维护)?费",
    "overseas": r"因公出国\s*[（(]\s*境\s*[)）]\s*费用?",
    "reception": r"公务接待费",
    "vehicle_purchase": r"公务用车购置费",
    "vehicle_operation": r"公务用车运行(?:维护)?费",
}
_YEAR_BUDGET = r"[。.：:]?\s*(?:\d{4}\s*年\s*)?(?:预算数?|预算为|安排)\s*(?:为\s*)?"
_THREE = {
    k: re.compile(p + _YEAR_BUDGET + NUM + WAN + r"(?:\s*[，,]?\s*" + CHANGE + ")?") for k, p in THREE_ITEMS.items()
}


def three_public(budget: Budget) -> dict[str, tuple[Stated, Change | None]]:
    """Part 5's 三公 figures for the budget year, each with its stated change when there is one:
    total, overseas, reception, vehicles, vehicle_purchase, vehicle_operation."""
    line, text = part(budget, 5)
    out: dict[str, tuple[Stated, Change | None]] = {}

    def take(key: str, m: re.Match[str]) -> None:
        amount = _stated(m, 1, 5, line)
        sub = _CHANGE.search(m.group(0))
        out.setdefault(key, (amount, _change(sub, 5, line, amount) if sub else None))

    m = _THREE_TOTAL.search(text)
    if m:
        take("total", m)
    for key, pattern in _THREE.items():
        for m in pattern.finditer(text):
            # '公务用车购置费' must not be read inside '公务用车购置和运行维护费'.
            if key == "vehicle_purchase" and "运行" in m.group(0)[:12]:
                continue
            take(key, m)
            break
    return out


# -- part 6: projects under performance management --------------------------------------------

_PERFORMANCE = re.compile(r"涉及\s*(?:预算)?资金\s*" + NUM + WAN + r"(?:[^。]*?(\d+)\s*个项目绩效目标)?")


def performance(budget: Budget) -> tuple[Stated | None, Stated | None]:
    """Part 6: (the project funds under performance management, the number of project targets)."""
    line, text = part(budget, 6)
    m = _PERFORMANCE.search(text)
    if not m:
        return None, None
    count = Stated(Decimal(m.group(2)), _squash(m.group(0)), 6, line) if m.group(2) else None
    return _stated(m, 1, 6, line), count


# -- part 1: staff ----------------------------------------------------------------------------

_ESTABLISHMENT = re.compile(
    r"(行政|事业)编制(?:总数|数)?\s*(?:为\s*)?(\d+)\s*[人名][，,；;]?\s*(?:实有|实际)?在编(?:人数|人员)?\s*(\d+)\s*[人名]"
)
_AUTHORISED = re.compile(r"核定\s*(行政|事业)?\s*编(?:制)?(?:数)?\s*(\d+)\s*[名人个]")
_PEOPLE = re.compile(r"(?:编制人员以及其他人员等?|在职(?:人员|职工)(?:总数)?|实有人数)\s*(?:共|合计)?\s*(\d+)\s*人")
_RETIRED = re.compile(r"(?<!离)退休\s*(?:人员)?\s*(\d+)\s*人")


def staff(budget: Budget) -> Staff | None:
    """Part 1's staff numbers: posts (编制) and people in post; None when it states neither."""
    line, text = part(budget, 1)
    pairs = tuple((m.group(1), int(m.group(2)), int(m.group(3))) for m in _ESTABLISHMENT.finditer(text))
    authorised = in_post = None
    phrases = []
    if pairs:
        authorised = sum(p[1] for p in pairs)
        in_post = sum(p[2] for p in pairs)
        phrases += [_squash(m.group(0)) for m in _ESTABLISHMENT.finditer(text)]
    else:
        auth = list(_AUTHORISED.finditer(text))
        if auth:
            authorised = sum(int(m.group(2)) for m in auth)
            phrases += [_squash(m.group(0)) for m in auth]
        people = _PEOPLE.search(text)
        if people:
            in_post = int(people.group(1))
            phrases.append(_squash(people.group(0)))
    retired_m = _RETIRED.search(text)
    retired = int(retired_m.group(1)) if retired_m else None
    if authorised is None and in_post is None:
        return None
    return Staff(authorised, in_post, retired, pairs, "；".join(phrases), line)
