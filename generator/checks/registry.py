"""The registry of checks: every check's id, what it compares (in both languages), the severity
of a failure and its family; the severities and their names."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ERROR, WARNING, ROUNDING, INFO = "error", "warning", "rounding", "info"
SEVERITIES = (ERROR, WARNING, ROUNDING, INFO)
CENT = Decimal("0.01")
ZERO = Decimal(0)
WAN, PERCENT, COUNT = "万元", "%", "count"


@dataclass(frozen=True)
class Check:
    id: str
    zh: str
    en: str
    severity: str  # of a difference beyond rounding
    kind: str  # "table" (within one table) | "across" (between tables) | "text" (text vs tables)


CHECKS: tuple[Check, ...] = (
    # -- within a table
    Check(
        "row-total",
        "每行的支出总计等于基本支出、项目支出（及经营支出、对附属单位补助、上缴上级支出）之和。",
        "Each row's total equals basic plus project expenditure (plus operating expenditure, "
        "subsidies to subordinate units and remittances to higher-level units where printed).",
        ERROR,
        "table",
    ),
    Check(
        "row-sources",
        "每行的合计等于各资金来源之和（财政拨款、财政专户管理资金、单位资金、上年结转）。",
        "Each row's total equals the sum of its funding sources (fiscal appropriations, "
        "fiscal special accounts, the unit's own funds, carry-over).",
        ERROR,
        "table",
    ),
    Check(
        "row-subtotal",
        "小计等于其组成部分之和（如一般公共预算拨款 = 基本支出拨款 + 各类项目拨款；“三公”经费合计 = "
        "因公出国（境）费 + 公务接待费 + 公务用车费）。",
        "A subtotal equals its parts (e.g. the general public budget appropriation = basic plus "
        "project appropriations; the three public expenses = overseas travel + receptions + vehicles).",
        ERROR,
        "table",
    ),
    Check(
        "children-sum",
        "上级行等于其下级行之和：类 = 款之和，款 = 项之和，单位合计 = 各行之和，部门合计 = 各单位之和。",
        "A parent row equals the sum of its children: a class the sum of its items, a unit's total "
        "the sum of its rows, a department's total the sum of its units.",
        ERROR,
        "table",
    ),
    Check(
        "balance",
        "收支总表（及财政拨款收支总表）收入总计等于支出总计。",
        "In the summary tables, total income equals total expenditure.",
        ERROR,
        "table",
    ),
    Check(
        "summary-totals",
        "本年收入合计 + 上年结余、结转 = 收入总计；本年支出合计 + 结转下年 = 支出总计。",
        "Income of the year plus the carry-over from last year equals total income; expenditure of "
        "the year plus the carry-over to next year equals total expenditure.",
        ERROR,
        "table",
    ),
    Check(
        "summary-items",
        "收支总表的收入项目相加等于本年收入合计，各分项相加等于其上级项目；支出各功能分类（类）相加等于本年支出合计。",
        "In the summary tables, the income items add up to the income of the year and sub-items to "
        "their item; the expenditure classes add up to the expenditure of the year.",
        ERROR,
        "table",
    ),
    Check(
        "three-public-change",
        "“三公”经费表的增减变化金额等于本年预算数减上年预算数。",
        "In the \"three public expenses\" table, the change equals this year's budget minus last year's.",
        ERROR,
        "table",
    ),
    Check(
        "tasks-total",
        "整体支出绩效目标表的金额合计等于各项任务金额之和。",
        "In the overall performance targets, the total equals the sum of the tasks.",
        ERROR,
        "table",
    ),
    # -- across tables
    Check(
        "function-vs-summary",
        "支出总表各功能科目（及合计）等于一般公共预算、政府性基金预算、国有资本经营预算支出表同一科目之和"
        "（一般公共预算支出表不含政府性基金支出，两者之差应为政府性基金等支出）。",
        "Each functional subject (and the total) of the expenditure summary equals the same subject "
        "in the general public budget, government-fund and state-capital tables together (the "
        "general public budget table leaves out government-fund spending, which explains the difference).",
        ERROR,
        "across",
    ),
    Check(
        "economic-vs-function",
        "一般公共预算支出表按经济分类与按功能分类的合计（总计、基本支出、项目支出）相同。",
        "The general public budget by economic classification has the same totals (total, basic, "
        "project) as by function.",
        ERROR,
        "across",
    ),
    Check(
        "basic-vs-economic",
        "基本支出总表各经济分类的一般公共预算拨款等于一般公共预算支出表（按经济分类）的基本支出。",
        "Each economic class and item of the basic expenditure table (general public budget column) "
        "equals the basic expenditure of the general public budget by economic classification.",
        WARNING,
        "across",
    ),
    Check(
        "basic-vs-summary",
        "基本支出总表合计等于支出总表的基本支出。",
        "The basic expenditure table's total equals the basic expenditure in the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "project-vs-summary",
        "项目支出总表合计等于支出总表的项目支出。",
        "The project expenditure table's total equals the project expenditure in the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "income-vs-summary",
        "收入总表合计等于收支总表的收入总计。",
        "The income table's total equals total income in the summary of income and expenditure.",
        ERROR,
        "across",
    ),
    Check(
        "expenditure-vs-summary",
        "支出总表合计及各功能分类（类）等于收支总表支出方的本年支出合计及同名分类。",
        "The expenditure summary's total and functional classes equal the expenditure side of the "
        "summary of income and expenditure.",
        ERROR,
        "across",
    ),
    Check(
        "sources-vs-spending",
        "收入总表各资金来源等于基本支出总表与项目支出总表同一资金来源之和。",
        "Each funding source in the income table equals the same source in the basic and project "
        "expenditure tables together.",
        ERROR,
        "across",
    ),
    Check(
        "fiscal-vs-summary",
        "财政拨款收支总表与收支总表一致：收入总计相差的只能是财政专户管理资金和单位资金，支出各项相同。",
        "The fiscal appropriation summary agrees with the summary of income and expenditure: totals "
        "differ only by fiscal special accounts and the unit's own funds, expenditure items are the same.",
        ERROR,
        "across",
    ),
    Check(
        "fiscal-vs-function",
        "财政拨款收支总表的本年支出合计等于一般公共预算、政府性基金预算和国有资本经营预算支出表合计之和。",
        "Fiscal appropriation expenditure of the year equals the general public budget, government-fund "
        "and state-capital tables' totals together.",
        ERROR,
        "across",
    ),
    Check(
        "procurement-vs-summary",
        "政府采购项目支出表合计等于支出总表的政府采购项目小计。",
        "The procurement table's total equals the procurement subtotal of the expenditure summary.",
        ERROR,
        "across",
    ),
    Check(
        "procurement-sme",
        "面向中小企业的采购不超过采购总额，面向小微企业的不超过面向中小企业的。",
        "Procurement reserved for small and medium enterprises does not exceed procurement, and the "
        "part for small and micro enterprises does not exceed it.",
        ERROR,
        "across",
    ),
    Check(
        "tasks-vs-budget",
        "整体支出绩效目标表的金额合计等于部门预算支出总计（或项目支出合计）。",
        "The total of the overall performance targets equals total expenditure (or project expenditure).",
        WARNING,
        "across",
    ),
    # -- the text against the tables
    Check(
        "text-totals",
        "第二部分所述收入、支出总额与收支总表一致。",
        "The income and expenditure totals stated in part 2 agree with the summary table.",
        ERROR,
        "text",
    ),
    Check(
        "text-change",
        "文中所述“较上年增加/减少 X 万元，增长/下降 Y%”中金额与百分比相互吻合。",
        "Where the text states a change from last year both as an amount and as a percentage, the two agree.",
        WARNING,
        "text",
    ),
    Check(
        "text-spending",
        "第三部分所述预算总额、人员支出、公用支出、对个人和家庭的补助、项目支出与表格一致。",
        "Part 3's total, personnel, public (running) costs, subsidies to individuals and families, and "
        "project expenditure agree with the tables.",
        ERROR,
        "text",
    ),
    Check(
        "text-projects",
        "第三部分所列各项目金额与项目支出总表一致。",
        "The amount of each project listed in part 3 agrees with the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-procurement",
        "第四部分所述政府采购总额及货物、工程、服务类金额与政府采购表（或支出总表）一致。",
        "Part 4's procurement total and its goods, works and services agree with the procurement table "
        "(or the expenditure summary).",
        ERROR,
        "text",
    ),
    Check(
        "text-three-public",
        "第五部分所述“三公”经费及其增减与“三公”经费支出表一致。",
        'Part 5\'s "three public expenses" and their changes agree with the table.',
        ERROR,
        "text",
    ),
    Check(
        "text-performance",
        "第六部分所述纳入绩效管理的项目资金及项目个数与项目支出总表一致。",
        "Part 6's project funds under performance management and the number of projects agree with "
        "the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-key-projects",
        "第七部分重点项目的预算数与项目支出总表一致。",
        "The amounts of the key projects in part 7 agree with the project expenditure table.",
        ERROR,
        "text",
    ),
    Check(
        "text-sum",
        "文中列出的分项金额相加等于所述总额（第三、四、五部分）。",
        "Parts stated in the text add up to the whole they are stated as (parts 3, 4 and 5).",
        ERROR,
        "text",
    ),
    Check(
        "text-staff",
        "第一部分所述实有在编人数不超过编制数。",
        "The staff in post stated in part 1 do not exceed the authorised posts.",
        WARNING,
        "text",
    ),
)
BY_ID: dict[str, Check] = {c.id: c for c in CHECKS}

SEVERITY_NAMES: dict[str, tuple[str, str]] = {
    ERROR: ("不一致", "Inconsistent"),
    WARNING: ("存疑", "Doubtful"),
    ROUNDING: ("尾数误差", "Rounding"),
    INFO: ("说明", "Explained"),
}
