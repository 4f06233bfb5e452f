"""The one catalog of the standard tables.

Every later stage reads this: the parsers (titles and column headers), the data
package (field names, types, zh/en titles), the site and the tests.  A new title
variant or column is a change here, not a new ``if`` elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .chinese import NUMERALS


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # "string" | "number" | "integer"
    zh: str
    en: str
    # Header words that identify this column in a printed table (whitespace removed).
    headers: tuple[str, ...] = ()
    description: str = ""
    unit: str = "万元 (10,000 CNY)"  # of a number field
    enum: tuple[str, ...] = ()  # the values a string field may take, when fixed


@dataclass(frozen=True)
class TableSpec:
    resource: str
    zh: str
    en: str
    # Regular expressions matched against a title line with all whitespace removed.
    titles: tuple[str, ...]
    fields: tuple[Field, ...]
    # "amounts": rows of label + a fixed number of amounts; other kinds are parsed specially.
    kind: str = "amounts"
    coded: bool = False
    description: str = ""
    amount_fields: tuple[str, ...] = field(default=())

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def amounts(self) -> tuple[Field, ...]:
        return _amounts(self.fields)


@lru_cache(maxsize=64)
def _amounts(fields: tuple[Field, ...]) -> tuple[Field, ...]:
    return tuple(f for f in fields if f.type == "number")


def S(name: str, zh: str, en: str, *headers: str) -> Field:
    return Field(name, "string", zh, en, headers)


def N(name: str, zh: str, en: str, *headers: str) -> Field:
    return Field(name, "number", zh, en, headers)


LINE = Field("line", "integer", "行号", "Line", (), "1-based order of the row in the source table")
UNIT = S("unit", "预算单位", "Budget unit")
CODE = S("code", "科目编码", "Classification code")
NAME = S("name", "科目名称", "Subject name")
LEVEL = Field("level", "integer", "层级", "Level")  # described in FIELD_DESCRIPTIONS

SIDE = Field("side", "string", "收支方向", "Side", enum=("income", "expenditure"))
ITEM = S("item", "项目", "Item")
AMOUNT = N("amount", "2024年预算数", "Budget amount", "预算数")  # the year's: 2025年预算数 next year

# Funding-source columns shared by 收入总表, 基本支出总表 and 项目支出总表, in printed order.
GENERAL_BUDGET = N("general_budget", "一般公共预算拨款", "General public budget appropriation")
GOVERNMENT_FUND = N("government_fund", "政府性基金预算拨款", "Government-managed fund budget appropriation")
STATE_CAPITAL = N("state_capital", "国有资本经营预算拨款", "State capital operations budget appropriation")
FISCAL_SPECIAL = N("fiscal_special_account", "财政专户管理资金", "Funds managed in fiscal special accounts")
BUSINESS_INCOME = N("business_income", "事业收入", "Public institution business income")
BUSINESS_OPERATING = N("business_operating_income", "事业单位经营收入", "Public institution operating income")
SUPERIOR_SUBSIDY = N("superior_subsidy", "上级补助收入", "Subsidies from higher-level units")
SUBORDINATE = N("subordinate_remittance", "附属单位上缴收入", "Remittances from subordinate units")
OTHER_INCOME = N("other_income", "其他收入", "Other income")
CARRYOVER = N("carryover", "上年结余、结转", "Balance carried over from the previous year")
UNIT_FUNDS = (BUSINESS_INCOME, BUSINESS_OPERATING, SUPERIOR_SUBSIDY, SUBORDINATE, OTHER_INCOME, CARRYOVER)
# Every source of funds, by field name, in printed order.
INCOME_SOURCES: tuple[str, ...] = tuple(
    f.name for f in (GENERAL_BUDGET, GOVERNMENT_FUND, STATE_CAPITAL, FISCAL_SPECIAL, *UNIT_FUNDS)
)

FUNCTIONAL = (
    LINE,
    UNIT,
    CODE,
    NAME,
    LEVEL,
    N("total", "支出总计", "Total expenditure"),
    N("basic", "基本支出", "Basic expenditure"),
    N("project", "项目支出", "Project expenditure"),
)

TN = rf"(?:表[{NUMERALS}]+|表\d+)?[：:]?"  # an optional 表一： / 表 1 prefix

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "income-expenditure-summary",
        "收支总表",
        "Summary of income and expenditure",
        (rf"^{TN}收支总表$",),
        (LINE, SIDE, ITEM, AMOUNT),
        kind="two-sided",
    ),
    TableSpec(
        "income-summary",
        "收入总表",
        "Summary of income",
        (rf"^{TN}收入总表$",),
        (
            LINE,
            UNIT,
            N("total", "收入总计", "Total income"),
            GENERAL_BUDGET,
            N("basic_appropriation", "基本支出拨款", "Appropriation for basic expenditure"),
            N("duty_project_appropriation", "履职类项目拨款", "Appropriation for duty-performance projects"),
            N("special_fund_appropriation", "财政专项资金拨款", "Appropriation of special fiscal funds"),
            N(
                "government_investment_appropriation",
                "政府投资项目拨款",
                "Appropriation for government investment projects",
            ),
            GOVERNMENT_FUND,
            STATE_CAPITAL,
            FISCAL_SPECIAL,
            *UNIT_FUNDS,
        ),
    ),
    TableSpec(
        "expenditure-summary",
        "支出总表",
        "Summary of expenditure",
        (rf"^{TN}支出总表$",),
        (
            LINE,
            UNIT,
            CODE,
            NAME,
            LEVEL,
            N("total", "支出总计", "Total expenditure"),
            N("basic", "基本支出", "Basic expenditure"),
            N("project", "项目支出", "Project expenditure"),
            N("business_operating", "事业单位经营支出", "Operating expenditure of public institutions"),
            N("subordinate_subsidy", "对附属单位补助支出", "Subsidies to subordinate units"),
            N("remittance_to_superior", "上缴上级支出", "Remittances to higher-level units"),
            N("procurement_total", "政府采购项目小计", "Government procurement projects: subtotal"),
            N(
                "procurement_sme",
                "其中：面向中小企业政府采购项目",
                "Of which: reserved for small and medium enterprises",
            ),
            N(
                "procurement_small_micro",
                "其中：面向小型、微型企业政府采购项目",
                "Of which: reserved for small and micro enterprises",
            ),
        ),
        coded=True,
    ),
    TableSpec(
        "basic-expenditure",
        "基本支出总表",
        "Summary of basic expenditure",
        (rf"^{TN}基本支出总表$",),
        (
            LINE,
            UNIT,
            S("name", "支出项目类别", "Expenditure category"),
            LEVEL,
            N("total", "总计", "Total"),
            N("fiscal_subtotal", "财政拨款小计", "Fiscal appropriation: subtotal"),
            GENERAL_BUDGET,
            GOVERNMENT_FUND,
            STATE_CAPITAL,
            FISCAL_SPECIAL,
            *UNIT_FUNDS,
        ),
    ),
    TableSpec(
        "project-expenditure",
        "项目支出总表",
        "Summary of project expenditure",
        (rf"^{TN}项目支出总表$",),
        (
            LINE,
            UNIT,
            S("project", "支出项目类别（一级项目）", "Project (first-level)"),
            LEVEL,
            N("total", "总计", "Total"),
            GENERAL_BUDGET,
            N("duty_project_appropriation", "履职类项目拨款", "Appropriation for duty-performance projects"),
            N("special_fund_appropriation", "财政专项资金拨款", "Appropriation of special fiscal funds"),
            N(
                "government_investment_appropriation",
                "政府投资项目拨款",
                "Appropriation for government investment projects",
            ),
            GOVERNMENT_FUND,
            STATE_CAPITAL,
            FISCAL_SPECIAL,
            *UNIT_FUNDS,
        ),
    ),
    TableSpec(
        "fiscal-appropriation-summary",
        "财政拨款收支总表",
        "Summary of fiscal appropriation income and expenditure",
        (rf"^{TN}(?:财政拨款|政府预算拨款)收支总表$",),
        (LINE, SIDE, ITEM, AMOUNT),
        kind="two-sided",
    ),
    TableSpec(
        "general-budget-by-function",
        "一般公共预算支出表（按功能分类）",
        "General public budget expenditure by function",
        (rf"^{TN}一般公共预算支出表[（(]按功能(?:分类|科目)[）)]$",),
        FUNCTIONAL,
        coded=True,
    ),
    TableSpec(
        "general-budget-by-economic",
        "一般公共预算支出表（按经济分类）",
        "General public budget expenditure by economic classification",
        (rf"^{TN}一般公共预算支出表[（(]按经济(?:分类|科目)[）)]$",),
        FUNCTIONAL,
        coded=True,
    ),
    TableSpec(
        "three-public-expenses",
        "“三公”经费支出表",
        '"Three public expenses"',
        (rf"^{TN}(?:财政拨款|一般公共预算)?[“\"]?三公[”\"]?经费支出表$",),
        (
            LINE,
            UNIT,
            S("year", "年度", "Year"),
            Field("fund", "string", "资金来源", "Fund", enum=("general_budget", "government_fund", "state_capital")),
            N("total", "“三公”经费合计", "Total"),
            N("overseas", "因公出国（境）费", "Official overseas travel"),
            N("reception", "公务接待费", "Official receptions"),
            N("vehicles", "公务用车购置及运行维护费", "Official vehicles: purchase and operation"),
            N("vehicle_purchase", "公务用车购置费", "Official vehicle purchase"),
            N("vehicle_operation", "公务用车运行维护费", "Official vehicle operation and maintenance"),
        ),
        kind="three-public",
    ),
    TableSpec(
        "government-fund-expenditure",
        "政府性基金预算支出表",
        "Government-managed fund budget expenditure",
        (rf"^{TN}政府性基金预算支出表$",),
        FUNCTIONAL,
        coded=True,
    ),
    TableSpec(
        "state-capital-expenditure",
        "国有资本经营预算支出表",
        "State capital operations budget expenditure",
        (rf"^{TN}国有资本经营预算支出表$",),
        FUNCTIONAL,
        coded=True,
    ),
    TableSpec(
        "special-transfer-expenditure",
        "上级专项转移支付支出表",
        "Expenditure of special transfers from higher levels",
        (rf"^{TN}上级专项转移支付(?:项目)?支出表$",),
        (LINE, UNIT, CODE, NAME, S("project", "项目名称", "Project"), N("amount", "项目金额", "Project amount")),
        kind="special-transfer",
        coded=True,
    ),
    TableSpec(
        "procurement",
        "政府采购项目支出表",
        "Government procurement expenditure",
        (rf"^{TN}政府采购(?:项目)?支出表$",),
        (
            LINE,
            UNIT,
            S("code", "品目编码", "Procurement item code"),
            S("item", "采购品目", "Procurement item"),
            LEVEL,
            N("amount", "金额", "Amount"),
        ),
        kind="procurement",
    ),
    TableSpec(
        "performance-tasks",
        "整体支出绩效目标表：年度主要任务",
        "Overall performance targets: main tasks of the year",
        (rf"^{TN}.*整体支出绩效目标表$",),
        (
            LINE,
            S("task", "任务名称", "Task"),
            S("content", "主要内容", "Main content"),
            N("total", "预算金额总额", "Budget: total"),
            N("fiscal", "其中：财政拨款", "Of which: fiscal appropriation"),
            N("other", "其中：其他资金", "Of which: other funds"),
        ),
        kind="performance",
    ),
    TableSpec(
        "performance-indicators",
        "整体支出绩效目标表：年度绩效指标",
        "Overall performance targets: performance indicators of the year",
        (),
        (
            LINE,
            S("level1", "一级指标", "First-level indicator"),
            S("level2", "二级指标", "Second-level indicator"),
            S("indicator", "三级指标", "Third-level indicator"),
            S("target", "目标值", "Target"),
        ),
        kind="performance",
    ),
    TableSpec(
        "key-projects",
        "重点项目预算绩效情况",
        "Performance of key projects",
        (),
        (
            LINE,
            S("project", "项目名称（一级项目）", "Project (first-level)"),
            N("amount", "预算数（万元）", "Budget"),
            S("goal", "绩效目标", "Performance goal"),
        ),
        kind="text",
    ),
    TableSpec(
        "glossary",
        "名词解释",
        "Glossary",
        (),
        (LINE, S("term", "名词", "Term"), S("definition", "解释", "Definition")),
        kind="text",
    ),
    TableSpec(
        "sections",
        "文字部分",
        "Text parts",
        (),
        (
            LINE,
            Field("part", "integer", "部分", "Part"),
            S("heading", "标题", "Heading"),
            S("text", "正文", "Text"),
            Field("paragraphs_certain", "boolean", "段落确定", "Paragraphs certain"),
            S("uncertain_breaks", "不确定的段落分界", "Uncertain paragraph breaks"),
            S("omitted_table", "未收入的表格", "Table left out"),
            S("uncertain_spaces", "不确定的空格", "Uncertain spaces"),
        ),
        kind="text",
    ),
    # Not printed: what the arithmetic checks (generator/checks/) found in the other resources.
    TableSpec(
        "findings",
        "核对结果",
        "Arithmetic check findings",
        (),
        (
            LINE,
            Field(
                "check",
                "string",
                "核对项目",
                "Check",
                (),
                "id of the check (listed on every budget page and in docs/findings.md)",
            ),
            Field(
                "severity",
                "string",
                "性质",
                "Severity",
                (),
                "error: does not add up; warning: doubtful; rounding: within the tail differences of unit "
                "conversion (0.01 万元 per summed term); info: an expected difference, explained",
                enum=("error", "warning", "rounding", "info"),
            ),
            Field("table", "string", "所在表", "Table", (), "the resource the row concerned belongs to"),
            Field(
                "table_line",
                "integer",
                "所在行",
                "Row",
                (),
                "the `line` of the row concerned in that resource (for the text: the part's row in `sections`)",
            ),
            Field("field", "string", "所在列", "Field", (), "the field concerned (`text` for the text of a part)"),
            S("label", "项目", "Row or item as printed"),
            Field(
                "unit",
                "string",
                "单位",
                "Unit",
                (),
                "unit of printed, expected and difference",
                enum=("万元", "%", "count"),
            ),
            Field("printed", "number", "印列数", "Printed", unit="万元 (10,000 CNY), or as the unit field says"),
            Field("expected", "number", "核对数", "Expected", unit="万元 (10,000 CNY), or as the unit field says"),
            Field(
                "difference",
                "number",
                "差额",
                "Difference",
                (),
                "printed − expected",
                unit="万元 (10,000 CNY), or as the unit field says",
            ),
            S("message_zh", "说明", "Message (Chinese)"),
            S("message_en", "说明（英文）", "Message"),
        ),
        kind="derived",
        description="What the arithmetic checks found: a total that is not the sum of its parts, the same "
        "amount printed differently in two tables, a figure in the text that disagrees with the tables.",
    ),
)

BY_RESOURCE: dict[str, TableSpec] = {t.resource: t for t in TABLES}
RESOURCES: tuple[str, ...] = tuple(t.resource for t in TABLES)
# Resources computed from the others rather than read from the document.
DERIVED: tuple[str, ...] = tuple(t.resource for t in TABLES if t.kind == "derived")
# Fields that say how the source told a row (what the reader could not tell, what it left out),
# not what the document prints: they depend on the extraction read, not on the budget, and are
# not in the goldens (contract 3.1.0).
ABOUT_THE_READING: dict[str, tuple[str, ...]] = {
    "sections": ("paragraphs_certain", "uncertain_breaks", "omitted_table", "uncertain_spaces"),
}

# The nine text parts, in order.
PARTS: tuple[tuple[str, str], ...] = (
    ("部门概况", "Department overview"),
    ("部门预算收支总体情况", "Overall budget income and expenditure"),
    ("部门预算支出具体情况", "Budget expenditure in detail"),
    ("政府采购预算情况", "Government procurement budget"),
    ("财政拨款“三公”经费预算情况", 'Fiscal appropriation for the "three public expenses"'),
    ("部门预算绩效管理情况", "Budget performance management"),
    ("重点项目预算绩效情况说明", "Performance of key projects"),
    ("其他需要说明情况", "Other matters"),
    ("名词解释", "Glossary"),
)

_WS = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def squash(text: str) -> str:
    """The text with all white space removed (how titles and headers are compared)."""
    return _WS.sub("", text)


_TITLES = tuple((re.compile(p), spec) for spec in TABLES for p in spec.titles)


@lru_cache(maxsize=64)
def headings(spec: TableSpec) -> tuple[str, ...]:
    """The words a table's header heads its columns with (whitespace removed): each column's
    Chinese name and the other words it is printed under, the longest first."""
    words = {squash(w) for f in spec.fields for w in (f.zh, *f.headers)}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def match_title(line: str) -> TableSpec | None:
    """The table spec whose title this line is, if any."""
    s = squash(line)
    # Every title names a 表 (…总表, …支出表（按功能分类）, …目标表): most lines are ruled out at once.
    if len(s) > 60 or "表" not in s:
        return None
    for pattern, spec in _TITLES:
        if pattern.search(s):
            return spec
    return None


# ---------------------------------------------------------------------------- presentation
# How the site shows the tables (read by generator/site/views/).

# How each field of a table is shown.
#   label: a standard label (terminology dictionary), sentence: the document's own words
#   (gettext catalog), unit: a budget unit's name, year: a year or the change row, fund: a
#   source of funds, raw: shown as printed.
FIELD_KIND = {
    "unit": "unit",
    "code": "raw",
    "name": "label",
    "item": "label",
    "project": "label",
    "task": "label",
    "level1": "label",
    "level2": "label",
    "content": "sentence",
    "goal": "sentence",
    "indicator": "sentence",
    "target": "sentence",
    "year": "year",
    "fund": "fund",
    # The glossary's, shown in part 9 (not as a table); their English is in the packages.
    "term": "label",
    "definition": "sentence",
}
# The column that names a row (shown as the row's header), first present wins.
ROW_HEADER = ("name", "item", "project", "task", "indicator", "year", "unit")
# Fields not shown as columns: the row's place, depth and side are shown by the layout.
LAYOUT_FIELDS = ("line", "level", "side")
# Columns left out when every row holds the same value (unless they name the rows).
HIDEABLE = ("unit", "fund")
# Columns shown before the naming column, in printed order.
LEADING = ("unit", "code", "level1", "level2")
# Indicator classes, printed once per block: read out on every row, shown on the first.
GROUPING = ("level1", "level2")
# The classification whose English names label each table's rows (by code).
SCHEME = {
    "expenditure-summary": "functional",
    "general-budget-by-function": "functional",
    "government-fund-expenditure": "functional",
    "state-capital-expenditure": "functional",
    "special-transfer-expenditure": "functional",
    "general-budget-by-economic": "economic",
    "procurement": "procurement",
}
# Shown as two groups of rows, income and expenditure.
TWO_SIDED = ("income-expenditure-summary", "fiscal-appropriation-summary")
# Shown elsewhere on the page: the narrative (sections), the glossary (part 9), key projects (part 7).
NOT_A_TABLE = ("sections", "glossary", "key-projects")
# Where the page shows the tables it does not show as tables: the part of the text.
SHOWN_IN_PART = {"key-projects": 7, "glossary": 9}
# The sources of funds a row of the three public expenses may name (``fund``), in English.
FUNDS_EN = {
    "general_budget": "General public budget",
    "government_fund": "Government-managed fund budget",
    "state_capital": "State capital operations budget",
}

# 功能分类 classes (类) of the 2024 government revenue and expenditure classification.
FUNCTION_CLASSES: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "209": "社会保险基金支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
}


# ---------------------------------------------------------------------------- descriptions
# What each field and each table holds, for the packages' schemas (read by generator/package/).
# A field's own ``description`` comes first, then its resource's entry here, then its name's;
# an amount field with none says which printed column it is.

FIELD_DESCRIPTIONS: dict[str, str] = {
    "unit": "The budget unit (预算单位) the row belongs to, as printed: the department, its own part "
    "(本级) or a subordinate unit.",
    "code": "The classification code as printed (功能分类: 3, 5 or 7 digits; 经济分类: 3 or 5 digits); empty on "
    "a unit's total row. A string: read it as text, not as a number.",
    "name": "The classification subject's name as printed (科目名称); empty on a unit's total row.",
    "level": "0 for a unit's total row; else the depth of the row's code (3 digits 1, 5 digits 2, 7 digits "
    "3; a 采购品目 code one more for each two-digit group that is not 00) or, in a table without codes, "
    "of the printed hierarchy (a class 1, its items 2).",
    "side": "The side of the summary the cell pair is printed on: income or expenditure.",
    "item": "The item as printed, its numbering (一、, 1.) included.",
    "project": "The project's name as printed.",
    "year": "Which block of the table the row is: the previous year's budget (e.g. 2023), this year's "
    "(2024), or change (增减变化金额: this year's minus the previous year's, as printed).",
    "fund": "The source of funds of the row: general_budget (一般公共预算), government_fund (政府性基金预算) or "
    "state_capital (国有资本经营预算); general_budget where the table does not split the amounts by fund.",
    "task": "The task's name as printed (任务名称).",
    "content": "What the task comprises, as printed (主要内容).",
    "level1": "The first-level indicator class (一级指标) the indicator belongs to, printed once for its block "
    "of rows and repeated here on every row.",
    "level2": "The second-level indicator class (二级指标), printed once for its block of rows and repeated "
    "here on every row.",
    "indicator": "The indicator (三级指标) as printed.",
    "target": "The indicator's target value as printed (目标值), e.g. ≥1200 万条 or 满足.",
    "goal": "The project's performance goal as printed (绩效目标).",
    "term": "The term as printed (名词).",
    "definition": "The term's definition as printed (解释).",
    "part": "Which of the nine parts of the document's text (第一部分 … 第九部分) the row is.",
    "heading": "The part's heading as printed.",
    "text": "The part's text as printed, its paragraphs separated by line breaks.",
    "paragraphs_certain": "true when every paragraph end was told from the source. false when the source (text "
    "without positions) does not tell whether some printed lines end their paragraph (a line closing a sentence "
    "that is full): the next line is joined to each, as most such lines run on, and the places are in "
    "uncertain_breaks.",
    "uncertain_breaks": "Where paragraphs_certain is false, the places in text where such a printed line ended "
    "and the next was joined to it: 0-based character offsets, separated by spaces (a paragraph may end there; "
    "split text before the offset, dropping a space before it, to read it so). Empty where every paragraph end "
    "was told.",
    "uncertain_spaces": "The places in text where a space stands between two Chinese characters and the source "
    "(text without the glyphs' positions) cannot tell whether the document prints one or a character set wider "
    "than its neighbours (one from another font) left a gap: 0-based character offsets of those spaces, "
    "separated by spaces (drop the space at an offset to read it so). Empty in a PDF's packages and where no "
    "such space stands.",
    "omitted_table": "The resource of a table the part prints that could not be read exactly (key-projects, "
    "named in the descriptor's x-unreadable): the text then ends where that table starts, its rows and notes "
    "left out. Empty where the part's text is whole.",
    "label": "The row or item the finding is about, as printed.",
    "message_zh": "What the check found, in Chinese.",
    "message_en": "What the check found, in English.",
    # The `budgets` resource of `all`.
    "id": "The budget's id, <year>-<slug>: the `budget` field of every other resource refers to it.",
    "department": "The department's name as printed (部门名称).",
    "department_en": "The department's name in English, as the site's maintainer gives it.",
    "parent_department": "The department it answers to (主管部门), as printed.",
    "parent_department_en": "The department it answers to, in English.",
    "district": "The district (区划), or 市本级 for the city level.",
    "district_en": "The district in English.",
    "total_income": "收入总计 of the budget's 收支总表, in 万元 (10,000 CNY) as printed.",
    "total_expenditure": "支出总计 of the budget's 收支总表, in 万元 (10,000 CNY) as printed.",
    "source_file": "The name of the document the budget was read from.",
    "source_sha256": "The SHA-256 of that document's bytes.",
    "source_url": "Where the department published the document, when known.",
}
# Where a field of one resource holds something more particular than its name's entry says.
RESOURCE_FIELD_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("basic-expenditure", "name"): "The expenditure category as printed (支出项目类别): an economic class "
    "(工资福利支出) or an item under it; on a unit's total row, the unit's name.",
    ("project-expenditure", "project"): "The first-level project as printed (一级项目); on a unit's total "
    "row, the unit's name.",
    ("key-projects", "project"): "The key project's name as printed (一级项目).",
    ("procurement", "code"): "The 采购品目 (government procurement catalogue) code as printed, e.g. "
    "C16010000; empty on a unit's total row.",
    ("procurement", "item"): "The procurement item's name as printed (采购品目).",
    ("special-transfer-expenditure", "project"): "The project's name as printed (项目名称).",
    ("budgets", "year"): "The budget's year.",
}
TABLE_DESCRIPTIONS: dict[str, str] = {
    "income-expenditure-summary": "收支总表: the budget's income and expenditure side by side, each printed "
    "cell pair one row, the income side first.",
    "income-summary": "收入总表: the income of each budget unit by source of funds.",
    "expenditure-summary": "支出总表: the expenditure of each budget unit by functional classification "
    "subject, split into basic and project expenditure (and the other kinds the table prints).",
    "basic-expenditure": "基本支出总表: basic expenditure (staff and running costs) by economic class and "
    "item, by source of funds.",
    "project-expenditure": "项目支出总表: project expenditure by first-level project, by source of funds.",
    "fiscal-appropriation-summary": "财政拨款收支总表: the income and expenditure of fiscal appropriations "
    "side by side, each printed cell pair one row, the income side first.",
    "general-budget-by-function": "一般公共预算支出表（按功能分类）: general public budget expenditure by "
    "functional classification subject (类, 款, 项).",
    "general-budget-by-economic": "一般公共预算支出表（按经济分类）: general public budget expenditure by "
    "economic classification subject (类, 款).",
    "three-public-expenses": "“三公”经费支出表: overseas travel, receptions and official vehicles, the "
    "previous year's budget, this year's and the change, by source of funds.",
    "government-fund-expenditure": "政府性基金预算支出表: government-managed fund budget expenditure by "
    "functional classification subject.",
    "state-capital-expenditure": "国有资本经营预算支出表: state capital operations budget expenditure by "
    "functional classification subject.",
    "special-transfer-expenditure": "上级专项转移支付支出表: spending of special transfers from higher "
    "levels, by functional subject and project.",
    "procurement": "政府采购项目支出表: government procurement by item of the procurement catalogue.",
    "performance-tasks": "整体支出绩效目标表, 年度主要任务: the year's main tasks and their budgets.",
    "performance-indicators": "整体支出绩效目标表, 年度绩效指标: the year's performance indicators and targets, "
    "by first- and second-level class.",
    "key-projects": "第七部分 重点项目预算绩效情况: the key projects, their budgets and performance goals.",
    "glossary": "第九部分 名词解释: the terms the document defines.",
    "sections": "第一至第九部分: the document's text, one row per part.",
    "budgets": "One row per budget of the site: its names, totals and source.",
}


def field_description(resource: str, f: Field) -> str:
    """What the field ``f`` of ``resource`` holds."""
    own = f.description or RESOURCE_FIELD_DESCRIPTIONS.get((resource, f.name)) or FIELD_DESCRIPTIONS.get(f.name)
    if own:
        return own
    if f.type == "number":
        return f"The amount printed in the column {f.zh} ({f.en}), in 万元 (10,000 CNY), exactly as printed; empty where the cell is empty."
    raise KeyError(f"{resource}.{f.name}: no description (catalog.FIELD_DESCRIPTIONS)")
