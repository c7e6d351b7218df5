"""Plausibility warnings of a filled table before it is applied: figures that pass every check
of the reader but look like a careless update (old figures left in, shares of another period,
a quote of another figure, indicators silently dropped). Warnings, not errors: the clerk may
apply after confirming. Each names the indicator and shows the figure
(:class:`~model.messages.Problem` with a ``warn_*`` key).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from model.data import Dataset, Indicator
from model.fmt import plain
from model.messages import Problem
from model.period import share_band, words
from model.projection import amount_target

#: Year-to-date progress against the target is "far" from the elapsed share of the year when
#: their ratio lies outside this range (the shipped H1 data: 0.47–1.18).
PROGRESS_RATIO = (0.4, 2.5)
_NUM = re.compile(r"[0-9][0-9,，]*(?:\.[0-9]+)?")


_num = plain  # a figure as a person reads it: up to 4 decimals, no trailing zeros


def _shown(ytd: tuple[str, float] | None) -> str:
    """A year-to-date figure as shown in a warning: a growth with its % sign."""
    if ytd is None:  # not asked for: a warning names only indicators with a figure
        return ""
    return _num(ytd[1]) + ("%" if ytd[0].endswith("_pct") else "")


def _who(ind: Indicator) -> dict[str, str]:
    return {"id": ind.id, "name": ind.name_zh, "name_en": ind.name_en}


def _uploaded(ind: Indicator, name: str) -> bool:
    fig = ind.figures.get(name)
    return fig is not None and fig.uploaded


def _ytd(ind: Indicator) -> tuple[str, float] | None:
    """The indicator's year-to-date figure: its value, else its growth (name, value)."""
    for name in ("h1_value", "h1_growth_pct"):
        v = ind.figure(name)
        if v is not None:
            return name, v
    return None


#: Dates and periods in a source (2021年, 9月, 30日, 1-9月, 前三季度 has none): not figures.
_DATE = re.compile(
    r"[0-9]{4}\s*年|[0-9]{1,2}\s*[-－—~～至到]\s*[0-9]{1,2}\s*月|[0-9]{1,2}\s*[月日号]"
)


def quote_numbers(quote: str) -> list[float]:
    """The numbers written in ``quote`` (thousands separators dropped), leaving out dates and
    periods (2021年, 1-9月, 9月, 30日): a source that names its report by date is not a
    quote of another figure."""
    out = []
    for m in _NUM.findall(_DATE.sub(" ", quote)):
        try:
            out.append(float(m.replace(",", "").replace("，", "")))
        except ValueError:
            continue
    return out


def warnings(new: Dataset, old: Dataset, earlier: Iterable[Dataset] = ()) -> list[Problem]:
    """The plausibility warnings of ``new`` (a filled table) against ``old`` (the data in use)
    and ``earlier`` (the stored datasets, the shipped one included):

    - a year-to-date figure identical to the same indicator's figure of a shorter period of
      the same year already stored;
    - a prior-year share outside the period's plausible band (:func:`model.period.share_band`);
    - year-to-date progress against the target whose ratio to the elapsed share of the year is
      outside :data:`PROGRESS_RATIO`;
    - a source quote whose numbers do not include the uploaded value;
    - indicators whose year-to-date figures ``old`` has and ``new`` drops (one warning naming
      them all, last)."""
    m = new.months_elapsed
    shorter = sorted(
        (d for d in earlier if d.year == new.year and d.months_elapsed < m),
        key=lambda d: -d.months_elapsed,
    )
    out: list[Problem] = []
    for ind in new.indicators:
        who = _who(ind)
        found = (
            _same_as_shorter(ind, who, m, shorter),  # 1. the same figure as a shorter period's
            _share_warning(ind, who, m),  # 2. the prior-year share
            _progress_warning(ind, who, m),  # 3. progress against the target
            _quote_warning(ind, who),  # 4. the quote of the figure
        )
        out += [p for p in found if p is not None]
    dropped = _dropped(new, old)  # 5. indicators the table drops
    if dropped is not None:
        out.append(dropped)
    return out


