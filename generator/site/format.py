"""Numbers on the pages: the one place they are formatted.

Both languages group thousands with "," and mark decimals with "." (as Babel's zh and en
locales do); Decimal's own formatting is exact and much faster on big tables, Babel writes
what it alone knows (grouping of a rounded figure, per cent signs).
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal

from ..checks import COUNT, PERCENT
from ..model import Value
from ..package import format_value

LOCALES = {"zh": "zh_Hans_CN", "en": "en_US"}


def exact(value: Value) -> str:
    """A value's digits exactly as printed ('5574.90'), '' for none: sort keys, data values."""
    return format_value(value)


def signed(text: str, value: Decimal | None) -> str:
    """``text`` with a plus sign when ``value`` is positive (a change, a difference)."""
    return f"+{text}" if value is not None and value > 0 else text


def amount(value: Value, lang: str) -> str:
    """An amount in 万元 as the language writes it, always with two decimals ('5,574.90');
    empty for a missing value."""
    if value is None or value == "":
        return ""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    return f"{d:,.2f}"


def share(value: Decimal, lang: str) -> str:
    """A share as a percentage with one decimal ('15.8%')."""
    return f"{value * 100:,.1f}%"


def amount_and_share(value: Decimal, part: Decimal, lang: str) -> str:
    """'1,793.34 (15.8%)': a chart's bar, a compare table's cell."""
    return f"{amount(value, lang)} ({share(part, lang)})"


def headline(value: Value, lang: str) -> str:
    """A key figure for a reader: '5,574.90 万元' in Chinese, 'CNY 55.75 million' in English."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if lang == "zh":
        return f"{amount(d, lang)} 万元"
    # 1 万元 = 10,000 yuan, so millions of yuan = 万元 / 100; under a million, in yuan.
    if abs(d) < 100:
        return f"CNY {format_decimal(d * 10000, format='#,##0', locale=LOCALES[lang])}"
    return f"CNY {format_decimal(d / 100, format='#,##0.00', locale=LOCALES[lang])} million"


def percent(value: Decimal, lang: str) -> str:
    """A percentage as the text states it ('5.8%', up to three decimals)."""
    return format_decimal(value, format="#,##0.0##", locale=LOCALES[lang]) + "%"


def count(value: int) -> str:
    """A count of people or posts ('1,234')."""
    return f"{value:,}"


def figure(value: Decimal | None, unit: str, lang: str, *, plus: bool = False) -> str:
    """A finding's figure: an amount as the tables show it, a percentage, a count."""
    if value is None:
        return ""
    if unit == PERCENT:
        text = format_decimal(value, format="#,##0.###", locale=LOCALES[lang]) + "%"
    elif unit == COUNT:
        text = format_decimal(value, format="#,##0", locale=LOCALES[lang])
    else:
        text = amount(value, lang)
    return signed(text, value) if plus else text
