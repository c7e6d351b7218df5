"""The period a dataset covers as a person reads it ("2021年前三季度（1—9月）" / "2021 Q1–Q3
(Jan–Sep)"): the catalogue's ``[period]`` words (:func:`model.period.words`) said in a
language."""

from __future__ import annotations

from model.catalogue import entries
from model.period import words


def as_of(year: int, months: int, lang: str = "zh") -> str:
    """数据截至 text: "2021年前三季度（1—9月）" / "2021 Q1–Q3 (Jan–Sep)"."""
    w = words(months, lang)
    key = "period_as_of" if w.ytd == w.through else "period_as_of_through"
    return entries(lang)[key].format(year=year, ytd=w.ytd, through=w.through)
