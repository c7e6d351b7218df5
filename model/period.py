"""Period words: the year to date (YTD) over ``m`` elapsed months and the rest of the year,
as the district says them (issue 11).

====  ==============  ================  ==========  ==========
m     YTD (zh)        rest (zh)         YTD (en)    rest (en)
====  ==============  ================  ==========  ==========
3     一季度          后三季度          Q1          Q2–Q4
6     上半年          下半年            H1          H2
9     前三季度        四季度            Q1–Q3       Q4
else  1—m月           剩余月份          Jan–Mon     Mon–Dec
====  ==============  ================  ==========  ==========

The words are the catalogue's ``[period]`` table (``data/locale/``). The UI's strings are
written for the mid-year meeting (上半年 / 下半年, H1 / H2);
:func:`periodize` rewrites them for another period, so one dictionary serves every meeting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from model.catalogue import entries

#: The months the default strings are written for (H1).
DEFAULT_MONTHS = 6
#: The months of a year-end table (period ``FY``): the year's outcome.
YEAR_MONTHS = 12


@dataclass(frozen=True)
class PeriodWords:
    """The words of one period in one language."""

    ytd: str  # 上半年 / H1
    rest: str  # 下半年 / H2
    through: str  # 1—6月 / Jan–Jun: the months the figures cover


def check_months(months: int) -> int:
    """``months`` if it is a whole number of elapsed months from 1 to 11, else ``ValueError``."""
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 11:
        raise ValueError(f"months elapsed must be a whole number from 1 to 11, not {months!r}")
    return months


def words(months: int, lang: str = "zh") -> PeriodWords:
    """The YTD and rest-of-year words for ``months`` elapsed (table in the module docstring),
    from the catalogue's ``[period]`` table."""
    said = entries(lang)
    names = said["period_months"].split()
    if months == YEAR_MONTHS and not isinstance(months, bool):  # the year-end review's table
        whole = said["period_ytd_12"]
        return PeriodWords(whole, whole, said["period_through"].format(month=names[11]))
    m = check_months(months)
    through = (
        said["period_through_1"] if m == 1 else said["period_through"].format(month=names[m - 1])
    )
    if m in (3, 6, 9):
        return PeriodWords(said[f"period_ytd_{m}"], said[f"period_rest_{m}"], through)
    rest = said["period_rest"].format(month=names[m]) if m < 11 else said["period_rest_11"]
    return PeriodWords(through, rest, through)


#: The words the catalogue writes for the mid-year meeting, per language, as whole words…
_H1_WORDS = {
    "zh": re.compile("上下半年|上半年|下半年|年中"),
    "en": re.compile(r"\bH1[–-]H2\b|\bH1\b|\bH2\b|\bmid-year\b"),
}
#: … and what each becomes (any other: the year-to-date word): the rest of the year, or both.
_ROLE = {"上下半年": "both", "下半年": "rest", "H1–H2": "both", "H1-H2": "both", "H2": "rest"}


def periodize(text: str, months: int, lang: str = "zh") -> str:
    """``text`` (written for H1: 上半年/下半年, H1/H2) with the words of ``months`` elapsed:
    上半年 → YTD word, 下半年 → rest word, 上下半年 → both, 年中 (the meeting) → YTD word
    (H1/H2/H1–H2/mid-year likewise in English), whole words only. Identity at 6."""
    if months == DEFAULT_MONTHS:
        return text
    w = words(months, lang)
    # each match is a whole word, replaced by the period's word (上下半年, "the two halves", by
    # both: never a character run inside a longer word — 上下半年 is not 上 + 下半年)
    said = {
        "ytd": w.ytd,
        "rest": w.rest,
        "both": entries(lang)["period_both"].format(ytd=w.ytd, rest=w.rest),
    }
    return _H1_WORDS[lang].sub(lambda m: said[_ROLE.get(m.group(0), "ytd")], text)


def months_of(code: str) -> int | None:
    """The months elapsed of a period code (``Q1`` 3, ``H1`` 6, ``Q3`` 9, ``M8`` 8, ``FY``
    12); None if ``code`` is not one."""
    named = {"Q1": 3, "H1": 6, "Q3": 9, "FY": YEAR_MONTHS}
    if code in named:
        return named[code]
    if code.startswith("M") and code[1:].isdigit() and 1 <= int(code[1:]) <= 11:
        return int(code[1:])
    return None


def share_band(months: int) -> tuple[float, float]:
    """The usual range of the prior year's same-period share of its full year (%), for the
    sensitivity chart: from 10 points below the calendar share m/12 up to it (H1: 40–50%;
    Q1–Q3: 65–75%), as activity weighs on the later months."""
    m = YEAR_MONTHS if months == YEAR_MONTHS else check_months(months)  # FY: the whole year
    cal = 100.0 * m / 12.0
    return max(1.0, cal - 10.0), min(99.0, cal)


def share_grid(months: int) -> list[float]:
    """The shares (%) the sensitivity chart is drawn at: the band widened by 5 points below
    and 10 above, in steps of 2.5 (H1: 35, 37.5, …, 60), within 1–99%."""
    lo, hi = share_band(months)
    out: list[float] = []
    x = lo - 5.0
    while x <= hi + 10.0 + 1e-9:
        if 1.0 <= x <= 99.0:
            out.append(round(x, 6))
        x += 2.5
    return out
