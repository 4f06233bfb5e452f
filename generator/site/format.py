"""Numbers on the pages: the one place they are formatted.

Both languages group thousands with "," and mark decimals with "." (as Babel's zh and en
locales do); Decimal's own formatting is exact and much faster on big tables, Babel writes
what it alone knows (grouping of a rounded figure, per cent signs).

Amounts in English: tables keep the printed unit (万元, two decimals, as printed); everywhere
else an amount is written in yuan, whole and grouped: 'CNY 8,137,500'.  That is exact (1 万元
is 10,000 yuan, and the documents print 万元 to two decimals) and reads at a glance, where
'CNY 8.1375 million' was exact but unreadable and 'CNY 8.14 million' readable but not the
printed figure.  The catalog's translations may write an amount in millions or billions
(i18n.check_translation accepts both when exact): ``english`` rewrites them in this form.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

from ..checks import COUNT, PERCENT
from ..chinese import numeral
from ..model import Value, format_value

LOCALES = {"zh": "zh_Hans_CN", "en": "en_US"}


def ordinal(n: int, lang: str) -> str:
    """A part's number as the page writes it: 第三部分 in Chinese numerals, Part 3 in digits."""
    return numeral(n) if lang == "zh" else str(n)


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


def yuan(value: Decimal) -> str:
    """An amount in yuan as the English pages write it: 'CNY 8,137,500' (fen only when there
    are any: 'CNY 1,234.50')."""
    if value == value.to_integral_value():
        return f"CNY {value:,.0f}"
    return f"CNY {value:,.2f}"


def headline(value: Value, lang: str) -> str:
    """A key figure for a reader: '5,574.90 万元' in Chinese, 'CNY 55,749,000' in English."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value))
    if lang == "zh":
        return f"{amount(d, lang)} 万元"
    return yuan(d * 10000)


_EN_AMOUNT = re.compile(r"\bCNY\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(million|billion)\b)?")
_SCALE = {None: 1, "million": 10**6, "billion": 10**9}


def _en_amount(m: re.Match[str]) -> str:
    try:
        value = Decimal(m.group(1).replace(",", "")) * _SCALE[m.group(2)]
    except InvalidOperation:
        return m.group(0)
    return yuan(value) if value == value.quantize(Decimal("0.01")) else m.group(0)


# Full-width punctuation and the space it stands for in English: a space after a stop, comma
# or colon, before an opening bracket.
_FULL_WIDTH = {"，": ",", "；": ";", "：": ":", "。": ".", "！": "!", "？": "?", "、": ",", "（": "(", "）": ")"}
_FULL_WIDTH_RUN = re.compile("[" + "".join(_FULL_WIDTH) + "\u3000\uff01-\uff5e]")


def _half_width(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch not in _FULL_WIDTH:
        return unicodedata.normalize("NFKC", ch)  # ％ → %, full-width letters and digits, the ideographic space
    ascii_ = _FULL_WIDTH[ch]
    text, end = m.string, m.end()
    if ascii_ == "(":
        return ("" if m.start() == 0 or text[m.start() - 1].isspace() else " ") + ascii_
    follows = end < len(text) and not text[end].isspace() and text[end] not in ")）,，.。;；:："
    return ascii_ + (" " if follows else "")


def english(text: str) -> str:
    """Text for an English page: full-width punctuation as English writes it ('100%；100%' →
    '100%; 100%') and amounts in yuan ('CNY 8.1375 million' → 'CNY 8,137,500')."""
    return _EN_AMOUNT.sub(_en_amount, _FULL_WIDTH_RUN.sub(_half_width, text))


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
