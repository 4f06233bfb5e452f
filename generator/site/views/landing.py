"""What the site holds, said on the landing page from the budgets themselves: departmental
budgets, of which city and districts, for which years ('2024 年深圳市部门预算 5 份：福田区、罗湖区和
市本级' / '5 departmental budgets of Shenzhen for 2024: City level, Futian District and Luohu
District')."""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel.lists import format_list

from ...model import Budget
from ..collate import pinyin, sort_key
from ..context import SiteContext
from ..format import LOCALES

_CITY = re.compile(r"^(?:中共)?(\w{2,3}?市)")  # 深圳市…, 中共深圳市…: the city a department is of


def city(b: Budget) -> str:
    """The city ``b``'s department is of, as its name (or its parent's) says: '深圳市', or ''."""
    for name in (b.meta.department, b.meta.parent_department):
        m = _CITY.match(name or "")
        if m:
            return m.group(1)
    return ""


def city_en(zh: str, budgets: Iterable[Budget]) -> str:
    """The English name of the city ``zh`` as the budgets' English names write it: the city's
    pinyin ('Shenzhen') when one of them has it as a word, else ''."""
    name = "".join(pinyin(zh.removesuffix("市"), tones=False)).capitalize()
    words = re.compile(rf"\b{re.escape(name)}\b")
    names = (n for b in budgets for n in (b.meta.department_en, b.meta.parent_department_en))
    return name if any(words.search(n or "") for n in names) else ""


def years(budgets: Iterable[Budget], lang: str) -> str:
    """The budgets' years: '2024', '2022–2024' for a run of three or more, else listed."""
    ys = sorted({b.meta.year for b in budgets})
    if len(ys) >= 3 and ys[-1] - ys[0] == len(ys) - 1:
        return f"{ys[0]}–{ys[-1]}"
    return format_list([str(y) for y in ys], locale=LOCALES[lang])


def coverage(ctx: SiteContext, budgets: list[Budget], lang: str) -> str:
    """The landing page's sentence in ``lang``: how many departmental budgets, where, which
    years ('' for none)."""
    if not budgets:
        return ""
    cities = sorted({c for c in map(city, budgets) if c}, key=lambda c: sort_key(c, "zh"))
    if lang == "en":
        cities = [en for en in (city_en(c, budgets) for c in cities) if en]
    districts = {(b.meta.district, b.meta.district_en) for b in budgets if b.meta.district}
    names = [zh if lang == "zh" or not en else en for zh, en in districts]
    names.sort(key=lambda d: sort_key(d, lang))
    where = format_list(cities, locale=LOCALES[lang]) if cities else ""
    kw = {"years": years(budgets, lang), "districts": format_list(names, locale=LOCALES[lang])}
    n = len(budgets)
    if where and names:
        return ctx.nt(
            "%(years)s 年%(where)s部门预算 %(num)s 份：%(districts)s。",
            "%(years)s 年%(where)s部门预算 %(num)s 份：%(districts)s。",
            n,
            lang,
            where=where,
            **kw,
        )
    return ctx.nt("%(years)s 年部门预算 %(num)s 份。", "%(years)s 年部门预算 %(num)s 份。", n, lang, **kw)