def _same_as_shorter(
    ind: Indicator, who: dict[str, str], m: int, shorter: list[Dataset]
) -> Problem | None:
    """An uploaded year-to-date figure identical to the one of a shorter stored period."""
    ytd = _ytd(ind)
    if ytd is None or not _uploaded(ind, ytd[0]):
        return None
    for d in shorter:
        prev = d.by_id.get(ind.id)
        if prev is not None and prev.figure(ytd[0]) == ytd[1]:
            return Problem(
                "warn_same_as_shorter",
                **who,
                value=_num(ytd[1]),
                months=m,
                period=words(m, "en").ytd,
                shorter_months=d.months_elapsed,
                shorter=words(d.months_elapsed, "en").ytd,
            )  # fmt: skip
    return None


def _share_warning(ind: Indicator, who: dict[str, str], m: int) -> Problem | None:
    """A prior-year share outside the period's plausible band."""
    lo, hi = share_band(m)
    a = ind.assumptions.get("h1_share")
    share = None if a is None else a.default
    if share is None or lo <= share <= hi:
        return None
    return Problem(
        "warn_share_band",
        **who,
        value=_num(share),
        low=_num(lo),
        high=_num(hi),
        months=m,
        period=words(m, "en").ytd,
    )  # fmt: skip


def _progress_warning(ind: Indicator, who: dict[str, str], m: int) -> Problem | None:
    """Progress against the target (the figure or the target given by the table) far from
    the elapsed share of the year."""
    value = ind.figure("h1_value")
    target = amount_target(ind) if ind.kind == "amount" else ind.figure("target_value")
    if (
        value is None
        or not target
        or not any(_uploaded(ind, f) for f in ("h1_value", "target_value", "target_increase"))
    ):
        return None
    progress = value / target * 100
    elapsed = m / 12 * 100
    if PROGRESS_RATIO[0] <= progress / elapsed <= PROGRESS_RATIO[1]:
        return None
    return Problem(
        "warn_progress",
        **who,
        value=_num(value),
        target=_num(target),
        progress=f"{progress:.1f}",
        elapsed=f"{elapsed:.1f}",
        months=m,
        period=words(m, "en").ytd,
    )


def _quote_warning(ind: Indicator, who: dict[str, str]) -> Problem | None:
    """An uploaded figure whose source quote names numbers, none of them the figure."""
    ytd = _ytd(ind)
    if ytd is None or not _uploaded(ind, ytd[0]):
        return None
    numbers = quote_numbers(ind.figures[ytd[0]].quote)
    if not numbers or any(abs(n - abs(ytd[1])) < 1e-9 for n in numbers):
        return None
    return Problem(
        "warn_quote",
        **who,
        value=_num(ytd[1]),
        numbers=", ".join(_num(n) for n in numbers[:6]),
    )  # fmt: skip


def _dropped(new: Dataset, old: Dataset) -> Problem | None:
    """One warning naming every indicator whose year-to-date figures ``old`` has and ``new``
    drops."""
    dropped = [
        ind
        for ind in old.indicators
        if _ytd(ind) is not None and ind.id in new.by_id and _ytd(new.by_id[ind.id]) is None
    ]
    if not dropped:
        return None
    return Problem(
        "warn_dropped",
        n=len(dropped),
        names="、".join(f"{i.name_zh}（{i.id}，{_shown(_ytd(i))}）" for i in dropped),
        names_en=", ".join(f"{i.name_en} ({i.id}, {_shown(_ytd(i))})" for i in dropped),
    )


# --- unit mistakes: errors, not warnings ----------------------------------------------------
#: A year-to-date level this many times its full-year target is a unit mistake (refused).
SCALE_TARGET = 10.0
#: … or this many times the same indicator's stored figure of an earlier period of the year.
SCALE_EARLIER = 100.0
#: A unit and the unit ten thousand times smaller a clerk may have typed in instead (70.12
#: 亿元 typed as 701200 万元): the likely fix divides by 10,000.
TYPED_IN: dict[str, str] = {
    "亿元": "万元",
    "万元": "元",
    "万平方米": "平方米",
    "万人": "人",
    "万亩": "亩",
}


def scale_fix(value: float, unit: str) -> dict[str, str]:
    """The likely fix of a figure typed in the unit ten thousand times smaller (``typed``, the
    unit it looks typed in; ``fix``, the figure in the column's unit), or {} when the unit has
    no such smaller unit."""
    typed = TYPED_IN.get(unit)
    if typed is None:
        return {}
    return {"typed": typed, "fix": plain(round(value / 10_000, 4))}
